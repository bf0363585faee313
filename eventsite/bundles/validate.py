"""Checking a bundle before anything is written: the JSON Schema, then what a schema cannot say.

Every problem names its place in the document as a path such as
`sessions[0].points[3].kind`, and all problems are reported at once, sorted by path,
so that a person fixing a file by hand sees the whole list.
"""
from __future__ import annotations

import functools
import json
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """("sessions", 0, "points", 3, "kind") → "sessions[0].points[3].kind"."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
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
        self.problems = sorted(set(problems), key=lambda p: (_sort_key(p.path), p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


@functools.cache
def schema() -> dict:
    return json.loads(resources.files("eventsite.bundles").joinpath("schema.json").read_text(encoding="utf-8"))


def validate_bundle(data: Any) -> list[Problem]:
    """Every problem of the bundle, sorted by path; an empty list means it may be imported."""
    problems = set(_schema_problems(data))
    if isinstance(data, dict):
        problems.update(_Semantics(data).problems())
    return sorted(problems, key=lambda p: (_sort_key(p.path), p.message))


# -- the schema ---------------------------------------------------------------------------------


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _schema_problems(data: Any):
    validator = Draft202012Validator(schema())
    for error in validator.iter_errors(data):
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
        elif kind == "const":
            yield Problem(path, f"{_short(instance)} should be {_short(value)}")
        elif kind == "enum":
            yield Problem(path, f"{_short(instance)} is not one of {value}")
        elif kind == "type":
            wanted = " or ".join(value) if isinstance(value, list) else value
            yield Problem(path, f"{_short(instance)} is not of type {wanted}")
        elif kind == "maxLength":
            yield Problem(path, f"is {len(instance)} characters long; at most {value} are allowed")
        elif kind == "minLength":
            yield Problem(path, "should not be empty")
        else:
            yield Problem(path, error.message)


# -- what the schema cannot say ----------------------------------------------------------------


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


class _Semantics:
    """Checks that need more than one value: references, uniqueness, order of dates.

    Written defensively: parts the schema refused are skipped, so every other
    problem is still found in the same run.
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

    def day(self, value: Any, path: Path) -> date | None:
        if _str(value) is None or len(value) != 10:
            return None  # the schema reports the shape
        try:
            return parse_day(value)
        except ValueError:
            self.add(path, f"{value!r} is not a date in the calendar")
            return None

    def time(self, value: Any, path: Path) -> datetime | None:
        if _str(value) is None:
            return None
        try:
            parsed = parse_time(value)
        except ValueError:
            if value[:1].isdigit() and "T" in value:
                self.add(path, f"{value!r} is not a time in the calendar")
            return None
        return parsed if parsed.tzinfo is not None else None

    def forum(self) -> None:
        forum = self.data.get("forum")
        if not isinstance(forum, dict):
            return
        starts = self.day(forum.get("starts_on"), ("forum", "starts_on"))
        ends = self.day(forum.get("ends_on"), ("forum", "ends_on"))
        if starts and ends and ends < starts:
            self.add(("forum", "ends_on"), f"the forum ends ({ends}) before it starts ({starts})")
        zone = _str(forum.get("timezone"))
        if zone and zone not in _zones():
            self.add(("forum", "timezone"), f"{zone!r} is not an IANA time zone (such as 'Asia/Novosibirsk')")

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
        return f"{key!r} is not the key of any {what} in the bundle"

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
            starts = self.time(session.get("starts_at"), path + ("starts_at",))
            ends = self.time(session.get("ends_at"), path + ("ends_at",))
            if starts and ends and ends <= starts:
                self.add(path + ("ends_at",), "the session ends before it starts")
            participants = self.participants(session, path)
            self.groups(session, path)
            self.points(session, path, participants)
            self.press_releases(session, path)

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

    def points(self, session: dict, path: Path, participants: set[str]) -> None:
        for j, point in _items(session.get("points")):
            here = path + ("points", j)
            kind = point.get("kind")
            speaker = _str(point.get("speaker"))
            if speaker is not None and speaker not in participants:
                if speaker in self.people:
                    self.add(here + ("speaker",), f"{speaker!r} is not among this session's participants")
                else:
                    self.add(here + ("speaker",), self._not_a("person", speaker))
            if kind != "action":
                for name in ("owner", "due_on", "status"):
                    if name in point:
                        self.add(here + (name,), f"only points of kind 'action' have {name!r}")
            else:
                owner = _str(point.get("owner"))
                if owner is not None and owner not in self.people and owner not in self.organisations:
                    self.add(here + ("owner",), f"{owner!r} is not the key of any person or organisation in the bundle")
                if _str(point.get("due_on")) is not None:
                    self.day(point["due_on"], here + ("due_on",))
            if kind != "announcement" and "key_dates" in point:
                self.add(here + ("key_dates",), "only points of kind 'announcement' have key dates")
            for k, key_date in _items(point.get("key_dates")):
                value, precision = _str(key_date.get("date")), key_date.get("precision")
                if value is None or precision not in ("day", "month"):
                    continue
                try:
                    parse_key_date(value, precision)
                except ValueError:
                    wanted = "YYYY-MM" if precision == "month" else "YYYY-MM-DD"
                    self.add(here + ("key_dates", k, "date"),
                             f"{value!r} does not match precision {precision!r}, written {wanted}")

    def press_releases(self, session: dict, path: Path) -> None:
        headlines: dict[str, int] = {}
        for j, release in _items(session.get("press_releases")):
            here = path + ("press_releases", j)
            headline = _str(release.get("headline"))
            if headline is not None:
                if headline in headlines:
                    self.add(here + ("headline",),
                             f"{headline!r} is also the headline of press_releases[{headlines[headline]}];"
                             " releases are told apart by headline")
                headlines.setdefault(headline, j)
            self.time(release.get("embargo_until"), here + ("embargo_until",))
