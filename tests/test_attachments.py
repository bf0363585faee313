"""Attachments: checked by content, kept in the database, served with safe headers, listed in the minutes."""
from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
import sqlalchemy as sa
from PIL import Image

from eventsite.models import Attachment, AttachmentContent, Visibility, db


@pytest.fixture
def app_config():
    return {"ATTACHMENT_MAX_BYTES": 200_000}


def png(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def docx() -> bytes:
    """The same bytes at every call: a zip entry's date is the clock's unless given, and a test that made
    the file twice across a second's turn saw two checksums."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in (("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")):
            z.writestr(zipfile.ZipInfo(name, date_time=(2016, 6, 10, 12, 0, 0)), text)
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(client, session, data: bytes, name: str, **extra):
    return client.post(f"/forums/{session.forum.slug}/{session.slug}/attachments",
                       data={"file": (io.BytesIO(data), name), **extra}, content_type="multipart/form-data")


def _count() -> tuple[int, int]:
    return (db.session.execute(sa.select(sa.func.count(Attachment.id))).scalar_one(),
            db.session.execute(sa.select(sa.func.count()).select_from(AttachmentContent)).scalar_one())


@pytest.mark.parametrize("data, name", [
    (b"MZ\x90\x00 not a document at all", "slides.pdf"),            # a program named as a PDF
    (b"<html><script>alert(1)</script></html>", "photo.png"),
    (zipfile.ZipFile and b"PK\x03\x04" + b"\x00" * 40, "report.docx"),  # a zip that is no office document
])
def test_a_file_of_the_wrong_type_is_refused_at_the_field_and_nothing_is_stored(app, client, auth, make, data, name):
    session = make.session()
    db.session.commit()
    auth.login_as("organiser")
    response = _upload(client, session, data, name)
    assert response.status_code == 422
    assert "is not one of the types that can be attached" in response.get_data(as_text=True)
    assert _count() == (0, 0)


def test_a_file_over_the_limit_is_refused_at_the_field_and_nothing_is_stored(app, client, auth, make):
    session = make.session()
    db.session.commit()
    auth.login_as("organiser")
    response = _upload(client, session, PDF + b"0" * 200_001, "big.pdf")
    assert response.status_code == 422
    assert "attachments may be at most 195.3 KB" in response.get_data(as_text=True)
    assert _count() == (0, 0)


def test_an_accepted_file_is_kept_with_its_size_and_checksum(app, client, auth, make):
    session = make.session()
    db.session.commit()
    auth.login_as("organiser")
    assert _upload(client, session, docx(), "../../Отчёт за 2016.docx").status_code == 302
    row = db.session.execute(sa.select(Attachment)).scalar_one()
    assert row.filename == "Отчёт за 2016.docx" and row.size == len(docx())
    assert row.sha256 == hashlib.sha256(docx()).hexdigest()
    assert row.content_type.endswith("wordprocessingml.document")


def test_documents_are_downloads_and_images_are_shown_inline_with_nosniff(app, client, auth, make):
    session = make.session()
    db.session.commit()
    auth.login_as("organiser")
    _upload(client, session, PDF, "Слайды доклада.pdf")
    _upload(client, session, png(), "photo.png")
    auth.logout()
    doc, photo = db.session.execute(sa.select(Attachment).order_by(Attachment.id)).scalars().all()
    base = f"/forums/{session.forum.slug}/{session.slug}/attachments"
    response = client.get(f"{base}/{doc.id}/{doc.filename}")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''%D0%A1%D0%BB%D0%B0%D0%B9%D0%B4%D1%8B%20%D0%B4%D0%BE%D0%BA%D0%BB%D0%B0%D0%B4%D0%B0.pdf" \
        in disposition
    response = client.get(f"{base}/{photo.id}/{photo.filename}")
    assert response.headers["Content-Disposition"].startswith("inline;")
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_an_attachment_of_a_session_one_may_not_see_is_404(app, client, auth, make):
    hidden = make.session(visibility=Visibility.internal)
    db.session.commit()
    auth.login_as("organiser")
    _upload(client, hidden, PDF, "internal.pdf")
    attachment = db.session.execute(sa.select(Attachment)).scalar_one()
    url = f"/forums/{hidden.forum.slug}/{hidden.slug}/attachments/{attachment.id}/internal.pdf"
    assert client.get(url).status_code == 200
    auth.logout()
    assert client.get(url).status_code == 404
    auth.login_as("participant")
    assert client.get(url).status_code == 404
    # and another session's address for the same file is 404 too
    other = make.session()
    db.session.commit()
    assert client.get(f"/forums/{other.forum.slug}/{other.slug}/attachments/{attachment.id}/x.pdf").status_code == 404


def test_the_minutes_list_attachments_with_size_and_checksum_and_the_pdf_shows_photos(app, client, auth, make):
    import pypdf

    session = make.session()
    point = make.point(session, title="The cluster's plan")
    db.session.commit()
    auth.login_as("organiser")
    _upload(client, session, PDF, "slides.pdf", point=str(point.id))
    _upload(client, session, png((400, 300)), "photo.png")
    page = client.get(f"/forums/{session.forum.slug}/{session.slug}/minutes").get_data(as_text=True)
    assert "Attachments" in page and "slides.pdf" in page and hashlib.sha256(PDF).hexdigest() in page
    assert f"{len(PDF)} bytes" in page
    pdf = client.get(f"/forums/{session.forum.slug}/{session.slug}/minutes.pdf")
    assert pdf.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(pdf.data))
    text = "".join(p.extract_text() for p in reader.pages)
    assert "slides.pdf" in text and "photo.png" in text
    assert sum(len(p.images) for p in reader.pages) >= 1
