"""The press office's pages and the public page of a session's press release. Views stay thin."""
from __future__ import annotations

from datetime import datetime

from flask import abort, flash, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from eventsite.archive import refuse_if_archived, writable
from eventsite.forms import apply_versioned
from eventsite.steps import answer_step, refusal
from eventsite.text import MAX_LINE, MAX_MARKDOWN, clean_text
from eventsite.models import Forum, PressRelease, db
from eventsite.permissions import can_edit_press, can_edit_records, can_export_pdf, require
from eventsite.press import workflow
from eventsite.press.blueprint import bp
from eventsite.press.coverage import coverage
from eventsite.press.documents import forum_has_logo, press_release_response
from eventsite.press.forms import LogoForm, NewPressReleaseForm, PressReleaseForm, ReasonForm
from eventsite.press.logo import LogoError, reencode_logo
from eventsite.reading.queries import bare_session_or_404, forum_or_404, session_or_404


def _user():
    return current_user._get_current_object()


def release_or_404(release_id: int) -> PressRelease:
    """A release the press office may work on: 404 if its session is hidden, 403 for other roles."""
    release = db.get_or_404(PressRelease, release_id)
    require(can_edit_press, release.session)
    return release


def editable_release(release_id: int) -> PressRelease:
    """A release to change: as release_or_404, then 409 when its forum is archived (eventsite.archive)."""
    release = release_or_404(release_id)
    refuse_if_archived(release.session.forum)
    return release


def release_text(headline: str, subheadline: str, dateline: str, body: str) -> str:
    return "\n\n".join(part for part in (headline, subheadline, dateline, body) if part)


# -- the session's releases ----------------------------------------------------------------------------


@bp.route("/forums/<forum_slug>/<session_slug>/press-releases/", methods=["GET", "POST"])
def session_releases(forum_slug: str, session_slug: str):
    session = session_or_404(forum_slug, session_slug)
    require(can_edit_press, session)
    form = NewPressReleaseForm()
    if request.method == "POST":
        refuse_if_archived(session.forum)
    if form.validate_on_submit():
        release = workflow.create_press_release(session, _user())
        db.session.commit()
        flash(gettext("Drafted a press release from the record. Edit it; the panel shows what it covers."), "success")
        return redirect(url_for(".edit", release_id=release.id))
    return render_template("press/session_releases.html", forum=session.forum, session=session,
                           releases=workflow.releases_of(session), form=form if writable(session.forum) else None)


# -- one release, for the press office -----------------------------------------------------------------


@bp.get("/press-releases/<int:release_id>")
def show(release_id: int):
    release = release_or_404(release_id)
    text = release_text(release.headline, release.subheadline, release.dateline, release.body)
    return render_template("press/show.html", release=release, session=release.session,
                           forum=release.session.forum, coverage=coverage(release.session, text))


@bp.route("/press-releases/<int:release_id>/edit", methods=["GET", "POST"])
def edit(release_id: int):
    release = editable_release(release_id)
    forum = release.session.forum
    form = PressReleaseForm(obj=release if request.method == "GET" else None)
    if request.method == "GET" and release.embargo_until is not None:
        form.embargo_local.data = release.embargo_until.astimezone(forum.zone).replace(tzinfo=None)
    conflict = None
    previewing = request.form.get("action") == "preview"
    if request.method == "POST" and not previewing and form.validate_on_submit():
        values = {
            "headline": _one_line(form.headline.data), "subheadline": _one_line(form.subheadline.data),
            "dateline": (form.dateline.data or "").strip(), "body": form.body.data or "",
            "embargo_until": _aware(form.embargo_local.data, forum),
        }
        try:
            conflict = apply_versioned(
                release, form,
                lambda r: workflow.save_press_release(r, values, _user(), form.reason.data or ""),
            )
        except workflow.WorkflowError as exc:
            # the domain's reason, at the field it is about; nothing was kept
            db.session.rollback()
            getattr(form, exc.field or "body").errors.append(str(exc))
        else:
            if conflict is None:
                flash(gettext("Saved revision %(revision)s.", revision=release.revision), "success")
                return redirect(url_for(".show", release_id=release.id))
    status = 409 if conflict else 422 if request.method == "POST" and form.errors else 200
    text = release_text(form.headline.data or "", form.subheadline.data or "", form.dateline.data or "",
                        form.body.data or "")
    # a text refused for its length is checked as far as a release may go, so the page costs what a save may
    return render_template("press/edit.html", release=release, session=release.session, forum=forum, form=form,
                           conflict=conflict, coverage=coverage(release.session, text[:MAX_MARKDOWN]),
                           preview=form.body.data or "", previewing=previewing), status


@bp.post("/press-releases/<int:release_id>/preview")
def preview(release_id: int):
    """The preview and the coverage panel for the text being typed; saves nothing."""
    release = editable_release(release_id)
    # the one rule for text from outside (eventsite/text.py), so a preview costs what a save may
    form = {name: clean_text(request.form.get(name, ""), multiline=name == "body")
            for name in ("headline", "subheadline", "dateline", "body")}
    if len(form["body"]) > MAX_MARKDOWN or any(len(form[n]) > MAX_LINE for n in ("headline", "subheadline", "dateline")):
        return jsonify(error=gettext("The text is longer than a press release may be; nothing was previewed.")), 400
    text = release_text(form["headline"], form["subheadline"], form["dateline"], form["body"])
    cov = coverage(release.session, text)
    return jsonify(
        preview=render_template("press/_preview.html", release=release, text=form),
        coverage=render_template("press/_coverage.html", coverage=cov),
    )


def _step(release_id: int, change, done, already: str = "", form: ReasonForm | None = None):
    """Approve, publish, withdraw, restore: one way to answer each (eventsite.steps)."""
    release = editable_release(release_id)
    back = url_for(".show", release_id=release.id)
    if form is not None and not form.validate():
        return refusal(gettext("Nothing was done: %(reasons)s",
                               reasons=" ".join(str(e) for errors in form.errors.values() for e in errors)),
                       back, status=422)
    return answer_step(release, lambda: change(release), done=done, already=already, back=back,
                       version=request.form.get("version", type=int))


@bp.post("/press-releases/<int:release_id>/approve")
def approve(release_id: int):
    return _step(release_id, lambda r: workflow.approve_press_release(r, _user()), gettext("Approved."),
                 gettext("This press release was approved already."))


@bp.post("/press-releases/<int:release_id>/publish")
def publish(release_id: int):
    return _step(release_id, lambda r: workflow.publish_press_release(r, _user()), gettext("Published."),
                 gettext("This press release was published already."))


@bp.post("/press-releases/<int:release_id>/withdraw")
def withdraw(release_id: int):
    form = ReasonForm()
    return _step(release_id, lambda r: workflow.withdraw_press_release(r, _user(), form.reason.data or ""),
                 gettext("Withdrawn to draft; it is gone from the public pages."),
                 gettext("This press release is a draft already."), form)


@bp.get("/press-releases/<int:release_id>/revisions/<int:number>")
def revision(release_id: int, number: int):
    release = release_or_404(release_id)
    kept = workflow.revision_of(release, number) or abort(404)
    return render_template("press/revision.html", release=release, revision=kept, session=release.session,
                           forum=release.session.forum)


@bp.post("/press-releases/<int:release_id>/revisions/<int:number>/restore")
def restore(release_id: int, number: int):
    form = ReasonForm()
    return _step(release_id, lambda r: workflow.restore_revision(r, number, _user(), form.reason.data or ""),
                 gettext("Restored the text of revision %(number)s as a new revision.", number=number), form=form)


# -- public ---------------------------------------------------------------------------------------------


@bp.get("/forums/<forum_slug>/<session_slug>/press-release")
def public_release(forum_slug: str, session_slug: str):
    session = session_or_404(forum_slug, session_slug)
    release = workflow.latest_published(session, include_embargoed=can_edit_press(current_user))
    if release is None:
        abort(404)
    return render_template("press/release.html", release=release, session=session, forum=session.forum)


# -- the forum's letterhead --------------------------------------------------------------------------------


def can_edit_letterhead(user) -> bool:
    return can_edit_press(user) or can_edit_records(user)


@bp.route("/forums/<forum_slug>/press-settings", methods=["GET", "POST"])
def forum_settings(forum_slug: str):
    forum = forum_or_404(forum_slug)
    require(can_edit_letterhead)
    refuse_if_archived(forum)
    form = LogoForm()
    if form.validate_on_submit():
        if request.form.get("action") == "remove":
            forum.logo_png = None
            db.session.commit()
            flash(gettext("Removed the logo; the letterhead shows the forum's name only."), "success")
            return redirect(url_for(".forum_settings", forum_slug=forum.slug))
        upload = form.logo.data
        try:
            forum.logo_png = reencode_logo(upload.read() if upload else b"")
        except LogoError as exc:
            form.logo.errors.append(str(exc))
        else:
            db.session.commit()
            flash(gettext("Saved the logo (re-encoded as PNG). It heads the forum's press releases."), "success")
            return redirect(url_for(".forum_settings", forum_slug=forum.slug))
    has_logo = forum_has_logo(forum)
    return render_template("press/forum_settings.html", forum=forum, form=form, has_logo=has_logo), (
        422 if form.errors else 200)


@bp.get("/forums/<forum_slug>/logo.png")
def forum_logo(forum_slug: str):
    forum = forum_or_404(forum_slug)
    if not forum.logo_png:
        abort(404)
    response = make_response(forum.logo_png)
    response.headers["Content-Type"] = "image/png"
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _aware(local: datetime | None, forum: Forum) -> datetime | None:
    """A time typed in the forum's zone, stored aware."""
    if local is None:
        return None
    return local.replace(tzinfo=forum.zone)


@bp.app_context_processor
def press_helpers():
    return {
        "release_notice": workflow.release_notice,
        "embargo_text": workflow.embargo_text,
        "public_since": workflow.public_since,
        "release_slug": workflow.release_slug,
        "is_released": workflow.is_released,
        "audience_notice": workflow.audience_notice,
        "release_problems": workflow.release_problems,
        "can_export_pdf": can_export_pdf,
    }


# -- PDF -------------------------------------------------------------------------------------------------


@bp.get("/press-releases/<int:release_id>.pdf")
def release_pdf(release_id: int):
    """Any release, in any status, for the staff (drafts carry a watermark)."""
    release = db.get_or_404(PressRelease, release_id)
    require(can_export_pdf, release.session)
    return press_release_response(release)


@bp.get("/forums/<forum_slug>/<session_slug>/press-release.pdf")
def public_release_pdf(forum_slug: str, session_slug: str):
    # a published release is a stored file: nothing else of the session is read
    session = bare_session_or_404(forum_slug, session_slug)
    release = workflow.latest_published(session, include_embargoed=can_edit_press(current_user))
    if release is None:
        abort(404)
    return press_release_response(release)
