"""What every template can use: permission checks, labels of the record's values, and dates and
times written in the current language (the reader's, or a document's inside `document_language`)."""
from __future__ import annotations

from datetime import date, datetime, tzinfo

from babel import Locale
from babel.numbers import format_decimal
from flask import Flask

from eventsite import permissions
from eventsite.actions import is_overdue, point_overdue
from eventsite.dates import format_clock, format_day, format_key_date
from eventsite.i18n import current_language, quote, supported
from eventsite.labels import label_of
from eventsite.minutes.compose import discussion_sections, script_lang


def _moment(value: datetime, zone: tzinfo | None) -> datetime:
    return value.astimezone(zone) if zone is not None and value.tzinfo is not None else value


def day(value: date | datetime | str | None, zone: tzinfo | None = None, language: str | None = None) -> str:
    """"20 April 2017", «20 апреля 2017 г.»; a datetime in `zone` if given; an ISO date as well. In the
    current language, or in `language`: a document's date shown in a list in the reader's."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = _moment(value, zone).date()
    return format_day(value, language)


def day_time(value: datetime | None, zone: tzinfo | None = None) -> str:
    """"20 April 2017, 14:00", «20 апреля 2017 г., 14:00»: in `zone` if given."""
    if value is None:
        return ""
    value = _moment(value, zone)
    return f"{format_day(value.date())}, {format_clock(value)}"


def clock(value: datetime | None, zone: tzinfo | None = None) -> str:
    """"14:00" in both languages."""
    return format_clock(_moment(value, zone)) if value is not None else ""


def day_range(start: date, end: date) -> str:
    """"9–10 June 2016", «9–10 июня 2016 г.»; "30 December 2016 – 2 January 2017"."""
    if end is None or end == start:
        return format_day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_day(end)}"
    if start.year == end.year:
        # the first day without its year: «9 июня – 10 июля 2016 г.»
        first = format_day(start).rsplit(" ", 2 if supported(current_language()) == "ru" else 1)[0]
        return f"{first} – {format_day(end)}"
    return f"{format_day(start)} – {format_day(end)}"


def language_name(code: str | None) -> str:
    """A language named in the current language: "Russian", «русский»."""
    try:
        return Locale.parse(code).get_language_name(current_language()) or code
    except (ValueError, TypeError):
        return code or ""


def number(value: int) -> str:
    """"1,000", «1 000»."""
    return format_decimal(value, locale=current_language())


def init_app(app: Flask) -> None:
    app.add_template_filter(format_key_date, "key_date")
    app.add_template_filter(day, "day")
    app.add_template_filter(day_time, "day_time")
    app.add_template_filter(clock, "clock")
    app.add_template_filter(number, "number")
    app.add_template_filter(quote, "quoted")
    app.add_template_global(day_range, "day_range")
    app.add_template_global(label_of, "label_of")
    app.add_template_global(language_name, "language_name")
    app.add_template_global(script_lang, "script_lang")
    app.add_template_global(discussion_sections, "discussion_sections")
    # overdue(item, zone) for a composed record's action, point_overdue(point) for a row
    app.add_template_global(lambda item, zone: is_overdue(item.get("due_on"), item.get("status_value"), zone),
                            "overdue")
    app.add_template_global(point_overdue, "point_overdue")


    @app.context_processor
    def inject():
        return {
            "can_edit_records": permissions.can_edit_records,
            "can_edit_press": permissions.can_edit_press,
            "can_export_pdf": permissions.can_export_pdf,
            "can_manage_users": permissions.can_manage_users,
            "can_import_bundles": permissions.can_import_bundles,
            "can_follow_up": permissions.can_follow_up,
            "can_read_audit": permissions.can_read_audit,
            "can_use_trash": permissions.can_use_trash,
            "url_map_endpoints": app.view_functions,
        }
