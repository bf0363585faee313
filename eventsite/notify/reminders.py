"""`send-reminders`: mail the owners of actions due within 3 days or overdue, once per action per day."""
from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from eventsite.actions import responsible_person_column
from eventsite.models import ActionStatus, DiscussionPoint, PointKind, ReminderSent, User, db
from eventsite.notify.outbox import Notice, send_notice

#: an action is "due soon" this many days before its due date
DUE_WITHIN_DAYS = 3


def due_reminders(today: date) -> list[tuple[int, int]]:
    """(action, account) pairs to remind today: open or in progress, due within 3 days or overdue, owned by
    a person with an account that wants mail (or by an organisation whose contact person that is), and not reminded today already."""
    sent_today = sa.exists().where(ReminderSent.point_id == DiscussionPoint.id, ReminderSent.user_id == User.id,
                                   ReminderSent.sent_on == today)
    query = (
        db.select(DiscussionPoint.id, User.id)
        .join(User, User.person_id == responsible_person_column())
        .where(DiscussionPoint.kind == PointKind.action, DiscussionPoint.deleted_at.is_(None),
               DiscussionPoint.status.in_([ActionStatus.open, ActionStatus.in_progress]),
               DiscussionPoint.due_on <= today + timedelta(days=DUE_WITHIN_DAYS),
               User.active.is_(True), User.notifications.is_(True), ~sent_today)
        .order_by(DiscussionPoint.due_on, DiscussionPoint.id)
    )
    return [tuple(row) for row in db.session.execute(query)]


def send_reminders(today: date) -> int:
    """Send today's reminders; the number sent. Each is written down (and committed) before it is sent, so
    two runs at once send it once; one that could not be sent is struck out again, for the next run."""
    sent = 0
    for point_id, user_id in due_reminders(today):
        db.session.add(ReminderSent(point_id=point_id, user_id=user_id, sent_on=today))
        try:
            db.session.commit()
        except sa.exc.IntegrityError:
            db.session.rollback()  # another run took it
            continue
        if send_notice(Notice("action_reminder", {"point_id": point_id, "user_id": user_id,
                                                  "today": today.isoformat()})):
            sent += 1
        else:
            db.session.execute(sa.delete(ReminderSent).filter_by(point_id=point_id, user_id=user_id, sent_on=today))
            db.session.commit()
    return sent
