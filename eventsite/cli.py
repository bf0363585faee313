"""Commands that are not part of one area: create-user, backup.

Their messages go through the catalog, in the language of the command line (eventsite.i18n.command_language).
"""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click
from flask import Flask
from flask_babel import gettext, lazy_gettext as _l

from eventsite.accounts.service import AccountError, create_user, generate_password
from eventsite.i18n import TranslatedOption
from eventsite.models import UserRole, db


@click.command("create-user", help=_l("Create an account."))
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([r.value for r in UserRole]))
@click.option("--name", default="", help=_l("The name shown for the account."), cls=TranslatedOption)
@click.option("--password-stdin", is_flag=True,
              help=_l("Read the password from standard input instead of generating one."), cls=TranslatedOption)
def create_user_command(email: str, role: str, name: str, password_stdin: bool) -> None:
    password = sys.stdin.readline().rstrip("\n") if password_stdin else generate_password()
    try:
        user = create_user(email, role, password, name=name)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(gettext("created %(email)s (%(role)s)", email=user.email, role=user.role.value))
    if not password_stdin:
        click.echo(gettext("password: %(password)s", password=password))


@click.command("backup", help=_l("Write a consistent copy of the database while the site runs."))
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
def backup_command(file: str) -> None:
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        raise click.ClickException(gettext("backup copies SQLite databases; for PostgreSQL use pg_dump"))
    target = Path(file)
    if target.exists():
        raise click.ClickException(gettext("%(file)s exists; choose a new file name", file=file))
    source = sqlite3.connect(url.database)
    try:
        dest = sqlite3.connect(target)
        with dest:
            # the online backup API copies a consistent snapshot while others write
            source.backup(dest)
        dest.close()
    finally:
        source.close()
    click.echo(gettext("backed up %(database)s to %(file)s", database=url.database, file=file))


def init_app(app: Flask) -> None:
    app.cli.add_command(create_user_command)
    app.cli.add_command(backup_command)
