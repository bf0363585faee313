"""Organisers create and edit forums and sessions through the browser."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from eventsite.models import AuditEntry, Forum, ForumSession, db

FORUM = {
    "slug": "technoprom-2016", "name": "Technoprom-2016",
    "title": "IV International Forum of Technological Development Technoprom-2016",
    "city": "Novosibirsk", "country": "Russia", "starts_on": "2016-06-09", "ends_on": "2016-06-10",
    "timezone": "Asia/Novosibirsk", "language": "en", "about": "The *forum* of technologies.",
    "press_contact_name": "Press Office", "press_contact_email": "press@example.org", "press_contact_phone": "+7 1",
}
SESSION = {
    "slug": "clusters", "kind": "round_table", "title": "Innovation clusters", "local_start": "2016-06-10T14:00",
    "local_end": "2016-06-10T16:00", "venue": "Hall 3", "language": "en", "visibility": "public",
    "summary": "Clusters and **technology**.",
}


@pytest.fixture
def organiser(auth):
    auth.login_as("organiser")


def test_creating_a_forum_stores_it_and_shows_it(client, organiser):
    response = client.post("/forums/new", data=FORUM, follow_redirects=True)
    assert response.status_code == 200
    assert "Created the forum Technoprom-2016" in response.text
    forum = db.session.execute(db.select(Forum)).scalar_one()
    assert (forum.slug, forum.timezone, forum.starts_on) == ("technoprom-2016", "Asia/Novosibirsk", date(2016, 6, 9))
    assert forum.press_contact_email == "press@example.org"
    assert "IV International Forum of Technological Development" in client.get("/forums/technoprom-2016/").text


def test_a_forum_slug_must_be_lowercase_letters_digits_and_hyphens(client, organiser):
    response = client.post("/forums/new", data={**FORUM, "slug": "Techno Prom!"})
    assert response.status_code == 422
    assert "lowercase letters, digits and hyphens" in response.text
    assert 'value="Techno Prom!"' in response.text
    assert db.session.execute(db.select(Forum)).first() is None


def test_a_forum_cannot_take_the_slug_of_the_new_forum_page(client, organiser):
    response = client.post("/forums/new", data={**FORUM, "slug": "new"})
    assert response.status_code == 422 and "choose another slug" in response.text


def test_a_duplicate_forum_slug_is_refused_at_the_field(client, organiser, make):
    make.forum(slug="technoprom-2016")
    db.session.commit()
    response = client.post("/forums/new", data=FORUM)
    assert response.status_code == 422
    assert "Another forum already has this slug" in response.text
    assert 'aria-describedby="slug-hint slug-error"' in response.text
    assert db.session.execute(db.select(db.func.count(Forum.id))).scalar() == 1


def test_forum_dates_must_be_in_order_and_the_zone_must_exist(client, organiser):
    response = client.post("/forums/new", data={**FORUM, "ends_on": "2016-06-01", "timezone": "Mars/Olympus"})
    assert response.status_code == 422
    assert "The last day cannot be before the first day." in response.text
    assert "Choose a time zone from the list, e.g. Asia/Novosibirsk." in response.text
    assert db.session.execute(db.select(Forum)).first() is None


def test_editing_a_forum_saves_and_writes_the_audit_log(client, organiser, make, users):
    forum = make.forum(slug="tp", city="Novosibirsk")
    db.session.commit()
    form = client.get("/forums/tp/edit").text
    assert 'value="Novosibirsk"' in form
    response = client.post("/forums/tp/edit", data={**FORUM, "slug": "tp", "city": "Akademgorodok", "version": 1},
                           follow_redirects=True)
    assert "Saved the forum" in response.text
    db.session.refresh(forum)
    assert forum.city == "Akademgorodok"
    entry = db.session.execute(
        db.select(AuditEntry).where(AuditEntry.entity == "forum", AuditEntry.action == "update")
    ).scalar_one()
    assert entry.user_id == users["organiser"].id
    assert entry.before["city"] == "Novosibirsk" and entry.after["city"] == "Akademgorodok"


def test_creating_a_session_stores_aware_times_in_the_forums_zone(client, organiser, make):
    make.forum(slug="tp", timezone="Asia/Novosibirsk")
    db.session.commit()
    response = client.post("/forums/tp/sessions/new", data=SESSION, follow_redirects=True)
    assert response.status_code == 200
    assert "Created the session “Innovation clusters”" in response.text
    session = db.session.execute(db.select(ForumSession)).scalar_one()
    # Novosibirsk was UTC+6 in June 2016: 14:00 there is 08:00 UTC
    assert session.starts_at == datetime(2016, 6, 10, 8, 0, tzinfo=timezone.utc)
    assert session.ends_at == datetime(2016, 6, 10, 10, 0, tzinfo=timezone.utc)
    page = client.get("/forums/tp/clusters/").text
    assert "Innovation clusters" in page and "14:00" in page and "<strong>technology</strong>" in page


def test_a_session_ending_before_it_starts_is_refused_at_the_end_field(client, organiser, make):
    make.forum(slug="tp")
    db.session.commit()
    response = client.post("/forums/tp/sessions/new", data={**SESSION, "local_end": "2016-06-10T13:00"})
    assert response.status_code == 422
    assert '<p class="error" id="local_end-error">The session must end after it starts.</p>' in response.text
    assert 'value="Innovation clusters"' in response.text and 'value="2016-06-10T13:00"' in response.text
    assert db.session.execute(db.select(ForumSession)).first() is None


def test_a_duplicate_session_slug_in_the_same_forum_is_refused(client, organiser, make):
    forum = make.forum(slug="tp")
    make.session(forum=forum, slug="clusters")
    other = make.forum(slug="other")
    make.session(forum=other, slug="elsewhere")
    db.session.commit()
    response = client.post("/forums/tp/sessions/new", data=SESSION)
    assert response.status_code == 422
    assert "Another session of this forum already has this slug" in response.text
    # the same slug in another forum is fine
    assert client.post("/forums/other/sessions/new", data=SESSION).status_code == 302


def test_editing_a_session_shows_local_times_and_saves(client, organiser, make):
    session = make.session(forum=make.forum(slug="tp"), slug="clusters", title="Old title")
    db.session.commit()
    form = client.get("/forums/tp/clusters/edit").text
    assert 'value="2016-06-10T14:00"' in form
    response = client.post("/forums/tp/clusters/edit", data={**SESSION, "title": "New title", "version": 1},
                           follow_redirects=True)
    assert "Saved the details of “New title”" in response.text
    db.session.refresh(session)
    assert session.title == "New title"


def test_a_stale_session_edit_shows_both_versions_and_keeps_the_first_save(client, organiser, make):
    session = make.session(forum=make.forum(slug="tp"), slug="clusters", title="Original")
    db.session.commit()
    first = client.post("/forums/tp/clusters/edit", data={**SESSION, "title": "First save", "version": 1})
    assert first.status_code == 302
    second = client.post("/forums/tp/clusters/edit", data={**SESSION, "title": "Second save", "version": 1})
    assert second.status_code == 409
    assert "Someone else saved this" in second.text
    assert "First save" in second.text and 'value="Second save"' in second.text
    db.session.refresh(session)
    assert session.title == "First save"


def test_a_slug_taken_between_check_and_save_is_refused_at_the_field(client, organiser, make, monkeypatch):
    make.forum(slug="technoprom-2016")
    db.session.commit()
    # another organiser saved the same slug after this request checked it: only the database notices
    from eventsite.organise import service

    monkeypatch.setattr(service, "forum_slug_taken", lambda slug, exclude=None: False)
    response = client.post("/forums/new", data=FORUM)
    assert response.status_code == 422
    assert "Another forum already has this slug" in response.text
    assert db.session.execute(db.select(db.func.count(Forum.id))).scalar() == 1


@pytest.mark.parametrize("start", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_session_in_year_1_or_9999_is_refused_at_its_field_not_a_server_error(client, organiser, make, start):
    make.forum(slug="tp")
    db.session.commit()
    response = client.post("/forums/tp/sessions/new", data={**SESSION, "local_start": start})
    assert response.status_code == 422
    assert "Give a date between 1900 and 2199." in response.text
    assert db.session.execute(db.select(ForumSession)).first() is None
