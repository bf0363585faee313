"""Merging duplicates — people and organisations, one mechanism — and undoing a merge from the trash."""
from __future__ import annotations

import json
import re
from datetime import timedelta

import sqlalchemy as sa

from eventsite.bundles import export_bundle
from eventsite.models import (
    ActionStatus, AgendaItem, AuditEntry, DirectoryEntry, DiscussionPoint, Forum, MergeRecord, Organisation, Participation, Person,
    PointKind, Role, db,
)
from eventsite.models.base import utcnow


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _bundle(forum_id: int) -> str:
    db.session.expire_all()
    return json.dumps(export_bundle(db.session.get(Forum, forum_id)), sort_keys=True)


def _get(model, row_id):
    db.session.expire_all()
    return db.session.execute(sa.select(model).where(model.id == row_id)
                              .execution_options(include_trashed=True)).scalar_one_or_none()


def _duplicates(make):
    """"TSU" entered beside "Tomsk State University": two participants, a department, an action, a bundle key."""
    forum = make.forum()
    sessions = [make.session(forum) for _ in range(2)]
    tsu = make.organisation(name="TSU", short_name="")
    full = make.organisation(name="Tomsk State University")
    contact = make.person(name="Irina Contact")
    tsu.contact_person = contact
    department = make.organisation(name="Faculty of Physics", parent=tsu)
    parts = [make.participation(s, make.person(name=f"Scholar {n}"), organisation=tsu, position="Professor")
             for n, s in enumerate(sessions)]
    action = make.point(sessions[0], kind=PointKind.action, title="Send the report", body="x", owner_organisation=tsu,
                        status=ActionStatus.open)
    db.session.add(DirectoryEntry(forum=forum, key="tsu", position=1, organisation=tsu))
    db.session.commit()
    return forum, tsu, full, department, parts, action


def test_the_organisation_merge_confirmation_says_what_moves(app, client, auth, make):
    forum, tsu, full, department, parts, action = _duplicates(make)
    auth.login_as("organiser")
    refused = client.post(f"/organisations/{tsu.id}/delete")
    assert refused.status_code == 422 and "Merge it into another organisation instead." in refused.text
    page = client.post(f"/organisations/{tsu.id}/merge", data={"target": "Tomsk State University"})
    text = _text(page.text)
    assert page.status_code == 200 and "Merging “TSU” into “Tomsk State University” moves:" in text
    for line in ("2 participants’ organisation becomes Tomsk State University",
                 "1 department moves under Tomsk State University", "1 action item changes owner",
                 "1 forum entry moves", "Tomsk State University takes the contact person Irina Contact",
                 "can be undone for 30 days"):
        assert line in text
    assert db.session.get(Participation, parts[0].id).organisation_id == tsu.id  # nothing moved yet
    client.post("/language", data={"language": "ru"})
    ru = _text(client.post(f"/organisations/{tsu.id}/merge", data={"target": "Tomsk State University"}).text)
    assert "При слиянии «TSU» с «Tomsk State University» переходит:" in ru
    assert "у 2 участников организацией станет Tomsk State University" in ru
    assert "1 подразделение перейдёт в Tomsk State University" in ru


def test_merging_an_organisation_moves_everything_and_trashes_the_duplicate(app, client, auth, make):
    forum, tsu, full, department, parts, action = _duplicates(make)
    ids = dict(tsu=tsu.id, full=full.id, department=department.id, action=action.id, contact=tsu.contact_person_id)
    auth.login_as("organiser")
    done = client.post(f"/organisations/{ids['tsu']}/merge", data={"target_id": ids["full"], "confirm": "1"},
                       follow_redirects=True)
    assert done.status_code == 200 and "Merged “TSU” into Tomsk State University." in _text(done.text)
    assert {p.organisation_id for p in (_get(Participation, p.id) for p in parts)} == {ids["full"]}
    assert _get(Organisation, ids["department"]).parent_id == ids["full"]
    assert _get(DiscussionPoint, ids["action"]).owner_organisation_id == ids["full"]
    kept = _get(Organisation, ids["full"])
    assert kept.contact_person_id == ids["contact"]
    entry = db.session.execute(sa.select(DirectoryEntry).filter_by(forum_id=forum.id)).scalar_one()
    assert entry.organisation_id == ids["full"] and entry.key == "tsu"
    assert _get(Organisation, ids["tsu"]).deleted_at is not None
    assert "TSU" not in _text(client.get("/organisations/").text)
    trash = _text(client.get("/trash").text)
    assert "Merged into Tomsk State University" in trash and "Undo the merge" in trash
    bundle = export_bundle(db.session.get(Forum, forum.id))
    assert [o["name"] for o in bundle["organisations"] if o["key"] == "tsu"] == ["Tomsk State University"]


def test_undoing_an_organisation_merge_gives_back_exactly_what_moved(app, client, auth, make):
    forum, tsu, *_ = _duplicates(make)
    full = db.session.execute(sa.select(Organisation).filter_by(name="Tomsk State University")).scalar_one()
    before = _bundle(forum.id)
    tsu_id, full_id = tsu.id, full.id
    auth.login_as("organiser")
    client.post(f"/organisations/{tsu_id}/merge", data={"target_id": full_id, "confirm": "1"})
    assert _bundle(forum.id) != before
    undone = client.post(f"/trash/organisation/{tsu_id}/restore", follow_redirects=True)
    assert "Undid the merge: “TSU” is back with everything that moved." in _text(undone.text)
    assert _bundle(forum.id) == before
    assert _get(Organisation, full_id).contact_person_id is None
    assert _get(Organisation, tsu_id).deleted_at is None
    assert db.session.execute(sa.select(sa.func.count(MergeRecord.id))).scalar_one() == 0
    assert [e.action for e in db.session.execute(sa.select(AuditEntry).where(
        AuditEntry.action.in_(["merge", "unmerge"])).order_by(AuditEntry.id)).scalars()] == ["merge", "unmerge"]


def test_undoing_a_person_merge_brings_back_a_removed_participation_and_its_points(app, client, auth, make):
    forum = make.forum()
    sessions = [make.session(forum) for _ in range(2)]
    keep = make.person(name="Artyom Shadrin")
    duplicate = make.person(name="A. Shadrin", email="shadrin@example.org", native_name="Артём Шадрин")
    make.participation(sessions[0], keep, role=Role.moderator)
    shared = make.participation(sessions[0], duplicate, position="Director")
    make.participation(sessions[1], duplicate, position="Director")
    make.point(sessions[0], speaker=shared, title="Spoken by the duplicate")
    db.session.add(AgendaItem(session=sessions[0], position=1, title="Opening", presenter=shared))
    db.session.add(DirectoryEntry(forum=forum, key="a-shadrin", position=1, person=duplicate))
    db.session.add(DirectoryEntry(forum=forum, key="shadrin", position=2, person=keep))
    db.session.commit()
    before = _bundle(forum.id)
    keep_id, duplicate_id = keep.id, duplicate.id
    auth.login_as("organiser")
    client.post(f"/people/{duplicate_id}/merge", data={"target_id": keep_id, "confirm": "1"})
    assert _get(Person, keep_id).email == "shadrin@example.org"
    assert db.session.execute(sa.select(sa.func.count(Participation.id))
                              .where(Participation.person_id == duplicate_id)).scalar_one() == 0
    client.post("/language", data={"language": "ru"})
    trash = _text(client.get("/trash").text)
    assert "Объединено с Artyom Shadrin" in trash and "Отменить слияние" in trash
    undone = client.post(f"/trash/person/{duplicate_id}/restore", follow_redirects=True)
    assert "Слияние отменено" in _text(undone.text)
    assert _bundle(forum.id) == before
    back = _get(Person, duplicate_id)
    assert back.deleted_at is None and back.email == "shadrin@example.org" and _get(Person, keep_id).email is None


def test_what_was_edited_after_the_merge_stays_and_the_page_says_so(app, client, auth, make):
    forum, tsu, full, department, parts, action = _duplicates(make)
    other = make.organisation(name="Novosibirsk State University")
    db.session.commit()
    tsu_id, full_id, other_id, part_id = tsu.id, full.id, other.id, parts[0].id
    auth.login_as("organiser")
    client.post(f"/organisations/{tsu_id}/merge", data={"target_id": full_id, "confirm": "1"})
    # someone corrects one participant's organisation after the merge
    part = _get(Participation, part_id)
    part.organisation_id = other_id
    db.session.commit()
    undone = _text(client.post(f"/trash/organisation/{tsu_id}/restore", follow_redirects=True).text)
    assert "except 1 change edited since the merge, which stays as it was edited." in undone
    assert _get(Participation, part_id).organisation_id == other_id
    assert _get(Participation, parts[1].id).organisation_id == tsu_id


def test_purging_a_merged_record_forgets_its_merge(app, client, auth, runner, make):
    forum, tsu, full, *_ = _duplicates(make)
    tsu_id = tsu.id
    auth.login_as("organiser")
    client.post(f"/organisations/{tsu_id}/merge", data={"target_id": full.id, "confirm": "1"})
    _get(Organisation, tsu_id).deleted_at = utcnow() - timedelta(days=31)
    db.session.commit()
    assert "1 organisation(s)" in runner.invoke(args=["purge-trash"]).output
    assert _get(Organisation, tsu_id) is None
    assert db.session.execute(sa.select(sa.func.count(MergeRecord.id))).scalar_one() == 0


def test_a_record_cannot_be_merged_into_itself(app, client, auth, make):
    tsu = make.organisation(name="TSU")
    db.session.commit()
    auth.login_as("organiser")
    page = client.post(f"/organisations/{tsu.id}/merge", data={"target_id": tsu.id})
    assert page.status_code == 422 and "a record cannot be merged into itself" in page.text


def test_the_header_links_to_the_trash_for_those_who_may_use_it(client, auth, users):
    auth.login_as("organiser")
    assert 'href="/trash">Trash</a>' in client.get("/").text
    client.post("/language", data={"language": "ru"})
    assert 'href="/trash">Корзина</a>' in client.get("/").text
    auth.login_as("press")
    assert 'href="/trash"' not in client.get("/").text and client.get("/trash").status_code == 403
