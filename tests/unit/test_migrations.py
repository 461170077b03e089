"""The schema only changes through the migrations: they build it from nothing, go back, and match the models."""

import os

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


def check_migrations(app) -> None:
    with app.app_context():
        flask_migrate.upgrade()
        assert commune_count() == 381
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
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
    schema = "migration_check"
    engine = sa.create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
    try:
        app = create_app({
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": POSTGRES_URL,
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={schema}"}},
        })
        check_migrations(app)
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        engine.dispose()
