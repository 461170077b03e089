import sqlalchemy as sa

from portal.accounts.models import User
from portal.extensions import db
from portal.structures.models import Structure
from tests.conftest import page


def test_the_home_page_says_what_the_site_is_and_what_to_do(client):
    html = page(client.get("/"))
    assert 'lang="fr"' in html
    assert "Créer mon profil et déposer mon CV" in html
    assert "RQTH" in html and "RSA" in html


def test_the_legal_pages_exist(client):
    for url, title in [
        ("/mentions-legales", "Mentions légales"),
        ("/confidentialite", "confidentialité"),
        ("/accessibilite", "accessibilité"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert title.lower() in page(response).lower()


def test_the_privacy_policy_says_what_is_kept_why_how_long_and_the_rights(client):
    html = page(client.get("/confidentialite")).lower()
    for words in ["24 mois", "cnil", "consentement", "rqth", "effacement", "portabilité"]:
        assert words in html, words


def test_the_navigation_adapts_to_the_role(client, make, auth):
    assert "Se connecter" in page(client.get("/"))
    auth.login(make.admin())
    html = page(client.get("/"))
    assert "Administration" in html and "Se déconnecter" in html and "Se connecter<" not in html


def test_an_employer_sees_the_structure_entry(client, make, auth):
    auth.login(make.pending_employer())
    html = page(client.get("/compte/"))
    assert "Ma structure" in html and "en attente de validation" in html


def test_the_demo_data_command_is_idempotent_and_prints_the_accounts(runner):
    first = runner.invoke(args=["demo-data"])
    assert first.exit_code == 0, first.output
    counts = (
        db.session.scalar(sa.select(sa.func.count(User.id))),
        db.session.scalar(sa.select(sa.func.count(Structure.id))),
    )
    second = runner.invoke(args=["demo-data"])
    assert second.exit_code == 0
    assert counts == (11, 2)  # 8 demo accounts, 3 more candidates for the CV-thèque
    assert (
        db.session.scalar(sa.select(sa.func.count(User.id))),
        db.session.scalar(sa.select(sa.func.count(Structure.id))),
    ) == counts
    for line in ["admin@demo.metiers-autonomie-orne.fr", "Demo-Admin-61!", "en attente de validation", "adhérente"]:
        assert line in first.output


def test_the_demo_cvtheque_has_visible_profiles_in_the_index(runner, client, auth):
    runner.invoke(args=["demo-data"])
    auth.login(
        db.session.scalar(sa.select(User).where(User.email == "recruteur@demo.metiers-autonomie-orne.fr")),
        password="Demo-Recruteur-61!",
    )
    html = page(client.get("/cvtheque/"))
    assert "5 profils" in html and "Léa Durand" in html and "Profil anonyme n° " in html


def test_the_demo_coach_finds_accompaniments_at_different_stages_and_requests_to_answer(runner, client, auth):
    runner.invoke(args=["demo-data"])
    runner.invoke(args=["demo-data"])  # once more: nothing doubles
    coach = db.session.scalar(sa.select(User).where(User.email == "coach@demo.metiers-autonomie-orne.fr"))
    auth.login(coach, password="Demo-Coach-61!")
    caseload = page(client.get("/accompagnement/"))
    for name in ("Léa Durand", "Sandrine Leroy", "Mehdi Haddad"):
        assert caseload.count(name) == 1, name
    assert "Kévin Marie" not in caseload and "Kévin Marie" in page(client.get("/accompagnement/?statut=closed"))
    queue = page(client.get("/accompagnement/demandes"))
    assert "Nathalie" in queue and "Mission locale d'Argentan" in queue
    client.post("/compte/deconnexion")
    candidate = db.session.scalar(sa.select(User).where(User.email == "candidate1@demo.metiers-autonomie-orne.fr"))
    auth.login(candidate, password="Demo-Candidat-61!")
    mine = page(client.get("/compte/accompagnement"))
    assert "Karim Benali" in mine and "EHPAD Les Tilleuls" in mine


def test_the_demo_accounts_log_in_with_the_printed_passwords(runner, client):
    runner.invoke(args=["demo-data"])
    response = client.post(
        "/compte/connexion",
        data={"email": "recruteur@demo.metiers-autonomie-orne.fr", "password": "Demo-Recruteur-61!"},
    )
    assert response.headers["Location"] == "/compte/"
    assert "est adhérente de la plateforme" in page(client.get("/compte/"))


def test_in_development_mail_is_written_to_the_outbox_folder_right_after_the_request(make_app, instance_path, make):
    app = make_app(MAIL_BACKEND="file", MAIL_SEND_AFTER_REQUEST=True)
    with app.app_context():
        user = make.candidate(email="dev@exemple.fr")
        response = app.test_client().post("/compte/mot-de-passe-oublie", data={"email": user.email})
        response.close()
        files = list((instance_path / "outbox").glob("*.eml"))
        assert len(files) == 1
        assert b"To: dev@exemple.fr" in files[0].read_bytes()
