"""The Atom feed of the latest offers, built by feedgen: every text is escaped by the XML library,
so that no title, description or structure name can add an entry or break the document."""

import re
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator
from flask import current_app, url_for

from portal.offers.models import JobOffer

# XML 1.0 cannot carry most C0 control characters, nor U+FFFE/U+FFFF: a text holding one would be refused.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SUMMARY_CHARS = 300


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text or "")


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def _utc(value: datetime | None) -> datetime:
    return (value or datetime(2026, 1, 1)).replace(tzinfo=UTC)  # naive datetimes are UTC here


def atom_feed(offers: list[JobOffer], contract_labels: dict[str, str]) -> bytes:
    """The feed of these offers, newest first, as a UTF-8 Atom document."""
    feed = FeedGenerator()
    feed.id(url_for("offers.feed", _external=True))
    feed.title(xml_text(f"Offres d'emploi — {current_app.config['SITE_NAME']}"))
    feed.language("fr")
    feed.link(href=url_for("offers.feed", _external=True), rel="self")
    feed.link(href=url_for("offers.search", _external=True), rel="alternate", type="text/html")
    feed.updated(_utc(offers[0].published_at if offers else None))
    feed.generator(xml_text(current_app.config["SITE_NAME"]))
    for offer in offers:
        url = url_for("offers.detail", offer_id=offer.id, _external=True)
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(xml_text(f"{offer.title} — {offer.structure.name} ({offer.commune.name})"))
        entry.link(href=url, rel="alternate", type="text/html")
        entry.updated(_utc(offer.published_at))
        entry.published(_utc(offer.published_at))
        entry.author(name=xml_text(offer.structure.name))
        label = contract_labels.get(offer.contract_type, offer.contract_type)
        entry.summary(xml_text(f"{label} — {_shorten(offer.description, SUMMARY_CHARS)}"))
    return feed.atom_str(pretty=True)
