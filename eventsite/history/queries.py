"""The audit log as its readers filter it: by forum, session, person, user, record and days, newest first,
one bounded page at a time (each filter has its index, eventsite/models/audit.py)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from eventsite.models import AuditEntry, db
from eventsite.permissions import audit_clause


@dataclass
class Filters:
    forum_id: int | None = None
    session_id: int | None = None
    person_id: int | None = None
    user_id: int | None = None
    #: one record's history: its table and id
    entity: str | None = None
    entity_id: int | None = None
    since: date | None = None
    until: date | None = None

    def clauses(self) -> list:
        where = []
        for column, value in ((AuditEntry.forum_id, self.forum_id), (AuditEntry.session_id, self.session_id),
                              (AuditEntry.person_id, self.person_id), (AuditEntry.user_id, self.user_id),
                              (AuditEntry.entity, self.entity), (AuditEntry.entity_id, self.entity_id)):
            if value is not None:
                where.append(column == value)
        if self.since is not None:
            where.append(AuditEntry.at >= datetime.combine(self.since, time(), timezone.utc))
        if self.until is not None:
            where.append(AuditEntry.at < datetime.combine(self.until + timedelta(days=1), time(), timezone.utc))
        return where


@dataclass
class Page:
    entries: list[AuditEntry] = field(default_factory=list)
    number: int = 1
    has_next: bool = False


def audit_page(user, filters: Filters, number: int, per_page: int) -> Page:
    """The entries `user` may read that match `filters`, page `number`: one query of per_page + 1 rows."""
    query = (
        db.select(AuditEntry).where(audit_clause(user), *filters.clauses())
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((number - 1) * per_page).limit(per_page + 1)
    )
    rows = list(db.session.execute(query).scalars())
    return Page(rows[:per_page], number, len(rows) > per_page)
