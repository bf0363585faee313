"""Merging duplicates — a person into another, an organisation into another — and undoing a merge.

One mechanism for both kinds. `plan_merge` says what would move, for the confirmation; `merge` moves
every reference from the merged record (the source) to the kept one (the target) through a `_Recorder`,
which writes each column it sets and each row it removes into a MergeRecord, then puts the source in
the trash. Restoring the source from the trash is `undo_merge`: the removed rows come back whole and
every column the merge set is set back — unless it was edited since (it no longer holds what the merge
put there), which is left as the later edit made it and counted in the answer. Each function changes
the models and flushes; the caller commits; the audit hook records every change of an audited row.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext, ngettext
from sqlalchemy import inspect

from eventsite.models import (
    AgendaItem, AuditEntry, DirectoryEntry, DiscussionPoint, MergeRecord, Organisation, Participation, Person, User, db,
)
from eventsite.models.base import utcnow
from eventsite.organise.service import OrganiseError
from eventsite.trash.hiding import INCLUDE_TRASHED

#: the tables a merge may touch, by name: what a MergeRecord refers to
_MODELS = {model.__tablename__: model for model in (
    AgendaItem, DirectoryEntry, DiscussionPoint, Organisation, Participation, Person, User)}


class MergeError(OrganiseError):
    """A merge or an undo the record does not allow; the message is for the user."""


# -- recording what moves ---------------------------------------------------------------------------

def _to_json(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _from_json(column, value):
    if value is None:
        return None
    kind = column.type
    enum_class = getattr(kind, "enum_class", None)
    if enum_class is not None:
        return enum_class(value)
    impl = kind.impl if isinstance(kind, sa.types.TypeDecorator) else kind
    if isinstance(impl, sa.DateTime):
        return datetime.fromisoformat(value)
    if isinstance(impl, sa.Date):
        return date.fromisoformat(value)
    return value


def _columns(model):
    return [(attr.key, attr.columns[0]) for attr in inspect(model).column_attrs]


@dataclass
class _Recorder:
    changes: list = field(default_factory=list)
    removed: list = field(default_factory=list)

    def set(self, row, column: str, value) -> None:
        before = getattr(row, column)
        if before == value:
            return
        self.changes.append({"table": row.__tablename__, "id": row.id, "column": column,
                             "before": _to_json(before), "after": _to_json(value)})
        setattr(row, column, value)
        # one statement at a time: unique columns (an email, an account's person) pass through no clash
        db.session.flush()

    def remove(self, row) -> None:
        self.removed.append({"table": row.__tablename__,
                             "row": {key: _to_json(getattr(row, key)) for key, _ in _columns(type(row))}})
        db.session.delete(row)
        db.session.flush()


def _rows(model, *where):
    return list(db.session.execute(sa.select(model).where(*where).order_by(model.id)).scalars())


# -- what moves ------------------------------------------------------------------------------------

@dataclass
class MergePlan:
    """What merging `source` into `target` moves, for the confirmation page: one line a kind of reference."""

    kind: str
    source: Person | Organisation
    target: Person | Organisation
    lines: list[str]
    #: the person's sessions where both took part (the target's participation stays and takes the points)
    shared: list[Participation] = field(default_factory=list)


def _count(model, *where) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(model).where(*where)).scalar_one()


def _check(source, target) -> None:
    if source.id == target.id:
        raise MergeError(gettext("Choose another one to keep: a record cannot be merged into itself."))
    if target.deleted_at is not None:
        raise MergeError(gettext("%(name)s is in the trash: restore it first, or keep another one.",
                                 name=target.name))


def plan_merge(source, target) -> MergePlan:
    _check(source, target)
    name = target.name
    if isinstance(source, Person):
        target_sessions = {p.session_id for p in target.participations}
        moving = [p for p in source.participations if p.session_id not in target_sessions]
        shared = [p for p in source.participations if p.session_id in target_sessions]
        lines = [ngettext("%(num)d participation moves to %(name)s", "%(num)d participations move to %(name)s",
                          len(moving), name=name)]
        if shared:
            lines.append(ngettext(
                "%(num)d session had them both: %(name)s’s part there stays and speaks the duplicate’s points",
                "%(num)d sessions had them both: %(name)s’s part there stays and speaks the duplicate’s points",
                len(shared), name=name))
        lines += [
            ngettext("%(num)d action item changes owner", "%(num)d action items change owner",
                     _count(DiscussionPoint, DiscussionPoint.owner_person_id == source.id)),
            ngettext("%(num)d organisation changes contact person", "%(num)d organisations change contact person",
                     _count(Organisation, Organisation.contact_person_id == source.id)),
            ngettext("%(num)d forum entry moves", "%(num)d forum entries move",
                     _count(DirectoryEntry, DirectoryEntry.person_id == source.id)),
        ]
        return MergePlan("person", source, target, lines, shared)
    lines = [
        ngettext("%(num)d participant’s organisation becomes %(name)s",
                 "%(num)d participants’ organisation becomes %(name)s",
                 _count(Participation, Participation.organisation_id == source.id), name=name),
        ngettext("%(num)d department moves under %(name)s", "%(num)d departments move under %(name)s",
                 _count(Organisation, Organisation.parent_id == source.id, Organisation.id != target.id), name=name),
        ngettext("%(num)d action item changes owner", "%(num)d action items change owner",
                 _count(DiscussionPoint, DiscussionPoint.owner_organisation_id == source.id)),
        ngettext("%(num)d forum entry moves", "%(num)d forum entries move",
                 _count(DirectoryEntry, DirectoryEntry.organisation_id == source.id)),
    ]
    if source.contact_person_id and not target.contact_person_id:
        lines.append(gettext("%(name)s takes the contact person %(person)s", name=name,
                             person=source.contact_person.name))
    if source.short_name and not target.short_name:
        lines.append(gettext("%(name)s takes the short name “%(short)s”", name=name, short=source.short_name))
    return MergePlan("organisation", source, target, lines)


# -- merging ---------------------------------------------------------------------------------------

def _merge_person(source: Person, target: Person, rec: _Recorder) -> None:
    kept = {p.session_id: p for p in target.participations}
    for participation in list(source.participations):
        if participation.session_id in kept:
            # both took part: the target's participation speaks the source's points
            for point in _rows(DiscussionPoint, DiscussionPoint.speaker_id == participation.id):
                rec.set(point, "speaker_id", kept[participation.session_id].id)
            for item in _rows(AgendaItem, AgendaItem.presenter_id == participation.id):
                rec.set(item, "presenter_id", kept[participation.session_id].id)
            rec.remove(participation)
        else:
            rec.set(participation, "person_id", target.id)
    for point in _rows(DiscussionPoint, DiscussionPoint.owner_person_id == source.id):
        rec.set(point, "owner_person_id", target.id)
    for organisation in _rows(Organisation, Organisation.contact_person_id == source.id):
        rec.set(organisation, "contact_person_id", target.id)
    for entry in _rows(DirectoryEntry, DirectoryEntry.person_id == source.id):
        if _rows(DirectoryEntry, DirectoryEntry.forum_id == entry.forum_id, DirectoryEntry.person_id == target.id):
            rec.remove(entry)
        else:
            rec.set(entry, "person_id", target.id)
    has_account = bool(_rows(User, User.person_id == target.id))
    for user in _rows(User, User.person_id == source.id):
        rec.set(user, "person_id", None if has_account else target.id)
    if source.email and not target.email:
        email = source.email
        rec.set(source, "email", None)
        rec.set(target, "email", email)
    if source.native_name and not target.native_name:
        rec.set(target, "native_name", source.native_name)


def _merge_organisation(source: Organisation, target: Organisation, rec: _Recorder) -> None:
    if target.parent_id == source.id:
        # the kept one was a department of the merged one: it takes the merged one's place
        rec.set(target, "parent_id", source.parent_id if source.parent_id != target.id else None)
    for participation in _rows(Participation, Participation.organisation_id == source.id):
        rec.set(participation, "organisation_id", target.id)
    for department in _rows(Organisation, Organisation.parent_id == source.id, Organisation.id != target.id):
        rec.set(department, "parent_id", target.id)
    for point in _rows(DiscussionPoint, DiscussionPoint.owner_organisation_id == source.id):
        rec.set(point, "owner_organisation_id", target.id)
    for entry in _rows(DirectoryEntry, DirectoryEntry.organisation_id == source.id):
        if _rows(DirectoryEntry, DirectoryEntry.forum_id == entry.forum_id,
                 DirectoryEntry.organisation_id == target.id):
            rec.remove(entry)
        else:
            rec.set(entry, "organisation_id", target.id)
    if source.contact_person_id and not target.contact_person_id:
        rec.set(target, "contact_person_id", source.contact_person_id)
    if source.short_name and not target.short_name:
        rec.set(target, "short_name", source.short_name)


def merge(source, target, by=None) -> MergePlan:
    """Move every reference of `source` to `target`, then put `source` in the trash; undoable from there."""
    plan = plan_merge(source, target)
    rec = _Recorder()
    (_merge_person if plan.kind == "person" else _merge_organisation)(source, target, rec)
    source.deleted_at = utcnow()
    source.deleted_by_id = getattr(by, "id", None)
    db.session.add(MergeRecord(kind=plan.kind, source_id=source.id, target_id=target.id, changes=rec.changes,
                               removed=rec.removed, created_by_id=getattr(by, "id", None)))
    db.session.add(AuditEntry(user_id=getattr(by, "id", None), action="merge", entity=plan.kind, entity_id=source.id,
                              before={"id": source.id, "name": source.name},
                              after={"merged_into": target.id, "name": target.name, "moved": len(rec.changes),
                                     "removed": len(rec.removed)}))
    db.session.flush()
    # out of the identity map: Session.get answers from it without a query, which would not hide the row
    db.session.expunge(source)
    return plan


# -- undoing ---------------------------------------------------------------------------------------

def merge_record_of(kind: str, source_id: int) -> MergeRecord | None:
    return db.session.execute(sa.select(MergeRecord).where(MergeRecord.kind == kind, MergeRecord.source_id == source_id)
                              .order_by(MergeRecord.id.desc()).limit(1)).scalar_one_or_none()


def merge_records(kind: str, source_ids) -> dict[int, MergeRecord]:
    """The merge records of trashed records, by source id: one query for the whole trash."""
    if not source_ids:
        return {}
    rows = db.session.execute(sa.select(MergeRecord).where(MergeRecord.kind == kind,
                                                           MergeRecord.source_id.in_(source_ids))).scalars()
    return {row.source_id: row for row in rows}


def _get(model, row_id):
    return db.session.execute(sa.select(model).where(model.id == row_id)
                              .execution_options(**{INCLUDE_TRASHED: True})).scalar_one_or_none()


@dataclass
class Undone:
    restored: int
    #: columns edited since the merge, left as the edit made them
    kept_edits: int


def undo_merge(record: MergeRecord) -> Undone:
    """Give back exactly what the merge moved: the removed rows, then every column, last first."""
    model = _MODELS[record.kind]
    source = _get(model, record.source_id)
    if source is None:
        raise MergeError(gettext("The merged record is no longer in the trash; the merge cannot be undone."))
    source.deleted_at = None
    source.deleted_by_id = None
    db.session.flush()
    new_ids: dict[tuple[str, int], int] = {}
    for item in record.removed:
        table_model = _MODELS[item["table"]]
        values = {key: _from_json(column, item["row"].get(key)) for key, column in _columns(table_model)}
        old_id = values["id"]
        if _get(table_model, old_id) is not None:
            values.pop("id")  # its id was taken since (SQLite may give a freed id again)
        values.pop("version", None)
        row = table_model(**values)
        db.session.add(row)
        db.session.flush()
        new_ids[(item["table"], old_id)] = row.id
    restored = kept = 0
    for change in reversed(record.changes):
        table_model = _MODELS[change["table"]]
        row = _get(table_model, change["id"])
        column = dict(_columns(table_model))[change["column"]]
        after = _from_json(column, change["after"])
        if row is None or getattr(row, change["column"]) != after:
            kept += 1
            continue
        before = change["before"]
        if change["column"] in ("speaker_id", "presenter_id"):
            # a participation the merge removed came back, perhaps under a new id
            before = new_ids.get(("participation", before), before)
        setattr(row, change["column"], _from_json(column, before))
        db.session.flush()
        restored += 1
    db.session.add(AuditEntry(action="unmerge", entity=record.kind, entity_id=record.source_id,
                              before={"merged_into": record.target_id},
                              after={"id": record.source_id, "name": source.name, "restored": restored,
                                     "kept_edits": kept}))
    db.session.delete(record)
    db.session.flush()
    return Undone(restored + len(record.removed), kept)


def forget_merges(kind: str, source_ids) -> None:
    """Purging merged records for good: their merges can no longer be undone."""
    if source_ids:
        db.session.execute(sa.delete(MergeRecord).where(MergeRecord.kind == kind,
                                                        MergeRecord.source_id.in_(source_ids)))
