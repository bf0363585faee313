"""The minutes as DOCX and ODT: from the same record as the PDF, in the session's language, with
real headings, the action items as a table, the draft marked; read back with each format's library."""
from __future__ import annotations

import io

import docx
import pytest
from odf import opendocument, table, teletype, text

from eventsite.minutes import workflow
from eventsite.models import db
from matrix import STAFF, Route, build_world, check_route, only

MINUTES = "/forums/technoprom-2016/cluster-round-table/minutes"


def _docx(data: bytes):
    document = docx.Document(io.BytesIO(data))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return document, paragraphs, tables


def _odt(data: bytes):
    document = opendocument.load(io.BytesIO(data))
    headings = [(int(h.getAttribute("outlinelevel")), teletype.extractText(h))
                for h in document.getElementsByType(text.H)]
    paragraphs = [teletype.extractText(p) for p in document.getElementsByType(text.P)]
    tables = [[[teletype.extractText(c) for c in row.getElementsByType(table.TableCell)]
               for row in t.getElementsByType(table.TableRow)] for t in document.getElementsByType(table.Table)]
    return headings, paragraphs, tables


def test_docx_carries_the_recorded_facts_with_real_headings_and_the_action_table(client, auth, round_table):
    auth.login_as("organiser")
    response = client.get(MINUTES + ".docx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "technoprom-2016-cluster-round-table-minutes-draft.docx" in response.headers["Content-Disposition"]
    document, paragraphs, tables = _docx(response.data)
    headings = [(style, t) for style, t in paragraphs if style.startswith("Heading")]
    assert headings[0] == ("Heading 1", "Minutes of the round table “Innovation Cluster: vectors of development”")
    assert ("Heading 2", "Decisions") in headings and ("Heading 2", "Action items") in headings
    assert ("Heading 3", "3. Joint IT-Bio projects") in headings
    body = "\n".join(t for _, t in paragraphs)
    assert "Chair: Artyom Shadrin (Артём Шадрин), Director of the Department of Social Development and " \
           "Innovation, Ministry of Economic Development of Russia" in body
    assert "Joint IT-Bio projects: Common projects are a focal area of the cluster policy. (item 3)" in body
    assert "Competition announced: at the end of July 2016" in body and "until 26 September 2016" in body
    assert paragraphs[2][1].startswith("DRAFT — ")
    assert tables[0] == [["Item", "What", "Owner", "Due", "Status"],
                         ["4", "Prepare the cluster programme", "Ministry of Economic Development of Russia",
                          "26 September 2016", "Open"]]
    assert document.core_properties.title.endswith("(draft)") and document.core_properties.language == "en"


def test_odt_carries_the_same_facts_in_russian_for_a_russian_session(client, auth, round_table):
    round_table.language = "ru"
    db.session.commit()
    auth.login_as("organiser")
    response = client.get(MINUTES + ".odt", headers={"Accept-Language": "en"})
    assert response.status_code == 200 and response.mimetype == "application/vnd.oasis.opendocument.text"
    headings, paragraphs, tables = _odt(response.data)
    assert headings[0][0] == 1 and headings[0][1].startswith("Протокол заседания круглого стола «Innovation Cluster")
    assert (2, "Решения") in headings and (2, "Поручения") in headings
    body = "\n".join(paragraphs)
    assert "Председатель: Артём Шадрин (Artyom Shadrin)" in body
    assert "в конце июля 2016 г." in body and "до 26 сентября 2016 г." in body
    assert "ЧЕРНОВИК — " in body
    assert tables[0][0] == ["Пункт", "Что", "Ответственный", "Срок", "Статус"]
    assert tables[0][1][2:4] == ["Ministry of Economic Development of Russia", "26 сентября 2016 г."]


def test_approved_minutes_are_not_marked_draft(client, auth, users, round_table):
    minutes = workflow.ensure_minutes(round_table)
    workflow.approve(minutes, users["organiser"])
    db.session.commit()
    auth.login_as("press")
    _document, paragraphs, _tables = _docx(client.get(MINUTES + ".docx").data)
    assert not any("DRAFT" in t for _, t in paragraphs)
    assert any(t.startswith("Approved by Organiser") for _, t in paragraphs)
    _headings, odt_paragraphs, _ = _odt(client.get(MINUTES + ".odt").data)
    assert not any("DRAFT" in t for t in odt_paragraphs)


@pytest.mark.parametrize("extension", ["docx", "odt"])
def test_the_same_readers_as_the_pdf(app, make, users, extension):
    world = build_world(make, users)
    for session, expect in (("participants", only(["took_part", *STAFF])), ("internal", only(STAFF)),
                            ("public", only(["did_not_take_part", *STAFF]))):
        check_route(app, world, make, Route(f"/forums/{{forum}}/{{{session}}}/minutes.{extension}", expect))


@pytest.mark.parametrize("extension", ["docx", "odt"])
def test_export_document_writes_the_file(runner, round_table, tmp_path, extension):
    target = tmp_path / f"minutes.{extension}"
    result = runner.invoke(args=["export-document", "technoprom-2016", "cluster-round-table", "minutes",
                                 "--format", extension, "-o", str(target)])
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    facts = "\n".join(t for _, t in _docx(data)[1]) if extension == "docx" else "\n".join(_odt(data)[1])
    assert "Artyom Shadrin" in facts and "DRAFT" in facts
    missing = runner.invoke(args=["export-document", "technoprom-2016", "nope", "minutes", "--format", extension,
                                  "-o", str(target)])
    assert missing.exit_code != 0 and "has no session 'nope'" in missing.output
