"""Published documents are stored files: made once when approved or published, kept in the database
with their sha256, served as they were made whatever happens to the PDF cache, the checksum on the page."""
from __future__ import annotations

import hashlib
import html
import io
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from eventsite import create_app
from eventsite.models import DocumentArtifact, db
from eventsite.press import workflow as press
from press_fixtures import technoprom_session

URL = "/forums/technoprom-2016/cluster-round-table/minutes"


def _text(data: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def _artifacts() -> list[DocumentArtifact]:
    db.session.expire_all()
    return list(db.session.execute(db.select(DocumentArtifact).order_by(DocumentArtifact.id)).scalars())


@pytest.fixture
def published(client, auth, round_table):
    """The round table's minutes, approved and published by an organiser through the pages."""
    auth.login_as("organiser")
    client.post(URL + "/summary", data={"summary": "The round table discussed the Cluster.", "version": 1})
    assert client.post(URL + "/approve").status_code == 302
    assert client.post(URL + "/publish").status_code == 302
    auth.logout()
    return client


def test_approving_and_publishing_keep_the_pdf_of_each_revision_with_its_checksum(published):
    kept = _artifacts()
    # revision 1 is the saved draft (not a file); 2 approved, 3 published
    assert [a.minutes_revision_id is not None for a in kept] == [True, True]
    for artifact in kept:
        assert artifact.pdf.startswith(b"%PDF-") and artifact.size == len(artifact.pdf)
        assert artifact.sha256 == hashlib.sha256(artifact.pdf).hexdigest()
    download = published.get(URL + ".pdf")
    assert download.status_code == 200 and download.data == kept[-1].pdf
    assert "Published" in _text(download.data) or "published" in _text(download.data)


def test_a_published_pdf_is_the_same_bytes_after_the_cache_folder_is_deleted(app, published):
    first = published.get(URL + ".pdf").data
    shutil.rmtree(app.config["PDF_CACHE_DIR"], ignore_errors=True)
    assert published.get(URL + ".pdf").data == first
    assert not Path(app.config["PDF_CACHE_DIR"]).exists() or not any(Path(app.config["PDF_CACHE_DIR"]).rglob("*.pdf"))


def test_every_app_server_serves_the_same_bytes(app, published, tmp_path):
    first = published.get(URL + ".pdf").data
    other = create_app({**app.config, "PDF_CACHE_DIR": str(tmp_path / "another-server")})
    with other.app_context():
        assert other.test_client().get(URL + ".pdf").data == first


def test_the_etag_is_the_checksum_and_a_304_needs_no_render(published):
    artifact = _artifacts()[-1]
    first = published.get(URL + ".pdf")
    assert first.headers["ETag"] == f'"{artifact.sha256}"'
    again = published.get(URL + ".pdf", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_the_minutes_page_shows_the_checksum_in_the_readers_language(published):
    artifact = _artifacts()[-1]
    page = html.unescape(published.get(URL).get_data(as_text=True))
    assert artifact.sha256 in page and "Its SHA-256:" in page
    russian = html.unescape(published.get(URL, headers={"Accept-Language": "ru"}).get_data(as_text=True))
    assert artifact.sha256 in russian and "Его SHA-256:" in russian


def test_a_revisions_pdf_stays_as_it_was_after_a_correction_is_published(published, auth, round_table, make):
    before = published.get(URL + "/revisions/3.pdf").data
    assert before == published.get(URL + ".pdf").data
    auth.login_as("organiser")
    make.point(round_table, title="A late addition", body="Added after publication.")
    db.session.commit()
    assert published.post(URL + "/correction", data={"reason": "A point was missing."}).status_code == 302
    assert published.post(URL + "/approve").status_code == 302
    assert published.post(URL + "/publish").status_code == 302
    auth.logout()
    assert published.get(URL + "/revisions/3.pdf").data == before
    page = html.unescape(published.get(URL + "/revisions/3").get_data(as_text=True))
    assert hashlib.sha256(before).hexdigest() in page
    latest = published.get(URL + ".pdf").data
    assert latest != before and "A late addition" in _text(latest)


def test_a_draft_is_rendered_on_demand_not_stored(client, auth, round_table):
    auth.login_as("organiser")
    response = client.get(URL + ".pdf")
    assert response.status_code == 200 and "DRAFT" in _text(response.data)
    assert _artifacts() == []


def test_published_minutes_imported_without_a_file_get_theirs_on_the_first_download(client, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert _artifacts() == []  # bundles carry no files: they are made again from the revision
    url = "/forums/technoprom-2016/innovation-cluster-vectors-of-development/minutes"
    first = client.get(url + ".pdf")
    assert first.status_code == 200 and first.data.startswith(b"%PDF-")
    assert [a.sha256 for a in _artifacts()] == [hashlib.sha256(first.data).hexdigest()]
    assert client.get(url + ".pdf").data == first.data


def test_a_published_press_release_is_a_stored_file_with_its_checksum_on_its_pages(client, auth, make, users):
    session = technoprom_session(make)
    release = press.create_press_release(session, users["press"])
    db.session.commit()
    auth.login_as("press")
    assert client.post(f"/press-releases/{release.id}/approve").status_code == 302
    assert client.post(f"/press-releases/{release.id}/publish").status_code == 302
    kept = _artifacts()
    assert len(kept) == 2 and all(a.press_release_revision_id for a in kept)
    staff_page = html.unescape(client.get(f"/press-releases/{release.id}").get_data(as_text=True))
    assert kept[-1].sha256 in staff_page
    auth.logout()
    base = f"/forums/{session.forum.slug}/{session.slug}/press-release"
    download = client.get(base + ".pdf")
    assert download.data == kept[-1].pdf and "FOR IMMEDIATE RELEASE" in _text(download.data)
    assert download.headers["ETag"] == f'"{kept[-1].sha256}"'
    assert kept[-1].sha256 in html.unescape(client.get(base).get_data(as_text=True))

