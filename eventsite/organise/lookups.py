"""Turning what was typed into a person or organisation field into the row it means.

With JavaScript the autocomplete fills a hidden reference ("person:12"); without
it the typed name is looked up, and when several match the form comes back with
them as choices (`<field>_pick`), so the page works as a plain search form too.
"""
from __future__ import annotations

from flask import request
from flask_babel import gettext, lazy_gettext as _l, ngettext

from eventsite.models import Organisation, Person, db
from eventsite.organise import service
from eventsite.urls import id_from

MODELS = {"person": Person, "organisation": Organisation}
FINDERS = {"person": service.find_person, "organisation": service.find_organisation}
NOTHING = {
    "person": _l("Nobody matches “%(text)s”. Check the spelling, or create a new person below."),
    "organisation": _l("No organisation matches “%(text)s”. Check the spelling, or create it below."),
    "parent": _l("No organisation matches “%(text)s”. Add it first, or leave this empty."),
    "contact": _l("Nobody matches “%(text)s”. Add them first under People."),
    "owner": _l("No person or organisation matches “%(text)s”. Add them first under People or Organisations."),
}


class Unresolved(Exception):
    """The text names nothing, or more than one thing; the field carries the message and the choices."""


def reference(row) -> str:
    return f"{'person' if isinstance(row, Person) else 'organisation'}:{row.id}"


def by_reference(ref: str | None, kinds: tuple[str, ...]):
    kind, _, raw_id = (ref or "").partition(":")
    row_id = id_from(raw_id)
    if kind not in kinds or row_id is None:
        return None
    return db.session.get(MODELS[kind], row_id)


def resolve(field, hidden, kinds: tuple[str, ...], nothing: str):
    """The row `field` names, None when it is empty; raises Unresolved after putting the message at the field."""
    field.candidates = []
    if field.errors:
        # refused already (too long, say): no lookup for text that cannot name anything
        raise Unresolved(field.name)
    picked = by_reference(request.form.get(field.name + "_pick"), kinds)
    if picked is not None:
        field.data = picked.name
        return picked
    text = (field.data or "").strip()
    if not text:
        return None
    chosen = by_reference(hidden.data, kinds)
    if chosen is not None and chosen.name.strip().lower() == text.lower():
        return chosen
    exact, candidates = [], []
    for kind in kinds:
        lookup = FINDERS[kind](text)
        if lookup.found is not None:
            exact.append(lookup.found)
        else:
            candidates.extend(lookup.candidates)
    if len(exact) == 1:
        return exact[0]
    field.candidates = exact or candidates
    if field.candidates:
        n = len(field.candidates)
        field.errors.append(ngettext("%(num)d matches “%(text)s”: choose below.",
                                     "%(num)d match “%(text)s”: choose below.", n, text=text)
                            if n < 20 else gettext("Many match “%(text)s”: choose below or type more of the name.",
                                                   text=text))
    else:
        field.errors.append(NOTHING[nothing] % {"text": text})
    raise Unresolved(field.name)
