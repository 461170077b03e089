import re

import pytest

from portal import create_app
from tests.conftest import PASSWORD, page


def test_security_headers_are_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_no_page_carries_inline_script(client):
    for url in ["/", "/compte/connexion", "/compte/inscription/candidat", "/compte/inscription/recruteur"]:
        html = client.get(url).get_data(as_text=True)
        assert "<script>" not in html and "onclick=" not in html and "style=" not in html, url


def test_pages_of_a_logged_in_person_are_not_cached(client, make, auth):
    auth.login(make.candidate())
    assert client.get("/compte/").headers["Cache-Control"] == "no-store"


def test_the_session_cookie_is_httponly_and_samesite_lax(client, make, auth):
    auth.login(make.candidate())
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_cookies_are_secure_outside_development(make_app):
    app = make_app(ENV="production")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    dev = create_app({"ENV": "development", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert not dev.config["SESSION_COOKIE_SECURE"]


SITE = "https://metiers-autonomie-orne.fr"


def test_production_refuses_the_default_secret_key(monkeypatch, instance_path):
    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="default SECRET_KEY"):
        create_app({"ENV": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://", "SITE_URL": SITE})
    app = create_app(
        {"ENV": "production", "SECRET_KEY": "a-real-secret", "SQLALCHEMY_DATABASE_URI": "sqlite://", "SITE_URL": SITE}
    )
    assert app.config["SECRET_KEY"] == "a-real-secret"


def test_outside_development_the_site_address_used_in_mails_is_https(instance_path):
    app = create_app(
        {
            "ENV": "production",
            "SECRET_KEY": "a-real-secret",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "SITE_URL": "http://emploi.exemple.fr",
        }
    )
    assert app.config["SITE_URL"] == "https://emploi.exemple.fr"
    dev = create_app(
        {"ENV": "development", "SQLALCHEMY_DATABASE_URI": "sqlite://", "SITE_URL": "http://127.0.0.1:5000"}
    )
    assert dev.config["SITE_URL"] == "http://127.0.0.1:5000"


def test_the_secret_key_can_come_from_the_environment(monkeypatch, instance_path):
    monkeypatch.setenv("PORTAL_SECRET_KEY", "from-the-environment")
    app = create_app({"ENV": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://", "SITE_URL": SITE})
    assert app.config["SECRET_KEY"] == "from-the-environment"


def test_a_form_without_its_csrf_token_is_refused_in_french(make_app, make):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        user = make.candidate()
        client = app.test_client()
        response = client.post("/compte/connexion", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 400
        assert "Le formulaire a expiré ou n'a pas pu être vérifié" in page(response)
        assert client.get("/compte/").status_code == 302  # not logged in


def test_a_form_with_its_csrf_token_goes_through(make_app, make):
    import re

    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        user = make.candidate()
        client = app.test_client()
        token = re.search(
            r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/compte/connexion").get_data(as_text=True)
        ).group(1)
        response = client.post(
            "/compte/connexion", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
        )
        assert response.status_code == 302
        assert client.get("/compte/").status_code == 200


def test_logout_needs_the_csrf_token_too(make_app, make):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        client = app.test_client()
        assert client.post("/compte/deconnexion").status_code == 400


def test_an_oversized_body_gets_a_french_413_page(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1024 * 1024)
    client = app.test_client()
    response = client.post("/compte/inscription/candidat", data={"first_name": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Fichier trop volumineux" in page(response) and "1 Mo" in page(response)


@pytest.mark.parametrize(("url", "code", "title"), [("/nexiste-pas", 404, "Page introuvable")])
def test_error_pages_are_in_french(client, url, code, title):
    response = client.get(url)
    assert response.status_code == code
    assert title in page(response) and 'lang="fr"' in page(response)


def test_a_forbidden_page_is_in_french(client, make, auth):
    auth.login(make.candidate())
    response = client.get("/admin/")
    assert response.status_code == 403 and "Accès refusé" in page(response)


def test_a_server_error_is_in_french_and_hides_the_details(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Erreur du serveur" in page(response) and "secret detail" not in page(response)


def test_login_is_rate_limited_per_address_of_origin(make_app, make):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="5 per minute")
    with app.app_context():
        client = app.test_client()
        codes = [
            client.post(
                "/compte/connexion", data={"email": f"x{n}@exemple.fr", "password": "faux faux faux"}
            ).status_code
            for n in range(6)
        ]
        assert codes[-1] == 429 and codes[:5] == [422] * 5


def test_behind_the_proxy_each_client_has_its_own_login_limit(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute", TRUSTED_PROXY_COUNT=1)
    with app.app_context():
        proxy = app.test_client()  # every request comes from the proxy's own address

        def attempt(client_ip):
            return proxy.post(
                "/compte/connexion",
                data={"email": "x@exemple.fr", "password": "faux faux faux"},
                headers={"X-Forwarded-For": client_ip},
            ).status_code

        assert [attempt("203.0.113.9") for _ in range(3)] == [422, 422, 429]
        assert attempt("198.51.100.7") == 422  # someone else is not slowed down by the first one


def test_without_a_trusted_proxy_a_forwarded_address_changes_nothing(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute")
    with app.app_context():
        client = app.test_client()
        codes = [
            client.post(
                "/compte/connexion",
                data={"email": "x@exemple.fr", "password": "faux faux faux"},
                headers={"X-Forwarded-For": f"192.0.2.{n}"},
            ).status_code
            for n in range(3)
        ]
        assert codes == [422, 422, 429]


# --- numbers read from the address ---------------------------------------------------------------

HOSTILE_NUMBERS = [str(2**63), str(2**64 + 1), "-1", "0", "abc", "1e9", "9" * 5000, "", " 2 "]
PUBLIC_NUMBERS = [
    ("/offres/", "page"),
    ("/offres/", "rayon"),
    ("/evenements/", "page"),
    ("/evenements/passes", "page"),
    ("/structures/", "page"),
    ("/metiers/", "niveau"),
]


@pytest.mark.parametrize(("url", "name"), PUBLIC_NUMBERS)
def test_a_hostile_number_in_the_address_never_gives_a_server_error(client, url, name):
    for value in HOSTILE_NUMBERS:
        response = client.get(url, query_string={name: value}, follow_redirects=True)
        assert response.status_code in (200, 422), (url, name, value[:30])
        assert 'lang="fr"' in page(response)


@pytest.mark.parametrize("name", ["page", "rayon"])
def test_a_hostile_number_in_the_cvtheque_address_never_gives_a_server_error(client, make, auth, name):
    auth.login(make.member())
    for value in HOSTILE_NUMBERS:
        response = client.get("/cvtheque/", query_string={name: value}, follow_redirects=True)
        assert response.status_code in (200, 422), (name, value[:30])


def test_a_page_past_the_last_one_leads_to_the_last_one(client, make):
    for n in range(3):
        make.structure(name=f"Structure {n}")
    response = client.get("/structures/", query_string={"page": str(2**63)})
    assert response.status_code == 302 and response.headers["Location"].endswith("page=1")
    for url in ("/offres/", "/evenements/", "/evenements/passes"):
        response = client.get(url, query_string={"page": str(2**63)})
        assert response.status_code == 302 and "page=1" in response.headers["Location"], url


# --- the Atom feed of offers ---------------------------------------------------------------------

ATOM = {"a": "http://www.w3.org/2005/Atom"}
# No NUL: PostgreSQL cannot store it in a text column, so no offer can hold one.
HOSTILE_TEXTS = [
    "</title></entry><entry><title>Faux",
    "]]>",
    "<![CDATA[x",
    "<script>alert(1)</script>",
    "Tom & Jerry &amp; &#x26; &eacute;",
    "Bip\x07\x1b\x0b\x1f fin",
    "<?xml version='1.0'?>",
    "\ufffe\uffff",
    "\"guillemets\" et 'apostrophes'",
]


def xml_text(text: str) -> str:
    """What XML 1.0 can carry of a text: most C0 control characters and U+FFFE/U+FFFF cannot."""
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)


def test_hostile_offers_cannot_forge_entries_or_break_the_atom_feed(client, make):
    import defusedxml.ElementTree
    import feedparser

    from portal.accounts.models import Role
    from tests.helpers import publish

    structure = make.structure(name="</name></author></entry><entry><title>Forgée & \x0b co")
    member = make.user(Role.EMPLOYER, structure=structure)
    offers = [
        publish(member, f"Poste {n} {text}"[:120], description=f"Annonce {n} : {text} " + "suite " * 20)
        for n, text in enumerate(HOSTILE_TEXTS)
    ]
    response = client.get("/offres/flux.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"

    root = defusedxml.ElementTree.fromstring(response.data)
    entries = root.findall("a:entry", ATOM)
    assert len(entries) == len(offers)
    expected = {f"/offres/{o.id}": o for o in offers}
    for entry in entries:
        offer = expected.pop(entry.find("a:link", ATOM).get("href").removeprefix("http://localhost"))
        assert entry.find("a:title", ATOM).text == xml_text(f"{offer.title} — {structure.name} (Alençon)")
        assert entry.find("a:author/a:name", ATOM).text == xml_text(structure.name)
        assert entry.find("a:summary", ATOM).text.startswith(xml_text(f"CDI — {offer.description[:40]}"))
    assert expected == {}

    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == len(offers)
    assert {e.title for e in parsed.entries} == {xml_text(f"{o.title} — {structure.name} (Alençon)") for o in offers}


def test_the_feed_of_no_offer_is_valid_and_empty(client):
    import defusedxml.ElementTree

    root = defusedxml.ElementTree.fromstring(client.get("/offres/flux.atom").data)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed" and root.findall("a:entry", ATOM) == []
    assert root.find("a:updated", ATOM).text


@pytest.mark.parametrize("url", ["/admin/courriels", "/admin/communes"])
def test_a_hostile_page_number_in_the_admin_lists_never_gives_a_server_error(client, make, auth, url):
    auth.login(make.admin())
    for value in HOSTILE_NUMBERS:
        response = client.get(url, query_string={"page": value}, follow_redirects=True)
        assert response.status_code == 200, (url, value[:30])


@pytest.mark.parametrize(
    "url",
    ["/offres/{}", "/evenements/{}", "/evenements/{}-portes-ouvertes", "/evenements/{}.ics", "/offres/{}/postuler"],
)
def test_a_hostile_number_in_a_path_is_a_page_not_found(client, make, auth, url):
    auth.login(make.candidate())
    for value in [str(2**31), str(2**63), str(2**64 + 1), "9" * 5000]:
        response = client.get(url.format(value))
        assert response.status_code == 404 and "Page introuvable" in page(response), (url, value[:30])
