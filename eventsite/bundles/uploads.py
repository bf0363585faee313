"""Importing a bundle uploaded on the web: here and now, or, when it is large and a queue is configured,
as a job on the worker while the uploader watches the job's page.

A large upload is kept in the database (models.BundleUpload) before it is queued, so the worker that
takes the job, on whichever machine, reads the same bytes; the import deletes it in its own transaction,
so a bundle is imported once, and a refused one is deleted with the reason on the job's page. A job
that fails otherwise leaves the upload where it is.
"""
from __future__ import annotations

import uuid
from contextlib import nullcontext

from flask import current_app
from flask_babel import force_locale, gettext, ngettext

from eventsite import audit, jobs
from eventsite.bundles.importer import ImportResult, import_bundle
from eventsite.bundles.validate import BundleError, read_bundle
from eventsite.models import BundleUpload, db


def queue_import(content: bytes, filename: str, user_id: int | None) -> str | None:
    """Keep the upload and queue its import: the job's id. None when it is for this request to import
    (no queue, or a bundle of at most BUNDLE_QUEUE_BYTES)."""
    if jobs.queue() is None or len(content) <= current_app.config["BUNDLE_QUEUE_BYTES"]:
        return None
    upload = BundleUpload(user_id=user_id, filename=filename[:255], size=len(content), content=content)
    db.session.add(upload)
    db.session.commit()
    # not named by the row's id, which SQLite gives again once the row is gone: each upload its own job
    return jobs.enqueue(import_upload, upload.id, job_id=f"import-{uuid.uuid4().hex}", kind="import")


def import_upload(upload_id: int) -> str | None:
    """The job: import the kept upload, in the uploader's name; the forum's slug. Raises BundleError,
    after saying why on the job's page, when the bundle is refused."""
    upload = db.session.get(BundleUpload, upload_id)
    if upload is None:  # imported already
        return None
    locale = jobs.job_locale()
    token = audit.acting_user_id.set(upload.user_id)
    try:
        with force_locale(locale) if locale else nullcontext():
            jobs.progress("reading")
            try:
                data = read_bundle(upload.content)
                jobs.progress("importing")
                # deleted in the import's own transaction: imported once, or not at all
                db.session.delete(upload)
                result = import_bundle(data)
            except BundleError as exc:
                db.session.rollback()
                db.session.execute(db.delete(BundleUpload).where(BundleUpload.id == upload_id))
                db.session.commit()
                jobs.failed(refused_text(len(exc.problems)), exc.problems)
                raise
            jobs.report(imported_text(result), result.summary())
            return result.forum.slug
    finally:
        audit.acting_user_id.reset(token)


def imported_text(result: ImportResult) -> str:
    if result.changed:
        return gettext("Imported the forum %(name)s.", name=result.forum.name)
    return gettext("Imported the forum %(name)s: it was already up to date.", name=result.forum.name)


def refused_text(count: int) -> str:
    return ngettext("The bundle was refused and nothing was imported: %(num)d problem.",
                    "The bundle was refused and nothing was imported: %(num)d problems.", count)
