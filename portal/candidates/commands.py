import click
from flask import current_app
from flask.cli import AppGroup

from portal.candidates.services import run_retention

retention_cli = AppGroup("retention", help="Durées de conservation : profils inactifs de la CV-thèque.")


@retention_cli.command("run")
def run_command() -> None:
    """Warn, then hide, CV-thèque profiles untouched for 24 months (daily, from cron)."""
    with current_app.test_request_context(base_url=current_app.config["SITE_URL"]):
        report = run_retention()
    click.echo(f"{report.warned} avertissement(s), {report.hidden} profil(s) retiré(s) de la CV-thèque.")
