"""Each login on each device is its own session on the server: logging out ends it, whatever cookies were copied."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.accounts import services
from portal.accounts.models import LoginSession
from portal.clock import utcnow
from portal.extensions import db
from tests.conftest import NEW_PASSWORD, PASSWORD, logged_in, page

PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
LAPTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"


def device(app, user_agent: str = LAPTOP):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = user_agent
    return client


def log_in(client, user, remember: bool = False):
    data = {"email": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/compte/connexion", data=data)
    assert response.status_code == 302, page(response)
    return client


def only_cookie(app, name: str, value: str, user_agent: str = LAPTOP):
    """A browser that holds nothing but this cookie, as someone who copied it would."""
    other = device(app, user_agent)
    other.set_cookie(name, value)
    return other


def cookie(client, name: str) -> str:
    return client.get_cookie(name).value


def later(monkeypatch, **delta):
    moment = utcnow() + timedelta(**delta)
    monkeypatch.setattr(services, "utcnow", lambda: moment)


# --- logout ends the session on the server ----------------------------------------------------------


def test_a_session_cookie_copied_before_logout_opens_nothing_after(app, make):
    user = make.candidate()
    browser = log_in(device(app), user)
    copied = cookie(browser, "session")
    assert logged_in(only_cookie(app, "session", copied))

    browser.post("/compte/deconnexion")
    assert not logged_in(browser)
    assert not logged_in(only_cookie(app, "session", copied))


def test_a_remember_cookie_copied_before_logout_opens_nothing_after(app, make):
    user = make.candidate()
    browser = log_in(device(app), user, remember=True)
    copied = cookie(browser, "remember_token")
    assert logged_in(only_cookie(app, "remember_token", copied))

    browser.post("/compte/deconnexion")
    assert browser.get_cookie("remember_token") is None
    assert not logged_in(only_cookie(app, "remember_token", copied))


def test_each_login_on_each_device_gets_its_own_remember_token(app, make):
    user = make.candidate()
    phone, laptop = log_in(device(app, PHONE), user, True), log_in(device(app, LAPTOP), user, True)
    again = log_in(device(app, LAPTOP), user, True)
    tokens = {cookie(c, "remember_token") for c in (phone, laptop, again)}
    assert len(tokens) == 3
    # What the database holds opens nothing: only a hash of each secret.
    stored = db.session.scalars(sa.select(LoginSession.secret_hash)).all()
    for token in tokens:
        secret = token.split("|")[0].split(":")[1]
        assert secret not in stored and not any(secret in value for value in stored)


def test_logging_out_on_one_device_leaves_the_other_logged_in(app, make):
    user = make.candidate()
    phone, laptop = log_in(device(app, PHONE), user, True), log_in(device(app, LAPTOP), user, True)
    phone_token = cookie(phone, "remember_token")
    phone.post("/compte/deconnexion")
    assert not logged_in(phone) and not logged_in(only_cookie(app, "remember_token", phone_token, PHONE))
    assert logged_in(laptop)
    assert logged_in(only_cookie(app, "remember_token", cookie(laptop, "remember_token")))


# --- expiry, enforced on the server ----------------------------------------------------------------


def test_a_remembered_login_ends_30_days_after_it_began(app, make, monkeypatch):
    user = make.candidate()
    token = cookie(log_in(device(app), user, remember=True), "remember_token")
    later(monkeypatch, days=29)
    assert logged_in(only_cookie(app, "remember_token", token))
    later(monkeypatch, days=30, minutes=1)
    assert not logged_in(only_cookie(app, "remember_token", token))


def test_a_login_without_remember_me_ends_after_12_hours_without_activity(app, make, monkeypatch):
    user = make.candidate()
    browser = log_in(device(app), user)
    later(monkeypatch, hours=11)
    assert logged_in(browser)  # activity: 12 more hours from now
    later(monkeypatch, hours=22)
    assert logged_in(browser)
    later(monkeypatch, hours=34, minutes=1)
    assert not logged_in(browser)


def test_an_old_login_cookie_without_a_session_row_opens_nothing(app, make):
    """The cookies of the former scheme ("<user id>:<nonce>") or made up ones lead nowhere."""
    user = make.candidate()
    browser = log_in(device(app), user)
    login_id = db.session.scalar(sa.select(LoginSession.id))
    for forged in [f"{user.id}:abcdef", f"{login_id}:", f"{login_id}:mauvais-secret", "x:y", ""]:
        assert services.load_user(forged) is None
    assert logged_in(browser)


# --- password changes ------------------------------------------------------------------------------


def test_a_new_password_from_a_reset_link_ends_every_login(app, make):
    from tests.helpers import reset_link

    user = make.candidate()
    phone = log_in(device(app, PHONE), user, remember=True)
    token = cookie(phone, "remember_token")
    visitor = device(app)
    visitor.post("/compte/mot-de-passe-oublie", data={"email": user.email})
    visitor.post(reset_link(user), data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert not logged_in(phone)
    assert not logged_in(only_cookie(app, "remember_token", token, PHONE))


def test_a_changed_password_keeps_this_device_and_ends_the_others_remember_cookies(app, make):
    user = make.candidate()
    here, phone = log_in(device(app, LAPTOP), user, True), log_in(device(app, PHONE), user, True)
    token = cookie(phone, "remember_token")
    here.post(
        "/compte/parametres",
        data={"pw-current_password": PASSWORD, "pw-password": NEW_PASSWORD, "pw-password_confirm": NEW_PASSWORD},
    )
    assert logged_in(here)
    assert not logged_in(only_cookie(app, "remember_token", token, PHONE))


# --- the list of logins in the settings --------------------------------------------------------------


def test_the_settings_list_each_device_and_mark_this_one(app, make):
    user = make.candidate()
    log_in(device(app, PHONE), user, remember=True)
    laptop = log_in(device(app, LAPTOP), user)
    html = page(laptop.get("/compte/parametres"))
    assert "Mes connexions" in html
    assert "Safari sur iPhone" in html and "Firefox sur Windows" in html
    assert re.search(r"Firefox sur Windows</strong> <span class=\"badge badge--active\">cet appareil</span>", html)
    assert "Safari sur iPhone</strong><br>" in html
    assert "mémorisée jusqu'au" in html


def test_logging_out_the_other_devices_keeps_only_this_one(app, make):
    user = make.candidate()
    phone = log_in(device(app, PHONE), user, remember=True)
    tablet = log_in(device(app, "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) Safari/604.1"), user)
    laptop = log_in(device(app, LAPTOP), user)
    token = cookie(phone, "remember_token")
    other_user = log_in(device(app, PHONE), make.candidate())

    response = laptop.post("/compte/parametres/deconnecter-les-autres-appareils")
    assert response.headers["Location"] == "/compte/parametres"
    html = page(laptop.get("/compte/parametres"))
    assert "2 autres appareils déconnectés" in html
    assert "Safari sur iPhone" not in html and "Votre compte n'est ouvert sur aucun autre appareil." in html
    assert logged_in(laptop)
    assert not logged_in(phone) and not logged_in(tablet)
    assert not logged_in(only_cookie(app, "remember_token", token, PHONE))
    assert logged_in(other_user)  # someone else's logins are not touched


def test_logging_out_the_other_devices_needs_the_form_token(make_app, make):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        user = make.candidate()
        phone, laptop = device(app, PHONE), device(app, LAPTOP)
        for client in (phone, laptop):
            token = re.search(
                r'name="csrf_token" type="hidden" value="([^"]+)"',
                client.get("/compte/connexion").get_data(as_text=True),
            ).group(1)
            client.post("/compte/connexion", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
        assert laptop.post("/compte/parametres/deconnecter-les-autres-appareils").status_code == 400
        assert logged_in(phone)
        form_token = re.search(
            r'name="csrf_token" value="([^"]+)"', laptop.get("/compte/parametres").get_data(as_text=True)
        ).group(1)
        laptop.post("/compte/parametres/deconnecter-les-autres-appareils", data={"csrf_token": form_token})
        assert not logged_in(phone) and logged_in(laptop)


def test_the_last_activity_is_noted_at_most_every_few_minutes(app, make, monkeypatch):
    user = make.candidate()
    browser = log_in(device(app), user)
    [login] = db.session.scalars(sa.select(LoginSession)).all()
    first_seen = login.last_seen_at
    later(monkeypatch, minutes=2)
    browser.get("/compte/")
    db.session.refresh(login)
    assert login.last_seen_at == first_seen
    later(monkeypatch, minutes=6)
    browser.get("/compte/")
    db.session.refresh(login)
    assert login.last_seen_at > first_seen + timedelta(minutes=5)


def test_a_deleted_account_leaves_no_login_behind(app, make):
    user = make.candidate()
    browser = log_in(device(app), user, remember=True)
    browser.post("/compte/supprimer", data={"current_password": PASSWORD})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginSession)) == 0


@pytest.mark.parametrize(
    ("agent", "name"),
    [
        (PHONE, "Safari sur iPhone"),
        (LAPTOP, "Firefox sur Windows"),
        (
            (
                "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 "
                "Chrome/117.0.0.0 Mobile Safari/537.36"
            ),
            "Samsung Internet sur Android",
        ),
        (
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 "
                "Safari/537.36 Edg/126.0.0.0"
            ),
            "Edge sur Mac",
        ),
        ("curl/8.5.0", "Navigateur inconnu"),
        ("", "Navigateur inconnu"),
    ],
)
def test_devices_are_named_in_a_few_words(agent, name):
    from portal.accounts.devices import describe_device

    assert describe_device(agent) == name
