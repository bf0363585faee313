"""The minutes as a PDF: facts, pages, metadata, the attached record, caching, and the export command."""
from __future__ import annotations

import io
import json
import re

import pytest
from pypdf import PdfReader

from eventsite.minutes.compose import compose_minutes
from eventsite.models import Minutes, PointKind, db

URL = "/forums/technoprom-2016/cluster-round-table/minutes"


def _reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def _text(data: bytes) -> str:
    # the renderer may break a line anywhere; compare facts with single spaces
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in _reader(data).pages))


@pytest.fixture
def organiser(client, auth, round_table):
    auth.login_as("organiser")
    return client


def _approve(client) -> None:
    client.post(URL + "/summary", data={"summary": "The round table discussed the Cluster.", "version": 1})
    assert client.post(URL + "/approve").status_code == 302


def test_the_pdf_carries_the_recorded_facts_including_cyrillic(organiser):
    response = organiser.get(URL + ".pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _text(response.get_data())
    for fact in [
        "IV International Forum of Technological Development Technoprom-2016",
        "Minutes of the round table “Innovation Cluster: vectors of development”",
        "10 June 2016, 14:00–16:00 (Asia/Novosibirsk, UTC+06:00)", "Expocentre, hall 3",
        "Artyom Shadrin (Артём Шадрин)", "Director of the Department of Social Development and Innovation",
        "Ministry of Economic Development of Russia", "Olga Rapporteur", "Ivan Excused", "Pyotr Absent",
        "representatives of the IT and BIO branches of the Cluster", "state offices",
        "Programmes accepted: until 26 September 2016", "Competition announced: at the end of July 2016",
        "Joint IT-Bio projects", "Prepare the cluster programme",
        "We want to raise the bar of an immensity of projects.",
    ]:
        assert fact in text, fact


def test_every_page_says_page_x_of_y_under_a_running_header(organiser, round_table, make):
    for n in range(40):
        make.point(round_table, kind=PointKind.statement, title=f"Statement number {n}", body="Words. " * 60)
    db.session.commit()
    reader = _reader(organiser.get(URL + ".pdf").get_data())
    pages = len(reader.pages)
    assert pages > 2
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"page {number} of {pages}" in text
        assert "Technoprom-2016 · Innovation Cluster: vectors of development" in text
        # A4 in points
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_the_pdf_has_metadata_language_outline_and_is_tagged_pdf_a_3a(organiser):
    reader = _reader(organiser.get(URL + ".pdf").get_data())
    info = reader.metadata
    assert info.title == "Minutes of the round table “Innovation Cluster: vectors of development” (draft)"
    assert info.author == "Technoprom-2016"
    assert info.subject.startswith("Minutes of the round table, held on 10 June 2016")
    assert "minutes" in info["/Keywords"] and "cluster policy" in info["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "en"
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp
    # tagged for screen readers: a structure tree, marked content, the title shown as the window's title
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True and "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert info["/CreationDate"].startswith("D:20")
    # each attached file once in the catalog's list of associated files
    entries = [entry.idnum for entry in root["/AF"]]
    assert len(entries) == len(set(entries)) == 2

    def titles(items):
        for item in items:
            yield from titles(item) if isinstance(item, list) else [item.title]
    outline = list(titles(reader.outline))
    for heading in ["Attendance", "Discussion", "Decisions", "Action items",
                    "Key dates", "2. Clusters 2.0 competition"]:
        assert heading in outline


def test_the_attached_json_parses_and_matches_the_record(organiser, round_table):
    reader = _reader(organiser.get(URL + ".pdf").get_data())
    attachments = reader.attachments
    assert set(attachments) == {"session-record.json", "minutes.json"}
    minutes = json.loads(attachments["minutes.json"][0])
    assert minutes == json.loads(json.dumps(compose_minutes(round_table)))
    assert minutes["chair"][0]["native_name"] == "Артём Шадрин"

    record = json.loads(attachments["session-record.json"][0])
    if record.get("format") == "eventsite-bundle":
        session, = record["sessions"]
        assert session["slug"] == "cluster-round-table"
        assert {p["name"] for p in record["people"]} == {
            "Artyom Shadrin", "Olga Rapporteur", "Ivan Excused", "Pyotr Absent"}
        assert all(p["email"] is None for p in record["people"])
        assert session["press_releases"] == []
    else:
        assert record == minutes


def _images(page) -> int:
    resources = page["/Resources"]
    return sum(1 for x in (resources.get("/XObject") or {}).values() if x.get_object()["/Subtype"] == "/Image")


def test_a_draft_is_watermarked_and_approved_minutes_are_not(organiser):
    draft = _reader(organiser.get(URL + ".pdf").get_data())
    # the mark is an image on every page, so it is not read out and not mixed into the text
    assert all(_images(page) >= 1 for page in draft.pages)
    assert all(not page.extract_text().lstrip().startswith("DRAFT") for page in draft.pages)
    assert "Draft minutes — not approved" in draft.pages[0].extract_text()

    _approve(organiser)
    approved_pdf = organiser.get(URL + ".pdf").get_data()
    approved = _text(approved_pdf)
    assert all(_images(page) == 0 for page in _reader(approved_pdf).pages)
    assert "DRAFT" not in approved
    assert "Approved by Organiser on" in approved
    assert "Approved minutes · revision 2" in approved


def test_an_edit_of_the_record_changes_the_etag_and_the_text(organiser, round_table):
    first = organiser.get(URL + ".pdf")
    round_table.points[0].body = "A freshly edited body."
    db.session.commit()

    second = organiser.get(URL + ".pdf", headers={"If-None-Match": first.headers["ETag"]})

    assert second.status_code == 200
    assert second.headers["ETag"] != first.headers["ETag"]
    assert "A freshly edited body." in _text(second.get_data())
    assert "A freshly edited body." not in _text(first.get_data())


def test_unchanged_minutes_answer_a_conditional_request_with_304(organiser):
    first = organiser.get(URL + ".pdf")
    again = organiser.get(URL + ".pdf", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert organiser.get(URL + ".pdf").get_data() == first.get_data()  # served from the cache


def test_a_cached_draft_is_not_served_after_approval(organiser):
    draft = organiser.get(URL + ".pdf")
    _approve(organiser)
    approved = organiser.get(URL + ".pdf", headers={"If-None-Match": draft.headers["ETag"]})
    assert approved.status_code == 200
    assert "DRAFT" not in _text(approved.get_data())


def test_a_revision_has_its_own_pdf_as_it_was(organiser, round_table):
    _approve(organiser)
    organiser.post(URL + "/publish")
    organiser.post(URL + "/correction", data={"reason": "new body"})
    round_table.points[0].body = "Corrected body."
    db.session.commit()
    old = _text(organiser.get(URL + "/revisions/2.pdf").get_data())
    assert "Cooperation between IT and biopharmaceutical technologies." in old
    assert "Corrected body." not in old
    assert "Corrected body." in _text(organiser.get(URL + ".pdf").get_data())


def test_a_render_that_fails_shows_an_error_page(organiser, app):
    app.config["PDF_TIMEOUT"] = 0.001
    response = organiser.get(URL + ".pdf")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "The PDF could not be made" in page and "took longer than" in page


def test_the_minutes_page_has_a_download_link(organiser):
    page = organiser.get(URL).get_data(as_text=True)
    assert f'href="{URL}.pdf" download>Download PDF</a>' in page


def test_export_pdf_writes_the_minutes_in_whatever_status(runner, round_table, tmp_path):
    target = tmp_path / "minutes.pdf"
    result = runner.invoke(args=["export-pdf", "technoprom-2016", "cluster-round-table", "minutes", "-o", str(target)])
    assert result.exit_code == 0, result.output
    text = _text(target.read_bytes())
    assert "Артём Шадрин" in text and "DRAFT" in text
    assert db.session.execute(db.select(Minutes)).first() is None  # exporting changes nothing


def test_export_pdf_names_what_is_missing(runner, round_table, tmp_path):
    target = str(tmp_path / "x.pdf")
    result = runner.invoke(args=["export-pdf", "technoprom-2016", "no-such-session", "minutes", "-o", target])
    assert result.exit_code != 0 and "has no session 'no-such-session'" in result.output
    result = runner.invoke(args=["export-pdf", "no-forum", "x", "minutes", "-o", target])
    assert result.exit_code != 0 and "there is no forum 'no-forum'" in result.output


def test_export_pdf_of_a_press_release_says_clearly_when_there_is_none(runner, round_table, tmp_path):
    result = runner.invoke(args=["export-pdf", "technoprom-2016", "cluster-round-table", "press-release",
                                 "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "session 'cluster-round-table' has no press release" in result.output


def test_minutes_fit_for_the_record_list_each_fact_once_with_decisions_in_full_and_lines_to_sign(organiser):
    text = _text(organiser.get(URL + ".pdf").get_data())
    # the decisions register gives the wording, not only the title
    decisions = text[text.index("Decisions"):text.index("Action items", text.index("Decisions"))]
    assert "Joint IT-Bio projects" in decisions and "Common projects are a focal area of the cluster policy." in decisions
    # each key date and each action's details once, in their registers; the discussion refers to them
    assert text.count("until 26 September 2016") == 1
    assert text.count("Ministry of Economic Development of Russia") >= 1
    assert "see the action items, item 4" in text and "see the key dates, item 2" in text
    # lines for the chair and the secretary to sign, with their names
    signatures = text[text.rindex("Chair"):]
    assert "Artyom Shadrin" in signatures and "Secretary" in signatures and "Olga Rapporteur" in signatures
