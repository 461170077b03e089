import click
from flask.cli import AppGroup

from portal.search import sync

search_cli = AppGroup("search", help="Index de recherche (CV-thèque).")


@search_cli.command("rebuild")
@click.argument("names", nargs=-1)
def rebuild_command(names):
    """Recreate the indexes from the database, with a progress bar."""
    from flask import current_app

    for name in names or list(current_app.extensions["search"]):
        bar = {}

        def start(total, name=name, bar=bar):
            bar["bar"] = click.progressbar(length=total, label=f"Index {name}", show_pos=True, show_percent=True)
            bar["bar"].__enter__()

        try:
            count = sync.rebuild(name, on_progress=lambda n, bar=bar: bar["bar"].update(n), on_total=start)
        finally:
            if "bar" in bar:
                bar["bar"].__exit__(None, None, None)
        click.echo(f"Index {name} : {count} documents.")


@search_cli.command("sync")
def sync_command():
    """Apply the changes still waiting in the queue (after a crash, for instance)."""
    click.echo(f"{sync.drain_all()} documents mis à jour.")
