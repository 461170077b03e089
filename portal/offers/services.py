"""Job offers: a recruiter's structure writes, publishes, closes and duplicates them; the association may withdraw one."""

from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload
from markupsafe import Markup, escape

from flask import url_for

from portal.accounts.models import Membership, User
from portal.clock import today_in_paris, utcnow
from portal.communes.models import Commune
from portal.communes.services import commune_by_label, insee_within
from portal.extensions import db
from portal.mail.services import queue_mail
from portal.offers.documents import INDEX as OFFERS_INDEX
from portal.candidates.models import CandidateFile, CandidateProfile
from portal.offers.signals import offer_published
from portal.offers.models import (Application, ApplicationStatus, JobOffer, OfferProposal, OfferStatus,
                                  ProposalStatus)
from portal.search import AtLeast, Order, Paging, ParsedQuery, SearchRequest, Terms, open_index
from portal.structures.models import Structure

DEFAULT_DAYS = 60
# What a list shows of each offer besides the offer itself: loaded with the offers, never one query per row.
OFFER_CARD = (joinedload(JobOffer.structure), joinedload(JobOffer.metier), joinedload(JobOffer.commune))
EDITABLE_FIELDS = ("title", "metier_id", "contract_type", "working_time", "weekly_hours", "schedule_notes",
                   "commune_insee", "salary_min", "salary_max", "start_date", "description", "diploma_required",
                   "diploma", "licence_required", "expires_on")


class OfferRefused(ValueError):
    """Why this cannot be done to the offer, in French."""


def default_expiry():
    return today_in_paris() + timedelta(days=DEFAULT_DAYS)


def offers_of(structure: Structure) -> list[JobOffer]:
    return db.session.scalars(sa.select(JobOffer).where(JobOffer.structure_id == structure.id).options(*OFFER_CARD)
                              .order_by(JobOffer.created_at.desc(), JobOffer.id.desc())).all()


def own_offer(user: User, offer_id: int) -> JobOffer | None:
    """An offer of the user's own structure; any other is as if it did not exist."""
    return db.session.scalar(sa.select(JobOffer).where(JobOffer.id == offer_id,
                                                       JobOffer.structure_id == user.structure_id))


def create_offer(user: User, **fields) -> JobOffer:
    offer = JobOffer(structure_id=user.structure_id, created_by_id=user.id, status=OfferStatus.DRAFT,
                     **{name: fields[name] for name in EDITABLE_FIELDS})
    db.session.add(offer)
    db.session.flush()
    return offer


def update_offer(offer: JobOffer, **fields) -> None:
    if offer.status == OfferStatus.UNPUBLISHED:
        raise OfferRefused("Cette offre a été retirée par l'association : dupliquez-la pour en publier une corrigée.")
    for name in EDITABLE_FIELDS:
        setattr(offer, name, fields[name])
    db.session.flush()


def publish_offer(offer: JobOffer) -> None:
    if offer.status == OfferStatus.UNPUBLISHED:
        raise OfferRefused("Cette offre a été retirée par l'association : dupliquez-la pour en publier une corrigée.")
    if offer.expires_on < today_in_paris():
        raise OfferRefused("La date d'expiration est passée : modifiez-la avant de publier.")
    offer.status, offer.published_at, offer.closed_at = OfferStatus.PUBLISHED, utcnow(), None
    offer_published.send(offer)
    db.session.flush()


def close_offer(offer: JobOffer) -> None:
    if offer.status != OfferStatus.PUBLISHED:
        raise OfferRefused("Seule une offre publiée peut être close.")
    offer.status, offer.closed_at = OfferStatus.CLOSED, utcnow()
    db.session.flush()


def duplicate_offer(offer: JobOffer, user: User) -> JobOffer:
    """A new draft with the same content, a fresh expiry, and no start date already past."""
    copy = JobOffer(structure_id=offer.structure_id, created_by_id=user.id, status=OfferStatus.DRAFT,
                    **{name: getattr(offer, name) for name in EDITABLE_FIELDS})
    copy.title = f"{offer.title} (copie)"[:120]
    copy.expires_on = default_expiry()
    if copy.start_date is not None and copy.start_date < today_in_paris():
        copy.start_date = None
    db.session.add(copy)
    db.session.flush()
    return copy


def unpublish_offer(offer: JobOffer, reason: str) -> None:
    """The association withdraws an offer; the structure's recruiters are told why."""
    offer.status, offer.unpublished_reason, offer.closed_at = OfferStatus.UNPUBLISHED, reason.strip(), utcnow()
    for recruiter in offer.structure.recruiters:
        if recruiter.membership == Membership.ACTIVE and recruiter.is_active:
            queue_mail(recruiter.email, "offer_unpublished", f"Votre offre « {offer.title} » a été retirée",
                       dedup_key=f"offer-unpublished:{offer.id}:{recruiter.id}:{offer.closed_at:%Y%m%d%H%M%S}",
                       about_user_id=recruiter.id, user=recruiter, offer=offer,
                       offer_url=url_for("offers.preview", offer_id=offer.id, _external=True))
    db.session.flush()


# --- finding offers ------------------------------------------------------------------------------

PER_PAGE = 20
FACETS = ("metier", "zone", "contract", "time", "diploma", "licence")


@dataclass
class OfferCriteria:
    q: str = ""
    metiers: list[str] = field(default_factory=list)
    zones: list[str] = field(default_factory=list)
    commune: Commune | None = None
    radius_km: int = 20
    contracts: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    diploma: str = ""  # "", "oui" (required) or "non" (not required)
    licence: str = ""
    order: str = "date"

    def filters(self, today: date, within: dict | None = None) -> list:
        filters = [AtLeast("expires", int(today.strftime("%Y%m%d")))]
        for name, values in (("metier", self.metiers), ("zone", self.zones), ("contract", self.contracts),
                             ("time", self.times)):
            if values:
                filters.append(Terms(name, values))
        if self.commune is not None:
            filters.append(Terms("commune", insee_within(self.commune, self.radius_km, within)))
        if self.diploma:
            filters.append(Terms("diploma", [self.diploma]))
        if self.licence:
            filters.append(Terms("licence", [self.licence]))
        return filters

    @classmethod
    def from_args(cls, args: dict, communes: dict | None = None) -> "OfferCriteria":
        """The inverse of as_args, for criteria saved from it (alerts); `communes` caches the label lookups."""
        return cls(q=args.get("q", ""), metiers=list(args.get("metier", [])), zones=list(args.get("zone", [])),
                   commune=commune_by_label(args.get("commune"), communes), radius_km=int(args.get("rayon", 20)),
                   contracts=list(args.get("contrat", [])), times=list(args.get("temps", [])),
                   diploma=args.get("diplome", ""), licence=args.get("permis", ""), order=args.get("tri") or "date")

    def as_args(self) -> dict:
        args = {"q": self.q, "metier": self.metiers, "zone": self.zones, "contrat": self.contracts,
                "temps": self.times, "diplome": self.diploma, "permis": self.licence,
                "tri": self.order if self.order != "date" else ""}
        if self.commune is not None:
            args |= {"commune": self.commune.label, "rayon": self.radius_km}
        return {key: value for key, value in args.items() if value not in ("", [], None)}


@dataclass
class OfferPage(Paging):
    offers: list[JobOffer]
    extracts: dict[int, list[Markup]]
    total: int
    page: int
    facets: dict[str, dict[str, int]]
    parsed: ParsedQuery
    per_page: int = PER_PAGE


def search_offers(criteria: OfferCriteria, page: int = 1) -> OfferPage:
    """Open offers matching the criteria: newest first, or by relevance when words were typed."""
    page = max(1, page)
    index = open_index(OFFERS_INDEX)
    found = index.search(SearchRequest(
        criteria.q, criteria.filters(today_in_paris()), facets=FACETS,
        order=Order.RELEVANCE if criteria.order == "pertinence" else Order.RECENT, page=page, per_page=PER_PAGE))
    parsed = found.query
    ids = [int(hit.id) for hit in found.hits]
    by_id = {o.id: o for o in db.session.scalars(sa.select(JobOffer).where(
        JobOffer.id.in_(ids), _public(OfferStatus.PUBLISHED)).options(*OFFER_CARD)).unique()}
    offers = [by_id[i] for i in ids if i in by_id]
    # Extracts from the description only: the title and the employer are on the card already.
    excerpts = {o.id: index.extracts(o.description, parsed, count=1) for o in offers} if parsed.tree is not None else {}
    return OfferPage(offers=offers, extracts=excerpts, total=found.total, page=page, facets=found.facets,
                     parsed=parsed)


def _public(*statuses: str):
    """What the public may see of offers, the one rule every public list, page, feed and alert goes through:
    offers in these states, of a structure the association approves (see JobOffer.structure_approved)."""
    return sa.and_(JobOffer.status.in_(statuses), JobOffer.structure_approved)


def public_offer(offer_id: int) -> JobOffer | None:
    """Published offers, open, expired or filled; drafts and withdrawn ones do not exist for the public."""
    return db.session.scalar(sa.select(JobOffer).where(
        JobOffer.id == offer_id, _public(OfferStatus.PUBLISHED, OfferStatus.CLOSED)))


def _open_offers():
    return (sa.select(JobOffer).where(_public(OfferStatus.PUBLISHED), JobOffer.expires_on >= today_in_paris())
            .options(*OFFER_CARD).order_by(JobOffer.published_at.desc(), JobOffer.id.desc()))


def similar_offers(offer: JobOffer, limit: int = 3) -> list[JobOffer]:
    return db.session.scalars(_open_offers().where(JobOffer.metier_id == offer.metier_id, JobOffer.id != offer.id)
                              .limit(limit)).unique().all()


def open_offers_for_metier(metier_id: int, limit: int = 5) -> list[JobOffer]:
    return db.session.scalars(_open_offers().where(JobOffer.metier_id == metier_id).limit(limit)).unique().all()


def latest_offers(limit: int = 50) -> list[JobOffer]:
    return db.session.scalars(_open_offers().limit(limit)).unique().all()


EMPLOYMENT_TYPES = {"cdi": "FULL_TIME", "cdd": "TEMPORARY", "interim": "TEMPORARY", "alternance": "INTERN",
                    "stage": "INTERN", "vacation": "PER_DIEM"}


def job_posting(offer: JobOffer, url: str) -> dict:
    """schema.org JobPosting, with the fields Google requires (title, description, datePosted,
    hiringOrganization, jobLocation) and the recommended ones we know."""
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": offer.title,
        "description": "".join(f"<p>{escape(p)}</p>" for p in offer.description.split("\n\n") if p.strip()),
        "datePosted": (offer.published_at or offer.created_at).date().isoformat(),
        "validThrough": f"{offer.expires_on.isoformat()}T23:59:59+01:00",
        "employmentType": "PART_TIME" if offer.working_time == "partiel" else EMPLOYMENT_TYPES[offer.contract_type],
        "hiringOrganization": {"@type": "Organization", "name": offer.structure.name},
        "jobLocation": {"@type": "Place", "address": {
            "@type": "PostalAddress", "addressLocality": offer.commune.name,
            "postalCode": offer.commune.postal_code, "addressRegion": "Normandie", "addressCountry": "FR"}},
        "url": url,
        "identifier": {"@type": "PropertyValue", "name": offer.structure.name, "value": str(offer.id)},
    }
    if offer.salary_min or offer.salary_max:
        value = {"@type": "QuantitativeValue", "unitText": "MONTH"}
        if offer.salary_min:
            value["minValue"] = offer.salary_min
        if offer.salary_max:
            value["maxValue"] = offer.salary_max
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "EUR", "value": value}
    return data


# --- applying ------------------------------------------------------------------------------------

class ApplicationRefused(ValueError):
    """Why this application cannot be made or changed, in French."""


def application_of(candidate: User, offer: JobOffer) -> Application | None:
    return db.session.scalar(sa.select(Application).where(Application.offer_id == offer.id,
                                                          Application.candidate_id == candidate.id))


def apply(candidate: User, offer: JobOffer, cv: CandidateFile | None, message: str) -> Application:
    """One application per person and offer, to an open offer; recruiters and the candidate get a mail."""
    if offer.state(today_in_paris()) != OfferStatus.PUBLISHED or not offer.structure_approved:
        raise ApplicationRefused("Cette offre n'est plus ouverte : vous ne pouvez plus y répondre.")
    existing = application_of(candidate, offer)
    if existing is not None and existing.status != ApplicationStatus.WITHDRAWN:
        raise ApplicationRefused("Vous avez déjà répondu à cette offre.")
    if existing is not None:  # applying again after withdrawing
        existing.status, existing.cv_id, existing.message = ApplicationStatus.RECEIVED, cv.id if cv else None, message
        existing.status_changed_at, application = utcnow(), existing
    else:
        application = Application(offer_id=offer.id, candidate_id=candidate.id, cv_id=cv.id if cv else None,
                                  message=message.strip())
        try:
            with db.session.begin_nested():
                db.session.add(application)
        except sa.exc.IntegrityError:  # the same person, twice at once
            raise ApplicationRefused("Vous avez déjà répondu à cette offre.") from None
    # However the candidate came to apply, an offer proposed to them is now answered.
    db.session.execute(
        sa.update(OfferProposal)
        .where(OfferProposal.offer_id == offer.id, OfferProposal.status != ProposalStatus.APPLIED,
               OfferProposal.profile_id.in_(sa.select(CandidateProfile.id)
                                            .where(CandidateProfile.user_id == candidate.id)))
        .values(status=ProposalStatus.APPLIED, answered_at=utcnow()))
    db.session.flush()
    stamp = f"{application.id}:{utcnow():%Y%m%d%H%M%S%f}"
    manage_url = url_for("offers.applications", offer_id=offer.id, _external=True)
    for recruiter in offer.structure.recruiters:
        if recruiter.membership == Membership.ACTIVE and recruiter.is_active:
            queue_mail(recruiter.email, "application_received", f"Nouvelle candidature : {offer.title}",
                       # Names the candidate: erased with the candidate's account.
                       dedup_key=f"application-received:{stamp}:{recruiter.id}", about_user_id=candidate.id,
                       user=recruiter, offer=offer,
                       candidate=candidate, application=application, manage_url=manage_url)
    queue_mail(candidate.email, "application_sent", f"Votre candidature : {offer.title}",
               dedup_key=f"application-sent:{stamp}", about_user_id=candidate.id, user=candidate, offer=offer,
               dashboard_url=url_for("offers.my_applications", _external=True))
    db.session.flush()
    return application


def withdraw(application: Application) -> None:
    if application.status in (ApplicationStatus.HIRED, ApplicationStatus.WITHDRAWN):
        raise ApplicationRefused("Cette candidature ne peut plus être retirée.")
    application.status, application.status_changed_at = ApplicationStatus.WITHDRAWN, utcnow()
    db.session.flush()


def applications_to(offer: JobOffer) -> list[Application]:
    return db.session.scalars(sa.select(Application).where(Application.offer_id == offer.id)
                              .options(selectinload(Application.candidate), selectinload(Application.cv))
                              .order_by(Application.created_at.desc())).all()


def applications_of(candidate: User) -> list[Application]:
    return db.session.scalars(sa.select(Application).where(Application.candidate_id == candidate.id)
                              .options(*[joinedload(Application.offer).options(o) for o in OFFER_CARD])
                              .order_by(Application.created_at.desc())).all()


def set_status(application: Application, status: str, message: str) -> None:
    """The recruiter moves the application on; the candidate sees it in the dashboard and by mail."""
    if status not in ApplicationStatus.CHOICES:
        raise ApplicationRefused("État inconnu.")
    if application.status == ApplicationStatus.WITHDRAWN:
        raise ApplicationRefused("La personne a retiré sa candidature.")
    if status == application.status and not message.strip():
        return
    application.status, application.status_message = status, message.strip()
    application.status_changed_at = utcnow()
    candidate = application.candidate
    queue_mail(candidate.email, "application_status", f"Votre candidature : {application.offer.title}",
               dedup_key=f"application-status:{application.id}:{application.status_changed_at:%Y%m%d%H%M%S%f}",
               about_user_id=candidate.id, user=candidate, application=application,
               dashboard_url=url_for("offers.my_applications", _external=True))
    db.session.flush()


# --- proposing an offer to a CV-thèque candidate -------------------------------------------------

class ProposalRefused(ValueError):
    """Why this offer cannot be proposed, or the proposal answered, in French."""


PROPOSAL_MESSAGE = "Candidature envoyée en réponse à la proposition de votre structure."


def proposals_to(profile: CandidateProfile, structure_id: int | None) -> list[OfferProposal]:
    """What this structure already proposed to the person, newest first."""
    if structure_id is None:
        return []
    return db.session.scalars(
        sa.select(OfferProposal).join(JobOffer, JobOffer.id == OfferProposal.offer_id)
        .where(OfferProposal.profile_id == profile.id, JobOffer.structure_id == structure_id)
        .options(*[joinedload(OfferProposal.offer).options(o) for o in OFFER_CARD])
        .order_by(OfferProposal.created_at.desc())).all()


def proposable_offers(profile: CandidateProfile, structure_id: int | None) -> list[JobOffer]:
    """The structure's open offers not yet proposed to the person nor answered by them."""
    if structure_id is None:
        return []
    already = sa.select(OfferProposal.offer_id).where(OfferProposal.profile_id == profile.id)
    applied = sa.select(Application.offer_id).where(Application.candidate_id == profile.user_id)
    return db.session.scalars(
        _open_offers().where(JobOffer.structure_id == structure_id, JobOffer.id.not_in(already),
                             JobOffer.id.not_in(applied))).unique().all()


def propose_offer(sender: User, offer_id: int, profile: CandidateProfile, message: str) -> OfferProposal:
    """Send one of the sender's open offers to a candidate who accepts offers; once per offer and person."""
    offer = own_offer(sender, offer_id)
    if offer is None or offer.state(today_in_paris()) != OfferStatus.PUBLISHED:
        raise ProposalRefused("Choisissez une offre ouverte de votre structure.")
    if not profile.accepts_offers:
        raise ProposalRefused("Cette personne ne souhaite pas recevoir d'offres.")
    if db.session.scalar(sa.select(Application.id).where(Application.offer_id == offer.id,
                                                         Application.candidate_id == profile.user_id)):
        raise ProposalRefused("Cette personne a déjà répondu à cette offre.")
    proposal = OfferProposal(offer_id=offer.id, profile_id=profile.id, sender_id=sender.id, message=message.strip())
    try:
        with db.session.begin_nested():
            db.session.add(proposal)
    except sa.exc.IntegrityError:  # the unique (offer, profile): proposed already, perhaps a moment ago
        raise ProposalRefused("Votre structure a déjà proposé cette offre à cette personne.") from None
    candidate = db.session.get(User, profile.user_id)
    queue_mail(candidate.email, "offer_proposal", f"{offer.structure.name} vous propose une offre : {offer.title}",
               dedup_key=f"offer-proposal:{proposal.id}", about_user_id=candidate.id, user=candidate,
               proposal=proposal, offer=offer,
               offer_url=url_for("offers.detail", offer_id=offer.id, _external=True),
               answer_url=url_for("offers.my_proposals", _external=True))
    db.session.flush()
    return proposal


def proposals_for(candidate: User) -> list[OfferProposal]:
    return db.session.scalars(
        sa.select(OfferProposal).join(CandidateProfile, CandidateProfile.id == OfferProposal.profile_id)
        .where(CandidateProfile.user_id == candidate.id).order_by(OfferProposal.created_at.desc())
        .options(*[joinedload(OfferProposal.offer).options(o) for o in OFFER_CARD])).all()


def unanswered_proposals(candidate: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(OfferProposal.id)).join(CandidateProfile, CandidateProfile.id == OfferProposal.profile_id)
        .where(CandidateProfile.user_id == candidate.id, OfferProposal.status == ProposalStatus.SENT))


def own_proposal(candidate: User, proposal_id: int) -> OfferProposal | None:
    return next((p for p in proposals_for(candidate) if p.id == proposal_id), None)


def decline_proposal(proposal: OfferProposal) -> None:
    if proposal.status != ProposalStatus.SENT:
        raise ProposalRefused("Vous avez déjà répondu à cette proposition.")
    proposal.status, proposal.answered_at = ProposalStatus.DECLINED, utcnow()
    db.session.flush()


def apply_from_proposal(candidate: User, proposal: OfferProposal) -> Application:
    """Apply in one click, with the CV shown in the CV-thèque (else the latest one on file, if any)."""
    if proposal.status != ProposalStatus.SENT:
        raise ProposalRefused("Vous avez déjà répondu à cette proposition.")
    profile = db.session.get(CandidateProfile, proposal.profile_id)
    cv = next((f for f in profile.files if f.shown), profile.files[-1] if profile.files else None)
    try:
        return apply(candidate, proposal.offer, cv, PROPOSAL_MESSAGE)
    except ApplicationRefused as exc:
        raise ProposalRefused(str(exc)) from None
