"""The one life of a document, shared by minutes and press releases.

    draft ──approve──▶ approved ──publish──▶ published
      ▲                    │                     │
      └──────reopen────────┴─────────────────────┘

A draft may be edited; approved and published documents are locked until they are
reopened (a correction of the minutes, a withdrawal of a press release), which clears
the approval. Every step and every save keeps a revision: a row of the document's own
revision table, numbered from 1, never changed afterwards; an approved or published revision's
PDF is made once and kept with it (eventsite.pdf.artifacts).

Steps return True when they changed something and False when the document is already
where the step leads (a second click on "Approve"), so a repeated request is a success,
not an error. A step the state does not allow raises WorkflowError, whose message says
why and what to do instead, in the reader's language (WORDING, a whole sentence for each
kind of document); `field` names the form field it belongs to, if any. These
functions change the models and nothing else; the caller commits, and the view answers
through eventsite.steps.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from eventsite.models import DocumentStatus
from eventsite.models.base import utcnow
from eventsite.pdf import artifacts


class WorkflowError(Exception):
    """A step the document's state does not allow; the message says why."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Wording:
    """What this module says of one kind of document, in whole sentences.

    Russian agrees every word with the document («протокол утверждён», «пресс-релиз утверждён»,
    «утвердите его»), so no sentence is glued together from a name, a verb and a status.
    """

    #: a change refused while the document is approved or published
    locked: dict[DocumentStatus, LazyString]
    #: approve, on a published document
    not_approvable: LazyString
    #: publish, on a draft
    not_publishable: LazyString


#: by the `document_kind` of each document class
WORDING = {
    "minutes": Wording(
        locked={
            DocumentStatus.approved: _l("These minutes are approved and locked. To change them, start a correction "
                                        "and give the reason; that opens a new draft revision."),
            DocumentStatus.published: _l("These minutes are published and locked. To change them, start a correction "
                                         "and give the reason; that opens a new draft revision."),
        },
        not_approvable=_l("Only a draft can be approved; these minutes are published."),
        not_publishable=_l("Only approved minutes can be published; these minutes are a draft: approve them first."),
    ),
    "press_release": Wording(
        locked={
            DocumentStatus.approved: _l("This press release is approved and locked. Withdraw it to draft first to "
                                        "change it."),
            DocumentStatus.published: _l("This press release is published and locked. Withdraw it to draft first; "
                                         "it then leaves the public pages until it is published again."),
        },
        not_approvable=_l("Only a draft can be approved; this press release is published."),
        not_publishable=_l("Only an approved press release can be published; this press release is a draft: "
                           "approve it first."),
    ),
}


def _wording(document) -> Wording:
    return WORDING[document.document_kind]


def check_editable(document) -> None:
    """Refuse a change to a locked document, saying how to change it instead."""
    if document.status is not DocumentStatus.draft:
        raise WorkflowError(str(_wording(document).locked[document.status]))


def approve(document, user, now: datetime | None = None) -> bool:
    if document.status is DocumentStatus.approved:
        return False
    if document.status is not DocumentStatus.draft:
        # published: the only other status
        raise WorkflowError(str(_wording(document).not_approvable))
    document.status = DocumentStatus.approved
    document.approved_by = user
    document.approved_at = now or utcnow()
    return True


def publish(document, now: datetime | None = None) -> bool:
    """Publish what was approved."""
    if document.status is DocumentStatus.published:
        return False
    if document.status is not DocumentStatus.approved:
        # a draft: the only other status
        raise WorkflowError(str(_wording(document).not_publishable))
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
    # an approved or published revision is a file, made once its transaction commits
    artifacts.due(revision)
    return revision
