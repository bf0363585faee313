"""The JSON API (/api/v1/): its OpenAPI document, who reads what, organisers' writes with If-Match,
personal tokens, and errors as problem documents."""
from __future__ import annotations

import json

import pytest

from eventsite.accounts.tokens import create_api_token, revoke_api_token
from eventsite.models import AuditEntry, ForumSession, TokenScope, db
from matrix import ROLES, STAFF, build_world, everyone, only, token_headers

PROBLEM = "application/problem+json"


@pytest.fixture
def world(make, users):
    return build_world(make, users)


@pytest.fixture
def bearer(world):
    """`Authorization` headers for every role of the matrix, by read-only tokens (anonymous: none)."""
    return {role: (token_headers(user) if user is not None else {})
            for role, user in world.accounts.items()}


@pytest.fixture
def writer(world):
    """An organiser's read-write token."""
    return token_headers(world.accounts["organiser"], TokenScope.read_write)


def test_the_openapi_document_is_openapi_3_1_and_validates(client):
    from openapi_spec_validator import validate

    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json
    assert spec["openapi"] == "3.1.0"
    validate(spec)
    paths = spec["paths"]
    assert {"/api/v1/forums", "/api/v1/people", "/api/v1/search",
            "/api/v1/forums/{forum_slug}/sessions/{session_slug}/minutes"} <= set(paths)
    patch = paths["/api/v1/forums/{forum_slug}/sessions/{session_slug}"]["patch"]
    assert {"412", "428"} <= set(patch["responses"])
    error = spec["components"]["responses"]["DEFAULT_ERROR"]
    assert list(error["content"]) == [PROBLEM]


def test_the_docs_page_is_drawn_from_the_document_by_our_own_template(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "PATCH /api/v1/forums/{forum_slug}/sessions/{session_slug}" in page.text
    # nothing from elsewhere, nothing inline: the site's Content-Security-Policy holds
    assert page.text.count("<script") == page.text.count('<script src="/static/') and "/api/v1/openapi.json" in page.text
    assert "Операции" in client.get("/api/v1/docs", headers={"Accept-Language": "ru"}).text


# --- who reads what: every endpoint × every role --------------------------------------------------

SESSION = "/api/v1/forums/{forum}/sessions/{session}"
READS = {
    "forums": ("/api/v1/forums", everyone(200), "Matrix Forum"),
    "a forum": ("/api/v1/forums/{forum}", everyone(200), "Matrix Forum"),
    "an unknown forum": ("/api/v1/forums/nowhere", everyone(404), ""),
    "public session": (SESSION.replace("{session}", "{public}"), everyone(200), "{public_title}"),
    "participants-only session": (SESSION.replace("{session}", "{participants}"),
                                  only(["took_part", *STAFF]), "{participants_title}"),
    "internal session": (SESSION.replace("{session}", "{internal}"), only(STAFF), "{internal_title}"),
    "draft minutes of a public session": (SESSION.replace("{session}", "{public}") + "/minutes",
                                          only(["did_not_take_part", *STAFF]), "{public_title}"),
    "draft minutes of a participants-only session": (SESSION.replace("{session}", "{participants}") + "/minutes",
                                                     only(["took_part", *STAFF]), "{participants_title}"),
    "draft minutes of an internal session": (SESSION.replace("{session}", "{internal}") + "/minutes",
                                             only(STAFF), "{internal_title}"),
    "revisions of internal minutes": (SESSION.replace("{session}", "{internal}") + "/minutes/revisions",
                                      only(STAFF), ""),
    "press releases of an internal session": (SESSION.replace("{session}", "{internal}") + "/press-releases",
                                              only(STAFF), ""),
    "search": ("/api/v1/search?q=funding", everyone(200), ""),
}


def _fill(text: str, world) -> str:
    return text.format(**world.values(), session="")


@pytest.mark.parametrize("name", READS.keys())
def test_each_role_reads_through_the_api_what_it_may_see_on_the_site(app, world, bearer, name):
    path, expect, text = READS[name]
    path, text = _fill(path, world), _fill(text, world)
    actual = {}
    for role in ROLES:
        response = app.test_client().get(path, headers=bearer[role])
        got = response.status_code
        if got == 200 and text and text not in response.text:
            got = f"200 without {text!r}"
        if got == 404:
            assert response.mimetype == PROBLEM and response.json["status"] == 404
        actual[role] = got
        db.session.rollback()
    assert actual == expect


def test_a_session_lists_its_participants_groups_and_points(client, round_table):
    body = client.get("/api/v1/forums/technoprom-2016/sessions/cluster-round-table").json
    assert [p["person"]["native_name"] for p in body["participants"]][0] == "Артём Шадрин"
    assert body["groups"][0]["name"] == "representatives of the IT and BIO branches of the Cluster"
    kinds = [p["kind"] for p in body["points"]]
    assert kinds == ["topic", "announcement", "decision", "action", "quote"]
    announcement = body["points"][1]
    assert announcement["key_dates"] == [
        {"label": "Competition announced", "date": "2016-07", "precision": "month", "qualifier": "end"},
        {"label": "Programmes accepted until", "date": "2016-09-26", "precision": "day", "qualifier": None}]
    action = body["points"][3]
    assert action["owner"]["name"] == "Ministry of Economic Development of Russia" and action["due_on"] == "2016-09-26"
    assert body["starts_at"] == "2016-06-10T14:00:00+06:00"


def test_a_session_lists_its_agenda_and_each_point_names_its_item(client, round_table):
    from eventsite.agenda.plan import ItemValues, add_item

    moderator = round_table.participations[0]
    opening = add_item(round_table, ItemValues("Opening", presenter=moderator, planned_minutes=10))
    add_item(round_table, ItemValues("Questions", presenter_name="Guests from Tomsk", notes="If time allows."))
    first = round_table.live_points[0]
    first.agenda_item = opening
    db.session.commit()
    body = client.get("/api/v1/forums/technoprom-2016/sessions/cluster-round-table").json
    assert [(i["number"], i["title"], i["presenter"], i["planned_minutes"]) for i in body["agenda"]] == [
        (1, "Opening", moderator.person.name, 10), (2, "Questions", "Guests from Tomsk", None)]
    assert body["agenda"][0]["presenter_id"] == moderator.id and body["agenda"][1]["notes"] == "If time allows."
    assert body["points"][0]["agenda_item_id"] == opening.id
    assert {p["agenda_item_id"] for p in body["points"][1:]} == {None}


def test_search_and_people_leave_out_who_took_part_in_what_the_caller_may_not_see(app, world, bearer):
    outsider = app.test_client().get("/api/v1/people", headers=bearer["did_not_take_part"]).json
    staff = app.test_client().get("/api/v1/people", headers=bearer["press"]).json
    participant = world.accounts["took_part"].person.name
    # the participant took part in the public session too? no: only in the restricted ones
    assert participant not in [p["name"] for p in outsider]
    assert participant in [p["name"] for p in staff]
    found = app.test_client().get("/api/v1/search?q=funding", headers=bearer["anonymous"]).json
    assert found["sessions"] == [] and found["total"] == 0
    found = app.test_client().get("/api/v1/search?q=funding", headers=bearer["took_part"]).json
    assert [s["title"] for s in found["sessions"]] == ["Closed Table On Funding"]


def test_lists_come_in_pages_with_link_headers(client, make):
    forum = make.forum(slug="paged")
    for n in range(5):
        make.session(forum, slug=f"s-{n}", title=f"Session number {n}")
    db.session.commit()
    response = client.get("/api/v1/forums/paged/sessions?per_page=2&page=2")
    assert [s["slug"] for s in response.json] == ["s-2", "s-3"]
    assert response.headers["X-Total-Count"] == "5"
    links = response.headers["Link"]
    assert '</api/v1/forums/paged/sessions?per_page=2&page=3>; rel="next"' in links
    assert '</api/v1/forums/paged/sessions?per_page=2&page=1>; rel="prev"' in links
    assert 'page=3>; rel="last"' in links


def test_published_minutes_and_their_revisions_read_as_published(client, auth, users, round_table):
    from eventsite.minutes import workflow

    organiser = users["organiser"]
    minutes = workflow.ensure_minutes(round_table)
    workflow.save_summary(minutes, "Summary as published.", organiser)
    workflow.approve(minutes, organiser)
    workflow.publish(minutes, organiser)
    db.session.commit()
    base = "/api/v1/forums/technoprom-2016/sessions/cluster-round-table/minutes"
    body = client.get(base).json
    assert body["status"] == "published" and body["record"]["summary"] == "Summary as published."
    revisions = client.get(base + "/revisions").json
    assert [r["status"] for r in revisions] == ["published"]
    number = revisions[0]["number"]
    assert client.get(f"{base}/revisions/{number}").json["record"]["summary"] == "Summary as published."


# --- writing ---------------------------------------------------------------------------------------

def _session_url(forum="matrix", session="open-talk"):
    return f"/api/v1/forums/{forum}/sessions/{session}"


def test_an_organiser_creates_a_session_and_the_audit_says_who(client, world, writer):
    response = client.post("/api/v1/forums/matrix/sessions", headers=writer, json={
        "slug": "live-capture", "title": "  Live\u0007 capture\ntest ", "starts_at": "2016-06-10T10:00:00+07:00",
        "ends_at": "2016-06-10T11:30:00+07:00", "visibility": "participants", "kind": "panel"})
    assert response.status_code == 201, response.json
    assert response.headers["Location"].endswith("/api/v1/forums/matrix/sessions/live-capture")
    assert response.headers["ETag"]
    # the one rule for text: control characters out, a one-line field's line break a space
    assert response.json["title"] == "Live capture test"
    session = db.session.execute(db.select(ForumSession).filter_by(slug="live-capture")).scalar_one()
    assert session.visibility.value == "participants"
    entry = db.session.execute(db.select(AuditEntry).where(AuditEntry.entity == "forum_session",
                                                           AuditEntry.entity_id == session.id)).scalar_one()
    assert entry.user_id == world.accounts["organiser"].id and entry.action == "create"


def test_a_refused_field_is_named_in_a_problem_document(client, world, writer):
    response = client.post("/api/v1/forums/matrix/sessions", headers=writer, json={
        "slug": "open-talk", "title": "Taken", "starts_at": "2016-06-10T10:00:00+07:00",
        "ends_at": "2016-06-10T09:00:00+07:00"})
    assert response.status_code == 422 and response.mimetype == PROBLEM
    errors = {e["field"]: e["detail"] for e in response.json["errors"]}
    assert errors == {"slug": "Another session of this forum already has this slug; choose another.",
                      "ends_at": "The session must end after it starts."}
    response = client.post("/api/v1/forums/matrix/sessions", headers={**writer, "Accept-Language": "ru"},
                           json={"slug": "Not A Slug", "title": "x" * 301})
    fields = {e["pointer"] for e in response.json["errors"]}
    assert {"/slug", "/title", "/starts_at", "/ends_at"} <= fields


def test_a_stale_if_match_is_412_and_changes_nothing(client, world, writer):
    read = client.get(_session_url(), headers=writer)
    etag = read.headers["ETag"]
    first = client.patch(_session_url(), headers={**writer, "If-Match": etag}, json={"title": "First change"})
    assert first.status_code == 200 and first.json["title"] == "First change"
    assert first.headers["ETag"] != etag
    stale = client.patch(_session_url(), headers={**writer, "If-Match": etag}, json={"title": "Lost change"})
    assert stale.status_code == 412 and stale.mimetype == PROBLEM
    db.session.expire_all()
    assert db.session.execute(db.select(ForumSession.title).filter_by(slug="open-talk")).scalar_one() == "First change"


def test_a_change_without_if_match_is_428(client, world, writer):
    response = client.patch(_session_url(), headers=writer, json={"title": "No precondition"})
    assert response.status_code == 428 and response.mimetype == PROBLEM
    db.session.expire_all()
    assert db.session.execute(db.select(ForumSession.title).filter_by(slug="open-talk")).scalar_one() \
        == "Open Talk On Clusters"


def test_participants_and_points_are_added_and_changed(client, world, writer, make):
    org = make.organisation(name="Ministry of Economic Development of Russia")
    db.session.commit()
    added = client.post(_session_url() + "/participants", headers=writer, json={
        "person": {"name": "Artyom Shadrin", "native_name": "Артём Шадрин"}, "role": "moderator",
        "position": "Director", "organisation_id": org.id})
    assert added.status_code == 201, added.json
    speaker = added.json["id"]
    again = client.post(_session_url() + "/participants", headers=writer,
                        json={"person_id": added.json["person"]["id"]})
    assert again.status_code == 422
    assert again.json["errors"][0]["detail"] == "Artyom Shadrin is already a participant of this session."

    point = client.post(_session_url() + "/points", headers=writer, json={
        "kind": "announcement", "title": "Clusters 2.0", "body": "A competition.", "speaker_id": speaker,
        "key_dates": [{"label": "Competition announced", "date": "2016-07", "precision": "month",
                       "qualifier": "end"}]})
    assert point.status_code == 201, point.json
    assert point.json["key_dates"][0]["date"] == "2016-07" and point.json["number"] == 1
    url = _session_url() + f"/points/{point.json['id']}"
    changed = client.patch(url, headers={**writer, "If-Match": point.headers["ETag"]},
                           json={"kind": "action", "owner": {"type": "organisation", "id": org.id},
                                 "due_on": "2016-09-26"})
    assert changed.status_code == 200, changed.json
    assert changed.json["status"] == "open" and changed.json["owner"]["name"] == org.name
    assert changed.json["key_dates"][0]["qualifier"] == "end"
    bad = client.patch(url, headers={**writer, "If-Match": changed.headers["ETag"]},
                       json={"key_dates": [{"label": "When", "date": "31.02.2016", "precision": "day"}]})
    assert bad.status_code == 422
    assert bad.json["errors"] == [{"pointer": "/key_dates/0/date", "field": "key_dates.0.date",
                                   "detail": "There is no such day: 31.02.2016. Check the day and the month."}]
    other = make.participation(world.sessions["internal"])
    db.session.commit()
    wrong = client.patch(url, headers={**writer, "If-Match": changed.headers["ETag"]},
                         json={"speaker_id": other.id})
    assert wrong.status_code == 422 and wrong.json["errors"][0]["field"] == "speaker_id"


def test_writes_need_a_read_write_token_of_an_organiser(app, world, bearer, writer):
    body = {"slug": "nope", "title": "Nope", "starts_at": "2016-06-10T10:00:00+07:00",
            "ends_at": "2016-06-10T11:00:00+07:00"}
    url = "/api/v1/forums/matrix/sessions"
    # read-only tokens, whoever owns them
    assert app.test_client().post(url, headers=bearer["organiser"], json=body).status_code == 403
    press_rw = token_headers(world.accounts["press"], TokenScope.read_write)
    assert app.test_client().post(url, headers=press_rw, json=body).status_code == 403
    anonymous = app.test_client().post(url, json=body)
    assert anonymous.status_code == 401 and anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    # a session the token's owner may not see is 404 before anything else
    took_part_rw = token_headers(world.accounts["did_not_take_part"], TokenScope.read_write)
    assert app.test_client().patch(_session_url(session="staff-briefing"), headers=took_part_rw,
                                   json={"title": "x"}).status_code == 404
    assert db.session.execute(db.select(ForumSession).filter_by(slug="nope")).scalar_one_or_none() is None


def test_a_logged_in_browser_reads_but_never_writes_without_a_token(app, world):
    from conftest import PASSWORD

    client = app.test_client()
    client.post("/login", data={"email": "organiser@example.org", "password": PASSWORD})
    app.config["WTF_CSRF_ENABLED"] = True  # as in production, once logged in
    # the cookie reads what the organiser may read
    assert client.get(_session_url(session="staff-briefing")).status_code == 200
    response = client.post("/api/v1/forums/matrix/sessions", json={
        "slug": "by-cookie", "title": "By cookie", "starts_at": "2016-06-10T10:00:00+07:00",
        "ends_at": "2016-06-10T11:00:00+07:00"})
    assert response.status_code == 401 and response.mimetype == PROBLEM
    assert db.session.execute(db.select(ForumSession).filter_by(slug="by-cookie")).scalar_one_or_none() is None


def test_a_revoked_token_is_refused(client, world):
    row, secret = create_api_token(world.accounts["press"], "laptop", TokenScope.read)
    db.session.commit()
    headers = {"Authorization": "Bearer " + secret}
    assert client.get(_session_url(session="staff-briefing"), headers=headers).status_code == 200
    assert row.last_used_at is not None
    revoke_api_token(row)
    db.session.commit()
    response = client.get("/api/v1/forums", headers=headers)
    assert response.status_code == 401 and response.mimetype == PROBLEM
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_tokens_are_stored_as_hashes_only(world):
    row, secret = create_api_token(world.accounts["press"], "laptop", TokenScope.read)
    db.session.commit()
    assert secret not in json.dumps([row.token_hash, row.name]) and len(row.token_hash) == 64


def test_the_account_page_makes_shows_once_and_revokes_a_token(client, auth, users):
    auth.login_as("organiser")
    page = client.post("/account/tokens", data={"name": "capture laptop", "scope": "read_write"})
    assert page.status_code == 200 and "shown only this once" in page.text
    secret = page.text.split('<code class="secret">')[1].split("</code>")[0]
    assert client.get("/api/v1/forums", headers={"Authorization": "Bearer " + secret}).status_code == 200
    listing = client.get("/account").text
    assert "capture laptop" in listing and secret not in listing
    from eventsite.models import ApiToken
    token = db.session.execute(db.select(ApiToken)).scalar_one()
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 302
    assert client.get("/api/v1/forums", headers={"Authorization": "Bearer " + secret}).status_code == 401
    # another user's token is not theirs to revoke
    refused = client.post("/account/tokens", data={"name": "", "scope": "read"})
    assert refused.status_code == 422
