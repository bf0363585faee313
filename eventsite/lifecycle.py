"""The one life of a document, shared by minutes and press releases.

    draft ──approve──▶ approved ──publish──▶ published
      ▲                    │                     │
      └──────reopen────────┴─────────────────────┘

A draft may be edited; approved and published documents are locked until they are
reopened (a correction of the minutes, a withdrawal of a press release), which clears
the approval. Every step and every save keeps a revision: a row of the document's own
revision table, numbered from 1, never changed afterwards.

Steps return True when they changed something and False when the document is already
where the step leads (a second click on "Approve"), so a repeated request is a success,
not an error. A step the state does not allow raises WorkflowError, whose message says
why and what to do instead; `field` names the form field it belongs to, if any. These
functions change the models and nothing else; the caller commits, and the view answers
through eventsite.steps.
"""
from __future__ import annotations

from datetime import datetime

from eventsite.models import DocumentStatus
from eventsite.models.base import utcnow


class WorkflowError(Exception):
    """A step the document's state does not allow; the message says why."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _subject(document) -> str:
    """"these minutes are", "this press release is": each document class names itself."""
    return f"{document.document_name} {document.document_is}"


def check_editable(document) -> None:
    """Refuse a change to a locked document, saying how to change it instead."""
    if document.status is not DocumentStatus.draft:
        subject = _subject(document)
        raise WorkflowError(f"{subject[0].upper()}{subject[1:]} {document.status.value} and locked. "
                            f"{document.reopen_hint}")


def approve(document, user, now: datetime | None = None) -> bool:
    if document.status is DocumentStatus.approved:
        return False
    if document.status is not DocumentStatus.draft:
        raise WorkflowError(f"Only a draft can be approved; {_subject(document)} {document.status.value}.")
    document.status = DocumentStatus.approved
    document.approved_by = user
    document.approved_at = now or utcnow()
    return True


def publish(document, now: datetime | None = None) -> bool:
    """Publish what was approved."""
    if document.status is DocumentStatus.published:
        return False
    if document.status is not DocumentStatus.approved:
        kind = document.document_name.split(" ", 1)[1]
        approved = f"approved {kind}" if document.document_is == "are" else f"an approved {kind}"
        raise WorkflowError(f"Only {approved} can be published; {_subject(document)} "
                            f"{document.status.value}: approve {'them' if document.document_is == 'are' else 'it'} first.")
    document.status = DocumentStatus.published
    document.published_at = now or utcnow()
    return True


def reopen(document) -> bool:
    """Back to draft: the approval goes, the kept revisions stay."""
    if document.status is DocumentStatus.draft:
        return False
    document.status = DocumentStatus.draft
    document.approved_by = None
    document.approved_at = None
    return True


def keep_revision(document, revision, user=None):
    """Append `revision` (a new row carrying the document's content) to its history, numbered next."""
    number = max((r.number for r in document.revisions), default=0) + 1
    revision.number = number
    revision.status = document.status
    revision.created_by = user if getattr(user, "is_authenticated", False) else None
    document.revisions.append(revision)
    document.revision = number
    return revision
