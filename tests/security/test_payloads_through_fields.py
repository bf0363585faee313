"""Every hostile payload through every input field, then every page, feed and calendar that shows it.

The payloads go in rounds of a few (`ROUND_SIZE`), each of one kind (markup, characters, syntax,
size), so that a round that breaks something names a handful of suspects of one kind. Each round has a forum of its
own (`h<n>`) with a session, a point with a key date, draft minutes with a correction request, and a
published press release, and types its payloads into each form through the real view, as the role
that uses the form:

- the *accepting* post fills every free-text field with as many of the round's payloads as the
  field's own length limit takes (one after another), and valid values into the structured fields
  (slug, dates, email, language), so that the text is saved;
- the *refused* post puts all of the round's payloads into every text field, the structured ones
  and the name lookups too, so the form comes back showing them at the fields.

Then the round reads every page that shows those fields, the newsroom's Atom feed and the forum's
calendar. The round's release leaves the feed afterwards, so each round's feed holds its own text.
Payloads that hide what follows them in Markdown (an unclosed `<script>`, `<style>` or block
element) go last in a field; and each payload alone goes through the Markdown sanitiser too
(test_checks.py, `test_each_payload_alone_…`).

All rounds run once, in the `rounds` fixture; each test below asserts one property over all of them
and names the payloads that broke it.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import pytest
from wtforms.validators import Length

from conftest import Factory
from eventsite.accounts.forms import LoginForm, UserForm
from eventsite.minutes.forms import CorrectionForm, DecisionForm, RequestForm, SummaryForm
from eventsite.models import (
    CorrectionRequest, CorrectionStatus, DatePrecision, DiscussionPoint, DocumentStatus, Forum, ForumSession, Minutes,
    PointKind, PressRelease, User, db,
)
from eventsite.models.base import utcnow
from eventsite.organise.forms import (
    ForumForm, GroupForm, KeyDateForm, OrganisationForm, ParticipantForm, PersonForm, PointForm, SessionForm,
)
from eventsite.press.forms import PressReleaseForm

from queue_fixtures import idle_queue, redis_url  # noqa: F401 (fixtures)

from .checks import Listener, atom_problems, ical_problems, live_markup
from .conftest import Answer
from .payloads import PAYLOADS, Payload, in_one_field

#: every form and the fields the payloads go into (the structured ones only in the refused post)
FORMS: dict[str, tuple[type, tuple[str, ...]]] = {
    "forum": (ForumForm, ("name", "title", "city", "country", "about", "press_contact_name",
                          "press_contact_phone", "slug", "language", "timezone", "press_contact_email", "starts_on",
                          "ends_on")),
    "session": (SessionForm, ("title", "venue", "summary", "slug", "language", "local_start", "local_end")),
    "person": (PersonForm, ("name", "native_name", "email")),
    "organisation": (OrganisationForm, ("name", "short_name", "parent_name")),
    "participant": (ParticipantForm, ("new_name", "new_native_name", "position", "new_organisation", "person_name",
                                      "organisation_name", "new_email")),
    "group": (GroupForm, ("name",)),
    "capture point": (PointForm, ("title", "body", "tags")),
    "point": (PointForm, ("title", "body", "tags", "owner_name", "due_on", "dates-0-label", "dates-0-date")),
    "minutes summary": (SummaryForm, ("summary",)),
    "correction request": (RequestForm, ("text",)),
    "correction decision": (DecisionForm, ("response",)),
    "correction reason": (CorrectionForm, ("reason",)),
    "press release": (PressReleaseForm, ("headline", "subheadline", "dateline", "body", "reason", "embargo_local")),
    "press preview": (PressReleaseForm, ("headline", "subheadline", "dateline", "body")),
    "account": (UserForm, ("name", "email", "password")),
    "login": (LoginForm, ("email", "password")),
    # the GET forms: their answer is the results page, the query shown in it
    "search": (None, ("q",)),
    "people search": (None, ("q",)),
    "organisations search": (None, ("q",)),
}
FIELD_COUNT = sum(len(fields) for _, fields in FORMS.values())

PAGES = ["session page", "forum page", "minutes page", "minutes comparison", "press release page",
         "press office page", "newsroom", "accounts page"]

BENIGN = "Benign text"


def max_length(form_class: type, name: str) -> int | None:
    """The longest value the form's field takes, from its own Length validator; None for no limit."""
    unbound = getattr(form_class, name)
    validators = unbound.kwargs.get("validators") or (unbound.args[1] if len(unbound.args) > 1 else [])
    limits = [v.max for v in validators if isinstance(v, Length) and v.max is not None and v.max >= 0]
    return min(limits) if limits else None


#: payloads per round: a page or a feed broken by a round names this many suspects
ROUND_SIZE = 10
#: how payloads follow each other in one field: a space on one line, a paragraph in Markdown
ONE_LINE, MARKDOWN = " ", "\n\n"


def rounds_of(payloads: list[Payload], size: int = ROUND_SIZE) -> list[list[Payload]]:
    """Consecutive payloads of one kind, at most `size` to a round (the long one has a round of its own)."""
    rounds = []
    for kind in dict.fromkeys(p.kind for p in payloads):
        same = [p for p in payloads if p.kind == kind]
        # as even as they come: 16 of a kind make two rounds of 8, not 10 and 6
        count = -(-len(same) // size)
        rounds += [same[len(same) * r // count:len(same) * (r + 1) // count] for r in range(count)]
    return rounds


def pack(texts: list[str], limit: int | None, separator: str, fallback: str = BENIGN) -> str:
    """As many of `texts` as fit within `limit` characters together, in order; `fallback` if none fits."""
    chosen, length = [], 0
    for text in texts:
        extra = len(text) + (len(separator) if chosen else 0)
        if limit is None or length + extra <= limit:
            chosen.append(text)
            length += extra
    return separator.join(chosen) if chosen else fallback


def is_plain(value: str, separator: str) -> bool:
    """Printable ASCII (and paragraph breaks in Markdown): no rule of the issue lets a form refuse it."""
    allowed = "\n" if separator == MARKDOWN else ""
    return value == value.strip() and all(" " <= c <= "~" or c in allowed for c in value)


@dataclass
class Observations:
    server_errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    echoes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    pages: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    refused_plain: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    atom: list[str] = field(default_factory=list)
    ical: list[str] = field(default_factory=list)
    fetched: list[str] = field(default_factory=list)


class Round:
    """A few payloads' way through the forms and back out through the pages."""

    def __init__(self, app, accounts, seen: Observations, n: int, payloads: list[Payload], fetch_url: str):
        self.app, self.accounts, self.seen, self.n = app, accounts, seen, n
        # shortest first, so that a short field takes as many as it can; what hides the rest, last
        ordered = in_one_field(sorted(payloads, key=lambda p: len(p.text)))
        self.texts = [p.with_fetch_url(fetch_url) for p in ordered]
        names = [p.id for p in payloads]
        self.label = f"[{', '.join(names)}]"
        #: all of the round's payloads in one value, for the refused posts and the lookups
        self.line = ONE_LINE.join(self.texts)
        self.block = MARKDOWN.join(self.texts)
        self.forum = f"h{n}"
        self.base = f"/forums/{self.forum}/s"

    # -- arranging the round's own records ------------------------------------------------------

    def arrange(self) -> None:
        with self.app.app_context():
            make = Factory()
            make.count = self.n * 1000
            forum = make.forum(slug=self.forum, name=f"Hostile forum {self.n}")
            session = make.session(forum, slug="s", title=f"Hostile session {self.n}")
            participant = db.session.get(User, self.accounts.ids["participant"])
            make.participation(session, participant.person)
            point = make.point(session, kind=PointKind.announcement, title="Announcement", body=BENIGN)
            make.key_date(point, label=BENIGN, date=date(2016, 9, 26), precision=DatePrecision.day)
            minutes = Minutes(session=session, status=DocumentStatus.draft, summary="", revision=0)
            request = CorrectionRequest(minutes=minutes, author=participant, text=BENIGN,
                                        status=CorrectionStatus.open)
            release = PressRelease(session=session, headline=f"Hostile release {self.n}", body=BENIGN,
                                   status=DocumentStatus.published, published_at=utcnow(), revision=1)
            target = make.user("participant", email=f"target-{self.n}@example.org")
            db.session.add_all([minutes, request, release])
            db.session.commit()
            self.ids = dict(forum=forum.id, session=session.id, point=point.id, minutes=minutes.id,
                            request=request.id, release=release.id, target=target.id)

    def version(self, model) -> int:
        """The version the form would carry: the row as it is now."""
        name = {Forum: "forum", ForumSession: "session", DiscussionPoint: "point", Minutes: "minutes",
                PressRelease: "release", User: "target"}[model]
        with self.app.app_context():
            return db.session.get(model, self.ids[name]).version

    def retire_release(self) -> None:
        """Out of the feed, so the next round's feed carries only the next payloads."""
        with self.app.app_context():
            db.session.get(PressRelease, self.ids["release"]).status = DocumentStatus.draft
            db.session.commit()

    # -- values ---------------------------------------------------------------------------------

    def fill(self, form_class: type, names: tuple[str, ...], markdown: tuple[str, ...] = (),
             suffix: str = "") -> dict[str, str]:
        """The accepting post's free-text fields: the round's payloads packed into each field's limit."""
        values = {}
        for name in names:
            separator = MARKDOWN if name in markdown else ONE_LINE
            # a name of its own when nothing fits: organisation names are unique
            fallback = f"{BENIGN} {self.n} {name}{suffix}"
            values[name] = pack([t + suffix for t in self.texts], max_length(form_class, name), separator, fallback)
        return values

    # -- recording what came back ---------------------------------------------------------------

    def submit(self, form: str, answer: Answer, accepting: dict | None = None,
               markdown: tuple[str, ...] = ()) -> Answer:
        """Record a form's answer; `accepting` holds the free-text values a valid form would save."""
        tag = f"{self.label}: {answer.describe()}"
        if answer.server_error:
            self.seen.server_errors[form].append(tag)
        elif answer.is_html:
            self.seen.echoes[form] += [f"{self.label}: {p}" for p in live_markup(answer.text)]
        if accepting is not None and answer.status not in (302, 303) and all(
                is_plain(v, MARKDOWN if k in markdown else ONE_LINE) for k, v in accepting.items()):
            self.seen.refused_plain[form].append(tag)
        return answer

    def page(self, name: str, answer: Answer) -> Answer:
        if answer.status == 200:
            self.seen.pages[name] += [f"{self.label}: {p}" for p in live_markup(answer.text)]
        else:
            self.seen.server_errors[name].append(f"{self.label}: {answer.describe()}")
        return answer

    def post(self, role: str, path: str, data: dict) -> Answer:
        return self.accounts[role].post(path, data=data)

    # -- the forms ------------------------------------------------------------------------------

    def run(self) -> None:
        self.arrange()
        self.forum_form()
        self.session_form()
        self.people_forms()
        self.participant_forms()
        self.point_forms()
        self.minutes_forms()
        self.press_forms()
        self.account_forms()
        self.read_everything()
        self.retire_release()

    def everything(self, form: str, markdown: tuple[str, ...] = ()) -> dict[str, str]:
        return {name: self.block if name in markdown else self.line for name in FORMS[form][1]}

    def forum_form(self) -> None:
        markdown = ("about",)
        free = self.fill(ForumForm, ("name", "title", "city", "country", "about", "press_contact_name",
                                     "press_contact_phone"), markdown)
        valid = dict(slug=self.forum, starts_on="2016-06-09", ends_on="2016-06-10", timezone="Asia/Novosibirsk",
                     language="en", press_contact_email="press@example.org")
        path = f"/forums/{self.forum}/edit"
        self.submit("forum", self.post("organiser", path, {**free, **valid, "version": self.version(Forum)}),
                    free, markdown)
        everything = self.everything("forum", markdown)
        self.submit("forum", self.post("organiser", path, {**everything, "version": self.version(Forum)}))

    def session_form(self) -> None:
        markdown = ("summary",)
        free = self.fill(SessionForm, ("title", "venue", "summary"), markdown)
        valid = dict(slug="s", kind="round_table", local_start="2016-06-10T14:00", local_end="2016-06-10T16:00",
                     language="en", visibility="public")
        path = f"{self.base}/edit"
        self.submit("session", self.post("organiser", path, {**valid, **free, "version": self.version(ForumSession)}),
                    free, markdown)
        everything = {**valid, **self.everything("session", markdown)}
        self.submit("session", self.post("organiser", path, {**everything, "version": self.version(ForumSession)}))

    def people_forms(self) -> None:
        person = self.fill(PersonForm, ("name", "native_name"))
        self.submit("person", self.post("organiser", "/people/new", {**person, "email": ""}), person)
        self.submit("person", self.post("organiser", "/people/new", self.everything("person")))
        organisation = self.fill(OrganisationForm, ("name", "short_name"))
        self.submit("organisation", self.post("organiser", "/organisations/new",
                                              {**organisation, "kind": "other", "parent_name": "", "parent_id": ""}),
                    organisation)
        # the parent is looked up by the typed name once the rest of the form is valid
        lookup = {"name": f"Part {self.n}", "short_name": "", "kind": "other", "parent_name": self.line,
                  "parent_id": self.line}
        self.submit("organisation", self.post("organiser", "/organisations/new", lookup))

    def participant_forms(self) -> None:
        path = f"{self.base}/participants"
        base = dict(role="speaker", attendance="attended", new_organisation_kind="other", person_id="",
                    organisation_id="", person_name="", organisation_name="", new_name="", new_native_name="",
                    new_email="", new_organisation="", position="")
        created = {**self.fill(ParticipantForm, ("new_name", "new_native_name", "position")),
                   # organisation names are unique: the one the organisation form made has the same text
                   **self.fill(ParticipantForm, ("new_organisation",), suffix=" (new)")}
        self.submit("participant", self.post("organiser", path, {**base, **created}), created)
        # found by the typed names: the lookups read the payloads once the rest of the form is valid
        line = self.line
        self.submit("participant", self.post("organiser", path, {**base, "person_name": line,
                                                                 "organisation_name": line}))
        self.submit("participant", self.post("organiser", path, {**base, "new_name": line, "new_native_name": line,
                                                                 "new_email": line, "position": line}))
        group = self.fill(GroupForm, ("name",))
        self.submit("group", self.post("organiser", f"{self.base}/groups", {"group-name": group["name"]}), group)

    def point_forms(self) -> None:
        markdown = ("body",)
        free = self.fill(PointForm, ("title", "body", "tags"), markdown)
        capture = {"kind": "statement", "speaker_id": "0", **free}
        self.submit("capture point", self.post("organiser", f"{self.base}/points", capture), free, markdown)
        path = f"{self.base}/points/{self.ids['point']}/edit"
        label = self.fill(KeyDateForm, ("label",))["label"]
        edited = {"kind": "announcement", "speaker_id": "0", **free, "status": "open", "owner_name": "",
                  "owner_ref": "", "due_on": "", "dates-0-label": label, "dates-0-date": "2016-09-26",
                  "dates-0-precision": "day"}
        self.submit("point", self.post("organiser", path, {**edited, "version": self.version(DiscussionPoint)}),
                    {**free, "label": label}, markdown)
        # an action's owner is looked up by the typed name; a key date's date is parsed from the text
        refused = {**edited, "kind": "action", **self.everything("point", markdown)}
        self.submit("point", self.post("organiser", path, {**refused, "version": self.version(DiscussionPoint)}))

    def minutes_forms(self) -> None:
        path = f"{self.base}/minutes"
        summary = self.fill(SummaryForm, ("summary",), ("summary",))
        self.submit("minutes summary", self.post("organiser", f"{path}/summary",
                                                 {**summary, "version": self.version(Minutes)}), summary, ("summary",))
        request = self.fill(RequestForm, ("text",), ("text",))
        self.submit("correction request", self.post("participant", f"{path}/requests", request), request, ("text",))
        response = self.fill(DecisionForm, ("response",), ("response",))
        self.submit("correction decision", self.post("organiser", f"{path}/requests/{self.ids['request']}",
                                                     {"decision": "decline", **response}), response, ("response",))
        self.post("organiser", f"{path}/approve", {})
        reason = self.fill(CorrectionForm, ("reason",), ("reason",))
        self.submit("correction reason", self.post("organiser", f"{path}/correction", reason), reason, ("reason",))

    def press_forms(self) -> None:
        markdown = ("body",)
        path = f"/press-releases/{self.ids['release']}"
        free = self.fill(PressReleaseForm, ("headline", "subheadline", "dateline", "body", "reason"), markdown)
        # the release is published, so a change needs a reason
        edited = {**free, "language": "en", "embargo_local": "", "action": "save"}
        self.submit("press release", self.post("press", f"{path}/edit",
                                               {**edited, "version": self.version(PressRelease)}), free, markdown)
        everything = {**edited, **self.everything("press release", markdown)}
        self.submit("press release", self.post("press", f"{path}/edit",
                                               {**everything, "version": self.version(PressRelease)}))
        answer = self.post("press", f"{path}/preview", self.everything("press preview", markdown))
        if answer.server_error:
            self.seen.server_errors["press preview"].append(f"{self.label}: {answer.describe()}")
        elif answer.status == 200:
            for name, html in json.loads(answer.text).items():
                self.seen.echoes["press preview"] += [f"{self.label}: {name}: {p}" for p in live_markup(html)]

    def account_forms(self) -> None:
        name = self.fill(UserForm, ("name",))
        edited = {"email": f"target-{self.n}@example.org", **name, "role": "participant", "person_id": "0",
                  "active": "y", "password": "", "version": self.version(User)}
        self.submit("account", self.post("admin", f"/admin/users/{self.ids['target']}", edited), name)
        line = self.line
        self.submit("account", self.post("admin", "/admin/users/new",
                                         {"email": line, "name": line, "role": "participant", "person_id": "0",
                                          "password": line}))
        self.submit("login", self.accounts["anonymous"].post("/login", data={"email": line, "password": line}))

    # -- reading it all back --------------------------------------------------------------------

    def read_everything(self) -> None:
        anonymous, organiser = self.accounts["anonymous"], self.accounts["organiser"]
        for name, who, path in [("search", anonymous, "/search"), ("people search", organiser, "/people/"),
                                ("organisations search", organiser, "/organisations/")]:
            self.submit(name, who.get(path, query_string={"q": self.line}))
        self.page("session page", anonymous.get(f"{self.base}/"))
        self.page("forum page", anonymous.get(f"/forums/{self.forum}/"))
        self.page("minutes page", organiser.get(f"{self.base}/minutes"))
        with self.app.app_context():
            last = db.session.get(Minutes, self.ids["minutes"]).revision
        if last >= 2:
            self.page("minutes comparison", organiser.get(f"{self.base}/minutes/compare?old=1&new={last}"))
        self.page("press release page", anonymous.get(f"{self.base}/press-release"))
        self.page("press office page", self.accounts["press"].get(f"/press-releases/{self.ids['release']}"))
        self.page("newsroom", anonymous.get("/newsroom"))
        self.page("accounts page", self.accounts["admin"].get("/admin/users"))
        atom = anonymous.get("/newsroom.atom")
        if atom.status != 200:
            self.seen.atom.append(f"{self.label}: {atom.describe()}")
        else:
            self.seen.atom += [f"{self.label}: {p}" for p in atom_problems(atom.data)]
        calendar = anonymous.get(f"/forums/{self.forum}/calendar.ics")
        if calendar.status != 200:
            self.seen.ical.append(f"{self.label}: {calendar.describe()}")
        else:
            self.seen.ical += [f"{self.label}: {p}" for p in ical_problems(calendar.data)]


@pytest.fixture(scope="module")
def module_config(idle_queue) -> dict:
    """A queue and no worker (queue_fixtures.idle_queue): this module's subject is the pages, feeds and
    calendars; the PDFs of the same payloads are test_payloads_in_pdfs.py's, and rendering 22 of them here
    cost half of this module's time (23 of 43 s)."""
    return {"QUEUE_URL": idle_queue} if idle_queue else {}


@pytest.fixture(scope="module")
def rounds(module_app, accounts) -> Observations:
    seen = Observations()
    listener = Listener()
    try:
        for n, payloads in enumerate(rounds_of(PAYLOADS), start=1):
            Round(module_app, accounts, seen, n, payloads, listener.url).run()
    finally:
        listener.close()
    seen.fetched = listener.requests
    return seen


def _report(lines: list[str], limit: int = 12) -> str:
    shown = "\n  ".join(lines[:limit])
    more = f"\n  … and {len(lines) - limit} more" if len(lines) > limit else ""
    return f"{len(lines)} found:\n  {shown}{more}"


def test_the_review_figures_hold(rounds):
    # at least 60 payloads through every field the suite names (the review: 80 payloads in 32 fields)
    assert len(PAYLOADS) >= 60 and FIELD_COUNT >= 32


@pytest.mark.parametrize("form", list(FORMS))
def test_no_payload_in_a_form_gets_a_server_error(rounds, form):
    errors = rounds.server_errors.get(form, [])
    assert not errors, f"the {form} form answered with a server error: {_report(errors)}"


@pytest.mark.parametrize("form", list(FORMS))
def test_a_form_shows_what_was_typed_inert(rounds, form):
    problems = rounds.echoes.get(form, [])
    assert not problems, f"the {form} form's answer has live markup: {_report(problems)}"


@pytest.mark.parametrize("page", PAGES)
def test_pages_that_show_the_fields_have_no_live_markup(rounds, page):
    errors = rounds.server_errors.get(page, [])
    problems = rounds.pages.get(page, [])
    assert not errors, f"the {page} failed: {_report(errors)}"
    assert not problems, f"the {page} has live markup from user text: {_report(problems)}"


def test_plain_hostile_text_is_saved_not_refused(rounds):
    # the checks above mean something only if the payloads were saved: markup is text to escape
    refused = [f"{form}: {line}" for form, lines in rounds.refused_plain.items() for line in lines]
    assert not refused, f"printable one-line text was refused: {_report(refused)}"


def test_the_atom_feed_stays_well_formed_whatever_was_typed(rounds):
    assert not rounds.atom, f"/newsroom.atom broke: {_report(rounds.atom)}"


def test_the_calendar_carries_no_injected_property_whatever_was_typed(rounds):
    assert not rounds.ical, f"calendar.ics broke: {_report(rounds.ical)}"


def test_nothing_was_fetched_while_the_payloads_were_saved_and_shown(rounds):
    assert rounds.fetched == []
