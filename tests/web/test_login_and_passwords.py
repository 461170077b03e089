import pytest
from itsdangerous import TimestampSigner

from portal.accounts.passwords import verify_password
from portal.extensions import db
from tests.conftest import NEW_PASSWORD, PASSWORD, links_in, outbox, page, path_of
from tests.helpers import reset_link


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(client, make):
    user = make.candidate()
    wrong = client.post("/compte/connexion", data={"email": user.email, "password": "pas le bon mot"})
    unknown = client.post("/compte/connexion", data={"email": "inconnu@exemple.fr", "password": "pas le bon mot"})
    assert wrong.status_code == unknown.status_code == 422
    assert "Adresse ou mot de passe incorrect." in page(wrong)
    assert page(wrong).replace(user.email, "X") == page(unknown).replace("inconnu@exemple.fr", "X")


def test_login_leads_to_the_dashboard_and_logout_ends_the_session(client, make, auth):
    user = make.candidate(first_name="Léa")
    response = auth.login(user)
    assert response.headers["Location"] == "/compte/"
    assert "Bonjour Léa" in page(client.get("/compte/"))
    assert auth.logout().status_code == 302
    assert client.get("/compte/").status_code == 302


def test_logout_only_by_post(client, make, auth):
    auth.login(make.candidate())
    assert client.get("/compte/deconnexion").status_code == 405
    assert client.get("/compte/").status_code == 200


def test_remember_me_sets_a_lasting_cookie(client, make, auth):
    user = make.candidate()
    auth.login(user, remember="y")
    cookie = client.get_cookie("remember_token")
    assert cookie is not None and cookie.http_only
    assert cookie.expires is not None


def test_without_remember_me_no_lasting_cookie(client, make, auth):
    auth.login(make.candidate())
    assert client.get_cookie("remember_token") is None


@pytest.mark.parametrize("target", ["/compte/parametres", "/compte/parametres?onglet=1"])
def test_next_leads_back_to_a_page_of_this_site(client, make, target):
    user = make.candidate()
    response = client.post(f"/compte/connexion?next={target}", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == target


@pytest.mark.parametrize(
    "target",
    [
        "https://pirate.example/",
        "//pirate.example/",
        "/\\pirate.example",
        "javascript:alert(1)",
        "http:/pirate.example",
    ],
)
def test_next_never_leads_to_another_site(client, make, target):
    user = make.candidate()
    response = client.post(
        "/compte/connexion", query_string={"next": target}, data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/compte/"


def test_a_protected_page_sends_visitors_to_login_and_back(client, make):
    response = client.get("/compte/parametres")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/compte/connexion?next=")
    user = make.candidate()
    response = client.post(response.headers["Location"], data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/compte/parametres"


def test_a_disabled_account_cannot_log_in(client, make):
    user = make.candidate()
    user.disabled = True
    db.session.commit()
    response = client.post("/compte/connexion", data={"email": user.email, "password": PASSWORD})
    assert "Adresse ou mot de passe incorrect." in page(response)


def test_forgotten_password_answers_the_same_whether_or_not_the_address_exists(client, make):
    user = make.candidate()
    known = client.post("/compte/mot-de-passe-oublie", data={"email": user.email}, follow_redirects=True)
    unknown = client.post("/compte/mot-de-passe-oublie", data={"email": "inconnu@exemple.fr"}, follow_redirects=True)
    assert page(known) == page(unknown)
    assert len(outbox(user.email)) == 1
    assert outbox("inconnu@exemple.fr") == []


def test_a_reset_link_works_once(client, make, auth):
    user = make.candidate()
    client.post("/compte/mot-de-passe-oublie", data={"email": user.email})
    link = reset_link(user)
    assert client.get(link).status_code == 200
    response = client.post(link, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert response.headers["Location"] == "/compte/connexion"
    db.session.refresh(user)
    assert verify_password(user.password_hash, NEW_PASSWORD)
    assert outbox(user.email)[-1].subject == "Votre mot de passe a été modifié"

    reused = client.post(
        link, data={"password": "Encore-une-autre-phrase", "password_confirm": "Encore-une-autre-phrase"}
    )
    assert reused.status_code == 400
    assert "déjà servi" in page(reused)
    db.session.refresh(user)
    assert verify_password(user.password_hash, NEW_PASSWORD)


def test_an_expired_reset_link_is_refused(client, make, monkeypatch):
    user = make.candidate()
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) - 2 * 3600)
    client.post("/compte/mot-de-passe-oublie", data={"email": user.email})
    monkeypatch.setattr(TimestampSigner, "get_timestamp", real)
    response = client.get(reset_link(user))
    assert response.status_code == 400
    assert "expiré" in page(response)


def test_an_expired_verification_link_is_refused(client, make, monkeypatch):
    user = make.candidate(verified=False)
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) - 4 * 86400)
    client.post("/compte/verification/renvoyer", data={"email": user.email})
    monkeypatch.setattr(TimestampSigner, "get_timestamp", real)
    link = next(link for link in links_in(outbox(user.email)[-1].body_text) if "/verification/" in link)
    response = client.get(path_of(link))
    assert response.status_code == 400 and "expiré" in page(response)
    db.session.refresh(user)
    assert not user.is_verified


def test_a_reset_token_cannot_verify_an_email(client, make):
    user = make.candidate(verified=False)
    client.post("/compte/mot-de-passe-oublie", data={"email": user.email})
    token = reset_link(user).rsplit("/", 1)[-1]
    assert client.get(f"/compte/verification/{token}").status_code == 400


def test_changing_the_password_needs_the_current_one_and_ends_other_sessions(app, make):
    user = make.candidate()
    here, elsewhere = app.test_client(), app.test_client()
    for c in (here, elsewhere):
        c.post("/compte/connexion", data={"email": user.email, "password": PASSWORD})

    wrong = here.post(
        "/compte/parametres",
        data={"pw-current_password": "pas le bon", "pw-password": NEW_PASSWORD, "pw-password_confirm": NEW_PASSWORD},
    )
    assert wrong.status_code == 422 and "Le mot de passe actuel n'est pas le bon." in page(wrong)

    ok = here.post(
        "/compte/parametres",
        data={"pw-current_password": PASSWORD, "pw-password": NEW_PASSWORD, "pw-password_confirm": NEW_PASSWORD},
    )
    assert ok.status_code == 302
    assert here.get("/compte/").status_code == 200
    assert elsewhere.get("/compte/").status_code == 302  # logged out there


def test_changing_the_email_takes_effect_once_the_new_address_is_confirmed(client, make, auth):
    user = make.candidate(email="ancienne@exemple.fr")
    auth.login(user)
    response = client.post(
        "/compte/parametres", data={"em-email": "nouvelle@exemple.fr", "em-current_password": PASSWORD}
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.email == "ancienne@exemple.fr"
    mail = outbox("nouvelle@exemple.fr")[-1]
    link = path_of(next(link for link in links_in(mail.body_text) if "/compte/adresse/" in link))
    assert "nouvelle@exemple.fr" in page(client.get(link))  # opening the link asks; the click confirms
    db.session.refresh(user)
    assert user.email == "ancienne@exemple.fr"
    client.post(link)
    db.session.refresh(user)
    assert user.email == "nouvelle@exemple.fr"
    assert outbox("ancienne@exemple.fr")[-1].subject == "Votre adresse de connexion a été modifiée"


def test_changing_to_a_taken_email_changes_nothing_and_tells_no_one_else(client, make, auth):
    make.candidate(email="prise@exemple.fr")
    user = make.candidate(email="moi@exemple.fr")
    auth.login(user)
    client.post("/compte/parametres", data={"em-email": "prise@exemple.fr", "em-current_password": PASSWORD})
    db.session.refresh(user)
    assert user.email == "moi@exemple.fr"
    assert [m.subject for m in outbox("prise@exemple.fr")] == ["Une inscription a été tentée avec votre adresse"]
