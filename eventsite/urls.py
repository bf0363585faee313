"""What the site's addresses carry: row ids and page numbers; and the site's own address for links sent away.

An id or page number past what the database can hold names nothing there: it is "not found", not
an overflow in the database driver. Links that leave the site (the Atom and iCalendar feeds) are
made from the configured BASE_URL, never from the Host header a request happens to send.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request, url_for
from werkzeug.routing import IntegerConverter, Rule, ValidationError

#: the largest integer SQLite and PostgreSQL's bigint hold; a larger one cannot name a row
MAX_ID = 2**63 - 1
#: no list has this many pages, and its offset (page × items per page) still fits the database
MAX_PAGE = 2**31 - 1


def init_app(app: Flask) -> None:
    # before any blueprint adds its routes: a rule takes its converter when it is added
    app.url_map.converters["int"] = IdConverter
    app.url_rule_class = SharedBuilderRule


class SharedBuilderRule(Rule):
    """A rule compiled once per process, not once per app.

    Werkzeug parses each rule and writes its URL builder as Python source, compiled when the rule is
    added: nearly all of `create_app`'s time, paid again by every app a process makes (each test, each
    command). What it makes depends only on the rule and on the classes of the map's converters, so the
    first app's rule keeps it and the same rule of a later app takes it: the parts the matcher reads, the
    trace, and the builders' code (the builders reach their converters through the rule they are bound
    to). Each rule still makes its own converters, bound to its own map.
    """

    _builders: dict = {}
    #: (the rule's key) → (parts, trace, the converters it asked for: (variable, name, args, kwargs))
    _compiled: dict = {}

    def compile(self) -> None:
        key = (self.rule, self.host, self.subdomain, self.merge_slashes, self.map.host_matching,
               tuple(sorted(self.map.converters.items())))
        kept = self._compiled.get(key)
        if kept is None:
            self._asked: list = []
            super().compile()
            self._compiled[key] = (tuple(self._parts), tuple(self._trace), tuple(self._asked))
            del self._asked
            return
        parts, trace, asked = kept
        self._parts, self._trace, self._converters = list(parts), list(trace), {}
        for variable, name, args, kwargs in asked:
            self._converters[variable] = self.get_converter(variable, name, args, kwargs)
            self.arguments.add(variable)
        self._build = self._compile_builder(False).__get__(self, None)
        self._build_unknown = self._compile_builder(True).__get__(self, None)

    def get_converter(self, variable_name, converter_name, args, kwargs):
        asked = getattr(self, "_asked", None)
        if asked is not None:
            asked.append((variable_name, converter_name, args, kwargs))
        return super().get_converter(variable_name, converter_name, args, kwargs)

    def _compile_builder(self, append_unknown: bool = True):
        defaults = self.defaults or {}
        # a default of a variable in the rule is written into the code as its converter spells it
        folded = tuple(sorted((name, self._converters[name].to_url(value) if name in self._converters else repr(value))
                              for name, value in defaults.items()))
        key = (self.rule, self.host, self.subdomain, tuple(self._trace), folded, append_unknown)
        builder = self._builders.get(key)
        if builder is None:
            builder = self._builders[key] = super()._compile_builder(append_unknown)
        return builder


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: ASCII digits up to MAX_ID; anything else does not match (404)."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)

    def to_python(self, value: str) -> int:
        # Python refuses to read an integer of more than 4,300 digits; none that long is a row's
        if len(value) > len(str(MAX_ID)):
            raise ValidationError()
        return super().to_python(value)


def id_from(text: str | None) -> int | None:
    """The row id written in `text` ("12"), or None when it is not one the database could hold."""
    if not text or len(text) > len(str(MAX_ID)) or not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def page_number(name: str = "page") -> int:
    """The page a list is asked for (`?page=`, or `?<name>=` where a page has several lists): 1 when it is
    missing or not a number; past MAX_PAGE, 404."""
    raw = request.args.get(name, "")
    if not (raw.isascii() and raw.isdigit()):
        return 1
    digits = raw.lstrip("0")
    if len(digits) > len(str(MAX_PAGE)) or int(digits or 0) > MAX_PAGE:
        abort(404)
    return max(int(digits or 0), 1)


def absolute_url(endpoint: str, **values) -> str:
    """The address of `endpoint` as readers outside reach it: BASE_URL, then the path."""
    return base_url() + url_for(endpoint, **values)


def base_url() -> str:
    """BASE_URL without a trailing slash: scheme, host and port, e.g. https://events.example.org."""
    return current_app.config["BASE_URL"].rstrip("/")


def site_host() -> str:
    """The host name of BASE_URL, e.g. events.example.org, for identifiers such as iCalendar UIDs."""
    return urlsplit(base_url()).hostname or "localhost"
