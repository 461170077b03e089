"""Requests for help: a person asks to be accompanied (or a partner's adviser refers them), the request lands in
the queue of the zone of their commune, its coach is told, the person (or the adviser) gets an acknowledgement.

Each function flushes; the view commits once. Mail goes through the outbox, in the same transaction.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, url_for
from sqlalchemy.orm import selectinload

from portal.accompaniment.models import HelpRequest, PartnerKind, RequestStatus
from portal.accompaniment.services.coaches import coach_of
from portal.accounts.models import Role, User
from portal.candidates.services import find_profile
from portal.clock import utcnow
from portal.communes.models import Commune, Zone
from portal.extensions import db
from portal.mail.services import queue_mail

# --- phone numbers -------------------------------------------------------------------------------------------

# Overseas departments dial +262, +590, +594, +596, +269 from abroad and 0 + nine digits at home.
_OVERSEAS = ("262", "590", "594", "596", "269")
_SEPARATORS = re.compile(r"[\s.\-/()\u00a0]")


def normalise_phone(text: str | None) -> str | None:
    """A French phone number written as people do ("06.12.34.56.78", "+33 6 12 34 56 78", "0033612345678",
    "+33 (0)6 12 34 56 78") in one form, "06 12 34 56 78"; None when it is no French number."""
    digits = _SEPARATORS.sub("", text or "")
    if digits.startswith("+"):
        digits = "00" + digits[1:]
    if digits.startswith("0033"):
        digits = "0" + digits[4:].removeprefix("0")
    elif digits.startswith("00") and digits[2:5] in _OVERSEAS:
        digits = "0" + digits[5:].removeprefix("0")
    if not re.fullmatch(r"0[1-9][0-9]{8}", digits) or digits.startswith("08"):
        return None  # 08: service numbers, nobody's own line
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


# --- what people type ----------------------------------------------------------------------------------------

WHEN_TO_CALL = {
    "matin": "le matin",
    "apres-midi": "l'après-midi",
    "fin-de-journee": "en fin de journée",
    "peu-importe": "à n'importe quel moment de la journée",
}
WHEN_TO_CALL_CHOICES = {
    "matin": "Le matin",
    "apres-midi": "L'après-midi",
    "fin-de-journee": "En fin de journée",
    "peu-importe": "Peu importe",
}

LOOKING_FOR = {
    "decouvrir": "Découvrir les métiers",
    "emploi": "Trouver un emploi",
    "formation": "Me former, obtenir un diplôme",
    "immersion": "Essayer un métier (immersion, « Vis ma vie »)",
    "ne-sait-pas": "Je ne sais pas encore",
}


def describe_looking_for(choices: list[str], words: str) -> str:
    """What the person looks for, in one text the coach reads: the boxes ticked, then their own words."""
    ticked = ", ".join(LOOKING_FOR[c] for c in LOOKING_FOR if c in (choices or []))
    words = (words or "").strip()
    return f"{ticked}. {words}" if ticked and words else ticked or words


@dataclass
class Applicant:
    """The person who asks for help (or is referred), as typed."""

    first_name: str
    commune: Commune
    last_name: str = ""
    phone: str = ""  # normalised, or ""
    email: str = ""
    looking_for: str = ""
    when_to_call: str = ""  # a key of WHEN_TO_CALL, or ""


@dataclass
class Referral:
    """A partner's adviser who refers the person, and whether the person agreed that they be kept informed."""

    kind: PartnerKind
    organisation: str
    adviser_name: str
    adviser_email: str
    adviser_phone: str = ""
    adviser_informed: bool = False


def candidate_account(user) -> User | None:
    """The account a request is linked to: a logged-in candidate's (staff or recruiters asking are not linked)."""
    if user is None or not getattr(user, "is_authenticated", False) or user.role != Role.CANDIDATE:
        return None
    return db.session.get(User, user.id)


def prefill_for(user: User | None) -> dict:
    """What the request form can take from a candidate's account and profile (reads only)."""
    if user is None:
        return {}
    data = {"first_name": user.first_name, "email": user.email}
    profile = find_profile(user)
    if profile is not None and profile.commune is not None:
        data["commune"] = profile.commune
    return data


def pending_request_of(user: User | None) -> HelpRequest | None:
    """The candidate's latest request that no coach has handled yet."""
    if user is None:
        return None
    return db.session.scalar(
        sa.select(HelpRequest)
        .where(HelpRequest.user_id == user.id, HelpRequest.status == RequestStatus.NEW)
        .order_by(HelpRequest.id.desc())
        .limit(1)
    )


# --- asking --------------------------------------------------------------------------------------------------

# The same request sent again within this time (a double click, a reload after the POST) is one request.
RESEND_WINDOW = timedelta(minutes=30)


def ask_for_help(applicant: Applicant, *, user: User | None = None, referral: Referral | None = None) -> HelpRequest:
    """Record the request in the queue of the zone of the person's commune, tell that zone's coach (or the
    association when the zone has none), and acknowledge it: to the person when they gave an address, to the
    adviser for a referral."""
    existing = _same_request(applicant, user, referral)
    if existing is not None:
        return existing
    request = HelpRequest(
        user_id=user.id if user is not None else None,
        first_name=applicant.first_name,
        last_name=applicant.last_name,
        phone=applicant.phone,
        email=applicant.email,
        commune_insee=applicant.commune.insee,
        zone=applicant.commune.zone,
        looking_for=applicant.looking_for,
        when_to_call=WHEN_TO_CALL.get(applicant.when_to_call, "") if applicant.phone else "",
        consent_at=utcnow(),
        status=RequestStatus.NEW,
    )
    if referral is not None:
        request.partner_kind = referral.kind
        request.partner_organisation = referral.organisation
        request.adviser_name = referral.adviser_name
        request.adviser_email = referral.adviser_email
        request.adviser_phone = referral.adviser_phone
        request.adviser_informed = referral.adviser_informed
    db.session.add(request)
    db.session.flush()
    _tell_coach(request)
    _acknowledge(request)
    db.session.flush()
    return request


def _same_request(applicant: Applicant, user: User | None, referral: Referral | None) -> HelpRequest | None:
    return db.session.scalar(
        sa.select(HelpRequest)
        .where(
            HelpRequest.status == RequestStatus.NEW,
            HelpRequest.created_at >= utcnow() - RESEND_WINDOW,
            HelpRequest.first_name == applicant.first_name,
            HelpRequest.last_name == applicant.last_name,
            HelpRequest.phone == applicant.phone,
            HelpRequest.email == applicant.email,
            HelpRequest.commune_insee == applicant.commune.insee,
            HelpRequest.user_id.is_(None) if user is None else HelpRequest.user_id == user.id,
            HelpRequest.adviser_email == (referral.adviser_email if referral else ""),
        )
        .order_by(HelpRequest.id.desc())
        .limit(1)
    )


def contact_mode(request: HelpRequest) -> str:
    """How the coach will reach the person, in words that follow "Votre coach vous contactera"."""
    if request.phone:
        return f"par téléphone, {request.when_to_call or WHEN_TO_CALL['peu-importe']}"
    return "par courriel"


def _tell_coach(request: HelpRequest) -> None:
    coach = coach_of(request.zone)
    recipient = coach.email if coach is not None else current_app.config["ASSOCIATION_EMAIL"]
    kind = "Orientation" if request.is_referral else "Demande d'accompagnement"
    queue_mail(
        recipient,
        "help_request_coach",
        f"{kind} — {request.first_name} ({request.commune.name})",
        dedup_key=f"help-request:{request.id}:coach",
        about_user_id=request.user_id,
        help_request=request,
        coach=coach,
        queue_url=url_for("accompaniment.requests", zone=request.zone, _external=True),
    )


def _acknowledge(request: HelpRequest) -> None:
    coach = coach_of(request.zone)
    context = {"help_request": request, "coach": coach, "contact_mode": contact_mode(request)}
    if request.is_referral:
        queue_mail(
            request.adviser_email,
            "help_request_referred",
            f"Orientation de {request.first_name} {request.last_name[:1]}. bien reçue".replace(" .", ""),
            dedup_key=f"help-request:{request.id}:adviser",
            **context,
        )
    elif request.email:
        queue_mail(
            request.email,
            "help_request_received",
            "Votre demande d'accompagnement est bien reçue",
            dedup_key=f"help-request:{request.id}:person",
            about_user_id=request.user_id,
            **context,
        )


# --- the coaches' queue --------------------------------------------------------------------------------------

HANDLED_DAYS = 30


def requests_query(zone: str | None, handled: bool = False):
    """The new requests of a zone (every zone for None), oldest first: the longest waiting come first. Handled:
    those opened or filed in the last HANDLED_DAYS days, latest first."""
    stmt = sa.select(HelpRequest).options(
        selectinload(HelpRequest.commune), selectinload(HelpRequest.user), selectinload(HelpRequest.handled_by)
    )
    if zone:
        stmt = stmt.where(HelpRequest.zone == zone)
    if handled:
        since = utcnow() - timedelta(days=HANDLED_DAYS)
        return stmt.where(HelpRequest.status != RequestStatus.NEW, HelpRequest.handled_at >= since).order_by(
            HelpRequest.handled_at.desc(), HelpRequest.id.desc()
        )
    return stmt.where(HelpRequest.status == RequestStatus.NEW).order_by(HelpRequest.created_at, HelpRequest.id)


def new_counts() -> dict[Zone, int]:
    """How many requests wait in each zone (every zone, zero included)."""
    rows = db.session.execute(
        sa.select(HelpRequest.zone, sa.func.count())
        .where(HelpRequest.status == RequestStatus.NEW)
        .group_by(HelpRequest.zone)
    )
    counts = dict.fromkeys(Zone, 0)
    for zone, count in rows:
        counts[Zone(zone)] = count
    return counts


def waiting_days(request: HelpRequest, now: datetime | None = None) -> int:
    return max(0, ((now or utcnow()) - request.created_at).days)


def file_request(request: HelpRequest, by: User, reason: str = "") -> bool:
    """The coach files the request without opening a record; False when it was already handled."""
    if request.status != RequestStatus.NEW:
        return False
    request.status = RequestStatus.FILED
    request.filed_reason = (reason or "").strip()[:300]
    request.handled_at = utcnow()
    request.handled_by_id = by.id
    db.session.flush()
    return True
