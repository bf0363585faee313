from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, render_template
from flask_login import current_user

from eventsite.minutes.workflow import session_record_for
from eventsite.models import Forum, ForumSession, db
from eventsite.permissions import visible_sessions_clause
from eventsite.reading.calendar import forum_calendar
from eventsite.reading.queries import forum_or_404, programme_page, session_or_404, visible_sessions
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
    session = session_or_404(forum_slug, session_slug)
    reading = session_record_for(current_user, session)
    return render_template("reading/session.html", forum=session.forum, session=session, reading=reading,
                           record=reading.record)


@bp.get("/forums/<forum_slug>/calendar.ics")
def calendar(forum_slug: str):
    forum = forum_or_404(forum_slug)
    sessions = visible_sessions(forum, with_key_dates=True)
    body = forum_calendar(
        forum, sessions, host=site_host(),
        url_for_session=lambda s: absolute_url(".session", forum_slug=forum.slug, session_slug=s.slug),
    )
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'inline; filename="{forum.slug}.ics"'})
