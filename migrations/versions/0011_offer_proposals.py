"""Offers proposed by members to CV-thèque candidates

Revision ID: 0011_offer_proposals
Revises: 0010_applications
Create Date: 2026-11-26 00:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0011_offer_proposals"
down_revision = "0010_applications"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "offer_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["job_offer.id"], name=op.f("fk_offer_proposal_offer_id_job_offer"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["candidate_profile.id"],
            name=op.f("fk_offer_proposal_profile_id_candidate_profile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["user_account.id"],
            name=op.f("fk_offer_proposal_sender_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_proposal")),
        sa.UniqueConstraint("offer_id", "profile_id", name=op.f("uq_offer_proposal_offer_id")),
    )
    with op.batch_alter_table("offer_proposal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offer_proposal_offer_id"), ["offer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_offer_proposal_profile_id"), ["profile_id"], unique=False)


def downgrade():
    with op.batch_alter_table("offer_proposal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offer_proposal_profile_id"))
        batch_op.drop_index(batch_op.f("ix_offer_proposal_offer_id"))
    op.drop_table("offer_proposal")
