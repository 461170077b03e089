"""The schema only changes through the migrations: they build it from nothing, go back, and match the models."""

import os
import re

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from portal import create_app
from portal.extensions import db

# Only the server one names: a test run never touches a PostgreSQL server it was not pointed at.
POSTGRES_URL = os.environ.get("PORTAL_TEST_POSTGRES_URL")


def postgres_available() -> str | None:
    """None when a server answers, else why not."""
    if not POSTGRES_URL:
        return "set PORTAL_TEST_POSTGRES_URL=postgresql+psycopg://... to check the migrations on PostgreSQL"
    try:
        engine = sa.create_engine(POSTGRES_URL, connect_args={"connect_timeout": 2})
        with engine.connect():
            pass
        engine.dispose()
        return None
    except Exception as exc:  # any failure to connect means: skip, and say why
        return f"no PostgreSQL at {POSTGRES_URL}: {type(exc).__name__}"


def commune_count() -> int:
    with db.engine.connect() as conn:
        return conn.scalar(sa.text("SELECT count(*) FROM commune"))


def quoted(sql: str) -> set[str]:
    return set(re.findall(r"'([^']*)'", sql))


def model_checks() -> dict[tuple[str, str], set[str]]:
    """The CHECK constraints of the models, by table and name, with the values each lists."""
    checks = {}
    for table in db.metadata.sorted_tables:
        for constraint in table.constraints:
            if isinstance(constraint, sa.CheckConstraint):
                sql = str(constraint.sqltext.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))
                checks[table.name, constraint.name] = quoted(sql)
    return checks


def database_checks() -> dict[tuple[str, str], set[str]]:
    inspector = sa.inspect(db.engine)
    return {
        (table, check["name"]): quoted(check["sqltext"])
        for table in inspector.get_table_names()
        for check in inspector.get_check_constraints(table)
    }


def check_migrations(app) -> None:
    with app.app_context():
        flask_migrate.upgrade()
        assert commune_count() == 381
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        # Alembic does not compare CHECK constraints: the same names, listing the same values.
        assert database_checks() == model_checks()
        flask_migrate.downgrade(revision="base")
        assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
        flask_migrate.upgrade()
        assert commune_count() == 381
        db.engine.dispose()


def test_migrations_build_match_and_undo_the_schema_on_sqlite(tmp_path, instance_path):
    check_migrations(create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.sqlite'}"}))


@pytest.mark.postgres
def test_migrations_build_match_and_undo_the_schema_on_postgresql(instance_path):
    reason = postgres_available()
    if reason:
        if os.environ.get("PORTAL_REQUIRE_POSTGRES"):
            pytest.fail(reason)
        pytest.skip(reason)
    schema = f"migration_check_{os.getpid()}"  # apart from any other run on the same server
    engine = sa.create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
    try:
        app = create_app(
            {
                "TESTING": True,
                "SQLALCHEMY_DATABASE_URI": POSTGRES_URL,
                "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={schema}"}},
            }
        )
        check_migrations(app)
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        engine.dispose()


def _row(table: sa.Table, **values) -> dict:
    """Values for every required column of a reflected table, the given ones first."""
    from datetime import datetime

    blanks = {
        sa.Integer: 0,
        sa.Boolean: False,
        sa.String: "",
        sa.Text: "",
        sa.DateTime: datetime(2020, 1, 1),
        sa.JSON: [],
        sa.Date: datetime(2020, 1, 1).date(),
    }
    row = dict(values)
    for column in table.columns:
        if column.name not in row and not column.nullable and not column.primary_key:
            row[column.name] = next(v for t, v in blanks.items() if isinstance(column.type, t))
    return row


def test_the_activity_backfill_ignores_the_dates_the_old_warning_moved(tmp_path, instance_path):
    from datetime import datetime, timedelta

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'b.sqlite'}"})
    warned = datetime(2023, 6, 1)
    with app.app_context():
        flask_migrate.upgrade(revision="0013_alerts")
        meta = sa.MetaData()
        users = sa.Table("user_account", meta, autoload_with=db.engine)
        profiles = sa.Table("candidate_profile", meta, autoload_with=db.engine)
        with db.engine.begin() as conn:
            for uid, login in ((1, datetime(2021, 1, 1)), (2, datetime(2023, 7, 1)), (3, None)):
                conn.execute(
                    users.insert().values(
                        _row(
                            users,
                            id=uid,
                            email=f"p{uid}@exemple.fr",
                            role="candidate",
                            created_at=datetime(2020, 1, 1),
                            last_login_at=login,
                        )
                    )
                )
            # 1 and 2 were warned, which moved updated_at; 2 logged in after the warning; 3 edited in 2022.
            for uid, updated, was_warned in ((1, warned, warned), (2, warned, warned), (3, datetime(2022, 5, 5), None)):
                conn.execute(
                    profiles.insert().values(
                        _row(profiles, user_id=uid, updated_at=updated, retention_warned_at=was_warned)
                    )
                )
        flask_migrate.upgrade()
        with db.engine.connect() as conn:
            rows = {
                r.id: (r.last_active_at, r.retention_warned_at)
                for r in conn.execute(sa.text("SELECT id, last_active_at, retention_warned_at FROM user_account"))
            }
        db.engine.dispose()
    as_dt = lambda v: datetime.fromisoformat(str(v)) if v is not None else None  # noqa: E731
    assert {uid: (as_dt(a), as_dt(w)) for uid, (a, w) in rows.items()} == {
        1: (warned - timedelta(days=700), warned),  # the warning's date is not the person's: the clock keeps running
        2: (datetime(2023, 7, 1), None),  # a login after the warning: the person came back
        3: (datetime(2022, 5, 5), None),
    }
