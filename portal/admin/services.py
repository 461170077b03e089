import sqlalchemy as sa

from portal.accounts.models import Membership, Role, User
from portal.communes.models import Commune, Zone
from portal.extensions import db
from portal.mail.models import OutboxMessage, OutboxStatus
from portal.structures.models import Structure, StructureStatus
from portal.text import fold


def overview() -> dict[str, int]:
    def count(stmt) -> int:
        return db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))

    return {
        "pending_structures": count(sa.select(Structure.id).where(Structure.status == StructureStatus.PENDING)),
        "pending_recruiters": count(sa.select(User.id).where(User.membership == Membership.PENDING)),
        "users": count(sa.select(User.id)),
        "mail_waiting": count(sa.select(OutboxMessage.id).where(OutboxMessage.status == OutboxStatus.PENDING)),
        "mail_failed": count(sa.select(OutboxMessage.id).where(OutboxMessage.status == OutboxStatus.FAILED)),
    }


def outbox_query(status: str | None):
    stmt = sa.select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if status in set(OutboxStatus):
        stmt = stmt.where(OutboxMessage.status == status)
    return stmt


def communes_query(zone: str | None, query: str | None):
    stmt = sa.select(Commune).order_by(Commune.search_name)
    if zone:
        stmt = stmt.where(Commune.zone == zone)
    if query:
        stmt = stmt.where(
            sa.or_(
                Commune.search_name.contains(fold(query), autoescape=True),
                Commune.postal_codes.contains(query.strip(), autoescape=True),
            )
        )
    return stmt


def set_coach_zone(coach: User, zone: str | None) -> None:
    """The zone whose requests for help come to this coach (None: no zone of their own)."""
    coach.zone = Zone(zone) if zone else None
    db.session.flush()


def covered_zones() -> set[str]:
    """The zones that have at least one active coach (the requests of the others go to the association)."""
    return set(
        db.session.scalars(
            sa.select(User.zone).where(User.role == Role.COACH, User.disabled.is_(False), User.zone.is_not(None))
        )
    )
