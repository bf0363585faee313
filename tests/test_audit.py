"""Every change to a recorded row leaves an audit entry: who, what, when, before and after."""
from __future__ import annotations

import sqlalchemy as sa

from eventsite.audit import acting_user_id
from eventsite.models import AuditEntry, db


def _entries(entity: str, entity_id: int) -> list[AuditEntry]:
    return list(db.session.execute(
        sa.select(AuditEntry).filter_by(entity=entity, entity_id=entity_id).order_by(AuditEntry.id)
    ).scalars())


def test_create_update_and_delete_are_recorded_with_before_and_after(make):
    session = make.session(title="Old title")
    db.session.commit()
    session.title = "New title"
    db.session.commit()
    session_id = session.id
    db.session.delete(session)
    db.session.commit()

    created, updated, deleted = _entries("forum_session", session_id)
    assert created.action == "create" and created.after["title"] == "Old title" and created.before is None
    assert updated.action == "update"
    assert updated.before == {"title": "Old title"} and updated.after == {"title": "New title"}
    assert deleted.action == "delete" and deleted.before["title"] == "New title" and deleted.after is None


def test_the_audit_names_the_user_who_acted(make, users):
    session = make.session()
    db.session.commit()
    token = acting_user_id.set(users["organiser"].id)
    try:
        session.venue = "Hall B"
        db.session.commit()
    finally:
        acting_user_id.reset(token)
    entry = _entries("forum_session", session.id)[-1]
    assert entry.user_id == users["organiser"].id and entry.after == {"venue": "Hall B"}


def test_a_save_that_changes_nothing_writes_no_entry(make):
    session = make.session(title="Same")
    db.session.commit()
    before = db.session.scalar(sa.select(sa.func.count(AuditEntry.id)))
    session.title = "Same"
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == before


def test_passwords_never_reach_the_audit_log(make):
    user = make.user("press")
    db.session.commit()
    user.set_password("another-secret-1")
    db.session.commit()
    text = str([(e.before, e.after) for e in _entries("user_account", user.id)])
    assert "password" not in text and "another-secret-1" not in text
