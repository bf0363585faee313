"""The participants tab of the session workspace: who took part, as what, and the unnamed groups."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext

from eventsite.forms import ConflictRow, apply_versioned
from eventsite.labels import ROLES, label
from eventsite.models import Attendance, OrganisationKind, ParticipantGroup, Participation, Role, db
from eventsite.organise import service
from eventsite.organise.blueprint import bp, editable_session, of_session_or_404
from eventsite.organise.forms import GroupForm, ParticipantEditForm, ParticipantForm
from eventsite.organise.lookups import Unresolved, resolve


def _workspace(session, form=None, group_form=None, status=200, rename_forms=None, **extra):
    # each group has its own small rename form; a refused one keeps what was typed
    renames = {g.id: GroupForm(formdata=None, obj=g, prefix=f"g{g.id}") for g in session.groups}
    renames.update(rename_forms or {})
    for n, group in enumerate(session.groups, start=1):
        renames[group.id].name.label.text = gettext("Group %(number)s", number=n)
    group_form = group_form or GroupForm(formdata=None, prefix="group")
    group_form.name.label.text = gettext("New group")
    return render_template(
        "organise/participants.html", forum=session.forum, session=session,
        form=form or ParticipantForm(formdata=None), group_form=group_form, rename_forms=renames, **extra,
    ), status


def _here(session, anchor=""):
    return url_for(".participants", forum_slug=session.forum.slug, session_slug=session.slug) + anchor


@bp.get("/forums/<forum_slug>/<session_slug>/participants")
def participants(forum_slug: str, session_slug: str):
    session = editable_session(forum_slug, session_slug)
    return _workspace(session)


def _organisation(form):
    """The organisation the form names or creates (unsaved until the caller flushes); raises Unresolved."""
    if form.new_organisation.data:
        return service.create_organisation(form.new_organisation.data,
                                           kind=OrganisationKind(form.new_organisation_kind.data))
    return resolve(form.organisation_name, form.organisation_id, ("organisation",), "organisation")


def _person(form, session):
    """The existing person the form names, or None when it creates a new one; raises Unresolved."""
    if form.new_name.data:
        return None
    person = resolve(form.person_name, form.person_id, ("person",), "person")
    if person is None:
        form.person_name.errors.append(gettext("Find a person here, or fill in a new person below."))
        raise Unresolved("person_name")
    if any(p.person_id == person.id for p in session.participations):
        form.person_name.errors.append(gettext("%(name)s is already a participant of this session.", name=person.name))
        raise Unresolved("person_name")
    return person


@bp.post("/forums/<forum_slug>/<session_slug>/participants")
def add_participant(forum_slug: str, session_slug: str):
    session = editable_session(forum_slug, session_slug)
    form = ParticipantForm()
    if not form.validate():
        return _workspace(session, form=form, status=422)
    try:
        person = _person(form, session)
        organisation = None if form.new_organisation.data else _organisation(form)
    except Unresolved:
        return _workspace(session, form=form, status=422)
    # everything the form names exists: only now create what is new, so a refusal leaves nothing behind
    if person is None:
        person = service.create_person(form.new_name.data, form.new_native_name.data, form.new_email.data)
    if form.new_organisation.data:
        organisation = _organisation(form)
    participation = service.add_participant(session, person, Role(form.role.data), Attendance(form.attendance.data),
                                            form.position.data, organisation)
    db.session.commit()
    flash(gettext("Added %(name)s as %(role)s. Add the next one below.", name=participation.person.name,
                  role=label(ROLES, participation.role)), "success")
    return redirect(_here(session, "#add-participant"))


def _participation(session, participation_id: int) -> Participation:
    return of_session_or_404(Participation, session, participation_id)


@bp.route("/forums/<forum_slug>/<session_slug>/participants/<int:participation_id>/edit", methods=["GET", "POST"])
def edit_participant(forum_slug: str, session_slug: str, participation_id: int):
    session = editable_session(forum_slug, session_slug)
    participation = _participation(session, participation_id)
    form = ParticipantEditForm(obj=participation if request.method == "GET" else None)
    if request.method == "GET":
        form.role.data, form.attendance.data = participation.role.value, participation.attendance.value
        form.organisation_name.data = participation.organisation.name if participation.organisation else ""

    def page(status=200, conflict=None):
        return render_template("organise/participant_form.html", forum=session.forum, session=session,
                               participation=participation, form=form, conflict=conflict), status

    if request.method == "GET":
        return page()
    if not form.validate():
        return page(422)
    try:
        organisation = _organisation(form)
    except Unresolved:
        return page(422)
    conflict = apply_versioned(participation, form, lambda p: service.update_participant(
        p, Role(form.role.data), Attendance(form.attendance.data), form.position.data, organisation))
    if conflict is not None:
        db.session.rollback()  # a new organisation typed into a refused form is not kept
        saved = participation.organisation.name if participation.organisation else ""
        typed = form.organisation_name.data or form.new_organisation.data or ""
        conflict.rows.append(ConflictRow(form.organisation_name.label.text, typed, saved))
        return page(409, conflict)
    flash(gettext("Saved %(name)s's part in this session.", name=participation.person.name), "success")
    return redirect(_here(session, f"#participant-{participation.id}"))


@bp.route("/forums/<forum_slug>/<session_slug>/participants/<int:participation_id>/remove", methods=["GET", "POST"])
def remove_participant(forum_slug: str, session_slug: str, participation_id: int):
    """Asks first, naming the points that lose their speaker; the POST from that page removes."""
    session = editable_session(forum_slug, session_slug)
    participation = _participation(session, participation_id)
    if request.method == "GET":
        return render_template("organise/participant_remove.html", forum=session.forum, session=session,
                               participation=participation, points=service.points_spoken_by(participation))
    name = participation.person.name
    service.remove_participant(participation)
    db.session.commit()
    flash(gettext("Removed %(name)s from this session. Their points stay, without a speaker.", name=name), "success")
    return redirect(_here(session, "#participants-h"))


# -- groups ----------------------------------------------------------------------------------------

def _group(session, group_id: int) -> ParticipantGroup:
    return of_session_or_404(ParticipantGroup, session, group_id)


@bp.post("/forums/<forum_slug>/<session_slug>/groups")
def add_group(forum_slug: str, session_slug: str):
    session = editable_session(forum_slug, session_slug)
    form = GroupForm(prefix="group")
    if not form.validate():
        return _workspace(session, group_form=form, status=422)
    group = service.add_group(session, form.name.data)
    db.session.commit()
    flash(gettext("Added the group “%(name)s”.", name=group.name), "success")
    return redirect(_here(session, "#groups-h"))


@bp.post("/forums/<forum_slug>/<session_slug>/groups/<int:group_id>/rename")
def rename_group(forum_slug: str, session_slug: str, group_id: int):
    session = editable_session(forum_slug, session_slug)
    group = _group(session, group_id)
    form = GroupForm(prefix=f"g{group.id}")
    if not form.validate():
        return _workspace(session, rename_forms={group.id: form}, status=422)
    conflict = apply_versioned(group, form, lambda g: service.rename_group(g, form.name.data))
    if conflict is not None:
        return _workspace(session, rename_forms={group.id: form}, conflict=conflict, status=409)
    flash(gettext("Renamed the group to “%(name)s”.", name=group.name), "success")
    return redirect(_here(session, f"#group-{group.id}"))


@bp.post("/forums/<forum_slug>/<session_slug>/groups/<int:group_id>/move")
def move_group(forum_slug: str, session_slug: str, group_id: int):
    session = editable_session(forum_slug, session_slug)
    group = _group(session, group_id)
    if service.move_group(group, request.form.get("direction", "")):
        db.session.commit()
        flash(gettext("Moved “%(name)s” up.", name=group.name) if request.form["direction"] == "up"
              else gettext("Moved “%(name)s” down.", name=group.name), "success")
    return redirect(_here(session, f"#group-{group.id}"))


@bp.post("/forums/<forum_slug>/<session_slug>/groups/<int:group_id>/remove")
def remove_group(forum_slug: str, session_slug: str, group_id: int):
    session = editable_session(forum_slug, session_slug)
    group = _group(session, group_id)
    name = group.name
    service.remove_group(group)
    db.session.commit()
    flash(gettext("Removed the group “%(name)s”.", name=name), "success")
    return redirect(_here(session, "#groups-h"))
