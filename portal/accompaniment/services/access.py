"""Every view of a record by someone other than the person is logged, and shown to the person."""

import sqlalchemy as sa

from portal.accompaniment.models import AccessLog, Accompaniment
from portal.accounts.models import User
from portal.extensions import db


def describe(user: User) -> str:
    """Who, as the person reads it: "Karim Benali, coach autonomie" or "Anne Martin, EHPAD Les Tilleuls"."""
    if user.structure is not None and not user.is_staff:
        return f"{user.full_name}, {user.structure.name}"
    return f"{user.full_name}, {user.role_label.lower()}"


def log_access(record: Accompaniment, user: User, action: str = "A consulté votre dossier") -> None:
    if user.id == record.user_id:
        return  # the person's own visits are no one else's access
    db.session.add(AccessLog(accompaniment_id=record.id, user_id=user.id, who=describe(user), action=action))
    db.session.flush()


def accesses(record: Accompaniment, limit: int = 100) -> list[AccessLog]:
    return list(
        db.session.scalars(
            sa.select(AccessLog)
            .where(AccessLog.accompaniment_id == record.id)
            .order_by(AccessLog.at.desc(), AccessLog.id.desc())
            .limit(limit)
        )
    )
