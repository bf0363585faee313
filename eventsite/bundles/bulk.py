"""Writing the records of sessions that are new to the database: one INSERT per table for the whole bundle.

A fresh forum of a thousand sessions is some 50,000 rows. Through the unit of work each row costs an
instrumented object, its place in the flush's dependency sort and an audit snapshot taken by reflection;
here each costs a dict, and each table a few multi-row `INSERT … VALUES (…), (…)` (`_insert`), children
after their parents. The rows are logged in the audit log as the flush hook logs created rows
(eventsite/audit.py), so an import is audited the same way whichever path wrote it.

Sessions the database has already are matched and updated row by row by the importer: that path
writes only what differs, which this one, writing everything, cannot tell.
"""
from __future__ import annotations

import itertools
import operator
from collections import Counter
from typing import Any, NamedTuple

import sqlalchemy as sa

from eventsite.audit import _SKIP, _current_user_id, _plain  # the audit hook's own rules for a created row
from eventsite.bundles.validate import parse_day, parse_key_date, parse_time
from eventsite.models import (
    ActionStatus, AgendaItem, Attendance, AuditEntry, CorrectionRequest, CorrectionStatus, DatePrecision, DiscussionPoint,
    DocumentStatus, ForumSession, KeyDate, Minutes, MinutesRevision, MonthPart, ParticipantGroup, Participation,
    PointKind, PressRelease, PressReleaseRevision, Role, db,
)
from eventsite.models.base import Versioned, utcnow


#: values the audit log keeps as they are (enums, dates and times are written as text)
_AS_IS = {str, int, bool, type(None), list, dict}


def _time(value: str | None):
    return parse_time(value) if value is not None else None


class NewSession(NamedTuple):
    """What the records of a session new to the database need of it."""

    id: int
    language: str


#: parameters in one statement: SQLite allows 32,766 (since 3.32), PostgreSQL 65,535
_PARAMETERS = 30_000


def _insert(table: sa.Table, rows: list[dict]) -> None:
    """Insert the rows (dicts of column values, each with the same columns) many to a statement.

    As few statements as the database's limit on parameters allows, each `INSERT … VALUES (…), (…)`,
    where an executemany runs one statement a row: on SQLite that matters for the indexed tables,
    whose FTS5 tables write their pending words to disk at the end of every statement (its savepoint),
    so one statement a row made a new index segment for every row and merged them again and again,
    some four times the work.

    The values are converted by SQLAlchemy's own processors for each column's type (enums to their
    text, times to UTC, JSON to text: what the ORM writes), and a column's processed values are
    remembered, since most repeat (the import's time, a status); columns a row leaves out get their
    Python default, as SQLAlchemy gives them. Not `sa.insert(table)` with the rows: compiling and
    processing each row's parameters there cost more than the database's own work.
    """
    if not rows:
        return
    connection = db.session.connection()
    dialect = connection.dialect
    names = list(rows[0])
    if any(len(row) != len(names) for row in rows):
        raise ValueError(f"{table.name}: every row must give the same columns")
    # column by column: each converter mapped over its column's values
    given = zip(*map(operator.itemgetter(*names), rows)) if len(names) > 1 else [[row[names[0]] for row in rows]]
    columns, values = [], []
    for name, column_values in zip(names, given):
        convert = _converter(table.c[name], dialect)
        columns.append(table.c[name])
        values.append(column_values if convert is None else list(map(convert, column_values)))
    for column in table.columns:
        default = column.default
        if column.key not in rows[0] and default is not None and not column.primary_key:
            value = default.arg(None) if default.is_callable else default.arg
            convert = _converter(column, dialect)
            columns.append(column)
            values.append([value if convert is None else convert(value)] * len(rows))
    values = list(zip(*values))
    if dialect.paramstyle == "qmark":
        marker = "?"
    elif dialect.paramstyle in ("format", "pyformat"):
        marker = "%s"
    else:
        raise NotImplementedError(f"bulk inserts with paramstyle {dialect.paramstyle}")
    quote = dialect.identifier_preparer.quote
    head = (f"INSERT INTO {dialect.identifier_preparer.format_table(table)} "
            f"({', '.join(quote(column.name) for column in columns)}) VALUES ")
    one = "(" + ", ".join([marker] * len(columns)) + ")"
    per_statement = max(1, _PARAMETERS // len(columns))
    for start in range(0, len(values), per_statement):
        chunk = values[start:start + per_statement]
        connection.exec_driver_sql(head + ", ".join([one] * len(chunk)), tuple(itertools.chain.from_iterable(chunk)))


def _holds_plain_values(column: sa.Column) -> bool:
    """Whether the column's values go into the audit log as they are (text, numbers, JSON), not made plain."""
    try:
        return column.type.python_type in (str, int, bool, float, dict, list)
    except NotImplementedError:
        return False


def _converter(column: sa.Column, dialect):
    """The function that makes a Python value the database's for this column, or None if it takes it as it is."""
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return None
    if isinstance(column.type, sa.JSON):
        return process  # documents: neither hashable nor repeated
    done: dict = {}

    def convert(value):
        key = (type(value), value)  # True and 1 are equal keys, but not the same value
        try:
            return done[key]
        except KeyError:
            done[key] = converted = process(value)
            return converted
    return convert


class NewSessionRows:
    """Everything the bundle says about sessions new to the database, written at once (see the module)."""

    def __init__(self, people: dict, organisations: dict, users: dict, reason: str):
        self.people = people
        self.organisations = organisations
        self.users = users
        self.reason = reason
        self.now = utcnow()
        self.created: Counter = Counter()
        self.audit: list[dict] = []
        #: (table, id) of a point or minutes written here → its session, for the audit of their children
        self.session_of: dict[tuple[str, int | None], int] = {}
        self.forum_id: int | None = None
        #: slug → id of each session written here
        self.session_ids: dict[str, int] = {}

    def account(self, name: str, ref: dict | None) -> dict:
        """The columns of an approver or author: the account of that address, and the name kept either way."""
        user = self.users.get(ref["email"].lower()) if ref and ref.get("email") else None
        return {
            f"{name}_id": user.id if user is not None else None,
            f"{name}_name": None if ref is None else ref.get("name", ""),
            f"{name}_email": None if ref is None else ref.get("email"),
        }

    def stamps(self, created_at: Any = None) -> dict:
        created_at = created_at or self.now
        return {"version": 1, "created_at": created_at, "updated_at": created_at}

    def insert(self, model, rows: list[dict], parent: str | None = None, key: tuple[str, ...] = ()) -> list[int]:
        """Insert the rows; with `parent`, the column that ties them to rows this import made, their ids.

        The ids are read back in their order, which is the order of insertion (one transaction inserts
        them one after another; SQLite numbers rows so, PostgreSQL's sequence too), and checked against
        the rows' `key` columns. Not `INSERT … RETURNING` in parameter order: on SQLite SQLAlchemy keeps
        that order only by inserting one row per statement (and splicing the results quadratically).
        Rows that have no children and are not audited (revisions) are not read back.
        """
        if not rows:
            return []
        table = model.__table__
        _insert(table, rows)
        self.created[table.name] += len(rows)
        if parent is None:
            return []
        owners = sorted({row[parent] for row in rows})
        columns = [table.c.id] + [table.c[name] for name in key]
        written = []
        for start in range(0, len(owners), 500):
            written += db.session.execute(
                sa.select(*columns).where(table.c[parent].in_(owners[start:start + 500]))).all()
        written.sort(key=lambda row: row[0])
        if [tuple(row[1:]) for row in written] != [tuple(row[name] for name in key) for row in rows]:
            raise RuntimeError(f"{table.name}: rows were not numbered in the order they were inserted")
        ids = [row[0] for row in written]
        if issubclass(model, Versioned):
            self.keep_audit(table, ids, rows)
        return ids

    def keep_audit(self, table: sa.Table, ids: list[int], rows: list[dict]) -> None:
        """The audit entries the flush hook would write for these rows: each created row's values, and the
        forum, session and person it belongs to (what the audit screen filters by).

        Column by column: a column's values are made plain (enums, dates and times as text) only where
        its type holds such values, and each row's `after` is zipped from them.
        """
        columns = [c for c in table.columns if c.key not in _SKIP and c.key != "id"]
        values = [ids]
        for column in columns:
            given = list(map(dict.get, rows, itertools.repeat(column.key)))
            values.append(given if _holds_plain_values(column) else
                          [v if type(v) in _AS_IS else _plain(v) for v in given])
        names = ["id", *(c.key for c in columns)]
        if table.name == ForumSession.__tablename__:
            sessions = ids
        elif "session_id" in table.c:
            sessions = [row["session_id"] for row in rows]
        else:
            # key dates and correction requests name their point or minutes, which name the session
            parent = next((name for name in ("point_id", "minutes_id") if name in table.c), None)
            owner = {"point_id": "discussion_point", "minutes_id": "minutes"}.get(parent)
            sessions = [self.session_of.get((owner, row.get(parent))) for row in rows]
        people = ([row.get("person_id") for row in rows] if table.name == Participation.__tablename__
                  else itertools.repeat(None))
        for after, session_id, person_id in zip(map(dict, map(zip, itertools.repeat(names), zip(*values))),
                                                sessions, people):
            self.audit.append({
                "at": self.now, "action": "create", "entity": table.name, "entity_id": after["id"], "before": None,
                "after": after, "forum_id": self.forum_id, "session_id": session_id, "person_id": person_id,
            })
        if table.name in ("discussion_point", "minutes"):
            # their children (key dates, corrections) name them, not the session
            self.session_of.update(((table.name, new_id), session_id) for new_id, session_id in zip(ids, sessions))

    def write(self, forum_id: int, new: list[tuple[dict, dict]]) -> list[int]:
        """Write the new sessions (each its columns and its bundle entry) and their records; the ids of
        minutes that came without revisions, whose record the caller composes."""
        self.forum_id = forum_id
        sessions = self.sessions(forum_id, new)
        self.participants(sessions)
        self.groups(sessions)
        self.agenda(sessions)
        self.points(sessions)
        older = self.minutes(sessions)
        self.press_releases(sessions)
        if self.audit:
            user_id = _current_user_id()
            _insert(AuditEntry.__table__, [{**entry, "user_id": user_id} for entry in self.audit])
        return older

    def sessions(self, forum_id: int, new: list[tuple[dict, dict]]) -> list[tuple[NewSession, dict]]:
        """Insert the sessions; each with its bundle entry, as the other tables need them (id, language)."""
        if not new:
            return []
        table = ForumSession.__table__
        rows = [{"forum_id": forum_id, **columns, **self.stamps()} for columns, _ in new]
        _insert(table, rows)
        self.created[table.name] += len(rows)
        # the forum may have sessions already: read back just these, by their slugs
        slugs = [row["slug"] for row in rows]
        written = []
        for start in range(0, len(slugs), 500):
            written += db.session.execute(sa.select(table.c.id, table.c.slug).where(
                table.c.forum_id == forum_id, table.c.slug.in_(slugs[start:start + 500]))).all()
        written.sort(key=lambda row: row[0])
        if [row[1] for row in written] != slugs:
            raise RuntimeError(f"{table.name}: rows were not numbered in the order they were inserted")
        ids = [row[0] for row in written]
        self.keep_audit(table, ids, rows)
        self.session_ids = dict(zip(slugs, ids))
        return [(NewSession(id, row["language"]), s) for id, row, (_, s) in zip(ids, rows, new)]

    def participants(self, sessions) -> None:
        rows = []
        for session, s in sessions:
            for part in s.get("participants", []):
                org = part.get("organisation")
                rows.append({
                    "session_id": session.id, "person_id": self.people[part["person"]].id,
                    "role": Role(part["role"]), "attendance": Attendance(part.get("attendance", "attended")),
                    "position": part.get("position", ""),
                    "organisation_id": self.organisations[org].id if org else None, **self.stamps(),
                })
        keys = [(session.id, part["person"]) for session, s in sessions for part in s.get("participants", [])]
        ids = self.insert(Participation, rows, "session_id", ("session_id", "person_id"))
        self.participation = dict(zip(keys, ids))

    def groups(self, sessions) -> None:
        self.insert(ParticipantGroup, [
            {"session_id": session.id, "name": name, "position": position, **self.stamps()}
            for session, s in sessions for position, name in enumerate(s.get("groups", []), start=1)
        ], "session_id", ("session_id", "position"))

    def agenda(self, sessions) -> None:
        rows = []
        for session, s in sessions:
            for position, entry in enumerate(s.get("agenda", []), start=1):
                presenter = entry.get("presenter")
                rows.append({
                    "session_id": session.id, "position": position, "title": entry["title"],
                    "presenter_id": self.participation[(session.id, presenter)] if presenter else None,
                    "presenter_name": entry.get("presenter_name", ""), "planned_minutes": entry.get("planned_minutes"),
                    "notes": entry.get("notes", ""), **self.stamps(),
                })
        keys = [(session.id, n) for session, s in sessions for n in range(1, len(s.get("agenda", [])) + 1)]
        ids = self.insert(AgendaItem, rows, "session_id", ("session_id", "position"))
        self.agenda_item = dict(zip(keys, ids))

    def points(self, sessions) -> None:
        rows, key_dates = [], []
        for session, s in sessions:
            for position, point in enumerate(s.get("points", []), start=1):
                action = point["kind"] == "action"
                owner = point.get("owner") if action else None
                speaker = point.get("speaker")
                rows.append({
                    "session_id": session.id, "position": position, "kind": PointKind(point["kind"]),
                    "title": point.get("title", ""), "body": point.get("body", ""),
                    "speaker_id": self.participation[(session.id, speaker)] if speaker else None,
                    "tags": list(point.get("tags", [])),
                    "owner_person_id": self.people[owner].id if owner in self.people else None,
                    "owner_organisation_id": (self.organisations[owner].id
                                              if owner and owner not in self.people else None),
                    "due_on": parse_day(point["due_on"]) if action and point.get("due_on") else None,
                    "status": ActionStatus(point.get("status", "open")) if action else None,
                    "agenda_item_id": (self.agenda_item[(session.id, point["agenda_item"])]
                                       if point.get("agenda_item") else None),
                    "progress_note": point.get("note", "") if action else "",
                    "deleted_at": _time(point.get("deleted_at")), **self.stamps(),
                })
                key_dates.append(point.get("key_dates", []))
        ids = self.insert(DiscussionPoint, rows, "session_id", ("session_id", "position"))
        self.insert(KeyDate, [
            {"point_id": point_id, "label": kd["label"], "date": parse_key_date(kd["date"], kd["precision"]),
             "precision": DatePrecision(kd["precision"]),
             "qualifier": MonthPart(kd["qualifier"]) if kd.get("qualifier") else None, **self.stamps()}
            for point_id, dates in zip(ids, key_dates) for kd in dates
        ], "point_id", ("point_id", "label"))

    def minutes(self, sessions) -> list[int]:
        given = [(session, s["minutes"]) for session, s in sessions if s.get("minutes") is not None]
        rows = []
        for session, m in given:
            revisions = m.get("revisions")
            number = m.get("revision", 1 if revisions is None else max((r["number"] for r in revisions), default=0))
            rows.append({
                "session_id": session.id, "status": DocumentStatus(m["status"]), "summary": m["summary"],
                "revision": number, "approved_at": _time(m.get("approved_at")),
                "published_at": _time(m.get("published_at")), **self.account("approved_by", m.get("approved_by")),
                **self.stamps(),
            })
        ids = self.insert(Minutes, rows, "session_id", ("session_id",))
        revisions, corrections, older = [], [], []
        for minutes_id, row, (session, m) in zip(ids, rows, given):
            if "revisions" not in m:
                # the older shape: one revision of the record as imported, composed by the caller
                older.append(minutes_id)
                revisions.append({"minutes_id": minutes_id, "number": row["revision"], "status": row["status"],
                                  "summary": m["summary"], "reason": self.reason, "record": {},
                                  **self.account("created_by", None), "created_at": self.now})
                continue
            revisions += [
                {"minutes_id": minutes_id, "number": r["number"], "status": DocumentStatus(r["status"]),
                 "summary": r.get("summary", ""), "reason": r.get("reason", ""), "record": r.get("record", {}),
                 **self.account("created_by", r.get("created_by")),
                 "created_at": _time(r.get("created_at")) or self.now}
                for r in m["revisions"]
            ]
            corrections += [
                {"minutes_id": minutes_id, "text": c["text"], "status": CorrectionStatus(c.get("status", "open")),
                 "response": c.get("response", ""), "decided_at": _time(c.get("decided_at")),
                 **self.account("author", c.get("author")), **self.account("decided_by", c.get("decided_by")),
                 **self.stamps(_time(c.get("created_at")))}
                for c in m.get("corrections", [])
            ]
        self.insert(MinutesRevision, revisions)
        self.insert(CorrectionRequest, corrections, "minutes_id", ("minutes_id", "text"))
        return older

    def press_releases(self, sessions) -> None:
        rows, kept = [], []
        for session, s in sessions:
            for r in s.get("press_releases", []):
                revisions = r.get("revisions")
                created = _time(r.get("created_at"))
                last = [parse_time(v["created_at"]) for v in revisions or [] if "created_at" in v]
                values = {
                    "session_id": session.id, "language": r.get("language", session.language),
                    "headline": r["headline"], "subheadline": r.get("subheadline", ""),
                    "dateline": r.get("dateline", ""), "body": r["body"], "status": DocumentStatus(r["status"]),
                    "embargo_until": _time(r.get("embargo_until")),
                    "revision": r.get("revision", max((v["number"] for v in revisions), default=1) if revisions else 1),
                    "approved_at": _time(r.get("approved_at")), "published_at": _time(r.get("published_at")),
                    **self.account("approved_by", r.get("approved_by")), **self.stamps(created),
                }
                # the feed's "updated": the last change the bundle knows of, not the import
                values["updated_at"] = max(last) if last else values["created_at"]
                rows.append(values)
                if revisions is None:
                    revisions = [{"number": values["revision"], "status": r["status"], "headline": r["headline"],
                                  "subheadline": values["subheadline"], "dateline": values["dateline"],
                                  "body": r["body"], "embargo_until": r.get("embargo_until"),
                                  "reason": self.reason}]
                kept.append(revisions)
        ids = self.insert(PressRelease, rows, "session_id", ("session_id", "headline"))
        self.insert(PressReleaseRevision, [
            {"press_release_id": release_id, "number": v["number"], "status": DocumentStatus(v["status"]),
             "headline": v["headline"], "subheadline": v.get("subheadline", ""), "dateline": v.get("dateline", ""),
             "body": v.get("body", ""), "embargo_until": _time(v.get("embargo_until")), "reason": v.get("reason", ""),
             **self.account("created_by", v.get("created_by")), "created_at": _time(v.get("created_at")) or self.now}
            for release_id, revisions in zip(ids, kept) for v in revisions
        ])
