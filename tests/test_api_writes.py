"""The API's writes beyond creating and changing sessions, participants and points: agenda items and
groups, reordering, deleting (a session to the trash, as on the site), times without an offset read
in the forum's zone, and the OpenAPI document in its reader's language."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from eventsite.agenda.plan import ItemValues, add_item
from eventsite.models import (
    AgendaItem, AuditEntry, DiscussionPoint, ForumSession, ParticipantGroup, Participation, TokenScope, db,
)
from eventsite.organise import service
from matrix import ROLES, build_world, token_headers

PROBLEM = "application/problem+json"


@pytest.fixture
def world(make, users):
    return build_world(make, users)




@pytest.fixture
def writer(world):
    """An organiser's read-write token."""
    return token_headers(world.accounts["organiser"], TokenScope.read_write)


def _session_url(session: ForumSession) -> str:
    return f"/api/v1/forums/{session.forum.slug}/sessions/{session.slug}"


def _etag(client, url: str, headers: dict) -> dict:
    """`If-Match` with the ETag a GET of `url` gives."""
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.json
    return {**headers, "If-Match": response.headers["ETag"]}


def _in_trash(session_id: int) -> bool:
    db.session.expire_all()
    return db.session.execute(
        sa.select(ForumSession.deleted_at).where(ForumSession.id == session_id).execution_options(include_trashed=True)
    ).scalar_one() is not None


# --- deleting ----------------------------------------------------------------------------------------

def test_a_stale_if_match_delete_is_412_and_deletes_nothing(client, world, writer):
    session = world.sessions["public"]
    url = _session_url(session)
    stale = _etag(client, url, writer)
    changed = client.patch(url, headers=stale, json={"title": "Changed meanwhile"})
    assert changed.status_code == 200

    response = client.delete(url, headers=stale)

    assert response.status_code == 412 and response.mimetype == PROBLEM
    assert not _in_trash(session.id)
    assert client.get(url).json["title"] == "Changed meanwhile"


def test_a_stale_if_match_delete_of_a_point_is_412_and_the_point_stays(client, world, writer, make):
    point = make.point(world.sessions["public"], body="Still here.")
    db.session.commit()
    url = _session_url(world.sessions["public"]) + f"/points/{point.id}"
    stale = _etag(client, url, writer)
    assert client.patch(url, headers=stale, json={"body": "Still here, changed."}).status_code == 200

    assert client.delete(url, headers=stale).status_code == 412
    db.session.expire_all()
    assert db.session.get(DiscussionPoint, point.id).deleted_at is None
    assert client.get(url).json["body"] == "Still here, changed."


def test_a_delete_without_if_match_is_428_and_deletes_nothing(client, world, writer):
    session = world.sessions["public"]
    response = client.delete(_session_url(session), headers=writer)
    assert response.status_code == 428 and response.mimetype == PROBLEM
    assert not _in_trash(session.id)


def test_if_match_star_is_not_a_version_and_is_428(client, world, writer):
    # "*" would delete whatever version is there: the lost update If-Match is asked for to prevent
    session = world.sessions["public"]
    response = client.delete(_session_url(session), headers={**writer, "If-Match": "*"})
    assert response.status_code == 428 and "not “*”" in response.json["detail"]
    assert not _in_trash(session.id)


def test_a_read_only_token_may_not_delete(client, world):
    session = world.sessions["public"]
    reader = token_headers(world.accounts["organiser"], TokenScope.read)
    response = client.delete(_session_url(session), headers=_etag(client, _session_url(session), reader))
    assert response.status_code == 403 and response.mimetype == PROBLEM
    assert "may only read" in response.json["detail"]
    assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]
    assert not _in_trash(session.id)


def test_a_deleted_session_is_in_the_trash_and_restorable_on_the_site(client, auth, world, writer):
    session = world.sessions["internal"]
    url, session_id, title = _session_url(session), session.id, session.title

    response = client.delete(url, headers=_etag(client, url, writer))

    assert response.status_code == 204 and response.data == b""
    assert client.get(url, headers=writer).status_code == 404
    assert _in_trash(session_id)
    entry = db.session.execute(sa.select(AuditEntry).where(
        AuditEntry.entity == "forum_session", AuditEntry.entity_id == session_id, AuditEntry.action == "update")
    ).scalars().all()[-1]
    assert entry.user_id == world.accounts["organiser"].id and entry.after["deleted_at"]

    auth.login_as("organiser")
    trash = client.get("/trash")
    assert title in trash.text
    assert client.post(f"/trash/session/{session_id}/restore").status_code == 302
    assert client.get(url, headers=writer).json["title"] == title


def test_removing_a_participant_keeps_their_points_without_a_speaker(client, world, writer, make):
    session = world.sessions["public"]
    speaker = make.participation(session, make.person(name="Leaving Speaker"))
    point = make.point(session, body="What they said.", speaker=speaker)
    db.session.commit()
    url = _session_url(session) + f"/participants/{speaker.id}"

    assert client.delete(url, headers=_etag(client, url, writer)).status_code == 204

    body = client.get(_session_url(session)).json
    assert "Leaving Speaker" not in [p["person"]["name"] for p in body["participants"]]
    said = next(p for p in body["points"] if p["id"] == point.id)
    assert said["body"] == "What they said." and said["speaker_id"] is None
    assert db.session.get(Participation, speaker.id) is None


def test_a_deleted_point_leaves_the_record_and_is_restored_on_the_site(client, auth, world, writer, make):
    session = world.sessions["public"]
    point = make.point(session, body="Said in passing.")
    db.session.commit()
    url = _session_url(session) + f"/points/{point.id}"

    assert client.delete(url, headers=_etag(client, url, writer)).status_code == 204

    assert client.get(url).status_code == 404
    assert point.id not in [p["id"] for p in client.get(_session_url(session)).json["points"]]
    auth.login_as("organiser")
    restored = client.post(f"/forums/{session.forum.slug}/{session.slug}/points/{point.id}/restore")
    assert restored.status_code == 302
    assert client.get(url).json["body"] == "Said in passing."


# --- the agenda and groups -------------------------------------------------------------------------

def test_agenda_items_are_planned_changed_moved_and_deleted(client, world, writer, make):
    session = world.sessions["public"]
    base = _session_url(session) + "/agenda"
    presenter = make.participation(session, make.person(name="Agenda Presenter"))
    db.session.commit()

    opening = client.post(base, headers=writer, json={"title": "Opening", "presenter_id": presenter.id,
                                                      "planned_minutes": 10})
    assert opening.status_code == 201, opening.json
    assert opening.headers["Location"].endswith(f"/agenda/{opening.json['id']}")
    assert (opening.json["number"], opening.json["presenter"]) == (1, "Agenda Presenter")
    questions = client.post(base, headers=writer, json={"title": "Questions", "presenter_name": "Guests"})
    assert questions.json["number"] == 2

    url = f"{base}/{questions.json['id']}"
    moved = client.patch(url, headers={**writer, "If-Match": questions.headers["ETag"]},
                         json={"number": 1, "notes": "If time allows."})
    assert moved.status_code == 200, moved.json
    assert (moved.json["number"], moved.json["presenter"], moved.json["notes"]) == (1, "Guests", "If time allows.")
    # the change and the move are one change: one new version, one entry in the audit
    assert moved.json["version"] == questions.json["version"] + 1
    assert len(db.session.execute(sa.select(AuditEntry).where(
        AuditEntry.entity == "agenda_item", AuditEntry.entity_id == questions.json["id"],
        AuditEntry.action == "update")).scalars().all()) == 1
    assert [i["title"] for i in client.get(_session_url(session)).json["agenda"]] == ["Questions", "Opening"]

    both = client.patch(url, headers={**writer, "If-Match": moved.headers["ETag"]},
                        json={"presenter_id": presenter.id, "presenter_name": "Someone else"})
    assert both.status_code == 422
    assert both.json["errors"] == [{"pointer": "/presenter_name", "field": "presenter_name",
                                    "detail": "Either choose a participant or type a name, not both."}]
    elsewhere = make.participation(world.sessions["internal"])
    db.session.commit()
    wrong = client.post(base, headers={**writer, "Accept-Language": "ru"},
                        json={"title": "Wrong presenter", "presenter_id": elsewhere.id})
    assert wrong.status_code == 422
    assert wrong.json["errors"][0]["field"] == "presenter_id"
    assert wrong.json["errors"][0]["detail"] == "Докладчик должен быть участником этой сессии."
    assert db.session.execute(sa.select(AgendaItem).filter_by(title="Wrong presenter")).first() is None

    under_it = make.point(session, body="Said under the questions.", agenda_item_id=questions.json["id"])
    db.session.commit()
    gone = client.delete(url, headers=_etag(client, url, writer))
    assert gone.status_code == 204
    db.session.expire_all()
    assert db.session.get(AgendaItem, questions.json["id"]) is None
    assert db.session.get(DiscussionPoint, under_it.id).agenda_item_id is None


def test_groups_are_added_renamed_moved_and_removed(client, world, writer):
    session = world.sessions["public"]
    base = _session_url(session) + "/groups"
    first = client.post(base, headers=writer, json={"name": "state offices"})
    second = client.post(base, headers=writer, json={"name": "  business\u0007 "})
    assert first.status_code == second.status_code == 201
    assert (second.json["name"], second.json["position"]) == ("business", 2)

    url = f"{base}/{second.json['id']}"
    changed = client.patch(url, headers={**writer, "If-Match": second.headers["ETag"]},
                           json={"name": "business associations", "position": 1})
    assert changed.status_code == 200, changed.json
    assert [(g["name"], g["position"]) for g in client.get(_session_url(session)).json["groups"]] == [
        ("business associations", 1), ("state offices", 2)]
    empty = client.patch(url, headers={**writer, "If-Match": changed.headers["ETag"]}, json={"name": ""})
    assert empty.status_code == 422 and empty.json["errors"][0]["field"] == "name"

    assert client.delete(url, headers={**writer, "If-Match": changed.headers["ETag"]}).status_code == 204
    db.session.expire_all()
    assert [g.name for g in db.session.execute(sa.select(ParticipantGroup).filter_by(session_id=session.id)).scalars()] \
        == ["state offices"]


def test_a_point_moves_to_the_number_it_is_given(client, world, writer, make):
    session = world.sessions["public"]
    first, second, third = (make.point(session, body=f"Point {n}.") for n in (1, 2, 3))
    service.delete_point(second)  # a deleted point keeps its place, and is not counted
    db.session.commit()
    url = _session_url(session) + f"/points/{third.id}"

    moved = client.patch(url, headers=_etag(client, url, writer), json={"number": 1})

    assert moved.status_code == 200 and moved.json["number"] == 1
    assert [p["body"] for p in client.get(_session_url(session)).json["points"]] == ["Point 3.", "Point 1."]


# --- times without an offset --------------------------------------------------------------------------

def test_a_time_without_an_offset_is_read_in_the_forums_time_zone(client, world, writer):
    # the forum is in Asia/Novosibirsk, UTC+7
    created = client.post("/api/v1/forums/matrix/sessions", headers=writer, json={
        "slug": "local-times", "title": "Local times", "starts_at": "2026-12-15T14:00",
        "ends_at": "2026-12-15T15:30:00+03:00"})
    assert created.status_code == 201, created.json
    assert created.json["starts_at"] == "2026-12-15T14:00:00+07:00"
    assert created.json["ends_at"] == "2026-12-15T19:30:00+07:00"
    db.session.expire_all()
    stored = db.session.execute(sa.select(ForumSession).filter_by(slug="local-times")).scalar_one()
    assert stored.starts_at == datetime(2026, 12, 15, 7, 0, tzinfo=timezone.utc)
    assert stored.ends_at == datetime(2026, 12, 15, 12, 30, tzinfo=timezone.utc)

    url = "/api/v1/forums/matrix/sessions/local-times"
    changed = client.patch(url, headers={**writer, "If-Match": created.headers["ETag"]},
                           json={"ends_at": "2026-12-15T16:00"})
    assert changed.status_code == 200 and changed.json["ends_at"] == "2026-12-15T16:00:00+07:00"
    db.session.expire_all()
    assert db.session.get(ForumSession, stored.id).ends_at == datetime(2026, 12, 15, 9, 0, tzinfo=timezone.utc)
    # the same rule as with an offset: the end must come after the start, said at the field
    early = client.patch(url, headers={**writer, "If-Match": changed.headers["ETag"]},
                         json={"ends_at": "2026-12-15T13:00"})
    assert early.status_code == 422 and early.json["errors"][0]["field"] == "ends_at"


def test_the_document_says_how_a_time_without_an_offset_is_read(client):
    spec = client.get("/api/v1/openapi.json").json
    starts = spec["components"]["schemas"]["SessionIn"]["properties"]["starts_at"]
    assert "forum's time zone" in starts["description"]
    assert {"format": "date-time"} in starts["anyOf"]


# --- the document in its reader's language -------------------------------------------------------------

def test_the_openapi_document_is_russian_for_accept_language_ru_and_english_by_default(client):
    from openapi_spec_validator import validate

    english = client.get("/api/v1/openapi.json")
    russian = client.get("/api/v1/openapi.json", headers={"Accept-Language": "ru"})

    assert english.headers["Content-Language"] == "en" and russian.headers["Content-Language"] == "ru"
    assert english.json["paths"]["/api/v1/forums"]["get"]["summary"] == "Every forum, newest first."
    assert russian.json["paths"]["/api/v1/forums"]["get"]["summary"] == "Все форумы, сначала новые."
    point = "/api/v1/forums/{forum_slug}/sessions/{session_slug}/points/{point_id}"
    assert russian.json["paths"][point]["delete"]["summary"].startswith("Удалить пункт")
    starts = russian.json["components"]["schemas"]["SessionIn"]["properties"]["starts_at"]
    assert "в часовом поясе форума" in starts["description"]
    assert russian.json["components"]["responses"]["PRECONDITION_FAILED"]["description"].startswith(
        "Ресурс изменился")
    validate(russian.json)
    # the same paths and schemas: only the words differ
    assert english.json["paths"].keys() == russian.json["paths"].keys()
    assert "Vary" in russian.headers and "Accept-Language" in russian.headers["Vary"]


def test_the_docs_page_is_in_the_readers_language_words_and_document_alike(client):
    page = client.get("/api/v1/docs", headers={"Accept-Language": "ru"}).text
    assert "Операции" in page and "Все форумы, сначала новые." in page and "массив" in page
    assert "Every forum, newest first." not in page
    english = client.get("/api/v1/docs").text
    assert "Every forum, newest first." in english and "array of" in english


# --- who may write what: every new write × every role ------------------------------------------------------

#: for each write, what it acts on, made fresh for each role in a session of the given visibility:
#: (method, the path under the session's address or None for the session itself, a body, the status it gives)
WRITES = {
    "delete a session": ("DELETE", lambda s, make: None, None, 204),
    "delete a participant": ("DELETE", lambda s, make: f"/participants/{make.participation(s).id}", None, 204),
    "delete a point": ("DELETE", lambda s, make: f"/points/{make.point(s).id}", None, 204),
    "add an agenda item": ("POST", lambda s, make: "/agenda", {"title": "Opening"}, 201),
    "change an agenda item": ("PATCH", lambda s, make: f"/agenda/{add_item(s, ItemValues('Item')).id}",
                              {"title": "Renamed", "number": 1}, 200),
    "delete an agenda item": ("DELETE", lambda s, make: f"/agenda/{add_item(s, ItemValues('Item')).id}", None, 204),
    "add a group": ("POST", lambda s, make: "/groups", {"name": "business"}, 201),
    "change a group": ("PATCH", lambda s, make: f"/groups/{service.add_group(s, 'business').id}",
                       {"name": "state offices"}, 200),
    "delete a group": ("DELETE", lambda s, make: f"/groups/{service.add_group(s, 'business').id}", None, 204),
}


#: who may see a session of each visibility of the matrix (as tests/test_api.py's READS says)
SEES = {"public": ROLES, "participants": ["took_part", "press", "organiser", "admin"],
        "internal": ["press", "organiser", "admin"]}


def _expected(visibility: str, done: int) -> dict:
    """Organisers and admins change; anonymous needs a token (401) where it may see, other accounts 403;
    who may not see the session gets 404 first."""
    sees = SEES[visibility]
    expect = {}
    for role in ROLES:
        if role not in sees:
            expect[role] = 404
        elif role in ("organiser", "admin"):
            expect[role] = done
        else:
            expect[role] = 401 if role == "anonymous" else 403
    return expect


@pytest.mark.parametrize("name", WRITES.keys())
def test_each_role_may_make_the_apis_writes_only_where_the_site_lets_it(app, world, make, name):
    method, target, body, done = WRITES[name]
    tokens = {role: token_headers(user, TokenScope.read_write) if user is not None else {} for role, user in world.accounts.items()}
    organiser = tokens["organiser"]
    for visibility in ("public", "participants", "internal"):
        actual = {}
        for role in ROLES:
            # a fresh record for each role, so one role's delete leaves the next something to try
            session = make.session(world.sessions["public"].forum, visibility=world.sessions[visibility].visibility)
            if visibility != "public":
                make.participation(session, world.accounts["took_part"].person)
            suffix = target(session, make)
            db.session.commit()
            url = _session_url(session) + (suffix or "")
            client = app.test_client()
            headers = dict(tokens[role])
            if method != "POST":
                # the ETag as an organiser reads it: a role that may not see the record is refused before
                headers["If-Match"] = client.get(url, headers=organiser).headers["ETag"]
            response = client.open(url, method=method, headers=headers, json=body)
            if response.status_code >= 400:
                assert response.mimetype == PROBLEM
            actual[role] = response.status_code
            db.session.rollback()
        assert actual == _expected(visibility, done), visibility


def test_an_archived_forum_refuses_api_changes_with_a_problem_document(client, world, writer):
    from eventsite.archive import archive_forum

    session = world.sessions["public"]
    url = _session_url(session)
    headers = _etag(client, url, writer)
    archive_forum(session.forum)
    db.session.commit()

    response = client.delete(url, headers=headers)

    assert response.status_code == 409 and response.mimetype == PROBLEM
    assert "is archived" in response.json["detail"]
    assert not _in_trash(session.id)


#: the new records' own addresses, read: (the path under the session's address, made fresh)
READS = {
    "an agenda item": lambda s, make: f"/agenda/{add_item(s, ItemValues('Opening')).id}",
    "a group": lambda s, make: f"/groups/{service.add_group(s, 'state offices').id}",
}


@pytest.mark.parametrize("name", READS.keys())
def test_each_role_reads_the_new_records_where_it_may_see_their_session(app, world, make, name):
    target = READS[name]
    tokens = {role: token_headers(user, TokenScope.read) if user is not None else {} for role, user in world.accounts.items()}
    for visibility, session in world.sessions.items():
        suffix = target(session, make)
        db.session.commit()
        actual = {role: app.test_client().get(_session_url(session) + suffix, headers=tokens[role]).status_code
                  for role in ROLES}
        assert actual == {role: 200 if role in SEES[visibility] else 404 for role in ROLES}, visibility
