"""The criteria of a search page, and the address parameters that carry them.

The CV-thèque, the offers and the agenda read their criteria from the page's address and write them back to it;
saved searches and alerts store what `as_args` writes, and read it with `from_args`: each class lists its
criteria once, as a table of attribute and parameter, so that the two directions cannot drift apart.
Communes are reference data, the only feature read here.
"""

from dataclasses import MISSING, dataclass, field
from datetime import date
from typing import ClassVar

from portal.communes.models import Commune
from portal.communes.services import commune_by_label, insee_within
from portal.search import Terms

# How a parameter is written to the address and read back.
TEXT = "text"  # as typed; left out when empty
LIST = "list"  # the values chosen; left out when none
NUMBER = "number"  # a whole number
DAY = "day"  # an ISO date
FLAG = "flag"  # "y" when set; left out otherwise
COMMUNE = "commune"  # the commune's label
ORDER = "order"  # left out when it is the default order


@dataclass(frozen=True)
class Param:
    attribute: str
    name: str  # the address parameter
    kind: str = TEXT
    needs: str | None = None  # written only when this other attribute is set (the radius, with a commune)


def _reader(param: Param, default):
    """How one parameter is read back from saved address arguments: a function of (args, communes)."""
    name = param.name
    if param.kind == LIST:
        return lambda args, communes: list(args.get(name, []))
    if param.kind == NUMBER:
        return lambda args, communes: int(args.get(name, default))
    if param.kind == DAY:
        return lambda args, communes: date.fromisoformat(args[name]) if args.get(name) else None
    if param.kind == FLAG:
        return lambda args, communes: bool(args.get(name))
    if param.kind == COMMUNE:
        return lambda args, communes: commune_by_label(args.get(name), communes)
    if param.kind == ORDER:
        return lambda args, communes: args.get(name) or default
    return lambda args, communes: args.get(name, default)


# Each criteria class's readers, in the order of its PARAMS (built at its first from_args).
_READERS: dict[type, list] = {}


@dataclass
class Criteria:
    """Métiers and zones, which every search page filters on, and the reading and writing of the address."""

    metiers: list[str] = field(default_factory=list)  # slugs
    zones: list[str] = field(default_factory=list)

    # The criteria and their address parameters, in the order the address lists them.
    PARAMS: ClassVar[tuple[Param, ...]] = ()

    @classmethod
    def from_args(cls, args: dict, communes: dict | None = None) -> "Criteria":
        """The inverse of as_args, for criteria saved from it (alerts); `communes` caches the label lookups.

        An alert run reads the criteria of every distinct alert: each parameter's reader is chosen once per class.
        """
        readers = _READERS.get(cls)
        if readers is None:
            readers = _READERS[cls] = [(p.attribute, _reader(p, cls._default(p.attribute))) for p in cls.PARAMS]
        return cls(**{attribute: read(args, communes) for attribute, read in readers})

    def as_args(self) -> dict:
        """The search page's address parameters for these criteria (saved searches and alerts keep these)."""
        args = {
            param.name: self._write(param)
            for param in self.PARAMS
            if param.needs is None or getattr(self, param.needs) is not None
        }
        return {key: value for key, value in args.items() if value not in ("", [], None)}

    @classmethod
    def _default(cls, attribute: str):
        default = cls.__dataclass_fields__[attribute].default
        return None if default is MISSING else default

    def _write(self, param: Param):
        value = getattr(self, param.attribute)
        if param.kind == DAY:
            return value.isoformat() if value else None
        if param.kind == FLAG:
            return "y" if value else None
        if param.kind == COMMUNE:
            return value.label if value is not None else None
        if param.kind == ORDER:
            return value if value != self._default(param.attribute) else ""
        return value


@dataclass
class SearchCriteria(Criteria):
    """The criteria of a search in the index: words, a commune and a radius, contracts, working times, an order."""

    q: str = ""
    commune: Commune | None = None
    radius_km: int = 20
    contracts: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    order: str = ""  # each page its own default

    def common_filters(self, within: dict | None = None) -> list:
        """The index filters every search shares; `within` caches the communes around a commune."""
        filters = []
        for name, values in (
            ("metier", self.metiers),
            ("zone", self.zones),
            ("contract", self.contracts),
            ("time", self.times),
        ):
            if values:
                filters.append(Terms(name, values))
        if self.commune is not None:
            filters.append(Terms("commune", insee_within(self.commune, self.radius_km, within)))
        return filters


# The parameters every search page writes, for the tables of the subclasses.
Q = Param("q", "q")
METIERS = Param("metiers", "metier", LIST)
ZONES = Param("zones", "zone", LIST)
CONTRACTS = Param("contracts", "contrat", LIST)
TIMES = Param("times", "temps", LIST)
ORDERED = Param("order", "tri", ORDER)
AROUND = (Param("commune", "commune", COMMUNE), Param("radius_km", "rayon", NUMBER, needs="commune"))
