"""The audit log, readable: who changed what and when, with before and after, filtered, and each forum's
entries only to its organisers (and admins)."""
from __future__ import annotations

import pytest

from eventsite.models import db, forum_organiser
from eventsite.organise.service import add_organiser


@pytest.fixture
def two_forums(make, users):
    """Forum A organised by the organiser account, forum B by another organiser; a session in each."""
    a = make.forum(slug="forum-a", name="Forum A")
    b = make.forum(slug="forum-b", name="Forum B")
    other = make.user("organiser", email="other-organiser@example.org")
    add_organiser(a, users["organiser"])
    add_organiser(b, other)
    sa_ = make.session(a, slug="talk-a", title="Talk in A")
    sb = make.session(b, slug="talk-b", title="Talk in B")
    db.session.commit()
    return {"a": sa_, "b": sb, "other": other}


def _edit_title(client, session, title):
    from eventsite.models import ForumSession

    form = client.get(f"/forums/{session.forum.slug}/{session.slug}/edit")
    assert form.status_code == 200
    current = db.session.get(ForumSession, session.id)
    data = {"slug": current.slug, "kind": current.kind.value, "title": title, "venue": current.venue,
            "local_start": "2016-06-10T14:00", "local_end": "2016-06-10T16:00", "language": "en",
            "visibility": "public", "summary": current.summary, "version": current.version}
    response = client.post(f"/forums/{session.forum.slug}/{session.slug}/edit", data=data)
    assert response.status_code == 302, response.text
    client.get(response.location)  # the page that shows the flash, so the audit page does not


def test_the_audit_page_lists_an_edit_with_before_and_after(client, auth, two_forums):
    auth.login_as("organiser")
    _edit_title(client, two_forums["a"], "Talk in A, renamed")
    page = client.get("/audit?forum=forum-a")
    assert page.status_code == 200
    text = page.text
    assert "Talk in A, renamed" in text and "Talk in A</td>" in text
    assert "Title" in text and "changed" in text and "Organiser" in text
    client.post("/language", data={"language": "ru", "next": "/audit"})
    ru = client.get("/audit?forum=forum-a")
    assert "Журнал изменений" in ru.text and "Название" in ru.text and "изменено" in ru.text


def test_an_organiser_does_not_see_another_forums_entries(client, auth, app, two_forums):
    auth.login_as("organiser")
    _edit_title(client, two_forums["a"], "A renamed")
    auth.logout()
    other = app.test_client()
    other.post("/login", data={"email": "other-organiser@example.org", "password": "correct-horse-42"})
    _edit_title(other, two_forums["b"], "B renamed")
    auth.login_as("organiser")
    mine = client.get("/audit").text
    assert "A renamed" in mine and "B renamed" not in mine and "Talk in B" not in mine
    assert client.get("/audit?forum=forum-b").status_code == 404
    assert client.get(f"/audit?session={two_forums['b'].id}").status_code == 404
    auth.logout()
    auth.login_as("admin")
    everything = client.get("/audit").text
    assert "A renamed" in everything and "B renamed" in everything


@pytest.mark.parametrize("role", ["anonymous", "participant", "press"])
def test_the_audit_page_is_not_found_for_readers(client, auth, role):
    auth.login_as(role)
    assert client.get("/audit").status_code == 404


def test_filters_by_session_user_person_and_days(client, auth, make, users, two_forums):
    auth.login_as("admin")
    _edit_title(client, two_forums["a"], "A by admin")
    _edit_title(client, two_forums["b"], "B by admin")
    person = make.person(name="Filtered Person")
    make.participation(two_forums["a"], person)
    db.session.commit()
    only_a = client.get(f"/audit?session={two_forums['a'].id}").text
    assert "A by admin" in only_a and "B by admin" not in only_a
    by_admin = client.get(f"/audit?user={users['admin'].id}").text
    assert "A by admin" in by_admin
    by_press = client.get(f"/audit?user={users['press'].id}").text
    assert "A by admin" not in by_press and "No changes match" in by_press
    assert "Filtered Person" in client.get(f"/audit?person={person.id}").text
    assert "A by admin" not in client.get(f"/audit?person={person.id}").text
    assert "A by admin" not in client.get("/audit?until=2016-01-01").text
    assert "A by admin" in client.get("/audit?since=2000-01-01").text


def test_the_audit_page_is_paginated(client, auth, app, two_forums):
    app.config["PER_PAGE"] = 2
    auth.login_as("admin")
    for n in range(3):
        _edit_title(client, two_forums["a"], f"Title number {n}")
    first = client.get(f"/audit?session={two_forums['a'].id}").text.replace(' class="audit-value"', "")
    assert "<td>Title number 1</td><td>Title number 2</td>" in first and 'rel="next"' in first
    assert "<td>Talk in A</td>" not in first
    second = client.get(f"/audit?session={two_forums['a'].id}&page=2").text.replace(' class="audit-value"', "")
    assert "<td>Talk in A</td><td>Title number 0</td>" in second


def test_each_record_page_links_to_its_own_history(client, auth, two_forums):
    auth.login_as("organiser")
    session = client.get("/forums/forum-a/talk-a/").text
    assert f"/audit?session={two_forums['a'].id}" in session
    assert "/audit?forum=forum-a" in client.get("/forums/forum-a/").text
    auth.logout()
    assert "/audit" not in client.get("/forums/forum-a/talk-a/").text


def test_migrating_places_old_entries_in_their_forum_and_makes_the_creator_its_organiser(old_database):
    import sqlalchemy as sa
    from flask_migrate import upgrade

    upgrade(revision="0007")
    now = "2016-06-10 07:00:00"
    run = lambda sql, **kw: db.session.execute(sa.text(sql), {"now": now, **kw})  # noqa: E731
    run("INSERT INTO user_account (id, email, name, password_hash, role, active, version, created_at, updated_at,"
        " session_token) VALUES (7, 'o@example.org', '', 'x', 'organiser', 1, 1, :now, :now, 't')")
    run("INSERT INTO forum (id, slug, name, title, city, country, starts_on, ends_on, timezone, language, about,"
        " press_contact_name, press_contact_email, press_contact_phone, version, created_at, updated_at) VALUES"
        " (3, 'f', 'F', 'F', 'C', 'C', '2016-06-09', '2016-06-10', 'UTC', 'en', '', '', '', '', 1, :now, :now)")
    run("INSERT INTO forum_session (id, forum_id, slug, kind, title, starts_at, ends_at, venue, language,"
        " visibility, summary, version, created_at, updated_at) VALUES (5, 3, 's', 'panel', 'S', :now, '2016-06-10 09:00:00', '',"
        " 'en', 'public', '', 1, :now, :now)")
    run("INSERT INTO audit_entry (at, user_id, action, entity, entity_id) VALUES (:now, 7, 'create', 'forum', 3)")
    run("INSERT INTO audit_entry (at, user_id, action, entity, entity_id) "
        "VALUES (:now, 7, 'update', 'forum_session', 5)")
    db.session.commit()
    upgrade()
    rows = run("SELECT entity, forum_id, session_id FROM audit_entry ORDER BY id").all()
    assert [tuple(r) for r in rows] == [("forum", 3, None), ("forum_session", 3, 5)]
    assert run("SELECT forum_id, user_id FROM forum_organiser").all() == [(3, 7)]


def test_an_admin_names_the_organisers_of_a_forum_who_then_read_its_log(client, auth, app, users, two_forums):
    auth.login_as("admin")
    _edit_title(client, two_forums["b"], "B renamed by the admin")
    page = client.get("/forums/forum-b/edit").text
    assert "Organisers of this forum" in page and "organiser@example.org" in page
    response = client.post("/forums/forum-b/organisers", data={"organiser": [str(users["organiser"].id)]})
    assert response.status_code == 302
    auth.logout()
    auth.login_as("organiser")
    assert "Organisers of this forum" not in client.get("/forums/forum-b/edit").text
    assert client.post("/forums/forum-b/organisers", data={"organiser": []}).status_code == 403
    assert "B renamed by the admin" in client.get("/audit?forum=forum-b").text
