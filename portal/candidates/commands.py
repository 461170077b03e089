import click
from flask import current_app
from flask.cli import AppGroup

from portal.candidates.retention import periods, run_retention
from portal.candidates.signals import retention_running
from portal.clock import utcnow
from portal.mail.retention import purge_outbox

retention_cli = AppGroup(
    "retention", help="Durées de conservation : comptes candidats sans activité, copies des courriels."
)


@retention_cli.command("run")
def run_command() -> None:
    """Apply the retention periods (daily, from cron); a second run the same day does nothing."""
    config = current_app.config
    now = utcnow()
    report = run_retention(now)
    purge = purge_outbox()
    months = periods(config)
    click.echo(f"Comptes candidats avertis ({months['warn_months']} mois sans activité) : {report.warned}")
    click.echo(
        f"Profils retirés de la CV-thèque, suppression annoncée ({months['hide_months']} mois) : {report.hidden}"
    )
    click.echo(f"Derniers avertissements avant suppression : {report.final_warned}")
    click.echo(f"Comptes supprimés avec toutes leurs données : {report.deleted}")
    click.echo(
        f"Courriels dont le contenu est effacé (plus de {config['OUTBOX_BODY_RETENTION_DAYS']} jours) : {purge.bodies}"
    )
    click.echo(f"Courriels effacés (plus de {config['OUTBOX_RETENTION_DAYS']} jours) : {purge.rows}")
    if purge.files:
        click.echo(f"Fichiers .eml de développement effacés : {purge.files}")
    errors = list(report.errors)
    # The other features' periods (accompaniment records...), each reporting its own lines.
    for _receiver, part in retention_running.send(current_app._get_current_object(), now=now):
        for line in part.lines:
            click.echo(line)
        errors += part.errors
    for error in errors:
        click.echo(f"  échec, repris au prochain passage : {error}", err=True)
    if errors:
        raise SystemExit(1)
