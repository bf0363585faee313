"""The points tab of the session workspace: capture while the session runs, reorder, edit, delete and undo."""
from __future__ import annotations

from types import SimpleNamespace

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext

from eventsite.agenda import plan
from eventsite.forms import ConflictRow, apply_versioned
from eventsite.labels import ROLES, label
from eventsite.models import ActionStatus, DiscussionPoint, Participation, PointKind, db
from eventsite.organise import service
from eventsite.organise.blueprint import bp, editable_session, of_session_or_404
from eventsite.organise.forms import CaptureForm, PointForm
from eventsite.organise.lookups import Unresolved, resolve

#: blank key-date rows offered below the ones a point has
BLANK_DATES = 2


def _speaker_choices(session) -> list[tuple[int, str]]:
    return [(0, gettext("— nobody —"))] + [(p.id, f"{p.person.name} ({label(ROLES, p.role)})")
                                           for p in session.participations]


def _here(session, anchor: str = "", **args) -> str:
    return url_for(".points", forum_slug=session.forum.slug, session_slug=session.slug, **args) + anchor


def _agenda_choices(session) -> list[tuple[int, str]]:
    return [(0, gettext("— no agenda item —"))] + [(item.id, f"{n}. {item.title}")
                                                   for n, item in enumerate(plan.items(session), start=1)]


def _prepare(form, session) -> None:
    """What every point form of this session offers: its speakers, its agenda, dates read from its day."""
    form.speaker_id.choices = _speaker_choices(session)
    form.agenda_item_id.choices = _agenda_choices(session)
    # a due date or key date typed without a year falls on or after the session's day
    form.due_on.after = session.local_start.date()


def _capture_form(session, formdata=None) -> CaptureForm:
    """The capture form; after a save it keeps the kind, speaker and agenda item the organiser was using,
    and on a first visit offers the current agenda item (eventsite.agenda.plan.current_item)."""
    form = CaptureForm(formdata=formdata) if formdata is not None else CaptureForm(formdata=None)
    _prepare(form, session)
    if formdata is None:
        if request.args.get("kind") in {k.value for k in PointKind}:
            form.kind.data = request.args["kind"]
        speaker = request.args.get("speaker", type=int)
        if speaker and any(p.id == speaker for p in session.participations):
            form.speaker_id.data = speaker
        agenda = request.args.get("agenda", type=int)
        if "agenda" in request.args and (agenda == 0 or any(i.id == agenda for i in session.agenda_items)):
            form.agenda_item_id.data = agenda
        else:
            current = plan.current_item(session)
            form.agenda_item_id.data = current.id if current is not None else 0
    if formdata is not None or "kind" in request.args:
        # back from a save or a refusal: the cursor goes straight to the text of the next point
        form.body.render_kw = {"autofocus": True}
    return form


def add_date_row(form) -> None:
    """"Add another date" without JavaScript: one more empty key-date row, the cursor in it, nothing saved."""
    form.dates.append_entry()
    form.body.render_kw = None
    form.dates[-1].form.label.render_kw = {"autofocus": True}


def _details(form, session):
    """An action's owner and an announcement's key dates as the form gives them: (valid, owner, key dates).

    The messages go to their fields; nothing is saved when `valid` is False."""
    valid = True
    after = session.local_start.date()
    dates = [entry.form.parsed(after) for entry in form.dates]
    dates_ok = not any(entry.form.label.errors or entry.form.date.errors or entry.form.qualifier.errors
                       for entry in form.dates)
    # FieldList keeps the errors it saw while validating; the dates' own checks came after
    form.dates.errors = [] if dates_ok else [entry.form.errors for entry in form.dates]
    owner = None
    if form.kind.data == PointKind.action.value:
        try:
            owner = resolve(form.owner_name, form.owner_ref, ("person", "organisation"), "owner")
        except Unresolved:
            valid = False
    return valid and dates_ok, owner, [d for d in dates if d is not None]


def _agenda_item(session, item_id: int | None):
    return next((i for i in session.agenda_items if i.id == item_id), None)


def _page(session, form, status=200):
    deleted_id = request.args.get("deleted", type=int)
    just_deleted = next((p for p in service.deleted_points(session) if p.id == deleted_id), None)
    return render_template(
        "organise/points.html", forum=session.forum, session=session, form=form,
        points=service.live_points(session), deleted=service.deleted_points(session), just_deleted=just_deleted,
        moved=request.args.get("moved", type=int), direction=request.args.get("dir"),
    ), status


@bp.get("/forums/<forum_slug>/<session_slug>/points")
def points(forum_slug: str, session_slug: str):
    session = editable_session(forum_slug, session_slug)
    return _page(session, _capture_form(session))


def _speaker(session, speaker_id: int | None) -> Participation | None:
    return next((p for p in session.participations if p.id == speaker_id), None)


@bp.post("/forums/<forum_slug>/<session_slug>/points")
def capture_point(forum_slug: str, session_slug: str):
    session = editable_session(forum_slug, session_slug)
    form = _capture_form(session, request.form)
    if "add_date" in request.form:
        add_date_row(form)
        return _page(session, form)
    valid = form.validate()
    details_ok, owner, key_dates = _details(form, session)
    if not (valid and details_ok):
        return _page(session, form, 422)
    kind = PointKind(form.kind.data)
    point = service.create_point(
        session, kind, form.body.data, form.title.data, _speaker(session, form.speaker_id.data),
        service.parse_tags(form.tags.data), agenda_item=_agenda_item(session, form.agenda_item_id.data),
        owner=owner, due_on=form.due_on.data, key_dates=key_dates)
    # read before the commit, which expires the session: read after it, its whole page would load again
    number = len(service.live_points(session))
    item = point.agenda_item.title if point.agenda_item is not None else None
    back = _here(session, kind=point.kind.value, speaker=form.speaker_id.data or None,
                 agenda=form.agenda_item_id.data or 0)
    db.session.commit()
    if item is not None:
        flash(gettext("Point %(number)s saved under “%(item)s”.", number=number, item=item), "success")
    else:
        flash(gettext("Point %(number)s saved.", number=number), "success")
    # no #fragment: browsers skip autofocus when the address has one
    return redirect(back)


def _point(session, point_id: int) -> DiscussionPoint:
    return of_session_or_404(DiscussionPoint, session, point_id)


def _load(form: PointForm, point: DiscussionPoint) -> None:
    form.kind.data = point.kind.value
    form.speaker_id.data = point.speaker_id or 0
    form.agenda_item_id.data = point.agenda_item_id or 0
    form.tags.data = ", ".join(point.tags or [])
    form.status.data = (point.status or ActionStatus.open).value
    for kd in point.key_dates:
        form.dates.append_entry(SimpleNamespace(label=kd.label, date=kd.iso, precision=kd.precision.value,
                                                qualifier=kd.qualifier.value if kd.qualifier else "", remove=False))


def _key_dates_text(values) -> str:
    return "; ".join(f"{v.label}: {v.date.strftime('%Y-%m') if v.precision.value == 'month' else v.date.isoformat()}"
                     for v in values)


@bp.route("/forums/<forum_slug>/<session_slug>/points/<int:point_id>/edit", methods=["GET", "POST"])
def edit_point(forum_slug: str, session_slug: str, point_id: int):
    session = editable_session(forum_slug, session_slug)
    point = _point(session, point_id)
    form = PointForm(obj=point if request.method == "GET" else None)
    _prepare(form, session)
    if request.method == "GET":
        _load(form, point)

    def page(status=200, conflict=None):
        while len([e for e in form.dates if not e.form.label.data and not e.form.date.data]) < BLANK_DATES:
            form.dates.append_entry()
        return render_template("organise/point_form.html", forum=session.forum, session=session, point=point,
                               form=form, conflict=conflict), status

    if request.method == "GET":
        return page()
    if "add_date" in request.form:
        add_date_row(form)
        return page()
    valid = form.validate()
    details_ok, owner, key_dates = _details(form, session)
    if not (valid and details_ok):
        return page(422)
    conflict = apply_versioned(point, form, lambda p: service.update_point(
        p, PointKind(form.kind.data), form.body.data, form.title.data, _speaker(session, form.speaker_id.data),
        service.parse_tags(form.tags.data), owner, form.due_on.data, ActionStatus(form.status.data), key_dates,
        agenda_item=_agenda_item(session, form.agenda_item_id.data)))
    if conflict is not None:
        if form.kind.data != PointKind.action.value and point.kind is not PointKind.action:
            # neither version is an action: its owner, due date and status mean nothing here
            action_fields = {form.owner_name.label.text, form.due_on.label.text, form.status.label.text}
            conflict.rows = [row for row in conflict.rows if row.label not in action_fields]
        conflict.rows.append(ConflictRow(gettext("Key dates"), _key_dates_text(key_dates),
                                         _key_dates_text(point.key_dates)))
        return page(409, conflict)
    flash(gettext("Point saved."), "success")
    return redirect(_here(session, f"#point-{point.id}"))


@bp.post("/forums/<forum_slug>/<session_slug>/points/<int:point_id>/move")
def move_point(forum_slug: str, session_slug: str, point_id: int):
    session = editable_session(forum_slug, session_slug)
    point = _point(session, point_id)
    direction = request.form.get("direction", "")
    if service.move_point(point, direction):
        db.session.commit()
        flash(gettext("Moved the point up.") if direction == "up" else gettext("Moved the point down."), "success")
    # the moved point's button keeps the focus, so a keyboard user can press it again
    return redirect(_here(session, moved=point.id, dir=direction))


@bp.post("/forums/<forum_slug>/<session_slug>/points/<int:point_id>/delete")
def delete_point(forum_slug: str, session_slug: str, point_id: int):
    session = editable_session(forum_slug, session_slug)
    point = _point(session, point_id)
    service.delete_point(point)
    db.session.commit()
    return redirect(_here(session, "#undo", deleted=point.id))


@bp.post("/forums/<forum_slug>/<session_slug>/points/<int:point_id>/restore")
def restore_point(forum_slug: str, session_slug: str, point_id: int):
    session = editable_session(forum_slug, session_slug)
    point = _point(session, point_id)
    service.restore_point(point)
    db.session.commit()
    flash(gettext("Point restored to its place."), "success")
    return redirect(_here(session, f"#point-{point.id}"))
