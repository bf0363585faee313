"""What every form shares: the one rule for text, the validator for e-mail addresses, and for
editing forms the version it was loaded at.

Every form is built on `Form` (or `SubForm` for a row inside another form), whose Meta applies
eventsite/text.py to each text field as it is bound, so no form can forget it: control characters
are stripped, a one-line field's line breaks become spaces, and a field without a length limit of
its own gets MAX_LINE (one line) or MAX_MARKDOWN (a text area). Passwords are left as typed.

Labels, descriptions and messages are lazy (`lazy_text`, called `_l`), so each reads in the
language of the request that shows it; WTForms' own messages ("This field is required.") come
from WTForms' catalogs in that language too (ReadersLanguage).

An editing form carries the row's version. If someone saved in between, the save is
refused and the page shows both versions, the user's typed values still in the
form, so nothing is overwritten and nothing typed is lost.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable

import wtforms
from flask import request
from flask_babel import gettext
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations as wtforms_translations
from markupsafe import escape
from sqlalchemy.orm.exc import StaleDataError
from wtforms import DateField, DateTimeLocalField, HiddenField, IntegerField, PasswordField, StringField, TextAreaField
from wtforms.validators import Length, ValidationError
from wtforms.widgets import HiddenInput

from eventsite.dates import DateInputError, parse_date
from eventsite.emails import check_email
from eventsite.models import db
from eventsite.text import MAX_LINE, MAX_MARKDOWN, clean_text

_NOT_COMPARED = {"csrf_token", "version", "password", "submit"}


class LazyText(LazyString):
    """A translated text looked up when it is used, and escaped when a page draws it, like any text.

    Flask-Babel's LazyString calls itself safe HTML (its __html__ is the text as it is), so a hint
    such as "/forums/<slug>/" would reach the page as a tag."""

    def __html__(self) -> str:
        return str(escape(str(self)))


def lazy_text(string: str, **variables) -> LazyText:
    """`lazy_gettext` for the forms, which import it as `_l`: the name the catalog extracts."""
    return LazyText(gettext, string, **variables)


#: under the name the catalog extracts
_l = lazy_text


class EmailAddress:
    """The field holds an address by the one rule (`check_email`); the field keeps it normalised.

    Empty is left to DataRequired or Optional before it.
    """

    def __call__(self, form, field) -> None:
        if not field.data:
            return
        try:
            field.data = check_email(field.data)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


#: the dates a form accepts: any forum's, with room on both sides; outside them a time zone's
#: offset could carry a date past what Python and the databases hold
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)


class DateRange:
    """A date or time between FIRST_DAY and LAST_DAY, with a message that says so."""

    def __call__(self, form, field) -> None:
        value = field.data
        day = value.date() if isinstance(value, datetime) else value
        if isinstance(day, date) and not FIRST_DAY <= day <= LAST_DAY:
            raise ValidationError(gettext("Give a date between %(first)s and %(last)s.",
                                          first=FIRST_DAY.year, last=LAST_DAY.year))


class TypedDateField(wtforms.Field):
    """A date typed as people write it: 15.12.2026, 2026-12-15, 15 December, 15 декабря (eventsite.dates).

    A text input, not the browser's date picker, so it reads the same in every browser and by keyboard.
    `after` (set by the view: the session's day) is where a date without a year falls on or after. What
    was typed stays in the field when it is refused, with the parser's message beside it.
    """

    widget = wtforms.widgets.TextInput()

    def __init__(self, label=None, validators=None, after: date | None = None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.after = after
        self.raw = None

    def process_formdata(self, valuelist):
        if valuelist:
            self.raw = clean_text(valuelist[0], False).strip()
            self.data = None

    def pre_validate(self, form):
        if self.raw:
            try:
                self.data = parse_date(self.raw, self.after)
            except DateInputError as exc:
                raise wtforms.validators.StopValidation(str(exc)) from None

    def _value(self):
        if self.raw is not None:
            return self.raw
        return self.data.isoformat() if isinstance(self.data, date) else ""


class TextRule:
    """Part of every form's Meta: binds each text field with clean_text first among its filters and,
    unless it has one, a length limit; and each date or time field with DateRange."""

    def bind_field(self, form, unbound_field, options):
        field_class = unbound_field.field_class
        if issubclass(field_class, (DateField, DateTimeLocalField, TypedDateField)):
            validators = [*(unbound_field.kwargs.get("validators") or ()), DateRange()]
            options = {**options, "validators": validators}
        elif issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
            multiline = issubclass(field_class, TextAreaField)
            kwargs = unbound_field.kwargs
            validators = list(kwargs.get("validators") or ())
            # a hidden field holds what the page put there; the code reading it checks it
            if not issubclass(field_class, HiddenField) and not any(
                    isinstance(v, Length) and v.max >= 0 for v in validators):
                validators.append(Length(max=MAX_MARKDOWN if multiline else MAX_LINE))
            options = {**options, "filters": [_cleaner(multiline), *kwargs.get("filters", ())],
                       "validators": validators}
        return super().bind_field(form, unbound_field, options)


class ReadersLanguage:
    """Part of every form's Meta: WTForms' own messages ("This field is required.", "Not a valid
    choice.") in the reader's language, from the catalogs WTForms ships, found through Flask-Babel's
    locale. FlaskForm's Meta does this already; SubForm, a plain WTForms form, needs it said."""

    def get_translations(self, form):
        return wtforms_translations


def _cleaner(multiline: bool) -> Callable:
    def clean(value):
        # a field loaded from a row may hold something other than text (a list of tags)
        return clean_text(value, multiline) if isinstance(value, str) else value

    return clean


class Form(FlaskForm):
    """A form of the site: text cleaned and bounded by TextRule, a CSRF token, messages in the reader's language."""

    class Meta(TextRule, ReadersLanguage):
        pass


class SubForm(wtforms.Form):
    """A group of fields repeated inside a Form (FormField, FieldList): the same rules, no token of its own."""

    class Meta(TextRule, ReadersLanguage):
        pass


class QueryForm(Form):
    """A search box, read from the query string: no CSRF token, at most MAX_LINE characters."""

    class Meta:
        csrf = False

    # Length fills in %(max)d
    q = StringField(_l("Search"), filters=[lambda v: v.strip() if isinstance(v, str) else v],
                    validators=[Length(max=MAX_LINE, message=_l("Type at most %(max)d characters: "
                                                                "no name, title or phrase searched for is longer."))])

    @classmethod
    def read(cls) -> "QueryForm":
        """The request's ?q=, checked: when it is refused, `q.errors` says why and `text` is empty."""
        form = cls(request.args)
        form.validate()
        return form

    @property
    def text(self) -> str:
        return "" if self.q.errors else (self.q.data or "")

    @property
    def status(self) -> int:
        """400 for a refused query, 200 otherwise."""
        return 400 if self.q.errors else 200


class VersionedForm(Form):
    version = IntegerField(widget=HiddenInput(), default=0)


@dataclass
class ConflictRow:
    label: str
    yours: str
    theirs: str

    @property
    def differs(self) -> bool:
        return self.yours != self.theirs


@dataclass
class Conflict:
    rows: list[ConflictRow]
    saved_version: int

    @classmethod
    def build(cls, obj, form: FlaskForm) -> "Conflict":
        rows = []
        for field in form:
            if field.name in _NOT_COMPARED or not hasattr(obj, field.name):
                continue
            rows.append(ConflictRow(str(field.label.text), _text(field.data, field), _text(getattr(obj, field.name), field)))
        # the next submit is a deliberate choice made having seen both
        form.version.data = obj.version
        # the hidden field renders what was posted unless told otherwise, which would refuse every resubmit
        form.version.raw_data = [str(obj.version)]
        return cls(rows=rows, saved_version=obj.version)


def _text(value, field=None) -> str:
    if value is None:
        # nothing saved reads like the choice that stands for nothing ("— nobody —"), so the two agree
        value = 0 if any(isinstance(c, (tuple, list)) and c[0] == 0 for c in _static(field)) else None
        if value is None:
            return ""
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat(sep=" ", timespec="minutes") if isinstance(value, datetime) else value.isoformat()
    choices = getattr(field, "choices", None)
    if choices and not callable(choices):
        for choice in choices:
            if isinstance(choice, (tuple, list)) and str(choice[0]) == str(value):
                return str(choice[1])
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _static(field) -> list:
    choices = getattr(field, "choices", None)
    return list(choices) if choices and not callable(choices) else []


def apply_versioned(obj, form: VersionedForm, apply: Callable[[object], None]) -> Conflict | None:
    """Apply the form to `obj` and commit, unless someone saved `obj` since the form was loaded.

    A save that races another one (both loaded the same version) loses at its UPDATE, whether
    that runs at the commit or at a flush inside `apply`: nothing of it is kept, and the conflict
    shows both versions with the typed text still in the form. (An IntegrityError, a unique slug
    taken meanwhile, is the caller's to answer at its field.)
    """
    if form.version.data != obj.version:
        return Conflict.build(obj, form)
    try:
        apply(obj)
        db.session.commit()
    except StaleDataError:
        # saved by another request between our check and our UPDATE
        db.session.rollback()
        db.session.refresh(obj)
        return Conflict.build(obj, form)
    return None
