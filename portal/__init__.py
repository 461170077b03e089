"""Plateforme des métiers de l'autonomie: the application factory."""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from portal import errors, extensions, security, site, tasks, templating, transactions

PACKAGE = Path(__file__).resolve().parent
# A checkout keeps templates/, static/ and migrations/ beside the package; a wheel carries them inside it.
INSTALLED = (PACKAGE / "templates").is_dir()
ROOT = PACKAGE if INSTALLED else PACKAGE.parent


def default_instance_path() -> str | None:
    """PORTAL_INSTANCE_PATH, else instance/ in a checkout, else Flask's choice for an installed package
    (<prefix>/var/portal-instance), never a folder inside site-packages."""
    if os.environ.get("PORTAL_INSTANCE_PATH"):
        return os.environ["PORTAL_INSTANCE_PATH"]
    return None if INSTALLED else str(ROOT / "instance")


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = site.SiteFlask(
        __name__,
        instance_path=default_instance_path(),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    load_config(app, config)
    check_config(app)
    os.makedirs(app.instance_path, exist_ok=True)
    init_extensions(app)
    init_search(app)
    init_personal_data(app)
    init_sections(app)
    register_blueprints(app)
    register_commands(app)
    connect_receivers()
    tasks.init_app(app)
    errors.register(app)
    security.register(app)
    templating.register(app)
    return app


def load_config(app: Flask, config: Mapping[str, Any] | None) -> None:
    app.config.from_object("portal.config")
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("PORTAL")
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if config:
        app.config.update(config)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "portal.sqlite")
    app.config.setdefault("OUTBOX_DIR", os.path.join(app.instance_path, "outbox"))
    if not app.config["UPLOAD_DIR"]:
        app.config["UPLOAD_DIR"] = os.path.join(app.instance_path, "uploads")
    development = app.config["ENV"] == "development"
    if app.config["MAIL_BACKEND"] is None:
        app.config["MAIL_BACKEND"] = "file" if development else "smtp"
    defaults = {
        "SESSION_COOKIE_SECURE": not development,
        "REMEMBER_COOKIE_SECURE": not development,
        "MAIL_SEND_AFTER_REQUEST": development,
    }
    for key, value in defaults.items():
        if app.config[key] is None:
            app.config[key] = value
    # Outside development the site is served over https only (its cookies are Secure): the links of mails
    # say so too, and mail clients offer one-click unsubscribe for an https address only (RFC 8058).
    if not development and not app.testing and app.config["SITE_URL"].startswith("http://"):
        app.config["SITE_URL"] = "https://" + app.config["SITE_URL"].removeprefix("http://")
    site.configure(app)


def check_config(app: Flask) -> None:
    production = app.config["ENV"] != "development" and not app.testing and not app.debug
    if production and app.config["SECRET_KEY"] == app.config["DEFAULT_SECRET_KEY"]:
        raise RuntimeError(
            "Refusing to start in production with the default SECRET_KEY: set PORTAL_SECRET_KEY "
            "or SECRET_KEY in instance/config.py (or PORTAL_ENV=development on a developer's machine)."
        )
    site.check(app, production)


def init_extensions(app: Flask) -> None:
    extensions.db.init_app(app)
    extensions.enforce_sqlite_foreign_keys(app)
    transactions.register_hooks()
    extensions.migrate.init_app(app, extensions.db, directory=str(ROOT / "migrations"), render_as_batch=True)
    extensions.csrf.init_app(app)
    extensions.mail.init_app(app)
    extensions.limiter.init_app(app)
    extensions.login_manager.init_app(app)
    extensions.login_manager.login_view = "accounts.login"
    extensions.login_manager.login_message = "Connectez-vous pour accéder à cette page."
    extensions.login_manager.login_message_category = "info"
    extensions.login_manager.session_protection = "basic"


def init_search(app: Flask) -> None:
    from portal.cvtheque.documents import SOURCE as cvtheque_source
    from portal.offers.documents import SOURCE as offers_source
    from portal.search import sync

    sync.init_app(app, [cvtheque_source, offers_source])


def init_personal_data(app: Flask) -> None:
    """What each feature holds about a person: exported in this order, erased in the reverse one."""
    from portal import personal_data
    from portal.accompaniment.personal_data import PART as accompaniment_part
    from portal.alerts.personal_data import PART as alerts_part
    from portal.candidates.personal_data import PART as candidates_part
    from portal.cvtheque.personal_data import PART as cvtheque_part
    from portal.events.personal_data import PART as events_part
    from portal.mail.personal_data import PART as mail_part
    from portal.offers.personal_data import PART as offers_part

    # accompaniment last (erased first): its steps refer to the applications and events of the others.
    personal_data.init_app(
        app,
        [mail_part, candidates_part, cvtheque_part, offers_part, events_part, alerts_part, accompaniment_part],
    )


def init_sections(app: Flask) -> None:
    """What features show on the pages of others (the dashboard, the métier page, the saved searches)."""
    from portal import sections
    from portal.accompaniment.sections import SECTIONS as accompaniment_sections
    from portal.alerts.sections import SECTIONS as alerts_sections
    from portal.candidates.sections import SECTIONS as candidates_sections
    from portal.events.sections import SECTIONS as events_sections
    from portal.offers.sections import SECTIONS as offers_sections

    sections.init_app(
        app,
        [*candidates_sections, *offers_sections, *events_sections, *alerts_sections, *accompaniment_sections],
    )


def connect_receivers() -> None:
    """Features that care about another's news subscribe to its signals (once per process)."""
    from portal.accompaniment import receivers as accompaniment_receivers
    from portal.alerts import receivers as alerts_receivers
    from portal.cvtheque import receivers as cvtheque_receivers

    accompaniment_receivers.connect()
    alerts_receivers.connect()
    cvtheque_receivers.connect()


def register_blueprints(app: Flask) -> None:
    app.url_map.converters["int"] = security.IdConverter  # before the routes are added
    from portal.accompaniment.views import bp as accompaniment_bp
    from portal.accounts.views import bp as accounts_bp
    from portal.admin.views import bp as admin_bp
    from portal.alerts.views import bp as alerts_bp
    from portal.candidates.views import bp as candidates_bp
    from portal.cvtheque.views import bp as cvtheque_bp
    from portal.events.views import bp as events_bp
    from portal.metiers.views import bp as metiers_bp
    from portal.offers.views import bp as offers_bp
    from portal.public.views import bp as public_bp
    from portal.structures.views import bp as structures_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(alerts_bp)
    app.register_blueprint(candidates_bp)
    app.register_blueprint(cvtheque_bp)
    app.register_blueprint(offers_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(metiers_bp)
    app.register_blueprint(structures_bp)
    app.register_blueprint(accompaniment_bp)
    app.register_blueprint(admin_bp)


def register_commands(app: Flask) -> None:
    from portal.accompaniment.commands import accompaniment_cli
    from portal.alerts.commands import alerts_cli
    from portal.candidates.commands import retention_cli
    from portal.commands import demo_data_command
    from portal.events.commands import events_cli
    from portal.mail.commands import mail_cli
    from portal.metiers.commands import metiers_cli
    from portal.search.commands import search_cli

    app.cli.add_command(accompaniment_cli)
    app.cli.add_command(alerts_cli)
    app.cli.add_command(demo_data_command)
    app.cli.add_command(events_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(metiers_cli)
    app.cli.add_command(retention_cli)
    app.cli.add_command(search_cli)
