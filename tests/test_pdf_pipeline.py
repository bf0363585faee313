"""The PDF pipeline: WeasyPrint reads nothing but our static files, renders are bounded, results cached."""
from __future__ import annotations

import base64
import io
import threading
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from eventsite.pdf import STATIC_ORIGIN, pdf_static_url
from eventsite.pdf.cache import pdf_response
from eventsite.pdf.fetcher import StaticFileFetcher
from eventsite.pdf.render import PdfAttachment, PdfError, render_pdf
from security.checks import Listener

META = {"title": "Pipeline test", "author": "eventsite tests", "subject": "safety",
        "keywords": ["pdf", "test"], "language": "en"}


def _png() -> bytes:
    """A valid 1×1 PNG, made here so the test needs no file."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (len(data).to_bytes(4, "big") + kind + data
                + zlib.crc32(kind + data).to_bytes(4, "big"))
    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


def _html(body: str, head: str = "") -> str:
    return f"<!doctype html><html lang=en><head><meta charset=utf-8>{head}</head><body>{body}</body></html>"


def _images(pdf: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def test_a_loopback_url_causes_no_request_and_embeds_nothing(app, listener):
    url = f"http://127.0.0.1:{listener.port}"
    html = _html(f'<p>Point</p><img src="{url}/x.png"><div style="background: url({url}/bg.png)">x</div>',
                 head=f'<link rel=stylesheet href="{url}/evil.css"><link rel=attachment href="{url}/a.json">')

    pdf = render_pdf(html, metadata=META)

    listener._stop.wait(0.3)
    assert listener.requests == []
    assert _images(pdf) == 0
    assert PdfReader(io.BytesIO(pdf)).attachments == {}


def test_a_local_file_is_neither_read_nor_embedded(app, tmp_path):
    image = tmp_path / "photo.png"
    image.write_bytes(_png())
    html = _html(f'<img src="file://{image}"><img src="file:///etc/passwd">',
                 head='<link rel=attachment href="file:///etc/passwd">')

    pdf = render_pdf(html, metadata=META, attachments=[PdfAttachment("session-record.json", b'{"ok": true}')])

    assert _images(pdf) == 0
    attachments = PdfReader(io.BytesIO(pdf)).attachments
    assert list(attachments) == ["session-record.json"]
    assert b"root:" not in pdf


def test_an_inline_data_image_is_embedded(app):
    # the counterpart of the two tests above: an image that may be used does show up
    data = base64.b64encode(_png()).decode()
    pdf = render_pdf(_html(f'<img src="data:image/png;base64,{data}" style="width: 2cm">'), metadata=META)
    assert _images(pdf) == 1


def test_static_files_are_served_to_the_renderer(app):
    fetcher = StaticFileFetcher.for_app(app)
    response = fetcher.fetch(f"{STATIC_ORIGIN}/static/pdf/print.css")
    assert response.read() == Path(app.static_folder, "pdf", "print.css").read_bytes()
    assert response.content_type == "text/css"

    # the print CSS puts "page X of Y" in the footer (its words from the document, in its language),
    # so text from it proves the file was used
    words = '<p class="running-page-word">page</p><p class="running-of-word">of</p>'
    pdf = render_pdf(_html(words + "<h1>Styled</h1>", head=f'<link rel=stylesheet href="{pdf_static_url("pdf/print.css")}">'),
                     metadata=META)
    assert "page 1 of 1" in _text(pdf)


@pytest.mark.parametrize("url", [
    f"{STATIC_ORIGIN}/static/../eventsite/config.py",
    f"{STATIC_ORIGIN}/static/%2e%2e/eventsite/config.py",
    f"{STATIC_ORIGIN}/static/pdf/../../setup.cfg",
    f"{STATIC_ORIGIN}/static/pdf/missing.css",
    f"{STATIC_ORIGIN}/eventsite/config.py",
    "http://localhost/static/pdf/print.css",
    "https://example.org/static/pdf/print.css",
    "file:///etc/passwd",
    "ftp://127.0.0.1/x",
])
def test_the_fetcher_refuses_everything_outside_the_static_folder(app, url):
    with pytest.raises(ValueError):
        StaticFileFetcher.for_app(app).fetch(url)


def test_metadata_and_language_are_written(app):
    pdf = render_pdf(_html("<p>x</p>"), metadata={**META, "language": "ru"})
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Pipeline test"
    assert reader.metadata.author == "eventsite tests"
    assert reader.metadata.subject == "safety"
    assert reader.metadata["/Keywords"] == "pdf, test"
    assert reader.trailer["/Root"]["/Lang"] == "ru"


def test_a_render_that_takes_too_long_is_stopped(app):
    huge = _html("".join(f"<h2>Point {i}</h2><p>{'word ' * 200}</p>" for i in range(3000)))
    with pytest.raises(PdfError) as raised:
        render_pdf(huge, metadata=META, timeout=0.3)
    assert raised.value.status == 503
    assert "longer than 0.3 seconds" in raised.value.message


def test_a_pdf_larger_than_the_limit_is_refused(app):
    with pytest.raises(PdfError) as raised:
        render_pdf(_html("<p>x</p>" * 50), metadata=META, max_bytes=1000)
    assert "larger than" in raised.value.message


class CountingRender:
    def __init__(self, html: str):
        self.html = html
        self.calls = 0

    def __call__(self) -> bytes:
        self.calls += 1
        return render_pdf(self.html, metadata=META)


def test_the_cache_renders_once_then_serves_the_same_file(app):
    render = CountingRender(_html("<p>Cached</p>"))
    material = {"html": render.html, "metadata": META}
    with app.test_request_context():
        first = pdf_response(material, render, "x.pdf")
    with app.test_request_context():
        second = pdf_response(material, render, "x.pdf")

    assert render.calls == 1
    assert first.status_code == second.status_code == 200
    assert first.get_data() == second.get_data()
    assert first.headers["ETag"] == second.headers["ETag"]
    assert first.mimetype == "application/pdf"


def test_a_known_etag_gets_304_without_rendering(app):
    render = CountingRender(_html("<p>Cached</p>"))
    material = {"html": render.html}
    with app.test_request_context():
        etag = pdf_response(material, render, "x.pdf").headers["ETag"]
    app.config["PDF_CACHE_DIR"] = str(Path(app.config["PDF_CACHE_DIR"]) / "emptied")
    with app.test_request_context(headers={"If-None-Match": etag}):
        response = pdf_response(material, render, "x.pdf")

    assert response.status_code == 304
    assert response.get_data() == b""
    assert render.calls == 1


def test_changed_material_misses_the_cache(app):
    old, new = CountingRender(_html("<p>Old text</p>")), CountingRender(_html("<p>New text</p>"))
    with app.test_request_context():
        before = pdf_response({"html": old.html}, old, "x.pdf")
    with app.test_request_context(headers={"If-None-Match": before.headers["ETag"]}):
        after = pdf_response({"html": new.html}, new, "x.pdf")

    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert "New text" in _text(after.get_data())


def test_a_failed_render_shows_an_error_page(app):
    def failing() -> bytes:
        raise PdfError("Making the PDF took longer than 30 seconds and was stopped.", 503)

    with app.test_request_context():
        response = pdf_response({"html": "x"}, failing, "x.pdf")

    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "The PDF could not be made" in page
    assert "took longer than 30 seconds" in page
    assert "Traceback" not in page


def test_after_a_stopped_render_the_next_one_works(app):
    huge = _html("".join(f"<h2>Point {i}</h2><p>{'word ' * 200}</p>" for i in range(3000)))
    with pytest.raises(PdfError):
        render_pdf(huge, metadata=META, timeout=0.3)
    assert "After the timeout" in _text(render_pdf(_html("<p>After the timeout</p>"), metadata=META))


def test_renders_from_several_threads_at_once_all_complete(app):
    # one goes to the long-lived worker, the others to one-off children
    results = {}

    def render(n: int):
        with app.app_context():
            results[n] = _text(render_pdf(_html(f"<p>Document {n}</p>"), metadata=META))

    threads = [threading.Thread(target=render, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(f"Document {n}" in results[n] for n in range(3))


def test_a_cache_that_cannot_be_written_still_serves_the_pdf(app, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    app.config["PDF_CACHE_DIR"] = str(blocked)
    render = CountingRender(_html("<p>Served anyway</p>"))
    with app.test_request_context():
        response = pdf_response({"html": render.html}, render, "x.pdf")
    assert response.status_code == 200
    assert "Served anyway" in _text(response.get_data())


def test_the_render_worker_keeps_none_of_the_app_process_descriptors(app):
    # a pipe whose write end the app holds: if the long-lived render child kept a copy, the
    # reader would never see it end (Playwright's driver never exited in the test suite)
    import os
    import select

    from eventsite.pdf import sandbox

    read_end, write_end = os.pipe()
    worker = sandbox.Worker(lambda job: b"%PDF-" + job)
    try:
        assert worker.run(b"x", timeout=10, max_bytes=1000) == b"%PDF-x"  # the child is alive now
        os.close(write_end)
        write_end = None
        ready, _, _ = select.select([read_end], [], [], 5)
        assert ready and os.read(read_end, 1) == b""  # end of file: no child holds the write end
    finally:
        worker.stop()
        os.close(read_end)
        if write_end is not None:
            os.close(write_end)
