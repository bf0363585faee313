"""Creating sessions and editing their details: the first tab of the session workspace."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext

from eventsite.forms import apply_versioned, lazy_text as _l
from eventsite.models import db
from eventsite.organise import service
from eventsite.organise.blueprint import bp, editable_forum, editable_session, refused, refused_by_database
from eventsite.organise.forms import SessionForm

TAKEN = _l("Another session of this forum already has this slug; choose another.")


@bp.route("/forums/<forum_slug>/sessions/new", methods=["GET", "POST"])
def new_session(forum_slug: str):
    forum = editable_forum(forum_slug)
    form = SessionForm(forum=forum)
    if form.validate_on_submit():
        with refused_by_database(form.slug, TAKEN) as outcome:
            session = service.create_session(forum, **form.values())
            db.session.commit()
        if not outcome.refused:
            flash(gettext("Created the session “%(title)s”. Add its participants next.", title=session.title),
                  "success")
            return redirect(url_for(".participants", forum_slug=forum.slug, session_slug=session.slug))
    return render_template("organise/session_form.html", form=form, forum=forum, session=None), refused(form)


@bp.route("/forums/<forum_slug>/<session_slug>/edit", methods=["GET", "POST"])
def edit_session(forum_slug: str, session_slug: str):
    session = editable_session(forum_slug, session_slug)
    forum = session.forum
    form = SessionForm(obj=session if request.method == "GET" else None, forum=forum, session=session)
    if request.method == "GET":
        form.kind.data, form.visibility.data = session.kind.value, session.visibility.value
    if form.validate_on_submit():
        values = form.values()
        conflict = None
        with refused_by_database(form.slug, TAKEN) as outcome:
            conflict = apply_versioned(session, form, lambda s: service.update_session(s, **values))
        if conflict is not None:
            return render_template("organise/session_form.html", form=form, forum=forum, session=session,
                                   conflict=conflict), 409
        if not outcome.refused:
            flash(gettext("Saved the details of “%(title)s”.", title=session.title), "success")
            return redirect(url_for(".edit_session", forum_slug=forum.slug, session_slug=session.slug))
    return render_template("organise/session_form.html", form=form, forum=forum, session=session), refused(form)
