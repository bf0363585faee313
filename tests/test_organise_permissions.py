"""Only organisers and admins may organise; others are sent to log in, refused, or not told the session exists."""
from __future__ import annotations

import pytest

from eventsite.models import ForumSession, ParticipantGroup, Visibility, db

from conftest import PASSWORD


@pytest.fixture
def record(make):
    """A public session with one of everything, and a restricted one."""
    forum = make.forum(slug="tp")
    session = make.session(forum=forum, slug="open")
    participation = make.participation(session, make.person(name="Speaker"))
    group = ParticipantGroup(session=session, name="business", position=1)
    db.session.add(group)
    point = make.point(session, body="A point.")
    make.session(forum=forum, slug="closed", visibility=Visibility.internal)
    person = make.person(name="Someone")
    org = make.organisation(name="Some Org")
    db.session.commit()
    return dict(participation=participation.id, group=group.id, point=point.id, person=person.id, org=org.id)


def posts(r) -> list[str]:
    s = "/forums/tp/open"
    return [
        "/forums/new", "/forums/tp/edit", "/forums/tp/sessions/new", f"{s}/edit", f"{s}/participants",
        f"{s}/participants/{r['participation']}/edit", f"{s}/participants/{r['participation']}/remove",
        f"{s}/groups", f"{s}/groups/{r['group']}/rename", f"{s}/groups/{r['group']}/move",
        f"{s}/groups/{r['group']}/remove", f"{s}/points", f"{s}/points/{r['point']}/edit",
        f"{s}/points/{r['point']}/move", f"{s}/points/{r['point']}/delete", f"{s}/points/{r['point']}/restore",
        "/people/new", f"/people/{r['person']}/edit", "/organisations/new", f"/organisations/{r['org']}/edit",
    ]


def gets(r) -> list[str]:
    return ["/forums/new", "/forums/tp/edit", "/forums/tp/sessions/new", "/forums/tp/open/edit",
            "/forums/tp/open/participants", "/forums/tp/open/points", f"/forums/tp/open/points/{r['point']}/edit",
            "/people/", "/people/search?q=s", "/people/new", "/organisations/", "/organisations/search?q=s",
            "/owners/search?q=s"]


@pytest.mark.parametrize("role", ["participant", "press"])
def test_participants_and_press_get_403_on_every_change(client, auth, record, role):
    auth.login_as(role)
    for url in posts(record):
        assert client.post(url, data={"direction": "up", "body": "x"}).status_code == 403, url
    for url in gets(record):
        assert client.get(url).status_code == 403, url
    assert db.session.get(ForumSession, 1).title.startswith("Session")


def test_anonymous_is_sent_to_log_in(client, users, record):
    for url in posts(record) + gets(record):
        response = client.post(url) if url in posts(record) else client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/login"), url


@pytest.mark.parametrize("role", ["anonymous", "participant"])
def test_a_session_the_user_may_not_see_is_404_first(client, auth, record, role):
    auth.login_as(role)
    for url in ["/forums/tp/closed/edit", "/forums/tp/closed/participants", "/forums/tp/closed/points"]:
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url


@pytest.mark.parametrize("role", ["organiser", "admin"])
def test_organisers_and_admins_may_organise(client, auth, record, role):
    auth.login_as(role)
    for url in gets(record):
        assert client.get(url).status_code == 200, url
    assert "Edit session" in client.get("/forums/tp/open/").text


def test_forms_are_refused_without_a_csrf_token(csrf_app, auth, record):
    client = csrf_app.test_client()
    login_page = client.get("/login").text
    token = login_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"email": "organiser@example.org", "password": PASSWORD, "csrf_token": token})
    response = client.post(f"/forums/tp/open/points/{record['point']}/delete")
    assert response.status_code == 400
    assert db.session.execute(db.select(ForumSession).filter_by(slug="open")).scalar_one().points[0].deleted_at is None
