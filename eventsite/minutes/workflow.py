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

import sqlalchemy as sa
from flask_babel import gettext

from eventsite import lifecycle
from eventsite.diff import DiffRow, compare_lines
from eventsite.lifecycle import WorkflowError
from eventsite.minutes.compose import compose_minutes, minutes_text, session_bundle, status_parts
from eventsite.models import (
    CorrectionRequest, CorrectionStatus, DocumentStatus, ForumSession, Minutes, MinutesRevision, User, db,
)
from eventsite.models.base import utcnow
from eventsite.notify import announce
from eventsite.permissions import can_edit_records, can_view_session, is_staff, took_part


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
    """What the minutes say now: the live draft, or the kept revision it stands at.

    A live draft is composed from the record each time and carries no revision number
    (it is not a revision until it is kept); a restored draft and locked minutes read
    their latest revision exactly as it was kept.
    """
    if minutes is not None and minutes.revisions and (minutes.locked or not minutes.live):
        return revision_record(minutes.revisions[-1])
    return compose_minutes(session, minutes)


def revision_record(revision: MinutesRevision) -> dict:
    """The minutes as kept in `revision`; composed now if it was kept without (see keep_missing_records)."""
    if revision.record:
        return revision.record
    minutes = revision.minutes
    return {**compose_minutes(minutes.session, _state_at(minutes, revision)), "revision": revision.number}


def same_content(a: dict, b: dict) -> bool:
    """Whether two records read the same, whatever their status: what the comparison shows as no difference."""
    return minutes_text(a) == minutes_text(b)


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
        approved_by_name=minutes.approved_by_name if locked else None,
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
        _keep(minutes, None, _with_bundle(session, compose_minutes(session, minutes)),
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
    #: the revision shown, or None for a live draft that differs from every kept revision
    revision: MinutesRevision | None
    #: True when the user sees the working state (draft, approved) rather than the last publication
    working: bool


def reading_for(user, session: ForumSession, minutes: Minutes | None) -> Reading | None:
    """The minutes `user` may read, or None (404)."""
    if not can_view_session(user, session):
        return None
    if can_read_drafts(user, session):
        record = current_record(session, minutes)
        revision = None
        if minutes is not None and minutes.revisions:
            latest = minutes.revisions[-1]
            if minutes.locked or not minutes.live:
                revision = latest
            elif same_content(record, revision_record(latest)):
                # the live draft reads exactly as its latest revision: that is the number it has
                revision = latest
                record = {**record, "revision": latest.number}
        return Reading(record, revision, True)
    published = latest_published(minutes)
    if published is None:
        return None
    return Reading(revision_record(published), published, False)


@dataclass(frozen=True)
class KeptReading:
    """A kept revision a reader reads, found without loading it: its stored file is all they need."""

    revision_id: int
    #: as much of its record as names the file (minutes_filename): forum and session slugs, approval, number
    header: dict


def _kept_query(which):
    record = MinutesRevision.record
    return (sa.select(MinutesRevision.id, MinutesRevision.number, MinutesRevision.status,
                      record[("forum", "slug")].as_string(), record[("session", "slug")].as_string())
            .join(Minutes, Minutes.id == MinutesRevision.minutes_id)
            .where(Minutes.session_id == sa.bindparam("session_id"), which)
            .order_by(MinutesRevision.number.desc()).limit(1))


# built once: a download asks one of them, and building a statement costs as much as running it
_KEPT_FOR_DRAFT_READERS = _kept_query(sa.or_(Minutes.status != DocumentStatus.draft, Minutes.live.is_(False)))
_KEPT_FOR_READERS = _kept_query(MinutesRevision.status == DocumentStatus.published)


def kept_reading_for(user, session: ForumSession) -> KeptReading | None:
    """The approved or published revision that reading_for would give `user`, found by one query on the
    minutes and their revisions with no record read or composed; None where the reading needs a record
    (a live draft, which reads as its latest revision only if it composes the same; a revision kept without
    a record, see keep_missing_records; no minutes `user` may read): reading_for then decides.

    The rules are reading_for's: those who may read drafts get the latest revision while the minutes are
    locked or hold a restored revision; everyone else the latest published one. `session` must be one
    `user` may see (require_view_session)."""
    query = _KEPT_FOR_DRAFT_READERS if can_read_drafts(user, session) else _KEPT_FOR_READERS
    # on the session's connection: minutes have nothing the ORM's hooks filter, and no object is needed
    row = db.session.connection().execute(query, {"session_id": session.id}).first()
    if row is None or row.status is DocumentStatus.draft or None in (row[3], row[4]):
        return None
    # a kept revision's record holds its approval and its number (_keep, status_parts)
    return KeptReading(row.id, {"forum": {"slug": row[3]}, "session": {"slug": row[4]},
                                "approval": True, "revision": row.number})


@dataclass
class SessionRecord:
    """The session's record as one reader gets it on the session page."""

    record: dict
    #: the published revision the record is read from (readers who are not staff), else None
    published: MinutesRevision | None
    #: for staff, once minutes are published: the lines of the live record that differ from them
    differences: list


def session_record_for(user, session: ForumSession) -> SessionRecord:
    """What was published stays as published: readers who are not staff read the session as its
    latest published minutes recorded it; staff read the live record, with what differs from the
    published minutes listed so they can start a correction."""
    minutes = minutes_of(session)
    published = latest_published(minutes)
    if published is not None and not is_staff(user):
        return SessionRecord(revision_record(published), published, [])
    live = compose_minutes(session, minutes)
    differences = []
    if published is not None:
        differences = [row for row in compare_records(revision_record(published), live) if row.op != "equal"]
    return SessionRecord(live, None, differences)


# --- changing them ------------------------------------------------------------------------------

def _keep(minutes: Minutes, user: User | None, content: dict, reason: str = "") -> MinutesRevision:
    """Keep `content` with the minutes' state as of now as the next revision."""
    revision = lifecycle.keep_revision(
        minutes, MinutesRevision(summary=minutes.summary, reason=reason, record={}), user)
    revision.record = {**content, **status_parts(minutes.session, minutes), "revision": revision.number}
    return revision


def _with_bundle(session: ForumSession, record: dict) -> dict:
    bundle = session_bundle(session)
    return {**record, "session_record": bundle} if bundle is not None else record


def _content(minutes: Minutes) -> dict:
    """The draft's content as it stands: composed from the record, or the restored revision as it was,
    with the summary as last saved."""
    if minutes.live or not minutes.revisions:
        return _with_bundle(minutes.session, compose_minutes(minutes.session, minutes))
    return {**revision_record(minutes.revisions[-1]), "summary": minutes.summary}


def save_summary(minutes: Minutes, summary: str, user: User) -> MinutesRevision:
    lifecycle.check_editable(minutes)
    first = not minutes.revisions
    minutes.summary = summary.strip()
    revision = _keep(minutes, user, _content(minutes))
    if first:
        # the first draft kept: the participants may read it and ask for corrections
        announce("minutes_draft", minutes_id=minutes.id)
    return revision


def approve(minutes: Minutes, user: User) -> MinutesRevision | None:
    """Approve and lock what the draft says now; None if it was approved already."""
    if not lifecycle.approve(minutes, user):
        return None
    return _keep(minutes, user, _content(minutes))


def publish(minutes: Minutes, user: User) -> MinutesRevision | None:
    """Publish what was approved, not what the record says now; None if it was published already."""
    approved = revision_record(minutes.revisions[-1]) if minutes.revisions else None
    if not lifecycle.publish(minutes):
        return None
    revision = _keep(minutes, user, approved if approved is not None else _content(minutes))
    announce("minutes_published", minutes_id=minutes.id)
    return revision


def start_correction(minutes: Minutes, reason: str, user: User) -> MinutesRevision:
    """Reopen approved or published minutes as a draft that follows the record again; the last
    publication stays readable meanwhile."""
    reason = reason.strip()
    if not minutes.locked:
        raise WorkflowError(gettext("These minutes are a draft already; edit them directly."))
    if not reason:
        raise WorkflowError(gettext("Give the reason for the correction; it is kept with the revision."),
                            field="reason")
    lifecycle.reopen(minutes)
    minutes.live = True
    revision = _keep(minutes, user, _content(minutes), reason=f"Correction: {reason}")
    # a new draft, open for the participants' corrections
    announce("minutes_draft", minutes_id=minutes.id)
    return revision


def restore_revision(minutes: Minutes, number: int, user: User) -> MinutesRevision:
    """Make revision `number` the draft again, exactly as it was kept.

    The rule: a restored draft holds the old revision's whole content (summary, attendance,
    groups, discussion, decisions, actions, key dates), frozen, not today's record; so comparing
    it with the revision it restores shows no difference. It stays so until an organiser takes
    the live record again (`follow_record`).
    """
    lifecycle.check_editable(minutes)
    old = get_revision(minutes, number)
    if old is None:
        raise WorkflowError(gettext("There is no revision %(number)s.", number=number))
    content = revision_record(old)
    minutes.summary = content.get("summary", old.summary)
    minutes.live = False
    return _keep(minutes, user, content, reason=f"Restored from revision {number}")


def follow_record(minutes: Minutes, user: User) -> MinutesRevision | None:
    """Let a restored draft follow the session's record again; None if it does already."""
    lifecycle.check_editable(minutes)
    if minutes.live:
        return None
    minutes.live = True
    return _keep(minutes, user, _content(minutes), reason="Takes the session's record as it is now")


def request_correction(minutes: Minutes, user: User, text: str) -> CorrectionRequest:
    text = text.strip()
    if not text:
        raise WorkflowError(gettext("Write what should be corrected."))
    request = CorrectionRequest(minutes=minutes, author=user, text=text, status=CorrectionStatus.open)
    db.session.add(request)
    return request


def decide_correction(request: CorrectionRequest, user: User, accept: bool, response: str) -> CorrectionRequest:
    response = response.strip()
    if request.status is not CorrectionStatus.open:
        raise WorkflowError(gettext("This request was already accepted.") if request.status is CorrectionStatus.accepted
                            else gettext("This request was already declined."))
    if not accept and not response:
        raise WorkflowError(gettext("Say why the request is declined; the participant will read it."))
    request.status = CorrectionStatus.accepted if accept else CorrectionStatus.declined
    request.response = response
    request.decided_by = user
    request.decided_at = utcnow()
    db.session.flush()
    announce("correction_answered", request_id=request.id)
    return request


def may_edit(user) -> bool:
    return can_edit_records(user)


# --- comparing ----------------------------------------------------------------------------------

def compare_records(old: dict, new: dict) -> list[DiffRow]:
    """Line by line, side by side: what was deleted on the left, what was inserted on the right."""
    return compare_lines(minutes_text(old), minutes_text(new))
