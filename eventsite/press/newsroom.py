"""The newsroom: published press releases, newest first, as pages and as an Atom feed."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timezone

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload

from eventsite.markdown import render_markdown
from eventsite.models import Forum, ForumSession, PressRelease, db
from eventsite.permissions import can_edit_press, require_view_session, visible_sessions_clause
from eventsite.press import workflow
from eventsite.press.blueprint import bp
from eventsite.urls import page_number

ATOM = "http://www.w3.org/2005/Atom"


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
    return url_for("press.newsroom_release", release_id=release.id, slug=workflow.slugify(release.headline), **kw)


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
    canonical = workflow.slugify(release.headline)
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
    """An Atom 1.0 document (RFC 4287) for `releases`; escaping is the XML library's job."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    host = request.host.split(":")[0]
    _text(feed, "id", url_for("press.newsroom", _external=True))
    _text(feed, "title", "Newsroom — press releases")
    updated = max((_updated(r) for r in releases), default=datetime(2000, 1, 1, tzinfo=timezone.utc))
    _text(feed, "updated", _stamp(updated))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=url_for("press.feed", _external=True),
                  type="application/atom+xml")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=url_for("press.newsroom", _external=True),
                  type="text/html")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "eventsite press office")
    for release in releases:
        forum: Forum = release.session.forum
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        since = workflow.public_since(release)
        # a tag: URI stays the same whatever the headline or the status becomes
        _text(entry, "id", f"tag:{host},{release.created_at:%Y-%m-%d}:press-release/{release.id}")
        _text(entry, "title", release.headline)
        _text(entry, "published", _stamp(since))
        _text(entry, "updated", _stamp(_updated(release)))
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                      href=public_url(release, _external=True))
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="enclosure", type="application/pdf",
                      href=url_for("press.newsroom_pdf", release_id=release.id, _external=True))
        entry_author = ET.SubElement(entry, f"{{{ATOM}}}author")
        _text(entry_author, "name", forum.press_contact_name or f"{forum.name} press office")
        if forum.press_contact_email:
            _text(entry_author, "email", forum.press_contact_email)
        summary = release.subheadline or release.dateline
        if summary:
            _text(entry, "summary", summary)
        content = ET.SubElement(entry, f"{{{ATOM}}}content", type="html")
        content.text = str(render_markdown(release.body))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _updated(release: PressRelease) -> datetime:
    since = workflow.public_since(release)
    return max(since, release.updated_at) if release.updated_at else since


def _text(parent, tag: str, value: str):
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = value
    return element


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@bp.get("/newsroom/<int:release_id>.pdf")
def newsroom_pdf(release_id: int):
    from eventsite.press.documents import press_release_response

    return press_release_response(public_release_or_404(release_id))
