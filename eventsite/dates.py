"""Dates written as people write them."""
from __future__ import annotations

from datetime import date

from eventsite.models import DatePrecision, KeyDate, MonthPart


def format_day(d: date) -> str:
    """"26 September 2016"."""
    return f"{d.day} {d:%B %Y}"


def _month(key_date: KeyDate) -> tuple[str, MonthPart | None]:
    """"July 2016" and the recorded part of the month, if any."""
    qualifier = key_date.qualifier
    if qualifier is not None and not isinstance(qualifier, MonthPart):
        qualifier = MonthPart(qualifier)
    return f"{key_date.date:%B %Y}", qualifier


def format_key_date(key_date: KeyDate) -> str:
    """"26 September 2016" for a day; "July 2016" for a month, "end of July 2016" only where recorded so."""
    if _precision(key_date) is DatePrecision.month:
        month, part = _month(key_date)
        if part is MonthPart.mid:
            return f"mid-{month}"
        return f"{part.value} {month}" if part is MonthPart.early else f"end of {month}" if part else month
    return format_day(key_date.date)


def _precision(key_date: KeyDate) -> DatePrecision:
    return DatePrecision(getattr(key_date.precision, "value", key_date.precision))


#: words a key date's label may end with that belong to the phrase: "Programmes accepted until"
_LEADING_WORDS = ("until", "till", "by", "before", "after", "from", "since", "on", "in")


def split_key_date_label(label: str) -> tuple[str, str]:
    """"Programmes accepted until" → ("Programmes accepted", "until"); a label without one → (label, "")."""
    words = label.strip().rstrip(":").split()
    if len(words) > 1 and words[-1].lower() in _LEADING_WORDS:
        return " ".join(words[:-1]), words[-1].lower()
    return label.strip().rstrip(":"), ""


def phrase_key_date(key_date: KeyDate, word: str | None = None) -> str:
    """The date as people write it in a sentence, with the label's preposition if it has one.

    Every place that writes a key date in running text (minutes, session page, calendar, coverage
    panel, press release) calls this, so they all say the same: "until 26 September 2016" (day,
    label "Programmes accepted until"), "on 26 September 2016" (day, no preposition), "in July 2016"
    (month), "by July 2016" (month, "… by"), "at the end of July 2016" / "by the end of July 2016"
    (month recorded as its end), "in early July 2016", "by mid-July 2016". `word` overrides the
    label's preposition ("" for none).
    """
    if word is None:
        word = split_key_date_label(key_date.label)[1]
    when = format_key_date(key_date)
    if _precision(key_date) is DatePrecision.day:
        return f"{word or 'on'} {when}"
    if _month(key_date)[1] is MonthPart.end:
        return f"{word or 'at'} the {when}"
    return f"{word or 'in'} {when}"
