from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import utcnow
from portal.extensions import db
from portal.vocabulary import LabelledEnum, column


class Family(LabelledEnum):
    SOIN = "soin", "Soin"
    ACCOMPAGNEMENT = "accompagnement", "Accompagnement"
    VIE_QUOTIDIENNE = "vie-quotidienne", "Vie quotidienne"
    ENCADREMENT = "encadrement", "Encadrement"


FAMILIES = Family.labels()

# Levels of the national framework of certifications (cadre national des certifications professionnelles).
LEVELS: dict[int, str] = {
    0: "Sans diplôme exigé",
    3: "Niveau 3 (CAP, BEP)",
    4: "Niveau 4 (bac)",
    5: "Niveau 5 (bac + 2)",
    6: "Niveau 6 (bac + 3, licence)",
    7: "Niveau 7 (bac + 5, master)",
}

ACCESS_ROUTES = ["formation initiale", "apprentissage", "VAE", "formation continue", "immersion", "sans diplôme"]


class Metier(db.Model):
    """A métier page: loaded from portal/metiers/content/<slug>.md, editable by the admin."""

    __tablename__ = "metier"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    family: Mapped[Family] = mapped_column(column(Family, "family", 30), index=True)
    summary: Mapped[str] = mapped_column(sa.String(300))
    entry_level: Mapped[int] = mapped_column(default=0)
    diplomas: Mapped[list] = mapped_column(sa.JSON, default=list)
    rome_codes: Mapped[list] = mapped_column(sa.JSON, default=list)
    salary_min: Mapped[int | None]
    salary_max: Mapped[int | None]
    salary_source: Mapped[str] = mapped_column(sa.String(300), default="")
    access_routes: Mapped[list] = mapped_column(sa.JSON, default=list)
    employers: Mapped[list] = mapped_column(sa.JSON, default=list)
    sources: Mapped[list] = mapped_column(sa.JSON, default=list)
    body_markdown: Mapped[str] = mapped_column(sa.Text, default="")
    # Rendered and sanitised when saved, so that pages never render Markdown per request.
    body_html: Mapped[str] = mapped_column(sa.Text, default="")
    # Fingerprint of the file last loaded; edited_at set when the admin changes the page in the browser.
    file_hash: Mapped[str] = mapped_column(sa.String(64), default="")
    edited_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def family_label(self) -> str:
        return Family(self.family).label

    @property
    def level_label(self) -> str:
        return LEVELS.get(self.entry_level, f"Niveau {self.entry_level}")
