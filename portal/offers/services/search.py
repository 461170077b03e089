"""Job offers as the public finds them: the search and its criteria, an offer's page, the lists of open offers."""

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

import sqlalchemy as sa
from markupsafe import Markup, escape
from sqlalchemy.orm import joinedload

from portal.clock import today_in_paris
from portal.criteria import AROUND, CONTRACTS, METIERS, ORDERED, TIMES, ZONES, Param, Q, SearchCriteria
from portal.extensions import db
from portal.offers.documents import INDEX as OFFERS_INDEX
from portal.offers.models import JobOffer, OfferStatus
from portal.search import AtLeast, Order, Paging, ParsedQuery, SearchRequest, Terms, open_index

# What a list shows of each offer besides the offer itself: loaded with the offers, never one query per row.
OFFER_CARD = (joinedload(JobOffer.structure), joinedload(JobOffer.metier), joinedload(JobOffer.commune))

PER_PAGE = 20
FACETS = ("metier", "zone", "contract", "time", "diploma", "licence")


@dataclass
class OfferCriteria(SearchCriteria):
    diploma: str = ""  # "", "oui" (required) or "non" (not required)
    licence: str = ""
    order: str = "date"

    PARAMS: ClassVar[tuple[Param, ...]] = (
        Q,
        METIERS,
        ZONES,
        CONTRACTS,
        TIMES,
        Param("diploma", "diplome"),
        Param("licence", "permis"),
        ORDERED,
        *AROUND,
    )

    def filters(self, today: date, within: dict | None = None) -> list:
        filters = [AtLeast("expires", int(today.strftime("%Y%m%d"))), *self.common_filters(within)]
        if self.diploma:
            filters.append(Terms("diploma", [self.diploma]))
        if self.licence:
            filters.append(Terms("licence", [self.licence]))
        return filters


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
    found = index.search(
        SearchRequest(
            criteria.q,
            criteria.filters(today_in_paris()),
            facets=FACETS,
            order=Order.RELEVANCE if criteria.order == "pertinence" else Order.RECENT,
            page=page,
            per_page=PER_PAGE,
        )
    )
    parsed = found.query
    ids = [int(hit.id) for hit in found.hits]
    by_id = {
        o.id: o
        for o in db.session.scalars(
            sa.select(JobOffer).where(JobOffer.id.in_(ids), _public(OfferStatus.PUBLISHED)).options(*OFFER_CARD)
        ).unique()
    }
    offers = [by_id[i] for i in ids if i in by_id]
    # Extracts from the description only: the title and the employer are on the card already.
    excerpts = {o.id: index.extracts(o.description, parsed, count=1) for o in offers} if parsed.tree is not None else {}
    return OfferPage(offers=offers, extracts=excerpts, total=found.total, page=page, facets=found.facets, parsed=parsed)


def _public(*statuses: str):
    """What the public may see of offers, the one rule every public list, page, feed and alert goes through:
    offers in these states, of a structure the association approves (see JobOffer.structure_approved)."""
    return sa.and_(JobOffer.status.in_(statuses), JobOffer.structure_approved)


def public_offer(offer_id: int) -> JobOffer | None:
    """Published offers, open, expired or filled; drafts and withdrawn ones do not exist for the public."""
    return db.session.scalar(
        sa.select(JobOffer).where(JobOffer.id == offer_id, _public(OfferStatus.PUBLISHED, OfferStatus.CLOSED))
    )


def open_offers_query():
    return (
        sa.select(JobOffer)
        .where(_public(OfferStatus.PUBLISHED), JobOffer.expires_on >= today_in_paris())
        .options(*OFFER_CARD)
        .order_by(JobOffer.published_at.desc(), JobOffer.id.desc())
    )


def similar_offers(offer: JobOffer, limit: int = 3) -> list[JobOffer]:
    return (
        db.session.scalars(
            open_offers_query().where(JobOffer.metier_id == offer.metier_id, JobOffer.id != offer.id).limit(limit)
        )
        .unique()
        .all()
    )


def open_offers_for_metier(metier_id: int, limit: int = 5) -> list[JobOffer]:
    return db.session.scalars(open_offers_query().where(JobOffer.metier_id == metier_id).limit(limit)).unique().all()


def latest_offers(limit: int = 50) -> list[JobOffer]:
    return db.session.scalars(open_offers_query().limit(limit)).unique().all()


EMPLOYMENT_TYPES = {
    "cdi": "FULL_TIME",
    "cdd": "TEMPORARY",
    "interim": "TEMPORARY",
    "alternance": "INTERN",
    "stage": "INTERN",
    "vacation": "PER_DIEM",
}


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
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": offer.commune.name,
                "postalCode": offer.commune.postal_code,
                "addressRegion": "Normandie",
                "addressCountry": "FR",
            },
        },
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
