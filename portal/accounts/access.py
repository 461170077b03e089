"""Who may reach what: one decorator, used by every protected route, and the test matrix checks it.

Levels:
- "authenticated": anyone logged in;
- "candidate";
- "employer": any recruiter, including one whose structure still waits for approval, or who still
  waits to be accepted in an existing structure;
- "recruiter": a recruiter accepted in their structure (approved or not): may prepare its page;
- "member": a recruiter accepted in an approved structure (adhérent);
- "coach": a coach autonomie, or the admin;
- "admin": the project lead.
"""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from portal.accounts.models import Membership, Role, User
from portal.extensions import login_manager

LEVELS: dict[str, Callable[[User], bool]] = {
    "authenticated": lambda user: True,
    "candidate": lambda user: user.role == Role.CANDIDATE,
    "employer": lambda user: user.role == Role.EMPLOYER,
    "recruiter": lambda user: user.role == Role.EMPLOYER and user.membership == Membership.ACTIVE,
    "member": lambda user: user.is_member,
    "coach": lambda user: user.is_staff,
    "admin": lambda user: user.role == Role.ADMIN,
}


def can(user, *levels: str) -> bool:
    """True when the user is logged in and meets at least one of the levels."""
    if not getattr(user, "is_authenticated", False):
        return False
    return any(LEVELS[level](user) for level in levels)


def requires(*levels: str):
    """Route decorator: visitors go to the login page, users without the level get a 403."""
    unknown = set(levels) - set(LEVELS)
    if not levels or unknown:
        raise ValueError(f"Unknown access levels: {unknown or 'none given'}")

    def decorator(view):
        view.access_levels = levels

        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not can(current_user, *levels):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
