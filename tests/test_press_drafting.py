"""The draft a press office gets from the record says every fact of the reference release.

The session is built from /work/shared/reference/technoprom-2016-round-table-press-release.txt
(tests/press_fixtures.py); each fact of that text is one test.
"""
from __future__ import annotations

import re

import pytest

from eventsite.models import PressRelease, db
from eventsite.press.compose import draft_markdown
from eventsite.press.drafting import draft_press_release, headline, subheadline
from press_fixtures import (  # noqa: F401 (fixtures)
    QUOTE, record_source, reference_or_demo_session, technoprom_session, template_db,
)


@pytest.fixture
def session(record_source, make):
    """The round table as built from the reference text, and as the demo bundle records it."""
    return reference_or_demo_session(record_source, make)


@pytest.fixture
def reference(make):
    return technoprom_session(make)


@pytest.fixture
def draft(session) -> str:
    return draft_markdown(session)


def test_draft_names_the_moderator(draft):
    assert "Artyom Shadrin" in draft


def test_draft_gives_the_moderators_position(draft):
    assert "Director of the Department of Social Development and Innovation" in draft


def test_draft_names_the_ministry(draft):
    assert "Ministry of Economic Development of Russia" in draft


def test_draft_gives_the_date(draft):
    assert "10 June 2016" in draft


def test_draft_names_the_forum(draft):
    assert "IV International Forum of Technological Development Technoprom-2016" in draft


def test_draft_names_the_it_and_bio_branches(draft):
    assert "IT and BIO branches" in draft


def test_draft_names_state_offices(draft):
    assert "state offices" in draft


def test_draft_names_business(draft):
    assert "business interested in cooperation within the Cluster structure" in draft


def test_draft_mentions_telemedicine(draft):
    assert "telemedicine" in draft


def test_draft_mentions_personalized_medicine(draft):
    assert "personalized medicine" in draft


def test_draft_mentions_smart_medicine_and_diagnostics(draft):
    assert "smart medicine and diagnostics" in draft


def test_draft_mentions_bioinformatics(draft):
    assert "Bioinformatics" in draft


def test_draft_mentions_the_cluster_2_0_programme(draft):
    assert re.search(r"programme supporting (the )?transition of innovation clusters to the 2\.0 model", draft)


def test_draft_announces_the_competition_at_the_end_of_july(draft):
    assert re.search(r"[Cc]ompetition[^.]* at the end of July 2016", draft)


def test_draft_gives_the_26_september_deadline(draft):
    assert "Programmes will be accepted until 26 September 2016." in draft


def test_draft_says_the_winners_gain_support_and_financing(draft):
    assert "winners will gain the Ministry's support and financing capabilities from other sources" in draft


def test_each_key_date_is_written_out_once_in_the_body(session):
    body = draft_press_release(session).body
    assert (body.count("end of July 2016"), body.count("26 September 2016")) == (1, 1)


def test_draft_quotes_the_moderator_word_for_word(draft):
    assert f"“{QUOTE},” said" in draft


def test_an_announcement_without_dates_in_its_text_gets_a_sentence_for_each(make):
    body = draft_press_release(technoprom_session(make)).body
    assert "The competition will be announced at the end of July 2016. Programmes will be accepted until 26 September 2016." in body


def test_the_headline_names_the_news_not_the_session_title(session):
    line = headline(session)
    assert line.startswith("Ministry of Economic Development of Russia announces programme supporting")
    assert line.endswith("transition of innovation clusters to the 2.0 model")


def test_the_subheadline_gives_the_news_key_dates(reference):
    assert subheadline(reference) == (
        "Competition announced at the end of July 2016; programmes accepted until 26 September 2016")


def test_dateline_is_city_and_date_in_the_release_language(reference):
    assert (draft_press_release(reference).dateline, draft_press_release(reference, "ru").dateline) == (
        "NOVOSIBIRSK, 10 June 2016", "NOVOSIBIRSK, 10 июня 2016 г.")


def test_the_lead_says_who_announced_what_where_and_when(reference):
    lead = draft_press_release(reference).body.split("\n\n")[0]
    assert lead.startswith(
        "At a round table on 10 June 2016 during the IV International Forum of Technological Development "
        "Technoprom-2016 in Novosibirsk, Artyom Shadrin, Director of the Department of Social Development and "
        "Innovation of the Ministry of Economic Development of Russia, announced the programme supporting "
        "transition of innovation clusters to the 2.0 model.")
    assert "until 26 September 2016" in lead and "at the end of July 2016" in lead


def test_the_moderator_is_named_in_full_once_then_by_surname(draft):
    assert draft.count("Director of the Department of Social Development and Innovation") == 1
    assert "said Shadrin." in draft and "moderated by Shadrin." in draft


def test_the_quote_is_in_the_second_or_third_paragraph(session):
    paragraphs = draft_press_release(session).body.split("\n\n")
    assert any(QUOTE in p for p in paragraphs[1:3])


def test_no_statement_is_in_the_press_offices_own_voice(session):
    body = draft_press_release(session).body
    for paragraph in body.split("\n\n"):
        assert not paragraph.startswith(("It is necessary", "IT research results need"))
    assert "Participants noted that" in body and "in medicine" in body


def test_the_command_prints_the_draft_and_saves_nothing(runner, reference):
    result = runner.invoke(args=["draft-press-release", "technoprom-2016", "it-bio-cluster-round-table"])
    assert result.exit_code == 0
    assert "Programmes will be accepted until 26 September 2016." in result.output
    assert "**NOVOSIBIRSK, 10 June 2016** — At a round table" in result.output
    assert result.output.rstrip().endswith("###")
    assert db.session.execute(db.select(PressRelease)).first() is None


def test_draft_ends_with_about_contact_and_end_mark(draft):
    assert draft.index("**About Technoprom-2016**") < draft.index("**Press contact:**") < draft.index("\n###\n")


def test_the_command_names_an_unknown_session(runner, reference):
    result = runner.invoke(args=["draft-press-release", "technoprom-2016", "nope"])
    assert result.exit_code != 0 and "no session 'nope'" in result.output


@pytest.mark.parametrize("body, kept", [
    ("Registry <script>alert('x')</script>pilot starts.", "Registry pilot starts."),
    ("Read [the plan](javascript:alert(1)) today.", "Read the plan today."),
    ("A <iframe src='http://127.0.0.1:9/x'></iframe>pilot.", "A pilot."),
    ("**Bold** and <span style='color:red'>styled</span> text.", "Bold and styled text."),
])
def test_a_draft_takes_the_text_of_points_never_their_markup(reference, make, body, kept):
    from eventsite.models import PointKind

    make.point(reference, kind=PointKind.statement, title="", body=body)
    db.session.commit()
    text = draft_press_release(reference).body
    assert kept.lower() in text.lower()
    for leftover in ("<script", "javascript:", "<iframe", "alert(", "style=", "**Bold**", "](", "<span"):
        assert leftover not in text
