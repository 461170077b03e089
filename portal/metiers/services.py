from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from portal.clock import utcnow
from portal.extensions import db
from portal.metiers.content import CONTENT_DIR, read_metier_files, render_markdown
from portal.metiers.models import FAMILIES, LEVELS, Metier
from portal.text import fold


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # edited in the browser since: not overwritten


def load_metiers(directory: Path = CONTENT_DIR, force: bool = False) -> LoadReport:
    """Bring the database in line with the métier files.

    A page the admin edited in the browser is kept unless force is given: the files are the
    reviewed source, the browser the quick fix, and neither silently erases the other.
    """
    report = LoadReport()
    existing = {m.slug: m for m in db.session.scalars(sa.select(Metier))}
    for row in read_metier_files(directory):
        metier = existing.get(row["slug"])
        if metier is None:
            db.session.add(Metier(**row))
            report.created.append(row["slug"])
        elif metier.file_hash == row["file_hash"]:
            continue
        elif metier.edited_at is not None and not force:
            report.kept.append(row["slug"])
        else:
            for key, value in row.items():
                setattr(metier, key, value)
            metier.edited_at = None
            report.updated.append(row["slug"])
    db.session.flush()
    return report


def metiers_by_family(level: int | None = None) -> list[tuple[str, str, list[Metier]]]:
    """(family, label, métiers) for each family that has métiers, in the families' order."""
    stmt = sa.select(Metier)
    if level is not None:
        stmt = stmt.where(Metier.entry_level == level)
    metiers = sorted(db.session.scalars(stmt), key=lambda m: fold(m.title))
    groups = [(key, label, [m for m in metiers if m.family == key]) for key, label in FAMILIES.items()]
    return [group for group in groups if group[2]]


def levels_in_use() -> list[tuple[int, str]]:
    used = set(db.session.scalars(sa.select(Metier.entry_level).distinct()))
    return [(level, label) for level, label in LEVELS.items() if level in used]


def get_metier(slug: str) -> Metier | None:
    return db.session.scalar(sa.select(Metier).where(Metier.slug == slug))


def all_metiers() -> list[Metier]:
    """Every métier, in French alphabetical order (É with E, not after Z)."""
    return sorted(db.session.scalars(sa.select(Metier)), key=lambda m: fold(m.title))


def count_metiers() -> int:
    return db.session.scalar(sa.select(sa.func.count(Metier.id)))


def update_metier(
    metier: Metier,
    *,
    title: str,
    summary: str,
    family: str,
    entry_level: int,
    rome_codes: list[str],
    salary_min: int | None,
    salary_max: int | None,
    salary_source: str,
    body_markdown: str,
    sources: list[dict],
) -> None:
    metier.title, metier.summary, metier.family, metier.entry_level = title, summary, family, entry_level
    metier.rome_codes, metier.salary_min, metier.salary_max = rome_codes, salary_min, salary_max
    metier.salary_source, metier.sources = salary_source, sources
    metier.body_markdown, metier.body_html = body_markdown, render_markdown(body_markdown)
    metier.edited_at = utcnow()
    db.session.flush()
