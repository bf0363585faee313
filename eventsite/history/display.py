"""An audit entry as a person reads it: what changed, field by field, in the reader's language."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext, lazy_gettext as _l, lazy_pgettext as _lp

import sqlalchemy as sa

from eventsite import labels
from eventsite.dates import format_day
from eventsite.diff import DiffRow, compare_lines
from eventsite.models import (
    DiscussionPoint, Forum, ForumSession, Organisation, ParticipantGroup, Person, PressRelease, User, db,
)
from eventsite.templating import day_time

#: what each table's rows are called
ENTITIES = {
    "forum": _l("Forum"), "forum_session": _l("Session"), "person": _l("Person"), "organisation": _l("Organisation"),
    "participation": _l("Participant"), "participant_group": _l("Group"), "discussion_point": _l("Point"),
    "key_date": _l("Key date"), "minutes": _l("Minutes"), "correction_request": _l("Correction request"),
    "press_release": _l("Press release"), "user_account": _l("Account"),
}
ACTIONS = {"create": _l("created"), "update": _l("changed"), "delete": _l("deleted"), "merge": _l("merged"),
           "unmerge": _l("merge undone")}

#: the label of each field, by name; (table, name) where a name means different things in different tables
FIELDS = {
    "title": _l("Title"), "body": _l("Text"), "summary": _l("Summary"), "name": _l("Name"),
    "native_name": _l("Name in the original script"), "email": _l("Email"), "kind": _l("Kind"),
    "status": _l("Status"), "visibility": _l("Visibility"), "role": _l("Role"), "attendance": _l("Attendance"),
    "position": _l("Position"), "venue": _l("Venue"), "language": _l("Language"), "starts_at": _l("Starts"),
    "ends_at": _l("Ends"), "starts_on": _l("First day"), "ends_on": _l("Last day"), "due_on": _l("Due date"),
    "slug": _l("Slug"), "short_name": _l("Short name"), "city": _l("City"), "country": _l("Country"),
    "timezone": _l("Time zone"), "about": _l("About"), "tags": _l("Tags"), "speaker_id": _l("Speaker"),
    "owner_person_id": _l("Owner (person)"), "owner_organisation_id": _l("Owner (organisation)"),
    "organisation_id": _l("Organisation"), "person_id": _l("Person"), "parent_id": _l("Parent organisation"),
    "label": _l("Label"), "date": _l("Date"), "precision": _l("Precision"), "qualifier": _l("Part of the month"),
    "text": _l("Request"), "response": _l("Answer"), "headline": _l("Headline"), "subheadline": _l("Subheadline"),
    "dateline": _l("Dateline"), "embargo_until": _l("Embargo until"), "deleted_at": _l("Deleted"),
    "approved_at": _l("Approved"), "published_at": _l("Published"), "revision": _l("Revision"),
    "active": _l("Active"), "notifications": _l("E-mail notifications"),
    ("discussion_point", "position"): _lp("order", "Place"), ("participant_group", "position"): _lp("order", "Place"),
}
#: fields whose values are an enum's
ENUMS = {
    ("forum_session", "kind"): labels.SESSION_KINDS, ("discussion_point", "kind"): labels.POINT_KINDS,
    ("organisation", "kind"): labels.ORGANISATION_KINDS, ("forum_session", "visibility"): labels.VISIBILITY,
    ("participation", "role"): labels.ROLES, ("participation", "attendance"): labels.ATTENDANCE,
    ("discussion_point", "status"): labels.ACTION_STATUS, ("minutes", "status"): labels.DOCUMENT_STATUS,
    ("press_release", "status"): labels.DOCUMENT_STATUS, ("correction_request", "status"): labels.CORRECTION_STATUS,
    ("user_account", "role"): labels.USER_ROLES, ("key_date", "precision"): labels.DATE_PRECISIONS,
    ("key_date", "qualifier"): labels.MONTH_PARTS,
}
#: past this many characters a value is shown shortened, the whole of it a click away
SHORT = 160


@dataclass
class Change:
    label: str
    before: str
    after: str
    #: for a long text changed: only its lines that differ, the changed words marked
    lines: list[DiffRow] = field(default_factory=list)

    @property
    def long(self) -> bool:
        return len(self.before) > SHORT or len(self.after) > SHORT


def _change(entry, name: str, before: dict, after: dict) -> Change:
    old = value_text(entry.entity, name, before.get(name)) if entry.before is not None else ""
    new = value_text(entry.entity, name, after.get(name)) if entry.after is not None else ""
    change = Change(field_label(entry.entity, name), old, new)
    if change.long and entry.action == "update":
        change.lines = [row for row in compare_lines(old.splitlines(), new.splitlines()) if row.op != "equal"]
    return change


def field_label(entity: str, name: str) -> str:
    return str(FIELDS.get((entity, name)) or FIELDS.get(name) or name)


def value_text(entity: str, name: str, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    table = ENUMS.get((entity, name)) or (labels.LANGUAGE_NAMES if name == "language" else None)
    if table is not None:
        return labels.label(table, value)
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            if len(value) == 10:
                return format_day(date.fromisoformat(value))
            return day_time(datetime.fromisoformat(value))
        except ValueError:
            pass
    return str(value)


def changes(entry) -> list[Change]:
    """Field by field: the values before and after; for a new or deleted row, the values it had."""
    before, after = entry.before or {}, entry.after or {}
    names = list(dict.fromkeys([*after, *before]))
    skip = {"id", "session_id", "forum_id", "minutes_id", "point_id", "press_release_id", "live"}
    return [_change(entry, name, before, after) for name in names if name not in skip]


#: the column that names a row of each table, for the entries whose values do not say
NAMES = {
    "forum": (Forum, Forum.name), "forum_session": (ForumSession, ForumSession.title),
    "person": (Person, Person.name), "organisation": (Organisation, Organisation.name),
    "discussion_point": (DiscussionPoint, DiscussionPoint.title), "user_account": (User, User.email),
    "participant_group": (ParticipantGroup, ParticipantGroup.name), "press_release": (PressRelease, PressRelease.headline),
}


def current_names(entries) -> dict[tuple[str, int], str]:
    """What the rows of `entries` are called now, one query per table on the page."""
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        if entry.entity in NAMES and entry.entity_id is not None:
            wanted.setdefault(entry.entity, set()).add(entry.entity_id)
    names = {}
    for entity, ids in wanted.items():
        model, column = NAMES[entity]
        for row_id, name in db.session.execute(sa.select(model.id, column).where(model.id.in_(ids))):
            if name:
                names[(entity, row_id)] = name
    return names


def record_name(entry, names: dict) -> str:
    """What the changed row was called: by the values kept with the entry, else by its row now, else its id."""
    values = {**(entry.before or {}), **(entry.after or {})}
    for key in ("title", "name", "headline", "label", "email", "slug"):
        if values.get(key):
            return str(values[key])
    return names.get((entry.entity, entry.entity_id)) or f"#{entry.entity_id}"


def entity_label(entity: str) -> str:
    return str(ENTITIES.get(entity, entity))


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action))
