import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db

ZONES: dict[str, str] = {
    "flers-argentan": "Flers-Argentan",
    "alencon": "Alençon",
    "laigle-mortagne": "L'Aigle-Mortagne",
}


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
    zone: Mapped[str] = mapped_column(sa.String(30), index=True)

    @property
    def postal_code(self) -> str:
        return self.postal_codes.split()[0]

    @property
    def label(self) -> str:
        """What a commune field shows and accepts back: "Alençon (61000)"."""
        return f"{self.name} ({self.postal_code})"

    @property
    def zone_label(self) -> str:
        return ZONES.get(self.zone, self.zone)

    def __repr__(self) -> str:
        return f"<Commune {self.insee} {self.name}>"
