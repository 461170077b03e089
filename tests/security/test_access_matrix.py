"""Every route against every role: who gets in, who is sent to log in, who is refused.

A route must either be public (listed below) or declare its access with `requires(...)`;
a new route that does neither fails the first test.
"""

import pytest

from portal.accompaniment.models import HelpRequest
from portal.accounts.access import LEVELS
from portal.accounts.models import Membership, Role
from portal.extensions import db
from portal.mail.services import queue_mail
from tests.helpers import make_event, shared_record, visible_candidate

PUBLIC = {
    "static",
    "public.home",
    "public.legal",
    "accounts.login",
    "accounts.logout",
    "accounts.signup",
    "accounts.signup_candidate",
    "structures.signup_employer",
    "accounts.check_mail",
    "accounts.resend_verification",
    "accounts.verify_email",
    "accounts.forgot_password",
    "accounts.reset_password",
    # The one-time link mailed when an address is guarded: the signed token is the proof; using it takes a POST.
    "accounts.login_link",
    "accounts.confirm_email_change",
    "public.project",
    "public.contact",
    "public.sitemap",
    "public.robots",
    "metiers.index",
    "metiers.detail",
    "structures.directory",
    "structures.detail",
    "structures.logo",
    # The link in the candidate's e-mail: the signed token is the proof, and answering takes a POST.
    "cvtheque.answer_by_link",
    "offers.search",
    "offers.detail",
    "offers.feed",
    # The links in alert mails: the signed token is the proof; stopping takes a POST (RFC 8058 one-click too).
    "alerts.confirm",
    "alerts.unsubscribe",
    # Visitors subscribe without an account: nothing is sent but the confirmation link before the address is proven.
    "alerts.request_as_visitor",
    "events.agenda",
    "events.archive",
    "events.detail",
    "events.ics",
    "events.feed",
    # Visitors register without an account: the address is proven by the link sent to it before anything counts.
    "events.register_visitor",
    # The links in the registration mails: the signed token is the proof; cancelling takes a POST.
    "events.confirm_by_link",
    "events.cancel_by_link",
    # The link in the milestone mails to a referring adviser: the signed link is the proof; stopping takes a POST.
    "accompaniment.stop_updates",
    # Asking for a coach is for everyone, with or without an account: rate-limited, a honeypot drops robots.
    "accompaniment.ask",
    # A partner's adviser refers a person without an account of theirs: rate-limited, a honeypot drops robots.
    "accompaniment.refer",
    # The confirmation after either form: reads only the sender's own session (nothing from the address).
    "accompaniment.request_sent",
    # The coach's link that ties a record to an account: the signed link is the proof; a visitor is only invited to
    # create an account or log in, and tying the record takes a logged-in candidate's POST.
    "accompaniment.join",
}

ROLES = ["visitor", "candidate", "pending_employer", "joining_employer", "member", "coach", "admin"]

# Which access levels each role meets.
MEETS = {
    "visitor": set(),
    "candidate": {"authenticated", "candidate"},
    "pending_employer": {"authenticated", "employer", "recruiter"},
    "joining_employer": {"authenticated", "employer"},
    "member": {"authenticated", "employer", "recruiter", "member"},
    "coach": {"authenticated", "coach"},
    "admin": {"authenticated", "coach", "admin"},
}


def test_the_levels_are_the_documented_ones():
    assert set(LEVELS) == {"authenticated", "candidate", "employer", "recruiter", "member", "coach", "admin"}


@pytest.fixture
def matrix_app(app):
    return app


def protected_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC:
            continue
        yield rule, app.view_functions[rule.endpoint].access_levels


def test_every_route_is_public_or_declares_who_may_use_it(app):
    undeclared = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in PUBLIC and not getattr(app.view_functions[rule.endpoint], "access_levels", None)
    ]
    assert undeclared == []


def make_person(make, role: str):
    if role == "visitor":
        return None
    if role == "pending_employer":
        return make.pending_employer()
    if role == "joining_employer":
        return make.user(Role.EMPLOYER, structure=make.structure(), membership=Membership.PENDING)
    return getattr(make, role)()


def sample_args(make) -> dict:
    structure = make.structure()
    applicant = make.user(Role.EMPLOYER, structure=structure, membership=Membership.PENDING)
    queue_mail("x@exemple.fr", "password_changed", "Objet", dedup_key="matrix", user=applicant)
    db.session.commit()
    _, profile = visible_candidate(make, first_name="Matrice", last_name="Profil")
    event = make_event(capacity=5)  # the association's: coaches and the admin manage it, members get a 404
    help_request = HelpRequest(first_name="Matrice", phone="06 12 34 56 78", commune_insee="61001", zone="alencon")
    db.session.add(help_request)
    db.session.commit()
    record, step = accompaniment_record(make)
    _, sharing = shared_record(make)  # another structure's sharing: members get a 404
    return {
        "structure_id": structure.id,
        "user_id": applicant.id,
        "message_id": 1,
        "insee": "61001",
        "slug": "aide-soignant",
        "profile_id": profile.id,
        "event_id": event.id,
        "request_id": help_request.id,
        "record_id": record.id,
        "step_id": step.id,
        "sharing_id": sharing.id,
    }


def accompaniment_record(make):
    """A record with a step, opened by a coach through the services: staff reach it, nobody else does."""
    from portal.accompaniment.models import StepKind
    from portal.accompaniment.services.pathway import add_step
    from portal.accompaniment.services.records import Consent, Person, Situation, open_record
    from portal.clock import today_in_paris, utcnow
    from portal.communes.models import Commune

    coach = make.coach(zone="alencon")
    record = open_record(
        Person("Matrice", "Dossier", phone="0612345678", commune=db.session.get(Commune, "61001")),
        Situation(publics=["rqth"]),
        Consent(utcnow(), "oral", "accompagnement"),
        by=coach,
    )
    step = add_step(record, StepKind.CONTACT, today_in_paris(), coach)
    db.session.commit()
    return record, step


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_the_routes_of_its_levels(matrix_app, make, role, auth):
    args = sample_args(make)
    person = make_person(make, role)
    rules = list(protected_rules(matrix_app))
    assert any(rule.endpoint == "cvtheque.search" for rule, _ in rules)
    client = matrix_app.test_client() if person is None else auth.client_for(person)
    for rule, levels in rules:
        values = {name: args[name] for name in rule.arguments if name in args}
        for name in rule.arguments - set(values):
            converter = rule._converters[name]
            values[name] = sorted(converter.items)[0] if hasattr(converter, "items") else 1
        url = rule.build(values, append_unknown=False)[1]
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(url, method=method, data={"reason": "Motif", "zone": "alencon"})
        where = f"{role} {method} {rule.rule}"
        if role == "visitor":
            assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"], where
        elif MEETS[role] & set(levels):
            assert response.status_code not in (401, 403), where
            assert "/compte/connexion" not in response.headers.get("Location", ""), where
        else:
            assert response.status_code == 403, where


def test_a_pending_employer_cannot_open_the_cvtheque(matrix_app, make, auth):
    client = auth.client_for(make.pending_employer())
    assert client.get("/cvtheque/").status_code == 403


@pytest.mark.parametrize("role", ["member", "coach", "admin"])
def test_members_and_staff_open_the_cvtheque(matrix_app, make, role, auth):
    client = auth.client_for(getattr(make, role)())
    response = client.get("/cvtheque/")
    assert response.status_code == 200 and b"<h1>CV-th" in response.data


def test_a_suspended_structure_loses_the_cvtheque(matrix_app, make, auth):
    member = make.member()
    member.structure.status = "suspended"
    db.session.commit()
    client = auth.client_for(member)
    assert client.get("/cvtheque/").status_code == 403
