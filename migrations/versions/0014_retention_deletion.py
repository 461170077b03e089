"""Retention down to deletion: the candidate's own activity, its stages, mail about a person, staff in the access log

Revision ID: 0014_retention_deletion
Revises: 0013_alerts
Create Date: 2026-12-01 17:50:00.000000

"""

from datetime import timedelta

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014_retention_deletion"
down_revision = "0013_alerts"
branch_labels = None
depends_on = None

# The old run warned profiles untouched for 700 days (and the warning itself moved updated_at).
OLD_WARNING_AFTER = timedelta(days=700)

user_account = sa.table(
    "user_account",
    sa.column("id", sa.Integer),
    sa.column("created_at", sa.DateTime),
    sa.column("last_login_at", sa.DateTime),
    sa.column("last_active_at", sa.DateTime),
    sa.column("retention_warned_at", sa.DateTime),
)
candidate_profile = sa.table(
    "candidate_profile",
    sa.column("user_id", sa.Integer),
    sa.column("updated_at", sa.DateTime),
    sa.column("retention_warned_at", sa.DateTime),
)
candidate_file = sa.table("candidate_file", sa.column("profile_id", sa.Integer), sa.column("uploaded_at", sa.DateTime))
candidate_profile_ids = sa.table("candidate_profile", sa.column("id", sa.Integer), sa.column("user_id", sa.Integer))


def _backfill_activity(conn) -> None:
    """The best evidence of each person's last activity: sign-up, last login, profile edit, CV upload.

    A profile already warned had its updated_at moved by the warning itself: that date is not the person's; the
    warning was due 700 days after their real last edit, so the clock restarts from there (the warning stands).
    """
    profiles = {
        row.user_id: row
        for row in conn.execute(
            sa.select(
                candidate_profile.c.user_id, candidate_profile.c.updated_at, candidate_profile.c.retention_warned_at
            )
        )
    }
    uploads = dict(
        conn.execute(
            sa.select(candidate_profile_ids.c.user_id, sa.func.max(candidate_file.c.uploaded_at))
            .select_from(
                candidate_file.join(candidate_profile_ids, candidate_profile_ids.c.id == candidate_file.c.profile_id)
            )
            .group_by(candidate_profile_ids.c.user_id)
        ).all()
    )
    for user in conn.execute(
        sa.select(user_account.c.id, user_account.c.created_at, user_account.c.last_login_at)
    ).all():
        dates = [user.created_at, user.last_login_at, uploads.get(user.id)]
        warned_at = None
        profile = profiles.get(user.id)
        if profile is not None:
            if profile.retention_warned_at is not None:
                dates.append(profile.retention_warned_at - OLD_WARNING_AFTER)
                warned_at = profile.retention_warned_at
            else:
                dates.append(profile.updated_at)
        last_active = max(d for d in dates if d is not None)
        if warned_at is not None and last_active > warned_at:
            warned_at = None  # a login after the warning: the person came back
        conn.execute(
            sa.update(user_account)
            .where(user_account.c.id == user.id)
            .values(last_active_at=last_active, retention_warned_at=warned_at)
        )


def upgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_active_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("retention_warned_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("retention_hidden_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("retention_final_warning_at", sa.DateTime(), nullable=True))
    _backfill_activity(op.get_bind())
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.alter_column("last_active_at", existing_type=sa.DateTime(), nullable=False)
        batch_op.create_index(batch_op.f("ix_user_account_last_active_at"), ["last_active_at"], unique=False)

    with op.batch_alter_table("candidate_profile", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hidden_for_inactivity_at", sa.DateTime(), nullable=True))
        batch_op.drop_column("retention_warned_at")

    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("about_user_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("body_purged_at", sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_message_about_user_id"), ["about_user_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_message_about_user_id_user_account"),
            "user_account",
            ["about_user_id"],
            ["id"],
            ondelete="CASCADE",
        )

    with op.batch_alter_table("profile_access", schema=None) as batch_op:
        batch_op.add_column(sa.Column("viewer", sa.String(length=10), nullable=True))
    op.execute("UPDATE profile_access SET viewer = 'member'")
    with op.batch_alter_table("profile_access", schema=None) as batch_op:
        batch_op.alter_column("viewer", existing_type=sa.String(length=10), nullable=False)
        batch_op.alter_column("structure_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_check_constraint("viewer", "viewer IN ('member', 'coach', 'admin')")


def downgrade():
    op.execute("DELETE FROM profile_access WHERE structure_id IS NULL")
    with op.batch_alter_table("profile_access", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_profile_access_viewer"), type_="check")
        batch_op.alter_column("structure_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("viewer")

    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_outbox_message_about_user_id_user_account"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_outbox_message_about_user_id"))
        batch_op.drop_column("body_purged_at")
        batch_op.drop_column("about_user_id")

    with op.batch_alter_table("candidate_profile", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retention_warned_at", sa.DateTime(), nullable=True))
        batch_op.drop_column("hidden_for_inactivity_at")
    op.execute(
        "UPDATE candidate_profile SET retention_warned_at = (SELECT retention_warned_at FROM user_account "
        "WHERE user_account.id = candidate_profile.user_id)"
    )

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_account_last_active_at"))
        batch_op.drop_column("retention_final_warning_at")
        batch_op.drop_column("retention_hidden_at")
        batch_op.drop_column("retention_warned_at")
        batch_op.drop_column("last_active_at")
