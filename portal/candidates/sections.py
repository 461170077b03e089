"""What candidates shows on other features' pages: the candidate's profile on the dashboard."""

from portal.accounts.models import Role, User
from portal.candidates import services
from portal.sections import DASHBOARD, Section


def _dashboard(user: User) -> dict:
    return {"profile": services.find_profile(user) if user.role == Role.CANDIDATE else None}


SECTIONS = [Section(DASHBOARD, _dashboard)]
