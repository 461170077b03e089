"""What alerts shows on other features' pages: the alert of each saved search of the CV-thèque."""

from portal.accounts.models import User
from portal.alerts import services
from portal.cvtheque.models import SavedSearch
from portal.sections import SAVED_SEARCH, SAVED_SEARCHES, Section


def _saved_searches(user: User) -> dict:
    return {"alerts": services.alerts_by_saved_search(user)}


def _saved_search(user: User, saved: SavedSearch) -> dict:
    return {"alert": services.alerts_by_saved_search(user).get(saved.id)}


SECTIONS = [Section(SAVED_SEARCHES, _saved_searches), Section(SAVED_SEARCH, _saved_search)]
