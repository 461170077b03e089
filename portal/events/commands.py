import click
from flask.cli import AppGroup

from portal.events.services import send_reminders
from portal.extensions import db

events_cli = AppGroup("events", help="Événements : rappels aux personnes inscrites.")


@events_cli.command("remind")
def remind_command() -> None:
    """Remind everyone registered to tomorrow's events (daily, from cron; running it twice sends once)."""
    queued = send_reminders()
    db.session.commit()
    click.echo(f"{queued} rappel(s) mis en file d'envoi.")
