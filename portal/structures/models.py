from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clock import utcnow
from portal.communes.models import Commune
from portal.extensions import db


class StructureStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    SUSPENDED = "suspended"


STATUS_LABELS = {
    StructureStatus.PENDING: "En attente de validation",
    StructureStatus.APPROVED: "Adhérente",
    StructureStatus.REFUSED: "Refusée",
    StructureStatus.SUSPENDED: "Suspendue",
}

STRUCTURE_KINDS: dict[str, str] = {
    "ehpad": "EHPAD",
    "residence-autonomie": "Résidence autonomie",
    "saad": "Service d'aide et d'accompagnement à domicile (SAAD)",
    "ssiad": "Service de soins infirmiers à domicile (SSIAD)",
    "handicap-enfants": "Établissement ou service pour enfants handicapés (IME, SESSAD…)",
    "handicap-adultes": "Établissement pour adultes handicapés (MAS, FAM, foyer de vie…)",
    "esat": "ESAT",
    "hopital": "Hôpital ou centre de soins",
    "autre": "Autre structure",
}


LOGO_SIZES = (96, 240)


class Structure(db.Model):
    __tablename__ = "structure"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(160))
    slug: Mapped[str] = mapped_column(sa.String(180), unique=True)
    siret: Mapped[str] = mapped_column(sa.String(14), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    commune_insee: Mapped[str] = mapped_column(sa.ForeignKey("commune.insee"))
    status: Mapped[str] = mapped_column(sa.String(20), default=StructureStatus.PENDING, index=True)
    decision_reason: Mapped[str] = mapped_column(sa.Text, default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    # Random base name of the logo files (one per size in LOGO_SIZES), or None.
    logo_key: Mapped[str | None] = mapped_column(sa.String(80))
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    commune: Mapped[Commune] = relationship(lazy="joined")
    recruiters: Mapped[list["User"]] = relationship(back_populates="structure")  # noqa: F821

    @property
    def is_approved(self) -> bool:
        return self.status == StructureStatus.APPROVED

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[StructureStatus(self.status)]

    @property
    def kind_label(self) -> str:
        return STRUCTURE_KINDS.get(self.kind, self.kind)

    def logo_file(self, size: int) -> str:
        return f"logos/{self.logo_key}-{size}.png"

    @property
    def formatted_siret(self) -> str:
        s = self.siret
        return f"{s[:3]} {s[3:6]} {s[6:9]} {s[9:]}"
