"""Check constraints on every column that holds a value of a closed set (a status, a kind...)

Revision ID: 0016_check_constraints
Revises: 0015_login_sessions
Create Date: 2026-12-01 21:30:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0016_check_constraints"
down_revision = "0015_login_sessions"
branch_labels = None
depends_on = None

# The values of each set as they are today (the StrEnums of the models), written out: a migration does not change
# when the models do. Each constraint is named after its column: ck_<table>_<column>.
CHECKED = {
    "commune": {
        "zone": ("flers-argentan", "alencon", "laigle-mortagne"),
    },
    "candidate_file": {
        "kind": ("pdf", "docx", "odt"),
    },
    "metier": {
        "family": ("soin", "accompagnement", "vie-quotidienne", "encadrement"),
    },
    "structure": {
        "kind": (
            "ehpad",
            "residence-autonomie",
            "saad",
            "ssiad",
            "handicap-enfants",
            "handicap-adultes",
            "esat",
            "hopital",
            "autre",
        ),
        "status": ("pending", "approved", "refused", "suspended"),
    },
    "user_account": {
        "role": ("candidate", "employer", "coach", "admin"),
        "membership": ("pending", "active", "refused"),
    },
    "event": {
        "kind": ("portes-ouvertes", "vis-ma-vie", "cafe", "immersion", "information", "job-dating"),
        "status": ("draft", "published", "cancelled"),
    },
    "job_offer": {
        "contract_type": ("cdi", "cdd", "interim", "alternance", "stage", "vacation"),
        "working_time": ("plein", "partiel", "nuit", "week-end"),
        "status": ("draft", "published", "closed", "unpublished"),
    },
    "outbox_message": {
        "status": ("pending", "sending", "sent", "failed"),
    },
    "alert_subscription": {
        "kind": ("offers", "events", "profiles"),
        "frequency": ("immediate", "daily", "weekly"),
        "status": ("pending", "active", "paused", "suspended"),
    },
    "contact_request": {
        "status": ("pending", "accepted", "declined"),
    },
    "event_registration": {
        "status": ("pending_email", "confirmed", "waiting", "cancelled"),
    },
    "offer_proposal": {
        "status": ("sent", "applied", "declined"),
    },
    "profile_access": {
        "kind": ("view", "download"),
    },
    "application": {
        "status": ("received", "seen", "interview", "hired", "declined", "withdrawn"),
    },
}


def upgrade():
    for table, columns in CHECKED.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, values in columns.items():
                listed = ", ".join(f"'{value}'" for value in values)
                batch_op.create_check_constraint(column, f"{column} IN ({listed})")


def downgrade():
    for table, columns in reversed(CHECKED.items()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in reversed(columns):
                batch_op.drop_constraint(batch_op.f(f"ck_{table}_{column}"), type_="check")
