"""Job offers: a recruiter's structure writes, publishes, closes and duplicates them; the association may withdraw one."""

from datetime import timedelta

import sqlalchemy as sa
from flask import url_for

from portal.accounts.models import Membership, User
from portal.clock import today_in_paris, utcnow
from portal.extensions import db
from portal.mail.services import queue_mail
from portal.offers.models import JobOffer, OfferStatus
from portal.offers.services.search import OFFER_CARD
from portal.offers.signals import offer_published
from portal.structures.models import Structure

DEFAULT_DAYS = 60
EDITABLE_FIELDS = (
    "title",
    "metier_id",
    "contract_type",
    "working_time",
    "weekly_hours",
    "schedule_notes",
    "commune_insee",
    "salary_min",
    "salary_max",
    "start_date",
    "description",
    "diploma_required",
    "diploma",
    "licence_required",
    "expires_on",
)


class OfferRefused(ValueError):
    """Why this cannot be done to the offer, in French."""


def default_expiry():
    return today_in_paris() + timedelta(days=DEFAULT_DAYS)


def offers_of(structure: Structure) -> list[JobOffer]:
    return db.session.scalars(
        sa.select(JobOffer)
        .where(JobOffer.structure_id == structure.id)
        .options(*OFFER_CARD)
        .order_by(JobOffer.created_at.desc(), JobOffer.id.desc())
    ).all()


def own_offer(user: User, offer_id: int) -> JobOffer | None:
    """An offer of the user's own structure; any other is as if it did not exist."""
    return db.session.scalar(
        sa.select(JobOffer).where(JobOffer.id == offer_id, JobOffer.structure_id == user.structure_id)
    )


def create_offer(user: User, **fields) -> JobOffer:
    offer = JobOffer(
        structure_id=user.structure_id,
        created_by_id=user.id,
        status=OfferStatus.DRAFT,
        **{name: fields[name] for name in EDITABLE_FIELDS},
    )
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
    copy = JobOffer(
        structure_id=offer.structure_id,
        created_by_id=user.id,
        status=OfferStatus.DRAFT,
        **{name: getattr(offer, name) for name in EDITABLE_FIELDS},
    )
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
            queue_mail(
                recruiter.email,
                "offer_unpublished",
                f"Votre offre « {offer.title} » a été retirée",
                dedup_key=f"offer-unpublished:{offer.id}:{recruiter.id}:{offer.closed_at:%Y%m%d%H%M%S}",
                about_user_id=recruiter.id,
                user=recruiter,
                offer=offer,
                offer_url=url_for("offers.preview", offer_id=offer.id, _external=True),
            )
    db.session.flush()
