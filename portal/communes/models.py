import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.vocabulary import LabelledEnum, column


class Zone(LabelledEnum):
    FLERS_ARGENTAN = "flers-argentan", "Flers-Argentan"
    ALENCON = "alencon", "Alençon"
    LAIGLE_MORTAGNE = "laigle-mortagne", "L'Aigle-Mortagne"


ZONES = Zone.labels()


class Commune(db.Model):
    __tablename__ = "commune"

    insee: Mapped[str] = mapped_column(sa.String(5), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    # Lower-case, accents and punctuation folded: what the search-as-you-type matches on.
    search_name: Mapped[str] = mapped_column(sa.String(120), index=True)
    postal_codes: Mapped[str] = mapped_column(sa.String(60))
    latitude: Mapped[float]
    longitude: Mapped[float]
    population: Mapped[int] = mapped_column(default=0)
    epci_name: Mapped[str] = mapped_column(sa.String(160), default="")
    zone: Mapped[Zone] = mapped_column(column(Zone, "zone", 30), index=True)

    @property
    def postal_code(self) -> str:
        return self.postal_codes.split()[0]

    @property
    def label(self) -> str:
        """What a commune field shows and accepts back: "Alençon (61000)"."""
        return f"{self.name} ({self.postal_code})"

    @property
    def zone_label(self) -> str:
        return Zone(self.zone).label

    def __repr__(self) -> str:
        return f"<Commune {self.insee} {self.name}>"
