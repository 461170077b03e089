"""Accompaniment: requests for help, records, pathway steps, notes, sharings, access log, anonymous facts;
a coach's zone

Revision ID: 0017_accompaniment
Revises: 0016_check_constraints
Create Date: 2026-12-07 14:55:58.598415

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017_accompaniment"
down_revision = "0016_check_constraints"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "accompaniment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("first_name", sa.String(length=80), nullable=False),
        sa.Column("last_name", sa.String(length=80), nullable=False),
        sa.Column("search_name", sa.String(length=170), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("commune_insee", sa.String(length=5), nullable=False),
        sa.Column(
            "zone",
            sa.Enum(
                "flers-argentan",
                "alencon",
                "laigle-mortagne",
                name="zone",
                native_enum=False,
                create_constraint=True,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("coach_id", sa.Integer(), nullable=True),
        sa.Column(
            "origin",
            sa.Enum(
                "france-travail",
                "mission-locale",
                "cap-emploi",
                "ccas-rsa",
                "forum",
                "site",
                "bouche-a-oreille",
                "employeur",
                "formation",
                "autre",
                name="origin",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("publics", sa.JSON(), nullable=False),
        sa.Column("barriers", sa.JSON(), nullable=False),
        sa.Column("aids", sa.Text(), nullable=False),
        sa.Column("consent_at", sa.DateTime(), nullable=False),
        sa.Column("consent_how", sa.String(length=120), nullable=False),
        sa.Column("consent_scope", sa.Text(), nullable=False),
        sa.Column(
            "partner_kind",
            sa.Enum(
                "france-travail",
                "mission-locale",
                "cap-emploi",
                "departement-rsa",
                "formation",
                "autre",
                name="partner_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("partner_organisation", sa.String(length=160), nullable=False),
        sa.Column("adviser_name", sa.String(length=160), nullable=False),
        sa.Column("adviser_email", sa.String(length=254), nullable=False),
        sa.Column("adviser_phone", sa.String(length=20), nullable=False),
        sa.Column("adviser_informed", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("active", "paused", "closed", name="status", native_enum=False, create_constraint=True, length=10),
            nullable=False,
        ),
        sa.Column(
            "outcome",
            sa.Enum(
                "emploi-durable",
                "formation",
                "demenagement",
                "ne-souhaite-plus",
                "sans-contact",
                "autre",
                name="outcome",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("last_contact_at", sa.DateTime(), nullable=False),
        sa.Column("link_sent_at", sa.DateTime(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coach_id"], ["user_account.id"], name=op.f("fk_accompaniment_coach_id_user_account"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["commune_insee"], ["commune.insee"], name=op.f("fk_accompaniment_commune_insee_commune")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_accompaniment_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_accompaniment_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accompaniment")),
    )
    with op.batch_alter_table("accompaniment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accompaniment_coach_id"), ["coach_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_accompaniment_last_contact_at"), ["last_contact_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_accompaniment_opened_at"), ["opened_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_accompaniment_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_accompaniment_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_accompaniment_zone"), ["zone"], unique=False)

    op.create_table(
        "accompaniment_access",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("accompaniment_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("who", sa.String(length=250), nullable=False),
        sa.Column("action", sa.String(length=80), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["accompaniment_id"],
            ["accompaniment.id"],
            name=op.f("fk_accompaniment_access_accompaniment_id_accompaniment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_accompaniment_access_user_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accompaniment_access")),
    )
    with op.batch_alter_table("accompaniment_access", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_accompaniment_access_accompaniment_id"), ["accompaniment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_accompaniment_access_at"), ["at"], unique=False)

    op.create_table(
        "accompaniment_coach_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("accompaniment_id", sa.Integer(), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=True),
        sa.Column("coach_name", sa.String(length=170), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["accompaniment_id"],
            ["accompaniment.id"],
            name=op.f("fk_accompaniment_coach_change_accompaniment_id_accompaniment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["user_account.id"],
            name=op.f("fk_accompaniment_coach_change_changed_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["coach_id"],
            ["user_account.id"],
            name=op.f("fk_accompaniment_coach_change_coach_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accompaniment_coach_change")),
    )
    with op.batch_alter_table("accompaniment_coach_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_accompaniment_coach_change_accompaniment_id"), ["accompaniment_id"], unique=False
        )

    op.create_table(
        "accompaniment_fact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("accompaniment_id", sa.Integer(), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column(
            "zone",
            sa.Enum(
                "flers-argentan",
                "alencon",
                "laigle-mortagne",
                name="zone",
                native_enum=False,
                create_constraint=True,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column(
            "origin",
            sa.Enum(
                "france-travail",
                "mission-locale",
                "cap-emploi",
                "ccas-rsa",
                "forum",
                "site",
                "bouche-a-oreille",
                "employeur",
                "formation",
                "autre",
                name="origin",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "partner_kind",
            sa.Enum(
                "france-travail",
                "mission-locale",
                "cap-emploi",
                "departement-rsa",
                "formation",
                "autre",
                name="partner_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("publics", sa.JSON(), nullable=False),
        sa.Column("metiers", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("active", "paused", "closed", name="status", native_enum=False, create_constraint=True, length=10),
            nullable=False,
        ),
        sa.Column(
            "outcome",
            sa.Enum(
                "emploi-durable",
                "formation",
                "demenagement",
                "ne-souhaite-plus",
                "sans-contact",
                "autre",
                name="outcome",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("from_request_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["accompaniment_id"],
            ["accompaniment.id"],
            name=op.f("fk_accompaniment_fact_accompaniment_id_accompaniment"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accompaniment_fact")),
        sa.UniqueConstraint("accompaniment_id", name=op.f("uq_accompaniment_fact_accompaniment_id")),
    )
    with op.batch_alter_table("accompaniment_fact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accompaniment_fact_opened_on"), ["opened_on"], unique=False)

    op.create_table(
        "accompaniment_metier",
        sa.Column("accompaniment_id", sa.Integer(), nullable=False),
        sa.Column("metier_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["accompaniment_id"],
            ["accompaniment.id"],
            name=op.f("fk_accompaniment_metier_accompaniment_id_accompaniment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["metier_id"], ["metier.id"], name=op.f("fk_accompaniment_metier_metier_id_metier"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("accompaniment_id", "metier_id", name=op.f("pk_accompaniment_metier")),
    )
    op.create_table(
        "accompaniment_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("accompaniment_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.String(length=170), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["accompaniment_id"],
            ["accompaniment.id"],
            name=op.f("fk_accompaniment_note_accompaniment_id_accompaniment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_accompaniment_note_author_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accompaniment_note")),
    )
    with op.batch_alter_table("accompaniment_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accompaniment_note_accompaniment_id"), ["accompaniment_id"], unique=False)

    op.create_table(
        "accompaniment_sharing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("accompaniment_id", sa.Integer(), nullable=False),
        sa.Column("structure_id", sa.Integer(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "emploi", "immersion", "entretien", name="purpose", native_enum=False, create_constraint=True, length=20
            ),
            nullable=False,
        ),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("agreement_how", sa.String(length=120), nullable=False),
        sa.Column("shared_by_id", sa.Integer(), nullable=True),
        sa.Column("shared_at", sa.DateTime(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.Column(
            "answer",
            sa.Enum(
                "entretien",
                "embauche",
                "pas-maintenant",
                name="answer",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("answer_message", sa.Text(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["accompaniment_id"],
            ["accompaniment.id"],
            name=op.f("fk_accompaniment_sharing_accompaniment_id_accompaniment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["user_account.id"],
            name=op.f("fk_accompaniment_sharing_answered_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["shared_by_id"],
            ["user_account.id"],
            name=op.f("fk_accompaniment_sharing_shared_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["structure_id"],
            ["structure.id"],
            name=op.f("fk_accompaniment_sharing_structure_id_structure"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accompaniment_sharing")),
    )
    with op.batch_alter_table("accompaniment_sharing", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_accompaniment_sharing_accompaniment_id"), ["accompaniment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_accompaniment_sharing_structure_id"), ["structure_id"], unique=False)

    op.create_table(
        "help_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("first_name", sa.String(length=80), nullable=False),
        sa.Column("last_name", sa.String(length=80), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("commune_insee", sa.String(length=5), nullable=False),
        sa.Column(
            "zone",
            sa.Enum(
                "flers-argentan",
                "alencon",
                "laigle-mortagne",
                name="zone",
                native_enum=False,
                create_constraint=True,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("looking_for", sa.Text(), nullable=False),
        sa.Column("when_to_call", sa.String(length=200), nullable=False),
        sa.Column("consent_at", sa.DateTime(), nullable=False),
        sa.Column(
            "partner_kind",
            sa.Enum(
                "france-travail",
                "mission-locale",
                "cap-emploi",
                "departement-rsa",
                "formation",
                "autre",
                name="partner_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("partner_organisation", sa.String(length=160), nullable=False),
        sa.Column("adviser_name", sa.String(length=160), nullable=False),
        sa.Column("adviser_email", sa.String(length=254), nullable=False),
        sa.Column("adviser_phone", sa.String(length=20), nullable=False),
        sa.Column("adviser_informed", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("new", "opened", "filed", name="status", native_enum=False, create_constraint=True, length=10),
            nullable=False,
        ),
        sa.Column("handled_at", sa.DateTime(), nullable=True),
        sa.Column("handled_by_id", sa.Integer(), nullable=True),
        sa.Column("filed_reason", sa.String(length=300), nullable=False),
        sa.Column("accompaniment_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["accompaniment_id"],
            ["accompaniment.id"],
            name=op.f("fk_help_request_accompaniment_id_accompaniment"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["commune_insee"], ["commune.insee"], name=op.f("fk_help_request_commune_insee_commune")
        ),
        sa.ForeignKeyConstraint(
            ["handled_by_id"],
            ["user_account.id"],
            name=op.f("fk_help_request_handled_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_help_request_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_request")),
    )
    with op.batch_alter_table("help_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_help_request_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_help_request_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_help_request_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_help_request_zone"), ["zone"], unique=False)

    op.create_table(
        "accompaniment_step_fact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "premier-entretien",
                "contact",
                "evenement",
                "immersion",
                "formation",
                "entretien-employeur",
                "emploi",
                "suivi",
                name="kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "planned", "done", "cancelled", name="status", native_enum=False, create_constraint=True, length=10
            ),
            nullable=False,
        ),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("metier", sa.String(length=80), nullable=False),
        sa.Column(
            "training_kind",
            sa.Enum(
                "deas",
                "deaes",
                "advf",
                "poec",
                "vae",
                "apprentissage",
                "autre",
                name="training_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column(
            "training_status",
            sa.Enum(
                "entered",
                "completed",
                "abandoned",
                name="training_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column(
            "immersion_kind",
            sa.Enum(
                "vis-ma-vie", "immersion", name="immersion_kind", native_enum=False, create_constraint=True, length=20
            ),
            nullable=True,
        ),
        sa.Column(
            "contract_type",
            sa.Enum(
                "cdi",
                "cdd",
                "interim",
                "alternance",
                "stage",
                "vacation",
                name="contract_type",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("member_structure", sa.Boolean(), nullable=True),
        sa.Column("months", sa.Integer(), nullable=True),
        sa.Column("still_in_post", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["fact_id"],
            ["accompaniment_fact.id"],
            name=op.f("fk_accompaniment_step_fact_fact_id_accompaniment_fact"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accompaniment_step_fact")),
    )
    with op.batch_alter_table("accompaniment_step_fact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accompaniment_step_fact_fact_id"), ["fact_id"], unique=False)

    op.create_table(
        "accompaniment_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("accompaniment_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "premier-entretien",
                "contact",
                "evenement",
                "immersion",
                "formation",
                "entretien-employeur",
                "emploi",
                "suivi",
                name="kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "planned", "done", "cancelled", name="status", native_enum=False, create_constraint=True, length=10
            ),
            nullable=False,
        ),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("structure_id", sa.Integer(), nullable=True),
        sa.Column("organisation", sa.String(length=160), nullable=False),
        sa.Column(
            "immersion_kind",
            sa.Enum(
                "vis-ma-vie", "immersion", name="immersion_kind", native_enum=False, create_constraint=True, length=20
            ),
            nullable=True,
        ),
        sa.Column(
            "training_kind",
            sa.Enum(
                "deas",
                "deaes",
                "advf",
                "poec",
                "vae",
                "apprentissage",
                "autre",
                name="training_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column(
            "training_status",
            sa.Enum(
                "entered",
                "completed",
                "abandoned",
                name="training_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("metier_id", sa.Integer(), nullable=True),
        sa.Column(
            "contract_type",
            sa.Enum(
                "cdi",
                "cdd",
                "interim",
                "alternance",
                "stage",
                "vacation",
                name="contract_type",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("hours_per_week", sa.Integer(), nullable=True),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("job_step_id", sa.Integer(), nullable=True),
        sa.Column("months", sa.Integer(), nullable=True),
        sa.Column("still_in_post", sa.Boolean(), nullable=True),
        sa.Column("left_reason", sa.String(length=300), nullable=False),
        sa.Column("sharing_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["accompaniment_id"],
            ["accompaniment.id"],
            name=op.f("fk_accompaniment_step_accompaniment_id_accompaniment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_accompaniment_step_application_id_application"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_accompaniment_step_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_accompaniment_step_event_id_event"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["job_step_id"],
            ["accompaniment_step.id"],
            name=op.f("fk_accompaniment_step_job_step_id_accompaniment_step"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["metier_id"], ["metier.id"], name=op.f("fk_accompaniment_step_metier_id_metier"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["sharing_id"],
            ["accompaniment_sharing.id"],
            name=op.f("fk_accompaniment_step_sharing_id_accompaniment_sharing"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["structure_id"],
            ["structure.id"],
            name=op.f("fk_accompaniment_step_structure_id_structure"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accompaniment_step")),
    )
    with op.batch_alter_table("accompaniment_step", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accompaniment_step_accompaniment_id"), ["accompaniment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_accompaniment_step_day"), ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_accompaniment_step_job_step_id"), ["job_step_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_accompaniment_step_status"), ["status"], unique=False)

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "zone",
                sa.Enum(
                    "flers-argentan",
                    "alencon",
                    "laigle-mortagne",
                    name="zone",
                    native_enum=False,
                    create_constraint=True,
                    length=30,
                ),
                nullable=True,
            )
        )


def downgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_user_account_zone"), type_="check")
        batch_op.drop_column("zone")

    with op.batch_alter_table("accompaniment_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accompaniment_step_status"))
        batch_op.drop_index(batch_op.f("ix_accompaniment_step_job_step_id"))
        batch_op.drop_index(batch_op.f("ix_accompaniment_step_day"))
        batch_op.drop_index(batch_op.f("ix_accompaniment_step_accompaniment_id"))

    op.drop_table("accompaniment_step")
    with op.batch_alter_table("accompaniment_step_fact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accompaniment_step_fact_fact_id"))

    op.drop_table("accompaniment_step_fact")
    with op.batch_alter_table("help_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_help_request_zone"))
        batch_op.drop_index(batch_op.f("ix_help_request_user_id"))
        batch_op.drop_index(batch_op.f("ix_help_request_status"))
        batch_op.drop_index(batch_op.f("ix_help_request_created_at"))

    op.drop_table("help_request")
    with op.batch_alter_table("accompaniment_sharing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accompaniment_sharing_structure_id"))
        batch_op.drop_index(batch_op.f("ix_accompaniment_sharing_accompaniment_id"))

    op.drop_table("accompaniment_sharing")
    with op.batch_alter_table("accompaniment_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accompaniment_note_accompaniment_id"))

    op.drop_table("accompaniment_note")
    op.drop_table("accompaniment_metier")
    with op.batch_alter_table("accompaniment_fact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accompaniment_fact_opened_on"))

    op.drop_table("accompaniment_fact")
    with op.batch_alter_table("accompaniment_coach_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accompaniment_coach_change_accompaniment_id"))

    op.drop_table("accompaniment_coach_change")
    with op.batch_alter_table("accompaniment_access", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accompaniment_access_at"))
        batch_op.drop_index(batch_op.f("ix_accompaniment_access_accompaniment_id"))

    op.drop_table("accompaniment_access")
    with op.batch_alter_table("accompaniment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accompaniment_zone"))
        batch_op.drop_index(batch_op.f("ix_accompaniment_user_id"))
        batch_op.drop_index(batch_op.f("ix_accompaniment_status"))
        batch_op.drop_index(batch_op.f("ix_accompaniment_opened_at"))
        batch_op.drop_index(batch_op.f("ix_accompaniment_last_contact_at"))
        batch_op.drop_index(batch_op.f("ix_accompaniment_coach_id"))

    op.drop_table("accompaniment")
