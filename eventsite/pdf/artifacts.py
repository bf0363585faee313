"""The PDF of an approved or published revision, made once and kept in the database.

A published document is a file, not a render: every app server serves the same stored bytes
(models.DocumentArtifact), whatever its PDF cache holds or lost, and a revision's file stays as it
was made. The sha256 is shown on the document's page and is the download's ETag, so a 304 costs
one indexed query and composes nothing.

- `lifecycle.keep_revision` calls `due()` for every revision it keeps approved or published. When
  that transaction has committed, at the end of the request, the file is made: by the worker when a
  queue is configured (eventsite.jobs), else here and now.
- `artifact_response()` serves the stored file. Where there is none yet (a revision imported from a
  bundle, which carries no files: they are made again from the revision; or a job still waiting) it
  is made now, or queued and the reader sent to the job's page.
- Minutes and press releases say how their revisions become a PDF by `register()`ing a `Kind`
  (eventsite.minutes.documents, eventsite.press.documents).

Live drafts are not artifacts: they render on demand behind the PDF cache (eventsite.pdf.cache).
"""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask, abort, current_app, request
from sqlalchemy import event, inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eventsite import jobs
from eventsite.models import DocumentArtifact, DocumentStatus, db
from eventsite.pdf.cache import pdf_error_response, pdf_file_response
from eventsite.pdf.render import PdfError

_DUE = "eventsite.artifacts.due"
_COMMITTED = "eventsite.artifacts.committed"


@dataclass(frozen=True)
class Kind:
    """How the revisions of one kind of document become a stored PDF."""

    #: the revision model (MinutesRevision, PressReleaseRevision)
    model: type
    #: its column in DocumentArtifact
    column: object
    #: the revision's PDF as bytes; None when there is nothing to keep (it is no longer the document's)
    render: Callable[[object], bytes | None]
    #: what else the file depends on now ("" for most; see DocumentArtifact.variant)
    variant: Callable[[object], str] = lambda revision: ""


KINDS: dict[str, Kind] = {}


def register(name: str, kind: Kind) -> None:
    KINDS[name] = kind


def _kind_of(revision) -> tuple[str, Kind]:
    for name, kind in KINDS.items():
        if isinstance(revision, kind.model):
            return name, kind
    raise LookupError(f"no document kind for {type(revision).__name__}")


def is_kept(revision) -> bool:
    """Whether this revision's PDF is a stored file: it was kept approved or published."""
    return revision is not None and revision.status is not DocumentStatus.draft


# -- made once, when the revision is committed ---------------------------------------------------------


def due(revision) -> None:
    """Make this revision's file once the transaction that keeps it has committed."""
    if is_kept(revision):
        db.session.info.setdefault(_DUE, []).append(revision)


def _committed(session: Session) -> None:
    due_now = session.info.pop(_DUE, [])
    # the ids are in the identity keys: reading them emits no SQL, which after_commit may not
    kept = [(_kind_of(r)[0], inspect(r).identity[0]) for r in due_now if inspect(r).identity]
    if kept:
        session.info.setdefault(_COMMITTED, []).extend(kept)


def _rolled_back(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(_DUE, None)


def make_committed() -> None:
    """Make (or queue) the files of the revisions committed so far in this session."""
    committed = db.session.info.pop(_COMMITTED, [])
    for name, revision_id in committed:
        try:
            jobs.enqueue(make_artifact, name, revision_id, job_id=_job_id(name, revision_id))
        except Exception:  # noqa: BLE001 - the step is committed and done; the first download tries again
            db.session.rollback()
            current_app.logger.exception("could not make the PDF of %s revision %s", name, revision_id)


def _job_id(name: str, revision_id: int) -> str:
    return f"artifact-{name}-{revision_id}"


def make_artifact(name: str, revision_id: int) -> str | None:
    """The job: render the revision's PDF and keep it, unless it is kept already; its sha256."""
    kind = KINDS[name]
    revision = db.session.get(kind.model, revision_id)
    if revision is None or not is_kept(revision):
        return None
    variant = kind.variant(revision)
    found = _stored(kind, revision_id, variant)
    if found is not None:
        return found[1]
    jobs.progress("rendering")
    try:
        pdf = kind.render(revision)
    except PdfError as exc:
        jobs.failed(exc.message)
        raise
    if pdf is None:
        return None
    jobs.progress("storing")
    sha256 = hashlib.sha256(pdf).hexdigest()
    artifact = DocumentArtifact(variant=variant, sha256=sha256, size=len(pdf), pdf=pdf)
    setattr(artifact, kind.column.key, revision_id)
    try:
        with db.session.begin_nested():
            db.session.add(artifact)
        db.session.commit()
    except IntegrityError:
        # another process kept it first: theirs is the file from now on
        db.session.rollback()
        return _stored(kind, revision_id, variant)[1]
    return sha256


# -- read ----------------------------------------------------------------------------------------------


@functools.cache
def _stored_query(column, with_pdf: bool):
    # built once per kind: building a statement costs as much as running it
    columns = [DocumentArtifact.id, DocumentArtifact.sha256, DocumentArtifact.size]
    return (sa.select(*columns, *([DocumentArtifact.pdf] if with_pdf else []))
            .where(column == sa.bindparam("revision_id"), DocumentArtifact.variant == sa.bindparam("variant")))


def _stored(kind: Kind, revision_id: int, variant: str, with_pdf: bool = False):
    # one lookup on the unique (revision, variant) index, on the session's connection: the table has nothing
    # the ORM's hooks filter (the trash), and a download is this one statement; the bytes only when sent
    return db.session.connection().execute(
        _stored_query(kind.column, with_pdf), {"revision_id": revision_id, "variant": variant}).first()


def stored(revision) -> DocumentArtifact | None:
    """The kept file of `revision` as it reads now (id, sha256, size; not the bytes), or None."""
    if not is_kept(revision):
        return None
    _, kind = _kind_of(revision)
    return _stored(kind, revision.id, kind.variant(revision))


def artifact_response(revision, download_name: str):
    """The revision's stored PDF, sha256 as ETag; made now, or queued, when it is not there yet."""
    name, kind = _kind_of(revision)
    return stored_response(name, revision.id, kind.variant(revision), download_name)


def stored_response(name: str, revision_id: int, variant: str, download_name: str):
    """The stored PDF of revision `revision_id` of the `name` kind (see artifact_response), for a caller that
    found the revision without loading it.

    A download is one query for the file (with its bytes, or without them when the browser names a copy it
    holds, so a 304 never reads them); nothing is composed or rendered from templates."""
    kind = KINDS[name]
    conditional = bool(request.if_none_match)
    found = _stored(kind, revision_id, variant, with_pdf=not conditional)
    if found is None:
        try:
            job_id = jobs.enqueue(make_artifact, name, revision_id, job_id=_job_id(name, revision_id))
        except PdfError as exc:
            return pdf_error_response(exc)
        if job_id is not None:
            return jobs.waiting_page(job_id)
        found = _stored(kind, revision_id, variant, with_pdf=not conditional)
        if found is None:  # no longer a document's revision as it reads now
            abort(404)
    if request.if_none_match.contains(found.sha256):
        return pdf_file_response(None, found.sha256, download_name)
    pdf = found.pdf if not conditional else db.session.connection().execute(
        sa.select(DocumentArtifact.pdf).where(DocumentArtifact.id == found.id)).scalar_one()
    return pdf_file_response(pdf, found.sha256, download_name)


def init_app(app: Flask) -> None:
    # listeners are global to SQLAlchemy; install them once however many apps are made
    if not event.contains(Session, "after_commit", _committed):
        event.listen(Session, "after_commit", _committed)
        event.listen(Session, "after_soft_rollback", _rolled_back)

    @app.after_request
    def _make_committed(response):
        make_committed()
        return response

    app.add_template_global(stored, "stored_pdf")
