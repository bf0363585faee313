"""Creating and editing forums."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_babel import gettext

from eventsite.forms import apply_versioned, lazy_text as _l
from eventsite.models import User, UserRole, db
from eventsite.permissions import can_manage_users
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


def _organiser_accounts() -> list[User]:
    query = db.select(User).where(User.role == UserRole.organiser, User.active.is_(True)).order_by(User.email)
    return list(db.session.execute(query.limit(500)).scalars())


@bp.post("/forums/<forum_slug>/organisers")
def forum_organisers(forum_slug: str):
    """An admin names the organisers of a forum: they read its audit log."""
    forum = editable_forum(forum_slug)
    if not can_manage_users(current_user):
        abort(403)
    chosen = {int(v) for v in request.form.getlist("organiser") if v.isascii() and v.isdigit()}
    service.set_organisers(forum, [u for u in _organiser_accounts() if u.id in chosen])
    db.session.commit()
    flash(gettext("Saved who organises %(name)s.", name=forum.name), "success")
    return redirect(url_for("organise.edit_forum", forum_slug=forum.slug))


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
    organisers = None
    if can_manage_users(current_user):
        organisers = [(u, u.id in service.organisers_of(forum)) for u in _organiser_accounts()]
    return render_template("organise/forum_form.html", form=form, forum=forum, organisers=organisers), refused(form)
