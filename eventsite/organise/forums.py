"""Creating and editing forums."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_babel import gettext

from eventsite.forms import apply_versioned, lazy_text as _l
from eventsite.models import db
from eventsite.organise import service
from eventsite.organise.blueprint import bp, editable_forum, refused, refused_by_database, require_editor
from eventsite.organise.forms import ForumForm

TAKEN = _l("Another forum already has this slug; choose another.")


@bp.route("/forums/new", methods=["GET", "POST"])
def new_forum():
    require_editor()
    form = ForumForm()
    if form.validate_on_submit():
        with refused_by_database(form.slug, TAKEN) as outcome:
            forum = service.create_forum(current_user._get_current_object(), **form.values())
            db.session.commit()
        if not outcome.refused:
            flash(gettext("Created the forum %(name)s. Now add its first session.", name=forum.name), "success")
            return redirect(url_for("reading.forum", forum_slug=forum.slug))
    return render_template("organise/forum_form.html", form=form, forum=None), refused(form)


@bp.route("/forums/<forum_slug>/edit", methods=["GET", "POST"])
def edit_forum(forum_slug: str):
    forum = editable_forum(forum_slug)
    form = ForumForm(obj=forum if request.method == "GET" else None, forum=forum)
    if form.validate_on_submit():
        values = form.values()
        conflict = None
        with refused_by_database(form.slug, TAKEN) as outcome:
            conflict = apply_versioned(forum, form, lambda f: service.update_forum(f, **values))
        if conflict is not None:
            return render_template("organise/forum_form.html", form=form, forum=forum, conflict=conflict), 409
        if not outcome.refused:
            flash(gettext("Saved the forum %(name)s.", name=forum.name), "success")
            return redirect(url_for("reading.forum", forum_slug=forum.slug))
    return render_template("organise/forum_form.html", form=form, forum=forum), refused(form)
