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
    return text or "(the document)"


def _sort_key(path: Path) -> tuple:
    # numbers in order (sessions[2] before sessions[10]), names alphabetically
    return tuple((0, part, "") if isinstance(part, int) else (1, 0, part) for part in path)


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str

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


def read_bundle(source: bytes | str) -> Any:
    """Parse a bundle file; BundleError, naming the place, if it is not UTF-8 JSON that can be walked."""
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BundleError([Problem((), f"not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None
    try:
        with without_cycle_collection():
            return json.loads(source, object_pairs_hook=_object, parse_int=_integer, parse_float=_float,
                              parse_constant=_Number)
    except json.JSONDecodeError as exc:
        raise BundleError([Problem((), f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")]) from None
    except RecursionError:
        raise BundleError([Problem(_deep_path(source), f"nested more than {MAX_DEPTH} levels deep")]) from None


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


def _bad_character(text: str) -> str:
    for position, character in enumerate(text):
        if has_control_characters(character):
            return f"U+{ord(character):04X} at character {position + 1}"
    return "a control character"


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
                problems.append(Problem(path(node), f"is {len(value)} characters long; at most {MAX_MARKDOWN} "
                                                    "are allowed"))
        elif kind is dict or kind is _Object or kind is list or isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                problems.append(Problem(path(node), f"nested more than {MAX_DEPTH} levels deep"))
                too_deep = True
                continue
            if isinstance(value, list):
                for i, item in enumerate(value):
                    parents.append((node, i))
                    stack.append((item, len(parents) - 1, depth + 1, in_record))
                continue
            for key in getattr(value, "duplicates", ()):
                problems.append(Problem(path(node) + (key,), "is given more than once in the same object"))
            for key, item in value.items():
                if type(key) is not str:
                    problems.append(Problem(path(node), f"has a key that is not text: {key!r}"))
                    continue
                if len(key) > MAX_MARKDOWN:
                    problems.append(Problem(path(node), f"has a key of {len(key)} characters"))
                    continue
                parents.append((node, key))
                child = len(parents) - 1
                keys.append(key)
                key_nodes.append(child)
                stack.append((item, child, depth + 1, in_record or key == "record"))
        elif kind is _Number:
            problems.append(Problem(path(node), f"{value!r} is not a number a bundle can carry "
                                                f"(finite, at most {MAX_DIGITS} digits)"))
    # line breaks join the texts: they are allowed in text, so only a text's own characters are found
    if has_control_characters("\n".join(texts)):
        for text, node in zip(texts, text_nodes):
            if has_control_characters(text):
                problems.append(Problem(path(node), "contains a control character or a lone surrogate "
                                                    f"({_bad_character(text)}); text may hold neither"))
    if has_control_characters("\n".join(keys)):
        for key, node in zip(keys, key_nodes):
            if has_control_characters(key):
                problems.append(Problem(path(node), "the key contains a control character or a lone surrogate "
                                                    f"({_bad_character(key)})"))
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
FORMAT_MESSAGES = {
    "line": "has a line break; it must be one line",
    "calendar-date": "is not a date in the calendar",
    "calendar-time": "is not a time in the calendar",
    "key-date": "is not a date in the calendar",
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


def _explain(error):
    path = tuple(error.absolute_path)
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind == "required":
        for name in value:
            if isinstance(instance, dict) and name not in instance:
                yield Problem(path + (name,), "is required but missing")
    elif kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        for name in instance:
            if name not in allowed:
                yield Problem(path + (name,), f"unknown key (allowed here: {', '.join(allowed)})")
    elif kind == "pattern":
        yield Problem(path, f"{_short(instance)} is not {error.schema.get('description', 'written as expected')}")
    elif kind == "format":
        yield Problem(path, f"{_short(instance)} {FORMAT_MESSAGES.get(value, 'is not written as expected')}")
    elif kind == "const":
        yield Problem(path, f"{_short(instance)} should be {_short(value)}")
    elif kind == "enum":
        shown = [v for v in value if v is not None]
        yield Problem(path, f"{_short(instance)} is not one of {shown}")
    elif kind == "type":
        wanted = " or ".join(value) if isinstance(value, list) else value
        yield Problem(path, f"{_short(instance)} is not of type {wanted}")
    elif kind == "maxLength":
        yield Problem(path, f"is {len(instance)} characters long; at most {value} are allowed")
    elif kind == "minLength":
        yield Problem(path, "should not be empty")
    elif kind in ("minimum", "maximum"):
        yield Problem(path, f"{_short(instance)} is {'less' if kind == 'minimum' else 'more'} than {value}")
    else:
        yield Problem(path, error.message)


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

    def add(self, path: Path, message: str) -> None:
        self.out.append(Problem(path, message))

    def forum(self) -> None:
        forum = self.data.get("forum")
        if not isinstance(forum, dict):
            return
        starts = _parsed(parse_day, forum.get("starts_on"))
        ends = _parsed(parse_day, forum.get("ends_on"))
        if starts and ends and ends < starts:
            self.add(("forum", "ends_on"), f"the forum ends ({ends}) before it starts ({starts})")
        zone = _str(forum.get("timezone"))
        if zone and zone not in _zones():
            self.add(("forum", "timezone"), f"{_short(zone)} is not an IANA time zone (such as 'Asia/Novosibirsk')")

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
                             f"{name!r} is also the name of organisations[{names[name]}]; organisations are told apart by name")
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
                    self.add(("people", i, "email"), f"{email!r} is also the email of people[{emails[email.lower()]}]")
                emails.setdefault(email.lower(), i)
            else:
                ident = (person.get("name"), person.get("native_name", ""))
                if ident in unnamed:
                    self.add(("people", i),
                             f"same name and native_name as people[{unnamed[ident]}] and no email to tell them apart")
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
            self.add(path + ("key",), f"{key!r} is already the key of {format_path(seen[key])}")
        else:
            seen[key] = path

    def _not_a(self, what: str, key: str) -> str:
        if what == "organisation" and key in self.people:
            return f"{key!r} is the key of a person, not of an organisation"
        if what == "person" and key in self.organisations:
            return f"{key!r} is the key of an organisation, not of a person"
        return f"{_short(key)} is not the key of any {what} in the bundle"

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
                self.add(("organisations", i, "parent"), f"organisations are each other's parents: {loop}")

    def sessions(self) -> None:
        slugs: dict[str, int] = {}
        for i, session in _items(self.data.get("sessions")):
            path: Path = ("sessions", i)
            slug = _str(session.get("slug"))
            if slug is not None:
                if slug in slugs:
                    self.add(path + ("slug",), f"{slug!r} is also the slug of sessions[{slugs[slug]}]")
                slugs.setdefault(slug, i)
            starts, ends = _time(session.get("starts_at")), _time(session.get("ends_at"))
            if starts and ends and ends <= starts:
                self.add(path + ("ends_at",), "the session ends before it starts")
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
                self.add(here + ("point",), f"there is no point {point} in this session (it has {len(points)})")
            data = _str(item.get("data"))
            if data is None:
                continue
            try:
                content = base64.b64decode(data, validate=True)
            except (binascii.Error, ValueError):
                self.add(here + ("data",), "is not base64")
                continue
            if hashlib.sha256(content).hexdigest() != item.get("sha256"):
                self.add(here + ("sha256",), "does not match the content in data")
            try:
                found = content_type_of(content)
            except AttachmentRefused:
                self.add(here + ("data",), "is not a file of a type attachments accept (PDF, images, office documents)")
                continue
            if found != item.get("content_type"):
                self.add(here + ("content_type",), f"{_short(item.get('content_type'))} is not what the content is "
                                                   f"({found})")

    def participants(self, session: dict, path: Path) -> set[str]:
        keys: set[str] = set()
        for j, part in _items(session.get("participants")):
            here = path + ("participants", j)
            person = _str(part.get("person"))
            if person is not None:
                if person not in self.people:
                    self.add(here + ("person",), self._not_a("person", person))
                elif person in keys:
                    self.add(here + ("person",), f"{person!r} is already a participant of this session")
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
                        self.add(path + ("groups", j), f"{name!r} is listed twice")
                    seen.setdefault(name, j)

    def agenda(self, session: dict, path: Path, participants: set[str]) -> None:
        for j, item in _items(session.get("agenda")):
            here = path + ("agenda", j)
            presenter = _str(item.get("presenter"))
            if presenter is not None and presenter not in participants:
                if presenter in self.people:
                    self.add(here + ("presenter",), f"{presenter!r} is not among this session's participants")
                else:
                    self.add(here + ("presenter",), self._not_a("person", presenter))
            if presenter is not None and _str(item.get("presenter_name")):
                self.add(here + ("presenter_name",), "an item has a presenter among the participants or a "
                                                     "presenter's name, not both")

    def points(self, session: dict, path: Path, participants: set[str]) -> None:
        agenda = session.get("agenda")
        items = len(agenda) if isinstance(agenda, list) else 0
        for j, point in _items(session.get("points")):
            here = path + ("points", j)
            kind = point.get("kind")
            item = point.get("agenda_item")
            if isinstance(item, int) and not isinstance(item, bool) and not 1 <= item <= items:
                self.add(here + ("agenda_item",), f"the session's agenda has no item {item}"
                         + (f" (it has {items})" if items else " (it has none)"))
            speaker = _str(point.get("speaker"))
            if speaker is not None and speaker not in participants:
                if speaker in self.people:
                    self.add(here + ("speaker",), f"{speaker!r} is not among this session's participants")
                else:
                    self.add(here + ("speaker",), self._not_a("person", speaker))
            if kind != "action":
                for name in ("owner", "due_on", "status", "note"):
                    if name in point:
                        self.add(here + (name,), f"only points of kind 'action' have {name!r}")
            else:
                owner = _str(point.get("owner"))
                if owner is not None and owner not in self.people and owner not in self.organisations:
                    self.add(here + ("owner",), f"{_short(owner)} is not the key of any person or organisation in the bundle")
            if kind != "announcement" and point.get("key_dates"):
                self.add(here + ("key_dates",), "only points of kind 'announcement' have key dates")
            for k, key_date in _items(point.get("key_dates")):
                value, precision = _str(key_date.get("date")), key_date.get("precision")
                if "qualifier" in key_date and precision == "day":
                    self.add(here + ("key_dates", k, "qualifier"),
                             "only a date of precision 'month' has a part of the month")
                if value is None or precision not in ("day", "month"):
                    continue
                try:
                    parse_key_date(value, precision)
                except ValueError:
                    wanted = "YYYY-MM" if precision == "month" else "YYYY-MM-DD"
                    if len(value) in (7, 10):  # else the schema has said how dates are written
                        self.add(here + ("key_dates", k, "date"),
                                 f"{value!r} does not match precision {precision!r}, written {wanted}")

    def revisions(self, revisions: Any, path: Path) -> None:
        previous = None
        for k, revision in _items(revisions):
            number = revision.get("number")
            if not isinstance(number, int) or isinstance(number, bool):
                continue
            if previous is not None and number <= previous:
                self.add(path + (k, "number"), f"revision numbers must increase: {number} comes after {previous}")
            previous = number
