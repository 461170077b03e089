"""Which coach answers for a zone."""

import sqlalchemy as sa

from portal.accounts.models import Role, User
from portal.communes.models import Zone
from portal.extensions import db


def coaches() -> list[User]:
    """Every coach able to take a record, by name."""
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.role == Role.COACH, User.disabled.is_(False))
            .order_by(User.first_name, User.last_name, User.id)
        )
    )


def coach_of(zone: Zone | str) -> User | None:
    """The coach of a zone (the first one, when the association has several there), or None when it has none."""
    return db.session.scalar(
        sa.select(User)
        .where(User.role == Role.COACH, User.disabled.is_(False), User.zone == zone)
        .order_by(User.id)
        .limit(1)
    )
