"""The coaches' caseload: the records, filtered and searched, with their next step and the counts of the day."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.accompaniment.models import Accompaniment, HelpRequest, RequestStatus, Status, Step, StepStatus
from portal.accompaniment.services.pathway import is_overdue, next_step
from portal.accounts.models import User
from portal.extensions import db
from portal.metiers.models import Metier
from portal.text import fold

PER_PAGE = 20

# The coach filter's own values (any other is a coach's id).
MINE, EVERYONE, NOBODY = "moi", "tous", "aucun"
# The status filter's value for the records not closed (active or paused): what a coach works on.
OPEN = "ouverts"


@dataclass
class CaseloadFilters:
    coach: str = MINE
    zone: str = ""
    status: str = OPEN
    metier: str = ""  # a métier's slug
    public: str = ""
    overdue: bool = False
    q: str = ""

    def narrowed(self, viewer: User) -> bool:
        """Filters other than the default ones (the name search aside)."""
        default_coach = MINE if viewer.role == "coach" else EVERYONE
        return bool(
            self.zone
            or self.metier
            or self.public
            or self.overdue
            or self.status != OPEN
            or self.coach != default_coach
        )

    def as_args(self) -> dict:
        """The filters as the address holds them (for the pagination's links)."""
        args = {
            "coach": self.coach,
            "zone": self.zone,
            "statut": self.status,
            "metier": self.metier,
            "public": self.public,
            "retard": "1" if self.overdue else "",
            "q": self.q,
        }
        return {key: value for key, value in args.items() if value}


def _overdue(today: date):
    """The record has a planned step whose date has passed."""
    return (
        sa.select(Step.id)
        .where(Step.accompaniment_id == Accompaniment.id, Step.status == StepStatus.PLANNED, Step.day < today)
        .exists()
    )


def _next_day():
    """The date of the record's first planned step (None when none is planned)."""
    return (
        sa.select(sa.func.min(Step.day))
        .where(Step.accompaniment_id == Accompaniment.id, Step.status == StepStatus.PLANNED)
        .scalar_subquery()
    )


def _coach_condition(coach: str, viewer: User):
    if coach == MINE:
        return Accompaniment.coach_id == viewer.id
    if coach == NOBODY:
        return Accompaniment.coach_id.is_(None)
    if coach.isdigit():
        return Accompaniment.coach_id == int(coach)
    return sa.true()


def _conditions(filters: CaseloadFilters, viewer: User, today: date) -> list:
    conditions = [_coach_condition(filters.coach, viewer)]
    if filters.zone:
        conditions.append(Accompaniment.zone == filters.zone)
    if filters.status == OPEN:
        conditions.append(Accompaniment.status != Status.CLOSED)
    elif filters.status:
        conditions.append(Accompaniment.status == filters.status)
    if filters.metier:
        conditions.append(Accompaniment.metiers.any(Metier.slug == filters.metier))
    if filters.public:
        # publics is a JSON list of values: matched on its text, quotes included, so that "rsa" is not "rsa-x".
        conditions.append(sa.cast(Accompaniment.publics, sa.String).contains(f'"{filters.public}"'))
    if filters.overdue:
        conditions.append(_overdue(today))
    words = fold(filters.q or "").split()
    for word in words:
        conditions.append(Accompaniment.search_name.contains(word, autoescape=True))
    return conditions


def caseload(filters: CaseloadFilters, viewer: User, today: date, page: int = 1, per_page: int = PER_PAGE):
    """A page of records: the next step soonest first (overdue ones come first), those with nothing planned last.

    Each record of the page carries `next` (its next planned step) and `overdue_count`."""
    next_day = _next_day()
    stmt = (
        sa.select(Accompaniment)
        .where(*_conditions(filters, viewer, today))
        .options(
            selectinload(Accompaniment.steps),
            selectinload(Accompaniment.metiers),
            selectinload(Accompaniment.coach),
            selectinload(Accompaniment.commune),
        )
        .order_by(next_day.is_(None), next_day, Accompaniment.last_name, Accompaniment.first_name, Accompaniment.id)
    )
    records = db.paginate(stmt, page=page, per_page=per_page, error_out=False)
    for record in records.items:
        record.next = next_step(record)
        record.overdue_count = sum(1 for step in record.steps if is_overdue(step, today))
    return records


def counts(filters: CaseloadFilters, viewer: User, today: date) -> dict[str, int]:
    """Active, paused, closed and overdue records among those of the coach filter; new requests of the viewer's
    zone (of every zone for who has none, the admin)."""
    scope = _coach_condition(filters.coach, viewer)

    def tally(condition) -> sa.ColumnElement:
        return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)

    row = db.session.execute(
        sa.select(
            tally(Accompaniment.status == Status.ACTIVE),
            tally(Accompaniment.status == Status.PAUSED),
            tally(Accompaniment.status == Status.CLOSED),
            tally(sa.and_(Accompaniment.status != Status.CLOSED, _overdue(today))),
        ).where(scope)
    ).one()
    requests = sa.select(sa.func.count(HelpRequest.id)).where(HelpRequest.status == RequestStatus.NEW)
    if viewer.zone:
        requests = requests.where(HelpRequest.zone == viewer.zone)
    return {
        "active": row[0],
        "paused": row[1],
        "closed": row[2],
        "overdue": row[3],
        "requests": db.session.scalar(requests),
    }
