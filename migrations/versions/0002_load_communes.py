"""Load the communes of the Orne from the packaged reference file

Revision ID: 0002_load_communes
Revises: 0001_foundation
"""

import sqlalchemy as sa
from alembic import op

from portal.communes.services import read_reference_rows

revision = "0002_load_communes"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None

commune = sa.table(
    "commune",
    sa.column("insee", sa.String),
    sa.column("name", sa.String),
    sa.column("search_name", sa.String),
    sa.column("postal_codes", sa.String),
    sa.column("latitude", sa.Float),
    sa.column("longitude", sa.Float),
    sa.column("population", sa.Integer),
    sa.column("epci_name", sa.String),
    sa.column("zone", sa.String),
)


def upgrade():
    op.bulk_insert(commune, read_reference_rows())


def downgrade():
    op.execute(commune.delete())
