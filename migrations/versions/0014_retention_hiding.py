"""Remember that a profile left the CV-thèque by the retention rule, to tell its owner why

Revision ID: 0014_retention_hiding
Revises: 0013_alerts
Create Date: 2026-12-01 18:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_retention_hiding'
down_revision = '0013_alerts'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('candidate_profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_by_retention', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('candidate_profile', schema=None) as batch_op:
        batch_op.drop_column('hidden_by_retention')
