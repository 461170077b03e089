from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clock import utcnow
from portal.communes.models import Commune
from portal.extensions import db
from portal.metiers.models import Metier
from portal.storage.documents import DocumentKind
from portal.vocabulary import LabelledEnum, column


class ContractType(LabelledEnum):
    CDI = "cdi", "CDI"
    CDD = "cdd", "CDD"
    INTERIM = "interim", "Intérim"
    ALTERNANCE = "alternance", "Alternance"
    STAGE = "stage", "Stage ou immersion"
    VACATION = "vacation", "Vacation, remplacement"


CONTRACT_TYPES = ContractType.labels()


class WorkingTime(LabelledEnum):
    PLEIN = "plein", "Temps plein"
    PARTIEL = "partiel", "Temps partiel"
    NUIT = "nuit", "Nuit"
    WEEK_END = "week-end", "Week-end"


WORKING_TIMES = WorkingTime.labels()

candidate_metier = sa.Table(
    "candidate_metier",
    db.metadata,
    sa.Column("profile_id", sa.ForeignKey("candidate_profile.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("metier_id", sa.ForeignKey("metier.id", ondelete="CASCADE"), primary_key=True),
)


class CandidateProfile(db.Model):
    """What a candidate tells about the job they look for. Sensitive facts are for coaches only."""

    __tablename__ = "candidate_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), unique=True)
    commune_insee: Mapped[str | None] = mapped_column(sa.ForeignKey("commune.insee"))
    mobility_km: Mapped[int] = mapped_column(default=20)
    driving_licence: Mapped[bool] = mapped_column(default=False)
    has_vehicle: Mapped[bool] = mapped_column(default=False)
    contract_types: Mapped[list] = mapped_column(sa.JSON, default=list)
    working_times: Mapped[list] = mapped_column(sa.JSON, default=list)
    available_from: Mapped[date | None]
    diplomas: Mapped[str] = mapped_column(sa.Text, default="")
    experience_years: Mapped[int | None]
    presentation: Mapped[str] = mapped_column(sa.Text, default="")
    # Sensitive, optional, seen by coaches only; never shown to employers nor indexed.
    rqth: Mapped[bool] = mapped_column(default=False)
    rsa: Mapped[bool] = mapped_column(default=False)
    mission_locale: Mapped[bool] = mapped_column(default=False)
    france_travail: Mapped[bool] = mapped_column(default=False)
    # CV-thèque: off until the candidate says yes; the date of that consent is kept, and of its withdrawal.
    visible: Mapped[bool] = mapped_column(default=False)
    visible_since: Mapped[datetime | None]
    visibility_withdrawn_at: Mapped[datetime | None]
    anonymous: Mapped[bool] = mapped_column(default=False)
    accepts_offers: Mapped[bool] = mapped_column(default=False)
    # Retention: when the CV-thèque dropped the profile because its owner did nothing for 24 months (the owner's
    # activity and the stages are on the account); cleared when the profile is made visible again.
    hidden_for_inactivity_at: Mapped[datetime | None]
    # Random base name of the photo file (re-encoded, without metadata), or None.
    photo_key: Mapped[str | None] = mapped_column(sa.String(80))
    # Any write, the platform's own included: what the index orders by recency, never the retention clock.
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    commune: Mapped[Commune | None] = relationship()

    @property
    def hidden_by_retention(self) -> bool:
        """Out of the CV-thèque by the retention rule rather than by its owner: the pages say why."""
        return not self.visible and self.hidden_for_inactivity_at is not None

    metiers: Mapped[list[Metier]] = relationship(secondary=candidate_metier, order_by=Metier.title)
    files: Mapped[list["CandidateFile"]] = relationship(
        order_by="CandidateFile.uploaded_at", cascade="all, delete-orphan", passive_deletes=True
    )


class CandidateFile(db.Model):
    """A CV on file: stored under a random name; its text kept for the search index."""

    __tablename__ = "candidate_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(sa.ForeignKey("candidate_profile.id", ondelete="CASCADE"), index=True)
    storage_key: Mapped[str] = mapped_column(sa.String(120), unique=True)
    # Shown to the candidate only; never used as a path.
    display_name: Mapped[str] = mapped_column(sa.String(120))
    kind: Mapped[DocumentKind] = mapped_column(column(DocumentKind, "kind", 10))
    size: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text, default="")
    searchable: Mapped[bool] = mapped_column(default=True)
    shown: Mapped[bool] = mapped_column(default=False)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    # Not stored: what the candidate is told right after sending the file, when its text could not be read.
    upload_notice = None
