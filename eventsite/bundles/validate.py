"""Checking a bundle before anything is written: its JSON, its text, the JSON Schema, then what a schema
cannot say.

Every problem names its place in the document as a path such as `sessions[0].points[3].kind`, and all
problems are reported at once, sorted by path, so that a person fixing a file by hand sees the whole list.

Three passes, each cheap enough for a forum of a thousand sessions:

1. `read_bundle` parses the file, keeping what `json.loads` would silently let through: a key given
   twice in one object, numbers JSON cannot carry exactly, nesting too deep to walk.
2. `_walk` visits every value once, without recursion: nesting depth, control characters and lone
   surrogates in any text or key (eventsite/text.py's rule), duplicate keys, odd numbers. A quicker
   pass that keeps no paths (`_walk_finds_nothing`) goes first; `_walk` runs only to say where.
3. The schema, checked by jsonschema-rs (compiled once; some ten times faster than fastjsonschema on
   a forum of 1,000 sessions); only a bundle it refuses goes through jsonschema, which names every
   problem. Nullable fields have definitions of their own (`date_or_null`).
   Patterns are matched as wholes (`$` is the end of the text, as in JSON Schema's ECMA-262, not
   "before a final newline" as in Python's `re`), so "2017-04-18\\n" is not a date.

`null` in an optional field means the same as leaving it out: `prepare_bundle` drops such keys before the
checks across values and before import, so neither ever meets a None.

A problem's message is lazily translated text (`_l`, `_ln`): it is put into words when it is shown, in the
language then active, the command's at a terminal, the reader's in a request, so a problem found in one
language can be shown in another. jsonschema's own messages are never shown: `_explain` puts each of its
errors into our words by the error's keyword (`validator`) and parameters, and the few English texts that
Python's decoders give (a JSON or UTF-8 error) are translated by the same catalog.
"""
from __future__ import annotations

import contextlib
import functools
import gc
import json
import math
import re
import zoneinfo
import base64
import binascii
import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from typing import Any

import jsonschema_rs
from babel.lists import format_list
from flask_babel import get_locale, gettext, lazy_gettext as _l, lazy_ngettext as _ln
from flask_babel.speaklater import LazyString
from jsonschema import Draft202012Validator, FormatChecker, validators

from eventsite.attachments.content import AttachmentRefused, content_type_of
from eventsite.emails import check_email
from eventsite.text import MAX_MARKDOWN, has_control_characters

Path = tuple[str | int, ...]

#: a bundle nests about 14 levels (a revision's record holds a bundle of its session); the rest is room for
#: records that keep more. Far below what the checks' recursion and json's encoder can walk.
MAX_DEPTH = 64
#: integers longer than this are refused (a revision number needs far fewer)
MAX_DIGITS = 18
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _name(part: str) -> str:
    if _PLAIN_NAME.fullmatch(part):
        return part
    shown = part if len(part) <= 40 else part[:40] + "…"
    return json.dumps(shown)  # quoted and escaped: a key with a control character cannot garble the message


def format_path(path: Path) -> str:
    """("sessions", 0, "points", 3, "kind") → "sessions[0].points[3].kind"; odd keys quoted: forum["a b"]."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _PLAIN_NAME.fullmatch(part):
            text += f".{part}" if text else part
        else:
            text += f"[{_name(part)}]"
    return text or gettext("(the document)")


def _sort_key(path: Path) -> tuple:
    # numbers in order (sessions[2] before sessions[10]), names alphabetically
    return tuple((0, part, "") if isinstance(part, int) else (1, 0, part) for part in path)


@dataclass(frozen=True)
class Problem:
    """A place in the bundle and what is wrong there, in words chosen when it is shown (`str()`)."""

    path: Path
    #: lazily translated text (or plain text): rendered in the language active when shown
    message: str | LazyString

    def __str__(self) -> str:
        return f"{format_path(self.path)}: {self.message}"


class BundleError(ValueError):
    """A bundle that was refused; nothing of it was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = _sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _sorted(problems) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (_sort_key(p.path), p.message))


@functools.cache
def schema() -> dict:
    return json.loads(resources.files("eventsite.bundles").joinpath("schema.json").read_text(encoding="utf-8"))


def validate_bundle(data: Any) -> list[Problem]:
    """Every problem of the bundle, sorted by path; an empty list means it may be imported."""
    return _check(data)[0]


def prepare_bundle(data: Any) -> dict:
    """The bundle ready to import: checked, and without the keys whose value is null; BundleError if refused."""
    problems, prepared = _check(data)
    if problems:
        raise BundleError(problems)
    return prepared


def _check(data: Any) -> tuple[list[Problem], Any]:
    problems, too_deep = ([], False) if _walk_finds_nothing(data) else _walk(data)
    if too_deep:
        return _sorted(problems), None  # the schema's checks recurse; do not hand them such a document
    problems.extend(_schema_problems(data))
    prepared = without_nulls(data)
    if isinstance(prepared, dict):
        problems.extend(_Semantics(prepared).problems())
    return _sorted(problems), prepared


def without_nulls(value: Any) -> Any:
    """The bundle without keys whose value is null (the same as leaving them out).

    A revision's `record` is kept verbatim, nulls and all: it is the minutes as they were composed.
    The depth was bounded by `_walk` before this recursion runs.
    """
    if isinstance(value, dict):
        return {k: (v if k == "record" else without_nulls(v)) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


# -- reading the file --------------------------------------------------------------------------------


class _Object(dict):
    """A JSON object in which some key was given more than once (json.loads keeps the last silently)."""

    duplicates: list[str]


class _Number:
    """A number JSON cannot carry exactly (NaN, Infinity, 1e999, or too many digits), kept to be reported."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text if len(self.text) <= 30 else self.text[:29] + "…"


def _object(pairs: list[tuple[str, Any]]) -> dict:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        twice = []
        for key, _ in pairs:
            if key in seen and key not in twice:
                twice.append(key)
            seen.add(key)
        obj = _Object(obj)
        obj.duplicates = twice
    return obj


def _integer(text: str):
    return int(text) if len(text.lstrip("-")) <= MAX_DIGITS else _Number(text)


def _float(text: str):
    value = float(text)
    return value if math.isfinite(value) else _Number(text)


#: what json.JSONDecodeError says (json.decoder and its C scanner), in our words
JSON_REASONS = {
    "Expecting value": _l("Expecting value"),
    "Expecting property name enclosed in double quotes": _l("Expecting property name enclosed in double quotes"),
    "Expecting ':' delimiter": _l("Expecting ':' delimiter"),
    "Expecting ',' delimiter": _l("Expecting ',' delimiter"),
    "Unterminated string starting at": _l("Unterminated string starting at"),
    "Invalid control character at": _l("Invalid control character at"),
    "Invalid \\escape": _l("Invalid \\escape"),
    "Invalid \\uXXXX escape": _l("Invalid \\uXXXX escape"),
    "Extra data": _l("Extra data"),
    "Illegal trailing comma before end of object": _l("Illegal trailing comma before end of object"),
    "Illegal trailing comma before end of array": _l("Illegal trailing comma before end of array"),
}
#: what the UTF-8 decoder says (UnicodeDecodeError.reason), in our words
UTF8_REASONS = {
    "invalid start byte": _l("invalid start byte"),
    "invalid continuation byte": _l("invalid continuation byte"),
    "unexpected end of data": _l("unexpected end of data"),
}


def _too_deep() -> LazyString:
    return _l("nested more than %(num)d levels deep", num=MAX_DEPTH)


def read_bundle(source: bytes | str) -> Any:
    """Parse a bundle file; BundleError, naming the place, if it is not UTF-8 JSON that can be walked."""
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8")
        except UnicodeDecodeError as exc:
            reason = UTF8_REASONS.get(exc.reason, exc.reason)
            raise BundleError([Problem((), _l("not UTF-8 text (%(reason)s at byte %(position)d)", reason=reason,
                                              position=exc.start))]) from None
    try:
        with without_cycle_collection():
            return json.loads(source, object_pairs_hook=_object, parse_int=_integer, parse_float=_float,
                              parse_constant=_Number)
    except json.JSONDecodeError as exc:
        reason = JSON_REASONS.get(exc.msg, exc.msg)
        raise BundleError([Problem((), _l("not valid JSON: %(reason)s at line %(line)d, column %(column)d",
                                          reason=reason, line=exc.lineno, column=exc.colno))]) from None
    except RecursionError:
        raise BundleError([Problem(_deep_path(source), _too_deep())]) from None


@contextlib.contextmanager
def without_cycle_collection():
    """Python's cycle collector paused while a bundle is read or imported.

    Both make millions of objects that live until the end (the parsed bundle, the rows), and each
    of the collector's passes over the oldest generation walks all of them: some tenth of the time
    of a large import went there, to find nothing (the objects form no garbage cycles). Reference
    counting still frees what is dropped; the collector runs again afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _deep_path(text: str) -> Path:
    """Where a JSON text first nests deeper than MAX_DEPTH: a scan that skips strings and follows keys.

    Run only for a document json.loads could not nest into, so its cost does not matter.
    """
    path: list = []
    #: per open container: [its bracket, the key or index being read, whether a key comes next]
    open_: list[list] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            if open_ and open_[-1][0] == "{" and open_[-1][2]:
                try:
                    open_[-1][1] = json.loads(text[i:j + 1])
                except ValueError:
                    open_[-1][1] = text[i + 1:j]
            i = j
        elif c in "[{":
            if open_:
                path.append(open_[-1][1])
            if len(open_) >= MAX_DEPTH:
                return tuple(path)
            open_.append([c, 0 if c == "[" else "", c == "{"])
        elif c in "]}":
            open_.pop()
            if path:
                path.pop()
        elif c == "," and open_:
            if open_[-1][0] == "[":
                open_[-1][1] += 1
            else:
                open_[-1][2] = True
        elif c == ":" and open_:
            open_[-1][2] = False
        i += 1
    return tuple(path)


# -- one walk over every value -----------------------------------------------------------------------


def _bad_character(text: str) -> LazyString:
    for position, character in enumerate(text):
        if has_control_characters(character):
            return _l("%(code)s at character %(position)d", code=f"U+{ord(character):04X}", position=position + 1)
    return _l("a control character")


def _too_long(length: int, limit: int) -> LazyString:
    return _ln("is %(length)d characters long; at most %(num)d is allowed",
               "is %(length)d characters long; at most %(num)d are allowed", limit, length=length)


def _walk(data: Any) -> tuple[list[Problem], bool]:
    """Depth, text, duplicate keys and numbers of every value; True as well if the document is too deep.

    Without recursion, and cheap per value: a value's path is made only for a problem (from the
    parents each node remembers), and all texts are checked for control characters in one search,
    each on its own only when that search finds one.
    """
    problems: list[Problem] = []
    too_deep = False
    #: node → (its parent's node, its key or index in the parent); node 0 is the document
    parents: list[tuple[int, str | int | None]] = [(-1, None)]

    def path(node: int) -> Path:
        parts = []
        while node > 0:
            node, part = parents[node]
            parts.append(part)
        return tuple(reversed(parts))

    texts: list[str] = []
    text_nodes: list[int] = []
    keys: list[str] = []
    key_nodes: list[int] = []
    stack: list[tuple[Any, int, int, bool]] = [(data, 0, 1, False)]  # value, node, depth, inside a record
    while stack:
        value, node, depth, in_record = stack.pop()
        kind = type(value)
        if kind is str:
            if len(value) <= MAX_MARKDOWN:
                texts.append(value)
                text_nodes.append(node)
            elif in_record:
                # elsewhere the schema refuses it: it bounds every text it names
                problems.append(Problem(path(node), _too_long(len(value), MAX_MARKDOWN)))
        elif kind is dict or kind is _Object or kind is list or isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                problems.append(Problem(path(node), _too_deep()))
                too_deep = True
                continue
            if isinstance(value, list):
                for i, item in enumerate(value):
                    parents.append((node, i))
                    stack.append((item, len(parents) - 1, depth + 1, in_record))
                continue
            for key in getattr(value, "duplicates", ()):
                problems.append(Problem(path(node) + (key,), _l("is given more than once in the same object")))
            for key, item in value.items():
                if type(key) is not str:
                    problems.append(Problem(path(node), _l("has a key that is not text: %(key)s", key=_short(key))))
                    continue
                if len(key) > MAX_MARKDOWN:
                    problems.append(Problem(path(node), _ln("has a key of %(num)d character",
                                                           "has a key of %(num)d characters", len(key))))
                    continue
                parents.append((node, key))
                child = len(parents) - 1
                keys.append(key)
                key_nodes.append(child)
                stack.append((item, child, depth + 1, in_record or key == "record"))
        elif kind is _Number:
            problems.append(Problem(path(node), _l("%(value)s is not a number a bundle can carry (finite, at most "
                                                   "%(num)d digits)", value=repr(value), num=MAX_DIGITS)))
    # line breaks join the texts: they are allowed in text, so only a text's own characters are found
    if has_control_characters("\n".join(texts)):
        for text, node in zip(texts, text_nodes):
            if has_control_characters(text):
                problems.append(Problem(path(node), _l("contains a control character or a lone surrogate "
                                                       "(%(where)s); text may hold neither",
                                                       where=_bad_character(text))))
    if has_control_characters("\n".join(keys)):
        for key, node in zip(keys, key_nodes):
            if has_control_characters(key):
                problems.append(Problem(path(node), _l("the key contains a control character or a lone surrogate "
                                                       "(%(where)s)", where=_bad_character(key))))
    return problems, too_deep


def _walk_finds_nothing(data: Any) -> bool:
    """True only if `_walk` would find no problem: a quicker pass that keeps no paths and stops at the
    first thing it would have to look at closely (then `_walk` runs and says where and what).

    Plain dicts, lists, text and numbers, nested at most MAX_DEPTH deep, no text longer than
    MAX_MARKDOWN, and no control character in any text or key (one search of them all).
    """
    texts: list[str] = []

    def plain(value: Any, depth: int) -> bool:
        if depth > MAX_DEPTH:
            return False
        kind = type(value)
        if kind is dict:
            if value and (set(map(type, value)) != {str} or max(map(len, value)) > MAX_MARKDOWN):
                return False
            texts.extend(value)
            items = value.values()
        elif kind is list:
            items = value
        else:
            return False  # an object with keys given twice (_Object), or anything else: the walk looks
        for item in items:
            kind = type(item)
            if kind is str:
                if len(item) > MAX_MARKDOWN:
                    return False
                texts.append(item)
            elif kind is dict or kind is list:
                if not plain(item, depth + 1):
                    return False
            elif not (kind is int or kind is float or kind is bool or item is None):
                return False  # a _Number, or a value no JSON has
        return True

    return plain(data, 1) and not has_control_characters("\n".join(texts))


# -- the schema --------------------------------------------------------------------------------------


def _one_line(value: Any) -> bool:
    # control characters are the walk's to report; here only line breaks
    return not isinstance(value, str) or not has_control_characters(value, False) or has_control_characters(value)


def _shape_then(check):
    """A format check that passes what has the wrong shape: the pattern reports that, once."""
    def run(value: Any) -> bool:
        if not isinstance(value, str) or not value[:4].isdigit():
            return True
        try:
            return check(value)
        except ValueError:
            return False
    return run


def parse_day(text: str) -> date:
    return date.fromisoformat(text)


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def parse_key_date(text: str, precision: str) -> date:
    """"2016-09-26" with precision day, "2016-07" with precision month (stored as the first)."""
    if precision == "month":
        if len(text) != 7:
            raise ValueError("a month is written YYYY-MM")
        return date.fromisoformat(text + "-01")
    if len(text) != 10:
        raise ValueError("a day is written YYYY-MM-DD")
    return date.fromisoformat(text)


#: custom formats of the schema, each a function of one value (True: fine)
FORMATS = {
    "line": _one_line,
    "calendar-date": _shape_then(lambda v: len(v) != 10 or bool(parse_day(v))),
    "calendar-time": _shape_then(lambda v: "T" not in v or parse_time(v).tzinfo is not None),
    "key-date": _shape_then(lambda v: bool(date.fromisoformat(v if len(v) == 10 else v + "-01"))),
}
#: what a value refused by each custom format is told (the value is %(value)s)
FORMAT_MESSAGES = {
    "line": lambda value: _l("%(value)s has a line break; it must be one line", value=value),
    "calendar-date": lambda value: _l("%(value)s is not a date in the calendar", value=value),
    "calendar-time": lambda value: _l("%(value)s is not a time in the calendar", value=value),
    "key-date": lambda value: _l("%(value)s is not a date in the calendar", value=value),
}
#: how a value a pattern refused should be written, by the pattern (the schema's descriptions, translated)
PATTERN_MESSAGES = {
    r"^[a-z0-9]+(-[a-z0-9]+)*$":
        _l("a slug: lowercase letters, digits and single hyphens, such as 'technoprom-2016'"),
    r"^[A-Za-z0-9][A-Za-z0-9_.-]*$": _l("a key: letters, digits, '_', '.' or '-', such as 'artyom-shadrin'"),
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$": _l("a date written YYYY-MM-DD"),
    r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$":
        _l("a date written YYYY-MM-DD (precision day) or YYYY-MM (precision month)"),
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$":
        _l("a time written YYYY-MM-DDTHH:MM:SS with its UTC offset, such as 2016-06-10T14:00:00+06:00"),
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$": _l("a language tag such as 'en' or 'ru'"),
    r"^[^@\s]+@[^@\s]+$": _l("an email address"),
    r"^([^@\s]+@[^@\s]+)?$": _l("an email address or empty"),
    r"^[0-9a-f]{64}$": _l("the SHA-256 of the content, in lowercase hex"),
    r"^[A-Za-z0-9+/]*={0,2}$": _l("the file's bytes, base64-encoded (RFC 4648, no line breaks)"),
}
#: a number outside its bounds, by the keyword that bounds it
COMPARISONS = {
    "minimum": lambda value, limit: _l("%(value)s is less than %(limit)s", value=value, limit=limit),
    "exclusiveMinimum": lambda value, limit: _l("%(value)s is not more than %(limit)s", value=value, limit=limit),
    "maximum": lambda value, limit: _l("%(value)s is more than %(limit)s", value=value, limit=limit),
    "exclusiveMaximum": lambda value, limit: _l("%(value)s is not less than %(limit)s", value=value, limit=limit),
}
#: JSON Schema's types in words: "may not be null: it must be text"
TYPE_NAMES = {
    "string": _l("text"),
    "integer": _l("a whole number"),
    "number": _l("a number"),
    "boolean": _l("true or false"),
    "object": _l("an object"),
    "array": _l("a list"),
    "null": _l("null"),
}
#: an unescaped $, the end of the text in ECMA-262; Python's $ also matches before a final newline
_DOLLAR = re.compile(r"(?<!\\)\$")


@functools.cache
def _whole_pattern(pattern: str) -> re.Pattern:
    return re.compile(_DOLLAR.sub(r"\\Z", pattern))


def _pattern(validator, pattern, instance, schema):
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not _whole_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = validators.extend(Draft202012Validator, {"pattern": _pattern})


@functools.cache
def _fast_validator():
    # jsonschema-rs matches patterns as ECMA-262 does ($ is the end of the text), as _whole_pattern does
    return jsonschema_rs.validator_for(schema(), formats=FORMATS, validate_formats=True)


def _fast_check(data: Any) -> bool:
    """True if the schema accepts the bundle: jsonschema-rs, some ten times faster than fastjsonschema."""
    try:
        return _fast_validator().is_valid(data)
    except (ValueError, TypeError, OverflowError):
        return False  # a value it cannot read (a _Number, a key that is not text): the full check says which


@functools.cache
def _full_validator():
    checker = FormatChecker(formats=())
    for name, check in FORMATS.items():
        checker.checks(name)(check)
    return _Validator(schema(), format_checker=checker)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _schema_problems(data: Any) -> list[Problem]:
    if _fast_check(data):
        return []
    # refused: now find every problem and its place
    return [problem for error in _full_validator().iter_errors(data) for problem in _explain(error)]


def _one_of(words: list) -> LazyString:
    """"text or null", «текст или null»: a list joined in the language it is shown in."""
    return LazyString(lambda: format_list([str(w) for w in words], style="or", locale=get_locale() or "en"))


def _type_name(name: Any):
    return TYPE_NAMES.get(name, name)


def _explain(error):
    """Our words for one of jsonschema's errors, by its keyword and parameters (never its English message)."""
    path = tuple(error.absolute_path)
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind == "required":
        for name in value:
            if isinstance(instance, dict) and name not in instance:
                yield Problem(path + (name,), _l("is required but missing"))
    elif kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        for name in instance:
            if name not in allowed:
                yield Problem(path + (name,), _l("unknown key (allowed here: %(allowed)s)", allowed=", ".join(allowed)))
    elif kind == "pattern":
        yield Problem(path, _l("%(value)s is not %(written)s", value=_short(instance),
                               written=PATTERN_MESSAGES.get(value, _l("written as expected"))))
    elif kind == "format":
        says = FORMAT_MESSAGES.get(value, lambda v: _l("%(value)s is not written as expected", value=v))
        yield Problem(path, says(_short(instance)))
    elif kind == "const":
        yield Problem(path, _l("%(value)s should be %(wanted)s", value=_short(instance), wanted=_short(value)))
    elif kind == "enum":
        shown = [v for v in value if v is not None]
        yield Problem(path, _l("%(value)s is not one of %(allowed)s", value=_short(instance), allowed=str(shown)))
    elif kind == "type":
        wanted = _one_of([_type_name(t) for t in value]) if isinstance(value, list) else _type_name(value)
        if instance is None:
            yield Problem(path, _l("may not be null: it must be %(wanted)s", wanted=wanted))
        else:
            yield Problem(path, _l("%(value)s is not %(wanted)s", value=_short(instance), wanted=wanted))
    elif kind == "maxLength":
        yield Problem(path, _too_long(len(instance), value))
    elif kind == "minLength":
        yield Problem(path, _l("should not be empty") if value == 1 else
                      _ln("is shorter than %(num)d character", "is shorter than %(num)d characters", value))
    elif kind in COMPARISONS:
        yield Problem(path, COMPARISONS[kind](_short(instance), value))
    elif kind == "multipleOf":
        yield Problem(path, _l("%(value)s is not a multiple of %(divisor)s", value=_short(instance), divisor=value))
    elif kind == "minItems":
        yield Problem(path, _l("should not be empty") if value == 1 else
                      _ln("has fewer than %(num)d item", "has fewer than %(num)d items", value))
    elif kind == "maxItems":
        yield Problem(path, _ln("has more than %(num)d item", "has more than %(num)d items", value))
    elif kind == "uniqueItems":
        yield Problem(path, _l("lists the same item twice"))
    elif kind == "minProperties":
        yield Problem(path, _ln("has fewer than %(num)d key", "has fewer than %(num)d keys", value))
    elif kind == "maxProperties":
        yield Problem(path, _ln("has more than %(num)d key", "has more than %(num)d keys", value))
    elif kind == "dependentRequired":
        for name, needed in value.items():
            for missing in needed:
                if isinstance(instance, dict) and name in instance and missing not in instance:
                    yield Problem(path + (missing,), _l("is required when %(name)s is given", name=repr(name)))
    elif kind in ("anyOf", "oneOf"):
        yield Problem(path, _l("%(value)s matches none of the forms allowed here", value=_short(instance)))
    elif kind == "not":
        yield Problem(path, _l("%(value)s is not allowed here", value=_short(instance)))
    elif kind is None or kind == "false":
        yield Problem(path, _l("nothing is allowed here"))
    else:
        # a keyword the schema does not use today: still in our words, naming the rule
        yield Problem(path, _l("does not meet the schema's rule %(keyword)s", keyword=repr(kind)))
# -- what the schema cannot say ----------------------------------------------------------------------


@functools.cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _items(value: Any):
    """(index, item) for every object in a list, skipping what the schema already refused."""
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _parsed(parse, value: Any):
    """The parsed value, or None where the schema has refused it."""
    if _str(value) is None:
        return None
    try:
        return parse(value)
    except (ValueError, TypeError):
        return None


def _time(value: Any) -> datetime | None:
    parsed = _parsed(parse_time, value)
    return parsed if parsed is not None and parsed.tzinfo is not None else None


class _Semantics:
    """Checks that need more than one value: references, uniqueness, order.

    Runs on the bundle without nulls, written defensively: parts the schema refused are
    skipped, so every other problem is still found in the same run.
    """

    def __init__(self, data: dict):
        self.data = data
        self.out: list[Problem] = []
        self.organisations: dict[str, int] = {}
        self.people: dict[str, int] = {}

    def problems(self) -> list[Problem]:
        self.forum()
        self.directory()
        self.sessions()
        return self.out

    def add(self, path: Path, message: str | LazyString) -> None:
        self.out.append(Problem(path, message))

    def forum(self) -> None:
        forum = self.data.get("forum")
        if not isinstance(forum, dict):
            return
        starts = _parsed(parse_day, forum.get("starts_on"))
        ends = _parsed(parse_day, forum.get("ends_on"))
        if starts and ends and ends < starts:
            self.add(("forum", "ends_on"), _l("the forum ends (%(ends)s) before it starts (%(starts)s)", ends=str(ends),
                                             starts=str(starts)))
        zone = _str(forum.get("timezone"))
        if zone and zone not in _zones():
            self.add(("forum", "timezone"), _l("%(value)s is not an IANA time zone (such as 'Asia/Novosibirsk')",
                                              value=_short(zone)))

    def directory(self) -> None:
        """Keys unique across people and organisations; names that import matches by, unique too."""
        seen: dict[str, Path] = {}
        names: dict[str, int] = {}
        for i, org in _items(self.data.get("organisations")):
            key = _str(org.get("key"))
            if key is not None:
                self._unique_key(key, ("organisations", i), seen)
                self.organisations.setdefault(key, i)
            name = _str(org.get("name"))
            if name is not None:
                if name in names:
                    self.add(("organisations", i, "name"),
                             _l("%(value)s is also the name of %(other)s; organisations are told apart by name",
                                value=repr(name), other=format_path(("organisations", names[name]))))
                names.setdefault(name, i)
        emails: dict[str, int] = {}
        unnamed: dict[tuple, int] = {}
        for i, person in _items(self.data.get("people")):
            key = _str(person.get("key"))
            if key is not None:
                self._unique_key(key, ("people", i), seen)
                self.people.setdefault(key, i)
            email = _str(person.get("email"))
            if email:
                try:
                    # the one rule for addresses, as the forms and accounts apply it
                    check_email(email)
                except ValueError as exc:
                    self.add(("people", i, "email"), str(exc))
                if email.lower() in emails:
                    self.add(("people", i, "email"), _l("%(value)s is also the email of %(other)s", value=repr(email),
                                                        other=format_path(("people", emails[email.lower()]))))
                emails.setdefault(email.lower(), i)
            else:
                ident = (person.get("name"), person.get("native_name", ""))
                if ident in unnamed:
                    self.add(("people", i),
                             _l("same name and native_name as %(other)s and no email to tell them apart",
                                other=format_path(("people", unnamed[ident]))))
                unnamed.setdefault(ident, i)
        for i, org in _items(self.data.get("organisations")):
            parent = org.get("parent")
            if _str(parent) is not None and parent not in self.organisations:
                self.add(("organisations", i, "parent"), self._not_a("organisation", parent))
            contact = org.get("contact")
            if _str(contact) is not None and contact not in self.people:
                self.add(("organisations", i, "contact"), self._not_a("person", contact))
        self._no_parent_cycles()

    def _unique_key(self, key: str, path: Path, seen: dict[str, Path]) -> None:
        if key in seen:
            self.add(path + ("key",), _l("%(value)s is already the key of %(other)s", value=repr(key),
                                         other=format_path(seen[key])))
        else:
            seen[key] = path

    def _not_a(self, what: str, key: str) -> LazyString:
        if what == "organisation":
            if key in self.people:
                return _l("%(value)s is the key of a person, not of an organisation", value=repr(key))
            return _l("%(value)s is not the key of any organisation in the bundle", value=_short(key))
        if key in self.organisations:
            return _l("%(value)s is the key of an organisation, not of a person", value=repr(key))
        return _l("%(value)s is not the key of any person in the bundle", value=_short(key))

    def _not_participant(self, key: str) -> LazyString:
        if key in self.people:
            return _l("%(value)s is not among this session's participants", value=repr(key))
        return self._not_a("person", key)

    def _no_parent_cycles(self) -> None:
        orgs = dict(_items(self.data.get("organisations")))
        parent_of = {
            org["key"]: org.get("parent")
            for org in orgs.values()
            if _str(org.get("key")) is not None and _str(org.get("parent")) in self.organisations
        }
        reported: set[str] = set()
        for i, org in orgs.items():
            start = _str(org.get("key"))
            chain, key = [], start
            while key in parent_of and key not in chain:
                chain.append(key)
                key = parent_of[key]
            if key == start and chain and start not in reported:
                reported.update(chain)
                loop = " → ".join(chain + [start])
                self.add(("organisations", i, "parent"), _l("organisations are each other's parents: %(loop)s",
                                                                loop=loop))

    def sessions(self) -> None:
        slugs: dict[str, int] = {}
        for i, session in _items(self.data.get("sessions")):
            path: Path = ("sessions", i)
            slug = _str(session.get("slug"))
            if slug is not None:
                if slug in slugs:
                    self.add(path + ("slug",), _l("%(value)s is also the slug of %(other)s", value=repr(slug),
                                                   other=format_path(("sessions", slugs[slug]))))
                slugs.setdefault(slug, i)
            starts, ends = _time(session.get("starts_at")), _time(session.get("ends_at"))
            if starts and ends and ends <= starts:
                self.add(path + ("ends_at",), _l("the session ends before it starts"))
            participants = self.participants(session, path)
            self.groups(session, path)
            self.agenda(session, path, participants)
            self.points(session, path, participants)
            self.attachments(session, path)
            minutes = session.get("minutes")
            if isinstance(minutes, dict):
                self.revisions(minutes.get("revisions"), path + ("minutes", "revisions"))
            for j, release in _items(session.get("press_releases")):
                self.revisions(release.get("revisions"), path + ("press_releases", j, "revisions"))

    def attachments(self, session: dict, path: Path) -> None:
        """Each file's bytes decode, match their checksum, are of an accepted type; its point exists."""
        points = session.get("points") if isinstance(session.get("points"), list) else []
        for j, item in _items(session.get("attachments")):
            here = path + ("attachments", j)
            point = item.get("point")
            if isinstance(point, int) and not isinstance(point, bool) and point >= len(points):
                self.add(here + ("point",), _ln("there is no point %(point)d in this session (it has %(num)d)",
                                                 "there is no point %(point)d in this session (it has %(num)d)",
                                                 len(points), point=point))
            data = _str(item.get("data"))
            if data is None:
                continue
            try:
                content = base64.b64decode(data, validate=True)
            except (binascii.Error, ValueError):
                self.add(here + ("data",), _l("is not base64"))
                continue
            if hashlib.sha256(content).hexdigest() != item.get("sha256"):
                self.add(here + ("sha256",), _l("does not match the content in data"))
            try:
                found = content_type_of(content)
            except AttachmentRefused:
                self.add(here + ("data",), _l("is not a file of a type attachments accept (PDF, images, office "
                                               "documents)"))
                continue
            if found != item.get("content_type"):
                self.add(here + ("content_type",), _l("%(value)s is not what the content is (%(found)s)",
                                                      value=_short(item.get("content_type")), found=found))

    def participants(self, session: dict, path: Path) -> set[str]:
        keys: set[str] = set()
        for j, part in _items(session.get("participants")):
            here = path + ("participants", j)
            person = _str(part.get("person"))
            if person is not None:
                if person not in self.people:
                    self.add(here + ("person",), self._not_a("person", person))
                elif person in keys:
                    self.add(here + ("person",), _l("%(value)s is already a participant of this session",
                                                    value=repr(person)))
                keys.add(person)
            org = _str(part.get("organisation"))
            if org is not None and org not in self.organisations:
                self.add(here + ("organisation",), self._not_a("organisation", org))
        return keys

    def groups(self, session: dict, path: Path) -> None:
        seen: dict[str, int] = {}
        groups = session.get("groups")
        if isinstance(groups, list):
            for j, name in enumerate(groups):
                if isinstance(name, str):
                    if name in seen:
                        self.add(path + ("groups", j), _l("%(value)s is listed twice", value=repr(name)))
                    seen.setdefault(name, j)

    def agenda(self, session: dict, path: Path, participants: set[str]) -> None:
        for j, item in _items(session.get("agenda")):
            here = path + ("agenda", j)
            presenter = _str(item.get("presenter"))
            if presenter is not None and presenter not in participants:
                self.add(here + ("presenter",), self._not_participant(presenter))
            if presenter is not None and _str(item.get("presenter_name")):
                self.add(here + ("presenter_name",), _l("an item has a presenter among the participants or a "
                                                        "presenter's name, not both"))

    def points(self, session: dict, path: Path, participants: set[str]) -> None:
        agenda = session.get("agenda")
        items = len(agenda) if isinstance(agenda, list) else 0
        for j, point in _items(session.get("points")):
            here = path + ("points", j)
            kind = point.get("kind")
            item = point.get("agenda_item")
            if isinstance(item, int) and not isinstance(item, bool) and not 1 <= item <= items:
                self.add(here + ("agenda_item",),
                         _ln("the session's agenda has no item %(item)d (it has %(num)d)",
                             "the session's agenda has no item %(item)d (it has %(num)d)", items, item=item)
                         if items else _l("the session's agenda has no item %(item)d (it has none)", item=item))
            speaker = _str(point.get("speaker"))
            if speaker is not None and speaker not in participants:
                self.add(here + ("speaker",), self._not_participant(speaker))
            if kind != "action":
                for name in ("owner", "due_on", "status", "note"):
                    if name in point:
                        self.add(here + (name,), _l("only points of kind 'action' have %(key)s", key=repr(name)))
            else:
                owner = _str(point.get("owner"))
                if owner is not None and owner not in self.people and owner not in self.organisations:
                    self.add(here + ("owner",), _l("%(value)s is not the key of any person or organisation in the "
                                                   "bundle", value=_short(owner)))
            if kind != "announcement" and point.get("key_dates"):
                self.add(here + ("key_dates",), _l("only points of kind 'announcement' have key dates"))
            for k, key_date in _items(point.get("key_dates")):
                value, precision = _str(key_date.get("date")), key_date.get("precision")
                if "qualifier" in key_date and precision == "day":
                    self.add(here + ("key_dates", k, "qualifier"),
                             _l("only a date of precision 'month' has a part of the month"))
                if value is None or precision not in ("day", "month"):
                    continue
                try:
                    parse_key_date(value, precision)
                except ValueError:
                    wanted = "YYYY-MM" if precision == "month" else "YYYY-MM-DD"
                    if len(value) in (7, 10):  # else the schema has said how dates are written
                        self.add(here + ("key_dates", k, "date"),
                                 _l("%(value)s does not match precision %(precision)s, written %(written)s",
                                    value=repr(value), precision=repr(precision), written=wanted))

    def revisions(self, revisions: Any, path: Path) -> None:
        previous = None
        for k, revision in _items(revisions):
            number = revision.get("number")
            if not isinstance(number, int) or isinstance(number, bool):
                continue
            if previous is not None and number <= previous:
                self.add(path + (k, "number"), _l("revision numbers must increase: %(number)d comes after "
                                                   "%(previous)d", number=number, previous=previous))
            previous = number
