"""The newsroom: published press releases, newest first, as pages and as an Atom feed.

Two languages meet here. An entry is a release: its title, summary, text, notice ("FOR IMMEDIATE
RELEASE", «ЭМБАРГО ДО …»), dateline, date and the words that stand in for a missing headline or
press contact are in the release's language (its session's unless the press office chose another
when drafting), whatever the reader's; each entry carries it as xml:lang (on the page, as lang). The
newsroom's own words (the feed's title and author, the page's headings and links) are the reader's:
the account's language, the switch's cookie or Accept-Language, as on every page; a feed reader
that sends none of them gets English. The feed's xml:lang says which.
"""
from __future__ import annotations

from datetime import datetime, timezone

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from flask import Response, abort, current_app, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy.orm import selectinload

from eventsite.i18n import current_language, document_language
from eventsite.models import ForumSession, PressRelease, db
from eventsite.permissions import can_edit_press, require_view_session, visible_sessions_clause
from eventsite.press import workflow
from eventsite.press.blueprint import bp
from eventsite.press.documents import press_release_html, press_release_response
from eventsite.text import clean_text
from eventsite.urls import absolute_url, base_url, page_number, site_host


def newsroom_query(user, now: datetime | None = None):
    """Released press releases of sessions `user` may see, newest to reach the public first."""
    return (
        db.select(PressRelease)
        .join(PressRelease.session)
        .join(ForumSession.forum)
        .where(workflow.released_clause(now), visible_sessions_clause(user))
        .options(selectinload(PressRelease.session).selectinload(ForumSession.forum))
        .order_by(workflow.public_since_column().desc(), PressRelease.id.desc())
    )


def public_url(release: PressRelease, **kw) -> str:
    return url_for("press.newsroom_release", release_id=release.id, slug=workflow.release_slug(release), **kw)


def public_release_or_404(release_id: int) -> PressRelease:
    """A release anyone may read here: released, of a visible session; the press office sees it earlier."""
    release = db.get_or_404(PressRelease, release_id)
    require_view_session(release.session)
    if not workflow.is_released(release) and not can_edit_press(current_user):
        abort(404)
    return release


@bp.get("/newsroom")
def newsroom():
    page = db.paginate(newsroom_query(current_user), page=page_number(),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    if page.page > 1 and not page.items:
        abort(404)
    return render_template("press/newsroom.html", page=page, public_url=public_url)


@bp.get("/newsroom/<int:release_id>-<slug>")
def newsroom_release(release_id: int, slug: str):
    release = public_release_or_404(release_id)
    canonical = workflow.release_slug(release)
    if slug != canonical:
        # headlines change; old links keep working
        return redirect(public_url(release), 301)
    return render_template("press/release.html", release=release, session=release.session,
                           forum=release.session.forum)


@bp.get("/newsroom.atom")
def feed():
    releases = db.session.execute(newsroom_query(current_user).limit(current_app.config["PER_PAGE"])).scalars().all()
    return Response(atom_feed(releases), mimetype="application/atom+xml")


def atom_feed(releases: list[PressRelease]) -> bytes:
    """An Atom 1.0 document (RFC 4287) for `releases`, written by feedgen.

    The feed's words are in the reader's language, each entry's in its release's (see the module's
    docstring); an entry's content is the release as its page shows it (press_release_html).
    Every text is cleaned here as well as at input, by the same rule: a headline imported before
    that rule held could otherwise carry a character XML cannot, and no reader could read the feed.
    Links are made from BASE_URL, not from the Host header of the request.
    """
    feed = FeedGenerator()
    feed.register_extension("xml_lang", _LanguageOfFeed, _LanguageOfEntry, atom=True, rss=False)
    feed.id(absolute_url("press.newsroom"))
    feed.title(gettext("Newsroom — press releases"))
    feed.language(current_language())
    feed.updated(max((_updated(r) for r in releases), default=datetime(2000, 1, 1, tzinfo=timezone.utc)))
    feed.link(href=absolute_url("press.feed"), rel="self", type="application/atom+xml")
    feed.link(href=absolute_url("press.newsroom"), rel="alternate", type="text/html")
    feed.author(name=gettext("eventsite press office"))
    feed.generator("eventsite")
    host = site_host()
    for release in releases:
        with document_language(release.language) as language:
            _add_entry(feed.add_entry(order="append"), release, host, language)
    return feed.atom_str(pretty=False, encoding="UTF-8")


def _add_entry(entry, release: PressRelease, host: str, language: str) -> None:
    """One release as an entry, inside document_language(release.language)."""
    forum = release.session.forum.text_in(language)
    entry.xml_lang.set(language)
    # a tag: URI stays the same whatever the headline or the status becomes
    entry.id(f"tag:{host},{release.created_at:%Y-%m-%d}:press-release/{release.id}")
    entry.title(_line(release.headline) or _line(release.session.title) or gettext("Press release"))
    entry.published(workflow.public_since(release))
    entry.updated(_updated(release))
    entry.link(href=base_url() + public_url(release), rel="alternate", type="text/html")
    entry.link(href=absolute_url("press.newsroom_pdf", release_id=release.id), rel="enclosure",
               type="application/pdf")
    author = {"name": _line(forum.press_contact_name)
              or _line(gettext("%(forum)s press office", forum=forum.name))}
    if _line(forum.press_contact_email):
        author["email"] = _line(forum.press_contact_email)
    entry.author(author)
    summary = _line(release.subheadline) or _line(release.dateline)
    if summary:
        entry.summary(summary)
    entry.content(clean_text(str(press_release_html(release))), type="html")


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class _LanguageOfFeed(BaseExtension):
    """feedgen gives the feed an xml:lang (FeedGenerator.language) but not an entry; this extension does."""


class _LanguageOfEntry(BaseEntryExtension):
    def __init__(self):
        self.language = None

    def set(self, language: str) -> None:
        self.language = language

    def extend_atom(self, entry):
        if self.language:
            entry.set(XML_LANG, self.language)
        return entry


def _updated(release: PressRelease) -> datetime:
    since = workflow.public_since(release)
    return max(since, release.updated_at) if release.updated_at else since


def _line(text: str | None) -> str:
    return clean_text(text or "", multiline=False).strip()


@bp.get("/newsroom/<int:release_id>.pdf")
def newsroom_pdf(release_id: int):
    return press_release_response(public_release_or_404(release_id))
