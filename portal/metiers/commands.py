import click
from flask.cli import AppGroup

from portal.extensions import db
from portal.metiers.services import load_metiers

metiers_cli = AppGroup("metiers", help="Pages métiers : chargement depuis portal/metiers/content/.")


@metiers_cli.command("load")
@click.option("--force", is_flag=True, help="Remplacer aussi les pages modifiées dans le navigateur.")
def load_command(force: bool) -> None:
    """Load the métier files into the database."""
    report = load_metiers(force=force)
    db.session.commit()
    click.echo(f"{len(report.created)} créée(s), {len(report.updated)} mise(s) à jour.")
    for slug in report.kept:
        click.echo(f"  gardée telle que modifiée dans le navigateur : {slug} (--force pour la remplacer)")
