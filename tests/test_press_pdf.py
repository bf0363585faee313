"""The press release as PDF: one A4 page for the demo, letterhead, notice, contact, end mark; and the logo."""
from __future__ import annotations

import io
from datetime import datetime, timezone

import pytest
from PIL import Image
from pypdf import PdfReader

from eventsite.models import Forum, db
from eventsite.press import workflow
from eventsite.press.documents import press_release_pdf
from eventsite.press.logo import MAX_BYTES
from press_fixtures import (  # noqa: F401 (fixtures)
    fill_in_letterhead, record_source, reference_or_demo_session, technoprom_session, template_db,
)


def _publish(session, user):
    fill_in_letterhead(session.forum)
    release = workflow.create_press_release(session, user)
    workflow.approve_press_release(release, user)
    workflow.publish_press_release(release, user)
    db.session.commit()
    return release


@pytest.fixture
def demo_release(record_source, make, users):
    """The release drafted from the round table, as built from the reference text and as the demo has it."""
    return _publish(reference_or_demo_session(record_source, make), users["press"])


@pytest.fixture
def release(make, users):
    session = technoprom_session(make)
    release = workflow.create_press_release(session, users["press"])
    workflow.approve_press_release(release, users["press"])
    workflow.publish_press_release(release, users["press"])
    db.session.commit()
    return release


def _image(kind: str, size=(240, 80)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (31, 63, 106)).save(out, format=kind)
    return out.getvalue()


def _text(pdf: bytes) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_demo_release_fits_one_a4_page(demo_release):
    reader = PdfReader(io.BytesIO(press_release_pdf(demo_release)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_the_demo_release_with_a_logo_still_fits_one_page(demo_release):
    demo_release.session.forum.logo_png = _image("PNG", (900, 300))
    db.session.commit()
    reader = PdfReader(io.BytesIO(press_release_pdf(demo_release)))
    assert len(reader.pages) == 1
    assert list(reader.pages[0].images), "the logo is on the page"


def test_the_pdf_has_letterhead_notice_dateline_contact_and_end_mark(release):
    text = _text(press_release_pdf(release))
    for part in ("Technoprom-2016", "FOR IMMEDIATE RELEASE", "NOVOSIBIRSK, 10 June 2016",
                 "About Technoprom-2016", "press@technoprom.example", "###"):
        assert part in text, part


def test_an_embargoed_pdf_says_until_when(release, client, auth):
    release.embargo_until = datetime(2030, 6, 10, 11, 0, tzinfo=timezone.utc)
    db.session.commit()
    auth.login_as("press")
    response = client.get(f"/press-releases/{release.id}.pdf")
    assert "EMBARGOED UNTIL 10 June 2030, 18:00 (Asia/Novosibirsk)" in _text(response.data)


def test_the_pdf_is_served_with_an_etag_and_304(client, release):
    first = client.get("/forums/technoprom-2016/it-bio-cluster-round-table/press-release.pdf")
    assert first.status_code == 200 and first.data.startswith(b"%PDF")
    again = client.get("/forums/technoprom-2016/it-bio-cluster-round-table/press-release.pdf",
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_a_draft_pdf_is_for_the_staff_only(client, auth, make, users):
    session = make.session()
    release = workflow.create_press_release(session, users["press"])
    db.session.commit()
    assert client.get(f"/press-releases/{release.id}.pdf").status_code == 302
    auth.login_as("participant")
    assert client.get(f"/press-releases/{release.id}.pdf").status_code == 403


# -- the logo ------------------------------------------------------------------------------------------


def _upload(client, forum_slug, data: bytes, name: str):
    return client.post(f"/forums/{forum_slug}/press-settings", data={"logo": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _stored_logo(forum_id):
    return db.session.execute(db.select(Forum.logo_png).where(Forum.id == forum_id)).scalar()


def test_a_jpeg_logo_is_stored_re_encoded_as_png(client, auth, make):
    forum = make.forum()
    db.session.commit()
    auth.login_as("press")
    response = _upload(client, forum.slug, _image("JPEG"), "logo.jpg")
    assert response.status_code == 302
    stored = _stored_logo(forum.id)
    assert stored.startswith(b"\x89PNG") and Image.open(io.BytesIO(stored)).size == (240, 80)


def test_a_file_that_is_not_an_image_is_refused_with_a_message(client, auth, make):
    forum = make.forum()
    db.session.commit()
    auth.login_as("press")
    response = _upload(client, forum.slug, b"<svg onload=alert(1)></svg>", "logo.png")
    assert response.status_code == 422
    assert "not a PNG or JPEG image" in response.get_data(as_text=True)
    assert _stored_logo(forum.id) is None


def test_an_image_of_another_kind_is_refused(client, auth, make):
    forum = make.forum()
    db.session.commit()
    auth.login_as("press")
    response = _upload(client, forum.slug, _image("GIF"), "logo.gif")
    assert response.status_code == 422 and "must be a PNG or JPEG image, not GIF" in response.get_data(as_text=True)


def test_an_oversize_logo_is_refused_with_a_message(client, auth, make):
    forum = make.forum()
    db.session.commit()
    auth.login_as("press")
    response = _upload(client, forum.slug, _image("PNG") + b"\0" * MAX_BYTES, "logo.png")
    assert response.status_code == 422 and "the largest accepted is 512 KB" in response.get_data(as_text=True)
    assert _stored_logo(forum.id) is None


def test_a_participant_may_not_change_the_logo(client, auth, make):
    forum = make.forum()
    db.session.commit()
    auth.login_as("participant")
    assert _upload(client, forum.slug, _image("PNG"), "logo.png").status_code == 403


def test_a_draft_pdf_says_it_is_not_for_publication(client, auth, make, users):
    release = workflow.create_press_release(technoprom_session(make), users["press"])
    db.session.commit()
    auth.login_as("press")
    text = _text(client.get(f"/press-releases/{release.id}.pdf").data)
    assert "DRAFT — NOT FOR PUBLICATION" in text and "FOR IMMEDIATE RELEASE" not in text


def test_the_logo_heads_the_release_page(client, auth, release):
    auth.login_as("press")
    _upload(client, "technoprom-2016", _image("PNG"), "logo.png")
    auth.logout()
    page = client.get("/forums/technoprom-2016/it-bio-cluster-round-table/press-release").get_data(as_text=True)
    assert '<img src="/forums/technoprom-2016/logo.png"' in page
    logo = client.get("/forums/technoprom-2016/logo.png")
    assert logo.mimetype == "image/png" and logo.data.startswith(b"\x89PNG")


def test_the_pdf_of_a_participants_only_release_says_whom_it_is_for(release):
    from eventsite.models import Visibility

    release.session.visibility = Visibility.participants
    db.session.commit()
    text = _text(press_release_pdf(release))
    assert "PARTICIPANTS ONLY — NOT FOR PUBLIC RELEASE" in text and "FOR IMMEDIATE RELEASE" not in text
