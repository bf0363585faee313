"""The life of minutes: draft → approved → published, corrections, revisions, correction requests.

Drafts are live: they are composed from the session's record each time they are
read, so an edit to a point shows at once. Approval freezes them: the composed
minutes are kept in a MinutesRevision and from then on the approved and published
minutes are read from that revision, whatever happens to the record. Changing
them again takes a correction with a stated reason, which opens a new draft.

Every function here changes the models and adds revisions; the caller commits.
The audit hook records the changes to Minutes and CorrectionRequest rows.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from eventsite.diff import DiffRow, compare_lines
from eventsite.minutes.compose import compose_minutes, minutes_text, session_bundle
from eventsite.models import (
    CorrectionRequest, CorrectionStatus, DocumentStatus, ForumSession, Minutes, MinutesRevision, User, db,
)
from eventsite.models.base import utcnow
from eventsite.permissions import can_edit_records, can_view_session, is_staff, took_part


class WorkflowError(Exception):
    """A step the minutes' state does not allow; the message says why and what to do instead."""


class MinutesLocked(WorkflowError):
    def __init__(self, minutes: Minutes):
        super().__init__(
            f"These minutes are {minutes.status.value} and locked. To change them, start a correction "
            "and give the reason; that opens a new draft revision."
        )


# --- finding and reading ------------------------------------------------------------------------

def minutes_of(session: ForumSession) -> Minutes | None:
    return db.session.execute(db.select(Minutes).filter_by(session_id=session.id)).scalar_one_or_none()


def ensure_minutes(session: ForumSession) -> Minutes:
    """The session's minutes, created as an empty draft the first time something is saved."""
    minutes = minutes_of(session)
    if minutes is None:
        minutes = Minutes(session=session, status=DocumentStatus.draft, summary="", revision=0)
        db.session.add(minutes)
        db.session.flush()
    return minutes


def current_record(session: ForumSession, minutes: Minutes | None) -> dict:
    """What the minutes say now: live for a draft, the frozen revision once approved."""
    if minutes is not None and minutes.locked and minutes.revisions:
        return revision_record(minutes.revisions[-1])
    return compose_minutes(session, minutes)


def revision_record(revision: MinutesRevision) -> dict:
    """The minutes as kept in `revision`; composed now if it was kept without (see keep_missing_records)."""
    if revision.record:
        return revision.record
    minutes = revision.minutes
    return {**compose_minutes(minutes.session, _state_at(minutes, revision)), "revision": revision.number}


def latest_published(minutes: Minutes | None) -> MinutesRevision | None:
    if minutes is None:
        return None
    for revision in reversed(minutes.revisions):
        if revision.status is DocumentStatus.published:
            return revision
    return None


def get_revision(minutes: Minutes | None, number: int) -> MinutesRevision | None:
    if minutes is None:
        return None
    return next((r for r in minutes.revisions if r.number == number), None)


def _state_at(minutes: Minutes, revision: MinutesRevision) -> SimpleNamespace:
    """The minutes as they stood at `revision`, as far as the row and the revision tell."""
    locked = revision.status is not DocumentStatus.draft
    return SimpleNamespace(
        status=revision.status, summary=revision.summary, revision=revision.number, revisions=[revision],
        approved_by=minutes.approved_by if locked else None, approved_at=minutes.approved_at if locked else None,
        published_at=minutes.published_at if revision.status is DocumentStatus.published else None,
    )


def keep_missing_records(minutes: Minutes | None) -> bool:
    """Compose the record of revisions that were kept without one, and keep locked minutes that have
    no revision at all. A bundle carries status and summary only; its import calls this once the
    session is in, so the minutes freeze what the imported record says. True if anything was added.
    """
    if minutes is None:
        return False
    changed = False
    session = minutes.session
    if minutes.locked and not minutes.revisions:
        _add_revision(minutes, None, _with_bundle(session, compose_minutes(session, minutes)),
                      reason="Kept when first read: no revision had been recorded")
        changed = True
    for revision in minutes.revisions:
        if not revision.record:
            revision.record = _with_bundle(session, revision_record(revision))
            changed = True
    return changed


# --- who may read what (DESIGN.md: published minutes per the session's visibility; the rest
#     only to staff and the session's participants; 404 for anyone else) ------------------------

def can_read_drafts(user, session: ForumSession) -> bool:
    """Unpublished minutes: organisers, admins, the press (who may export any minutes), and the
    people who took part in the session."""
    return can_view_session(user, session) and (is_staff(user) or took_part(user, session))


def can_read_revision(user, session: ForumSession, revision: MinutesRevision) -> bool:
    if not can_view_session(user, session):
        return False
    return revision.status is DocumentStatus.published or can_read_drafts(user, session)


@dataclass
class Reading:
    """What one user gets when they open a session's minutes."""

    record: dict
    #: the revision shown, or None for a live draft
    revision: MinutesRevision | None
    #: True when the user sees the working state (draft, approved) rather than the last publication
    working: bool


def reading_for(user, session: ForumSession, minutes: Minutes | None) -> Reading | None:
    """The minutes `user` may read, or None (404)."""
    if not can_view_session(user, session):
        return None
    if can_read_drafts(user, session):
        revision = minutes.revisions[-1] if minutes is not None and minutes.locked and minutes.revisions else None
        return Reading(current_record(session, minutes), revision, True)
    published = latest_published(minutes)
    if published is None:
        return None
    return Reading(revision_record(published), published, False)


# --- changing them ------------------------------------------------------------------------------

def _add_revision(minutes: Minutes, user: User | None, record: dict, reason: str = "") -> MinutesRevision:
    number = max((r.number for r in minutes.revisions), default=0) + 1
    record = {**record, "revision": number}
    revision = MinutesRevision(minutes=minutes, number=number, status=minutes.status, summary=minutes.summary,
                               reason=reason, record=record, created_by=user)
    minutes.revisions.append(revision)
    minutes.revision = number
    db.session.add(revision)
    return revision


def _with_bundle(session: ForumSession, record: dict) -> dict:
    bundle = session_bundle(session)
    return {**record, "session_record": bundle} if bundle is not None else record


def save_summary(minutes: Minutes, summary: str, user: User) -> MinutesRevision:
    if minutes.locked:
        raise MinutesLocked(minutes)
    minutes.summary = summary.strip()
    return _add_revision(minutes, user, _with_bundle(minutes.session, compose_minutes(minutes.session, minutes)))


def approve(minutes: Minutes, user: User) -> MinutesRevision:
    if minutes.status is not DocumentStatus.draft:
        raise WorkflowError(f"These minutes are already {minutes.status.value}.")
    minutes.status = DocumentStatus.approved
    minutes.approved_by = user
    minutes.approved_at = utcnow()
    return _add_revision(minutes, user, _with_bundle(minutes.session, compose_minutes(minutes.session, minutes)))


def publish(minutes: Minutes, user: User) -> MinutesRevision:
    """Publish what was approved, not what the record says now."""
    if minutes.status is not DocumentStatus.approved:
        raise WorkflowError("Only approved minutes can be published; approve them first."
                            if minutes.status is DocumentStatus.draft else "These minutes are already published.")
    approved = revision_record(minutes.revisions[-1])
    minutes.status = DocumentStatus.published
    minutes.published_at = utcnow()
    published = compose_minutes(minutes.session, minutes)
    record = {**approved, "status": published["status"], "published": published["published"]}
    return _add_revision(minutes, user, record)


def start_correction(minutes: Minutes, reason: str, user: User) -> MinutesRevision:
    """Reopen approved or published minutes as a draft; the last publication stays readable meanwhile."""
    reason = reason.strip()
    if not minutes.locked:
        raise WorkflowError("These minutes are a draft already; edit them directly.")
    if not reason:
        raise WorkflowError("Give the reason for the correction; it is kept with the revision.")
    minutes.status = DocumentStatus.draft
    minutes.approved_by = None
    minutes.approved_at = None
    return _add_revision(minutes, user, _with_bundle(minutes.session, compose_minutes(minutes.session, minutes)),
                         reason=f"Correction: {reason}")


def restore_revision(minutes: Minutes, number: int, user: User) -> MinutesRevision:
    """Make an old revision's text the new draft.

    The minutes own their summary; the attendance, discussion and decisions come from the
    session's record (one source of truth), so the restored draft takes the old summary and
    today's record. Comparing the two revisions shows anything else that differs.
    """
    if minutes.locked:
        raise MinutesLocked(minutes)
    old = get_revision(minutes, number)
    if old is None:
        raise WorkflowError(f"There is no revision {number}.")
    minutes.summary = old.summary
    return _add_revision(minutes, user, _with_bundle(minutes.session, compose_minutes(minutes.session, minutes)),
                         reason=f"Restored from revision {number}")


def request_correction(minutes: Minutes, user: User, text: str) -> CorrectionRequest:
    text = text.strip()
    if not text:
        raise WorkflowError("Write what should be corrected.")
    request = CorrectionRequest(minutes=minutes, author=user, text=text, status=CorrectionStatus.open)
    db.session.add(request)
    return request


def decide_correction(request: CorrectionRequest, user: User, accept: bool, response: str) -> CorrectionRequest:
    response = response.strip()
    if request.status is not CorrectionStatus.open:
        raise WorkflowError(f"This request was already {request.status.value}.")
    if not accept and not response:
        raise WorkflowError("Say why the request is declined; the participant will read it.")
    request.status = CorrectionStatus.accepted if accept else CorrectionStatus.declined
    request.response = response
    request.decided_by = user
    request.decided_at = utcnow()
    return request


def may_edit(user) -> bool:
    return can_edit_records(user)


# --- comparing ----------------------------------------------------------------------------------

def compare_records(old: dict, new: dict) -> list[DiffRow]:
    """Line by line, side by side: what was deleted on the left, what was inserted on the right."""
    return compare_lines(minutes_text(old), minutes_text(new))
