"""The import page: an admin uploads a bundle; small ones are imported at once, large ones on the queue."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField

from eventsite.bundles import uploads
from eventsite.bundles.importer import import_bundle
from eventsite.bundles.validate import BundleError, read_bundle
from eventsite.forms import Form
from eventsite.permissions import can_import_bundles, require

bp = Blueprint("bundles", __name__)


class ImportForm(Form):
    bundle = FileField(_l("Bundle (JSON)"))


def _page(form, status=200, **result):
    return render_template("bundles/import.html", form=form, **result), status


@bp.get("/import")
def import_page():
    require(can_import_bundles)
    return _page(ImportForm())


@bp.post("/import")
def import_upload():
    require(can_import_bundles)
    form = ImportForm()
    file = form.bundle.data if form.validate() else None
    content = file.read() if file else b""
    if not content:
        form.bundle.errors = list(form.bundle.errors) + [gettext("Choose a bundle file to import.")]
        return _page(form, 422)
    try:
        job_id = uploads.queue_import(content, file.filename or "bundle.json", current_user.id)
        if job_id is not None:
            return redirect(url_for("jobs.status_page", job_id=job_id), 303)
        result = import_bundle(read_bundle(content))
    except BundleError as exc:
        return _page(form, 422, refused=uploads.refused_text(len(exc.problems)), problems=exc.problems)
    return _page(ImportForm(formdata=None), imported=uploads.imported_text(result), summary=result.summary())
