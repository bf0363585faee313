"""`flask --app eventsite draft-press-release FORUM_SLUG SESSION_SLUG`."""
from __future__ import annotations

import click
from flask import Flask
from flask_babel import gettext, lazy_gettext as _l

from eventsite.models import Forum, ForumSession, db
from eventsite.press.compose import draft_markdown


@click.command("draft-press-release", help=_l(
    "Print, as Markdown, the draft the press office would get for a session, in the session's language; "
    "saves nothing."))
@click.argument("forum_slug")
@click.argument("session_slug")
def draft_press_release_command(forum_slug: str, session_slug: str) -> None:
    session = db.session.execute(
        db.select(ForumSession).join(ForumSession.forum)
        .where(Forum.slug == forum_slug, ForumSession.slug == session_slug)
    ).scalar_one_or_none()
    if session is None:
        raise click.ClickException(gettext("no session %(session)r in forum %(forum)r", session=session_slug,
                                           forum=forum_slug))
    click.echo(draft_markdown(session), nl=False)


def init_app(app: Flask) -> None:
    app.cli.add_command(draft_press_release_command)
