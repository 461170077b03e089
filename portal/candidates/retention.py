"""Candidate accounts whose owner does nothing: warned, set aside, warned again, then deleted.

The clock is the person's own activity (User.last_active_at: a login, an edit of the profile or CVs,
"je cherche toujours"), never a write of the platform's. Each stage is dated on the account and
cleared by any activity; each waits for the one before, so that every announced delay is honoured
even when the run was missed for a while:

1. RETENTION_HIDE_AFTER_DAYS - RETENTION_WARNING_DAYS after the activity: a warning mail.
2. RETENTION_HIDE_AFTER_DAYS after it, and RETENTION_WARNING_DAYS after the warning: the profile leaves
   the CV-thèque; a mail announces the deletion RETENTION_DELETE_AFTER_DAYS later.
3. RETENTION_FINAL_WARNING_DAYS before that date: a last warning.
4. Then the account is deleted through the same path as the person's own request.

Staff and employer accounts are left alone. One account at a time, one commit each (each account is an
operation of its own, unlike a request's one commit): a run that stops half-way loses nothing and the next
one carries on; a second run the same day finds nothing to do.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, url_for

from portal.accounts.models import Role, User
from portal.accounts.personal_data import delete_account
from portal.candidates.models import CandidateProfile
from portal.clock import utcnow
from portal.extensions import db
from portal.mail.services import queue_mail


@dataclass
class RetentionReport:
    warned: int = 0
    hidden: int = 0
    final_warned: int = 0
    deleted: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Delays:
    warn_after: timedelta
    hide_after: timedelta
    warning: timedelta
    delete_after: timedelta
    final_warning: timedelta

    @classmethod
    def from_config(cls, config) -> "Delays":
        days = lambda key: timedelta(days=config[key])  # noqa: E731
        return cls(
            warn_after=days("RETENTION_HIDE_AFTER_DAYS") - days("RETENTION_WARNING_DAYS"),
            hide_after=days("RETENTION_HIDE_AFTER_DAYS"),
            warning=days("RETENTION_WARNING_DAYS"),
            delete_after=days("RETENTION_DELETE_AFTER_DAYS"),
            final_warning=days("RETENTION_FINAL_WARNING_DAYS"),
        )


def periods(config) -> dict[str, int]:
    """The durations the privacy page states, from the settings the run applies."""
    return {
        "warn_months": (config["RETENTION_HIDE_AFTER_DAYS"] - config["RETENTION_WARNING_DAYS"]) * 12 // 365,
        "hide_months": config["RETENTION_HIDE_AFTER_DAYS"] * 12 // 365,
        "warning_days": config["RETENTION_WARNING_DAYS"],
        "delete_days": config["RETENTION_DELETE_AFTER_DAYS"],
        "final_warning_days": config["RETENTION_FINAL_WARNING_DAYS"],
        "mail_body_days": config["OUTBOX_BODY_RETENTION_DAYS"],
        "mail_months": config["OUTBOX_RETENTION_DAYS"] * 12 // 365,
    }


def deletion_date(user: User, delays: Delays, now: datetime) -> datetime:
    """When the account goes, as the mails announce it."""
    if user.retention_hidden_at is None:
        return max(user.last_active_at + delays.hide_after, now + delays.warning) + delays.delete_after
    due = user.retention_hidden_at + delays.delete_after
    if user.retention_final_warning_at is not None:
        due = max(due, user.retention_final_warning_at + delays.final_warning)
    return due


def _candidates(*conditions) -> list[int]:
    return db.session.scalars(
        sa.select(User.id).where(User.role == Role.CANDIDATE, *conditions).order_by(User.id)
    ).all()


def _profile(user: User) -> CandidateProfile | None:
    return db.session.scalar(sa.select(CandidateProfile).where(CandidateProfile.user_id == user.id))


def _mail(user: User, stage: str, subject: str, **context) -> None:
    queue_mail(
        user.email,
        f"retention_{stage}",
        subject,
        # The activity in the key: a person who comes back and goes silent again is told again.
        dedup_key=f"retention-{stage}:{user.id}:{user.last_active_at:%Y%m%d%H%M%S%f}",
        about_user_id=user.id,
        user=user,
        profile_url=url_for("candidates.profile", _external=True),
        login_url=url_for("accounts.login", _external=True),
        **context,
    )


def run_retention(now: datetime | None = None) -> RetentionReport:
    """Move every silent candidate account one stage on. Safe to run twice, and to stop at any point."""
    now = now or utcnow()
    delays = Delays.from_config(current_app.config)
    report = RetentionReport()

    # Latest stage first: an account moves at most one stage per run.
    for user_id in _candidates(
        User.retention_final_warning_at.is_not(None),
        User.retention_final_warning_at <= now - delays.final_warning,
        User.retention_hidden_at <= now - delays.delete_after,
    ):
        user = db.session.get(User, user_id)
        try:
            delete_account(user)
            db.session.commit()
        except Exception as exc:  # one account that cannot go must not keep the others
            db.session.rollback()
            current_app.logger.exception("Retention: deleting account %s failed", user_id)
            report.errors.append(f"compte {user_id} : {type(exc).__name__}")
        else:
            report.deleted += 1

    for user_id in _candidates(
        User.retention_hidden_at.is_not(None),
        User.retention_final_warning_at.is_(None),
        User.retention_hidden_at <= now - (delays.delete_after - delays.final_warning),
    ):
        user = db.session.get(User, user_id)
        user.retention_final_warning_at = now
        _mail(
            user,
            "final_warning",
            "Dernier avertissement : votre compte va être supprimé",
            delete_on=deletion_date(user, delays, now),
        )
        db.session.commit()
        report.final_warned += 1

    for user_id in _candidates(
        User.retention_warned_at.is_not(None),
        User.retention_hidden_at.is_(None),
        User.retention_warned_at <= now - delays.warning,
        User.last_active_at <= now - delays.hide_after,
    ):
        user = db.session.get(User, user_id)
        profile = _profile(user)
        was_visible = profile is not None and profile.visible
        if was_visible:
            profile.visible, profile.visibility_withdrawn_at, profile.hidden_for_inactivity_at = False, now, now
        user.retention_hidden_at = now
        _mail(
            user,
            "hidden",
            "Votre profil n'est plus visible dans la CV-thèque" if was_visible else "Votre compte va être supprimé",
            was_visible=was_visible,
            delete_on=deletion_date(user, delays, now),
        )
        db.session.commit()
        report.hidden += 1

    for user_id in _candidates(
        User.retention_warned_at.is_(None),
        User.retention_hidden_at.is_(None),
        User.last_active_at <= now - delays.warn_after,
    ):
        user = db.session.get(User, user_id)
        profile = _profile(user)
        visible = profile is not None and profile.visible
        user.retention_warned_at = now
        _mail(
            user,
            "warning",
            "Votre profil va bientôt quitter la CV-thèque"
            if visible
            else "Sans nouvelles de vous, votre compte sera supprimé",
            visible=visible,
            hide_on=max(user.last_active_at + delays.hide_after, now + delays.warning),
            delete_on=deletion_date(user, delays, now),
        )
        db.session.commit()
        report.warned += 1
    return report
