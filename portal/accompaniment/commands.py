import click
from flask.cli import AppGroup

from portal.accompaniment.services.pathway import attend_from_registrations
from portal.accompaniment.services.reminders import send_reminders
from portal.extensions import db

accompaniment_cli = AppGroup("accompaniment", help="Accompagnement : rappels quotidiens aux coachs.")


@accompaniment_cli.command("remind")
def remind_command() -> None:
    """Mail each coach their steps due today and overdue (daily, from cron; running it twice the same day sends
    once), after marking done the event steps whose person's registration was confirmed."""
    attended = attend_from_registrations()
    queued = send_reminders()
    db.session.commit()
    click.echo(f"Étapes d'événement notées faites d'après les inscriptions : {attended}")
    click.echo(f"Rappels aux coachs mis en file d'envoi : {queued}")
