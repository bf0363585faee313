"""What each value of the record's enums is called, in the current language (eventsite.i18n).

One place, so the page, the minutes, the PDF and the forms call a round table the same thing:
"round table" / «круглый стол». Each label is looked up when it is used, so a document composed
in its session's language gets that language's word.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l, lazy_pgettext as _lp

SESSION_KINDS = {
    "round_table": _l("round table"), "panel": _l("panel discussion"), "plenary": _l("plenary session"),
    "workshop": _l("workshop"), "other": _l("session"),
}
VISIBILITY = {"public": _l("public"), "participants": _l("participants only"), "internal": _l("internal")}
ROLES = {
    "moderator": _l("moderator"), "speaker": _l("speaker"), "participant": _l("participant"),
    "rapporteur": _l("rapporteur"), "guest": _l("guest"),
}
ATTENDANCE = {"invited": _l("invited"), "attended": _l("attended"), "absent": _l("absent"), "excused": _l("excused")}
#: capitalised: a status stands alone (a table cell, a badge, a choice), never inside a sentence
ACTION_STATUS = {"open": _lp("action status", "Open"), "in_progress": _lp("action status", "In progress"),
                 "done": _lp("action status", "Done"), "cancelled": _lp("action status", "Cancelled")}
DOCUMENT_STATUS = {"draft": _l("draft"), "approved": _l("approved"), "published": _l("published")}
ORGANISATION_KINDS = {
    "government": _l("government"), "business": _l("business"), "research": _l("research"),
    "education": _l("education"), "cluster": _l("cluster"), "media": _l("media"), "other": _l("other"),
}
DATE_PRECISION = {"day": _l("day"), "month": _l("month")}
#: the part of a month a month-precision date names, when the record says so
MONTH_PARTS = {"": _l("— the month —"), "early": _l("early in the month"), "mid": _l("mid-month"),
               "end": _l("end of the month")}
USER_ROLES = {"participant": _l("participant"), "press": _l("press"), "organiser": _l("organiser"),
              "admin": _l("admin")}
#: a document's language, in a list to choose from
LANGUAGE_NAMES = {"en": _l("English"), "ru": _l("Russian")}
POINT_KINDS = {
    "topic": _l("Topic"), "statement": _l("Statement"), "proposal": _l("Proposal"), "decision": _l("Decision"),
    "action": _l("Action item"), "announcement": _l("Announcement"), "quote": _l("Quote"),
}


def label(table: dict, value) -> str:
    """The label of an enum member or its value; the value itself if the table has none."""
    key = getattr(value, "value", value)
    return str(table.get(key, key))


def choices(table: dict, enum_cls) -> list[tuple[str, object]]:
    """A select field's choices for every member of `enum_cls`, each label read when the field is drawn."""
    return [(member.value, table.get(member.value, member.value)) for member in enum_cls]


#: "Minutes of the round table": Russian puts the kind in the genitive («Протокол круглого стола»),
#: so each kind is a phrase of its own, not a word slotted into one
MINUTES_HEADINGS = {
    "round_table": _lp("minutes heading", "Minutes of the round table"),
    "panel": _lp("minutes heading", "Minutes of the panel discussion"),
    "plenary": _lp("minutes heading", "Minutes of the plenary session"),
    "workshop": _lp("minutes heading", "Minutes of the workshop"),
    "other": _lp("minutes heading", "Minutes of the session"),
}


def minutes_heading(kind: str) -> str:
    return str(MINUTES_HEADINGS.get(kind, MINUTES_HEADINGS["other"]))


# -- the rest of the record's enums, for the pages ----------------------------------------------------------

ORGANISATION_KINDS = {
    "government": _l("government"), "business": _l("business"), "research": _l("research"),
    "education": _l("education"), "cluster": _l("cluster"), "media": _l("media"),
    "other": _lp("organisation kind", "other"),
}
USER_ROLES = {"participant": _l("participant"), "press": _l("press office"), "organiser": _l("organiser"),
              "admin": _l("administrator")}
#: a correction request («запрос»): its own words, not an action item's
CORRECTION_STATUS = {"open": _lp("correction request", "open"), "accepted": _lp("correction request", "accepted"),
                     "declined": _lp("correction request", "declined")}
DATE_PRECISIONS = {"day": _l("day"), "month": _l("month")}

#: what the trash calls each kind of record it holds
TRASH_KINDS = {"forum": _l("forum"), "session": _l("session"), "person": _l("person"),
               "organisation": _l("organisation")}

#: the tables by the names templates use: `label_of('roles', p.role)`
TABLES = {
    "session_kinds": SESSION_KINDS, "visibility": VISIBILITY, "roles": ROLES, "attendance": ATTENDANCE,
    "action_status": ACTION_STATUS, "document_status": DOCUMENT_STATUS, "point_kinds": POINT_KINDS,
    "organisation_kinds": ORGANISATION_KINDS, "user_roles": USER_ROLES, "correction_status": CORRECTION_STATUS,
    "date_precisions": DATE_PRECISIONS, "trash_kinds": TRASH_KINDS,
}


def label_of(table: str, value) -> str:
    """The label of `value` (an enum member or its value) in the table named `table`."""
    return label(TABLES[table], value)
