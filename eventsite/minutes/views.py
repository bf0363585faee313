"""Minutes pages: read, edit the summary, approve, publish, correct, revisions, correction requests."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from markupsafe import Markup

from eventsite import lifecycle
from eventsite.archive import refuse_if_archived, writable
from eventsite.forms import apply_versioned
from eventsite.i18n import document_language
from eventsite.lifecycle import WorkflowError
from eventsite.labels import POINT_KINDS, label
from eventsite.minutes import workflow
from eventsite.minutes.compose import minutes_title
from eventsite.minutes.documents import ARTIFACT, make_minutes_pdf, minutes_filename, minutes_pdf
from eventsite.minutes.office import FORMATS
from eventsite.minutes.forms import CorrectionForm, DecisionForm, RequestForm, SummaryForm
from eventsite.models import CorrectionRequest, db
from eventsite.pdf import artifacts
from eventsite.pdf.cache import pdf_response
from eventsite.permissions import require, took_part
from eventsite.reading.queries import bare_session_or_404, session_or_404
from eventsite.steps import answer_step, refusal

bp = Blueprint("minutes", __name__)

BASE = "/forums/<forum_slug>/<session_slug>/minutes"


@bp.app_template_global()
def minutes_document_html(record: dict) -> Markup:
    """The minutes document of `record` in its session's language, inside a page in the reader's."""
    with document_language(record["session"]["language"]):
        return Markup(render_template("minutes/_document_block.html", record=record))


bp.add_app_template_global(minutes_title, "minutes_title")


@bp.app_template_global()
def point_kind_label(kind: str) -> str:
    return label(POINT_KINDS, kind)


@bp.app_template_global()
def published_minutes(session):
    """The session's latest published minutes revision, or None: for the notices on the organiser's pages."""
    return workflow.latest_published(workflow.minutes_of(session))


def _load(forum_slug: str, session_slug: str):
    session = session_or_404(forum_slug, session_slug)
    return session, workflow.minutes_of(session)


def _load_to_change(forum_slug: str, session_slug: str):
    """The session and minutes for an organiser's change: 404, then 403, then 409 for an archived forum."""
    session, minutes = _load(forum_slug, session_slug)
    require(workflow.may_edit, session)
    refuse_if_archived(session.forum)
    return session, minutes


def _user():
    # the User row itself, not the proxy, goes into relationships
    return current_user._get_current_object()


def _user_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def _back_url(session) -> str:
    return url_for("minutes.show", forum_slug=session.forum.slug, session_slug=session.slug)


def _back(session):
    return redirect(_back_url(session))


def _show(session, minutes, *, summary_form=None, correction_form=None, request_form=None, conflict=None,
          status=200):
    reading = workflow.reading_for(current_user, session, minutes)
    if reading is None:
        abort(404)
    staff = workflow.may_edit(_user())
    # an archived forum's minutes are read, never changed: no form to fill (eventsite.archive)
    editor = staff and writable(session.forum)
    if staff:
        requests = list(minutes.corrections) if minutes else []
    elif current_user.is_authenticated and minutes is not None:
        requests = [r for r in minutes.corrections if r.author_id == current_user.id]
    else:
        requests = []
    if editor and summary_form is None and (minutes is None or not minutes.locked):
        summary_form = SummaryForm(formdata=None, summary=minutes.summary if minutes else "",
                                   version=minutes.version if minutes else 1)
    if editor and correction_form is None and minutes is not None and minutes.locked:
        correction_form = CorrectionForm(formdata=None)
    may_request = reading.working and took_part(current_user, session) and writable(session.forum)
    if may_request and request_form is None:
        request_form = RequestForm(formdata=None)
    published = workflow.latest_published(minutes)
    return render_template(
        "minutes/show.html", forum=session.forum, session=session, minutes=minutes, reading=reading,
        record=reading.record, editor=editor, staff=staff, summary_form=summary_form, correction_form=correction_form,
        request_form=request_form if may_request else None, requests=requests, published=published,
        decision_form=DecisionForm(formdata=None), conflict=conflict,
    ), status


@bp.get(BASE)
def show(forum_slug: str, session_slug: str):
    session, minutes = _load(forum_slug, session_slug)
    return _show(session, minutes)


@bp.get(BASE + ".pdf", endpoint="pdf")
def pdf(forum_slug: str, session_slug: str):
    # approved and published minutes are a stored file: found without loading or composing the record
    kept = workflow.kept_reading_for(current_user, bare_session_or_404(forum_slug, session_slug))
    if kept is not None:
        return artifacts.stored_response("minutes", kept.revision_id, ARTIFACT.variant(None),
                                         minutes_filename(kept.header, "pdf"))
    session, minutes = _load(forum_slug, session_slug)
    reading = workflow.reading_for(current_user, session, minutes)
    if reading is None:
        abort(404)
    document = minutes_pdf(session, reading.record, live=reading.revision is None)
    if artifacts.is_kept(reading.revision):
        return artifacts.artifact_response(reading.revision, document.filename)
    return pdf_response(document.key_material, document.render, document.filename,
                        job=(make_minutes_pdf, (session.id, _user_id())))


@bp.get(BASE + ".<any(docx, odt):extension>", endpoint="office")
def office(forum_slug: str, session_slug: str, extension: str):
    """The minutes as Word or OpenDocument, from the same record as the PDF, for the same readers."""
    session, minutes = _load(forum_slug, session_slug)
    reading = workflow.reading_for(current_user, session, minutes)
    if reading is None:
        abort(404)
    make, mimetype = FORMATS[extension]
    response = Response(make(reading.record), mimetype=mimetype)
    # slugs are ASCII letters, digits and hyphens: the name needs no quoting
    response.headers["Content-Disposition"] = f'attachment; filename="{minutes_filename(reading.record, extension)}"'
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.post(BASE + "/summary")
def save_summary(forum_slug: str, session_slug: str):
    session, minutes = _load_to_change(forum_slug, session_slug)
    if minutes is not None:
        try:
            lifecycle.check_editable(minutes)
        except WorkflowError as exc:
            return refusal(str(exc), _back_url(session))
    form = SummaryForm()
    if not form.validate():
        return _show(session, minutes, summary_form=form, status=422)
    minutes = minutes or workflow.ensure_minutes(session)
    conflict = apply_versioned(minutes, form, lambda m: workflow.save_summary(m, form.summary.data or "", _user()))
    if conflict is not None:
        return _show(session, minutes, summary_form=form, conflict=conflict, status=409)
    flash(gettext("Summary saved as revision %(revision)s.", revision=minutes.revision), "success")
    return _back(session)


def _step(forum_slug, session_slug, step, done, already: str):
    """Approve, publish, restore, follow the record: one way to answer each (eventsite.steps)."""
    session, minutes = _load_to_change(forum_slug, session_slug)
    minutes = minutes or workflow.ensure_minutes(session)
    return answer_step(minutes, lambda: step(minutes), done=done, already=already, back=_back_url(session),
                       version=request.form.get("version", type=int))


@bp.post(BASE + "/approve")
def approve(forum_slug: str, session_slug: str):
    return _step(forum_slug, session_slug, lambda m: workflow.approve(m, _user()),
                 lambda m: gettext("Minutes approved and locked as revision %(revision)s.", revision=m.revision),
                 gettext("These minutes were approved already."))


@bp.post(BASE + "/publish")
def publish(forum_slug: str, session_slug: str):
    return _step(forum_slug, session_slug, lambda m: workflow.publish(m, _user()),
                 lambda m: gettext("Minutes published as revision %(revision)s.", revision=m.revision),
                 gettext("These minutes were published already."))


@bp.post(BASE + "/follow-record")
def follow_record(forum_slug: str, session_slug: str):
    return _step(forum_slug, session_slug, lambda m: workflow.follow_record(m, _user()),
                 lambda m: gettext("The draft follows the session's record again, kept as revision %(revision)s.",
                                   revision=m.revision),
                 gettext("The draft follows the session's record already."))


@bp.post(BASE + "/correction")
def start_correction(forum_slug: str, session_slug: str):
    session, minutes = _load_to_change(forum_slug, session_slug)
    if minutes is None or not minutes.locked:
        return refusal(gettext("These minutes are a draft; edit them directly."), _back_url(session))
    form = CorrectionForm()
    if not form.validate():
        return _show(session, minutes, correction_form=form, status=422)
    return answer_step(
        minutes, lambda: workflow.start_correction(minutes, form.reason.data, _user()),
        done=lambda m: gettext("Correction opened as draft revision %(revision)s. The last published revision "
                               "stays public until you publish again.", revision=m.revision),
        already="", back=_back_url(session), version=request.form.get("version", type=int))


# --- revisions ----------------------------------------------------------------------------------

def _revision_or_404(session, minutes, number: int):
    revision = workflow.get_revision(minutes, number)
    if revision is None or not workflow.can_read_revision(current_user, session, revision):
        abort(404)
    return revision


@bp.get(BASE + "/revisions")
def revisions(forum_slug: str, session_slug: str):
    session, minutes = _load(forum_slug, session_slug)
    if workflow.reading_for(current_user, session, minutes) is None:
        abort(404)
    visible = [r for r in (minutes.revisions if minutes else [])
               if workflow.can_read_revision(current_user, session, r)]
    return render_template("minutes/revisions.html", forum=session.forum, session=session, minutes=minutes,
                           revisions=list(reversed(visible)),
                           editor=workflow.may_edit(_user()) and writable(session.forum))


@bp.get(BASE + "/revisions/<int:number>")
def revision(forum_slug: str, session_slug: str, number: int):
    session, minutes = _load(forum_slug, session_slug)
    rev = _revision_or_404(session, minutes, number)
    return render_template("minutes/revision.html", forum=session.forum, session=session, minutes=minutes,
                           revision=rev, record=workflow.revision_record(rev), editor=workflow.may_edit(_user()))


@bp.get(BASE + "/revisions/<int:number>.pdf", endpoint="revision_pdf")
def revision_pdf(forum_slug: str, session_slug: str, number: int):
    session, minutes = _load(forum_slug, session_slug)
    rev = _revision_or_404(session, minutes, number)
    document = minutes_pdf(session, workflow.revision_record(rev))
    if artifacts.is_kept(rev):
        return artifacts.artifact_response(rev, document.filename)
    return pdf_response(document.key_material, document.render, document.filename,
                        job=(make_minutes_pdf, (session.id, _user_id(), number)))


@bp.get(BASE + "/compare")
def compare(forum_slug: str, session_slug: str):
    session, minutes = _load(forum_slug, session_slug)
    old_n = request.args.get("old", type=int)
    new_n = request.args.get("new", type=int)
    if old_n is None or new_n is None:
        abort(404)
    old = _revision_or_404(session, minutes, old_n)
    new = _revision_or_404(session, minutes, new_n)
    rows = workflow.compare_records(workflow.revision_record(old), workflow.revision_record(new))
    changed = sum(r.op != "equal" for r in rows)
    only_changes = request.args.get("only") == "changes"
    if only_changes:
        rows = [r for r in rows if r.op != "equal"]
    return render_template("minutes/compare.html", forum=session.forum, session=session, minutes=minutes,
                           old=old, new=new, rows=rows, changed=changed, only_changes=only_changes)


@bp.post(BASE + "/revisions/<int:number>/restore")
def restore(forum_slug: str, session_slug: str, number: int):
    session, minutes = _load_to_change(forum_slug, session_slug)
    _revision_or_404(session, minutes, number)
    return answer_step(
        minutes, lambda: workflow.restore_revision(minutes, number, _user()),
        done=lambda m: gettext("Revision %(number)s restored as draft revision %(revision)s, exactly as it was kept.",
                               number=number, revision=m.revision),
        already="", back=_back_url(session), version=request.form.get("version", type=int))


# --- correction requests from participants ------------------------------------------------------

@bp.post(BASE + "/requests")
def send_request(forum_slug: str, session_slug: str):
    session, minutes = _load(forum_slug, session_slug)
    reading = workflow.reading_for(current_user, session, minutes)
    if reading is None:
        abort(404)
    if not current_user.is_authenticated or not took_part(current_user, session):
        abort(403)
    refuse_if_archived(session.forum)
    form = RequestForm()
    if not form.validate():
        return _show(session, minutes, request_form=form, status=422)
    minutes = minutes or workflow.ensure_minutes(session)
    workflow.request_correction(minutes, _user(), form.text.data)
    db.session.commit()
    flash(gettext("Your correction request was sent to the organisers. Its status is shown below."), "success")
    return _back(session)


@bp.post(BASE + "/requests/<int:request_id>")
def decide_request(forum_slug: str, session_slug: str, request_id: int):
    session, minutes = _load_to_change(forum_slug, session_slug)
    correction = db.session.get(CorrectionRequest, request_id)
    if correction is None or minutes is None or correction.minutes_id != minutes.id:
        abort(404)
    form = DecisionForm()
    if not form.validate():
        flash(gettext("Nothing was decided: %(reasons)s",
                      reasons=" ".join(str(e) for errors in form.errors.values() for e in errors)), "error")
        return _show(session, minutes, status=422)
    return answer_step(
        correction, lambda: workflow.decide_correction(correction, _user(), form.decision.data == "accept",
                                                       form.response.data or ""),
        done=gettext("Request decided; the participant sees your answer."), already="", back=_back_url(session))
