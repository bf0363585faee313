"""The one rule for text that people and programs give us: no control characters, and a length limit.

Every way in (forms, bundles, the API) cleans text with `clean_text` and bounds it with the limits
here, so no feed, calendar or PDF ever meets a character it cannot carry, and no field costs more
to store, search or render than its purpose needs.
"""
from __future__ import annotations

import re

from slugify import slugify as _transliterated_slug

#: C0 controls but tab, line feed and carriage return; DEL; C1 controls; lone surrogates;
#: the Unicode non-characters U+FFFE and U+FFFF. XML 1.0 (Atom) and iCalendar refuse them all.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: a line break in any of its spellings, for one-line fields (a lone CR injects iCalendar properties)
_LINE_BREAK = re.compile("\r\n|[\r\n\u2028\u2029\x85]")

#: the longest Markdown text (a summary, a point's body, a press release's body), in characters
MAX_MARKDOWN = 100_000
#: the longest one-line text without a column length of its own (a search query), in characters
MAX_LINE = 300


def clean_text(value: str | None, multiline: bool = True) -> str | None:
    """`value` without control characters; line breaks become "\\n", or a space in one-line text."""
    if value is None:
        return None
    if multiline:
        return _CONTROL.sub("", _LINE_BREAK.sub("\n", value))
    return _CONTROL.sub("", _LINE_BREAK.sub(" ", value))


def has_control_characters(value: str, multiline: bool = True) -> bool:
    """True if `clean_text` would change more than the spelling of line breaks."""
    if _CONTROL.search(value):
        return True
    return not multiline and _LINE_BREAK.search(value) is not None


def slugify(text: str, max_length: int, fallback: str) -> str:
    """A text as an address or a key: "Артём Шадрин" → "artem-shadrin", "Круглый стол" → "kruglyi-stol".

    Transliterated (python-slugify), lower case, words joined by "-", cut at a word to at most
    `max_length` characters (a first word longer than that is cut); `fallback` when no letter or digit
    is left.
    """
    return _transliterated_slug(text, max_length=max_length, word_boundary=True, save_order=True) or fallback
