"""The CV-thèque's rules: searching visible profiles, seeing one, contact requests, saved searches."""

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

import sqlalchemy as sa
from flask import url_for
from markupsafe import Markup
from sqlalchemy.orm import joinedload, selectinload

from portal.accounts.models import User
from portal.candidates.models import CandidateProfile
from portal.clock import utcnow
from portal.criteria import AROUND, CONTRACTS, DAY, FLAG, METIERS, ORDERED, TIMES, ZONES, Param, Q, SearchCriteria
from portal.cvtheque.documents import INDEX, anonymised
from portal.cvtheque.models import ContactRequest, ContactStatus, ProfileAccess, SavedSearch, Viewer
from portal.cvtheque.signals import saved_search_changed, saved_search_deleting
from portal.extensions import db
from portal.mail.services import queue_mail
from portal.search import AtMost, Hit, Index, Order, Paging, ParsedQuery, SearchRequest, Terms, open_index
from portal.tokens import TokenError, make_token, read_token

PER_PAGE = 20
FACETS = ("metier", "zone", "contract", "time", "licence")
CONTACT_TOKEN_MAX_AGE = 30 * 24 * 3600
MAX_SAVED_SEARCHES = 30


# --- searching -----------------------------------------------------------------------------------


@dataclass
class Criteria(SearchCriteria):
    available_before: date | None = None
    licence: bool = False
    order: str = "pertinence"

    PARAMS: ClassVar[tuple[Param, ...]] = (
        Q,
        METIERS,
        ZONES,
        CONTRACTS,
        TIMES,
        ORDERED,
        *AROUND,
        Param("available_before", "dispo", DAY),
        Param("licence", "permis", FLAG),
    )

    def filters(self, within: dict | None = None) -> list:
        filters = self.common_filters(within)
        if self.available_before:
            filters.append(AtMost("available", int(self.available_before.strftime("%Y%m%d"))))
        if self.licence:
            filters.append(Terms("licence", ["oui"]))
        return filters


@dataclass
class Card:
    profile_id: int
    name: str | None  # None for anonymous profiles
    metiers: list[str]
    zone: str
    commune: str
    mobility_km: int
    available_from: date | None
    cv_date: date | None
    experience_years: int | None
    extracts: list[Markup]
    accepts_offers: bool = False


@dataclass
class ResultPage(Paging):
    """The page of results, with what the pagination macro reads."""

    cards: list[Card]
    total: int
    page: int
    facets: dict[str, dict[str, int]]
    parsed: ParsedQuery
    per_page: int = PER_PAGE


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def search(criteria: Criteria, page: int = 1) -> ResultPage:
    """One page of visible profiles matching the criteria, with facet counts and extracts."""
    page = max(1, page)
    index = open_index(INDEX)
    found = index.search(
        SearchRequest(
            criteria.q,
            criteria.filters(),
            facets=FACETS,
            order=Order.RECENT if criteria.order == "recent" else Order.RELEVANCE,
            page=page,
            per_page=PER_PAGE,
            extracts=2,
        )
    )
    parsed = found.query
    ids = [int(hit.id) for hit in found.hits]
    # The database has the last word: a profile withdrawn a moment ago is not shown, even if still indexed.
    rows = {
        profile.id: (profile, user)
        for profile, user in db.session.execute(
            sa.select(CandidateProfile, User)
            .join(User, User.id == CandidateProfile.user_id)
            .where(CandidateProfile.id.in_(ids), CandidateProfile.visible.is_(True), User.disabled.is_(False))
        )
    }
    cards = []
    for hit in found.hits:
        profile_id = int(hit.id)
        if profile_id not in rows:
            continue
        profile, user = rows[profile_id]
        stored = hit.fields
        cards.append(
            Card(
                profile_id=profile_id,
                name=None if profile.anonymous else user.full_name,
                metiers=stored.get("metiers", []),
                zone=stored.get("zone_label", ""),
                # Anonymous: the zone only, even from an index written before the profile became anonymous.
                commune="" if profile.anonymous else stored.get("commune_label", ""),
                mobility_km=stored.get("mobility_km", 0),
                available_from=_day(stored.get("available_label")),
                cv_date=_day(stored.get("cv_date")),
                experience_years=stored.get("experience_years"),
                extracts=_extracts(index, hit, profile, user, parsed),
                accepts_offers=profile.accepts_offers,
            )
        )
    return ResultPage(cards=cards, total=found.total, page=page, facets=found.facets, parsed=parsed)


def _extracts(index: Index, hit: Hit, profile: CandidateProfile, user: User, parsed: ParsedQuery) -> list[Markup]:
    """Extracts of the indexed text, redacted again if the profile is anonymous and changed since it was indexed.

    Anonymous documents are redacted before indexing; but a profile that turned anonymous a moment ago
    may still be indexed as it was (a crash between the commit and the index leaves it so until the
    next sync). The database has the last word here too.
    """
    stored = hit.fields
    if profile.anonymous and int(profile.updated_at.timestamp() * 1_000_000) > stored.get("updated", 0):
        return index.extracts(anonymised(stored.get("content", ""), profile, user), parsed)
    return hit.extracts


# --- seeing a profile ----------------------------------------------------------------------------


def visible_profile(profile_id: int) -> CandidateProfile | None:
    """A profile members may see: visible, its account active. Anything else is as if it did not exist."""
    return db.session.scalar(
        sa.select(CandidateProfile)
        .join(User, User.id == CandidateProfile.user_id)
        .where(CandidateProfile.id == profile_id, CandidateProfile.visible.is_(True), User.disabled.is_(False))
        .options(selectinload(CandidateProfile.metiers), selectinload(CandidateProfile.files))
    )


def owner(profile: CandidateProfile) -> User:
    return db.session.get(User, profile.user_id)


def contact_request(profile: CandidateProfile, structure_id: int | None) -> ContactRequest | None:
    if structure_id is None:
        return None
    return db.session.scalar(
        sa.select(ContactRequest).where(
            ContactRequest.profile_id == profile.id, ContactRequest.structure_id == structure_id
        )
    )


def identity_shown(profile: CandidateProfile, viewer: User) -> bool:
    """Name, contact, photo and CV file: always for staff; for members unless anonymous and not yet accepted."""
    if viewer.is_staff or not profile.anonymous:
        return True
    request = contact_request(profile, viewer.structure_id)
    return request is not None and request.status == ContactStatus.ACCEPTED


def shown_texts(profile: CandidateProfile, identity: bool) -> tuple[str, str]:
    """Presentation and diplomas as a member may read them: without anything identifying when anonymous."""
    if identity:
        return profile.presentation, profile.diplomas
    user = owner(profile)
    return anonymised(profile.presentation, profile, user), anonymised(profile.diplomas, profile, user)


def log_access(profile: CandidateProfile, viewer: User, kind: str) -> None:
    """Anyone's view or download but the owner's is logged for the candidate: members under their structure,
    the association's coaches and admins under their role."""
    if viewer.id == profile.user_id:
        return
    if viewer.is_staff:
        access = ProfileAccess(viewer=Viewer(viewer.role), structure_id=None)
    elif viewer.structure_id is not None:
        access = ProfileAccess(viewer=Viewer.MEMBER, structure_id=viewer.structure_id)
    else:
        raise ValueError("Only members and the association's staff read profiles")
    access.profile_id, access.user_id, access.kind = profile.id, viewer.id, kind
    db.session.add(access)
    db.session.flush()


def access_log(profile: CandidateProfile, limit: int | None = 200) -> list[ProfileAccess]:
    return db.session.scalars(
        sa.select(ProfileAccess)
        .where(ProfileAccess.profile_id == profile.id)
        .options(joinedload(ProfileAccess.structure))
        .order_by(ProfileAccess.at.desc(), ProfileAccess.id.desc())
        .limit(limit)
    ).all()


# --- contact requests ----------------------------------------------------------------------------


class ContactRefused(ValueError):
    """Why a contact request cannot be sent, in French."""


def contact_token(request: ContactRequest) -> str:
    return make_token("cvtheque-contact", request.id)


def request_from_token(token: str) -> ContactRequest | None:
    try:
        request_id = read_token("cvtheque-contact", token, max_age=CONTACT_TOKEN_MAX_AGE)
    except TokenError:
        return None
    return db.session.get(ContactRequest, request_id) if isinstance(request_id, int) else None


def ask_contact(profile: CandidateProfile, sender: User, message: str) -> ContactRequest:
    if sender.structure_id is None:
        raise ContactRefused("Seuls les recruteurs d'une structure adhérente peuvent demander un contact.")
    if contact_request(profile, sender.structure_id) is not None:
        raise ContactRefused("Votre structure a déjà envoyé une demande à cette personne.")
    request = ContactRequest(
        profile_id=profile.id, structure_id=sender.structure_id, sender_id=sender.id, message=message.strip()
    )
    db.session.add(request)
    db.session.flush()
    candidate = owner(profile)
    token = contact_token(request)
    queue_mail(
        candidate.email,
        "contact_request",
        f"{sender.structure.name} souhaite vous contacter",
        dedup_key=f"contact-request:{request.id}",
        about_user_id=candidate.id,
        user=candidate,
        request=request,
        structure=sender.structure,
        answer_url=url_for("cvtheque.answer_by_link", token=token, _external=True),
        dashboard_url=url_for("cvtheque.my_cvtheque", _external=True),
    )
    db.session.flush()
    return request


def answer_contact(request: ContactRequest, accept: bool) -> bool:
    """The candidate's answer; False when it was already answered (the first answer stands)."""
    if request.status != ContactStatus.PENDING:
        return False
    request.status = ContactStatus.ACCEPTED if accept else ContactStatus.DECLINED
    request.answered_at = utcnow()
    if request.sender is not None and request.sender.is_active:
        queue_mail(
            request.sender.email,
            "contact_answer",
            "Votre demande de contact a été acceptée" if accept else "Votre demande de contact a été refusée",
            # Tells a recruiter about the candidate: erased with the candidate's account.
            dedup_key=f"contact-answer:{request.id}",
            about_user_id=db.session.scalar(
                sa.select(CandidateProfile.user_id).where(CandidateProfile.id == request.profile_id)
            ),
            user=request.sender,
            request=request,
            accepted=accept,
            profile_url=url_for("cvtheque.profile", profile_id=request.profile_id, _external=True),
        )
    db.session.flush()
    return True


def requests_for(profile: CandidateProfile) -> list[ContactRequest]:
    return db.session.scalars(
        sa.select(ContactRequest)
        .where(ContactRequest.profile_id == profile.id)
        .options(joinedload(ContactRequest.structure), selectinload(ContactRequest.sender))
        .order_by(ContactRequest.created_at.desc())
    ).all()


# --- saved searches ------------------------------------------------------------------------------


class SaveRefused(ValueError):
    pass


def saved_searches(user: User) -> list[SavedSearch]:
    return db.session.scalars(
        sa.select(SavedSearch).where(SavedSearch.user_id == user.id).order_by(SavedSearch.name)
    ).all()


def save_search(user: User, name: str, args: dict) -> SavedSearch:
    name = name.strip()
    existing = db.session.scalar(sa.select(SavedSearch).where(SavedSearch.user_id == user.id, SavedSearch.name == name))
    if existing is not None:
        existing.criteria = args  # same name: the member updates that search, and what follows it (its alert)
        saved_search_changed.send(existing, criteria=args)
        db.session.flush()
        return existing
    if len(saved_searches(user)) >= MAX_SAVED_SEARCHES:
        raise SaveRefused(f"Vous avez déjà {MAX_SAVED_SEARCHES} recherches enregistrées : supprimez-en une.")
    saved = SavedSearch(user_id=user.id, name=name, criteria=args)
    db.session.add(saved)
    db.session.flush()
    return saved


def own_saved_search(user: User, saved_id: int) -> SavedSearch | None:
    return db.session.scalar(sa.select(SavedSearch).where(SavedSearch.id == saved_id, SavedSearch.user_id == user.id))


def delete_saved_search(saved: SavedSearch) -> None:
    saved_search_deleting.send(saved)  # what follows it (its alert) goes first
    db.session.delete(saved)
    db.session.flush()
