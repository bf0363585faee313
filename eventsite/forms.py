"""What every editing form shares: the version it was loaded at, stale-edit detection, and the
validator for e-mail addresses.

A form carries the row's version. If someone saved in between, the save is
refused and the page shows both versions, the user's typed values still in the
form, so nothing is overwritten and nothing typed is lost.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable

from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError
from wtforms import IntegerField
from wtforms.validators import ValidationError
from wtforms.widgets import HiddenInput

from eventsite.emails import check_email
from eventsite.models import db

_NOT_COMPARED = {"csrf_token", "version", "password", "submit"}


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


class VersionedForm(FlaskForm):
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
