"""Saved searches and alerts store the criteria's address parameters: reading them back gives the same criteria."""

import random
from datetime import date, timedelta

import sqlalchemy as sa

from portal.candidates.models import CONTRACT_TYPES, WORKING_TIMES
from portal.communes.models import ZONES, Commune
from portal.cvtheque.services import Criteria
from portal.events.models import KINDS
from portal.events.services import EventCriteria
from portal.extensions import db
from portal.offers.services import OfferCriteria

METIERS = ["aide-soignant", "animateur", "infirmier", "auxiliaire-de-vie"]
WORDS = ["", "aide-soignant", "nuit OU week-end", '"soins palliatifs"', "soign*", "été à Sées"]


def some(rng: random.Random, values) -> list[str]:
    values = list(values)
    return rng.sample(values, rng.randint(0, len(values)))


def around(rng: random.Random, communes: list[Commune]) -> dict:
    """A commune and a radius, or neither: without a commune the radius is not kept."""
    if rng.random() < 0.3:
        return {"commune": None, "radius_km": 20}
    return {"commune": rng.choice(communes), "radius_km": rng.choice([0, 5, 20, 37, 150])}


def search_fields(rng: random.Random, communes: list[Commune]) -> dict:
    return {
        "q": rng.choice(WORDS),
        "metiers": some(rng, METIERS),
        "zones": some(rng, ZONES),
        "contracts": some(rng, CONTRACT_TYPES),
        "times": some(rng, WORKING_TIMES),
        **around(rng, communes),
    }


def communes() -> list[Commune]:
    return db.session.scalars(sa.select(Commune).order_by(Commune.insee).limit(40)).all()


def test_profile_criteria_read_back_from_their_parameters_are_the_same(app):
    rng, places = random.Random(7), communes()
    for _ in range(300):
        criteria = Criteria(
            **search_fields(rng, places),
            order=rng.choice(["pertinence", "recent"]),
            available_before=rng.choice([None, date(2026, 1, 1) + timedelta(days=rng.randint(0, 900))]),
            licence=rng.random() < 0.5,
        )
        args = criteria.as_args()
        assert Criteria.from_args(args) == criteria
        assert Criteria.from_args(args, {}).as_args() == args


def test_offer_criteria_read_back_from_their_parameters_are_the_same(app):
    rng, places = random.Random(11), communes()
    for _ in range(300):
        criteria = OfferCriteria(
            **search_fields(rng, places),
            order=rng.choice(["date", "pertinence"]),
            diploma=rng.choice(["", "oui", "non"]),
            licence=rng.choice(["", "oui", "non"]),
        )
        args = criteria.as_args()
        assert OfferCriteria.from_args(args) == criteria
        assert OfferCriteria.from_args(args, {}).as_args() == args


def test_event_criteria_read_back_from_their_parameters_are_the_same():
    rng = random.Random(13)
    for _ in range(300):
        criteria = EventCriteria(kinds=some(rng, KINDS), zones=some(rng, ZONES), metiers=some(rng, METIERS))
        args = criteria.as_args()
        assert EventCriteria.from_args(args) == criteria
        assert EventCriteria.from_args(args).as_args() == args


def test_the_stored_parameters_keep_their_names_and_order(app):
    """Alerts saved long ago hold these very parameters: a name that changed would lose their criteria."""
    flers = db.session.get(Commune, "61169")
    profiles = Criteria(
        q="nuit",
        metiers=["animateur"],
        zones=["alencon"],
        commune=flers,
        radius_km=15,
        contracts=["cdi"],
        times=["partiel"],
        available_before=date(2027, 3, 1),
        licence=True,
        order="recent",
    )
    assert list(profiles.as_args().items()) == [
        ("q", "nuit"),
        ("metier", ["animateur"]),
        ("zone", ["alencon"]),
        ("contrat", ["cdi"]),
        ("temps", ["partiel"]),
        ("tri", "recent"),
        ("commune", flers.label),
        ("rayon", 15),
        ("dispo", "2027-03-01"),
        ("permis", "y"),
    ]
    offers = OfferCriteria(
        q="nuit",
        metiers=["animateur"],
        zones=["alencon"],
        commune=flers,
        radius_km=0,
        contracts=["cdi"],
        times=["partiel"],
        diploma="non",
        licence="oui",
        order="pertinence",
    )
    assert list(offers.as_args().items()) == [
        ("q", "nuit"),
        ("metier", ["animateur"]),
        ("zone", ["alencon"]),
        ("contrat", ["cdi"]),
        ("temps", ["partiel"]),
        ("diplome", "non"),
        ("permis", "oui"),
        ("tri", "pertinence"),
        ("commune", flers.label),
        ("rayon", 0),
    ]
    events = EventCriteria(kinds=["cafe"], zones=["alencon"], metiers=["animateur"])
    assert list(events.as_args().items()) == [("type", ["cafe"]), ("zone", ["alencon"]), ("metier", ["animateur"])]
    assert Criteria().as_args() == OfferCriteria().as_args() == EventCriteria().as_args() == {}
