"""What offers shows on other features' pages: the proposals awaiting an answer on the candidate's dashboard,
the open offers of a métier on its page."""

from portal.accounts.models import Role, User
from portal.metiers.models import Metier
from portal.offers import services
from portal.sections import DASHBOARD, METIER, Section


def _dashboard(user: User) -> dict:
    return {"unanswered_proposals": services.unanswered_proposals(user) if user.role == Role.CANDIDATE else 0}


def _metier(metier: Metier) -> dict:
    return {"offers": services.open_offers_for_metier(metier.id)}


SECTIONS = [Section(DASHBOARD, _dashboard), Section(METIER, _metier)]
