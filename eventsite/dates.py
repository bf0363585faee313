"""Dates written as people write them."""
from __future__ import annotations

from datetime import date

from eventsite.models import DatePrecision, KeyDate


def format_day(d: date) -> str:
    """"26 September 2016"."""
    return f"{d.day} {d:%B %Y}"


def format_key_date(key_date: KeyDate) -> str:
    """"26 September 2016" for a day, "July 2016" for a month."""
    if key_date.precision is DatePrecision.month:
        return f"{key_date.date:%B %Y}"
    return format_day(key_date.date)


#: words a key date's label may end with that belong to the phrase: "Programmes accepted until"
_LEADING_WORDS = ("until", "till", "by", "before", "after", "from", "since", "on", "in")


def split_key_date_label(label: str) -> tuple[str, str]:
    """"Programmes accepted until" → ("Programmes accepted", "until"); a label without one → (label, "")."""
    words = label.strip().rstrip(":").split()
    if len(words) > 1 and words[-1].lower() in _LEADING_WORDS:
        return " ".join(words[:-1]), words[-1].lower()
    return label.strip().rstrip(":"), ""


def phrase_key_date(key_date: KeyDate) -> str:
    """The date as people write it, with the label's preposition if it has one.

    "until 26 September 2016" (day, label "Programmes accepted until"), "on 26 September 2016"
    (day, no preposition), "end of July 2016" (month), "by the end of July 2016" (month, "… by").
    """
    precision = DatePrecision(getattr(key_date.precision, "value", key_date.precision))
    _, word = split_key_date_label(key_date.label)
    if precision is DatePrecision.month:
        when = f"end of {key_date.date:%B %Y}"
        return f"{word} the {when}" if word else when
    return f"{word or 'on'} {format_day(key_date.date)}"
