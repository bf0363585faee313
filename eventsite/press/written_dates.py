"""Dates as people write them, found in running text: "26 September 2016", "26.09.2016", "2016-09-26",
"September 26", "26 сентября 2016"; and months: "July 2016", "end of July", "2016-07"."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from eventsite.models import DatePrecision

MONTHS_EN = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
_MONTHS_RU = ["январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр",
              "декабр"]
_RU_MONTH = (r"(?:январ[ьяе]|феврал[ьяе]|март[ае]?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|август[ае]?|сентябр[ьяе]"
             r"|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])")
_EN_MONTH = r"(?:" + "|".join(sorted(MONTHS_EN, key=len, reverse=True)) + r")"
_MONTH = rf"(?:{_EN_MONTH}|{_RU_MONTH})"
#: a month's first letter, looked at before trying every month name at every word
_MONTH_START = "(?=[" + "".join(sorted({m[0] for m in MONTHS_EN} | {m[0] for m in _MONTHS_RU})) + "])"
_ORD = r"(?:st|nd|rd|th)?"

_DATE_PATTERNS = [
    ("iso", re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")),
    ("dmy", re.compile(r"\b(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d\d)\b")),
    ("day_month", re.compile(rf"\b(\d{{1,2}}){_ORD}(?:\s+of)?\s+({_MONTH})\.?(?:,?\s+((?:19|20)\d\d))?(?![\w])", re.I)),
    ("month_day", re.compile(rf"\b{_MONTH_START}({_MONTH})\.?\s+(\d{{1,2}}){_ORD}\b(?:,?\s+((?:19|20)\d\d))?", re.I)),
    ("iso_month", re.compile(r"\b((?:19|20)\d\d)-(0[1-9]|1[0-2])\b(?!-)")),
]


@dataclass(frozen=True)
class DateMention:
    written: str
    on: date
    precision: DatePrecision

    @property
    def month(self) -> tuple[int, int]:
        return (self.on.year, self.on.month)


def _month_number(name: str) -> int | None:
    lower = name.lower().rstrip(".")
    if lower in MONTHS_EN:
        return MONTHS_EN[lower]
    for n, stem in enumerate(_MONTHS_RU, start=1):
        if lower.startswith(stem) and (stem != "ма" or lower in ("май", "мая", "мае")):
            return n
    return None


#: a month alone counts only capitalised in English: "may" is a verb. Only month names match, so a
#: text of many capitalised words costs no more than one of few
_EN_MONTH_CAPITALISED = r"(?:" + "|".join(sorted((m.capitalize() for m in MONTHS_EN), key=len, reverse=True)) + r")"
_MONTH_ALONE = re.compile(rf"\b({_EN_MONTH_CAPITALISED}|{_RU_MONTH})\.?(?:\s+((?:19|20)\d\d))?\b")


def find_dates(text: str, default_year: int) -> list[DateMention]:
    """Every date written in `text`, whatever the form: "26 September 2016", "26.09.2016", "2016-09-26",
    "September 26", "26 сентября 2016"; and months: "July 2016", "end of July", "2016-07"."""
    text = text or ""
    # which characters a date found earlier already covers: checking a match costs its own length,
    # not the number of dates found so far, so a long text takes time in proportion to its length
    taken = bytearray(len(text))
    found: list[tuple[int, DateMention]] = []

    def free(span):
        return taken.find(1, span[0], span[1]) == -1

    def add(match, y, m, d, precision):
        try:
            on = date(int(y), int(m), int(d))
        except (TypeError, ValueError):
            return
        start, end = match.span()
        taken[start:end] = b"\x01" * (end - start)
        found.append((start, DateMention(match.group(0).strip(), on, precision)))

    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if not free(match.span()):
                continue
            g = match.groups()
            if kind == "iso":
                add(match, g[0], g[1], g[2], DatePrecision.day)
            elif kind == "dmy":
                add(match, g[2], g[1], g[0], DatePrecision.day)
            elif kind == "day_month":
                add(match, g[2] or default_year, _month_number(g[1]), g[0], DatePrecision.day)
            elif kind == "month_day":
                add(match, g[2] or default_year, _month_number(g[0]), g[1], DatePrecision.day)
            elif kind == "iso_month":
                add(match, g[0], g[1], 1, DatePrecision.month)
    for match in _MONTH_ALONE.finditer(text):
        if not free(match.span()):
            continue
        number = _month_number(match.group(1))
        if number is None or (match.group(1).lower() == "may" and not match.group(2)):
            continue
        add(match, match.group(2) or default_year, number, 1, DatePrecision.month)
    found.sort(key=lambda item: item[0])
    return [mention for _, mention in found]
