"""What events shows on other features' pages: the next events of a métier on its page."""

from portal.events import services
from portal.metiers.models import Metier
from portal.sections import METIER, Section


def _metier(metier: Metier) -> dict:
    return {"events": services.next_events(limit=3, metier_id=metier.id)}


SECTIONS = [Section(METIER, _metier)]
