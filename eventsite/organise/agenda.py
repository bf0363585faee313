"""The agenda tab of the session workspace: plan the items before the session, edit, reorder, delete."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext

from eventsite.agenda import plan
from eventsite.forms import apply_versioned
from eventsite.models import AgendaItem, db
from eventsite.organise.blueprint import bp, editable_session, of_session_or_404
from eventsite.organise.forms import AgendaItemForm
from eventsite.organise.points import _speaker_choices


def _here(session, anchor: str = "", **args) -> str:
    return url_for(".agenda", forum_slug=session.forum.slug, session_slug=session.slug, **args) + anchor


def _form(session, **kwargs) -> AgendaItemForm:
    form = AgendaItemForm(**kwargs)
    form.presenter_id.choices = _speaker_choices(session)
    return form


def _values(session, form: AgendaItemForm) -> plan.ItemValues:
    presenter = next((p for p in session.participations if p.id == form.presenter_id.data), None)
    return plan.ItemValues(title=form.title.data or "", presenter=presenter,
                           presenter_name=form.presenter_name.data or "",
                           planned_minutes=form.planned_minutes.data, notes=form.notes.data or "")


def _refused(form, exc: plan.AgendaError) -> None:
    """The domain's refusal, at its field."""
    field = getattr(form, exc.field or "title")
    field.errors = list(field.errors) + [str(exc)]


def _page(session, form, status=200):
    return render_template("organise/agenda.html", forum=session.forum, session=session, form=form,
                           items=plan.items(session), moved=request.args.get("moved", type=int),
                           direction=request.args.get("dir")), status


@bp.get("/forums/<forum_slug>/<session_slug>/agenda/plan")
def agenda(forum_slug: str, session_slug: str):
    session = editable_session(forum_slug, session_slug)
    return _page(session, _form(session, formdata=None))


@bp.post("/forums/<forum_slug>/<session_slug>/agenda/plan")
def add_agenda_item(forum_slug: str, session_slug: str):
    session = editable_session(forum_slug, session_slug)
    form = _form(session)
    if not form.validate():
        return _page(session, form, 422)
    try:
        item = plan.add_item(session, _values(session, form))
    except plan.AgendaError as exc:
        db.session.rollback()
        _refused(form, exc)
        return _page(session, form, 422)
    db.session.commit()
    flash(gettext("Added item %(number)s to the agenda.", number=len(plan.items(session))), "success")
    return redirect(_here(session, f"#agenda-item-{item.id}"))


@bp.route("/forums/<forum_slug>/<session_slug>/agenda/<int:item_id>/edit", methods=["GET", "POST"])
def edit_agenda_item(forum_slug: str, session_slug: str, item_id: int):
    session = editable_session(forum_slug, session_slug)
    item = of_session_or_404(AgendaItem, session, item_id)
    form = _form(session, obj=item if request.method == "GET" else None)
    if request.method == "GET":
        form.presenter_id.data = item.presenter_id or 0

    def page(status=200, conflict=None):
        return render_template("organise/agenda_item_form.html", forum=session.forum, session=session, item=item,
                               form=form, conflict=conflict), status

    if request.method == "GET":
        return page()
    if not form.validate():
        return page(422)
    values = _values(session, form)
    try:
        conflict = apply_versioned(item, form, lambda i: plan.update_item(i, values))
    except plan.AgendaError as exc:
        db.session.rollback()
        _refused(form, exc)
        return page(422)
    if conflict is not None:
        return page(409, conflict)
    flash(gettext("Agenda item saved."), "success")
    return redirect(_here(session, f"#agenda-item-{item.id}"))


@bp.post("/forums/<forum_slug>/<session_slug>/agenda/<int:item_id>/move")
def move_agenda_item(forum_slug: str, session_slug: str, item_id: int):
    session = editable_session(forum_slug, session_slug)
    item = of_session_or_404(AgendaItem, session, item_id)
    direction = request.form.get("direction", "")
    if plan.move_item(item, direction):
        db.session.commit()
        flash(gettext("Moved the item up.") if direction == "up" else gettext("Moved the item down."), "success")
    return redirect(_here(session, moved=item.id, dir=direction))


@bp.post("/forums/<forum_slug>/<session_slug>/agenda/<int:item_id>/delete")
def delete_agenda_item(forum_slug: str, session_slug: str, item_id: int):
    session = editable_session(forum_slug, session_slug)
    item = of_session_or_404(AgendaItem, session, item_id)
    title = item.title
    detached = plan.delete_item(item)
    db.session.commit()
    message = gettext("Deleted the agenda item “%(title)s”.", title=title)
    if detached:
        message += " " + ngettext("Its %(num)d point stays in the record, under no item.",
                                  "Its %(num)d points stay in the record, under no item.", len(detached))
    flash(message, "success")
    return redirect(_here(session))
