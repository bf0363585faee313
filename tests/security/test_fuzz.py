"""A hypothesis fuzz of every form and every query string: no input gets a server error.

Each form is posted, as the role that uses it, with valid values in every field but one or two,
which get a value from that field's kind of trouble: integers past 2^63, dates out of range, an
unknown choice, a reference to a row that cannot exist, 60,000 characters, a hostile payload, or
arbitrary text. Every field is also tried once on its own with the worst value of its kind (the
explicit examples), so the run finds the same things every time; hypothesis adds examples of its
own, derandomised for the same reason. Query strings (page=, q=, kind=, ids) and the ids and slugs in
addresses are fuzzed the same way.

Failing examples are collected rather than raised, so a test names every input that broke its form
(hypothesis does not then shrink, which would cost hundreds of requests).
"""
from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from conftest import Factory
from eventsite.models import (
    ActionStatus, CorrectionRequest, CorrectionStatus, DatePrecision, DiscussionPoint, DocumentStatus, Forum,
    ForumSession, Minutes, MinutesRevision, Organisation, ParticipantGroup, Participation, Person, PointKind,
    PressRelease, PressReleaseRevision, User, db,
)

from .payloads import PAYLOADS

HUGE = [str(2 ** 63), str(2 ** 64), str(-(2 ** 63) - 1), str(10 ** 30)]
#: the worst values of each kind of field; the first is the one every field gets on its own
EDGES = {
    "int": HUGE + ["-1", "0", "1.5", "", "x", "²", "٣", "1e3"],
    "date": ["0001-01-01", "9999-12-31", "2016-02-30", "20160610", "2016-06-10\n", "-2016-06-10", ""],
    "datetime": ["0001-01-01T00:00", "9999-12-31T23:59", "2016-06-10T25:00", "2016-06-10T14:00:00+99:00", ""],
    "choice": ["no-such-choice", "", "\x00", "Day", " day", "a" * 1000],
    "ref": [f"person:{HUGE[0]}", f"organisation:{HUGE[1]}", "person:²", "organisation:-1", "person:", ":", "x:1"],
    "text": ["a" * 60_000, "\x00", " ", "%_\\", ""],
    "email": ["a" * 300 + "@example.org", "x@x", "@", "a@b@c", "\x00@example.org", ""],
    "file": [b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, b"GIF89a", b""],
}
EDGES["slug"] = EDGES["text"] + ["new", "a" * 81, "A-B", "x\n"]
EDGES["markdown"] = EDGES["text"]
EDGES["bool"] = ["y", "", "false", "\x00"]
HOSTILE = [p.text.replace("{FETCH}", "http://127.0.0.1:9") for p in PAYLOADS if not p.long]
#: any value at all, for any field
ANYTHING = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40),
                     st.integers(min_value=-(2 ** 70), max_value=2 ** 70).map(str))


def kind_values(kind: str):
    if kind == "file":
        return st.one_of(st.sampled_from(EDGES["file"]), st.binary(max_size=200))
    return st.one_of(st.sampled_from(EDGES[kind]), ANYTHING)


@dataclass
class Form:
    path: str
    role: str
    #: field name → (kind, valid value); a valid value "{…}" is filled from the world at send time
    fields: dict[str, tuple[str, str]]
    #: the row whose version the form carries (the world's name for it)
    row: str | None = None


V = "{version}"
FORMS: dict[str, Form] = {
    "new forum": Form("/forums/new", "admin", {
        "slug": ("slug", "fuzzed-{unique}"), "name": ("text", "Fuzzed"), "title": ("text", "Fuzzed forum"),
        "city": ("text", "Novosibirsk"), "country": ("text", "Russia"), "starts_on": ("date", "2016-06-09"),
        "ends_on": ("date", "2016-06-10"), "timezone": ("choice", "Asia/Novosibirsk"), "language": ("text", "en"),
        "about": ("markdown", "About."), "press_contact_name": ("text", ""),
        "press_contact_email": ("email", "press@example.org"), "press_contact_phone": ("text", "")}),
    "edit forum": Form("/forums/{forum}/edit", "admin", {
        "slug": ("slug", "{forum}"), "name": ("text", "Fuzz"), "title": ("text", "Fuzz forum"),
        "city": ("text", "Novosibirsk"), "country": ("text", "Russia"), "starts_on": ("date", "2016-06-09"),
        "ends_on": ("date", "2016-06-10"), "timezone": ("choice", "Asia/Novosibirsk"), "language": ("text", "en"),
        "about": ("markdown", "About."), "press_contact_email": ("email", "press@example.org"),
        "version": ("int", V)}, "forum"),
    "new session": Form("/forums/{forum}/sessions/new", "admin", {
        "slug": ("slug", "fuzzed-{unique}"), "kind": ("choice", "panel"), "title": ("text", "Fuzzed session"),
        "local_start": ("datetime", "2016-06-10T10:00"), "local_end": ("datetime", "2016-06-10T11:00"),
        "venue": ("text", "Hall"), "language": ("text", "en"), "visibility": ("choice", "public"),
        "summary": ("markdown", "")}),
    "edit session": Form("/forums/{forum}/{session}/edit", "admin", {
        "slug": ("slug", "{session}"), "kind": ("choice", "round_table"), "title": ("text", "Fuzz session"),
        "local_start": ("datetime", "2016-06-10T14:00"), "local_end": ("datetime", "2016-06-10T16:00"),
        "venue": ("text", "Hall A"), "language": ("text", "en"), "visibility": ("choice", "public"),
        "summary": ("markdown", ""), "version": ("int", V)}, "session"),
    "new person": Form("/people/new", "admin", {
        "name": ("text", "Fuzzed Person"), "native_name": ("text", ""), "email": ("email", "")}),
    "edit person": Form("/people/{person}/edit", "admin", {
        "name": ("text", "Fuzz Person"), "native_name": ("text", ""), "email": ("email", ""),
        "version": ("int", V)}, "person"),
    "new organisation": Form("/organisations/new", "admin", {
        "name": ("text", "Fuzzed Organisation {unique}"), "short_name": ("text", ""), "kind": ("choice", "other"),
        "parent_name": ("text", ""), "parent_id": ("ref", ""), "parent_name_pick": ("ref", "")}),
    "edit organisation": Form("/organisations/{organisation}/edit", "admin", {
        "name": ("text", "Fuzz Organisation"), "short_name": ("text", ""), "kind": ("choice", "research"),
        "parent_name": ("text", ""), "parent_id": ("ref", ""), "parent_name_pick": ("ref", ""),
        "version": ("int", V)}, "organisation"),
    "add participant": Form("/forums/{forum}/{session}/participants", "admin", {
        "role": ("choice", "speaker"), "attendance": ("choice", "attended"), "position": ("text", "Director"),
        "organisation_name": ("text", "Fuzz Organisation"), "organisation_id": ("ref", "{organisation_ref}"),
        "organisation_name_pick": ("ref", ""), "new_organisation": ("text", ""),
        "new_organisation_kind": ("choice", "other"), "person_name": ("text", ""), "person_id": ("ref", ""),
        "person_name_pick": ("ref", ""), "new_name": ("text", "New Participant"), "new_native_name": ("text", ""),
        "new_email": ("email", "")}),
    "edit participant": Form("/forums/{forum}/{session}/participants/{participation}/edit", "admin", {
        "role": ("choice", "moderator"), "attendance": ("choice", "attended"), "position": ("text", "Chair"),
        "organisation_name": ("text", ""), "organisation_id": ("ref", ""), "organisation_name_pick": ("ref", ""),
        "new_organisation": ("text", ""), "new_organisation_kind": ("choice", "other"), "version": ("int", V)},
        "participation"),
    "add group": Form("/forums/{forum}/{session}/groups", "admin", {"group-name": ("text", "state offices")}),
    "rename group": Form("/forums/{forum}/{session}/groups/{group}/rename", "admin", {
        "g{group}-name": ("text", "business"), "g{group}-version": ("int", V)}, "group"),
    "move group": Form("/forums/{forum}/{session}/groups/{group}/move", "admin", {"direction": ("choice", "up")}),
    "capture point": Form("/forums/{forum}/{session}/points", "admin", {
        "kind": ("choice", "statement"), "speaker_id": ("int", "0"), "title": ("text", ""),
        "body": ("markdown", "Said."), "tags": ("text", "a, b")}),
    "edit point": Form("/forums/{forum}/{session}/points/{point}/edit", "admin", {
        "kind": ("choice", "action"), "speaker_id": ("int", "{participation}"), "title": ("text", "Do it"),
        "body": ("markdown", "Text."), "tags": ("text", ""), "owner_name": ("text", "Fuzz Person"),
        "owner_ref": ("ref", "{person_ref}"), "owner_name_pick": ("ref", ""), "due_on": ("date", "2016-09-26"),
        "status": ("choice", "open"), "dates-0-label": ("text", "Deadline"), "dates-0-date": ("text", "2016-09"),
        "dates-0-precision": ("choice", "month"), "dates-0-remove": ("bool", ""), "version": ("int", V)}, "point"),
    "move point": Form("/forums/{forum}/{session}/points/{point}/move", "admin", {"direction": ("choice", "down")}),
    "minutes summary": Form("/forums/{forum}/{session}/minutes/summary", "admin", {
        "summary": ("markdown", "Summary."), "version": ("int", V)}, "minutes"),
    "correction": Form("/forums/{forum}/{session}/minutes/correction", "admin", {"reason": ("text", "A date.")}),
    "correction request": Form("/forums/{forum}/{session}/minutes/requests", "participant", {
        "text": ("markdown", "Please correct.")}),
    "correction decision": Form("/forums/{forum}/{session}/minutes/requests/{request}", "admin", {
        "decision": ("choice", "decline"), "response": ("text", "No.")}),
    "restore minutes revision": Form("/forums/{forum}/{session}/minutes/revisions/{revision}/restore", "admin", {}),
    # the form has no field of its own (a release takes its session's language): a stray one is ignored
    "new press release": Form("/forums/{forum}/{session}/press-releases/", "admin", {"language": ("choice", "en")}),
    "edit press release": Form("/press-releases/{release}/edit", "admin", {
        "headline": ("text", "Headline"), "subheadline": ("text", ""), "dateline": ("text", "NOVOSIBIRSK"),
        "embargo_local": ("datetime", ""), "body": ("markdown", "Body."),
        "reason": ("text", ""), "action": ("choice", "save"), "version": ("int", V)}, "release"),
    "press preview": Form("/press-releases/{release}/preview", "admin", {
        "headline": ("text", "H"), "subheadline": ("text", ""), "dateline": ("text", ""), "body": ("markdown", "B")}),
    "approve press release": Form("/press-releases/{release}/approve", "admin", {"version": ("int", V)}, "release"),
    "withdraw press release": Form("/press-releases/{release}/withdraw", "admin", {
        "reason": ("text", "Wrong."), "version": ("int", V)}, "release"),
    "restore press release revision": Form("/press-releases/{release}/revisions/1/restore", "admin", {
        "reason": ("text", "Back."), "version": ("int", V)}, "release"),
    "press settings": Form("/forums/{forum}/press-settings", "admin", {
        "logo": ("file", b""), "action": ("choice", "upload")}),
    "new account": Form("/admin/users/new", "admin", {
        "email": ("email", "fuzzed-{unique}@example.org"), "name": ("text", "Fuzzed"), "role": ("choice", "press"),
        "person_id": ("int", "0"), "active": ("bool", "y"), "password": ("text", "correct-horse-43")}),
    "edit account": Form("/admin/users/{user}", "admin", {
        "email": ("email", "target@example.org"), "name": ("text", "Target"), "role": ("choice", "participant"),
        "person_id": ("int", "{person}"), "active": ("bool", "y"), "password": ("text", ""),
        "version": ("int", V)}, "user"),
    "login": Form("/login", "anonymous", {"email": ("email", "press@example.org"), "password": ("text", "wrong")}),
}

#: GET addresses and the query parameters each reads, with (kind, valid value) as for forms
QUERIES: dict[str, tuple[str, dict[str, tuple[str, str]]]] = {
    "forums": ("/", {"page": ("int", "1")}),
    "forum page": ("/forums/{forum}/", {"page": ("int", "1")}),
    "newsroom": ("/newsroom", {"page": ("int", "1")}),
    "search": ("/search", {"q": ("text", "fuzz"), "kind": ("choice", "sessions"), "page": ("int", "1")}),
    "people": ("/people/", {"q": ("text", "fuzz"), "page": ("int", "1")}),
    "organisations": ("/organisations/", {"q": ("text", "fuzz"), "page": ("int", "1")}),
    "people lookup": ("/people/search", {"q": ("text", "fuzz")}),
    "organisations lookup": ("/organisations/search", {"q": ("text", "fuzz")}),
    "owners lookup": ("/owners/search", {"q": ("text", "fuzz")}),
    "minutes comparison": ("/forums/{forum}/{session}/minutes/compare",
                           {"old": ("int", "1"), "new": ("int", "2"), "only": ("choice", "changes")}),
    "points": ("/forums/{forum}/{session}/points", {"kind": ("choice", "statement"), "speaker": ("int", "0"),
                                                    "deleted": ("int", "0"), "moved": ("int", "{point}"),
                                                    "dir": ("choice", "up")}),
    "login page": ("/login", {"next": ("text", "/forums/")}),
    "my actions": ("/my/actions", {}),
}
ADDRESSES: dict[str, str] = {
    "a person": "/people/{n}/edit",
    "an organisation": "/organisations/{n}/edit",
    "an account": "/admin/users/{n}",
    "a press release": "/press-releases/{n}",
    "a press release's revision": "/press-releases/{release}/revisions/{n}",
    "a press release's PDF": "/press-releases/{big}.pdf",
    "a newsroom release": "/newsroom/{n}-{slug}",
    "a newsroom PDF": "/newsroom/{big}.pdf",
    "a participant": "/forums/{forum}/{session}/participants/{n}/edit",
    "a point": "/forums/{forum}/{session}/points/{n}/edit",
    "a minutes revision": "/forums/{forum}/{session}/minutes/revisions/{n}",
    "a minutes revision's PDF": "/forums/{forum}/{session}/minutes/revisions/{big}.pdf",
    "a forum": "/forums/{slug}/",
    "a session": "/forums/{forum}/{slug}/",
    "a calendar": "/forums/{slug}/calendar.ics",
    "a session's minutes": "/forums/{forum}/{slug}/minutes",
    "a forum's logo": "/forums/{slug}/logo.png",
}
#: examples hypothesis makes per form or address, besides the explicit ones
EXAMPLES = 3
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.large_base_example, HealthCheck.filter_too_much])


class World:
    """A forum with one of everything the forms change; slugs and versions are read when needed."""

    def __init__(self, app, accounts):
        self.app, self.accounts = app, accounts
        #: for what must be new each time (a slug, an organisation's name), so a valid form is saved
        self.unique = itertools.count(1)
        with app.app_context():
            make = Factory()
            make.count = 90_000
            forum = make.forum(slug="fuzz", name="Fuzz")
            session = make.session(forum, slug="s", title="Fuzz session")
            participant = db.session.get(User, accounts.ids["participant"])
            make.participation(session, participant.person)
            person = make.person(name="Fuzz Person")
            organisation = make.organisation(name="Fuzz Organisation")
            participation = make.participation(session, person, organisation=organisation)
            group = ParticipantGroup(session=session, position=1, name="state offices")
            db.session.add(group)
            point = make.point(session, kind=PointKind.action, title="Do it", body="Text.", owner_person=person,
                               due_on=date(2016, 9, 26), status=ActionStatus.open)
            make.key_date(point, label="Deadline", date=date(2016, 9, 1), precision=DatePrecision.month)
            minutes = Minutes(session=session, status=DocumentStatus.draft, summary="", revision=2)
            revisions = [MinutesRevision(minutes=minutes, number=n, status=DocumentStatus.draft, summary=f"r{n}",
                                         record={}) for n in (1, 2)]
            request = CorrectionRequest(minutes=minutes, author=participant, text="Please.",
                                        status=CorrectionStatus.open)
            release = PressRelease(session=session, headline="Fuzz release", body="Body.", revision=1,
                                   status=DocumentStatus.draft)
            release.revisions.append(PressReleaseRevision(number=1, status=DocumentStatus.draft,
                                                          headline="Fuzz release", body="Body."))
            user = make.user("participant", email="target@example.org")
            db.session.add_all([minutes, *revisions, request, release])
            db.session.commit()
            self.ids = {"forum": forum.id, "session": session.id, "person": person.id,
                        "organisation": organisation.id, "participation": participation.id, "group": group.id,
                        "point": point.id, "minutes": minutes.id, "request": request.id, "release": release.id,
                        "user": user.id, "revision": 1}

    def values(self) -> dict[str, str]:
        """The placeholders as the records are now: a fuzzed save may have renamed the forum."""
        with self.app.app_context():
            forum = db.session.get(Forum, self.ids["forum"])
            session = db.session.get(ForumSession, self.ids["session"])
            values = {name: str(value) for name, value in self.ids.items()}
            values.update(forum=forum.slug, session=session.slug, person_ref=f"person:{self.ids['person']}",
                          organisation_ref=f"organisation:{self.ids['organisation']}", unique=str(next(self.unique)))
            return values

    def version(self, row: str) -> str:
        with self.app.app_context():
            return str(db.session.get(MODELS[row], self.ids[row]).version)


MODELS = {"forum": Forum, "session": ForumSession, "person": Person, "organisation": Organisation,
          "participation": Participation, "group": ParticipantGroup, "point": DiscussionPoint, "minutes": Minutes,
          "release": PressRelease, "user": User}


@pytest.fixture(scope="module")
def world(module_app, accounts) -> World:
    return World(module_app, accounts)


def _fill(template: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


def _short(value) -> str:
    """A fuzzed input as a report can show it: long values by their start and length."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_short(v)}" for k, v in value.items()) + "}"
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:40]}… ({len(value):,} long)"


def _mutations(form: Form):
    """One or two of the form's fields and the values they get instead of valid ones."""
    names = sorted(form.fields)
    if not names:
        return st.just({})
    one = st.sampled_from(names).flatmap(lambda n: st.tuples(st.just(n), kind_values(form.fields[n][0])))
    return st.lists(one, min_size=1, max_size=2).map(dict)


#: kinds whose worst values every field gets once; free text gets the whole payload list in the rounds
#: of test_payloads_through_fields, so in forms it only takes its chance with hypothesis
STRUCTURED = {"int", "date", "datetime", "choice", "ref", "email", "bool", "file", "slug"}


#: a reference names its kind of row: the worst one of each kind
WORST = {"ref": EDGES["ref"][:2]}


def _explicit(form: Form) -> list[dict]:
    """Everything valid; and each structured field once with the worst value of its kind, the rest valid."""
    return [{}] + [{name: value} for name, (kind, _) in form.fields.items() if kind in STRUCTURED
                   for value in WORST.get(kind, EDGES[kind][:1])]


def post_form(world: World, form: Form, changes: dict):
    values = world.values()
    path = _fill(form.path, values)
    data = {}
    for name, (kind, valid) in form.fields.items():
        value = changes.get(name, valid)
        if value == V:
            value = world.version(form.row)
        if isinstance(value, str):
            value = _fill(value, values)
        data[_fill(name, values)] = value
    if "logo" in data:
        data["logo"] = (io.BytesIO(data["logo"]), "logo.png")
    return world.accounts[form.role].post(path, data=data)


def fuzz(draw_examples, explicit: list, send) -> list[str]:
    """Run `send` on the explicit examples and on hypothesis's; the answers that were server errors."""
    failures: list[str] = []

    def check(value):
        answer = send(value)
        if answer.server_error:
            failures.append(f"{answer.describe()} for {_short(value)}")

    run = given(draw_examples)(check)
    for value in reversed(explicit):
        run = example(value)(run)
    FUZZ(run)()
    return list(dict.fromkeys(failures))


def _report(failures: list[str], limit: int = 10) -> str:
    more = f"\n  … and {len(failures) - limit} more" if len(failures) > limit else ""
    return f"{len(failures)} server errors:\n  " + "\n  ".join(failures[:limit]) + more


@pytest.mark.parametrize("name", list(FORMS))
def test_no_form_input_gets_a_server_error(world, name):
    form = FORMS[name]
    failures = fuzz(_mutations(form), _explicit(form), lambda changes: post_form(world, form, changes))
    assert not failures, f"the {name} form: {_report(failures)}"


@pytest.mark.parametrize("name", list(QUERIES))
def test_no_query_string_gets_a_server_error(world, name):
    path, params = QUERIES[name]
    form = Form(path, "admin" if name != "login page" else "anonymous", params)
    explicit = _explicit(form) + ([{"q": "a" * 60_000}] if "q" in params else [])

    def send(changes):
        values = world.values()
        query = {param: _fill(changes.get(param, valid), values) for param, (_, valid) in params.items()}
        return world.accounts[form.role].get(_fill(path, values), query_string=query)

    failures = fuzz(_mutations(form), explicit, send)
    assert not failures, f"{path}: {_report(failures)}"


SEGMENTS = st.one_of(st.integers(min_value=-3, max_value=40).map(str), st.sampled_from(HUGE + ["²", "0x10"]),
                     st.integers(min_value=2 ** 31, max_value=2 ** 80).map(str))
SLUGS = st.one_of(st.sampled_from(["fuzz", "s", "new", "a" * 5000, "..", "%00", "\x00"]), st.text(max_size=30))


@pytest.mark.parametrize("name", list(ADDRESSES))
def test_no_address_gets_a_server_error(world, name):
    template = ADDRESSES[name]
    # ids of PDFs are never small: an id that exists would render a PDF, which the PDF tests do
    big = st.one_of(st.sampled_from(HUGE), st.integers(min_value=10 ** 6, max_value=2 ** 80).map(str))
    segments = {name: strategy for name, strategy in {"n": SEGMENTS, "slug": SLUGS, "big": big}.items()
                if "{" + name + "}" in template}
    strategy = st.fixed_dictionaries(segments)
    explicit = [{name: value for name in segments} for value in HUGE[:2]]

    def send(parts):
        quoted = {key: quote(value, safe="") for key, value in parts.items()}
        return world.accounts["admin"].get(_fill(_fill(template, quoted), world.values()))

    failures = fuzz(strategy, explicit, send)
    assert not failures, f"{template}: {_report(failures)}"
