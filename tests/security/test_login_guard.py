"""Wrong passwords never lock the owner out, and guessing on teaches an attacker nothing.

After ten wrong passwords for an address within 15 minutes (from any IPs), the right password alone no longer
opens the account: it mails a one-time login link, and the answer is the same whatever the password.
"""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from itsdangerous import TimestampSigner

from portal.accounts import services
from portal.accounts.models import LoginFailure
from portal.clock import utcnow
from portal.extensions import db
from tests.conftest import PASSWORD, links_in, logged_in, outbox, page, path_of, text_part

WRONG = "pas le bon mot de passe"
ATTACKER_IP, OWNER_IP = "203.0.113.9", "198.51.100.7"


@pytest.fixture
def app(make_app):
    """Rate limits on, as in production."""
    app = make_app(RATELIMIT_ENABLED=True)
    with app.app_context():
        yield app
        db.session.remove()


def from_ip(app, ip: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return client


def try_login(client, email: str, password: str):
    return client.post("/compte/connexion", data={"email": email, "password": password})


def guard(app, email: str, failures: int = 10) -> None:
    """Wrong passwords from as many IPs as it takes (a botnet would not be slowed down by the per-IP limit)."""
    for n in range(failures):
        try_login(from_ip(app, f"192.0.2.{n + 1}"), email, WRONG)


def login_link(email: str) -> str:
    mail = outbox(email)[-1]
    assert mail.subject == "Votre lien de connexion"
    return path_of(next(link for link in links_in(mail.body_text) if "/compte/connexion/lien/" in link))


def use_link(client, link: str, **data):
    assert client.get(link).status_code == 200
    return client.post(link, data=data)


def test_ten_wrong_passwords_from_an_attacker_do_not_lock_the_owner_out(app, make, runner, smtp_server):
    owner = make.candidate(first_name="Léa")
    attacker = from_ip(app, ATTACKER_IP)
    answers = [try_login(attacker, owner.email, WRONG) for _ in range(10)]
    assert [r.status_code for r in answers] == [422] * 10
    assert "Adresse ou mot de passe incorrect." in page(answers[-1])
    assert try_login(attacker, owner.email, PASSWORD).status_code == 429  # this IP is slowed down

    owner_browser = from_ip(app, OWNER_IP)
    answer = try_login(owner_browser, owner.email, PASSWORD)
    assert answer.status_code == 200 and "Vérifiez votre messagerie" in page(answer)
    assert not logged_in(owner_browser)

    runner.invoke(args=["mail", "send"])
    [mail] = smtp_server.to(owner.email)
    assert mail["Subject"] == "Votre lien de connexion"
    link = path_of(next(link for link in links_in(text_part(mail)) if "/compte/connexion/lien/" in link))
    landing = owner_browser.get(link)
    assert "Bonjour Léa" in page(landing) and "Me connecter" in page(landing)
    response = owner_browser.post(link)
    assert response.headers["Location"] == "/compte/"
    assert logged_in(owner_browser)
    assert not logged_in(attacker)


def test_once_guarded_the_right_and_a_wrong_password_get_the_same_answer(app, make):
    owner = make.candidate()
    guard(app, owner.email)
    right = try_login(from_ip(app, "192.0.2.101"), owner.email, PASSWORD)
    wrong = try_login(from_ip(app, "192.0.2.102"), owner.email, "un-autre-essai")
    assert right.status_code == wrong.status_code == 200
    assert page(right) == page(wrong)
    assert "Si l'adresse et le mot de passe sont les bons, nous venons de vous envoyer un lien" in page(right)
    assert right.headers.get("Set-Cookie", "") == wrong.headers.get("Set-Cookie", "")
    # The right password opened nothing; it only sent the link, to the owner's mailbox.
    browser = from_ip(app, "192.0.2.103")
    try_login(browser, owner.email, PASSWORD)
    assert not logged_in(browser)
    assert [m.subject for m in outbox(owner.email)] == ["Votre lien de connexion"]


def test_a_guarded_unknown_address_answers_like_a_known_one(app, make):
    owner = make.candidate(email="lea@exemple.fr")
    guard(app, owner.email)
    guard(app, "inconnu@exemple.fr")
    known = try_login(from_ip(app, "192.0.2.201"), owner.email, PASSWORD)
    unknown = try_login(from_ip(app, "192.0.2.202"), "inconnu@exemple.fr", PASSWORD)
    assert known.status_code == unknown.status_code
    assert page(known).replace(owner.email, "X") == page(unknown).replace("inconnu@exemple.fr", "X")
    assert outbox("inconnu@exemple.fr") == []


def test_nine_wrong_passwords_still_let_the_right_one_in_directly(app, make):
    owner = make.candidate()
    guard(app, owner.email, failures=9)
    browser = from_ip(app, OWNER_IP)
    assert try_login(browser, owner.email, PASSWORD).headers["Location"] == "/compte/"
    assert outbox(owner.email) == []


def test_the_guard_lifts_15_minutes_after_the_last_failures(app, make, monkeypatch):
    owner = make.candidate()
    guard(app, owner.email)
    moment = utcnow() + timedelta(minutes=15, seconds=5)
    monkeypatch.setattr(services, "utcnow", lambda: moment)
    browser = from_ip(app, OWNER_IP)
    assert try_login(browser, owner.email, PASSWORD).headers["Location"] == "/compte/"
    # The failures are kept no longer than that, and only as a keyed hash of the address.
    try_login(from_ip(app, "192.0.2.250"), owner.email, WRONG)
    stored = db.session.scalars(sa.select(LoginFailure.address_hash)).all()
    assert len(stored) == 1 and owner.email not in stored[0]


def test_the_right_password_typed_again_sends_one_link_per_five_minutes(app, make):
    owner = make.candidate()
    guard(app, owner.email)
    for n in range(3):
        try_login(from_ip(app, f"198.51.100.{n + 10}"), owner.email, PASSWORD)
    assert len(outbox(owner.email)) == 1


def test_the_five_minutes_count_from_the_last_link_not_from_the_clock(app, make, clock):
    owner = make.candidate()
    clock.advance(seconds=299 - int(clock.now.timestamp()) % 300)  # a second before a round five minutes
    guard(app, owner.email)
    try_login(from_ip(app, OWNER_IP), owner.email, PASSWORD)
    clock.advance(seconds=2)
    try_login(from_ip(app, OWNER_IP), owner.email, PASSWORD)
    assert len(outbox(owner.email)) == 1
    clock.advance(minutes=5)
    try_login(from_ip(app, OWNER_IP), owner.email, PASSWORD)
    assert len(outbox(owner.email)) == 2


def test_a_login_link_works_once(app, make):
    owner = make.candidate()
    guard(app, owner.email)
    try_login(from_ip(app, OWNER_IP), owner.email, PASSWORD)
    link = login_link(owner.email)
    first = from_ip(app, OWNER_IP)
    assert use_link(first, link).status_code == 302 and logged_in(first)

    second = from_ip(app, ATTACKER_IP)
    reused = second.post(link)
    assert reused.status_code == 400 and "n'est plus valable" in page(reused)
    assert second.get(link).status_code == 400
    assert not logged_in(second)


def test_opening_a_login_link_does_not_use_it(app, make):
    """Mail scanners open links: only the button (a POST) logs in."""
    owner = make.candidate()
    guard(app, owner.email)
    try_login(from_ip(app, OWNER_IP), owner.email, PASSWORD)
    link = login_link(owner.email)
    scanner = from_ip(app, "192.0.2.99")
    for _ in range(3):
        assert scanner.get(link).status_code == 200
    assert not logged_in(scanner)
    browser = from_ip(app, OWNER_IP)
    assert browser.post(link, data={"remember": "y"}).status_code == 302
    assert logged_in(browser) and browser.get_cookie("remember_token") is not None


def test_a_login_link_expires_after_15_minutes(app, make, monkeypatch):
    owner = make.candidate()
    guard(app, owner.email)
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) - 16 * 60)
    try_login(from_ip(app, OWNER_IP), owner.email, PASSWORD)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", real)
    browser = from_ip(app, OWNER_IP)
    response = browser.post(login_link(owner.email))
    assert response.status_code == 400 and "expiré" in page(response)
    assert not logged_in(browser)


def test_a_login_link_dies_with_a_new_password(app, make):
    owner = make.candidate()
    guard(app, owner.email)
    try_login(from_ip(app, OWNER_IP), owner.email, PASSWORD)
    link = login_link(owner.email)
    services.set_password(owner, "Une-toute-nouvelle-phrase")
    db.session.commit()
    assert from_ip(app, OWNER_IP).post(link).status_code == 400


def test_a_forged_login_link_is_refused_in_french(app):
    response = from_ip(app, OWNER_IP).get("/compte/connexion/lien/pas-un-vrai-jeton")
    assert response.status_code == 400 and "Ce lien ne fonctionne pas" in page(response)


def test_a_login_link_confirms_an_unconfirmed_address(app, make):
    owner = make.candidate(verified=False)
    guard(app, owner.email)
    try_login(from_ip(app, OWNER_IP), owner.email, PASSWORD)
    browser = from_ip(app, OWNER_IP)
    use_link(browser, login_link(owner.email))
    assert logged_in(browser)
    db.session.refresh(owner)
    assert owner.is_verified


def test_a_login_link_leads_to_the_page_asked_for(app, make):
    owner = make.candidate()
    guard(app, owner.email)
    from_ip(app, OWNER_IP).post(
        "/compte/connexion?next=/compte/parametres", data={"email": owner.email, "password": PASSWORD}
    )
    assert use_link(from_ip(app, OWNER_IP), login_link(owner.email)).headers["Location"] == "/compte/parametres"
