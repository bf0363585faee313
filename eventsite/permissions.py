"""Who may see and change what (DESIGN.md, "Who uses it").

A user who may not see a thing gets 404, not a hint that it exists; one who may
see it but not change it gets 403. Views call these; nothing else decides.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort
from flask_login import current_user
from sqlalchemy.orm import aliased

from eventsite.actions import is_owner
from eventsite.models import AuditEntry, ForumSession, Participation, Person, UserRole, Visibility, db, forum_organiser

STAFF = {UserRole.press, UserRole.organiser, UserRole.admin}


def role_of(user) -> UserRole | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.role


def is_staff(user) -> bool:
    return role_of(user) in STAFF


def can_edit_records(user) -> bool:
    """Forums, sessions, people, organisations, participants, points, minutes."""
    return role_of(user) in {UserRole.organiser, UserRole.admin}


def can_edit_press(user) -> bool:
    return role_of(user) in {UserRole.press, UserRole.admin}


def can_export_pdf(user) -> bool:
    return role_of(user) in STAFF


def can_manage_users(user) -> bool:
    return role_of(user) is UserRole.admin


def can_import_bundles(user) -> bool:
    """A bundle may create or change any forum: the web import is the admin's, as the command line is."""
    return role_of(user) is UserRole.admin


def is_forum_organiser(user, forum_id: int) -> bool:
    """Whether `user` is one of the organisers of the forum (its creator, or one an admin named)."""
    if role_of(user) is not UserRole.organiser:
        return False
    query = sa.select(forum_organiser.c.forum_id).where(forum_organiser.c.forum_id == forum_id,
                                                        forum_organiser.c.user_id == user.id)
    return db.session.execute(query).first() is not None


def organised_forums_clause(user, forum_id):
    """A WHERE clause on a column of forum ids: every forum for an admin, the forums an organiser organises
    (forum_organiser), none for anyone else."""
    role = role_of(user)
    if role is UserRole.admin:
        return sa.true()
    if role is not UserRole.organiser:
        return sa.false()
    return forum_id.in_(sa.select(forum_organiser.c.forum_id).where(forum_organiser.c.user_id == user.id))


def organises_every_forum(user) -> bool:
    """An admin acts as the organiser of every forum (organised_forums_clause)."""
    return role_of(user) is UserRole.admin


def organises_any_forum(user) -> bool:
    return role_of(user) is UserRole.admin or db.session.execute(
        sa.select(forum_organiser.c.forum_id).where(forum_organiser.c.user_id == user.id).limit(1)).first() is not None


def can_use_trash(user) -> bool:
    """The trash: see what was deleted or merged, restore it, undo a merge — those who delete and merge."""
    return can_edit_records(user)


def can_read_audit(user) -> bool:
    """The audit screen: admins read all of it, organisers the part about their forums."""
    return role_of(user) in {UserRole.organiser, UserRole.admin}


#: rows that belong to no forum but to the directory every organiser keeps: their history is the organisers'
SHARED_AUDIT_ENTITIES = ("person", "organisation")


def audit_clause(user):
    """A WHERE clause on AuditEntry keeping what `user` may read: all of it for an admin; for an organiser the
    entries of the forums they organise and of the shared people and organisations; nothing for anyone else
    (accounts, other forums)."""
    role = role_of(user)
    if role is UserRole.admin:
        return sa.true()
    if role is not UserRole.organiser:
        return sa.false()
    return sa.or_(organised_forums_clause(user, AuditEntry.forum_id),
                  sa.and_(AuditEntry.forum_id.is_(None), AuditEntry.entity.in_(SHARED_AUDIT_ENTITIES)))


def took_part(user, session: ForumSession) -> bool:
    person_id = getattr(user, "person_id", None) if role_of(user) else None
    return person_id is not None and any(p.person_id == person_id for p in session.participations)


def can_view_session(user, session: ForumSession) -> bool:
    if session.visibility is Visibility.public or is_staff(user):
        return True
    if session.visibility is Visibility.participants:
        return took_part(user, session)
    return False


def visible_sessions_clause(user):
    """A WHERE clause on ForumSession that keeps what `user` may see, for listings and search."""
    if is_staff(user):
        return sa.true()
    public = ForumSession.visibility == Visibility.public
    person_id = getattr(user, "person_id", None) if role_of(user) else None
    if person_id is None:
        return public
    # an alias of its own, so that a query which itself selects from participation
    # (search, "my sessions") cannot correlate this EXISTS to its own rows
    viewer = aliased(Participation)
    took_part_clause = sa.and_(
        ForumSession.visibility == Visibility.participants,
        sa.exists().where(viewer.session_id == ForumSession.id, viewer.person_id == person_id),
    )
    return sa.or_(public, took_part_clause)


def can_follow_up(user, point) -> bool:
    """Change an action item's status and note: its owner (eventsite.actions.is_owner) or an organiser."""
    if not can_view_session(user, point.session):
        return False
    return can_edit_records(user) or is_owner(getattr(user, "person_id", None) if role_of(user) else None, point)


def require_view_session(session: ForumSession) -> ForumSession:
    if not can_view_session(current_user, session):
        abort(404)
    return session


def require(check, session: ForumSession | None = None) -> None:
    """403 for a change the user may not make; 404 first if they may not even see it."""
    if session is not None:
        require_view_session(session)
    if not check(current_user):
        if not current_user.is_authenticated:
            from eventsite.extensions import login_manager

            abort(login_manager.unauthorized())
        abort(403)


def visible_people_clause(user):
    """A WHERE clause on Person: staff see everyone; others a person only as a participant of a
    session they may see, so no list reveals who took part in a session they may not see."""
    if is_staff(user):
        return sa.true()
    took_part_in = aliased(Participation)
    seen_in = (
        sa.select(took_part_in.person_id)
        .join(ForumSession, ForumSession.id == took_part_in.session_id)
        .where(visible_sessions_clause(user))
    )
    return Person.id.in_(seen_in)
