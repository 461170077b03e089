from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clock import utcnow
from portal.communes.models import Commune
from portal.extensions import db
from portal.vocabulary import LabelledEnum, column


class StructureStatus(LabelledEnum):
    PENDING = "pending", "En attente de validation"
    APPROVED = "approved", "Adhérente"
    REFUSED = "refused", "Refusée"
    SUSPENDED = "suspended", "Suspendue"


STATUS_LABELS = StructureStatus.labels()


class StructureKind(LabelledEnum):
    EHPAD = "ehpad", "EHPAD"
    RESIDENCE_AUTONOMIE = "residence-autonomie", "Résidence autonomie"
    SAAD = "saad", "Service d'aide et d'accompagnement à domicile (SAAD)"
    SSIAD = "ssiad", "Service de soins infirmiers à domicile (SSIAD)"
    HANDICAP_ENFANTS = "handicap-enfants", "Établissement ou service pour enfants handicapés (IME, SESSAD…)"
    HANDICAP_ADULTES = "handicap-adultes", "Établissement pour adultes handicapés (MAS, FAM, foyer de vie…)"
    ESAT = "esat", "ESAT"
    HOPITAL = "hopital", "Hôpital ou centre de soins"
    AUTRE = "autre", "Autre structure"


STRUCTURE_KINDS = StructureKind.labels()


LOGO_SIZES = (96, 240)


class Structure(db.Model):
    __tablename__ = "structure"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(160))
    slug: Mapped[str] = mapped_column(sa.String(180), unique=True)
    siret: Mapped[str] = mapped_column(sa.String(14), unique=True)
    kind: Mapped[StructureKind] = mapped_column(column(StructureKind, "kind", 40))
    commune_insee: Mapped[str] = mapped_column(sa.ForeignKey("commune.insee"))
    status: Mapped[StructureStatus] = mapped_column(
        column(StructureStatus, "status", 20), default=StructureStatus.PENDING, index=True
    )
    decision_reason: Mapped[str] = mapped_column(sa.Text, default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    # Random base name of the logo files (one per size in LOGO_SIZES), or None.
    logo_key: Mapped[str | None] = mapped_column(sa.String(80))
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    commune: Mapped[Commune] = relationship()
    recruiters: Mapped[list["User"]] = relationship(back_populates="structure")  # noqa: F821

    @property
    def is_approved(self) -> bool:
        return self.status == StructureStatus.APPROVED

    @property
    def status_label(self) -> str:
        return StructureStatus(self.status).label

    @property
    def kind_label(self) -> str:
        return StructureKind(self.kind).label

    def logo_file(self, size: int) -> str:
        return f"logos/{self.logo_key}-{size}.png"

    @property
    def formatted_siret(self) -> str:
        s = self.siret
        return f"{s[:3]} {s[3:6]} {s[6:9]} {s[9:]}"
