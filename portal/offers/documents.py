"""What the offers index holds, and when an offer must be reindexed.

Published offers of approved structures are indexed with their expiry date; searches leave out the
expired ones, so an offer leaves the results on its expiry day without any job running. A change of a
structure (its name, or the association suspending or approving it) reindexes its offers.
"""

from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, joinedload

from portal.communes.models import Commune
from portal.extensions import db
from portal.offers.models import JobOffer, OfferStatus
from portal.search.engine import Fields
from portal.search.sync import Source, enqueue
from portal.structures.models import Structure

INDEX = "offers"
FIELDS = Fields(keywords=("metier", "zone", "commune", "contract", "time", "diploma", "licence"),
                numbers=("published", "expires"))


def document(offer: JobOffer) -> dict | None:
    if offer.status != OfferStatus.PUBLISHED or not offer.structure_approved:
        return None
    parts = [offer.title, offer.metier.title, offer.structure.name, offer.commune.name, offer.schedule_notes,
             offer.diploma, offer.description]
    return {
        "content": "\n\n".join(p for p in parts if p),
        "metier": offer.metier.slug,
        "zone": offer.commune.zone or "",
        "commune": offer.commune_insee,
        "contract": offer.contract_type,
        "time": offer.working_time,
        "diploma": "oui" if offer.diploma_required else "non",
        "licence": "oui" if offer.licence_required else "non",
        "published": int((offer.published_at or offer.created_at).timestamp() * 1_000_000),
        "expires": int(offer.expires_on.strftime("%Y%m%d")),
    }


def _offers():
    return sa.select(JobOffer).options(joinedload(JobOffer.metier), joinedload(JobOffer.structure),
                                       joinedload(JobOffer.commune))


def load(session: Session, ids: list[str]) -> dict[str, dict | None]:
    wanted = [int(i) for i in ids if i.isdigit()]
    found = {str(o.id): document(o) for o in session.scalars(_offers().where(JobOffer.id.in_(wanted))).unique()}
    return {doc_id: found.get(doc_id) for doc_id in ids}


def _indexed():
    return sa.and_(JobOffer.status == OfferStatus.PUBLISHED, JobOffer.structure_approved)


def load_all(session: Session) -> Iterator[tuple[str, dict]]:
    for offer in session.scalars(_offers().where(_indexed()).order_by(JobOffer.id)).unique():
        yield str(offer.id), document(offer)


def count_all(session: Session) -> int:
    return session.scalar(sa.select(sa.func.count(JobOffer.id)).where(_indexed()))


SOURCE = Source(INDEX, FIELDS, load, load_all, count_all)


@event.listens_for(db.session, "before_flush")
def _enqueue_changed_offers(session, flush_context, instances):
    offer_ids, structures, communes = set(), set(), set()
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, JobOffer) and (obj in session.deleted or session.is_modified(obj)):
            offer_ids.add(obj.id)
        elif isinstance(obj, Structure) and session.is_modified(obj):
            structures.add(obj.id)
        elif isinstance(obj, Commune) and session.is_modified(obj):
            communes.add(obj.insee)
    if structures or communes:
        with session.no_autoflush:
            offer_ids.update(session.scalars(sa.select(JobOffer.id).where(
                JobOffer.status == OfferStatus.PUBLISHED,
                sa.or_(JobOffer.structure_id.in_(structures), JobOffer.commune_insee.in_(communes)))))
    if offer_ids:
        enqueue(session, INDEX, sorted(offer_ids))
