"""The site's one public address (SITE_URL): every absolute link names it, never the request's Host header.

A mail, a feed, the sitemap or a canonical link built from the Host header would let anyone who sends
`Host: attacker.example` make the site hand out links to another site (a password reset link, for one).
So SERVER_NAME and PREFERRED_URL_SCHEME come from SITE_URL, every `url_for(..., _external=True)` uses
them (the scheme too: behind a reverse proxy the request arrives as plain http), and TRUSTED_HOSTS refuses
with a 400 any request whose Host is not the site's.
"""

from urllib.parse import quote, urlsplit

from flask import Flask, current_app, has_request_context, request
from flask.globals import request_ctx

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class SiteFlask(Flask):
    def url_for(
        self,
        /,
        endpoint: str,
        *,
        _anchor: str | None = None,
        _method: str | None = None,
        _scheme: str | None = None,
        _external: bool | None = None,
        **values,
    ) -> str:
        # The host is SERVER_NAME (from SITE_URL) inside and outside requests; the scheme must be SITE_URL's too.
        if _external and _scheme is None:
            _scheme = self.config["PREFERRED_URL_SCHEME"]
        if has_request_context() and request_ctx.url_adapter is None:
            # The request's Host was refused (the 400 is on its way): the error page still links to the site.
            request_ctx.url_adapter = self.create_url_adapter(None)
        return super().url_for(
            endpoint, _anchor=_anchor, _method=_method, _scheme=_scheme, _external=_external, **values
        )


class SiteUrlError(RuntimeError):
    pass


def parse_site_url(value: str | None) -> tuple[str, str]:
    """(scheme, host[:port]) of a site address such as https://metiers-autonomie-orne.fr."""
    parts = urlsplit((value or "").strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SiteUrlError(
            f"SITE_URL must be the site's address, such as https://metiers-autonomie-orne.fr (got {value!r})."
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username or parts.password:
        raise SiteUrlError(f"SITE_URL must be scheme://host[:port] only, without path or query (got {value!r}).")
    return parts.scheme, parts.netloc.lower()


def configure(app: Flask) -> None:
    """Derive SERVER_NAME, PREFERRED_URL_SCHEME and TRUSTED_HOSTS from SITE_URL (in load_config)."""
    scheme, netloc = parse_site_url(app.config["SITE_URL"])
    app.config["SITE_URL"] = f"{scheme}://{netloc}"
    app.config["SERVER_NAME"] = netloc
    app.config["PREFERRED_URL_SCHEME"] = scheme
    extra = app.config.get("TRUSTED_HOSTS") or []
    if isinstance(extra, str):  # PORTAL_TRUSTED_HOSTS=www.example.fr,old.example.fr
        extra = extra.split(",")
    hosts = [host.strip().lower() for host in extra if host.strip()]
    hosts.append(urlsplit(app.config["SITE_URL"]).hostname)
    if app.config["ENV"] == "development" or app.testing:
        # A developer's browser and the test client say localhost or 127.0.0.1, whatever SITE_URL says.
        hosts += ["localhost", "127.0.0.1"]
    app.config["TRUSTED_HOSTS"] = list(dict.fromkeys(hosts))


def check(app: Flask, production: bool) -> None:
    """Outside development, the real address must be set: the default one (127.0.0.1) makes every mailed link dead."""
    if production and urlsplit(app.config["SITE_URL"]).hostname in LOOPBACK:
        raise SiteUrlError(
            "Refusing to start in production without SITE_URL: set PORTAL_SITE_URL (for instance "
            "https://metiers-autonomie-orne.fr) or SITE_URL in instance/config.py; every link in mails, feeds "
            "and the sitemap is built from it."
        )


def canonical_url() -> str:
    """This page's address on the site (without its query string), for <link rel="canonical"> and og:url."""
    path = quote(request.script_root + request.path, safe="/:@!$&'()*+,;=~")
    return current_app.config["SITE_URL"] + path


def site_host() -> str:
    return urlsplit(current_app.config["SITE_URL"]).netloc
