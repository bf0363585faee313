"""The session page kept for anonymous readers (eventsite/reading/page_cache.py): never stale after a
write, never one reader's page for another."""
from __future__ import annotations

import sqlalchemy as sa
from flask_login import AnonymousUserMixin

from eventsite.models import ContentVersion, DiscussionPoint, Visibility, db
from eventsite.reading import page_cache
from tests.conftest import AuthActions

URL = "/forums/technoprom-2016/cluster-round-table/"


def _statements(app, client, url: str) -> list[str]:
    seen: list[str] = []
    listener = lambda conn, cursor, statement, *rest: seen.append(statement)  # noqa: E731
    sa.event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listener)
    return seen


def test_a_kept_page_is_served_after_one_query(app, client, round_table):
    first = client.get(URL)
    assert first.status_code == 200 and "Innovation Cluster: vectors of development" in first.get_data(as_text=True)
    statements = _statements(app, client, URL)
    assert len(statements) == 1 and "content_version" in statements[0]
    again = client.get(URL)
    assert again.get_data() == first.get_data()


def test_an_edit_shows_at_once(client, round_table):
    assert "A round table on the Cluster." in client.get(URL).get_data(as_text=True)
    round_table.summary = "The summary as corrected."
    db.session.commit()
    page = client.get(URL).get_data(as_text=True)
    assert "The summary as corrected." in page and "A round table on the Cluster." not in page


def test_a_bulk_update_shows_at_once(client, round_table):
    point = db.session.execute(sa.select(DiscussionPoint).where(DiscussionPoint.session_id == round_table.id)
                               .order_by(DiscussionPoint.position)).scalars().first()
    assert client.get(URL).status_code == 200
    # a write the ORM does not track (imports write so), through the session
    db.session.execute(sa.update(DiscussionPoint).where(DiscussionPoint.id == point.id)
                       .values(title="A title changed in bulk"))
    db.session.commit()
    assert "A title changed in bulk" in client.get(URL).get_data(as_text=True)


def test_a_session_made_internal_is_not_found_at_once(client, round_table):
    assert client.get(URL).status_code == 200
    round_table.visibility = Visibility.internal
    db.session.commit()
    assert client.get(URL).status_code == 404


def test_a_rolled_back_write_changes_nothing(client, round_table):
    before = db.session.execute(sa.select(ContentVersion.value)).scalar_one()
    round_table.summary = "Never saved."
    db.session.flush()
    db.session.rollback()
    assert db.session.execute(sa.select(ContentVersion.value)).scalar_one() == before
    assert "Never saved." not in client.get(URL).get_data(as_text=True)


def test_every_committed_write_changes_the_number(round_table):
    before = db.session.execute(sa.select(ContentVersion.value)).scalar_one()
    round_table.venue = "Hall 4"
    db.session.commit()
    assert db.session.execute(sa.select(ContentVersion.value)).scalar_one() == before + 1
    db.session.commit()  # nothing written: the number stays
    assert db.session.execute(sa.select(ContentVersion.value)).scalar_one() == before + 1


def test_a_logged_in_reader_is_never_served_the_anonymous_page_nor_the_other_way(app, client, round_table, users):
    anonymous = client.get(URL).get_data(as_text=True)
    assert "Edit session" not in anonymous and "Log in" in anonymous
    organiser = app.test_client()
    assert AuthActions(organiser).login_as("organiser").status_code == 302
    theirs = organiser.get(URL).get_data(as_text=True)
    assert "Edit session" in theirs and "organiser@example.org" in theirs
    # and the anonymous reader after them still gets the reader's page
    after = app.test_client().get(URL).get_data(as_text=True)
    assert "Edit session" not in after and "organiser@example.org" not in after


def test_a_kept_page_is_the_same_bytes_for_every_reader_and_sets_no_cookie(csrf_app, round_table):
    pages = []
    for _ in range(2):
        reader = csrf_app.test_client()
        response = reader.get(URL)
        assert response.status_code == 200 and "Set-Cookie" not in response.headers
        pages.append(response.get_data(as_text=True))
        # the header's language switch works from the kept page, with CSRF protection on
        switched = reader.post("/language", data={"language": "ru", "next": URL})
        assert switched.status_code == 302 and "Участники" in reader.get(URL).get_data(as_text=True)
    assert pages[0] == pages[1] and "csrf_token" not in pages[0]


def test_each_language_has_its_own_page(client, round_table):
    english = client.get(URL, headers={"Accept-Language": "en"}).get_data(as_text=True)
    russian = client.get(URL, headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "Participants" in english and "Участники" in russian and "Участники" not in english


def test_a_browser_holding_the_page_gets_304_until_something_is_written(client, round_table):
    first = client.get(URL)
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "private, no-cache"
    assert client.get(URL, headers={"If-None-Match": etag}).status_code == 304
    round_table.title = "A new title"
    db.session.commit()
    changed = client.get(URL, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "A new title" in changed.get_data(as_text=True)


def test_a_message_waiting_to_be_shown_is_not_kept(client, round_table):
    client.get(URL)
    with client.session_transaction() as cookie:
        cookie["_flashes"] = [("message", "A message for this reader only")]
    assert "A message for this reader only" in client.get(URL).get_data(as_text=True)
    assert "A message for this reader only" not in client.application.test_client().get(URL).get_data(as_text=True)


def test_the_anonymous_user_reads_as_before_with_the_cache_off(app, client, round_table):
    kept = client.get(URL).get_data(as_text=True)
    app.config["PAGE_CACHE_SIZE"] = 0
    fresh = client.get(URL).get_data(as_text=True)
    assert kept == fresh
    assert not AnonymousUserMixin().is_authenticated and page_cache.content_version() is not None
