"""No GET changes state: every GET route, opened by each role, leaves every table as it was.

Links are opened by mail scanners, prefetched by browsers and followed by crawlers: whatever they do must
take a click (a POST with its CSRF token). The walk includes the links mailed to people, with valid tokens.

Two writes are expected, and left out of the comparison:
- the login's last activity (login_session.last_seen_at, expires_at), noted after a logged-in request;
- the CV-thèque's access log (profile_access): the record that a member or the staff read a profile or its CV,
  which the candidate is shown. It records the read itself, as HTTP allows of a safe method;
- the accompaniment's access log (accompaniment_access): the same, for the staff who open a person's record.
"""

import pytest
import sqlalchemy as sa

from portal.alerts import services as alerts
from portal.alerts.models import AlertStatus, AlertSubscription
from portal.clock import utcnow
from portal.cvtheque import services as cvtheque
from portal.events.models import EventRegistration, RegistrationStatus
from portal.extensions import db
from portal.offers import services as offers
from portal.tokens import make_token
from tests.conftest import PASSWORD
from tests.helpers import make_event, publish, visible_candidate
from tests.security.test_access_matrix import ROLES, make_person, sample_args

IGNORED_COLUMNS = {("login_session", "last_seen_at"), ("login_session", "expires_at")}
IGNORED_TABLES = {"profile_access", "accompaniment_access"}


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, as the database holds it now."""
    db.session.expire_all()
    rows = {}
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            if table.name in IGNORED_TABLES:
                continue
            columns = [c for c in table.columns if (table.name, c.name) not in IGNORED_COLUMNS]
            rows[table.name] = sorted(conn.execute(sa.select(*columns)).all(), key=repr)
    return rows


def changed(before: dict, after: dict) -> dict:
    return {
        name: {
            "before": [r for r in before[name] if r not in after[name]],
            "after": [r for r in after[name] if r not in before[name]],
        }
        for name in before
        if before[name] != after[name]
    }


def mailed_links(app, make) -> dict[str, dict]:
    """For each route of a mailed link, the arguments of a valid, unused one."""
    member = make.member()
    unverified = make.candidate(verified=False)
    candidate, profile = visible_candidate(make, first_name="Lien", last_name="Valable", cv_lines=["Aide-soignante"])
    offer = publish(member, "Aide-soignant·e de nuit")
    with app.test_request_context():
        application = offers.apply(candidate, offer, profile.files[0], "Bonjour")
        contact = cvtheque.ask_contact(profile, member, "Bonjour, pouvons-nous parler ?")
        alerts.request_visitor_alert("visiteur@exemple.fr", "offers", {"metier": ["aide-soignant"]}, "daily")
    event = make_event(capacity=5)
    pending = EventRegistration(
        event_id=event.id, email="visiteur@exemple.fr", name="Visiteur", status=RegistrationStatus.PENDING_EMAIL
    )
    confirmed = EventRegistration(
        event_id=event.id,
        email="inscrit@exemple.fr",
        name="Inscrit",
        status=RegistrationStatus.CONFIRMED,
        confirmed_at=utcnow(),
    )
    db.session.add_all([pending, confirmed])
    db.session.commit()
    alert = db.session.scalar(sa.select(AlertSubscription).where(AlertSubscription.status == AlertStatus.PENDING))
    own_alert = alerts.create_alert(candidate, "offers", {"metier": ["animateur"]}, "daily")
    db.session.commit()
    return {
        "accounts.verify_email": {
            "token": make_token("verify-email", {"uid": unverified.id, "email": unverified.email})
        },
        "accounts.confirm_email_change": {
            "token": make_token(
                "change-email", {"uid": candidate.id, "new": "nouvelle@exemple.fr", "old": candidate.email}
            )
        },
        "alerts.confirm": {"token": make_token("alert-confirm", {"aid": alert.id, "email": alert.email})},
        "alerts.unsubscribe": {"token": alerts.unsubscribe_token(own_alert)},
        "events.confirm_by_link": {
            "token": make_token("event-registration", {"rid": pending.id, "email": pending.email})
        },
        "events.cancel_by_link": {"token": make_token("event-cancel", {"rid": confirmed.id, "email": confirmed.email})},
        "cvtheque.answer_by_link": {"token": cvtheque.contact_token(contact)},
        "offers.application_cv": {"offer_id": offer.id, "application_id": application.id},
        "offers.applications": {"offer_id": offer.id},
    }


def get_urls(app, args: dict, links: dict) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        values = {name: args[name] for name in rule.arguments if name in args}
        values.update({name: value for name, value in links.get(rule.endpoint, {}).items() if name in rule.arguments})
        for name in rule.arguments - set(values):
            converter = rule._converters[name]
            values[name] = sorted(converter.items)[0] if hasattr(converter, "items") else 1
        urls.append(rule.build(values, append_unknown=False)[1])
    return urls


@pytest.mark.parametrize("role", ROLES)
def test_no_get_route_changes_a_row_whoever_opens_it(app, make, role):
    args = sample_args(make)
    links = mailed_links(app, make)
    person = make_person(make, role)
    client = app.test_client()
    if person is not None:
        client.post("/compte/connexion", data={"email": person.email, "password": PASSWORD})
    urls = get_urls(app, args, links)
    assert any("/verification/" in url for url in urls) and len(urls) > 50
    before = snapshot()
    statuses = {}
    for url in urls:
        with client.get(url) as response:
            statuses[url] = response.status_code
        after = snapshot()
        assert after == before, f"{role} GET {url} ({statuses[url]}) changed {changed(before, after)}"
    # The mailed links were really used, not refused: each showed its page.
    for endpoint in (
        "accounts.verify_email",
        "alerts.confirm",
        "events.confirm_by_link",
        "accounts.confirm_email_change",
    ):
        [url] = [u for u in urls if links[endpoint]["token"] in u]
        assert statuses[url] == 200, (endpoint, statuses[url])
