"""The bundle commands: import-bundle, export-bundle, demo."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask_babel import gettext, lazy_gettext as _l, ngettext

from eventsite.bundles.demo import ACCOUNTS_FILE, load_demo
from eventsite.bundles.exporter import export_bundle
from eventsite.bundles.importer import ImportResult, import_bundle
from eventsite.bundles.validate import BundleError, read_bundle
from eventsite.i18n import TranslatedOption
from eventsite.models import Forum, db


def dump_bundle(bundle: dict) -> str:
    return json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"


def _report(result: ImportResult) -> None:
    click.echo(gettext("imported forum %(slug)s", slug=result.forum.slug) if result.changed
               else gettext("imported forum %(slug)s: already up to date", slug=result.forum.slug))
    for line in result.summary():
        click.echo(f"  {line}")


def _refused(source: str, error: BundleError) -> click.ClickException:
    count = len(error.problems)
    lines = [ngettext("%(source)s: refused, nothing was imported (%(num)d problem):",
                      "%(source)s: refused, nothing was imported (%(num)d problems):", count, source=source)]
    lines += [f"  {problem}" for problem in error.problems]
    return click.ClickException("\n".join(lines))


@click.command("import-bundle", help=_l(
    "Import a bundle; a bad file changes nothing and says what is wrong and where."))
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_bundle_command(file: str) -> None:
    try:
        result = import_bundle(read_bundle(Path(file).read_bytes()))
    except BundleError as exc:
        raise _refused(file, exc) from None
    _report(result)


@click.command("export-bundle", help=_l("Write a forum's bundle."))
@click.argument("forum_slug")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, writable=True),
              help=_l("Write to this file instead of standard output."), cls=TranslatedOption)
def export_bundle_command(forum_slug: str, output: str | None) -> None:
    forum = db.session.execute(db.select(Forum).filter_by(slug=forum_slug)).scalar_one_or_none()
    if forum is None:
        known = db.session.execute(db.select(Forum.slug).order_by(Forum.slug)).scalars().all()
        raise click.ClickException(
            gettext("no forum with the slug %(slug)r; forums: %(forums)s", slug=forum_slug, forums=", ".join(known))
            if known else gettext("no forum with the slug %(slug)r; there are no forums yet", slug=forum_slug))
    text = dump_bundle(export_bundle(forum))
    if output is None:
        sys.stdout.write(text)
        return
    Path(output).write_text(text, encoding="utf-8")
    click.echo(gettext("wrote %(slug)s to %(file)s", slug=forum_slug, file=output), err=True)


@click.command("demo", help=_l("Load the Technoprom-2016 demo (idempotent) and print the demo accounts."))
def demo_command() -> None:
    try:
        result, accounts = load_demo(current_app.instance_path)
    except BundleError as exc:  # a broken packaged bundle is a bug, but say where
        raise _refused(gettext("the demo bundle"), exc) from None
    _report(result)
    click.echo("")
    click.echo(gettext("Demo accounts, for trying eventsite only (log in at /login):"))
    # one account a line, in this layout: scripts read it
    for account in accounts:
        password = account.password or gettext("(changed since the demo made it; not shown)")
        click.echo(f"  {account.role:<12} {account.email:<28} {password}")
    click.echo(gettext("The passwords are kept in %(file)s.", file=Path(current_app.instance_path) / ACCOUNTS_FILE))
