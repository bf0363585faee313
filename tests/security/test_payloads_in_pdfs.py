"""Both PDFs, made through the app's routes from a session that holds every hostile payload, fetch
nothing, link nowhere dangerous, embed nothing of the machine's and keep no markup as text.

The payloads go in through the real forms: the payloads that name the listening loopback socket
(or a local file) two to a point, the others ten to a point; the minutes summary, the
forum's "About" and the press release's text hold them all. Fields that are shown as text, not
Markdown (titles, names, the headline), take only payloads that fetch and carry no script of their
own, so that finding `<script>alert` or `javascript:alert` in the PDF's text means Markdown was
printed raw instead of sanitised.
"""
from __future__ import annotations

import re
import shutil
import time

import pytest

from conftest import Factory
from eventsite.models import DocumentStatus, Minutes, PressRelease, db
from eventsite.models.base import utcnow

from .checks import DANGEROUS_SCHEMES, Listener, pdf_attachments, pdf_links, pdf_text
from .payloads import PAYLOADS, in_one_field

#: what a payload printed raw instead of rendered shows (a sanitiser may leave the bare word "<script>"
#: as text, from "<scr<script>ipt>": that is text on the page too, and runs nothing)
MARKUP_LEFT_AS_TEXT = ("<script>alert", "<script src", "javascript:alert")
#: the minutes PDF carries the session's record and the minutes as data; nothing else
MINUTES_ATTACHMENTS = {"session-record.json", "minutes.json"}
#: a few of the harmless words inside the payloads: they must reach the PDF as text
HARMLESS = ["Harmless md link", "Harmless html link", "Harmless styled text", "Harmless hover"]


def _as_text(text: str) -> bool:
    """A payload fit for a field shown as text: the PDF prints it as typed."""
    return not any(bad in " ".join(text.lower().split()) for bad in MARKUP_LEFT_AS_TEXT)


@pytest.fixture(scope="module")
def pdfs(module_app, accounts):
    listener = Listener()
    try:
        yield _render_pdfs(module_app, accounts, listener)
    finally:
        listener.close()


def _render_pdfs(app, accounts, listener) -> dict:
    with app.app_context():
        make = Factory()
        forum = make.forum(slug="pdf-forum", name="PDF forum")
        session = make.session(forum, slug="s", title="PDF session")
        minutes = Minutes(session=session, status=DocumentStatus.draft, summary="", revision=0)
        release = PressRelease(session=session, headline="PDF release", body="", status=DocumentStatus.published,
                               published_at=utcnow(), revision=1)
        db.session.add_all([minutes, release])
        db.session.commit()
        release_id = release.id
        versions = {"forum": forum.version, "session": session.version, "minutes": minutes.version,
                    "release": release.version}

    texts = [p.with_fetch_url(listener.url) for p in in_one_field(PAYLOADS) if not p.long]
    everything = "\n\n".join(texts)
    fetching = [p.with_fetch_url(listener.url) for p in PAYLOADS
                if (p.fetches or "file:" in p.text) and not p.long]
    shown_as_text = [t for t in fetching if _as_text(t)]
    organiser, press = accounts["organiser"], accounts["press"]
    answers = []

    def post(visitor, path, data):
        answer = visitor.post(path, data=data)
        answers.append(answer)
        return answer

    base = "/forums/pdf-forum/s"
    post(organiser, "/forums/pdf-forum/edit", dict(
        slug="pdf-forum", name="PDF forum", title=shown_as_text[0][:300], city="Novosibirsk", country="Russia",
        starts_on="2016-06-09", ends_on="2016-06-10", timezone="Asia/Novosibirsk", language="en",
        about=everything, press_contact_name=shown_as_text[1][:200], press_contact_email="press@example.org",
        press_contact_phone="+7 000", version=versions["forum"]))
    post(organiser, f"{base}/edit", dict(
        slug="s", kind="round_table", title=shown_as_text[2][:300], local_start="2016-06-10T14:00",
        local_end="2016-06-10T16:00", venue=shown_as_text[3][:300], language="en", visibility="public",
        summary=everything, version=versions["session"]))
    for n, text in enumerate(shown_as_text[:3]):
        post(organiser, f"{base}/participants", dict(
            role="speaker", attendance="attended", new_name=text[:200], new_native_name="", new_email="",
            position=text[:300], new_organisation=f"{text[:290]} {n}", new_organisation_kind="other",
            person_name="", person_id="", organisation_name="", organisation_id=""))
    post(organiser, f"{base}/groups", {"group-name": shown_as_text[4][:300]})
    # what fetches, two to a point (none of them hides what follows it); the rest ten to a point
    others = [t for t in texts if t not in fetching]
    bodies = ["\n\n".join(fetching[i:i + 2]) for i in range(0, len(fetching), 2)]
    bodies += ["\n\n".join(others[i:i + 10]) for i in range(0, len(others), 10)]
    for n, body in enumerate(bodies):
        title = shown_as_text[n % len(shown_as_text)][:300]
        post(organiser, f"{base}/points", dict(kind="statement", speaker_id="0", title=title, body=body, tags=""))
    post(organiser, f"{base}/minutes/summary", dict(summary=everything, version=versions["minutes"]))
    post(press, f"/press-releases/{release_id}/edit", dict(
        headline=shown_as_text[5][:300], subheadline=shown_as_text[6][:300], dateline=shown_as_text[7][:200],
        body=everything, language="en", embargo_local="", reason="hostile text", action="save",
        version=versions["release"]))
    saved = [a.describe() for a in answers if a.status not in (302, 303)]
    assert not saved, "the hostile record could not be entered: " + "; ".join(saved)

    minutes_pdf = organiser.get(f"{base}/minutes.pdf")
    release_pdf = accounts["anonymous"].get(f"{base}/press-release.pdf")
    for answer in (minutes_pdf, release_pdf):
        assert answer.status == 200 and answer.content_type.startswith("application/pdf"), answer.describe()
    # a renderer that fetched would have connected by now; give a slow one a moment more
    time.sleep(0.5)
    return {"minutes": minutes_pdf.data, "press release": release_pdf.data, "fetched": list(listener.requests)}


def test_rendering_both_pdfs_fetches_nothing(pdfs):
    assert pdfs["fetched"] == [], f"the PDF renderer connected to the loopback listener: {pdfs['fetched']}"


@pytest.mark.parametrize("document", ["minutes", "press release"])
def test_the_pdf_keeps_no_markup_as_text(pdfs, document):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; .ci/run installs it")
    text = " ".join(pdf_text(pdfs[document]).split())
    found = {bad: re.findall(rf".{{0,30}}{re.escape(bad)}.{{0,30}}", text, re.I) for bad in MARKUP_LEFT_AS_TEXT}
    assert not any(found.values()), f"the {document} PDF shows markup as text: {found}"
    # and the payloads' harmless words did reach it, so the check read the hostile text
    assert any(word in text for word in HARMLESS), f"none of {HARMLESS} in the {document} PDF"


@pytest.mark.parametrize("document", ["minutes", "press release"])
def test_the_pdf_links_nowhere_dangerous(pdfs, document):
    bad = [uri for uri in pdf_links(pdfs[document]) if uri.strip().lower().startswith(DANGEROUS_SCHEMES)]
    assert not bad, f"the {document} PDF links to {bad}"


def test_the_pdfs_embed_nothing_of_the_machine(pdfs):
    assert set(pdf_attachments(pdfs["minutes"])) <= MINUTES_ATTACHMENTS
    # the release's own record, drawn from the same composition as its text
    assert set(pdf_attachments(pdfs["press release"])) == {"press-release.json"}
    for document in ("minutes", "press release"):
        assert b"root:x:0:0" not in pdfs[document]
