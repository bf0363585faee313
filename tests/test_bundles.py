"""Bundles: a refused bundle changes nothing and says where; import → export is lossless; import is idempotent."""
from __future__ import annotations

import copy
import json
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from eventsite.bundles import BundleError, export_bundle, import_bundle, validate_bundle
from eventsite.bundles.demo import demo_bundle
from eventsite.models import (
    AuditEntry, DiscussionPoint, Forum, ForumSession, Minutes, MinutesRevision, Organisation, Person, PressRelease, db,
)


def rich_bundle() -> dict:
    """Every kind of record the format holds, written the way export writes it."""
    return {
        "format": "eventsite-bundle",
        "version": 1,
        "forum": {
            "slug": "open-science-2016", "name": "Open Science 2016", "title": "The Open Science Forum 2016",
            "city": "Moscow", "country": "Russia", "starts_on": "2016-10-03", "ends_on": "2016-10-05",
            "timezone": "Europe/Moscow", "language": "en", "about": "A forum about **open** science.",
            "press_contact": {"name": "Press office", "email": "press@example.org", "phone": "+7 000 000-00-00"},
        },
        "organisations": [
            {"key": "faculty-of-physics", "name": "Faculty of Physics", "short_name": "", "kind": "education",
             "parent": "nsu"},
            {"key": "nsu", "name": "Novosibirsk State University", "short_name": "NSU", "kind": "education",
             "parent": None},
            {"key": "open-data-association", "name": "Open Data Association", "short_name": "",
             "kind": "other", "parent": None},
            {"key": "technopark", "name": "Academpark", "short_name": "Technopark", "kind": "business",
             "parent": None},
        ],
        "people": [
            {"key": "anna-ivanova", "name": "Anna Ivanova", "native_name": "Анна Иванова",
             "email": "a.ivanova@example.org"},
            {"key": "anna-ivanova-2", "name": "Anna Ivanova", "native_name": "Анна Иванова",
             "email": "anna.ivanova@example.org"},
            {"key": "boris-sidorov", "name": "Boris Sidorov", "native_name": "", "email": None},
            {"key": "vera-orlova", "name": "Vera Orlova", "native_name": "", "email": None},
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
                     "position": "Director", "organisation": "technopark"},
                    {"person": "anna-ivanova-2", "role": "guest", "attendance": "excused", "position": "",
                     "organisation": None},
                ],
                "groups": ["librarians", "data stewards"],
                "points": [
                    {"kind": "topic", "title": "Why share data", "body": "Reuse and *trust*.", "speaker": None,
                     "tags": []},
                    {"kind": "statement", "title": "", "body": "Data must be citable.", "speaker": "anna-ivanova",
                     "tags": ["citation", "data"]},
                    {"kind": "proposal", "title": "A common repository", "body": "Pool the storage.",
                     "speaker": "boris-sidorov", "tags": []},
                    {"kind": "decision", "title": "Agreed", "body": "Draft a charter.", "speaker": None,
                     "tags": []},
                    {"kind": "action", "title": "Draft the charter", "body": "", "speaker": None, "tags": [],
                     "owner": "faculty-of-physics", "due_on": "2016-11-01", "status": "in_progress"},
                    {"kind": "action", "title": "Invite the libraries", "body": "", "speaker": None, "tags": [],
                     "owner": "anna-ivanova", "due_on": None, "status": "open"},
                    {"kind": "action", "title": "Unassigned", "body": "", "speaker": None, "tags": [],
                     "owner": None, "due_on": None, "status": "done"},
                    {"kind": "announcement", "title": "Grants", "body": "Calls open soon.",
                     "speaker": "boris-sidorov", "tags": ["grants"],
                     "key_dates": [
                         {"label": "Call opens", "date": "2016-11", "precision": "month"},
                         {"label": "Deadline", "date": "2016-12-15", "precision": "day"},
                     ]},
                    {"kind": "announcement", "title": "More later", "body": "", "speaker": None, "tags": [],
                     "key_dates": []},
                    {"kind": "quote", "title": "", "body": "Open by default.", "speaker": "anna-ivanova",
                     "tags": []},
                ],
                "minutes": {"status": "draft", "summary": "Draft summary."},
                "press_releases": [
                    {"status": "published", "headline": "Scientists agree to share data", "subheadline": "A charter",
                     "dateline": "MOSCOW, 4 October 2016", "language": "en", "body": "Body **one**.",
                     "embargo_until": "2016-10-05T09:00:00+03:00"},
                    {"status": "draft", "headline": "Второй релиз", "subheadline": "", "dateline": "",
                     "language": "ru", "body": "Текст.", "embargo_until": None},
                ],
            },
        ],
    }


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


@pytest.mark.parametrize("make_bundle", [demo_bundle, rich_bundle], ids=["demo", "rich"])
def test_export_gives_back_the_imported_bundle(app, make_bundle):
    bundle = make_bundle()
    result = import_bundle(copy.deepcopy(bundle))
    assert export_bundle(result.forum) == bundle


def test_importing_the_same_bundle_twice_changes_nothing(app):
    import_bundle(rich_bundle())
    before = row_counts()
    audit_before = db.session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar_one()

    second = import_bundle(rich_bundle())

    assert not second.changed
    assert second.summary() == ["created: nothing", "updated: nothing", "deleted: nothing"]
    assert row_counts() == before
    assert db.session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar_one() == audit_before


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
    bundle["sessions"][1]["points"][0]["speaker"] = "vera-orlova"

    assert "sessions[1].points[0].speaker: 'vera-orlova' is not among this session's participants" in refusal(bundle)


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
    (_set('["version"]', 2), "version: 2 should be 1"),
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
    assert export_bundle(result.forum) == bundle
    # a removed point is deleted the way an organiser deletes one: it can be restored
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


def test_imported_minutes_get_a_first_revision_and_a_change_a_new_one(app):
    import_bundle(rich_bundle())
    minutes = db.session.execute(db.select(Minutes)).scalar_one()
    assert [(r.number, r.status.value, r.summary) for r in minutes.revisions] == [(1, "draft", "Draft summary.")]

    bundle = rich_bundle()
    bundle["sessions"][1]["minutes"] = {"status": "published", "summary": "Final summary."}
    import_bundle(bundle)

    db.session.expire_all()
    minutes = db.session.execute(db.select(Minutes)).scalar_one()
    assert minutes.revision == 2 and minutes.status.value == "published" and minutes.published_at is not None
    assert [r.summary for r in db.session.execute(
        db.select(MinutesRevision).order_by(MinutesRevision.number)).scalars()] == ["Draft summary.", "Final summary."]


def test_press_releases_keep_their_embargo_as_an_instant(app):
    import_bundle(rich_bundle())

    release = db.session.execute(db.select(PressRelease).filter_by(headline="Scientists agree to share data")).scalar_one()

    assert release.embargo_until == datetime(2016, 10, 5, 6, 0, tzinfo=timezone.utc)
    assert release.status.value == "published" and release.published_at is not None
    assert [r.number for r in release.revisions] == [1]


def test_times_are_exported_in_the_forums_zone(app):
    bundle = rich_bundle()
    bundle["sessions"][0]["starts_at"] = "2016-10-03T07:00:00Z"

    result = import_bundle(bundle)

    session = db.session.execute(db.select(ForumSession).filter_by(slug="opening")).scalar_one()
    assert session.starts_at == datetime(2016, 10, 3, 7, 0, tzinfo=timezone.utc)
    assert export_bundle(result.forum)["sessions"][0]["starts_at"] == "2016-10-03T10:00:00+03:00"


def test_deleted_points_are_left_out_of_the_export(app):
    result = import_bundle(rich_bundle())
    point = db.session.execute(db.select(DiscussionPoint).filter_by(title="Why share data")).scalar_one()
    point.deleted_at = datetime.now(timezone.utc)
    db.session.commit()

    points = export_bundle(result.forum)["sessions"][1]["points"]

    assert "Why share data" not in [p["title"] for p in points]
    assert len(points) == 9


def test_the_schema_is_valid_draft_2020_12_and_the_demo_follows_it():
    from jsonschema import Draft202012Validator

    from eventsite.bundles.validate import schema

    Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert validate_bundle(demo_bundle()) == []
    assert validate_bundle(rich_bundle()) == []


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
