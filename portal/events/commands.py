import click
from flask.cli import AppGroup

from portal.events.services import send_reminders

events_cli = AppGroup("events", help="Événements : rappels aux personnes inscrites.")


@events_cli.command("remind")
def remind_command() -> None:
    """Remind everyone registered to tomorrow's events (daily, from cron; running it twice sends once)."""
    queued = send_reminders()
    click.echo(f"{queued} rappel(s) mis en file d'envoi.")
