import re

from portal.structures.models import StructureStatus
from tests.conftest import outbox, page


def contact_form(**overrides) -> dict:
    data = {
        "name": "Léa Durand",
        "email": "lea@exemple.fr",
        "subject": "candidat",
        "message": "Bonjour, je voudrais découvrir le métier d'aide-soignante.",
        "consent": "y",
        "website": "",
    }
    data.update(overrides)
    return data


def test_a_contact_message_reaches_the_association_and_a_copy_the_sender(client, app):
    response = client.post("/contact", data=contact_form(), follow_redirects=True)
    assert "Merci, votre message est envoyé" in page(response)
    to_association = outbox(app.config["ASSOCIATION_EMAIL"])
    assert len(to_association) == 1
    assert "découvrir le métier d'aide-soignante" in to_association[0].body_text
    assert to_association[0].headers == {"Reply-To": "lea@exemple.fr"}
    copy = outbox("lea@exemple.fr")
    assert [m.subject for m in copy] == ["Nous avons bien reçu votre message"]
    # The copy repeats nothing typed in the form: it cannot carry someone's text to a stranger's address.
    assert "aide-soignante" not in copy[0].body_text and "Léa" not in copy[0].body_text


def test_a_nul_character_typed_in_a_form_is_dropped_so_that_any_database_stores_the_message(client, app):
    typed = contact_form()
    typed["name"], typed["message"] = "Léa\x00 Martin", typed["message"] + "\x00 merci"
    response = client.post("/contact", data=typed, follow_redirects=True)
    assert response.status_code == 200 and "Merci, votre message est envoyé" in page(response)
    [message] = outbox(app.config["ASSOCIATION_EMAIL"])
    assert "\x00" not in message.body_text and "Léa Martin" in message.body_text and "merci" in message.body_text


def test_the_contact_form_without_consent_is_refused_and_keeps_the_message(client, app):
    data = contact_form()
    del data["consent"]
    response = client.post("/contact", data=data)
    html = page(response)
    assert response.status_code == 422
    assert "Nous avons besoin de votre accord pour vous répondre." in html
    assert "découvrir le métier d'aide-soignante" in html
    assert outbox() == []


def test_a_line_break_in_the_name_cannot_add_mail_headers(client, app):
    client.post("/contact", data=contact_form(name="Léa\r\nBcc: pirate@exemple.fr"))
    message = outbox(app.config["ASSOCIATION_EMAIL"])[0]
    assert "\n" not in message.subject and "\r" not in message.subject


def test_a_malformed_email_or_empty_message_is_refused(client):
    response = client.post("/contact", data=contact_form(email="lea@", message=""))
    html = page(response)
    assert "n'est pas valide" in html and "Ce champ est obligatoire." in html


def test_a_robot_filling_the_hidden_field_gets_the_same_answer_and_sends_nothing(client):
    response = client.post("/contact", data=contact_form(website="https://spam.example"), follow_redirects=True)
    assert "Merci, votre message est envoyé" in page(response)
    assert outbox() == []


def test_the_same_message_sent_twice_is_delivered_once(client, app):
    client.post("/contact", data=contact_form())
    client.post("/contact", data=contact_form())
    assert len(outbox(app.config["ASSOCIATION_EMAIL"])) == 1


def test_the_contact_form_is_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, CONTACT_RATE_LIMIT="2 per hour")
    client = app.test_client()
    codes = [
        client.post("/contact", data=contact_form(message=f"Message numéro {n} assez long")).status_code
        for n in range(3)
    ]
    assert codes == [302, 302, 429]


def test_the_sitemap_lists_every_public_page_and_no_private_one(client, make):
    approved = make.structure(name="EHPAD Les Lilas")
    pending = make.structure(status=StructureStatus.PENDING, name="En attente")
    response = client.get("/sitemap.xml")
    assert response.mimetype == "application/xml"
    locations = re.findall(r"<loc>([^<]+)</loc>", response.get_data(as_text=True))
    paths = {re.sub(r"^https?://[^/]+", "", loc) for loc in locations}
    for path in [
        "/",
        "/le-projet",
        "/metiers/",
        "/structures/",
        "/contact",
        "/mentions-legales",
        "/confidentialite",
        "/accessibilite",
        "/metiers/aide-soignant",
        f"/structures/{approved.slug}",
    ]:
        assert path in paths, path
    assert f"/structures/{pending.slug}" not in paths
    assert not any(p.startswith(("/compte", "/admin")) for p in paths)
    for path in paths:
        assert client.get(path).status_code == 200, path


def test_robots_keeps_private_areas_out_and_points_to_the_sitemap(client):
    text = client.get("/robots.txt").get_data(as_text=True)
    for line in ["Disallow: /compte/", "Disallow: /admin/", "Disallow: /cvtheque/"]:
        assert line in text
    assert re.search(r"^Sitemap: https?://.+/sitemap\.xml$", text, re.M)


def test_pages_have_a_title_a_description_and_opengraph_tags(client):
    html = client.get("/metiers/aide-soignant").get_data(as_text=True)
    assert re.search(r"<title>Aide-soignant[^<]* — Métiers de l&#39;autonomie dans l&#39;Orne</title>", html)
    assert re.search(r'<meta name="description" content="[^"]{40,}">', html)
    for prop in ["og:title", "og:description", "og:url", "og:image", "og:locale"]:
        assert f'property="{prop}"' in html, prop
    assert 'property="og:type" content="article"' in html


def test_slugs_are_clean_french_addresses(client):
    html = client.get("/metiers/").get_data(as_text=True)
    slugs = re.findall(r'href="/metiers/([^"/?]+)"', html)
    assert slugs and all(re.fullmatch(r"[a-z0-9-]+", slug) for slug in slugs)


def test_the_project_page_tells_the_story_and_the_figures(client):
    html = page(client.get("/le-projet"))
    for fact in [
        "105 établissements",
        "85 %",
        "50 %",
        "74 %",
        "CNSA",
        "20 projets",
        "60",
        "Flers-Argentan",
        "Alençon",
        "L'Aigle-Mortagne",
        "RQTH",
        "RSA",
        "Mission locale",
    ]:
        assert fact in html, fact


def test_the_home_page_shows_the_metiers_figures_and_empty_states(client, make):
    make.structure()
    html = page(client.get("/"))
    assert "Pas encore d'offre publiée" in html
    assert "employeur adhérent" in html
    assert "Aide-soignant" in html
