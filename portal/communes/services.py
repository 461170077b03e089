"""Communes of the Orne: loading the reference file, finding a commune from what a person typed, distances."""

import csv
import math
import re
from pathlib import Path

import sqlalchemy as sa

from portal.communes.models import ZONES, Commune
from portal.extensions import db
from portal.text import fold

DATA_FILE = Path(__file__).with_name("orne-communes.csv")
EARTH_RADIUS_KM = 6371.0088


def read_reference_rows() -> list[dict]:
    """The communes of the packaged CSV, as rows ready for insertion."""
    with DATA_FILE.open(encoding="utf-8", newline="") as f:
        return [
            {
                "insee": row["insee"],
                "name": row["nom"],
                "search_name": fold(row["nom"]),
                "postal_codes": row["codes_postaux"],
                "latitude": float(row["latitude"]),
                "longitude": float(row["longitude"]),
                "population": int(row["population"] or 0),
                "epci_name": row["epci_nom"],
                "zone": row["zone"],
            }
            for row in csv.DictReader(f)
        ]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), in km."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def commune_distance_km(a: Commune, b: Commune) -> float:
    return distance_km(a.latitude, a.longitude, b.latitude, b.longitude)


def _near(center: Commune, radius_km: float, *columns):
    """Rows of the communes in the bounding box around center (1° of latitude ≈ 111 km): a cheap first cut."""
    dlat = radius_km / 111.0
    dlon = radius_km / (111.320 * math.cos(math.radians(center.latitude)))
    return db.session.execute(
        sa.select(*columns).where(
            Commune.latitude.between(center.latitude - dlat, center.latitude + dlat),
            Commune.longitude.between(center.longitude - dlon, center.longitude + dlon),
        )
    )


def communes_within(center: Commune, radius_km: float) -> list[Commune]:
    """Communes whose reference point lies within radius_km of center's, nearest first."""
    near = [(commune_distance_km(center, c), c) for (c,) in _near(center, radius_km, Commune)]
    return [c for d, c in sorted(near, key=lambda pair: pair[0]) if d <= radius_km]


def insee_within(center: Commune, radius_km: float, cache: dict | None = None) -> list[str]:
    """The INSEE codes of communes_within, read without loading communes; `cache` keeps them across calls."""
    if cache is None:
        rows = _near(center, radius_km, Commune.insee, Commune.latitude, Commune.longitude)
        return [
            insee for insee, lat, lon in rows if distance_km(center.latitude, center.longitude, lat, lon) <= radius_km
        ]
    key = (center.insee, radius_km)
    if key not in cache:
        if "all" not in cache:  # many centres and radii: every commune's point, read once
            cache["all"] = db.session.execute(sa.select(Commune.insee, Commune.latitude, Commune.longitude)).all()
        if center.insee not in cache:  # and the distances from each centre, computed once
            cache[center.insee] = [
                (insee, distance_km(center.latitude, center.longitude, lat, lon)) for insee, lat, lon in cache["all"]
            ]
        cache[key] = [insee for insee, distance in cache[center.insee] if distance <= radius_km]
    return cache[key]


def suggest(query: str, limit: int = 10) -> list[Commune]:
    """Communes whose name starts with (then contains) what was typed, or whose postal code starts with it."""
    q = fold(query)
    if not q:
        return []
    if q.isdigit():
        stmt = sa.select(Commune).where(Commune.postal_codes.contains(q)).order_by(Commune.population.desc())
        return [c for c in db.session.scalars(stmt) if any(p.startswith(q) for p in c.postal_codes.split())][:limit]
    starts = db.session.scalars(
        sa.select(Commune)
        .where(Commune.search_name.startswith(q, autoescape=True))
        .order_by(Commune.population.desc())
        .limit(limit)
    ).all()
    if len(starts) >= limit:
        return starts
    contains = db.session.scalars(
        sa.select(Commune)
        .where(Commune.search_name.contains(q, autoescape=True), Commune.insee.not_in([c.insee for c in starts]))
        .order_by(Commune.population.desc())
        .limit(limit - len(starts))
    ).all()
    return starts + contains


LABEL_RE = re.compile(r"^(?P<name>.*?)\s*\((?P<postal>\d{5})\)\s*$")


def resolve(text: str) -> tuple[Commune | None, list[Commune]]:
    """Find the one commune a person meant.

    Accepts "Alençon (61000)" (what the suggestions fill in), a bare name in any case and without
    accents, or a postal code shared by one commune. Returns (commune, []) when it is unambiguous,
    else (None, close matches to offer).
    """
    text = (text or "").strip()
    if not text:
        return None, []
    postal = None
    match = LABEL_RE.match(text)
    if match:
        text, postal = match["name"], match["postal"]
    q = fold(text)
    if q.isdigit() and len(q) == 5:
        found = [c for c in suggest(q, limit=50) if q in c.postal_codes.split()]
        return (found[0], []) if len(found) == 1 else (None, found)
    exact = db.session.scalars(sa.select(Commune).where(Commune.search_name == q)).all()
    if postal:
        exact = [c for c in exact if postal in c.postal_codes.split()] or exact
    if len(exact) == 1:
        return exact[0], []
    return None, exact or suggest(text)


def commune_by_label(label: str | None, cache: dict | None = None) -> Commune | None:
    """The commune a saved label ("Alençon (61000)") names; `cache` keeps the answers across many calls."""
    if not label:
        return None
    if cache is None:
        return resolve(label)[0]
    if label not in cache:
        cache[label] = resolve(label)[0]
    return cache[label]


def load_reference_communes() -> int:
    """Insert the packaged communes that are missing; never overwrites a zone the admin changed."""
    known = set(db.session.scalars(sa.select(Commune.insee)))
    rows = [row for row in read_reference_rows() if row["insee"] not in known]
    if rows:
        db.session.execute(sa.insert(Commune), rows)
    return len(rows)


def change_zone(commune: Commune, zone: str) -> None:
    if zone not in ZONES:
        raise ValueError(f"Zone inconnue : {zone}")
    commune.zone = zone


def commune_options() -> list[Commune]:
    """Every commune, alphabetically: the suggestions of commune fields."""
    return db.session.scalars(sa.select(Commune).order_by(Commune.search_name)).all()
