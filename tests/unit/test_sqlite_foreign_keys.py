"""SQLite checks foreign keys, and applies their ON DELETE, only on connections that ask for it: every one of ours does."""

import pytest
import sqlalchemy as sa

from portal.accounts.models import LoginSession
from portal.alerts import services as alerts
from portal.alerts.models import AlertDelivery, AlertSubscription
from portal.candidates import services as candidates
from portal.candidates.models import CandidateProfile
from portal.clock import utcnow
from portal.cvtheque.models import ProfileAccess
from portal.extensions import db


@pytest.fixture
def sqlite_only(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL always enforces foreign keys")


def test_every_connection_of_the_app_enforces_foreign_keys(app, sqlite_only):
    assert db.session.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
    # A connection opened later, from the pool or new, does too.
    db.session.remove()
    db.engine.dispose()
    with db.engine.connect() as first, db.engine.connect() as second:
        assert first.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert second.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_row_pointing_to_nothing_is_refused(app, sqlite_only):
    now = utcnow()
    db.session.add(
        LoginSession(
            user_id=987654,
            secret_hash="x" * 64,
            remember=False,
            device="",
            created_at=now,
            last_seen_at=now,
            expires_at=now,
        )
    )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_deleting_a_parent_row_cascades_and_sets_null(app, make):
    member, candidate = make.member(), make.candidate()
    profile = candidates.profile_of(candidate)
    alert = alerts.create_alert(candidate, "offers", {"metier": ["aide-soignant"]}, "daily")
    now = utcnow()
    db.session.add(
        LoginSession(
            user_id=candidate.id,
            secret_hash="x" * 64,
            remember=False,
            device="",
            created_at=now,
            last_seen_at=now,
            expires_at=now,
        )
    )
    db.session.add(AlertDelivery(subscription_id=alert.id, item_id=1, sent_at=now))
    db.session.add(
        ProfileAccess(
            profile_id=profile.id, structure_id=member.structure_id, user_id=member.id, viewer="member", kind="view"
        )
    )
    db.session.commit()
    access_id = db.session.scalar(sa.select(ProfileAccess.id))
    member_id, candidate_id = member.id, candidate.id

    # Plain SQL and no ORM object in the session: only the database can do what follows.
    db.session.expunge_all()
    db.session.execute(sa.text("DELETE FROM user_account WHERE id = :id"), {"id": member_id})
    db.session.commit()
    assert db.session.get(ProfileAccess, access_id).user_id is None  # SET NULL

    db.session.execute(sa.text("DELETE FROM user_account WHERE id = :id"), {"id": candidate_id})
    db.session.commit()
    for model in (LoginSession, CandidateProfile, ProfileAccess, AlertSubscription, AlertDelivery):  # CASCADE
        assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0, model.__name__
