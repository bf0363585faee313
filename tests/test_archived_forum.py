"""An archived forum is read-only everywhere: every edit page says so and offers no form, every post is refused.

The sweep walks the application's own url_map, so an edit route added later is covered without being named.
"""
from __future__ import annotations

import json
import re

import pytest
import sqlalchemy as sa

from eventsite.archive import archive_forum
from eventsite.attachments.service import add_attachment
from eventsite.bundles import export_bundle, import_bundle
from eventsite.bundles.demo import demo_bundle
from eventsite.press.workflow import create_press_release
from eventsite.models import (
    ActionStatus, AgendaItem, Attachment, AuditEntry, CorrectionRequest, CorrectionStatus, Forum, Minutes,
    PointKind, PressRelease, db,
)

NOTICE = "This forum is archived; unarchive it to edit."
#: the posts an archived forum's pages may still offer: unarchiving, and the site's own (log out, language)
ALLOWED_POSTS = ("/archive", "/logout", "/language")
#: downloads and feeds: no forms in them, and rendering PDFs here would only cost time
#: the query a page needs besides its path
QUERY = {"minutes.compare": {"old": 1, "new": 1}}
SKIP_GET = re.compile(r"\.(pdf|docx|odt|ics|png|json)$|attachments/<int:attachment_id>/|/jobs/|/calendar/")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _post_forms(html: str) -> list[str]:
    """The action of every <form method="post"> of the page (a form without action posts to the page)."""
    forms = re.findall(r"<form\b[^>]*>", html)
    return [(re.search(r'action="([^"]*)"', f) or re.search("()", f)).group(1) for f in forms
            if re.search(r'method="post"', f, re.I)]


def _state(forum_id: int) -> str:
    db.session.expire_all()
    forum = db.session.get(Forum, forum_id)
    counts = [db.session.execute(sa.select(sa.func.count()).select_from(m)).scalar_one()
              for m in (AuditEntry, Attachment, CorrectionRequest, PressRelease, AgendaItem)]
    return json.dumps([export_bundle(forum), counts], sort_keys=True, default=str)


@pytest.fixture
def archived(app, users, make):
    """The demo forum with something of every kind a route names, archived; the admin took part in it."""
    forum = import_bundle(demo_bundle()).forum
    session = forum.sessions[0]
    release = create_press_release(session, users["press"])
    part = session.participations[0]
    users["admin"].person = part.person
    item = AgendaItem(session=session, position=1, title="Opening")
    db.session.add(item)
    action = make.point(session, kind=PointKind.action, title="Archive action", body="x", owner_person=part.person,
                        status=ActionStatus.open)
    attachment = add_attachment(session, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "slides.pdf")
    minutes = db.session.execute(sa.select(Minutes).filter_by(session_id=session.id)).scalar_one()
    request = CorrectionRequest(minutes=minutes, author=users["participant"], text="Fix my name.",
                                status=CorrectionStatus.open)
    db.session.add(request)
    db.session.flush()
    values = {
        "forum_slug": forum.slug, "session_slug": session.slug, "participation_id": part.id,
        "point_id": action.id, "group_id": session.groups[0].id, "item_id": item.id, "attachment_id": attachment.id,
        "release_id": release.id, "number": 1, "request_id": request.id, "filename": "slides.pdf",
        "extension": "docx",
    }
    archive_forum(forum)
    db.session.commit()
    return forum.id, values


def _routes(app, values, method):
    for rule in app.url_map.iter_rules():
        if method not in rule.methods or rule.endpoint in ("trash.archive", "static") or rule.rule.startswith("/api/"):
            continue
        if not rule.arguments or not rule.arguments <= set(values):
            continue  # not about one forum's record: people, accounts, lists
        with app.test_request_context():
            from flask import url_for

            yield rule, url_for(rule.endpoint, **{k: values[k] for k in rule.arguments}, **QUERY.get(rule.endpoint, {}))


def test_every_post_to_an_archived_forum_is_refused_and_changes_nothing(app, client, auth, archived):
    forum_id, values = archived
    auth.login_as("admin")
    before = _state(forum_id)
    posted = []
    for rule, url in _routes(app, values, "POST"):
        response = client.post(url, data={"body": "New", "kind": "statement", "title": "Changed", "name": "Changed",
                                          "version": 1, "confirm": "1", "text": "Please change", "status": "done"})
        assert response.status_code == 409, (rule.endpoint, response.status_code)
        assert NOTICE in _text(response.text), rule.endpoint
        posted.append(rule.endpoint)
    assert _state(forum_id) == before
    # the sweep did reach the forum's every kind of change
    assert {"organise.capture_point", "organise.edit_session", "organise.add_participant", "organise.add_agenda_item",
            "minutes.approve", "minutes.send_request", "press.edit", "press.publish", "attachments.upload",
            "trash.delete_session", "reading.follow_up", "organise.edit_forum", "press.forum_settings"} <= set(posted)


def test_every_page_of_an_archived_forum_offers_no_form_but_unarchive(app, client, auth, archived):
    forum_id, values = archived
    auth.login_as("admin")
    seen = []
    for rule, url in _routes(app, values, "GET"):
        if SKIP_GET.search(rule.rule):
            continue
        response = client.get(url)
        # 404: nothing to show there yet (the public page of an unpublished press release)
        assert response.status_code in (200, 404, 409), (rule.endpoint, response.status_code)
        if response.mimetype != "text/html":
            continue  # a file or a feed
        forms = _post_forms(response.text)
        assert all(a.endswith(ALLOWED_POSTS) for a in forms), (rule.endpoint, forms)
        edit_page = "POST" in rule.methods or rule.endpoint.startswith(("organise.", "attachments."))
        if edit_page:
            # the refusal page (409), or a list shown without its form (the session's press releases)
            assert NOTICE in _text(response.text), rule.endpoint
            assert f"/forums/{values['forum_slug']}/archive" in forms, rule.endpoint  # the way back
        seen.append(rule.endpoint)
    assert {"organise.points", "organise.edit_point", "organise.participants", "organise.agenda",
            "attachments.manage", "press.session_releases", "minutes.show", "reading.session", "reading.forum",
            "press.show"} <= set(seen)


def test_an_archived_forums_pages_link_to_no_edit_page(app, client, auth, archived):
    forum_id, values = archived
    auth.login_as("admin")
    forum, session = f"/forums/{values['forum_slug']}/", f"/forums/{values['forum_slug']}/{values['session_slug']}/"
    for url in (forum, session, session + "minutes", session + "agenda", "/my/actions", "/organise"):
        html = client.get(url).text
        for link in ("/edit", "/points", "/participants", "/agenda/plan", "/attachments", "/sessions/new",
                     "/delete"):
            assert not re.search(rf'href="{re.escape(forum)}[^"]*{re.escape(link)}"', html), (url, link)
    assert NOTICE in _text(client.get(session).text) and "Archive action" not in _text(client.get("/organise").text)
    assert "the forum is archived: its actions no longer change." in _text(client.get("/my/actions").text)


def test_the_archived_refusal_speaks_the_readers_language_and_unarchiving_opens_the_forms(app, client, auth,
                                                                                          archived):
    forum_id, values = archived
    auth.login_as("organiser")
    points = f"/forums/{values['forum_slug']}/{values['session_slug']}/points"
    client.post("/language", data={"language": "ru"})
    page = client.get(points)
    assert page.status_code == 409 and "Форум в архиве; чтобы изменять его, верните его из архива." in _text(page.text)
    assert "Вернуть из архива" in page.text
    client.post(f"/forums/{values['forum_slug']}/archive", data={"archived": "0"})
    page = client.get(points)
    assert page.status_code == 200 and any(a.endswith("/points") for a in _post_forms(page.text))
