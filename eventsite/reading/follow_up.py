""""My actions": the action items a user owns — as the person linked to their account, or as the contact
person of the owning organisation — and where they change the status and add a note."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length, Optional

from eventsite.archive import refuse_if_archived, writable
from eventsite.actions import PENDING, FollowUpError, owned_by, update_progress
from eventsite.forms import Conflict, VersionedForm, apply_versioned, lazy_text as _l
from eventsite.labels import ACTION_STATUS, choices
from eventsite.models import ActionStatus, DiscussionPoint, ForumSession, db
from eventsite.permissions import can_follow_up, visible_sessions_clause
from eventsite.reading.views import bp
from eventsite.urls import page_number


class FollowUpForm(VersionedForm):
    """The owner's follow-up of one action; each row of "My actions" has its own (prefix `action-<id>`)."""

    status = SelectField(_l("Status"), choices=choices(ACTION_STATUS, ActionStatus))
    progress_note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)],
                                  description=_l("How it goes; the organisers and the minutes’ readers see it."))


def _form(point: DiscussionPoint, formdata=None) -> FollowUpForm:
    if formdata is None:
        return FollowUpForm(formdata=None, prefix=f"action-{point.id}", status=point.status.value,
                            progress_note=point.progress_note, version=point.version)
    return FollowUpForm(prefix=f"action-{point.id}")


def _actions():
    """One page (`?page=`) of the user's actions: LIMIT/OFFSET and a count, whatever their number."""
    person_id = current_user.person_id
    query = (
        db.select(DiscussionPoint).join(DiscussionPoint.session)
        .where(owned_by(person_id) if person_id is not None else sa.false(), visible_sessions_clause(current_user))
        .options(selectinload(DiscussionPoint.session).selectinload(ForumSession.forum),
                 selectinload(DiscussionPoint.owner_organisation))
        .order_by(sa.case((DiscussionPoint.status.in_(PENDING), 0), else_=1),
                  DiscussionPoint.due_on.is_(None), DiscussionPoint.due_on, DiscussionPoint.id))
    return db.paginate(query, page=page_number(), per_page=current_app.config.get("PER_PAGE", 20), error_out=False)


def _page(forms: dict | None = None, conflict: tuple[int, Conflict] | None = None, status: int = 200):
    page = _actions()
    forms = forms or {}
    # an archived forum's action is shown, not offered to change (eventsite.archive)
    rows = [(a, forms.get(a.id) or _form(a) if writable(a.session.forum) else None) for a in page.items]
    return render_template("reading/my_actions.html", rows=rows, page=page, linked=current_user.person_id is not None,
                           conflict=conflict), status


@bp.get("/my/actions")
@login_required
def my_actions():
    """The actions the user owns, in sessions they may see, open ones first, the earliest due first."""
    return _page()


@bp.post("/my/actions/<int:point_id>")
@login_required
def follow_up(point_id: int):
    point = db.get_or_404(DiscussionPoint, point_id)
    if not can_follow_up(current_user, point):
        # an action one may not change is one that is not theirs: say nothing of it
        abort(404)
    refuse_if_archived(point.session.forum)
    form = _form(point, formdata=True)
    if not form.validate():
        return _page({point.id: form}, status=422)
    try:
        conflict = apply_versioned(point, form, lambda p: update_progress(
            p, ActionStatus(form.status.data), form.progress_note.data or ""))
    except FollowUpError as exc:
        db.session.rollback()
        form.status.errors = list(form.status.errors) + [str(exc)]
        return _page({point.id: form}, status=422)
    if conflict is not None:
        return _page({point.id: form}, (point.id, conflict), 409)
    flash(gettext("Saved the status of %(title)s: %(status)s.", title=point.title or gettext("the action"),
                  status=point.status.label), "success")
    page = page_number()
    return redirect(url_for(".my_actions", page=page if page > 1 else None, _anchor=f"action-{point.id}"))
