"""`flask --app eventsite purge-trash`: remove for good what has been in the trash for 30 days."""
from __future__ import annotations

import click
from flask import Flask
from flask_babel import lazy_gettext as _l

from eventsite.i18n import TranslatedOption
from eventsite.models import db
from eventsite.trash.service import purge_trash


@click.command("purge-trash", help=_l(
    "Remove deleted forums, sessions, people and organisations that have been in the trash for 30 days."))
@click.option("--all", "everything", is_flag=True,
              help=_l("Empty the whole trash, however recent."), cls=TranslatedOption)
def purge_trash_command(everything: bool) -> None:
    counts = purge_trash(everything=everything)
    db.session.commit()
    click.echo(", ".join(f"{n} {kind}(s)" for kind, n in counts.items()) + " removed for good.")


def init_app(app: Flask) -> None:
    app.cli.add_command(purge_trash_command)
