"""Dates written as people write them, in English and in Russian (through Babel's CLDR data).

Every function takes the document's language; without one, the reader's (the current locale).
"""
from __future__ import annotations

import re
from datetime import date, datetime

from babel.dates import format_date, format_time
from flask_babel import gettext

from eventsite.i18n import current_language, supported
from eventsite.models import DatePrecision, KeyDate, MonthPart

#: "в мае": the month in the prepositional case, which CLDR does not give
_RU_MONTHS_PREPOSITIONAL = ["январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе",
                            "сентябре", "октябре", "ноябре", "декабре"]


def _language(language: str | None) -> str:
    return supported(language or current_language())


def format_day(d: date, language: str | None = None) -> str:
    """"26 September 2016", "26 сентября 2016 г."."""
    if _language(language) == "ru":
        return format_date(d, "d MMMM y 'г.'", locale="ru")
    return format_date(d, "d MMMM y", locale="en")


def format_month(d: date, language: str | None = None, case: str = "nominative") -> str:
    """"July 2016"; in Russian "июль 2016 г.", "июля 2016 г." (genitive), "июле 2016 г." (prepositional)."""
    if _language(language) != "ru":
        return format_date(d, "MMMM y", locale="en")
    if case == "prepositional":
        return f"{_RU_MONTHS_PREPOSITIONAL[d.month - 1]} {d.year} г."
    return format_date(d, "MMMM y 'г.'" if case == "genitive" else "LLLL y 'г.'", locale="ru")


def format_clock(moment: datetime, language: str | None = None) -> str:
    """"14:00" in both languages."""
    return format_time(moment, "HH:mm", locale=_language(language))


def _part(key_date: KeyDate) -> MonthPart | None:
    """The recorded part of the month of a month-precision date, if any."""
    qualifier = getattr(key_date, "qualifier", None)
    if qualifier is not None and not isinstance(qualifier, MonthPart):
        qualifier = MonthPart(qualifier)
    return qualifier


def _precision(key_date: KeyDate) -> DatePrecision:
    return DatePrecision(getattr(key_date.precision, "value", key_date.precision))


#: a part of a month in Russian: after «в» (prepositional) and after «до», «с», «после» (genitive)
_RU_PARTS = {
    MonthPart.early: ("начале", "начала", "начало"),
    MonthPart.mid: ("середине", "середины", "середина"),
    MonthPart.end: ("конце", "конца", "конец"),
}


def format_key_date(key_date: KeyDate, language: str | None = None) -> str:
    """The date as recorded, standing alone: "26 September 2016"; "July 2016" for a month, "end of
    July 2016" only where the record says "end"; «26 сентября 2016 г.», «июль 2016 г.», «конец июля 2016 г.»."""
    language = _language(language)
    if _precision(key_date) is DatePrecision.day:
        return format_day(key_date.date, language)
    part = _part(key_date)
    if language == "ru":
        if part is None:
            return format_month(key_date.date, "ru")
        return f"{_RU_PARTS[part][2]} {format_month(key_date.date, 'ru', 'genitive')}"
    month = format_month(key_date.date, "en")
    if part is MonthPart.mid:
        return f"mid-{month}"
    return {None: month, MonthPart.early: f"early {month}", MonthPart.end: f"end of {month}"}[part]


#: words a key date's label may end with that belong to the phrase: "Programmes accepted until",
#: «Приём заявок до»
_LEADING_WORDS = ("until", "till", "by", "before", "after", "from", "since", "on", "in",
                  "до", "по", "с", "со", "после", "от", "к", "в", "во", "на")


def split_key_date_label(label: str) -> tuple[str, str]:
    """"Programmes accepted until" → ("Programmes accepted", "until"); a label without one → (label, "")."""
    words = label.strip().rstrip(":").split()
    if len(words) > 1 and words[-1].lower() in _LEADING_WORDS:
        return " ".join(words[:-1]), words[-1].lower()
    return label.strip().rstrip(":"), ""


def phrase_key_date(key_date: KeyDate, word: str | None = None, language: str | None = None) -> str:
    """The date as people write it in a sentence, with the label's preposition if it has one.

    Every place that writes a key date in running text (minutes, session page, calendar, coverage
    panel, press release) calls this, so they all say the same: "until 26 September 2016" (day,
    label "Programmes accepted until"), "on 26 September 2016" (day, no preposition), "in July 2016"
    (month), "by July 2016" (month, "… by"), "at the end of July 2016" / "by the end of July 2016"
    (month recorded as its end), "in early July 2016", "by mid-July 2016"; in Russian «до 26 сентября
    2016 г.», «в июле 2016 г.», «в конце июля 2016 г.», «до конца июля 2016 г.». `word` overrides the
    label's preposition ("" for none).
    """
    language = _language(language)
    if word is None:
        word = split_key_date_label(key_date.label)[1]
    if language == "ru":
        return _phrase_ru(key_date, word)
    when = format_key_date(key_date, language)
    if _precision(key_date) is DatePrecision.day:
        return f"{word or 'on'} {when}"
    if _part(key_date) is MonthPart.end:
        return f"{word or 'at'} the {when}"
    return f"{word or 'in'} {when}"


#: a label's English preposition, in a Russian document
_RU_PREPOSITIONS = {"until": "до", "till": "до", "by": "до", "before": "до", "after": "после", "from": "с",
                    "since": "с", "on": "", "in": ""}


def _phrase_ru(key_date: KeyDate, word: str) -> str:
    word = _RU_PREPOSITIONS.get(word, word)
    if _precision(key_date) is DatePrecision.day:
        when = format_day(key_date.date, "ru")
        return f"{word} {when}" if word else when
    part, genitive = _part(key_date), format_month(key_date.date, "ru", "genitive")
    if not word or word in ("в", "во"):
        return f"в {_RU_PARTS[part][0]} {genitive}" if part else f"в {format_month(key_date.date, 'ru', 'prepositional')}"
    # «до», «с», «после», «от»: the genitive
    return f"{word} {_RU_PARTS[part][1]} {genitive}" if part else f"{word} {genitive}"


# -- dates as people type them --------------------------------------------------------------------

class DateInputError(ValueError):
    """Text that is not a date; the message says what to type instead, in the reader's language."""


def _month_names() -> dict[str, int]:
    """Every way CLDR writes a month in English and Russian, lowercased: "december", "dec", «декабря», «декабрь»."""
    from babel import Locale

    names: dict[str, int] = {}
    for code in ("en", "ru"):
        locale = Locale.parse(code)
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in locale.months[context][width].items():
                    names[name.lower().rstrip(".")] = number
    return names


_MONTHS: dict[str, int] = {}
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
#: "15 December", "15 December 2026", "15 декабря 2026 г.", "December 15, 2026"
_WORDS = re.compile(r"(?:(\d{1,2})\s+([^\W\d_]+)\.?|([^\W\d_]+)\.?\s+(\d{1,2}),?)(?:\s+(\d{4}))?(?:\s*г\.?)?")


def parse_date(text: str, after: date | None = None) -> date:
    """A date typed as `15.12.2026`, `2026-12-15` or `15 December` / `15 декабря` (a year may follow).

    A day and month without a year mean the first such day on or after `after` (the session's
    day, for a due date), or in the current year when there is none. Anything else raises
    DateInputError with a message for the field.
    """
    value = " ".join((text or "").split())
    try:
        if match := _DOTTED.fullmatch(value):
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        if match := _ISO.fullmatch(value):
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)
        if match := _WORDS.fullmatch(value):
            if not _MONTHS:
                _MONTHS.update(_month_names())
            day_text, name, name_first, day_second, year_text = match.groups()
            month = _MONTHS.get((name or name_first).lower())
            if month is not None:
                day = int(day_text or day_second)
                if year_text:
                    return date(int(year_text), month, day)
                return _next(day, month, after or date.today())
    except ValueError:
        raise DateInputError(gettext("There is no such day: %(text)s. Check the day and the month.",
                                     text=value)) from None
    raise DateInputError(gettext("Type a date as 15.12.2026, 2026-12-15 or 15 December."))


def _next(day: int, month: int, after: date) -> date:
    """The first `day` of `month` on or after `after` (29 February: the next leap year's)."""
    for year in range(after.year, after.year + 9):
        try:
            candidate = date(year, month, day)
        except ValueError:
            if month == 2 and day == 29:
                continue
            raise
        if candidate >= after:
            return candidate
    raise ValueError(f"no {day}.{month}")


def in_zone(moment: datetime, zone) -> datetime:
    """A time typed without an offset is the wall-clock time in `zone` (the forum's); one with an offset
    is that instant, shown in `zone`. The forms' datetime-local fields and the API read times so."""
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
