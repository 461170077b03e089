import click
from flask.cli import AppGroup

from portal.alerts.models import Frequency
from portal.alerts.services import run_alerts

alerts_cli = AppGroup("alerts", help="Alertes par courriel : offres, événements, profils de la CV-thèque.")


@alerts_cli.command("run")
@click.option(
    "--frequency",
    type=click.Choice([f.value for f in Frequency]),
    required=True,
    help="daily ou weekly depuis cron ; immediate rattrape ce qu'un envoi immédiat aurait manqué.",
)
def run_command(frequency: str) -> None:
    """Write one mail per subscriber with what is new since their last one (safe to run again)."""
    with click.progressbar(length=0, label="Abonnements", show_pos=True) as bar:
        report = run_alerts(frequency, on_progress=lambda n: bar.update(1))
    click.echo(
        f"{report.subscriptions} abonnement(s) examiné(s), {report.mails} courriel(s) mis en file d'envoi, "
        f"{report.items} annonce(s)."
    )
