"""What the API reads and writes, as marshmallow schemas; the OpenAPI document is made from them.

Text that comes in is cleaned by the one rule (eventsite/text.py, `Text`) and bounded by the same
lengths as the columns and the forms, so the API accepts exactly what the forms accept.

Descriptions are lazy strings (`_l`): the document is resolved in the reader's language when it is
served (eventsite/api/__init__.py), so one set of schemas gives the English and the Russian document.
"""
from __future__ import annotations

from datetime import datetime

import marshmallow as ma
from flask_babel import gettext, lazy_gettext as _l
from marshmallow import fields, validate

from eventsite.forms import FIRST_DAY, LAST_DAY
from eventsite.models import (
    ActionStatus, Attendance, DatePrecision, MonthPart, PointKind, Role, SessionKind, Visibility,
)
from eventsite.organise.service import SLUG_RE
from eventsite.text import MAX_LINE, MAX_MARKDOWN, clean_text
from eventsite.urls import MAX_ID, MAX_PAGE

LANGUAGE_RE = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
#: the most items on one page of a list
MAX_PER_PAGE = 100


class Text(fields.String):
    """A string cleaned by eventsite/text.py's rule (control characters out; a one-line text's line
    breaks become spaces), stripped, and at most `max` characters long."""

    def __init__(self, *, max: int | None = None, multiline: bool = False, strip: bool = True, **kwargs):
        self.multiline, self.strip = multiline, strip
        limit = max or (MAX_MARKDOWN if multiline else MAX_LINE)
        kwargs.setdefault("validate", [])
        validators = list(kwargs["validate"]) if isinstance(kwargs["validate"], (list, tuple)) else [kwargs["validate"]]
        kwargs["validate"] = [validate.Length(max=limit), *validators]
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = clean_text(super()._deserialize(value, attr, data, **kwargs), self.multiline)
        return text.strip() if self.strip else text


def Enum(enum_cls, **kwargs):
    """An enum by its value ("round_table"), as the bundles and the database write it."""
    return fields.Enum(enum_cls, by_value=True, **kwargs)


class InRange(validate.Validator):
    """A date or time between FIRST_DAY and LAST_DAY, as the forms accept."""

    def __call__(self, value):
        day = value.date() if isinstance(value, datetime) else value
        if not FIRST_DAY <= day <= LAST_DAY:
            raise ma.ValidationError(gettext("Give a date between %(first)s and %(last)s.",
                                             first=FIRST_DAY.year, last=LAST_DAY.year))
        return value


#: a time as the forms' datetime-local writes it, without an offset: "2016-06-10T14:00"
LOCAL_TIME_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?$"
LOCAL_TIME_DESCRIPTION = _l(
    "ISO 8601. With an offset (2016-06-10T14:00:00+07:00, or Z) it is that instant. Without one "
    "(2016-06-10T14:00) it is the wall-clock time in the forum's time zone, the forum's timezone field "
    "(for example Asia/Novosibirsk), as the site's forms read it. Answers give times in the forum's zone, "
    "with its offset.")


class LocalDateTime(fields.DateTime):
    """An ISO 8601 time, with an offset or without one. Without, it stays naive here: the resource gives it the
    forum's zone (eventsite.dates.in_zone, as the forms do) before the domain sees it, since only the
    address says which forum it is. Documented as either an RFC 3339 date-time or that local form."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", InRange())
        kwargs["metadata"] = {"description": LOCAL_TIME_DESCRIPTION,
                              "anyOf": [{"format": "date-time"}, {"pattern": LOCAL_TIME_PATTERN}],
                              **kwargs.get("metadata", {})}
        super().__init__(**kwargs)


Id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))


# --- reading -------------------------------------------------------------------------------------

class PageArgs(ma.Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PER_PAGE))


class ForumSchema(ma.Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    title = fields.String(required=True)
    city = fields.String(required=True)
    country = fields.String(required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    timezone = fields.String(required=True, metadata={"description": _l(
        "The forum's time zone (IANA, e.g. Asia/Novosibirsk): times sent without an offset are read in it")})
    language = fields.String(required=True)
    about = fields.String(required=True, metadata={"description": _l("Markdown")})
    press_contact_name = fields.String(required=True)
    press_contact_email = fields.String(required=True)
    press_contact_phone = fields.String(required=True)


class PersonRefSchema(ma.Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    native_name = fields.String(required=True)


class PersonSchema(PersonRefSchema):
    pass


class OrganisationRefSchema(ma.Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    short_name = fields.String(required=True)


class ParticipantSchema(ma.Schema):
    id = fields.Integer(required=True)
    person = fields.Nested(PersonRefSchema, required=True)
    role = Enum(Role, required=True)
    attendance = Enum(Attendance, required=True)
    position = fields.String(required=True, metadata={"description": _l("As at this session")})
    organisation = fields.Nested(OrganisationRefSchema, allow_none=True, required=True)
    version = fields.Integer(required=True)


class GroupSchema(ma.Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True, metadata={"description": _l(
        "Who took part without names: “state offices”, “business”")})
    position = fields.Integer(required=True, metadata={"description": _l(
        "Its place among the session's groups, from 1")})
    version = fields.Integer(required=True)


class AgendaItemSchema(ma.Schema):
    id = fields.Integer(required=True)
    number = fields.Integer(required=True, metadata={"description": _l("Its place in the agenda, from 1")})
    title = fields.String(required=True)
    presenter_id = fields.Integer(allow_none=True, required=True,
                                  metadata={"description": _l("The presenting participant's id, if one is")})
    presenter = fields.String(required=True, metadata={"description": _l(
        "The presenter's name as the agenda prints it")})
    planned_minutes = fields.Integer(allow_none=True, required=True)
    notes = fields.String(required=True, metadata={"description": _l("Markdown")})
    version = fields.Integer(required=True)


class KeyDateSchema(ma.Schema):
    label = Text(required=True, max=300, validate=validate.Length(min=1))
    date = fields.String(required=True, metadata={"description": _l("2016-09-26 for a day, 2016-07 for a month")})
    precision = Enum(DatePrecision, required=True)
    qualifier = Enum(MonthPart, allow_none=True, load_default=None,
                     metadata={"description": _l("early, mid or end, for a month only")})


class OwnerSchema(ma.Schema):
    type = fields.String(required=True, validate=validate.OneOf(["person", "organisation"]))
    id = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_ID))
    name = fields.String(dump_only=True)


class PointSchema(ma.Schema):
    id = fields.Integer(required=True)
    number = fields.Integer(required=True, metadata={"description": _l("Its place among the session's points, from 1")})
    kind = Enum(PointKind, required=True)
    title = fields.String(required=True)
    body = fields.String(required=True, metadata={"description": _l("Markdown")})
    speaker_id = fields.Integer(allow_none=True, required=True, metadata={"description": _l("A participant's id")})
    tags = fields.List(fields.String(), required=True)
    owner = fields.Nested(OwnerSchema, allow_none=True, required=True)
    due_on = fields.Date(allow_none=True, required=True)
    status = Enum(ActionStatus, allow_none=True, required=True)
    key_dates = fields.List(fields.Nested(KeyDateSchema), required=True)
    agenda_item_id = fields.Integer(allow_none=True, dump_only=True,
                                    metadata={"description": _l("The agenda item it was said under, if any")})
    version = fields.Integer(required=True)


IN_FORUM_ZONE = _l("In the forum's time zone, with its offset")


class SessionSummarySchema(ma.Schema):
    forum = fields.String(required=True, metadata={"description": _l("The forum's slug")})
    slug = fields.String(required=True)
    kind = Enum(SessionKind, required=True)
    title = fields.String(required=True)
    starts_at = fields.DateTime(required=True, metadata={"description": IN_FORUM_ZONE})
    ends_at = fields.DateTime(required=True, metadata={"description": IN_FORUM_ZONE})
    venue = fields.String(required=True)
    language = fields.String(required=True)
    visibility = Enum(Visibility, required=True)
    summary = fields.String(required=True, metadata={"description": _l("Markdown")})
    version = fields.Integer(required=True)


class SessionSchema(SessionSummarySchema):
    participants = fields.List(fields.Nested(ParticipantSchema), required=True)
    groups = fields.List(fields.Nested(GroupSchema), required=True)
    agenda = fields.List(fields.Nested(AgendaItemSchema), required=True,
                         metadata={"description": _l("The items planned, in their order")})
    points = fields.List(fields.Nested(PointSchema), required=True)


class MinutesSchema(ma.Schema):
    status = fields.String(required=True, validate=validate.OneOf(["draft", "approved", "published"]))
    revision = fields.Integer(allow_none=True, required=True,
                              metadata={"description": _l("The kept revision this is, or null for a live draft")})
    record = fields.Dict(required=True, metadata={"description": _l("The composed minutes (format eventsite-minutes)")})


class RevisionSchema(ma.Schema):
    number = fields.Integer(required=True)
    status = fields.String(required=True)
    reason = fields.String(required=True)
    created_at = fields.DateTime(required=True)


class RevisionRecordSchema(RevisionSchema):
    record = fields.Dict(required=True)


class PressReleaseSchema(ma.Schema):
    id = fields.Integer(required=True)
    language = fields.String(required=True)
    headline = fields.String(required=True)
    subheadline = fields.String(required=True)
    dateline = fields.String(required=True)
    body = fields.String(required=True, metadata={"description": _l("Markdown")})
    published_at = fields.DateTime(allow_none=True, required=True)
    embargo_until = fields.DateTime(allow_none=True, required=True)
    revision = fields.Integer(required=True)


class SearchArgs(PageArgs):
    q = Text(required=True, max=MAX_LINE)


class SearchHitSchema(ma.Schema):
    kind = fields.String(required=True, validate=validate.OneOf(["session", "person", "point"]))
    title = fields.String(required=True)
    forum = fields.String(allow_none=True, required=True)
    session = fields.String(allow_none=True, required=True)
    id = fields.Integer(required=True)


class SearchSchema(ma.Schema):
    query = fields.String(required=True)
    total = fields.Integer(required=True)
    sessions = fields.List(fields.Nested(SearchHitSchema), required=True)
    people = fields.List(fields.Nested(SearchHitSchema), required=True)
    points = fields.List(fields.Nested(SearchHitSchema), required=True)


# --- writing -------------------------------------------------------------------------------------

class SessionInSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    slug = fields.String(required=True, validate=[validate.Length(max=80), validate.Regexp(SLUG_RE)])
    kind = Enum(SessionKind, load_default=SessionKind.round_table)
    title = Text(required=True, max=300, validate=validate.Length(min=1))
    starts_at = LocalDateTime(required=True)
    ends_at = LocalDateTime(required=True)
    venue = Text(max=300, load_default="")
    language = fields.String(load_default="en", validate=[validate.Length(max=16), validate.Regexp(LANGUAGE_RE)])
    visibility = Enum(Visibility, load_default=Visibility.public)
    summary = Text(multiline=True, strip=False, load_default="")


class NewPersonSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    name = Text(required=True, max=200, validate=validate.Length(min=1))
    native_name = Text(max=200, load_default="")
    email = fields.String(allow_none=True, load_default=None, validate=validate.Length(max=200))


class ParticipantInSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    person_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID),
                               metadata={"description": _l("An existing person; or give `person` to create one")})
    person = fields.Nested(NewPersonSchema, metadata={"description": _l("A new person")})
    role = Enum(Role, load_default=Role.participant)
    attendance = Enum(Attendance, load_default=Attendance.attended)
    position = Text(max=300, load_default="")
    organisation_id = fields.Integer(allow_none=True, load_default=None, validate=validate.Range(min=1, max=MAX_ID))


class ParticipantPatchSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    role = Enum(Role)
    attendance = Enum(Attendance)
    position = Text(max=300)
    organisation_id = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=MAX_ID))


class PointInSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    kind = Enum(PointKind, load_default=PointKind.statement)
    title = Text(max=300, load_default="")
    body = Text(multiline=True, required=True)
    speaker_id = fields.Integer(allow_none=True, load_default=None, validate=validate.Range(min=1, max=MAX_ID))
    tags = fields.List(Text(max=MAX_LINE), load_default=list, validate=validate.Length(max=50))
    owner = fields.Nested(OwnerSchema, allow_none=True, load_default=None)
    due_on = fields.Date(allow_none=True, load_default=None, validate=InRange())
    status = Enum(ActionStatus, allow_none=True, load_default=None)
    key_dates = fields.List(fields.Nested(KeyDateSchema), load_default=list, validate=validate.Length(max=50))


class SessionPatchSchema(SessionInSchema):
    """What a PATCH of a session may carry: any of the fields; those left out keep their values."""


#: a new place in a list, as the site's up and down buttons move an item, from 1
PLACE = {"validate": validate.Range(min=1, max=MAX_ID)}


class PointPatchSchema(PointInSchema):
    """What a PATCH of a point may carry: any of the fields; those left out keep their values."""

    number = fields.Integer(**PLACE, metadata={"description": _l(
        "Move it to this place among the session's points (1 is the first; past the end, the last)")})


class GroupInSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    name = Text(required=True, max=300, validate=validate.Length(min=1), metadata={"description": _l(
        "Who took part without names: “state offices”, “business”")})


class GroupPatchSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    name = Text(max=300, validate=validate.Length(min=1))
    position = fields.Integer(**PLACE, metadata={"description": _l(
        "Move it to this place among the session's groups (1 is the first; past the end, the last)")})


class AgendaItemInSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    title = Text(required=True, max=300)
    presenter_id = fields.Integer(allow_none=True, load_default=None, validate=validate.Range(min=1, max=MAX_ID),
                                  metadata={"description": _l("A participant of the session who presents it")})
    presenter_name = Text(max=200, load_default="", metadata={"description": _l(
        "Or a presenter not among the participants, as the agenda prints it; not with presenter_id")})
    planned_minutes = fields.Integer(allow_none=True, load_default=None, validate=validate.Range(min=1, max=1440))
    notes = Text(multiline=True, strip=False, load_default="",
                 metadata={"description": _l("Markdown; printed in the agenda")})


class AgendaItemPatchSchema(AgendaItemInSchema):
    """What a PATCH of an agenda item may carry: any of the fields; those left out keep their values."""

    number = fields.Integer(**PLACE, metadata={"description": _l(
        "Move it to this place in the agenda (1 is the first; past the end, the last)")})
