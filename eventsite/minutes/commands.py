"""`flask export-pdf FORUM_SLUG SESSION_SLUG {minutes,press-release} -o FILE`, and its sibling
`flask export-document FORUM_SLUG SESSION_SLUG minutes --format {docx,odt} -o FILE`."""
from __future__ import annotations

from pathlib import Path

import click
from flask_babel import gettext, lazy_gettext as _l

from eventsite.i18n import TranslatedOption, command_headers
from eventsite.minutes.office import FORMATS
from eventsite.models import Forum, ForumSession, db
from eventsite.pdf.render import PdfError


def _session(forum_slug: str, session_slug: str) -> ForumSession:
    session = db.session.execute(
        db.select(ForumSession).join(ForumSession.forum)
        .where(Forum.slug == forum_slug, ForumSession.slug == session_slug)
    ).scalar_one_or_none()
    if session is None:
        if db.session.execute(db.select(Forum).filter_by(slug=forum_slug)).scalar_one_or_none() is None:
            raise click.ClickException(gettext("there is no forum %(forum)r", forum=forum_slug))
        raise click.ClickException(gettext("forum %(forum)r has no session %(session)r", forum=forum_slug,
                                           session=session_slug))
    return session


def _working_minutes(session: ForumSession) -> tuple[dict, bool]:
    """The minutes' working state, whatever its status (every format says DRAFT when it is not
    approved), and whether it is the live draft."""
    from eventsite.minutes.workflow import current_record, minutes_of

    minutes = minutes_of(session)
    live = minutes is None or not minutes.locked or not minutes.revisions
    return current_record(session, minutes), live


def _minutes(session: ForumSession) -> bytes:
    from eventsite.minutes.documents import minutes_pdf

    record, live = _working_minutes(session)
    return minutes_pdf(session, record, live=live).render()


def _press_release(session: ForumSession) -> bytes:
    from eventsite.press.documents import press_release_pdf
    from eventsite.press.workflow import latest_release

    release = latest_release(session)
    if release is None:
        raise click.ClickException(gettext("session %(session)r has no press release", session=session.slug))
    return press_release_pdf(release)


@click.command("export-pdf", help=_l(
    "Render a session's minutes (in whatever status, marked DRAFT when not approved) or its latest press "
    "release to PDF."))
@click.argument("forum_slug")
@click.argument("session_slug")
@click.argument("document", type=click.Choice(["minutes", "press-release"]))
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, writable=True),
              help=_l("The PDF file to write."), cls=TranslatedOption)
def export_pdf_command(forum_slug: str, session_slug: str, document: str, output: str) -> None:
    from flask import current_app

    session = _session(forum_slug, session_slug)
    # templates use url_for and the request-bound globals; give them a request in the command's language
    with current_app.test_request_context(headers=command_headers()):
        try:
            data = _minutes(session) if document == "minutes" else _press_release(session)
        except PdfError as exc:
            raise click.ClickException(str(exc.message)) from None
    Path(output).write_bytes(data)
    click.echo(gettext("wrote %(file)s (%(size)s KB)", file=output, size=len(data) // 1024 or 1))


@click.command("export-document", help=_l(
    "Write a session's minutes (in whatever status, marked DRAFT when not approved) as a Word or "
    "OpenDocument file, from the same record as the PDF."))
@click.argument("forum_slug")
@click.argument("session_slug")
@click.argument("document", type=click.Choice(["minutes"]))
@click.option("--format", "file_format", required=True, type=click.Choice(sorted(FORMATS)),
              help=_l("docx (Word) or odt (OpenDocument)."), cls=TranslatedOption)
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, writable=True),
              help=_l("The file to write."), cls=TranslatedOption)
def export_document_command(forum_slug: str, session_slug: str, document: str, file_format: str, output: str) -> None:
    session = _session(forum_slug, session_slug)
    record, _live = _working_minutes(session)
    make, _mimetype = FORMATS[file_format]
    data = make(record)
    Path(output).write_bytes(data)
    click.echo(gettext("wrote %(file)s (%(size)s KB)", file=output, size=len(data) // 1024 or 1))
