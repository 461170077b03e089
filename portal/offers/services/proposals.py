"""Job offers proposed by a structure to a CV-thèque candidate, and the candidate's answer."""

import sqlalchemy as sa
from flask import url_for
from sqlalchemy.orm import joinedload

from portal.accounts.models import User
from portal.candidates.models import CandidateProfile
from portal.clock import today_in_paris, utcnow
from portal.extensions import db
from portal.mail.services import queue_mail
from portal.offers.models import Application, JobOffer, OfferProposal, OfferStatus, ProposalStatus
from portal.offers.services.applications import ApplicationRefused, apply
from portal.offers.services.publishing import own_offer
from portal.offers.services.search import OFFER_CARD, open_offers_query


class ProposalRefused(ValueError):
    """Why this offer cannot be proposed, or the proposal answered, in French."""


PROPOSAL_MESSAGE = "Candidature envoyée en réponse à la proposition de votre structure."


def proposals_to(profile: CandidateProfile, structure_id: int | None) -> list[OfferProposal]:
    """What this structure already proposed to the person, newest first."""
    if structure_id is None:
        return []
    return db.session.scalars(
        sa.select(OfferProposal)
        .join(JobOffer, JobOffer.id == OfferProposal.offer_id)
        .where(OfferProposal.profile_id == profile.id, JobOffer.structure_id == structure_id)
        .options(*[joinedload(OfferProposal.offer).options(o) for o in OFFER_CARD])
        .order_by(OfferProposal.created_at.desc())
    ).all()


def proposable_offers(profile: CandidateProfile, structure_id: int | None) -> list[JobOffer]:
    """The structure's open offers not yet proposed to the person nor answered by them."""
    if structure_id is None:
        return []
    already = sa.select(OfferProposal.offer_id).where(OfferProposal.profile_id == profile.id)
    applied = sa.select(Application.offer_id).where(Application.candidate_id == profile.user_id)
    return (
        db.session.scalars(
            open_offers_query().where(
                JobOffer.structure_id == structure_id, JobOffer.id.not_in(already), JobOffer.id.not_in(applied)
            )
        )
        .unique()
        .all()
    )


def propose_offer(sender: User, offer_id: int, profile: CandidateProfile, message: str) -> OfferProposal:
    """Send one of the sender's open offers to a candidate who accepts offers; once per offer and person."""
    offer = own_offer(sender, offer_id)
    if offer is None or offer.state(today_in_paris()) != OfferStatus.PUBLISHED:
        raise ProposalRefused("Choisissez une offre ouverte de votre structure.")
    if not profile.accepts_offers:
        raise ProposalRefused("Cette personne ne souhaite pas recevoir d'offres.")
    if db.session.scalar(
        sa.select(Application.id).where(Application.offer_id == offer.id, Application.candidate_id == profile.user_id)
    ):
        raise ProposalRefused("Cette personne a déjà répondu à cette offre.")
    proposal = OfferProposal(offer_id=offer.id, profile_id=profile.id, sender_id=sender.id, message=message.strip())
    try:
        with db.session.begin_nested():
            db.session.add(proposal)
    except sa.exc.IntegrityError:  # the unique (offer, profile): proposed already, perhaps a moment ago
        raise ProposalRefused("Votre structure a déjà proposé cette offre à cette personne.") from None
    candidate = db.session.get(User, profile.user_id)
    queue_mail(
        candidate.email,
        "offer_proposal",
        f"{offer.structure.name} vous propose une offre : {offer.title}",
        dedup_key=f"offer-proposal:{proposal.id}",
        about_user_id=candidate.id,
        user=candidate,
        proposal=proposal,
        offer=offer,
        offer_url=url_for("offers.detail", offer_id=offer.id, _external=True),
        answer_url=url_for("offers.my_proposals", _external=True),
    )
    db.session.flush()
    return proposal


def proposals_for(candidate: User) -> list[OfferProposal]:
    return db.session.scalars(
        sa.select(OfferProposal)
        .join(CandidateProfile, CandidateProfile.id == OfferProposal.profile_id)
        .where(CandidateProfile.user_id == candidate.id)
        .order_by(OfferProposal.created_at.desc())
        .options(*[joinedload(OfferProposal.offer).options(o) for o in OFFER_CARD])
    ).all()


def unanswered_proposals(candidate: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(OfferProposal.id))
        .join(CandidateProfile, CandidateProfile.id == OfferProposal.profile_id)
        .where(CandidateProfile.user_id == candidate.id, OfferProposal.status == ProposalStatus.SENT)
    )


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
