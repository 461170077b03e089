import click
from flask.cli import AppGroup

from portal.mail.sender import deliver_pending

mail_cli = AppGroup("mail", help="Courriels : envoi de la file d'attente (outbox).")


@mail_cli.command("send")
@click.option("--limit", default=500, show_default=True, help="Nombre maximal de messages par passage.")
def send_command(limit: int) -> None:
    """Deliver the pending mail (for cron: every minute)."""
    report = deliver_pending(limit=limit)
    click.echo(f"{report.sent} envoyé(s), {report.deferred} reporté(s), {report.failed} en échec.")
    for error in report.errors:
        click.echo(f"  reporté : {error}", err=True)
