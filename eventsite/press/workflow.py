"""The life of a press release: draft → approved → published, an optional embargo, kept revisions.

Plain functions that change the model and nothing else; the audit hook logs
every change. Every save keeps a PressReleaseRevision, so any earlier text can
be read and restored; a change after publication needs a reason.
"""
from __future__ import annotations

import re
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext

from eventsite import lifecycle
from eventsite.dates import format_day
from eventsite.i18n import supported
from eventsite.lifecycle import WorkflowError
from eventsite.models import (
    DocumentStatus, Forum, ForumSession, ForumText, PressRelease, PressReleaseRevision, Visibility, db,
)
from eventsite.models.base import utcnow
from eventsite.press.drafting import draft_press_release
from eventsite.text import slugify

#: the fields a revision keeps and a restore brings back
CONTENT_FIELDS = ("headline", "subheadline", "dateline", "body", "embargo_until")

#: what marks a forum's text as not written yet ("Press office (placeholder)", "TBD", lorem ipsum)
PLACEHOLDER = re.compile(r"placeholder|\bTBD\b|lorem", re.IGNORECASE)


# -- who sees what ---------------------------------------------------------------------------------------


def is_released(release: PressRelease, now: datetime | None = None) -> bool:
    """Published and past any embargo: in every public place."""
    now = now or utcnow()
    return release.status is DocumentStatus.published and (
        release.embargo_until is None or release.embargo_until <= now
    )


def under_embargo(release: PressRelease, now: datetime | None = None) -> bool:
    return release.embargo_until is not None and release.embargo_until > (now or utcnow())


def released_clause(now: datetime | None = None):
    """A WHERE clause on PressRelease for what the public may read."""
    now = now or utcnow()
    return sa.and_(
        PressRelease.status == DocumentStatus.published,
        sa.or_(PressRelease.embargo_until.is_(None), PressRelease.embargo_until <= now),
    )


#: the notice at the head of a release, in the release's language (document text, like its dateline)
NOTICES = {
    "en": {"immediate": "FOR IMMEDIATE RELEASE", "embargo": "EMBARGOED UNTIL {when}",
           "draft": "DRAFT — NOT FOR PUBLICATION", "approved": "APPROVED — NOT FOR PUBLICATION",
           "participants": "FOR THE SESSION'S PARTICIPANTS ONLY — NOT FOR PUBLIC RELEASE",
           "internal": "INTERNAL — FOR STAFF ONLY, NOT FOR PUBLIC RELEASE"},
    "ru": {"immediate": "ДЛЯ НЕМЕДЛЕННОГО РАСПРОСТРАНЕНИЯ", "embargo": "ЭМБАРГО ДО {when}",
           "draft": "ЧЕРНОВИК — НЕ ДЛЯ ПУБЛИКАЦИИ", "approved": "УТВЕРЖДЕНО — НЕ ДЛЯ ПУБЛИКАЦИИ",
           "participants": "ТОЛЬКО ДЛЯ УЧАСТНИКОВ СЕССИИ — НЕ ДЛЯ ПУБЛИЧНОГО РАСПРОСТРАНЕНИЯ",
           "internal": "ДЛЯ ВНУТРЕННЕГО ПОЛЬЗОВАНИЯ — НЕ ДЛЯ ПУБЛИЧНОГО РАСПРОСТРАНЕНИЯ"},
}


def release_notice(release: PressRelease, now: datetime | None = None) -> str:
    """"FOR IMMEDIATE RELEASE", or "EMBARGOED UNTIL 10 June 2016, 18:00 (Asia/Novosibirsk)";
    a release not yet published says so, so a draft PDF cannot pass for the real thing; a release of a
    session the public cannot see says whom it is for, never "for immediate release". In the
    release's language."""
    return notice_for(release.status, release.session, release.embargo_until, release.language, now)


def notice_for(status: DocumentStatus, session: ForumSession, embargo_until: datetime | None, language: str,
               now: datetime | None = None) -> str:
    """The notice of a release in `status` of `session` (release_notice), also for a draft not saved."""
    words = NOTICES[supported(language)]
    embargoed = embargo_until is not None and embargo_until > (now or utcnow())
    embargo = words["embargo"].format(when=_embargo_text(embargo_until, session.forum, language)) if embargoed else ""
    if status is not DocumentStatus.published:
        notice = words["draft" if status is DocumentStatus.draft else "approved"]
    elif session.visibility is not Visibility.public:
        notice = words[session.visibility.value]
    else:
        return embargo or words["immediate"]
    return f"{notice} · {embargo}" if embargo else notice


def embargo_text(release: PressRelease) -> str:
    """"10 June 2016, 18:00 (Asia/Novosibirsk)": the embargo in the forum's zone and the release's language."""
    return _embargo_text(release.embargo_until, release.session.forum, release.language)


def _embargo_text(embargo_until: datetime | None, forum: Forum, language: str) -> str:
    if embargo_until is None:
        return ""
    local = embargo_until.astimezone(forum.zone)
    return f"{format_day(local.date(), language)}, {local:%H:%M} ({forum.timezone})"


def audience_notice(release: PressRelease) -> str:
    """Who will see a release of a session the public cannot see ("" for a public session): shown to
    the press office before publishing and on the release's page."""
    visibility = release.session.visibility
    if visibility is Visibility.participants:
        return gettext("Not public: the session is for its participants only, so this release is seen only by "
                       "the session's participants and the staff (press office, organisers, administrators). "
                       "It is not in the newsroom or its feed.")
    if visibility is Visibility.internal:
        return gettext("Not public: the session is internal, so this release is seen only by the staff (press "
                       "office, organisers, administrators). It is not in the newsroom or its feed.")
    return ""


# -- what a release needs before it goes out -----------------------------------------------------------


def is_placeholder(text: str | None) -> bool:
    """Empty, or a stand-in: "Press office (placeholder)", "TBD", "Lorem ipsum …"."""
    return not (text or "").strip() or bool(PLACEHOLDER.search(text or ""))


def letterhead_problems(forum: ForumText) -> list[WorkflowError]:
    """What in the forum's press contact and About text, as a release in its language prints them
    (Forum.text_in), is not written yet, each at its field."""
    problems = []
    if is_placeholder(forum.press_contact_name):
        problems.append(WorkflowError(
            gettext("The forum's press contact is a placeholder (“%(value)s”): give the press office's real name "
                    "in the forum's settings before a release is approved or published.",
                    value=forum.press_contact_name or "—"), field="press_contact_name"))
    reachable = [v for v in (forum.press_contact_email, forum.press_contact_phone) if (v or "").strip()]
    if not reachable:
        problems.append(WorkflowError(
            gettext("The forum's press contact has no e-mail or phone: give one in the forum's settings before "
                    "a release is approved or published."), field="press_contact_email"))
    for name, value in (("press_contact_email", forum.press_contact_email),
                        ("press_contact_phone", forum.press_contact_phone)):
        if value and PLACEHOLDER.search(value):
            problems.append(WorkflowError(
                gettext("The forum's press contact is a placeholder (“%(value)s”): give the real one in the "
                        "forum's settings before a release is approved or published.", value=value), field=name))
    if is_placeholder(forum.about):
        problems.append(WorkflowError(
            gettext("The forum's About text is a placeholder or empty: write it in the forum's settings before "
                    "a release is approved or published; it is printed under every release."), field="about"))
    return problems


def release_problems(release: PressRelease) -> list[str]:
    """The reasons a release may not be approved or published yet (for its page)."""
    return [str(p) for p in letterhead_problems(release.session.forum.text_in(release.language))]


def check_letterhead(forum: ForumText) -> None:
    """Refuse the step while the forum's contact or About is a placeholder, naming the field."""
    problems = letterhead_problems(forum)
    if problems:
        raise problems[0]


def public_since(release: PressRelease) -> datetime:
    """When the release reached the public: publication, or the end of its embargo if later.

    A release imported from a bundle as published has no publication time; its creation stands in.
    """
    published = release.published_at or release.created_at
    if release.embargo_until is not None and release.embargo_until > published:
        return release.embargo_until
    return published


def public_since_column():
    published = sa.func.coalesce(PressRelease.published_at, PressRelease.created_at)
    return sa.case((PressRelease.embargo_until > published, PressRelease.embargo_until), else_=published)


def latest_published(session: ForumSession, include_embargoed: bool = False) -> PressRelease | None:
    """The session's latest published release; under embargo only for the press office."""
    query = db.select(PressRelease).where(PressRelease.session_id == session.id)
    if include_embargoed:
        query = query.where(PressRelease.status == DocumentStatus.published)
    else:
        query = query.where(released_clause())
    return db.session.execute(
        query.order_by(public_since_column().desc(), PressRelease.id.desc()).limit(1)
    ).scalar_one_or_none()


def latest_release(session: ForumSession) -> PressRelease | None:
    """The session's newest release in whatever status (for `export-pdf … press-release`)."""
    return db.session.execute(
        db.select(PressRelease).where(PressRelease.session_id == session.id).order_by(PressRelease.id.desc()).limit(1)
    ).scalar_one_or_none()


def releases_of(session: ForumSession) -> list[PressRelease]:
    return list(db.session.execute(
        db.select(PressRelease).where(PressRelease.session_id == session.id).order_by(PressRelease.id)
    ).scalars())


def release_slug(release: PressRelease) -> str:
    """The words of a release's address after its id: its headline, transliterated."""
    return slugify(release.headline, 60, "press-release")


# -- changes ---------------------------------------------------------------------------------------------


def create_press_release(session: ForumSession, user) -> PressRelease:
    """A new draft release written from the record of `session`, in the session's language: the
    record's names, titles and points are in it, so a release in another would mix the two."""
    draft = draft_press_release(session)
    release = PressRelease(
        session=session, language=draft.language, headline=draft.headline, subheadline=draft.subheadline,
        dateline=draft.dateline, body=draft.body, status=DocumentStatus.draft, revision=1,
    )
    db.session.add(release)
    _keep_revision(release, user, "drafted from the record")
    db.session.flush()
    return release


def needs_reason(release: PressRelease) -> bool:
    """A published release changes in public; say why."""
    return release.status is DocumentStatus.published


def save_press_release(release: PressRelease, values: dict, user, reason: str = "") -> PressRelease:
    """Apply edited fields and keep the result as a new revision.

    Editing an approved release withdraws the approval: what was approved is not
    what will be published. A published release stays published; the change
    needs a reason, kept with the revision.
    """
    reason = (reason or "").strip()
    if needs_reason(release) and not reason:
        raise WorkflowError(gettext("Say why a published press release is changed; the reason is kept with "
                                    "the revision."), field="reason")
    for name, value in values.items():
        if name not in CONTENT_FIELDS:
            raise KeyError(name)
        setattr(release, name, value)
    if release.status is DocumentStatus.approved:
        lifecycle.reopen(release)
        reason = reason or "edited after approval; approval withdrawn"
    _keep_revision(release, user, reason)
    return release


def approve_press_release(release: PressRelease, user) -> PressRelease | None:
    """Approve the draft; None if it was approved already."""
    if release.status is DocumentStatus.draft and (not release.headline.strip() or not release.body.strip()):
        raise WorkflowError(gettext("A press release needs a headline and a body before it is approved."))
    if release.status is DocumentStatus.draft:
        check_letterhead(release.session.forum.text_in(release.language))
    if not lifecycle.approve(release, user):
        return None
    _keep_revision(release, user, "approved")
    return release


def publish_press_release(release: PressRelease, user) -> PressRelease | None:
    """Publish what was approved; None if it was published already."""
    if release.status is DocumentStatus.approved:
        check_letterhead(release.session.forum.text_in(release.language))
    if not lifecycle.publish(release):
        return None
    _keep_revision(release, user, "published")
    return release


def withdraw_press_release(release: PressRelease, user, reason: str) -> PressRelease | None:
    """Back to draft: gone from the public places until published again; None if it is a draft already."""
    if release.status is DocumentStatus.published and not (reason or "").strip():
        raise WorkflowError(gettext("Say why a published press release is withdrawn."), field="reason")
    if not lifecycle.reopen(release):
        return None
    _keep_revision(release, user, (reason or "").strip() or "withdrawn to draft")
    return release


def restore_revision(release: PressRelease, number: int, user, reason: str = "") -> PressRelease:
    """Bring back the text of revision `number` as a new revision; nothing is lost."""
    revision = revision_of(release, number)
    if revision is None:
        raise WorkflowError(gettext("There is no revision %(number)s.", number=number))
    values = {name: getattr(revision, name) for name in CONTENT_FIELDS}
    return save_press_release(release, values, user, reason.strip() or f"restored revision {number}")


def revision_of(release: PressRelease, number: int) -> PressReleaseRevision | None:
    return db.session.execute(
        db.select(PressReleaseRevision).filter_by(press_release_id=release.id, number=number)
    ).scalar_one_or_none()


def _keep_revision(release: PressRelease, user, reason: str) -> None:
    lifecycle.keep_revision(release, PressReleaseRevision(
        reason=reason, **{name: getattr(release, name) for name in CONTENT_FIELDS}), user)
