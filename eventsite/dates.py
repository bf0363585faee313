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
