"""What each notice says, and to whom: one letter per recipient, in the recipient's language.

A letter is composed inside `force_locale(recipient's language)`: subject, text and HTML, dates in
that language. The documents it carries (the minutes PDF) stay in their session's language.
"""
from __future__ import annotations

from datetime import date

from flask import render_template
from flask_babel import force_locale, gettext

from eventsite.actions import responsible_person_id
from eventsite.dates import format_day
from eventsite.i18n import supported
from eventsite.minutes.documents import minutes_pdf
from eventsite.models import CorrectionRequest, CorrectionStatus, DiscussionPoint, Minutes, Participation, User, db
from eventsite.notify.sending import Letter
from eventsite.notify.tokens import unsubscribe_url
from eventsite.pdf.cache import cached_pdf
from eventsite.urls import absolute_url


def may_receive(user: User | None) -> bool:
    return user is not None and user.active and user.notifications and bool(user.email)


def participants(session) -> list[User]:
    """The accounts of the people who took part in `session` and want mail."""
    query = db.select(User).where(
        User.person_id.in_(db.select(Participation.person_id).where(Participation.session_id == session.id)),
        User.active.is_(True), User.notifications.is_(True),
    ).order_by(User.id)
    return list(db.session.execute(query).scalars())


def owner_account(point: DiscussionPoint) -> User | None:
    """The account of the person who follows up an action (its owner, or its owning organisation's contact
    person: eventsite/actions.py), if they have one and want mail."""
    person_id = responsible_person_id(point)
    if person_id is None:
        return None
    user = db.session.execute(db.select(User).filter_by(person_id=person_id)).scalar_one_or_none()
    return user if may_receive(user) else None


def letter(user: User, template: str, subject, **context) -> Letter:
    """`subject` is a function, called in the recipient's language."""
    language = supported(user.language)
    with force_locale(language):
        unsubscribe = unsubscribe_url(user)
        context.update(user=user, unsubscribe=unsubscribe, language=language)
        return Letter(
            to=user.email, subject=subject(), unsubscribe=unsubscribe,
            text=render_template(f"notify/{template}.txt", **context),
            html=render_template(f"notify/{template}.html", **context),
        )


def _session_links(session) -> dict:
    forum_slug, session_slug = session.forum.slug, session.slug
    return {
        "session_url": absolute_url("reading.session", forum_slug=forum_slug, session_slug=session_slug),
        "minutes_url": absolute_url("minutes.show", forum_slug=forum_slug, session_slug=session_slug),
    }


def minutes_draft(minutes_id: int) -> list[Letter]:
    minutes = db.session.get(Minutes, minutes_id)
    session = minutes.session
    return [letter(user, "minutes_draft",
                   lambda: gettext("Draft minutes to check: %(title)s", title=session.title),
                   session=session, **_session_links(session))
            for user in participants(session)]


def minutes_published(minutes_id: int) -> list[Letter]:
    from eventsite.minutes.workflow import latest_published, revision_record

    minutes = db.session.get(Minutes, minutes_id)
    session = minutes.session
    published = latest_published(minutes)
    if published is None:
        return []
    # the PDF readers download, in the session's language, from the same cache
    document = minutes_pdf(session, revision_record(published))
    pdf, _ = cached_pdf(document.key_material, document.render)
    letters = []
    for user in participants(session):
        item = letter(user, "minutes_published", lambda: gettext("Minutes published: %(title)s", title=session.title),
                      session=session, revision=published.number, **_session_links(session))
        item.attachments.append((document.filename, pdf, "application/pdf"))
        letters.append(item)
    return letters


def correction_answered(request_id: int) -> list[Letter]:
    request = db.session.get(CorrectionRequest, request_id)
    user = request.author
    if not may_receive(user):
        return []
    session = request.minutes.session
    accepted = request.status is CorrectionStatus.accepted
    return [letter(user, "correction_answered",
                   (lambda: gettext("Your correction request was accepted: %(title)s", title=session.title)) if accepted
                   else (lambda: gettext("Your correction request was declined: %(title)s", title=session.title)),
                   session=session, request=request, accepted=accepted, **_session_links(session))]


def _action_context(point: DiscussionPoint, language: str, today: date | None = None) -> dict:
    context = {"point": point, "session": point.session, **_session_links(point.session),
               "due": format_day(point.due_on, language) if point.due_on else "",
               "my_actions_url": absolute_url("reading.my_actions")}
    if today is not None and point.due_on is not None:
        context["days"] = (point.due_on - today).days
    return context


def _action_title(point: DiscussionPoint) -> str:
    return point.title or point.body[:80]


def action_assigned(point_id: int) -> list[Letter]:
    point = db.session.get(DiscussionPoint, point_id)
    user = owner_account(point)
    if user is None or point.deleted_at is not None:
        return []
    return [letter(user, "action_assigned",
                   lambda: gettext("An action for you: %(title)s", title=_action_title(point)),
                   **_action_context(point, supported(user.language)))]


def action_reminder(point_id: int, user_id: int, today: str) -> list[Letter]:
    point = db.session.get(DiscussionPoint, point_id)
    user = db.session.get(User, user_id)
    day = date.fromisoformat(today)
    overdue = point.due_on < day
    return [letter(user, "action_reminder",
                   (lambda: gettext("Overdue: %(title)s", title=_action_title(point))) if overdue
                   else (lambda: gettext("Due soon: %(title)s", title=_action_title(point))),
                   overdue=overdue, **_action_context(point, supported(user.language), day))]


#: by Notice.kind
COMPOSERS = {
    "minutes_draft": minutes_draft,
    "minutes_published": minutes_published,
    "correction_answered": correction_answered,
    "action_assigned": action_assigned,
    "action_reminder": action_reminder,
}
