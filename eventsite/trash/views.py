"""Delete with a confirmation that says what goes with it; the trash; restore; merge people; archive."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user
from wtforms import HiddenField, StringField

from eventsite.archive import archive_forum, unarchive_forum
from eventsite.forms import Form
from eventsite.urls import id_from
from eventsite.models import Organisation, Person, db
from eventsite.organise.blueprint import editable_forum, editable_session, require_editor
from eventsite.organise.service import OrganiseError, find_organisation, find_person
from eventsite.permissions import can_use_trash, require
from eventsite.reading.queries import forum_or_404
from eventsite.trash import merging, service
from eventsite.trash.service import TRASH_DAYS

bp = Blueprint("trash", __name__)


class ConfirmForm(Form):
    """Only the CSRF token: the page itself is the question."""


def _confirm_delete(record, kind: str, back: str):
    form = ConfirmForm()
    refusal = None
    try:
        service.check_deletable(record)
    except OrganiseError as exc:
        refusal = str(exc)
    if form.validate_on_submit() and refusal is None:
        name = getattr(record, "title", None) or record.name
        service.delete_to_trash(record, current_user)
        db.session.commit()
        flash(gettext("Moved “%(name)s” to the trash. It can be restored from there for %(days)s days.",
                      name=name, days=TRASH_DAYS), "success")
        return redirect(url_for(".trash"))
    return render_template("trash/confirm_delete.html", record=record, kind=kind, form=form, back=back,
                           goes_with=service.what_goes_with(record), refusal=refusal,
                           days=TRASH_DAYS), 422 if refusal and request.method == "POST" else 200


@bp.route("/forums/<forum_slug>/delete", methods=["GET", "POST"])
def delete_forum(forum_slug: str):
    forum = editable_forum(forum_slug)
    return _confirm_delete(forum, "forum", url_for("organise.edit_forum", forum_slug=forum.slug))


@bp.route("/forums/<forum_slug>/<session_slug>/delete", methods=["GET", "POST"])
def delete_session(forum_slug: str, session_slug: str):
    session = editable_session(forum_slug, session_slug)
    return _confirm_delete(session, "session", url_for("organise.edit_session", forum_slug=forum_slug,
                                                        session_slug=session_slug))


@bp.route("/people/<int:person_id>/delete", methods=["GET", "POST"])
def delete_person(person_id: int):
    require_editor()
    person = db.get_or_404(Person, person_id)
    return _confirm_delete(person, "person", url_for("organise.edit_person", person_id=person.id))


@bp.route("/organisations/<int:organisation_id>/delete", methods=["GET", "POST"])
def delete_organisation(organisation_id: int):
    require_editor()
    organisation = db.get_or_404(Organisation, organisation_id)
    return _confirm_delete(organisation, "organisation",
                           url_for("organise.edit_organisation", organisation_id=organisation.id))


@bp.get("/trash")
def trash():
    require(can_use_trash)
    return render_template("trash/index.html", items=service.trash_items(), form=ConfirmForm(), days=TRASH_DAYS)


@bp.post("/trash/<kind>/<int:record_id>/restore")
def restore(kind: str, record_id: int):
    require(can_use_trash)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    record = service.trashed(kind, record_id)
    if record is None:
        abort(404)
    name = getattr(record, "title", None) or record.name
    try:
        undone = service.restore(record, kind)
    except merging.MergeError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for(".trash"))
    db.session.commit()
    if undone is None:
        flash(gettext("Restored “%(name)s”.", name=name), "success")
    elif undone.kept_edits:
        flash(ngettext("Undid the merge: “%(name)s” is back with what moved, except %(num)d change edited since "
                       "the merge, which stays as it was edited.",
                       "Undid the merge: “%(name)s” is back with what moved, except %(num)d changes edited since "
                       "the merge, which stay as they were edited.", undone.kept_edits, name=name), "success")
    else:
        flash(gettext("Undid the merge: “%(name)s” is back with everything that moved.", name=name), "success")
    return redirect(url_for(".trash"))


class MergeForm(Form):
    target = StringField()
    target_id = HiddenField()


#: what each kind of merge needs: the model, how a typed name is looked up, the labels, where to go back
_MERGES = {
    "person": (Person, find_person, "organise.edit_person", "person_id"),
    "organisation": (Organisation, find_organisation, "organise.edit_organisation", "organisation_id"),
}


def _merge_page(kind: str, source_id: int):
    """Choose the record to keep, see what moves, confirm: one page for people and organisations."""
    require_editor()
    model, find, edit_endpoint, id_arg = _MERGES[kind]
    source = db.get_or_404(model, source_id)
    form = MergeForm()
    form.target.label.text = (gettext("The person to keep (name or email)") if kind == "person"
                              else gettext("The organisation to keep (name or short name)"))
    plan, candidates = None, []
    if request.method == "POST" and form.validate():
        target_id = id_from(form.target_id.data)
        target = db.session.get(model, target_id) if target_id else None
        if target is None and form.target.data:
            lookup = find(form.target.data)
            target, candidates = lookup.found, [r for r in (lookup.candidates or []) if r.id != source.id]
            if target is None and not candidates:
                form.target.errors.append(gettext("Nothing here is called that. Check the spelling."))
        elif target is None:
            form.target.errors.append(gettext("Type the name of the one to keep."))
        if target is not None:
            try:
                plan = merging.plan_merge(source, target)
            except merging.MergeError as exc:
                form.target.errors.append(str(exc))
            if plan is not None and request.form.get("confirm") == "1" and form.target_id.data:
                name = target.name
                merging.merge(source, target, by=current_user)
                db.session.commit()
                flash(gettext("Merged “%(source)s” into %(name)s. To undo it, restore “%(source)s” from the trash "
                              "within %(days)s days.", source=plan.source.name, name=name, days=TRASH_DAYS), "success")
                return redirect(url_for(edit_endpoint, **{id_arg: target.id}))
    status = 422 if request.method == "POST" and form.errors else 200
    return render_template("trash/merge.html", kind=kind, source=source, form=form, plan=plan,
                           candidates=candidates, back=url_for(edit_endpoint, **{id_arg: source.id}),
                           here=request.path, days=TRASH_DAYS), status


@bp.route("/people/<int:person_id>/merge", methods=["GET", "POST"])
def merge_person(person_id: int):
    return _merge_page("person", person_id)


@bp.route("/organisations/<int:organisation_id>/merge", methods=["GET", "POST"])
def merge_organisation(organisation_id: int):
    return _merge_page("organisation", organisation_id)


@bp.post("/forums/<forum_slug>/archive")
def archive(forum_slug: str):
    # not editable_forum: unarchiving is the one change an archived forum takes
    require_editor()
    forum = forum_or_404(forum_slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if request.form.get("archived") == "0":
        unarchive_forum(forum)
        message = gettext("“%(forum)s” is no longer archived: it can be changed again.", forum=forum.name)
    else:
        archive_forum(forum)
        message = gettext("Archived “%(forum)s”: it stays public and can no longer be changed.", forum=forum.name)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("reading.forum", forum_slug=forum.slug))
