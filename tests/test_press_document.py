"""One press-release document: the page, the PDF and the Markdown of `draft-press-release` are drawn
from one composition, so they carry the same facts in the same order, in the session's language;
the PDF carries the release as JSON and says when it was made, the same instant in Info and XMP."""
from __future__ import annotations

import io
import json
import re
import subprocess
from datetime import datetime, timezone

import pytest
from pypdf import PdfReader

from eventsite.markdown import markdown_text
from eventsite.minutes import workflow as minutes_workflow
from eventsite.models import PressRelease, db
from eventsite.press import workflow
from eventsite.press.documents import press_release_pdf
from press_fixtures import health_session, tomsk_session

SESSIONS = {"en": health_session, "ru": tomsk_session}
#: what a document in one language must not contain: the other's labels, dates and quotation marks
FOREIGN = {
    "en": ("ЧЕРНОВИК", "Контакты", "О форуме", "Пресс-релиз", " г.", "«", "»", "сказал"),
    "ru": ("DRAFT", "NOT FOR PUBLICATION", "Press contact", "About ", "Press release", "“", "”", " said ",
           " noted ", "April"),
}


def _squashed(text: str) -> str:
    """Text without what layout changes: spaces and line ends, hyphens of hyphenation, separators
    (a contact "name, email" on one output is "name · email" on another)."""
    return re.sub(r"[\s\-\u00ad‐,.:;·—–]+", "", text)


def _pdftotext(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "release.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def _article(page: str) -> str:
    """The text a reader sees of the release on a page (not the page's chrome)."""
    start = page.index('<article class="press-release"')
    return markdown_text(page[start:page.index("</article>", start)])


def _in_order(facts: list[str], text: str) -> list[str]:
    """The facts not found in `text`, each looked for after the one before."""
    missing, at, haystack = [], 0, _squashed(text)
    for fact in facts:
        found = haystack.find(_squashed(fact), at)
        if found < 0:
            missing.append(fact)
        else:
            at = found
    return missing


@pytest.fixture(params=["en", "ru"])
def drafted(request, make, users, runner):
    """A session in one language, the Markdown the command prints for it, and the release drafted from it
    by the press office (a draft: all three say so)."""
    session = SESSIONS[request.param](make)
    result = runner.invoke(args=["draft-press-release", session.forum.slug, session.slug])
    assert result.exit_code == 0, result.output
    release = workflow.create_press_release(session, users["press"])
    db.session.commit()
    return request.param, session, result.output, release


def test_the_page_the_pdf_and_the_markdown_carry_the_same_facts(drafted, client, auth, tmp_path):
    language, session, markdown, release = drafted
    # (the end mark, alone on its line, is what press releases print; as Markdown it is an empty heading)
    assert markdown.endswith("\n\n###\n")
    facts = markdown_text(markdown).splitlines() + ["###"]
    # the markdown holds the whole release: notice, headline, dateline in the lead, quote, About, contact, ###
    assert facts[0] == ("DRAFT — NOT FOR PUBLICATION" if language == "en" else "ЧЕРНОВИК — НЕ ДЛЯ ПУБЛИКАЦИИ")
    assert facts[1] == release.headline and facts[2] == release.subheadline
    assert facts[3].startswith(release.dateline + " — ")
    assert facts[-1] == "###" and len(facts) > 8
    auth.login_as("press")
    # the reader's interface is in the other language; the release is not
    other = "ru" if language == "en" else "en"
    page = client.get(f"/press-releases/{release.id}", headers={"Accept-Language": other}).get_data(as_text=True)
    pdf = _pdftotext(press_release_pdf(release), tmp_path)
    assert _in_order(facts, _article(page)) == []
    assert _in_order(facts, pdf) == []
    for text in (markdown, _article(page), pdf):
        for foreign in FOREIGN[language]:
            assert foreign not in text, foreign


def test_an_edited_release_reads_the_same_on_its_page_and_in_its_pdf(client, auth, make, users, tmp_path):
    session = tomsk_session(make)
    release = workflow.create_press_release(session, users["press"])
    workflow.save_press_release(release, {
        "dateline": "ТОМСК, 21 апреля 2017 г.",
        "body": "Первый абзац о главном.\n\n- первый пункт\n- второй пункт\n\n«Цитата дословно», — сказала Краснова.",
    }, users["press"])
    db.session.commit()
    auth.login_as("press")
    page = _article(client.get(f"/press-releases/{release.id}").get_data(as_text=True))
    pdf = _pdftotext(press_release_pdf(release), tmp_path)
    facts = ["ЧЕРНОВИК — НЕ ДЛЯ ПУБЛИКАЦИИ", release.headline, "ТОМСК, 21 апреля 2017 г. — Первый абзац о главном.",
             "первый пункт", "второй пункт", "«Цитата дословно», — сказала Краснова.",
             "О Томском инновационном форуме", "Контакты для прессы", "press@tomsk-forum.example", "###"]
    assert _in_order(facts, page) == [] and _in_order(facts, pdf) == []


def test_the_release_pdf_carries_its_own_record_once_and_stays_tagged_pdf_a_3a(make, users, tmp_path):
    release = workflow.create_press_release(tomsk_session(make), users["press"])
    workflow.approve_press_release(release, users["press"])
    workflow.publish_press_release(release, users["press"])
    db.session.commit()
    pdf = press_release_pdf(release)
    reader = PdfReader(io.BytesIO(pdf))
    assert list(reader.attachments) == ["press-release.json"]
    record = json.loads(reader.attachments["press-release.json"][0])
    assert record["format"] == "eventsite-press-release" and record["language"] == "ru"
    assert record["headline"] == release.headline and record["dateline"] == release.dateline
    assert record["status"] == "published" and record["notice"]["text"] == "ДЛЯ НЕМЕДЛЕННОГО РАСПРОСТРАНЕНИЯ"
    assert record["contact"]["email"] == "press@tomsk-forum.example"
    root = reader.trailer["/Root"]
    entries = [entry.idnum for entry in root["/AF"]]
    assert len(entries) == len(set(entries)) == 1
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp
    assert root["/MarkInfo"]["/Marked"].value is True and "/StructTreeRoot" in root
    path = tmp_path / "release.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)


def _dates(pdf: bytes) -> tuple[datetime, datetime, datetime, datetime]:
    """(Info /CreationDate, XMP xmp:CreateDate, Info /ModDate, XMP xmp:ModifyDate), all aware."""
    reader = PdfReader(io.BytesIO(pdf))
    xmp = reader.xmp_metadata

    def aware(moment: datetime) -> datetime:
        # pypdf reads an XMP date as naive UTC
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return (aware(reader.metadata.creation_date), aware(xmp.xmp_create_date),
            aware(reader.metadata.modification_date), aware(xmp.xmp_modify_date))


@pytest.mark.parametrize("status", ["draft", "published"])
def test_a_press_release_pdf_was_created_and_modified_at_the_same_instants_in_info_and_xmp(make, users, status):
    release = workflow.create_press_release(health_session(make), users["press"])
    if status == "published":
        workflow.approve_press_release(release, users["press"])
        workflow.publish_press_release(release, users["press"])
        # a time with a fraction of a second, as the database keeps it
        release.published_at = datetime(2017, 4, 20, 6, 30, 15, 123456, tzinfo=timezone.utc)
    db.session.commit()
    created, xmp_created, modified, xmp_modified = _dates(press_release_pdf(release))
    assert created == xmp_created and modified == xmp_modified
    if status == "published":
        assert created == datetime(2017, 4, 20, 6, 30, 15, tzinfo=timezone.utc)


def test_a_minutes_pdf_was_created_and_modified_at_the_same_instants_in_info_and_xmp(client, auth, round_table,
                                                                                    users):
    minutes = minutes_workflow.ensure_minutes(round_table)
    minutes_workflow.approve(minutes, users["organiser"])
    minutes_workflow.publish(minutes, users["organiser"])
    db.session.commit()
    auth.login_as("organiser")
    pdf = client.get(f"/forums/{round_table.forum.slug}/{round_table.slug}/minutes.pdf").get_data()
    created, xmp_created, modified, xmp_modified = _dates(pdf)
    assert created == xmp_created and modified == xmp_modified
    assert created == minutes.published_at.replace(microsecond=0)


# -- a release is in its session's language, whoever drafts it -------------------------------------------------


@pytest.mark.parametrize("language, reader", [("ru", "en"), ("en", "ru")])
def test_a_release_is_drafted_in_its_sessions_language_whatever_the_reader_or_the_form_asks(
        client, auth, make, language, reader):
    session = SESSIONS[language](make)
    db.session.commit()
    auth.login_as("press")
    form = client.get(f"/forums/{session.forum.slug}/{session.slug}/press-releases/",
                      headers={"Accept-Language": reader}).get_data(as_text=True)
    drafting_form = form[form.index('<form method="post" class="press-new">'):]
    drafting_form = drafting_form[:drafting_form.index("</form>")]
    assert 'name="language"' not in drafting_form
    response = client.post(f"/forums/{session.forum.slug}/{session.slug}/press-releases/",
                           data={"language": reader}, headers={"Accept-Language": reader})
    assert response.status_code == 302
    release = db.session.execute(db.select(PressRelease)).scalar_one()
    assert release.language == language
    text = "\n".join([release.headline, release.subheadline, release.dateline, release.body])
    for foreign in FOREIGN[language]:
        assert foreign not in text, foreign
    if language == "ru":
        assert "«" in release.body and "20 апреля 2017 г." in release.dateline
    else:
        assert "“" in release.body and release.dateline.endswith("20 April 2017")


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_command_drafts_in_the_sessions_language_and_offers_no_other(runner, make, language):
    session = SESSIONS[language](make)
    result = runner.invoke(args=["draft-press-release", session.forum.slug, session.slug, "--language",
                                 "en" if language == "ru" else "ru"])
    assert result.exit_code != 0 and "--language" in result.output
    text = runner.invoke(args=["draft-press-release", session.forum.slug, session.slug]).output
    for foreign in FOREIGN[language]:
        assert foreign not in text, foreign


def test_a_dateline_reads_as_typed_where_it_runs_into_the_lead(client, auth, make, users, tmp_path):
    release = workflow.create_press_release(health_session(make), users["press"])
    typed = "TOMSK *and* <b>online</b> & [more](javascript:alert(1)) &amp; 20_April"
    workflow.save_press_release(release, {"dateline": typed}, users["press"])
    db.session.commit()
    auth.login_as("press")
    page = client.get(f"/press-releases/{release.id}").get_data(as_text=True)
    assert "<b>online" not in page and 'href="javascript' not in page
    lead = next(line for line in _article(page).splitlines() if "At a round table" in line)
    assert lead.startswith(typed + " — At a round table")
    assert typed + " — At a round table" in " ".join(_pdftotext(press_release_pdf(release), tmp_path).split())
