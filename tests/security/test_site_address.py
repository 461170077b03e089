"""Every absolute link names the configured site (SITE_URL), never the Host header a request came with."""

import re

import pytest

from portal import create_app
from portal.extensions import db
from tests.conftest import links_in, outbox, page, text_part
from tests.helpers import make_event, publish

SITE = "https://metiers-autonomie-orne.fr"
FORGED = {"Host": "attacker.example"}
# Addresses that name a standard, not a page: they are not links of the site.
STANDARDS = ("http://www.w3.org/", "http://www.sitemaps.org/", "https://schema.org")


@pytest.fixture
def app(make_app):
    """The site configured with its real address; the tests reach it as localhost or 127.0.0.1 too."""
    app = make_app(SITE_URL=SITE)
    with app.app_context():
        yield app
        db.session.remove()


def absolute_links(text: str) -> list[str]:
    text = text.replace("\r\n ", "")  # iCalendar folds long lines
    return [link for link in re.findall(r"https?://[^\s\"'<>]+", text) if not link.startswith(STANDARDS)]


def assert_links_name_the_site(text: str) -> None:
    """Links to the site name SITE_URL; none names the host the request came to (other sites' links may stay)."""
    links = absolute_links(text)
    assert any(link.startswith(f"{SITE}/") for link in links), links
    assert not [link for link in links if re.match(r"https?://(localhost|127\.0\.0\.1|attacker)", link)], links


# --- forged Host header ----------------------------------------------------------------------------


def test_a_forged_host_gets_a_400_and_no_reset_link_is_mailed(client, make):
    user = make.candidate()
    response = client.post("/compte/mot-de-passe-oublie", data={"email": user.email}, headers=FORGED)
    assert response.status_code == 400
    assert "Requête incorrecte" in page(response) and "attacker.example" not in page(response)
    assert outbox(user.email) == []


@pytest.mark.parametrize(
    "url", ["/", "/sitemap.xml", "/robots.txt", "/offres/flux.atom", "/evenements/agenda.ics", "/compte/connexion"]
)
def test_a_forged_host_is_refused_on_every_page(client, url):
    response = client.get(url, headers=FORGED)
    assert response.status_code == 400
    assert "attacker.example" not in response.get_data(as_text=True)


def test_a_forged_forwarded_host_is_ignored(client, make):
    user = make.candidate()
    client.post(
        "/compte/mot-de-passe-oublie",
        data={"email": user.email},
        headers={"X-Forwarded-Host": "attacker.example", "X-Forwarded-Proto": "http"},
    )
    [link] = [link for link in links_in(outbox(user.email)[-1].body_text) if "nouveau-mot-de-passe" in link]
    assert link.startswith(f"{SITE}/compte/nouveau-mot-de-passe/")


# --- links built from SITE_URL, whatever host or scheme the request used -----------------------------


def test_the_mailed_reset_link_names_the_configured_site(client, make, runner, smtp_server):
    user = make.candidate()
    client.post("/compte/mot-de-passe-oublie", data={"email": user.email}, base_url="http://localhost")
    runner.invoke(args=["mail", "send"])
    [mail] = smtp_server.to(user.email)
    [link] = [link for link in links_in(text_part(mail)) if "nouveau-mot-de-passe" in link]
    assert link.startswith(f"{SITE}/compte/nouveau-mot-de-passe/")
    assert_links_name_the_site(mail.get_body(preferencelist=("html",)).get_content())


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap.xml",
        "/robots.txt",
        "/offres/flux.atom",
        "/evenements/agenda.ics",
        "/",
        "/metiers/aide-soignant",
        "/accessibilite",
    ],
)
def test_feeds_sitemap_and_canonical_links_name_the_configured_site(client, make, url):
    offer = publish(make.member(), "Aide-soignant·e de nuit")
    make_event(title="Portes ouvertes")
    body = client.get(url, base_url="http://127.0.0.1:8000").get_data(as_text=True)
    assert_links_name_the_site(body)
    if url == "/offres/flux.atom":
        assert f"<id>{SITE}/offres/{offer.id}" in body
    if url.startswith("/metiers/"):
        assert f'<link rel="canonical" href="{SITE}/metiers/aide-soignant">' in body


def test_an_offer_carries_its_job_posting_address_on_the_site(client, make):
    offer = publish(make.member(), "Aide-soignant·e de nuit")
    body = client.get(f"/offres/{offer.id}", base_url="http://localhost").get_data(as_text=True)
    assert re.search(rf'"url": "{re.escape(SITE)}/offres/{offer.id}', body)


def test_an_event_calendar_file_links_to_the_site(client):
    event = make_event(title="Portes ouvertes")
    body = client.get(f"/evenements/{event.id}.ics", base_url="http://localhost").get_data(as_text=True)
    assert f"URL:{SITE}/evenements/{event.id}-" in body.replace("\r\n ", "")


def test_alert_mails_name_the_configured_site(make, runner, smtp_server):
    from portal.alerts import services as alerts

    lea = make.candidate(email="lea@exemple.fr")
    alerts.create_alert(lea, "offers", {"metier": ["aide-soignant"]}, "daily")
    publish(make.member(), "Aide-soignant·e de nuit")
    runner.invoke(args=["alerts", "run", "--frequency", "daily"])
    runner.invoke(args=["mail", "send"])
    [mail] = smtp_server.to("lea@exemple.fr")
    assert_links_name_the_site(text_part(mail))
    assert mail["List-Unsubscribe"].startswith(f"<{SITE}/alertes/desabonnement/")


# --- configuration ---------------------------------------------------------------------------------


def production(**config):
    return create_app(
        {"ENV": "production", "SECRET_KEY": "a-real-secret", "SQLALCHEMY_DATABASE_URI": "sqlite://", **config}
    )


@pytest.mark.parametrize("site_url", [None, "http://127.0.0.1:5000", "http://localhost:8000"])
def test_production_refuses_to_start_without_the_site_address(monkeypatch, instance_path, site_url):
    monkeypatch.delenv("PORTAL_SITE_URL", raising=False)
    with pytest.raises(RuntimeError, match="PORTAL_SITE_URL"):
        production(**({"SITE_URL": site_url} if site_url else {}))


@pytest.mark.parametrize(
    "site_url",
    [
        "metiers-autonomie-orne.fr",
        "ftp://metiers-autonomie-orne.fr",
        "https://metiers-autonomie-orne.fr/portail",
        "https://",
    ],
)
def test_a_malformed_site_address_is_refused(instance_path, site_url):
    with pytest.raises(RuntimeError, match="SITE_URL must be"):
        production(SITE_URL=site_url)


def test_the_site_address_comes_from_the_environment_and_sets_the_trusted_host(monkeypatch, instance_path):
    monkeypatch.setenv("PORTAL_SITE_URL", "https://Metiers-Autonomie-Orne.fr/")
    app = production()
    assert app.config["SITE_URL"] == SITE
    assert app.config["SERVER_NAME"] == "metiers-autonomie-orne.fr"
    assert app.config["PREFERRED_URL_SCHEME"] == "https"
    assert app.config["TRUSTED_HOSTS"] == ["metiers-autonomie-orne.fr"]
    with app.app_context():
        assert app.url_for("public.sitemap") == f"{SITE}/sitemap.xml"


def test_other_host_names_may_be_accepted_too(monkeypatch, instance_path):
    monkeypatch.setenv("PORTAL_TRUSTED_HOSTS", "www.metiers-autonomie-orne.fr, ancien.example.fr")
    app = production(SITE_URL=SITE)
    assert app.config["TRUSTED_HOSTS"] == [
        "www.metiers-autonomie-orne.fr",
        "ancien.example.fr",
        "metiers-autonomie-orne.fr",
    ]


def test_development_keeps_its_local_address(instance_path):
    app = create_app({"ENV": "development", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SITE_URL"] == "http://127.0.0.1:5000"
    assert {"127.0.0.1", "localhost"} <= set(app.config["TRUSTED_HOSTS"])
