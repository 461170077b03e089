"""One app per test, each with its own instance folder and a fresh database built by the migrations.

SQLite (default): the migrations run once per session into a template file, copied for each test.
PostgreSQL (PORTAL_TEST_DATABASE_URL=postgresql+psycopg://...): the migrations run once into the
database, and every test starts from emptied tables with the reference communes reloaded.
"""

import email
import email.policy
import html
import os
import re
import shutil
import smtplib
import socket
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import Message
from email.utils import getaddresses
from itertools import count

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask.globals import _cv_app
from flask.testing import FlaskClient

from portal import create_app
from portal.accounts import services as accounts
from portal.accounts.models import Membership, Role, User
from portal.communes.models import Commune
from portal.communes.services import read_reference_rows
from portal.extensions import db
from portal.mail.models import OutboxMessage
from portal.metiers.content import read_metier_files
from portal.metiers.models import Metier
from portal.structures import services as structures
from portal.structures.models import Structure, StructureStatus

PASSWORD = "Un-mot-de-passe-solide-61"  # every user of the Factory has it
NEW_PASSWORD = "Une-autre-phrase-secrete"  # what tests change it to


def _worker_database(url: str | None) -> str | None:
    """Under pytest-xdist each worker has a database of its own: <name>_<worker> (created when missing)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    parsed = sa.make_url(url)
    return parsed.set(database=f"{parsed.database}_{worker}").render_as_string(hide_password=False)


POSTGRES_URL = _worker_database(os.environ.get("PORTAL_TEST_DATABASE_URL"))


def _create_database_if_missing(url: str) -> None:
    parsed = sa.make_url(url)
    base = sa.make_url(os.environ["PORTAL_TEST_DATABASE_URL"])
    if parsed.database == base.database:
        return
    engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}):
            conn.execute(sa.text(f'CREATE DATABASE "{parsed.database}"'))
    engine.dispose()


def base_config(instance_path, database_uri: str) -> dict:
    return {
        "TESTING": True,
        "ENV": "testing",
        "SECRET_KEY": "tests-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": 1,  # replaced by the smtp_server fixture; nothing listens here
        "MAIL_SEND_AFTER_REQUEST": False,
        "OUTBOX_DIR": str(instance_path / "outbox"),
        "SERVER_NAME": None,
        "SITE_URL": "http://localhost",
    }


def _migrate(app) -> None:
    import flask_migrate

    with app.app_context():
        flask_migrate.upgrade()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    """A migrated database: a SQLite file to copy, or the PostgreSQL URL, migrated once."""
    if POSTGRES_URL:
        _create_database_if_missing(POSTGRES_URL)
        engine = sa.create_engine(POSTGRES_URL)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
        folder = tmp_path_factory.mktemp("pg-instance")
        _migrate(create_app(base_config(folder, POSTGRES_URL)))
        return POSTGRES_URL
    folder = tmp_path_factory.mktemp("template")
    path = folder / "template.sqlite"
    _migrate(create_app(base_config(folder, f"sqlite:///{path}")))
    return path


def _reset_postgres(app) -> None:
    with app.app_context():
        tables = [t.name for t in db.metadata.sorted_tables]
        db.session.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        # What the migrations seed: the reference communes and the métier pages.
        db.session.execute(sa.insert(Commune), read_reference_rows())
        db.session.execute(sa.insert(Metier), read_metier_files())
        db.session.commit()


@pytest.fixture
def instance_path(tmp_path, monkeypatch):
    path = tmp_path / "instance"
    path.mkdir()
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(path))
    return path


@pytest.fixture
def make_app(instance_path, database_template):
    """Build the app with extra settings (each test may call it once); its connections close at teardown."""
    built = []

    def build(**overrides):
        if POSTGRES_URL:
            uri = POSTGRES_URL
        else:
            target = instance_path / "portal.sqlite"
            shutil.copyfile(database_template, target)
            uri = f"sqlite:///{target}"
        app = create_app({**base_config(instance_path, uri), **overrides})
        app.test_client_class = IsolatedClient
        if POSTGRES_URL:
            _reset_postgres(app)
        built.append(app)
        return app

    yield build
    for app in built:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production.

    Tests keep an app context open to reach the database; Flask would reuse it for requests,
    sharing `g` (and Flask-Login's cached user) and the database session between requests.
    And, as a server does once it has sent the body, the response is closed: the work that follows the
    response (portal.tasks, embedded) is done before the test reads the database; `keep_open=True` leaves
    that to the test, to look at what happens before.
    """

    def open(self, *args, keep_open: bool = False, **kwargs):
        token = _cv_app.set(None)
        try:
            response = super().open(*args, **kwargs)
            if not keep_open and not kwargs.get("buffered"):
                response.make_sequence()
                response.close()
            return response
        finally:
            _cv_app.reset(token)


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# --- mail ----------------------------------------------------------------------------------------

_smtp_allowed = {"on": False}


@pytest.fixture(autouse=True)
def disallow_smtp(monkeypatch):
    """Any SMTP connection outside the tests that run a server is a bug: mail went out by accident."""
    real_connect = smtplib.SMTP.connect

    def guarded(self, host="localhost", port=0, source_address=None):
        if not _smtp_allowed["on"]:
            raise AssertionError(f"Unexpected SMTP connection to {host}:{port}")
        return real_connect(self, host, port, source_address)

    monkeypatch.setattr(smtplib.SMTP, "connect", guarded)


@dataclass
class Capture:
    messages: list[Message] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)  # recipients answered with 550
    raw: list[bytes] = field(default_factory=list)  # the bytes received, as a mail client would read them

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.raw.append(envelope.content)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Message]:
        """The messages to this address exactly (personne1@ is not personne10@)."""
        return [m for m in self.messages if address in {a for _, a in getaddresses([str(m["To"])])}]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(app):
    """A real SMTP server on loopback; the app delivers to it."""
    capture = Capture()
    port = free_port()
    controller = Controller(capture, hostname="127.0.0.1", port=port)
    controller.start()
    app.config["MAIL_PORT"] = port
    _smtp_allowed["on"] = True
    try:
        yield capture
    finally:
        _smtp_allowed["on"] = False
        controller.stop()


def text_part(message: Message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://\S+", text)


def outbox(recipient: str | None = None) -> list[OutboxMessage]:
    stmt = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    if recipient:
        stmt = stmt.where(OutboxMessage.recipient == recipient)
    return db.session.scalars(stmt).all()


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


# --- people --------------------------------------------------------------------------------------

_sequence = count(1)


def luhn_siret(prefix: str) -> str:
    """A valid SIRET from 13 digits (the last digit makes the Luhn sum right)."""
    for last in "0123456789":
        if structures.luhn_valid(prefix + last):
            return prefix + last
    raise AssertionError


class Factory:
    """Users of each role and structures, created directly in the database."""

    def structure(
        self, status: str = StructureStatus.APPROVED, name: str | None = None, insee: str = "61169"
    ) -> Structure:
        n = next(_sequence)
        structure = structures.create_structure(
            name or f"EHPAD numéro {n}", luhn_siret(f"{n:09d}0000"), "ehpad", db.session.get(Commune, insee)
        )
        structure.status = status
        db.session.commit()
        return structure

    def user(
        self,
        role: Role = Role.CANDIDATE,
        *,
        email: str | None = None,
        verified: bool = True,
        structure: Structure | None = None,
        membership: str = Membership.ACTIVE,
        **names,
    ) -> User:
        n = next(_sequence)
        identity = accounts.Identity(
            email or f"personne{n}@exemple.fr",
            PASSWORD,
            names.get("first_name", "Camille"),
            names.get("last_name", f"Test{n}"),
        )
        user = accounts.create_verified_user(identity, role)
        if not verified:
            user.email_verified_at = None
        if structure is not None:
            user.structure, user.membership = structure, membership
        db.session.commit()
        return user

    def candidate(self, **kw) -> User:
        return self.user(Role.CANDIDATE, **kw)

    def member(self, **kw) -> User:
        return self.user(Role.EMPLOYER, structure=self.structure(StructureStatus.APPROVED), **kw)

    def pending_employer(self, **kw) -> User:
        return self.user(Role.EMPLOYER, structure=self.structure(StructureStatus.PENDING), **kw)

    def coach(self, zone: str | None = None, **kw) -> User:
        """A coach autonomie, of a zone when one is given (the requests of its communes come to them)."""
        user = self.user(Role.COACH, **kw)
        if zone is not None:
            user.zone = zone
            db.session.commit()
        return user

    def admin(self, **kw) -> User:
        return self.user(Role.ADMIN, **kw)


@pytest.fixture
def make(app) -> Factory:
    return Factory()


class Auth:
    """Logs in as the factory's users (their password is PASSWORD), like the `auth` helper of Flask's tutorial."""

    def __init__(self, client):
        self.client = client

    def login(self, user: User, password: str = PASSWORD, **extra):
        """Log the test's `client` in; returns the response."""
        return self.client.post("/compte/connexion", data={"email": user.email, "password": password, **extra})

    def logout(self):
        return self.client.post("/compte/deconnexion")

    def client_for(self, user: User) -> FlaskClient:
        """Another browser, logged in as user (for tests where several people act)."""
        other = self.client.application.test_client()
        response = other.post("/compte/connexion", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, f"{user.email} could not log in"
        return other


@pytest.fixture
def auth(client) -> Auth:
    return Auth(client)


def logged_in(client) -> bool:
    """Whether the client's cookies open the account's dashboard."""
    return client.get("/compte/").status_code == 200


def page(response) -> str:
    """The response body with HTML entities decoded, to look for French text with apostrophes."""
    return html.unescape(response.get_data(as_text=True))


# --- time ----------------------------------------------------------------------------------------


class FrozenClock:
    """The site's time (portal.clock), held still and moved by the test: utcnow() and today_in_paris() read it."""

    def __init__(self, now):
        self.now = now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> FrozenClock:
    import portal.clock

    frozen = FrozenClock(datetime.now(UTC).replace(tzinfo=None, microsecond=0))

    class FrozenDatetime(datetime):
        @classmethod
        def now(cls, tz=None):
            return frozen.now.replace(tzinfo=UTC).astimezone(tz) if tz else frozen.now

    monkeypatch.setattr(portal.clock, "datetime", FrozenDatetime)
    return frozen
