"""The import page without a queue (the default): the admin's upload is imported at once and the page
shows the summary, or every problem with its path and nothing imported."""
from __future__ import annotations

import html
import io
import json

from eventsite.bundles.demo import demo_bundle
from eventsite.models import BundleUpload, Forum, db


def _bundle(**forum) -> bytes:
    bundle = demo_bundle()
    bundle["forum"].update(slug="imported-forum", name="Imported Forum", **forum)
    return json.dumps(bundle).encode()


def _upload(client, content: bytes, name: str = "forum.json"):
    return client.post("/import", data={"bundle": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def _forum():
    return db.session.execute(db.select(Forum).filter_by(slug="imported-forum")).scalar_one_or_none()


def test_an_uploaded_bundle_is_imported_at_once_and_the_page_says_what_changed(client, auth):
    auth.login_as("admin")
    page = client.get("/import")
    assert page.status_code == 200 and "Import a bundle" in page.get_data(as_text=True)
    response = _upload(client, _bundle())
    text = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Imported the forum Imported Forum." in text and "created: 1 forum" in text
    assert _forum() is not None
    assert db.session.execute(db.select(BundleUpload)).first() is None  # nothing kept: it is done


def test_a_refused_upload_lists_its_problems_and_imports_nothing(client, auth):
    auth.login_as("admin")
    response = _upload(client, _bundle(kind_of_forum="big"))
    text = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "The bundle was refused and nothing was imported: 1 problem." in text and "forum.kind_of_forum" in text
    assert _forum() is None


def test_an_upload_without_a_file_is_refused_at_the_field(client, auth):
    auth.login_as("admin")
    response = client.post("/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 422 and "Choose a bundle file to import." in response.get_data(as_text=True)


def test_only_admins_import(client, auth):
    auth.login_as("organiser")
    assert client.get("/import").status_code == 403
    assert _upload(client, _bundle()).status_code == 403
    assert _forum() is None
