"""What the offers index holds, and what it reads (so that changing it reindexes the offers concerned).

Published offers of approved structures are indexed with their expiry date; searches leave out the
expired ones, so an offer leaves the results on its expiry day without any job running. A change of a
structure (its name, or the association suspending or approving it) reindexes its offers.
"""

from collections.abc import Callable, Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from portal.communes.models import Commune
from portal.metiers.models import Metier
from portal.offers.models import JobOffer, OfferStatus
from portal.search import EVERY_ATTRIBUTE, Fields, Reads, Source
from portal.structures.models import Structure

INDEX = "offers"
FIELDS = Fields(
    keywords=("metier", "zone", "commune", "contract", "time", "diploma", "licence"),
    numbers=("published", "expires"),
    recency="published",
)


def document(offer: JobOffer) -> dict | None:
    if offer.status != OfferStatus.PUBLISHED or not offer.structure_approved:
        return None
    parts = [
        offer.title,
        offer.metier.title,
        offer.structure.name,
        offer.commune.name,
        offer.schedule_notes,
        offer.diploma,
        offer.description,
    ]
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
    return sa.select(JobOffer).options(
        joinedload(JobOffer.metier), joinedload(JobOffer.structure), joinedload(JobOffer.commune)
    )


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


def _published_where(condition) -> sa.Select:
    return sa.select(JobOffer.id).where(JobOffer.status == OfferStatus.PUBLISHED, condition)


def _offers_of(column, keys: list) -> Callable[[Session, list], list[int]]:
    return lambda session, objects: session.scalars(_published_where(column.in_(keys(objects)))).all()


# Everything document() reads. The offer itself: every attribute, drafts included (their load gives None,
# which removes nothing). Métiers, structures and communes: what their offers show and are searched by.
READS = (
    Reads(JobOffer, EVERY_ATTRIBUTE, lambda session, offers: [o.id for o in offers]),
    Reads(Metier, ("title", "slug"), _offers_of(JobOffer.metier_id, lambda metiers: [m.id for m in metiers])),
    Reads(
        Structure, ("name", "status"), _offers_of(JobOffer.structure_id, lambda structures: [s.id for s in structures])
    ),
    Reads(
        Commune,
        ("name", "zone", "insee"),
        _offers_of(JobOffer.commune_insee, lambda communes: [c.insee for c in communes]),
    ),
)

SOURCE = Source(INDEX, FIELDS, load, load_all, count_all, reads=READS)
