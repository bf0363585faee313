"""The rules the database itself keeps, whatever the forms do."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from eventsite.models import (
    ActionStatus, DatePrecision, DiscussionPoint, ForumSession, KeyDate, Participation,
    PointKind, db,
)
from tests.conftest import NSK


def _refused(fn):
    with pytest.raises(sa.exc.IntegrityError):
        fn()
        db.session.flush()
    db.session.rollback()


def test_a_session_must_end_after_it_starts(make):
    forum = make.forum()
    start = datetime(2016, 6, 10, 14, tzinfo=NSK)
    _refused(lambda: make.session(forum, starts_at=start, ends_at=start - timedelta(minutes=1)))


def test_a_forum_must_end_on_or_after_its_first_day(make):
    _refused(lambda: make.forum(starts_on=date(2016, 6, 10), ends_on=date(2016, 6, 9)))


def test_session_slugs_are_unique_within_a_forum_only(make):
    a, b = make.forum(), make.forum()
    make.session(a, slug="round-table")
    make.session(b, slug="round-table")  # another forum: fine
    _refused(lambda: make.session(a, slug="round-table"))


def test_forum_slugs_are_unique(make):
    make.forum(slug="technoprom-2016")
    _refused(lambda: make.forum(slug="technoprom-2016"))


def test_unknown_enum_values_are_refused_by_the_database(make):
    session = make.session()
    db.session.commit()
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(sa.text("UPDATE forum_session SET kind = 'party' WHERE id = :id"), {"id": session.id})
    db.session.rollback()


def test_a_key_date_has_day_or_month_precision(make):
    point = make.point(make.session(), kind=PointKind.announcement)
    make.key_date(point, label="Programmes accepted until", date=date(2016, 9, 26), precision=DatePrecision.day)
    db.session.commit()
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(sa.text("UPDATE key_date SET precision = 'week'"))
    db.session.rollback()


def test_only_actions_carry_owner_due_date_and_status(make):
    session = make.session()
    db.session.commit()
    _refused(lambda: make.point(session, kind=PointKind.statement, status=ActionStatus.open))
    _refused(lambda: make.point(session, kind=PointKind.action, status=None))
    make.point(session, kind=PointKind.action, status=ActionStatus.open, due_on=date(2016, 9, 26))


def test_a_person_who_took_part_cannot_be_deleted(make):
    person = make.person()
    make.participation(make.session(), person)
    db.session.commit()
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(sa.text("DELETE FROM person WHERE id = :id"), {"id": person.id})
    db.session.rollback()


def test_deleting_a_session_deletes_its_record_and_keeps_the_people(make):
    session = make.session()
    person = make.person()
    speaker = make.participation(session, person)
    point = make.point(session, kind=PointKind.announcement, speaker=speaker)
    make.key_date(point, label="x", date=date(2016, 7, 1), precision=DatePrecision.month)
    db.session.commit()
    db.session.delete(session)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(DiscussionPoint.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(KeyDate.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Participation.id))) == 0
    assert db.session.get(type(person), person.id) is not None


def test_removing_a_speaker_keeps_their_points(make):
    session = make.session()
    speaker = make.participation(session)
    point = make.point(session, speaker=speaker)
    db.session.commit()
    db.session.delete(speaker)
    db.session.commit()
    db.session.refresh(point)
    assert point.speaker_id is None and point.body == "A point."


def test_times_come_back_aware_and_equal(make):
    start = datetime(2016, 6, 10, 14, 0, tzinfo=NSK)
    session = make.session(starts_at=start, ends_at=start + timedelta(hours=2))
    db.session.commit()
    db.session.expire_all()
    again = db.session.get(ForumSession, session.id)
    assert again.starts_at == start
    # Novosibirsk was UTC+6 until 24 July 2016
    assert again.local_start.strftime("%H:%M %Z") == "14:00 +06"


def test_a_concurrent_update_of_the_same_row_is_refused(app, make):
    session = make.session(title="First")
    db.session.commit()
    assert session.title == "First"  # loaded, as a form would be
    # another process saves in between: the version moves on under us
    with db.engine.begin() as other:
        other.execute(sa.text("UPDATE forum_session SET title = 'Theirs', version = version + 1 WHERE id = :id"),
                      {"id": session.id})
    session.title = "Mine"
    with pytest.raises(StaleDataError):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(ForumSession, session.id).title == "Theirs"
