"""Bundles: a refused bundle changes nothing and says where; import → export is lossless; import is idempotent."""
from __future__ import annotations

import copy
import json
from datetime import date, datetime, timezone

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from bundle_fixtures import differences, fresh_installation
from eventsite.bundles import BundleError, export_bundle, import_bundle, read_bundle, validate_bundle
from eventsite.bundles.demo import demo_bundle
from eventsite.bundles.validate import MAX_DEPTH
from eventsite.models import (
    ActionStatus, Attendance, AuditEntry, DatePrecision, DiscussionPoint, Forum, ForumSession, KeyDate, Minutes,
    MinutesRevision, MonthPart, Organisation, OrganisationKind, Person, PointKind, PressRelease, Role, SessionKind,
    User, UserRole, Visibility, db,
)


DATA = Path(__file__).parent / "data"
OLGA = {"name": "Olga Organiser", "email": "olga@example.org"}
ANNA = {"name": "Anna Ivanova", "email": "a.ivanova@example.org"}


def rich_bundle() -> dict:
    """Every kind of record the format holds, with history, written the way export writes it.

    Keys are not derived from names and the people and organisations are not in alphabetical order:
    both come back as given.
    """
    return {
        "format": "eventsite-bundle",
        "version": 2,
        "forum": {
            "slug": "open-science-2016", "name": "Open Science 2016", "title": "The Open Science Forum 2016",
            "city": "Moscow", "country": "Russia", "starts_on": "2016-10-03", "ends_on": "2016-10-05",
            "timezone": "Europe/Moscow", "language": "en", "about": "A forum about **open** science.",
            "press_contact": {"name": "Press office", "email": "press@example.org", "phone": "+7 000 000-00-00"},
            "translations": {"ru": {"name": "Открытая наука 2016", "city": "Москва"}},
        },
        "organisations": [
            {"key": "faculty-of-physics", "name": "Faculty of Physics", "short_name": "", "kind": "education",
             "parent": "nsu"},
            {"key": "nsu", "name": "Novosibirsk State University", "short_name": "NSU", "kind": "education",
             "parent": None},
            {"key": "oda", "name": "Open Data Association", "short_name": "",
             "kind": "other", "parent": None},
            {"key": "academpark", "name": "Academpark", "short_name": "Technopark", "kind": "business",
             "parent": None},
        ],
        "people": [
            {"key": "anna-ivanova", "name": "Anna Ivanova", "native_name": "Анна Иванова",
             "email": "a.ivanova@example.org"},
            {"key": "a.ivanova", "name": "Anna Ivanova", "native_name": "Анна Иванова",
             "email": "anna.ivanova@example.org"},
            {"key": "boris-sidorov", "name": "Boris Sidorov", "native_name": "", "email": None},
            {"key": "orlova", "name": "Vera Orlova", "native_name": "", "email": None},
        ],
        "sessions": [
            {
                "slug": "opening", "kind": "plenary", "title": "Opening plenary",
                "starts_at": "2016-10-03T10:00:00+03:00", "ends_at": "2016-10-03T11:30:00+03:00",
                "venue": "Main hall", "language": "en", "visibility": "public", "summary": "",
                "participants": [], "groups": [], "points": [], "minutes": None, "press_releases": [],
            },
            {
                "slug": "data-round-table", "kind": "round_table", "title": "Open data in research",
                "starts_at": "2016-10-04T14:00:00+03:00", "ends_at": "2016-10-04T16:15:30+03:00",
                "venue": "Room 2", "language": "ru", "visibility": "participants",
                "summary": "Sharing *research data*.",
                "participants": [
                    {"person": "boris-sidorov", "role": "moderator", "attendance": "attended",
                     "position": "Dean", "organisation": "faculty-of-physics"},
                    {"person": "anna-ivanova", "role": "speaker", "attendance": "attended",
                     "position": "Director", "organisation": "academpark"},
                    {"person": "a.ivanova", "role": "guest", "attendance": "excused", "position": "",
                     "organisation": None},
                ],
                "groups": ["librarians", "data stewards"],
                "points": [
                    {"kind": "topic", "title": "Why share data", "body": "Reuse and *trust*.", "speaker": None,
                     "tags": [], "deleted_at": None},
                    {"kind": "statement", "title": "", "body": "Data must be citable.", "speaker": "anna-ivanova",
                     "tags": ["citation", "data"], "deleted_at": None},
                    {"kind": "proposal", "title": "A common repository", "body": "Pool the storage.",
                     "speaker": "boris-sidorov", "tags": [], "deleted_at": None},
                    {"kind": "decision", "title": "Agreed", "body": "Draft a charter.", "speaker": None,
                     "tags": [], "deleted_at": None},
                    {"kind": "action", "title": "Draft the charter", "body": "", "speaker": None, "tags": [],
                     "owner": "faculty-of-physics", "due_on": "2016-11-01", "status": "in_progress",
                     "deleted_at": None},
                    {"kind": "action", "title": "Invite the libraries", "body": "", "speaker": None, "tags": [],
                     "owner": "anna-ivanova", "due_on": None, "status": "open", "deleted_at": None},
                    {"kind": "action", "title": "Unassigned", "body": "", "speaker": None, "tags": [],
                     "owner": None, "due_on": None, "status": "done", "deleted_at": None},
                    {"kind": "announcement", "title": "Grants", "body": "Calls open soon.",
                     "speaker": "boris-sidorov", "tags": ["grants"],
                     "key_dates": [
                         {"label": "Call opens", "date": "2016-11", "precision": "month", "qualifier": "end"},
                         {"label": "Deadline", "date": "2016-12-15", "precision": "day", "qualifier": None},
                     ], "deleted_at": None},
                    {"kind": "announcement", "title": "More later", "body": "", "speaker": None, "tags": [],
                     "key_dates": [], "deleted_at": "2016-10-04T16:20:00+03:00"},
                    {"kind": "quote", "title": "", "body": "Open by default.", "speaker": "anna-ivanova",
                     "tags": [], "deleted_at": None},
                ],
                "minutes": {
                    "status": "published", "summary": "Final summary.", "revision": 3,
                    "approved_by": OLGA, "approved_at": "2016-10-10T12:00:00+03:00",
                    "published_at": "2016-10-11T09:30:00+03:00",
                    "revisions": [
                        {"number": 1, "status": "draft", "summary": "Draft summary.", "reason": "",
                         "record": {"format": "eventsite-minutes", "summary": "Draft summary.", "approval": None,
                                    "discussion": [{"number": 1, "title": "Why share data", "speaker": None}]},
                         "created_by": OLGA, "created_at": "2016-10-05T18:00:00+03:00"},
                        {"number": 2, "status": "approved", "summary": "Final summary.", "reason": "",
                         "record": {"summary": "Final summary.",
                                    "approval": {"by": "Olga Organiser", "on": "10 October 2016"}},
                         "created_by": OLGA, "created_at": "2016-10-10T12:00:00+03:00"},
                        {"number": 3, "status": "published", "summary": "Final summary.", "reason": "",
                         "record": {"summary": "Final summary.", "published": {"on": "11 October 2016"}},
                         "created_by": {"name": "Pavel Press", "email": None},
                         "created_at": "2016-10-11T09:30:00.250000+03:00"},
                    ],
                    "corrections": [
                        {"author": ANNA, "text": "My position is Director.", "status": "accepted",
                         "response": "Corrected.", "decided_by": OLGA, "decided_at": "2016-10-07T10:00:00+03:00",
                         "created_at": "2016-10-06T09:00:00+03:00"},
                        {"author": ANNA, "text": "Name the libraries.", "status": "open", "response": "",
                         "decided_by": None, "decided_at": None, "created_at": "2016-10-12T09:00:00+03:00"},
                    ],
                },
                "press_releases": [
                    {"status": "published", "headline": "Scientists agree to share data", "subheadline": "A charter",
                     "dateline": "MOSCOW, 4 October 2016", "language": "en", "body": "Body **one**.",
                     "embargo_until": "2016-10-05T09:00:00+03:00", "revision": 3,
                     "approved_by": {"name": "Pavel Press", "email": "pavel@example.org"},
                     "approved_at": "2016-10-04T18:00:00+03:00", "published_at": "2016-10-04T18:30:00+03:00",
                     "created_at": "2016-10-04T17:00:00+03:00",
                     "revisions": [
                         {"number": 1, "status": "draft", "headline": "Scientists share data", "subheadline": "",
                          "dateline": "MOSCOW, 4 October 2016", "body": "Body.", "embargo_until": None,
                          "reason": "drafted from the record",
                          "created_by": {"name": "Pavel Press", "email": "pavel@example.org"},
                          "created_at": "2016-10-04T17:00:00+03:00"},
                         {"number": 2, "status": "approved", "headline": "Scientists agree to share data",
                          "subheadline": "A charter", "dateline": "MOSCOW, 4 October 2016", "body": "Body **one**.",
                          "embargo_until": "2016-10-05T09:00:00+03:00", "reason": "approved",
                          "created_by": {"name": "Pavel Press", "email": "pavel@example.org"},
                          "created_at": "2016-10-04T18:00:00+03:00"},
                         {"number": 3, "status": "published", "headline": "Scientists agree to share data",
                          "subheadline": "A charter", "dateline": "MOSCOW, 4 October 2016", "body": "Body **one**.",
                          "embargo_until": "2016-10-05T09:00:00+03:00", "reason": "published",
                          "created_by": {"name": "Pavel Press", "email": "pavel@example.org"},
                          "created_at": "2016-10-04T18:30:00+03:00"},
                     ]},
                    {"status": "draft", "headline": "Второй релиз", "subheadline": "", "dateline": "",
                     "language": "ru", "body": "Текст.", "embargo_until": None, "revision": 1,
                     "approved_by": None, "approved_at": None, "published_at": None,
                     "created_at": "2016-10-06T12:00:00+03:00",
                     "revisions": [
                         {"number": 1, "status": "draft", "headline": "Второй релиз", "subheadline": "",
                          "dateline": "", "body": "Текст.", "embargo_until": None, "reason": "",
                          "created_by": None, "created_at": "2016-10-06T12:00:00+03:00"},
                     ]},
                ],
            },
        ],
    }


def older_shape(bundle: dict) -> dict:
    """The same bundle as version 1 wrote it: no history, no deleted points, no qualifiers."""
    bundle = copy.deepcopy(bundle)
    bundle["version"] = 1
    for session in bundle["sessions"]:
        session["points"] = [p for p in session["points"] if not p.pop("deleted_at")]
        for point in session["points"]:
            for key_date in point.get("key_dates", []):
                key_date.pop("qualifier")
        if session["minutes"]:
            session["minutes"] = {"status": session["minutes"]["status"], "summary": session["minutes"]["summary"]}
        for release in session["press_releases"]:
            for name in ("revision", "approved_by", "approved_at", "published_at", "created_at", "revisions"):
                release.pop(name)
    return bundle


def older_shape_demo() -> dict:
    """The demo bundle as version 1 shipped it."""
    return json.loads((DATA / "technoprom-2016-version-1.json").read_text(encoding="utf-8"))


def row_counts() -> dict[str, int]:
    return {
        table.name: db.session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        for table in db.metadata.sorted_tables
    }


def forum(slug: str) -> Forum:
    return db.session.execute(db.select(Forum).filter_by(slug=slug)).scalar_one()


def refusal(bundle) -> str:
    with pytest.raises(BundleError) as caught:
        import_bundle(bundle)
    return str(caught.value)


def test_export_gives_back_the_imported_bundle_with_its_history(app):
    # written the way export writes it, so every byte comes back, not only every key and value
    result = import_bundle(rich_bundle())
    assert export_bundle(result.forum) == rich_bundle()


@pytest.mark.parametrize("make_bundle", [demo_bundle, older_shape_demo, lambda: older_shape(rich_bundle())],
                         ids=["demo", "demo-version-1", "rich-version-1"])
def test_export_gives_back_every_key_and_value_of_a_bundle_without_history(app, make_bundle):
    bundle = make_bundle()
    exported = export_bundle(import_bundle(copy.deepcopy(bundle)).forum)
    assert differences(exported, {**bundle, "version": 2}) == []


def test_importing_the_same_bundle_twice_changes_nothing(app):
    import_bundle(rich_bundle())
    before = row_counts()
    audit_before = db.session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar_one()

    second = import_bundle(rich_bundle())

    assert not second.changed
    assert second.summary() == ["created: nothing", "updated: nothing", "deleted: nothing"]
    assert row_counts() == before
    assert db.session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar_one() == audit_before


def test_rows_written_in_bulk_are_in_the_audit_log_as_the_flush_hook_writes_them(app):
    from collections import Counter

    result = import_bundle(rich_bundle())  # sessions new to the database: their records in bulk

    created = db.session.execute(db.select(AuditEntry).filter_by(action="create")).scalars().all()
    counts = Counter(e.entity for e in created)
    for table in ("participation", "participant_group", "discussion_point", "key_date", "minutes",
                  "correction_request", "press_release"):
        assert counts[table] == result.created[table], table
    in_bulk = next(e for e in created if e.entity == "discussion_point" and e.after["title"] == "Why share data")

    bundle = rich_bundle()
    bundle["sessions"][1]["points"].append({"kind": "topic", "title": "Added later", "body": "", "speaker": None,
                                            "tags": [], "deleted_at": None})
    import_bundle(bundle)  # a session the database has: the new point goes through the unit of work

    by_flush = db.session.execute(db.select(AuditEntry).filter_by(action="create", entity="discussion_point")
                                  .order_by(AuditEntry.id.desc()).limit(1)).scalar_one()
    assert by_flush.after["title"] == "Added later"
    # the same values in the same form; the hook leaves out the columns its object never had set (None)
    shared = set(by_flush.after) - {"id", "title", "body", "position"}
    assert {k: in_bulk.after[k] for k in shared} == {k: by_flush.after[k] for k in shared}
    assert {k: v for k, v in in_bulk.after.items() if k not in by_flush.after} == {
        "speaker_id": None, "owner_person_id": None, "owner_organisation_id": None, "due_on": None, "status": None,
        "agenda_item_id": None, "deleted_at": None}


def test_a_bad_point_kind_is_refused_with_its_path_and_the_database_is_unchanged(app):
    import_bundle(rich_bundle())
    before = row_counts()
    bundle = rich_bundle()
    bundle["forum"]["title"] = "A new title that must not be saved"
    bundle["sessions"][1]["points"][3]["kind"] = "vote"

    message = refusal(bundle)

    assert "sessions[1].points[3].kind: 'vote' is not one of ['topic', 'statement'" in message
    assert row_counts() == before
    assert forum("open-science-2016").title == "The Open Science Forum 2016"


def test_the_demo_with_a_vote_is_refused_naming_the_point(app):
    bundle = demo_bundle()
    bundle["sessions"][0]["points"][3]["kind"] = "vote"
    before = row_counts()

    message = refusal(bundle)

    assert message.startswith("sessions[0].points[3].kind: 'vote' is not one of")
    assert row_counts() == before


def test_an_unknown_key_is_refused_with_its_path(app):
    bundle = rich_bundle()
    bundle["forum"]["colour"] = "blue"
    bundle["sessions"][1]["participants"][0]["shoe_size"] = 43

    message = refusal(bundle)

    assert "forum.colour: unknown key" in message
    assert "sessions[1].participants[0].shoe_size: unknown key" in message
    assert db.session.execute(db.select(Forum)).first() is None


def test_a_speaker_who_is_not_a_participant_is_refused(app):
    bundle = rich_bundle()
    bundle["sessions"][1]["points"][0]["speaker"] = "orlova"

    assert "sessions[1].points[0].speaker: 'orlova' is not among this session's participants" in refusal(bundle)


def test_every_problem_is_reported_sorted_by_path(app):
    bundle = rich_bundle()
    bundle["sessions"][1]["points"][9]["speaker"] = "nobody"
    bundle["sessions"][1]["points"][2]["kind"] = "vote"
    bundle["forum"]["timezone"] = "Mars/Olympus"
    del bundle["sessions"][0]["title"]

    lines = refusal(bundle).splitlines()

    assert lines == [
        "forum.timezone: 'Mars/Olympus' is not an IANA time zone (such as 'Asia/Novosibirsk')",
        "sessions[0].title: is required but missing",
        "sessions[1].points[2].kind: 'vote' is not one of "
        "['topic', 'statement', 'proposal', 'decision', 'action', 'announcement', 'quote']",
        "sessions[1].points[9].speaker: 'nobody' is not the key of any person in the bundle",
    ]


def _set(path: str, value):
    def change(bundle):
        *parents, last = json.loads(path)
        target = bundle
        for part in parents:
            target = target[part]
        target[last] = value
    return change


@pytest.mark.parametrize("change, expected", [
    (_set('["sessions", 1, "ends_at"]', "2016-10-04T13:00:00+03:00"),
     "sessions[1].ends_at: the session ends before it starts"),
    (_set('["forum", "ends_on"]', "2016-10-01"), "forum.ends_on: the forum ends (2016-10-01) before it starts"),
    (_set('["forum", "starts_on"]', "2016-02-30"), "forum.starts_on: '2016-02-30' is not a date in the calendar"),
    (_set('["forum", "starts_on"]', "3 October"), "forum.starts_on: '3 October' is not a date written YYYY-MM-DD"),
    (_set('["organisations", 1, "parent"]', "faculty-of-physics"),
     "organisations[0].parent: organisations are each other's parents: faculty-of-physics → nsu → faculty-of-physics"),
    (_set('["organisations", 2, "parent"]', "boris-sidorov"),
     "organisations[2].parent: 'boris-sidorov' is the key of a person, not of an organisation"),
    (_set('["people", 2, "key"]', "nsu"), "people[2].key: 'nsu' is already the key of organisations[1]"),
    (_set('["sessions", 0, "slug"]', "data-round-table"),
     "sessions[1].slug: 'data-round-table' is also the slug of sessions[0]"),
    (_set('["sessions", 1, "points", 7, "key_dates", 0, "date"]', "2016-11-01"),
     "sessions[1].points[7].key_dates[0].date: '2016-11-01' does not match precision 'month', written YYYY-MM"),
    (_set('["sessions", 1, "points", 7, "key_dates", 1, "date"]', "2016-12"),
     "sessions[1].points[7].key_dates[1].date: '2016-12' does not match precision 'day', written YYYY-MM-DD"),
    (_set('["sessions", 1, "points", 0, "owner"]', "nsu"),
     "sessions[1].points[0].owner: only points of kind 'action' have 'owner'"),
    (_set('["sessions", 1, "points", 4, "owner"]', "nobody"),
     "sessions[1].points[4].owner: 'nobody' is not the key of any person or organisation in the bundle"),
    (_set('["sessions", 1, "participants", 2, "person"]', "anna-ivanova"),
     "sessions[1].participants[2].person: 'anna-ivanova' is already a participant of this session"),
    (_set('["sessions", 1, "groups", 1]', "librarians"), "sessions[1].groups[1]: 'librarians' is listed twice"),
    (_set('["sessions", 1, "press_releases", 0, "embargo_until"]', "2016-10-05 09:00"),
     "sessions[1].press_releases[0].embargo_until: '2016-10-05 09:00' is not a time written"),
    (_set('["version"]', 3), "version: 3 is not one of [1, 2]"),
    (_set('["people", 0, "email"]', "anna.ivanova@example.org"),
     "people[1].email: 'anna.ivanova@example.org' is also the email of people[0]"),
])
def test_what_the_schema_cannot_say_is_checked_too(app, change, expected):
    bundle = rich_bundle()
    change(bundle)
    assert expected in refusal(bundle)
    assert row_counts()["forum"] == 0


def test_a_bundle_refused_half_way_through_changes_nothing(app, make):
    make.person(name="Ann", email="ann@example.org")
    db.session.commit()
    before = row_counts()
    bundle = rich_bundle()
    # both of these are the Ann already in the database: found only while importing
    bundle["people"] += [
        {"key": "ann", "name": "Ann", "native_name": "", "email": None},
        {"key": "ann-other", "name": "Ann Other", "native_name": "", "email": "ann@example.org"},
    ]

    message = refusal(bundle)

    assert "people[5]: is the same person in the database as 'ann'" in message
    assert row_counts() == before


def test_a_changed_bundle_updates_only_what_differs(app):
    import_bundle(rich_bundle())
    audit_before = db.session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar_one()
    bundle = rich_bundle()
    session = bundle["sessions"][1]
    session["points"][1]["body"] = "Data must be citable and findable."
    session["points"].insert(0, session["points"].pop(3))  # the decision moves to the top
    removed = session["points"].pop()  # the quote goes
    session["groups"].remove("data stewards")

    result = import_bundle(copy.deepcopy(bundle))

    assert result.created == {}
    assert result.updated == {"discussion_point": 4}  # the new body, and three positions
    assert result.deleted == {"discussion_point": 1, "participant_group": 1}
    # a removed point is deleted the way an organiser deletes one: it can be restored, and comes
    # back from export as deleted, after the bundle's points
    exported = export_bundle(result.forum)["sessions"][1]["points"]
    assert exported[:-1] == session["points"]
    assert exported[-1] == {**removed, "deleted_at": exported[-1]["deleted_at"]}
    quote = db.session.execute(db.select(DiscussionPoint).filter_by(body=removed["body"])).scalar_one()
    assert quote.deleted_at is not None
    audit_after = db.session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar_one()
    assert audit_after - audit_before == 6  # 5 points updated, 1 group deleted


def test_people_and_organisations_are_reused_across_forums(app):
    import_bundle(rich_bundle())
    other = rich_bundle()
    other["forum"]["slug"] = "open-science-2017"

    result = import_bundle(other)

    assert result.created["person"] == 0 and result.created["organisation"] == 0
    assert result.created["forum"] == 1
    assert db.session.execute(sa.select(sa.func.count(Person.id))).scalar_one() == 4
    assert db.session.execute(sa.select(sa.func.count(Organisation.id))).scalar_one() == 4


def test_minutes_of_the_older_shape_get_a_first_revision_and_a_change_a_new_one(app):
    bundle = older_shape(rich_bundle())
    bundle["sessions"][1]["minutes"] = {"status": "draft", "summary": "Draft summary."}
    import_bundle(copy.deepcopy(bundle))
    minutes = db.session.execute(db.select(Minutes)).scalar_one()
    assert [(r.number, r.status.value, r.summary) for r in minutes.revisions] == [(1, "draft", "Draft summary.")]
    assert minutes.revisions[0].record["summary"] == "Draft summary."  # composed from the imported record

    bundle["sessions"][1]["minutes"] = {"status": "published", "summary": "Final summary.",
                                        "published_at": "2016-10-11T09:30:00+03:00"}
    import_bundle(bundle)

    db.session.expire_all()
    minutes = db.session.execute(db.select(Minutes)).scalar_one()
    assert minutes.revision == 2 and minutes.status.value == "published"
    assert minutes.published_at == datetime(2016, 10, 11, 6, 30, tzinfo=timezone.utc)
    assert [r.summary for r in db.session.execute(
        db.select(MinutesRevision).order_by(MinutesRevision.number)).scalars()] == ["Draft summary.", "Final summary."]


def test_import_takes_dates_from_the_bundle_never_from_the_clock(app):
    # the bug: minutes of a 2016 meeting read "Approved by the organisers on <the day of the import>"
    bundle = older_shape(rich_bundle())
    import_bundle(copy.deepcopy(bundle))
    minutes = db.session.execute(db.select(Minutes)).scalar_one()
    assert minutes.approved_at is None and minutes.published_at is None
    # the session is a Russian one: its minutes speak Russian
    assert minutes.revisions[0].record["approval"]["text"] == "Протокол утверждён (организаторы)."
    release = db.session.execute(db.select(PressRelease).filter_by(status="published")).scalar_one()
    assert release.published_at is None and release.approved_at is None

    bundle["forum"]["slug"] = "open-science-2016-dated"
    bundle["sessions"][1]["minutes"]["approved_at"] = "2016-10-10T12:00:00+03:00"
    result = import_bundle(bundle)
    minutes = db.session.execute(db.select(Minutes).join(ForumSession).filter(
        ForumSession.forum_id == result.forum.id)).scalar_one()
    assert minutes.approved_at == datetime(2016, 10, 10, 9, 0, tzinfo=timezone.utc)
    assert minutes.revisions[0].record["approval"]["text"] == "Протокол утверждён 10 октября 2016 г. (организаторы)."


def test_the_history_is_imported_as_the_bundle_says(app):
    import_bundle(rich_bundle())

    minutes = db.session.execute(db.select(Minutes)).scalar_one()
    assert (minutes.status.value, minutes.revision, minutes.approved_by_name, minutes.approved_by) == (
        "published", 3, "Olga Organiser", None)  # no account of that address here: the name is kept
    assert minutes.approved_at == datetime(2016, 10, 10, 9, 0, tzinfo=timezone.utc)
    assert [(r.number, r.status.value, r.created_by_name, r.created_at) for r in minutes.revisions] == [
        (1, "draft", "Olga Organiser", datetime(2016, 10, 5, 15, 0, tzinfo=timezone.utc)),
        (2, "approved", "Olga Organiser", datetime(2016, 10, 10, 9, 0, tzinfo=timezone.utc)),
        (3, "published", "Pavel Press", datetime(2016, 10, 11, 6, 30, 0, 250000, tzinfo=timezone.utc)),
    ]
    assert minutes.revisions[0].record == rich_bundle()["sessions"][1]["minutes"]["revisions"][0]["record"]
    assert [(c.text, c.status.value, c.response, c.author_email) for c in minutes.corrections] == [
        ("My position is Director.", "accepted", "Corrected.", "a.ivanova@example.org"),
        ("Name the libraries.", "open", "", "a.ivanova@example.org"),
    ]
    release = db.session.execute(db.select(PressRelease).filter_by(headline="Scientists agree to share data")).scalar_one()
    assert release.embargo_until == datetime(2016, 10, 5, 6, 0, tzinfo=timezone.utc)
    assert release.published_at == datetime(2016, 10, 4, 15, 30, tzinfo=timezone.utc)
    assert [(r.number, r.headline, r.reason) for r in release.revisions] == [
        (1, "Scientists share data", "drafted from the record"), (2, "Scientists agree to share data", "approved"),
        (3, "Scientists agree to share data", "published")]
    deleted = db.session.execute(db.select(DiscussionPoint).filter_by(title="More later")).scalar_one()
    assert deleted.deleted_at == datetime(2016, 10, 4, 13, 20, tzinfo=timezone.utc)
    call = db.session.execute(db.select(KeyDate).filter_by(label="Call opens")).scalar_one()
    assert (call.date, call.precision.value, call.qualifier) == (date(2016, 11, 1), "month", MonthPart.end)


def test_approvers_and_authors_are_linked_to_the_account_of_their_address_and_keep_their_name(app, make):
    olga = make.user("organiser", email="Olga@Example.org")
    olga.name = "Olga N. Organiser"  # the account's name differs from the bundle's
    db.session.commit()

    result = import_bundle(rich_bundle())

    minutes = db.session.execute(db.select(Minutes)).scalar_one()
    assert minutes.approved_by is olga and minutes.revisions[0].created_by is olga
    assert minutes.corrections[0].decided_by is olga and minutes.corrections[0].author is None
    assert export_bundle(result.forum) == rich_bundle()


def test_an_approval_after_the_import_names_the_new_approver(app, make):
    from eventsite.minutes import workflow

    result = import_bundle(rich_bundle())
    minutes = db.session.execute(db.select(Minutes)).scalar_one()
    organiser = make.user("organiser", email="new@example.org")
    workflow.start_correction(minutes, "a wrong date", organiser)
    workflow.approve(minutes, organiser)
    db.session.commit()

    exported = export_bundle(result.forum)["sessions"][1]["minutes"]
    assert exported["approved_by"] == {"name": "Organiser", "email": "new@example.org"}
    assert exported["revisions"][-1]["created_by"] == {"name": "Organiser", "email": "new@example.org"}
    assert exported["revisions"][0]["created_by"] == OLGA


def test_a_bundle_that_rewrites_a_kept_revision_is_refused_and_changes_nothing(app):
    import_bundle(rich_bundle())
    before = row_counts()
    bundle = rich_bundle()
    bundle["forum"]["title"] = "A new title that must not be saved"
    bundle["sessions"][1]["minutes"]["revisions"][1]["summary"] = "Another summary."

    message = refusal(bundle)

    assert message == ("sessions[1].minutes.revisions[1]: revision 2 is kept in the database with other content; "
                       "kept revisions are never rewritten")
    assert row_counts() == before
    assert forum("open-science-2016").title == "The Open Science Forum 2016"


def test_a_bundle_that_lacks_a_kept_revision_is_refused(app):
    import_bundle(rich_bundle())
    bundle = rich_bundle()
    del bundle["sessions"][1]["press_releases"][0]["revisions"][2]

    assert refusal(bundle) == (
        "sessions[1].press_releases[0].revisions: the database keeps revision 3 of this press release, which the "
        "bundle does not have; kept revisions are never taken back")


def test_a_bundle_with_more_history_adds_the_new_revisions(app):
    import_bundle(rich_bundle())
    bundle = rich_bundle()
    minutes = bundle["sessions"][1]["minutes"]
    minutes["revisions"].append({"number": 4, "status": "draft", "summary": "Corrected.",
                                 "reason": "Correction: the libraries", "record": {"summary": "Corrected."},
                                 "created_by": OLGA, "created_at": "2016-10-13T10:00:00+03:00"})
    minutes.update(status="draft", summary="Corrected.", revision=4, approved_by=None, approved_at=None)

    result = import_bundle(copy.deepcopy(bundle))

    assert result.created == {"minutes_revision": 1} and result.updated == {"minutes": 1}
    assert export_bundle(result.forum) == bundle


def test_null_in_every_optional_field_means_the_same_as_leaving_it_out(app):
    bundle = with_null_in_every_optional_field(rich_bundle())
    assert bundle["people"][2] == {"key": "boris-sidorov", "name": "Boris Sidorov", "native_name": None, "email": None}
    assert bundle["organisations"][2]["short_name"] is None and bundle["sessions"][0]["minutes"] is None

    result = import_bundle(copy.deepcopy(bundle))

    boris = result.people["boris-sidorov"]
    assert (boris.native_name, boris.email) == ("", None)
    assert result.organisations["oda"].short_name == "" and result.organisations["oda"].kind.value == "other"
    opening = db.session.execute(db.select(ForumSession).filter_by(slug="opening")).scalar_one()
    assert (opening.venue, opening.language, opening.visibility.value) == ("", "en", "public")
    assert opening.points == [] and opening.participations == []
    assert differences(export_bundle(result.forum), bundle) == []


def test_another_forums_bundle_that_knows_less_of_an_organisation_leaves_what_the_directory_holds(app):
    # one organisation is named by both forums; the second bundle has null or nothing for its short name,
    # kind and parent, which means the same as leaving them out: the first forum's documents keep them
    import_bundle(demo_bundle())
    ministry = db.session.execute(db.select(Organisation).filter_by(name="Ministry of Economic Development of Russia")
                                  ).scalar_one()
    department = db.session.execute(db.select(Organisation).filter_by(
        name="Department of Social Development and Innovation")).scalar_one()
    kept = (ministry.short_name, ministry.kind, department.parent_id)
    assert kept[0] and department.parent_id == ministry.id
    other = demo_bundle()
    other["forum"].update(slug="technoprom-2017", name="Technoprom-2017")
    for org in other["organisations"]:
        org.pop("kind", None)
        org.pop("parent", None)
        org["short_name"] = None
    result = import_bundle(other)
    assert result.updated.get("organisation", 0) == 0
    db.session.expire_all()
    assert (ministry.short_name, ministry.kind, department.parent_id) == kept


def test_another_forums_bundle_that_finds_a_person_by_address_keeps_their_native_name(app):
    first = demo_bundle()
    shadrin = next(p for p in first["people"] if p["name"] == "Artyom Shadrin")
    shadrin["email"] = "a.shadrin@example.org"
    import_bundle(first)
    other = demo_bundle()
    other["forum"].update(slug="technoprom-2017", name="Technoprom-2017")
    for person in other["people"]:
        person["native_name"] = None
        if person["name"] == "Artyom Shadrin":
            person["email"] = "a.shadrin@example.org"
    import_bundle(other)
    people = db.session.execute(db.select(Person).filter_by(name="Artyom Shadrin")).scalars().all()
    assert [(p.native_name, p.email) for p in people] == [("Артём Шадрин", "a.shadrin@example.org")]


def with_null_in_every_optional_field(bundle: dict) -> dict:
    """The bundle with null for every optional field the schema names: in place of empty lists and of every
    value that is not a list or an object with content; those are kept and filled the same way."""
    from eventsite.bundles.validate import schema

    def resolve(node: dict) -> dict:
        while "$ref" in node:
            node = schema()["$defs"][node["$ref"].rsplit("/", 1)[1]]
        return node

    def fill(value, node: dict) -> None:
        node = resolve(node)
        if isinstance(value, list) and "items" in node:
            for item in value:
                fill(item, node["items"])
        elif isinstance(value, dict) and "properties" in node:
            for name, sub in node["properties"].items():
                current = value.get(name)
                if isinstance(current, (list, dict)) and current and name != "record":
                    fill(current, sub)
                elif name not in node.get("required", []):
                    value[name] = None

    bundle = copy.deepcopy(bundle)
    # two namesakes without emails could not be told apart
    bundle["people"][1]["name"] = "Anna Ivanova-Petrova"
    fill(bundle, schema())
    return bundle


def test_keys_and_the_order_of_people_and_organisations_come_back_as_imported(app):
    # the bug: export renamed krasnova to yelena-krasnova and sorted the lists
    bundle = json.loads(json.dumps(rich_bundle()).replace('"boris-sidorov"', '"krasnova"'))
    bundle["people"].reverse()
    bundle["organisations"].insert(0, bundle["organisations"].pop())

    exported = export_bundle(import_bundle(copy.deepcopy(bundle)).forum)

    assert [p["key"] for p in exported["people"]] == ["orlova", "krasnova", "a.ivanova", "anna-ivanova"]
    assert [o["key"] for o in exported["organisations"]] == ["academpark", "faculty-of-physics", "nsu", "oda"]
    assert exported == bundle


def test_a_forums_export_carries_its_own_people_and_organisations_only(app):
    import_bundle(rich_bundle())
    import_bundle(older_shape_demo())

    demo = export_bundle(forum("technoprom-2016"))
    rich = export_bundle(forum("open-science-2016"))

    assert [o["key"] for o in demo["organisations"]] == [o["key"] for o in older_shape_demo()["organisations"]]
    assert [p["key"] for p in demo["people"]] == ["artyom-shadrin"]
    assert len(rich["organisations"]) == 4 and len(rich["people"]) == 4


def test_the_same_person_keeps_each_forums_key(app):
    import_bundle(rich_bundle())
    other = rich_bundle()
    other["forum"]["slug"] = "open-science-2017"
    other["people"][3]["key"] = "v.orlova"

    result = import_bundle(other)

    assert result.created["person"] == 0
    assert export_bundle(forum("open-science-2016"))["people"][3]["key"] == "orlova"
    assert export_bundle(forum("open-science-2017"))["people"][3]["key"] == "v.orlova"


def test_someone_an_organiser_adds_after_the_import_is_exported_under_a_key_of_their_name(app, make):
    result = import_bundle(rich_bundle())
    session = db.session.execute(db.select(ForumSession).filter_by(slug="opening")).scalar_one()
    make.participation(session, make.person(name="Orlova"), organisation=make.organisation(name="Nsu"))
    db.session.commit()

    exported = export_bundle(result.forum)

    assert [p["key"] for p in exported["people"]] == ["anna-ivanova", "a.ivanova", "boris-sidorov", "orlova",
                                                      "orlova-2"]
    assert exported["organisations"][-1] == {"key": "nsu-2", "name": "Nsu", "short_name": "", "kind": "other",
                                             "parent": None}
    assert export_bundle(import_bundle(copy.deepcopy(exported)).forum) == exported


def test_key_dates_come_back_in_their_order(app):
    bundle = rich_bundle()
    bundle["sessions"][1]["points"][7]["key_dates"].reverse()  # the later date first

    result = import_bundle(copy.deepcopy(bundle))

    assert export_bundle(result.forum) == bundle


def test_a_part_of_the_month_belongs_to_dates_of_month_precision_only(app):
    bundle = rich_bundle()
    bundle["sessions"][1]["points"][7]["key_dates"][1]["qualifier"] = "mid"
    bundle["sessions"][1]["points"][7]["key_dates"][0]["qualifier"] = "late"

    lines = refusal(bundle).splitlines()

    assert lines == [
        "sessions[1].points[7].key_dates[0].qualifier: 'late' is not one of ['early', 'mid', 'end']",
        "sessions[1].points[7].key_dates[1].qualifier: only a date of precision 'month' has a part of the month",
    ]


def test_times_are_exported_in_the_forums_zone(app):
    bundle = rich_bundle()
    bundle["sessions"][0]["starts_at"] = "2016-10-03T07:00:00Z"

    result = import_bundle(bundle)

    session = db.session.execute(db.select(ForumSession).filter_by(slug="opening")).scalar_one()
    assert session.starts_at == datetime(2016, 10, 3, 7, 0, tzinfo=timezone.utc)
    assert export_bundle(result.forum)["sessions"][0]["starts_at"] == "2016-10-03T10:00:00+03:00"


def test_deleted_points_come_back_deleted_in_their_places(app):
    result = import_bundle(rich_bundle())
    point = db.session.execute(db.select(DiscussionPoint).filter_by(title="Why share data")).scalar_one()
    point.deleted_at = datetime(2016, 10, 8, 7, 0, tzinfo=timezone.utc)
    db.session.commit()

    points = export_bundle(result.forum)["sessions"][1]["points"]

    assert [(p["title"], p["deleted_at"]) for p in points][:1] == [("Why share data", "2016-10-08T10:00:00+03:00")]
    assert [p["title"] for p in points if p["deleted_at"]] == ["Why share data", "More later"]
    assert len(points) == 10


def test_the_schema_is_valid_draft_2020_12_and_the_demo_follows_it():
    from jsonschema import Draft202012Validator

    from eventsite.bundles.validate import schema

    Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert validate_bundle(demo_bundle()) == []
    assert validate_bundle(rich_bundle()) == []
    assert validate_bundle(older_shape_demo()) == []


def test_the_schema_documents_every_field_bounds_every_text_and_takes_null_for_every_optional_one():
    from eventsite.bundles.validate import schema
    from eventsite.text import MAX_MARKDOWN

    from jsonschema import Draft202012Validator

    undocumented, unbounded, refusing_null = [], [], []

    def accepts_null(sub: dict) -> bool:
        return Draft202012Validator({**sub, "$id": schema()["$id"], "$defs": schema()["$defs"]}).is_valid(None)

    def visit(node: dict, path: str) -> None:
        for name, sub in node.get("properties", {}).items():
            if "description" not in sub:
                undocumented.append(f"{path}.{name}")
            if name not in node.get("required", []) and name not in ("format", "version") and not accepts_null(sub):
                refusing_null.append(f"{path}.{name}")
            visit(sub, f"{path}.{name}")
        for key in ("items",):
            if key in node:
                visit(node[key], f"{path}[]")
        for n, sub in enumerate(node.get("anyOf", [])):
            visit(sub, path)
        types = node.get("type", [])
        if "string" in (types if isinstance(types, list) else [types]):
            if "maxLength" not in node and "pattern" not in node:
                unbounded.append(path)
            elif node.get("maxLength", 0) > MAX_MARKDOWN and node.get("contentEncoding") != "base64":
                # a file's bytes in base64 (an attachment) is bounded by the attachment limit, not as text
                unbounded.append(path)

    visit(schema(), "")
    for name, definition in schema()["$defs"].items():
        assert "description" in definition, name
        visit(definition, f"$defs.{name}")
    assert undocumented == [] and unbounded == [] and refusing_null == []
    assert schema()["properties"]["forum"]["properties"]["about"]["maxLength"] == MAX_MARKDOWN


# -- a forum made through the workflow: export → import into a fresh installation → export ------------


def forum_with_history(users) -> Forum:
    """A forum as people make it: points edited, deleted and restored, minutes saved, restored, approved,
    published and corrected, correction requests answered and open, several press releases."""
    from eventsite.minutes import workflow as minutes
    from eventsite.organise import service
    from eventsite.press import workflow as press

    organiser, participant, press_officer = users["organiser"], users["participant"], users["press"]
    zone = ZoneInfo("Asia/Novosibirsk")
    forum = service.create_forum(
        slug="technoprom-2017", name="Technoprom-2017", title="V International Forum Technoprom-2017",
        city="Novosibirsk", country="Russia", starts_on=date(2017, 6, 1), ends_on=date(2017, 6, 2),
        timezone="Asia/Novosibirsk", language="en", about="About *Technoprom*.", press_contact_name="Press office",
        press_contact_email="press@example.org", press_contact_phone="+7 000")
    session = service.create_session(
        forum, slug="clusters", kind=SessionKind.round_table, title="Clusters 2.0",
        starts_at=datetime(2017, 6, 1, 14, 0, tzinfo=zone), ends_at=datetime(2017, 6, 1, 16, 0, tzinfo=zone),
        venue="Hall 3", language="en", visibility=Visibility.public, summary="Clusters and their *programme*.")
    service.create_session(
        forum, slug="opening", kind=SessionKind.plenary, title="Opening",
        starts_at=datetime(2017, 6, 1, 10, 0, tzinfo=zone), ends_at=datetime(2017, 6, 1, 11, 0, tzinfo=zone),
        venue="", language="ru", visibility=Visibility.internal, summary="")
    ministry = service.create_organisation("Ministry of Economic Development", "MinEc", OrganisationKind.government)
    department = service.create_organisation("Department of Innovation", "", OrganisationKind.government, ministry)
    moderator = service.add_participant(session, service.create_person("Artyom Shadrin", "Артём Шадрин"),
                                        Role.moderator, Attendance.attended, "Director", department)
    service.add_participant(session, participant.person, Role.participant, Attendance.excused)
    service.add_group(session, "state offices")
    service.add_group(session, "business")
    service.create_point(session, PointKind.topic, "IT and *Bio*.", "Key vectors", tags=["cluster policy"])
    announcement = service.create_point(session, PointKind.announcement, "A competition.", "Clusters 2.0",
                                        speaker=moderator)
    service.set_key_dates(announcement, [
        service.KeyDateValue("Competition announced", date(2017, 7, 1), DatePrecision.month),
        service.KeyDateValue("Programmes accepted until", date(2017, 9, 26), DatePrecision.day)])
    db.session.flush()
    announcement.key_dates[0].qualifier = MonthPart.end  # "end of July": the record says so
    action = service.create_point(session, PointKind.action, "Draft it.", "Prepare the programme")
    service.update_point(action, PointKind.action, "Draft it, with the regions.", "Prepare the programme",
                         owner=ministry, due_on=date(2017, 9, 26), status=ActionStatus.in_progress)
    service.delete_point(service.create_point(session, PointKind.statement, "Said in passing."))
    restored = service.create_point(session, PointKind.quote, "We want to raise the bar.", speaker=moderator)
    service.delete_point(restored)
    service.restore_point(restored)
    db.session.commit()

    record = minutes.ensure_minutes(session)
    minutes.save_summary(record, "First summary.", organiser)
    minutes.save_summary(record, "Second summary, edited.", organiser)
    minutes.restore_revision(record, 1, organiser)
    answered = minutes.request_correction(record, participant, "Spell the name in Russian too.")
    minutes.decide_correction(answered, organiser, False, "It is there already.")
    minutes.approve(record, organiser)
    minutes.publish(record, organiser)
    minutes.start_correction(record, "the date of the competition", organiser)
    minutes.request_correction(record, participant, "Add the venue.")
    db.session.commit()

    first = press.create_press_release(session, press_officer)
    press.save_press_release(first, {"headline": "Clusters to get support", "subheadline": "A competition"},
                             press_officer)
    press.approve_press_release(first, press_officer)
    press.publish_press_release(first, press_officer)
    press.save_press_release(first, {"body": first.body + "\n\nUpdated."}, press_officer, reason="a late fact")
    second = press.create_press_release(session, press_officer)
    press.save_press_release(second, {"embargo_until": datetime(2017, 6, 2, 9, 0, tzinfo=zone)}, press_officer)
    press.create_press_release(session, press_officer)
    db.session.commit()
    return forum


def test_a_forum_with_history_comes_back_byte_for_byte_in_a_fresh_installation(app, users, tmp_path, migrated_db):
    from eventsite.bundles.commands import dump_bundle

    exported = dump_bundle(export_bundle(forum_with_history(users)))
    bundle = json.loads(exported)
    clusters = bundle["sessions"][0]
    assert [p["deleted_at"] is not None for p in clusters["points"]] == [False, False, False, True, False]
    assert [r["number"] for r in clusters["minutes"]["revisions"]] == [1, 2, 3, 4, 5, 6]
    assert len(clusters["press_releases"]) == 3
    assert clusters["minutes"]["corrections"][0]["author"] == {"name": "Participant", "email": "participant@example.org"}

    with fresh_installation(tmp_path, migrated_db):
        again = dump_bundle(export_bundle(import_bundle(read_bundle(exported.encode())).forum))
        assert db.session.execute(sa.select(sa.func.count(User.id))).scalar_one() == 0

    assert again == exported
    # and where the accounts exist, they are linked, and the bundle still comes back byte for byte
    with fresh_installation(tmp_path, migrated_db, "with-accounts"):
        organiser = User(email="organiser@example.org", role=UserRole.organiser, name="Someone Else",
                         password_hash="x")
        db.session.add(organiser)
        db.session.commit()
        result = import_bundle(read_bundle(exported.encode()))
        minutes = db.session.execute(db.select(Minutes)).scalars().first()
        assert {r.created_by for r in minutes.revisions} == {organiser}
        assert dump_bundle(export_bundle(result.forum)) == exported


def _statements(run) -> int:
    """How many SQL statements `run()` sends."""
    count = 0

    def counted(*args):
        nonlocal count
        count += 1

    sa.event.listen(db.engine, "before_cursor_execute", counted)
    try:
        run()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", counted)
    return count


def test_a_sessions_own_bundle_is_its_record_under_the_forums_keys(app):
    from eventsite.bundles import export_session_bundle

    result = import_bundle(rich_bundle())
    session = db.session.execute(db.select(ForumSession).filter_by(slug="data-round-table")).scalar_one()

    own = export_session_bundle(session)
    whole = export_bundle(result.forum)["sessions"][1]

    assert [s["slug"] for s in own["sessions"]] == ["data-round-table"]
    entry = own["sessions"][0]
    assert entry["points"] == [{k: v for k, v in p.items() if k != "deleted_at"}
                               for p in whole["points"] if p["deleted_at"] is None]
    assert entry["participants"] == whole["participants"]
    # no history: a minutes revision keeps this bundle, and must not keep the earlier revisions in it
    assert entry["minutes"] == {"status": "published", "summary": "Final summary."}
    assert entry["press_releases"] == []
    assert [p["key"] for p in own["people"]] == ["a.ivanova", "anna-ivanova", "boris-sidorov"]
    assert {p["email"] for p in own["people"]} == {None}
    assert [o["key"] for o in own["organisations"]] == ["academpark", "faculty-of-physics", "nsu"]


def test_a_sessions_own_bundle_reads_the_same_in_a_forum_of_one_session_and_of_thirty(app):
    from eventsite.bundles import export_session_bundle

    def cost(sessions: int) -> tuple[int, int]:
        bundle = rich_bundle()
        bundle["forum"]["slug"] = f"forum-of-{sessions}"
        model = bundle["sessions"][1]
        bundle["sessions"] = [{**copy.deepcopy(model), "slug": f"s-{n}"} for n in range(sessions)]
        for n, session in enumerate(bundle["sessions"]):
            # each session names people of its own, as in a real forum
            bundle["people"].append({"key": f"p-{n}", "name": f"Person {n}", "native_name": "", "email": None})
            session["participants"].append({"person": f"p-{n}", "role": "guest"})
        result = import_bundle(bundle)
        session_id = db.session.execute(
            db.select(ForumSession.id).filter_by(forum_id=result.forum.id, slug="s-0")).scalar_one()
        db.session.expunge_all()
        session = db.session.get(ForumSession, session_id)
        loaded = []

        def count(_, obj):
            loaded.append(obj)

        sa.event.listen(db.session, "loaded_as_persistent", count)
        try:
            statements = _statements(lambda: export_session_bundle(session))
        finally:
            sa.event.remove(db.session, "loaded_as_persistent", count)
        return statements, len(loaded)  # the queries it sends and the rows it reads

    assert cost(1) == cost(30)


# -- hostile bundles: each a clear error that names the place, and nothing written -----------------


def _refused_file(runner, tmp_path, text: str) -> str:
    source = tmp_path / "hostile.json"
    source.write_text(text, encoding="utf-8")
    result = runner.invoke(args=["import-bundle", str(source)])
    assert result.exit_code == 1, result.output
    assert "refused, nothing was imported" in result.output
    assert row_counts()["forum"] == 0
    return result.output


def _demo_text(old: str, new: str) -> str:
    text = json.dumps(demo_bundle(), ensure_ascii=True)
    assert old in text
    return text.replace(old, new, 1)


def test_nesting_a_hundred_thousand_deep_is_refused_naming_the_place(app, runner, tmp_path):
    text = '{"format": "eventsite-bundle", "version": 2, "forum": {"about": ' + "[" * 100_000 + "]" * 100_000 + "}}"

    output = _refused_file(runner, tmp_path, text)

    # the document and forum are two levels, "about" the third
    assert "  forum.about" + "[0]" * (MAX_DEPTH - 2) + f": nested more than {MAX_DEPTH} levels deep" in output
    assert "Traceback" not in output


def test_nesting_too_deep_for_the_checks_is_refused_in_data_given_directly(app):
    bundle = demo_bundle()
    deep = []
    bundle["sessions"][0]["points"][0]["tags"] = deep
    for _ in range(5000):
        deep.append([])
        deep = deep[0]

    message = refusal(bundle)

    # tags is the sixth level
    assert message == "sessions[0].points[0].tags" + "[0]" * (MAX_DEPTH - 5) + f": nested more than {MAX_DEPTH} levels deep"


@pytest.mark.parametrize("old, new, expected", [
    ('"Technoprom-2016"', '"Techno\\ud800prom"',
     "forum.name: contains a control character or a lone surrogate (U+D800 at character 7); text may hold neither"),
    ('"city"', '"ci\\udfffty"',
     'forum["ci\\udfffty"]: the key contains a control character or a lone surrogate (U+DFFF at character 3)'),
    ('"Technoprom-2016"', '"Techno\\u001bprom"',
     "forum.name: contains a control character or a lone surrogate (U+001B at character 7)"),
    ('"Cluster members', '"Cluster\\u0000 members',
     "sessions[0].points[1].body: contains a control character or a lone surrogate (U+0000 at character 8)"),
    ('"2016-06-09"', '"2016-06-09\\n"', "forum.starts_on: '2016-06-09\\n' is not a date written YYYY-MM-DD"),
    ('"2016-09-26"', '"2016-09-26\\n"',
     "sessions[0].points[4].key_dates[1].date: '2016-09-26\\n' is not a date written YYYY-MM-DD (precision day)"),
    ('"slug": "technoprom-2016"', '"slug": "newline-forum\\n"',
     "forum.slug: 'newline-forum\\n' is not a slug"),
    ('"starts_at": "2016-06-10T14:00:00+06:00"', '"starts_at": "2016-06-10T14:00:00+06:00\\n"',
     "sessions[0].starts_at: '2016-06-10T14:00:00+06:00\\n' is not a time written"),
    ('"name": "Artyom Shadrin"', '"name": "Artyom\\rShadrin"',
     "people[0].name: 'Artyom\\rShadrin' has a line break; it must be one line"),
    ('"city": "Novosibirsk",', '"city": "Novosibirsk", "city": "Moscow",',
     "forum.city: is given more than once in the same object"),
    ('"version": 2', '"version": NaN', "version: NaN is not a number a bundle can carry"),
    ('"version": 2', '"version": 1e999', "version: 1e999 is not a number a bundle can carry"),
    ('"version": 2', '"version": ' + "9" * 5000, "version: 99999999999999999999999999999… is not a number"),
    ('"version": 2', '"version": 2.5', "version: 2.5 is not one of [1, 2]"),
])
def test_a_hostile_bundle_file_is_refused_naming_the_place(app, runner, tmp_path, old, new, expected):
    output = _refused_file(runner, tmp_path, _demo_text(old, new))

    assert f"  {expected}" in output
    assert "Traceback" not in output


def test_text_longer_than_its_field_is_refused(app):
    bundle = demo_bundle()
    bundle["forum"]["about"] = "x" * 50_000_000
    bundle["forum"]["name"] = "N" * 121
    bundle["sessions"][0]["points"][0]["title"] = "T" * 100_001

    assert refusal(bundle).splitlines() == [
        "forum.about: is 50000000 characters long; at most 100000 are allowed",
        "forum.name: is 121 characters long; at most 120 are allowed",
        "sessions[0].points[0].title: is 100001 characters long; at most 300 are allowed",
    ]
    assert row_counts()["forum"] == 0


def test_a_revisions_record_is_kept_verbatim_but_its_text_is_checked_too(app):
    bundle = rich_bundle()
    record = bundle["sessions"][1]["minutes"]["revisions"][0]["record"]
    record["summary"] = "Draft\x07 summary."
    record["discussion"][0]["title"] = "x" * 100_001

    assert refusal(bundle).splitlines() == [
        "sessions[1].minutes.revisions[0].record.discussion[0].title: is 100001 characters long; "
        "at most 100000 are allowed",
        "sessions[1].minutes.revisions[0].record.summary: contains a control character or a lone surrogate "
        "(U+0007 at character 6); text may hold neither",
    ]


def test_read_bundle_says_where_a_file_is_not_utf8():
    with pytest.raises(BundleError) as caught:
        read_bundle(b'{"format": "eventsite-bundle", "forum": "\xed\xa0\x80"}')
    assert str(caught.value) == "(the document): not UTF-8 text (invalid continuation byte at byte 41)"


def _mutations():
    """Bundles both validators must judge alike: the fast one decides, the full one names the problems."""
    bundle = rich_bundle()
    yield "rich", bundle
    yield "demo", demo_bundle()
    for path, value in [
        ('["version"]', 2.0), ('["version"]', True), ('["forum", "slug"]', "Bad Slug"), ('["forum", "name"]', ""),
        ('["forum", "name"]', "a\nb"), ('["forum", "press_contact"]', None), ('["forum", "press_contact"]', []),
        ('["people", 0, "email"]', "no-at-sign"), ('["people", 0, "email"]', "a@b\n"),
        ('["sessions", 1, "points", 0, "tags"]', [""]), ('["sessions", 1, "points", 0, "tags"]', None),
        ('["sessions", 1, "points", 0, "deleted_at"]', "2016-10-04T25:00:00+03:00"),
        ('["sessions", 1, "points", 0, "deleted_at"]', "2016-10-04T10:00:00"),
        ('["sessions", 1, "minutes", "revision"]', -1), ('["sessions", 1, "minutes", "revision"]', 2 ** 40),
        ('["sessions", 1, "minutes", "revisions", 0, "number"]', 0),
        ('["sessions", 1, "minutes", "revisions", 0, "record"]', "text"),
        ('["sessions", 1, "minutes", "approved_by"]', {"name": "x", "role": "admin"}),
        ('["sessions", 1, "minutes", "approved_by"]', "Olga"),
        ('["sessions", 1, "press_releases", 0, "revisions", 0, "headline"]', None),
        ('["sessions", 1, "points", 7, "key_dates", 0, "qualifier"]', "late"),
        ('["sessions", 1, "points", 7, "key_dates", 0, "date"]', "2016-13"),
        ('["sessions", 1, "starts_at"]', "2016-02-30T10:00:00+03:00"),
        ('["sessions", 0, "language"]', "EN"), ('["sessions", 0, "visibility"]', None),
        ('["sessions", 0, "visibility"]', "secret"),
    ]:
        changed = copy.deepcopy(bundle)
        _set(path, value)(changed)
        yield f"{path}={value!r}", changed


@pytest.mark.parametrize("name, bundle", list(_mutations()), ids=[name for name, _ in _mutations()])
def test_the_fast_and_the_full_schema_check_agree(name, bundle):
    from eventsite.bundles.validate import _fast_check, _full_validator

    assert _fast_check(bundle) == _full_validator().is_valid(bundle)


def _walked():
    """Bundles as read from a file, each with something the walk reports, and one with nothing."""
    yield "clean", rich_bundle()
    for name, old, new in [
        ("control character", '"Technoprom-2016"', '"Techno\\u001bprom"'),
        ("lone surrogate in a key", '"city"', '"ci\\udfffty"'),
        ("key given twice", '"city": "Novosibirsk",', '"city": "Novosibirsk", "city": "Moscow",'),
        ("NaN", '"version": 2', '"version": NaN'),
        ("too many digits", '"version": 2', '"version": ' + "9" * 40),
    ]:
        yield name, read_bundle(_demo_text(old, new))
    deep = rich_bundle()
    nested = deep["sessions"][1]["points"][0]["tags"]
    for _ in range(MAX_DEPTH):
        nested.append([])
        nested = nested[0]
    yield "too deep", deep
    long = rich_bundle()
    long["sessions"][1]["minutes"]["revisions"][0]["record"]["summary"] = "x" * 100_001
    yield "long text in a record", long
    control = rich_bundle()
    control["sessions"][1]["minutes"]["revisions"][0]["record"]["discussion"][0]["title"] = "a\x85b"
    yield "C1 control in a record", control
    yield "key that is not text", {**rich_bundle(), 1: "one"}


@pytest.mark.parametrize("name, bundle", list(_walked()), ids=[name for name, _ in _walked()])
def test_the_quick_pass_finds_nothing_only_where_the_walk_finds_nothing(name, bundle):
    from eventsite.bundles.validate import _walk, _walk_finds_nothing

    assert _walk_finds_nothing(bundle) == (_walk(bundle) == ([], False))
    assert _walk_finds_nothing(bundle) == (name == "clean")


# -- the commands ---------------------------------------------------------------------------------


def test_export_bundle_writes_a_file_that_imports_back(app, runner, tmp_path):
    import_bundle(rich_bundle())
    target = tmp_path / "out.json"

    result = runner.invoke(args=["export-bundle", "open-science-2016", "-o", str(target)])

    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text(encoding="utf-8")) == rich_bundle()
    assert "Анна Иванова" in target.read_text(encoding="utf-8")  # written as text, not \u escapes


def test_export_bundle_writes_to_standard_output_by_default(app, runner):
    import_bundle(rich_bundle())

    result = runner.invoke(args=["export-bundle", "open-science-2016"])

    assert result.exit_code == 0
    assert json.loads(result.stdout) == rich_bundle()


def test_export_bundle_of_an_unknown_forum_says_so(app, runner):
    import_bundle(rich_bundle())

    result = runner.invoke(args=["export-bundle", "no-such-forum"])

    assert result.exit_code != 0
    assert "no forum with the slug 'no-such-forum'; forums: open-science-2016" in result.output


def test_import_bundle_prints_what_it_created(app, runner, tmp_path):
    source = tmp_path / "bundle.json"
    source.write_text(json.dumps(rich_bundle()), encoding="utf-8")

    first = runner.invoke(args=["import-bundle", str(source)])
    second = runner.invoke(args=["import-bundle", str(source)])

    assert first.exit_code == 0, first.output
    assert "created: 1 forum, 4 organisations, 4 people, 2 sessions, 3 participants, 2 groups, 10 points" in first.output
    assert "imported forum open-science-2016: already up to date" in second.output


def test_import_bundle_refuses_a_bad_file_naming_each_problem(app, runner, tmp_path):
    bundle = rich_bundle()
    bundle["sessions"][1]["points"][3]["kind"] = "vote"
    bundle["forum"]["colour"] = "blue"
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(bundle), encoding="utf-8")

    result = runner.invoke(args=["import-bundle", str(source)])

    assert result.exit_code == 1
    assert "refused, nothing was imported (2 problems)" in result.output
    assert "  forum.colour: unknown key" in result.output
    assert "  sessions[1].points[3].kind: 'vote' is not one of" in result.output
    assert row_counts()["forum"] == 0


def test_import_bundle_points_at_the_line_and_column_of_broken_json(app, runner, tmp_path):
    source = tmp_path / "broken.json"
    source.write_text('{\n  "format": "eventsite-bundle",\n  "version" 1\n}\n', encoding="utf-8")

    result = runner.invoke(args=["import-bundle", str(source)])

    assert result.exit_code == 1
    assert "not valid JSON: Expecting ':' delimiter at line 3, column 13" in result.output


def test_a_persons_address_in_a_bundle_follows_the_one_rule_for_addresses(runner, tmp_path):
    import json as _json

    from eventsite.bundles.demo import demo_bundle
    from eventsite.models import Forum

    bundle = demo_bundle()
    bundle["people"][0]["email"] = "someone@example..org"
    path = tmp_path / "bad-email.json"
    path.write_text(_json.dumps(bundle), encoding="utf-8")
    result = runner.invoke(args=["import-bundle", str(path)])
    assert result.exit_code != 0
    assert "people[0].email" in result.output
    assert db.session.execute(db.select(Forum)).first() is None


def test_attachments_travel_in_the_bundle_byte_for_byte(app, tmp_path, migrated_db):
    # base64 in the JSON: import → export gives back the same bytes, and a fresh installation the same file
    import base64
    import hashlib

    from eventsite.attachments.service import add_attachment
    from eventsite.models import Attachment, AttachmentContent

    result = import_bundle(rich_bundle())
    db.session.expire_all()  # new sessions' rows are written in bulk
    second = db.session.execute(sa.select(DiscussionPoint).join(ForumSession).where(
        ForumSession.forum_id == result.forum.id, DiscussionPoint.position == 2)).scalars().first()
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3 slides\n%%EOF\n"
    add_attachment(second.session, pdf, "слайды.pdf", point=second)
    db.session.commit()
    exported = export_bundle(result.forum)
    item = next(s for s in exported["sessions"] if s["slug"] == second.session.slug)["attachments"][0]
    assert base64.b64decode(item["data"]) == pdf and item["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert item["point"] == 1 and item["filename"] == "слайды.pdf"
    assert not validate_bundle(exported)
    text = json.dumps(exported, ensure_ascii=False, sort_keys=True)
    with fresh_installation(tmp_path, migrated_db):
        again = export_bundle(import_bundle(json.loads(text)).forum)
        assert json.dumps(again, ensure_ascii=False, sort_keys=True) == text
        assert db.session.execute(sa.select(AttachmentContent.data)).scalar_one() == pdf
    # importing it again here changes nothing
    assert not import_bundle(json.loads(text)).changed
    assert db.session.execute(sa.select(sa.func.count(Attachment.id))).scalar_one() == 1


def test_minutes_of_the_older_shape_freeze_the_attachments_the_bundle_gives_too(app):
    # their record is composed at import: from the whole record imported, the files included
    import base64
    import hashlib

    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3 older slides\n%%EOF\n"
    bundle = older_shape(rich_bundle())
    bundle["sessions"][1]["attachments"] = [{
        "filename": "slides.pdf", "content_type": "application/pdf", "point": 0,
        "sha256": hashlib.sha256(pdf).hexdigest(), "data": base64.b64encode(pdf).decode()}]
    import_bundle(bundle)
    minutes = db.session.execute(db.select(Minutes)).scalar_one()
    listed = minutes.revisions[0].record["attachments"]
    assert [(a["filename"], a["sha256"], a["point"]) for a in listed] == [
        ("slides.pdf", hashlib.sha256(pdf).hexdigest(), 1)]


def test_an_attachment_whose_bytes_do_not_match_is_refused_with_its_path(app):
    import base64

    bundle = rich_bundle()
    bundle["sessions"][0]["attachments"] = [{
        "filename": "x.pdf", "content_type": "application/pdf", "sha256": "0" * 64,
        "data": base64.b64encode(b"MZ not a pdf").decode()}]
    message = refusal(bundle)
    assert "sessions[0].attachments[0].sha256: does not match" in message
    assert "sessions[0].attachments[0].data: is not a file of a type attachments accept" in message
