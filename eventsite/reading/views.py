from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, render_template
from flask_babel import gettext
from flask_login import current_user

from eventsite.minutes.workflow import session_record_for
from eventsite.models import Forum, ForumSession, db
from eventsite.permissions import visible_sessions_clause
from eventsite.accounts.tokens import calendar_user_for
from eventsite.reading.calendar import calendar_feed, forum_calendar
from eventsite.reading.page_cache import readers_page
from eventsite.reading.queries import feed_sessions, forum_or_404, programme_page, session_or_404
from eventsite.urls import absolute_url, page_number, site_host

bp = Blueprint("reading", __name__)


@bp.get("/")
def index():
    counts = (
        db.select(ForumSession.forum_id, sa.func.count(ForumSession.id).label("n"))
        .where(visible_sessions_clause(current_user))
        .group_by(ForumSession.forum_id)
        .subquery()
    )
    rows = db.session.execute(
        db.select(Forum, sa.func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.forum_id == Forum.id)
        .order_by(Forum.starts_on.desc())
    ).all()
    return render_template("reading/index.html", forums=rows)


@bp.get("/forums/<forum_slug>/")
def forum(forum_slug: str):
    forum = forum_or_404(forum_slug)
    # a forum's programme reads better in long pages than in the default list length
    page, sessions = programme_page(forum, page_number(), current_app.config["SESSIONS_PER_PAGE"])
    return render_template("reading/forum.html", forum=forum, sessions=sessions, page=page)


@bp.get("/forums/<forum_slug>/<session_slug>/")
def session(forum_slug: str, session_slug: str):
    return readers_page(lambda: _session_page(forum_slug, session_slug))


def _session_page(forum_slug: str, session_slug: str) -> str:
    session = session_or_404(forum_slug, session_slug)
    reading = session_record_for(current_user, session)
    return render_template("reading/session.html", forum=session.forum, session=session, reading=reading,
                           record=reading.record)


@bp.get("/forums/<forum_slug>/calendar.ics")
def calendar(forum_slug: str):
    forum = forum_or_404(forum_slug)
    body = forum_calendar(forum, feed_sessions(forum), host=site_host(), url_for_session=_session_url)
    return _ics(body, forum.slug)


@bp.get("/calendar/<token>.ics")
def personal_calendar(token: str):
    """A user's secret feed: what that user may see in every forum, for a calendar application that
    cannot log in. An unknown or stopped address is 404, like anything one may not see."""
    user = calendar_user_for(token)
    if user is None:
        abort(404)
    db.session.commit()  # "last read", shown on the account page
    name = gettext("eventsite: %(name)s", name=user.name or user.email)
    body = calendar_feed(name, feed_sessions(None, viewer=user), host=site_host(), url_for_session=_session_url)
    return _ics(body, "eventsite", private=True)


def _session_url(session) -> str:
    return absolute_url(".session", forum_slug=session.forum.slug, session_slug=session.slug)


def _ics(body: bytes, name: str, private: bool = False) -> Response:
    headers = {"Content-Disposition": f'inline; filename="{name}.ics"'}
    if private:
        # the address is the secret: no shared cache keeps a copy, no page passes it on as a referrer
        headers.update({"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"})
    return Response(body, mimetype="text/calendar", headers=headers)
