"""Deleting to the trash, restoring, purging, merging duplicate people, archived forums."""
from __future__ import annotations

import json
from datetime import timedelta

import sqlalchemy as sa

from eventsite.bundles import export_bundle, import_bundle
from eventsite.bundles.demo import demo_bundle
from eventsite.models import (
    AuditEntry, DirectoryEntry, DiscussionPoint, DocumentStatus, Forum, ForumSession, Minutes, Participation, Person,
    Role, db,
)
from eventsite.models.base import utcnow

DEMO = "/forums/technoprom-2016/"


def _demo():
    forum = import_bundle(demo_bundle()).forum
    db.session.commit()
    return forum


def _bundle(forum_id: int) -> str:
    db.session.expire_all()
    return json.dumps(export_bundle(db.session.get(Forum, forum_id)), sort_keys=True)


def _all(model):
    return db.session.execute(sa.select(model).execution_options(include_trashed=True)).scalars().all()


def test_the_delete_confirmation_says_what_goes_with_a_session(app, client, auth):
    forum = _demo()
    session = forum.sessions[0]
    auth.login_as("organiser")
    page = client.get(f"{DEMO}{session.slug}/delete").get_data(as_text=True)
    points = len(session.live_points)
    participants = len(session.participations)
    assert f"{points} points of the discussion" in page and f"{participants} participant" in page
    assert "1 set of minutes, with every revision" in page and "30 days" in page


def test_delete_trash_restore_gives_back_the_same_record(app, client, auth):
    forum = _demo()
    forum_id, slug = forum.id, forum.sessions[0].slug
    before = _bundle(forum_id)
    auth.login_as("organiser")
    assert client.post(f"{DEMO}{slug}/delete").status_code == 302
    # gone from every read: its page, the forum's list, the calendar, search, the bundle
    assert client.get(f"{DEMO}{slug}/").status_code == 404
    assert slug not in client.get(DEMO).get_data(as_text=True)
    assert slug not in client.get(f"{DEMO}calendar.ics").get_data(as_text=True)
    assert slug not in _bundle(forum_id)
    trash = client.get("/trash").get_data(as_text=True)
    assert "Trash" in trash and db.session.execute(
        sa.select(ForumSession.title).where(ForumSession.slug == slug).execution_options(include_trashed=True)
    ).scalar_one() in trash
    session_id = db.session.execute(sa.select(ForumSession.id).where(ForumSession.slug == slug)
                                    .execution_options(include_trashed=True)).scalar_one()
    assert client.post(f"/trash/session/{session_id}/restore").status_code == 302
    assert client.get(f"{DEMO}{slug}/").status_code == 200
    assert _bundle(forum_id) == before


def test_a_trashed_forum_hides_its_sessions_everywhere(app, client, auth):
    forum = _demo()
    auth.login_as("organiser")
    client.post(f"{DEMO}delete")
    assert client.get(DEMO).status_code == 404
    assert "Technoprom-2016" not in client.get("/").get_data(as_text=True)
    assert "Cluster" not in client.get("/search?q=cluster").get_data(as_text=True).split("<main", 1)[-1]
    assert client.get("/newsroom").status_code == 200 and forum.title not in client.get("/newsroom").get_data(
        as_text=True)


def test_a_person_who_took_part_is_merged_not_deleted(app, client, auth, make):
    keep = make.person(name="Artyom Shadrin")
    duplicate = make.person(name="A. Shadrin", email="shadrin@example.org")
    forum = make.forum()
    sessions = [make.session(forum) for _ in range(3)]
    make.participation(sessions[0], keep, role=Role.moderator)
    parts = [make.participation(s, duplicate, position=f"Director {n}") for n, s in enumerate(sessions)]
    spoken = make.point(sessions[1], speaker=parts[1])
    shared_point = make.point(sessions[0], speaker=parts[0])
    db.session.add(DirectoryEntry(forum=forum, key="a-shadrin", position=1, person=duplicate))
    db.session.commit()
    keep_id, duplicate_id = keep.id, duplicate.id
    auth.login_as("organiser")

    refused = client.post(f"/people/{duplicate_id}/delete")
    assert refused.status_code == 422 and "Merge them into another person" in refused.get_data(as_text=True)
    confirm = client.post(f"/people/{duplicate_id}/merge", data={"target": "Artyom Shadrin"}).get_data(as_text=True)
    assert "2 participations move to Artyom Shadrin" in confirm and "1 session had them both" in confirm
    client.post(f"/people/{duplicate_id}/merge", data={"target_id": keep_id, "confirm": "1"})

    db.session.expire_all()
    # in the trash, where restoring it undoes the merge (tests/test_merging.py)
    assert client.get(f"/people/{duplicate_id}/edit").status_code == 404
    assert "A. Shadrin" in client.get("/trash").get_data(as_text=True)
    by_session = {p.session_id: p for p in db.session.execute(
        sa.select(Participation).where(Participation.person_id == keep_id)).scalars()}
    assert set(by_session) == {s.id for s in sessions}  # every session they took part in is still theirs
    assert by_session[sessions[1].id].position == "Director 1"
    assert db.session.get(DiscussionPoint, spoken.id).speaker.person_id == keep_id
    assert db.session.get(DiscussionPoint, shared_point.id).speaker.person_id == keep_id
    assert db.session.get(Person, keep_id).email == "shadrin@example.org"
    entry = db.session.execute(sa.select(DirectoryEntry).where(DirectoryEntry.forum_id == forum.id)).scalar_one()
    assert entry.person_id == keep_id and entry.key == "a-shadrin"
    merge = db.session.execute(sa.select(AuditEntry).where(AuditEntry.action == "merge")).scalar_one()
    assert merge.entity_id == duplicate_id and merge.after["merged_into"] == keep_id


def test_purge_trash_removes_old_trash_only(app, runner, make):
    old, recent, kept = make.session(), make.session(), make.session()
    lonely = make.person(name="Nobody Attended")
    old_forum_session = make.session()
    make.participation(old_forum_session)
    make.point(old_forum_session)
    # published minutes go with their session, and 0022's triggers on them with it
    db.session.add(Minutes(session=old, status=DocumentStatus.published, summary="", revision=1))
    old_forum = old_forum_session.forum
    old.deleted_at = lonely.deleted_at = old_forum.deleted_at = utcnow() - timedelta(days=31)
    recent.deleted_at = utcnow() - timedelta(days=29)
    db.session.commit()
    ids = {old.id, recent.id, kept.id}
    old_forum_session_id, lonely_id = old_forum_session.id, lonely.id
    result = runner.invoke(args=["purge-trash"])
    assert result.exit_code == 0 and "1 session(s)" in result.output and "1 person(s)" in result.output
    assert "1 forum(s)" in result.output
    db.session.expire_all()
    left = {s.id for s in _all(ForumSession)} & ids
    assert left == {recent.id, kept.id}
    assert lonely_id not in {p.id for p in _all(Person)}
    # the old forum went with its session, participants and points
    assert old_forum_session_id not in {s.id for s in _all(ForumSession)}
    assert db.session.execute(sa.select(sa.func.count(DiscussionPoint.id))).scalar_one() == 0
    assert db.session.execute(sa.select(sa.func.count(Minutes.id))).scalar_one() == 0
    runner.invoke(args=["purge-trash", "--all"])
    assert {s.id for s in _all(ForumSession)} & ids == {kept.id}


def test_an_archived_forum_refuses_edits_and_stays_public(app, client, auth, make):
    session = make.session(title="Before")
    forum = session.forum
    make.participation(session)
    db.session.commit()
    auth.login_as("organiser")
    client.post(f"/forums/{forum.slug}/archive", data={"archived": "1"})
    page = client.get(f"/forums/{forum.slug}/").get_data(as_text=True)
    assert "archived" in page and session.title in page
    edit = client.post(f"/forums/{forum.slug}/{session.slug}/points", data={"kind": "statement", "body": "New"})
    assert edit.status_code == 409 and "is archived: nothing in it can be changed" in edit.get_data(as_text=True)
    assert client.post(f"/forums/{forum.slug}/{session.slug}/delete").status_code == 409
    db.session.expire_all()
    assert db.session.execute(sa.select(sa.func.count(DiscussionPoint.id))).scalar_one() == 0
    assert client.get(f"/forums/{forum.slug}/{session.slug}/").status_code == 200
    client.post(f"/forums/{forum.slug}/archive", data={"archived": "0"})
    assert client.post(f"/forums/{forum.slug}/{session.slug}/points",
                       data={"kind": "statement", "body": "New"}).status_code in (302, 303)


def test_removing_a_participant_asks_first_naming_the_points_that_lose_their_speaker(app, client, auth, make):
    session = make.session()
    part = make.participation(session, make.person(name="Olga Speaker"))
    make.point(session, title="Clusters need money", speaker=part)
    make.point(session, title="Someone else's point")
    db.session.commit()
    auth.login_as("organiser")
    url = f"/forums/{session.forum.slug}/{session.slug}/participants/{part.id}/remove"
    page = client.get(url).get_data(as_text=True)
    assert "Remove Olga Speaker from this session?" in page and "Clusters need money" in page
    assert "Someone else" not in page
    assert db.session.get(Participation, part.id) is not None
    client.post(url)
    db.session.expire_all()
    assert db.session.get(Participation, part.id) is None


def test_a_trashed_person_leaves_the_lists_and_comes_back_restored(app, client, auth, make):
    person = make.person(name="Ivan Dublicate", native_name="Иван Дубликат")
    db.session.commit()
    auth.login_as("organiser")
    page = client.get(f"/people/{person.id}/delete").get_data(as_text=True)
    assert "0 action items lose their owner" in page
    assert "Moved “Ivan Dublicate” to the trash" in client.post(f"/people/{person.id}/delete",
                                                               follow_redirects=True).get_data(as_text=True)
    assert "Ivan Dublicate" not in client.get("/people/").get_data(as_text=True)
    assert "Иван Дубликат" not in client.get("/search?q=Dublicate").get_data(as_text=True)
    assert client.get(f"/people/{person.id}/edit").status_code == 404
    assert "Ivan Dublicate" in client.get("/trash").get_data(as_text=True)
    client.post(f"/trash/person/{person.id}/restore")
    assert "Ivan Dublicate" in client.get("/people/").get_data(as_text=True)
    assert "The trash is empty." in client.get("/trash").get_data(as_text=True)


def test_only_organisers_see_the_trash(app, client, auth):
    assert client.get("/trash").status_code in (302, 401)
    auth.login_as("press")
    assert client.get("/trash").status_code == 403
