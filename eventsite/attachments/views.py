"""An organiser's attachments page for a session, and the files themselves for whoever may see the session."""
from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext, lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import SelectField

from eventsite.attachments import service
from eventsite.attachments.content import ACCEPTED_TEXT, AttachmentRefused
from eventsite.forms import Form
from eventsite.models import Attachment, DiscussionPoint, db
from eventsite.organise.blueprint import editable_session, of_session_or_404
from eventsite.organise.service import live_points
from eventsite.reading.queries import session_or_404

bp = Blueprint("attachments", __name__)
BASE = "/forums/<forum_slug>/<session_slug>/attachments"


class AttachmentForm(Form):
    file = FileField(_l("File"))
    point = SelectField(_l("Attach to"), choices=[], validate_choice=False)


def _form(session, formdata=None) -> AttachmentForm:
    form = AttachmentForm(formdata=formdata) if formdata is not None else AttachmentForm()
    form.point.choices = [("", gettext("the session as a whole"))] + [
        (str(p.id), f"{n}. {p.title or p.body[:60]}") for n, p in enumerate(live_points(session), start=1)]
    return form


def _page(session, form, status=200):
    return render_template("attachments/manage.html", forum=session.forum, session=session, form=form,
                           attachments=service.attachments_of(session), size_text=service.size_text,
                           limit=service.size_text(service.max_bytes()), accepted=ACCEPTED_TEXT), status


@bp.get(BASE)
def manage(forum_slug: str, session_slug: str):
    session = editable_session(forum_slug, session_slug)
    return _page(session, _form(session))


@bp.post(BASE)
def upload(forum_slug: str, session_slug: str):
    session = editable_session(forum_slug, session_slug)
    form = _form(session)
    if not form.validate():
        return _page(session, form, 422)
    point = of_session_or_404(DiscussionPoint, session, int(form.point.data)) if form.point.data else None
    upload = form.file.data
    try:
        attachment = service.add_attachment(session, upload.read() if upload else b"",
                                            upload.filename if upload else None, point)
    except AttachmentRefused as exc:
        db.session.rollback()
        form.file.errors = list(form.file.errors) + [str(exc)]
        return _page(session, form, 422)
    db.session.commit()
    flash(gettext("Attached “%(name)s”.", name=attachment.filename), "success")
    return redirect(url_for(".manage", forum_slug=forum_slug, session_slug=session_slug))


@bp.post(BASE + "/<int:attachment_id>/remove")
def remove(forum_slug: str, session_slug: str, attachment_id: int):
    session = editable_session(forum_slug, session_slug)
    attachment = of_session_or_404(Attachment, session, attachment_id)
    name = attachment.filename
    service.remove_attachment(attachment)
    db.session.commit()
    flash(gettext("Removed the attachment “%(name)s”.", name=name), "success")
    return redirect(url_for(".manage", forum_slug=forum_slug, session_slug=session_slug))


@bp.get(BASE + "/<int:attachment_id>/<path:filename>")
def download(forum_slug: str, session_slug: str, attachment_id: int, filename: str):
    """The file, for whoever may see the session (404 otherwise): images inline, the rest as a download."""
    session = session_or_404(forum_slug, session_slug)
    attachment = db.get_or_404(Attachment, attachment_id)
    if attachment.session_id != session.id or (attachment.point is not None and attachment.point.deleted_at):
        abort(404)
    data = service.content_of(attachment.id)
    # werkzeug writes Content-Disposition per RFC 6266: an ASCII filename and filename*=UTF-8''…
    response = send_file(io.BytesIO(data), mimetype=attachment.content_type, as_attachment=not attachment.is_image,
                         download_name=attachment.filename, etag=attachment.sha256, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def download_url(forum_slug: str, session_slug: str, item: dict) -> str:
    return url_for("attachments.download", forum_slug=forum_slug, session_slug=session_slug,
                   attachment_id=item["id"], filename=item["filename"])
