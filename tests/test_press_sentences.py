"""The drafter writes as a press officer does, sentence by sentence, in English and in Russian.

Two records other than the demo (tests/press_fixtures.py): an English round table on a patient
registry (a department within a ministry, a proposal written as a resolution, an unattributed
statement, a month date) and a Russian one at Tomsk State University (Елена Краснова announces a
competition with key dates and is quoted).
"""
from __future__ import annotations

import re

import pytest

from eventsite.models import PointKind, Role, db
from eventsite.press import drafting
from eventsite.press.compose import draft_markdown
from eventsite.press.coverage import coverage
from eventsite.press.drafting import context, draft_press_release
from press_fixtures import HEALTH_QUOTE, KRASNOVA_QUOTE, health_session, technoprom_session, tomsk_session


@pytest.fixture
def health(make):
    return health_session(make)


@pytest.fixture
def tomsk(make):
    return tomsk_session(make)


def point(session, kind: PointKind, title: str = ""):
    return next(p for p in session.live_points if p.kind is kind and (not title or p.title == title))


def paragraphs(session, language=None) -> list[str]:
    return draft_press_release(session, language).body.split("\n\n")


# -- English ---------------------------------------------------------------------------------------------


def test_the_headline_names_the_news(health):
    assert drafting.headline(health) == "Ministry of Health announces registry pilot in three hospitals"


def test_the_lead_is_the_news_with_who_where_and_when(health):
    lead = paragraphs(health)[0]
    assert lead == (
        "At a round table on 20 April 2017 during the Digital Health Siberia Forum 2017 in Tomsk, Anna Petrova, "
        "Deputy Director of the Ministry of Health's Department of Digital Development, announced the registry "
        "pilot in three hospitals. Applications will be accepted until 15 August 2017. The pilot starts in "
        "September 2017.")


def test_a_month_date_without_a_qualifier_is_the_month_not_its_end(health):
    text = draft_press_release(health).body
    assert "in September 2017" in text and "end of September" not in text


def test_a_position_naming_its_organisation_is_not_doubled_and_the_parent_is_named_once(health):
    moderator = health.moderators[0]
    title = drafting.person_title(moderator, "en")
    assert title == "Deputy Director of the Ministry of Health's Department of Digital Development"
    assert "Department of Digital Development of the Department" not in draft_press_release(health).body


def test_an_organisation_with_a_long_parent_name_follows_the_department():
    class Org:
        def __init__(self, name, parent=None):
            self.name, self.parent, self.short_name = name, parent, ""

    department = Org("Department of Social Development and Innovation",
                     Org("Ministry of Economic Development of Russia"))
    assert drafting.organisation_phrase(department) == (
        "the Department of Social Development and Innovation of the Ministry of Economic Development of Russia")


def test_the_quote_is_attributed_by_the_english_convention(health):
    ctx = context(health, "en")
    assert drafting.quote_sentence(point(health, PointKind.quote), ctx) == (
        f"“{HEALTH_QUOTE},” said Anna Petrova, Deputy Director of the Ministry of Health's Department of "
        "Digital Development.")
    # the second time, the surname
    assert drafting.quote_sentence(point(health, PointKind.quote), ctx) == f"“{HEALTH_QUOTE},” said Petrova."


def test_the_quote_is_in_the_second_or_third_paragraph(health):
    assert any(HEALTH_QUOTE in p for p in paragraphs(health)[1:3])


def test_each_persons_full_title_once_then_the_surname(health):
    body = draft_press_release(health).body
    assert body.count("Deputy Director") == 1 and body.count("Chief Executive") == 1
    assert "said Petrova." in body and "Sokolov proposed" in body


def test_a_proposal_written_as_a_resolution_becomes_a_sentence(health):
    sentence = drafting.proposal_sentence(point(health, PointKind.proposal), context(health, "en"))
    assert sentence == ("Dmitry Sokolov, Chief Executive of BioVector, proposed creating an open data format for "
                        "the registry, shared by every hospital of the region.")
    assert "proposed:" not in draft_press_release(health).body


def test_a_decision_keeps_its_own_verb(health):
    sentence = drafting.decision_sentence(point(health, PointKind.decision), context(health, "en"))
    assert sentence == "The participants decided to form a working group of the hospitals and the university."
    assert "agreed:" not in draft_press_release(health).body


@pytest.mark.parametrize("body, expected", [
    ("Form a working group of the hospitals.", "The participants decided to form a working group of the hospitals."),
    ("To publish the registry's format.", "The participants decided to publish the registry's format."),
    ("A joint course for doctors.", "The participants agreed on a joint course for doctors."),
    ("The university will host the registry.", "The participants agreed that the university will host the registry."),
])
def test_a_decision_in_any_form_becomes_a_sentence(health, make, body, expected):
    decision = make.point(health, kind=PointKind.decision, title="", body=body)
    assert drafting.decision_sentence(decision, context(health, "en")) == expected


def test_an_unattributed_statement_is_the_participants(health):
    sentence = drafting.statement_sentence(point(health, PointKind.statement), context(health, "en"))
    assert sentence == "Participants noted that it is necessary to train hospital staff who can read a genome report."


def test_a_statement_with_a_speaker_is_theirs(health, make):
    sokolov = next(p for p in health.participations if p.person.name == "Dmitry Sokolov")
    said = make.point(health, kind=PointKind.statement, speaker=sokolov, body="Hospitals lack analysts.")
    assert drafting.statement_sentence(said, context(health, "en")) == (
        "Dmitry Sokolov, Chief Executive of BioVector, noted that hospitals lack analysts.")


def test_a_statement_that_says_who_said_it_stays_as_recorded(health):
    topic = point(health, PointKind.topic)
    assert drafting.topic_sentence(topic, context(health, "en")) == topic.body


def test_no_paragraph_speaks_in_the_press_offices_voice(health):
    for paragraph in paragraphs(health):
        assert not paragraph.startswith(("It is necessary", "Create ", "The participants agreed:"))


def test_action_items_stay_out_of_the_release(health):
    assert "Circulate a first draft" not in draft_press_release(health).body


def test_a_record_without_news_keeps_the_plain_lead(make):
    session = make.session(title="Open questions", venue="Hall B")
    make.point(session, kind=PointKind.statement, body="The participants discussed open questions.")
    db.session.commit()
    draft = draft_press_release(session)
    assert draft.headline == f"Open questions. {session.forum.name}."
    assert draft.body.startswith("The round table discussion devoted to “Open questions” was held on 10 June 2016")


# -- Russian ---------------------------------------------------------------------------------------------


def test_a_russian_session_gets_a_russian_release(tomsk):
    draft = draft_press_release(tomsk)
    assert draft.language == "ru"
    assert draft.dateline == "ТОМСК, 20 апреля 2017 г."
    assert draft.headline == "Томский государственный университет объявил о конкурсе совместных научных проектов"
    assert draft.subheadline == "Старт конкурса — в конце мая 2017 г.; приём заявок — до 15 августа 2017 г."


def test_the_russian_lead_is_the_news_in_the_native_script(tomsk):
    assert paragraphs(tomsk)[0] == (
        "20 апреля 2017 г. на круглом столе в рамках Томского инновационного форума в Томске Елена Краснова, "
        "проректор по научной работе Томского государственного университета, объявила о конкурсе совместных "
        "научных проектов. Старт конкурса — в конце мая 2017 г. Приём заявок — до 15 августа 2017 г.")


def test_the_russian_quote_agrees_with_a_woman(tomsk):
    ctx = context(tomsk)
    assert drafting.quote_sentence(point(tomsk, PointKind.quote), ctx) == (
        f"«{KRASNOVA_QUOTE}», — сказала Елена Краснова, проректор по научной работе Томского государственного "
        "университета.")


def test_the_russian_quote_agrees_with_a_man(tomsk, make):
    sokolov = next(p for p in tomsk.participations if p.person.name == "Dmitry Sokolov")
    quoted = make.point(tomsk, kind=PointKind.quote, speaker=sokolov, body="Реестр нужен всем больницам.")
    ctx = context(tomsk)
    ctx.named.add(sokolov.id)
    assert drafting.quote_sentence(quoted, ctx) == "«Реестр нужен всем больницам», — сказал Соколов."


def test_a_quote_of_unknown_gender_needs_no_agreement(tomsk, make):
    guest = make.participation(tomsk, make.person(name="Kim Lee"), role=Role.guest, position="")
    quoted = make.point(tomsk, kind=PointKind.quote, speaker=guest, body="Это важно.")
    sentence = drafting.quote_sentence(quoted, context(tomsk))
    assert sentence == "«Это важно», — по словам Kim Lee."
    assert "(а)" not in sentence


def test_the_russian_quote_is_in_the_second_or_third_paragraph(tomsk):
    assert any(KRASNOVA_QUOTE in p for p in paragraphs(tomsk)[1:3])


def test_a_russian_statement_is_attributed_with_an_agreeing_verb(tomsk):
    ctx = context(tomsk)
    said = point(tomsk, PointKind.statement, "Пилот в больницах")
    assert drafting.statement_sentence(said, ctx) == (
        "Дмитрий Соколов, заместитель директора Департамента цифрового развития Министерства здравоохранения "
        "Российской Федерации, отметил, что пилотный проект цифрового реестра начнётся в больницах Томской "
        "области.")


def test_a_russian_unattributed_statement_is_the_participants(tomsk):
    said = point(tomsk, PointKind.statement, "Доступ к лабораториям")
    assert drafting.statement_sentence(said, context(tomsk)) == (
        "Участники отметили, что необходимо упростить доступ компаний к лабораториям университета.")


def test_a_russian_resolution_becomes_a_decision_of_the_participants(tomsk):
    decision = point(tomsk, PointKind.decision)
    assert drafting.decision_sentence(decision, context(tomsk)) == (
        "Участники решили создать рабочую группу по совместным проектам университета и бизнеса.")


def test_a_russian_proposal_agrees_with_its_speaker(tomsk):
    ctx = context(tomsk)
    ctx.named.update(p.id for p in tomsk.participations)
    assert drafting.proposal_sentence(point(tomsk, PointKind.proposal), ctx) == (
        "Соколов предложил создать открытый реестр совместных проектов.")


def test_a_russian_position_is_lower_case_after_the_name_with_the_organisation_in_the_genitive(tomsk):
    krasnova = tomsk.moderators[0]
    assert drafting.person_title(krasnova, "ru") == "проректор по научной работе Томского государственного университета"


def test_a_russian_position_naming_its_department_adds_the_ministry_once(tomsk):
    sokolov = next(p for p in tomsk.participations if p.person.name == "Dmitry Sokolov")
    assert drafting.person_title(sokolov, "ru") == (
        "заместитель директора Департамента цифрового развития Министерства здравоохранения Российской Федерации")


def test_the_russian_framing_names_the_moderator_by_surname_after_the_lead(tomsk):
    framing = next(p for p in paragraphs(tomsk) if p.startswith("Модератором"))
    assert framing.startswith("Модератором круглого стола «Наука и бизнес: совместные проекты» выступила Краснова.")
    assert "В обсуждении приняли участие представители индустриальных партнёров и учёные университета." in framing


def test_the_russian_release_never_hedges_a_verb_or_uses_english_quotes(tomsk):
    text = draft_markdown(tomsk)
    assert not re.search(r"\w\(а\)|\(а\)", text)
    assert "“" not in text and "\"" not in text
    assert "**О Томском инновационном форуме**" in text and "**Контакты для прессы:**" in text
    assert "**ТОМСК, 20 апреля 2017 г.** — 20 апреля 2017 г. на круглом столе" in text


def test_the_release_language_can_be_asked_for(tomsk, make):
    english = draft_press_release(technoprom_session(make), "ru")
    assert english.language == "ru" and "Артём Шадрин" in english.body and "сказал Шадрин" in english.body


# -- the coverage panel on its own drafts ------------------------------------------------------------------


@pytest.mark.parametrize("build", [technoprom_session, health_session, tomsk_session])
def test_a_fresh_draft_covers_everything_it_drafts(make, build):
    session = build(make)
    draft = draft_press_release(session)
    result = coverage(session, "\n\n".join([draft.headline, draft.subheadline, draft.dateline, draft.body]))
    assert [(p.kind, p.status, p.missing) for p in result.dropped_points] == []
    assert result.dropped_key_dates == [] and result.warnings == []


def test_the_russian_panel_offers_russian_sentences(tomsk):
    result = coverage(tomsk, "")
    assert {d.sentence for d in result.key_dates} == {"Старт конкурса — в конце мая 2017 г.",
                                                     "Приём заявок — до 15 августа 2017 г."}


def _without_the_announcement(session):
    from eventsite.models.base import utcnow

    point(session, PointKind.announcement).deleted_at = utcnow()
    db.session.commit()
    db.session.expire(session)


def test_a_decision_heads_the_release_when_nothing_has_dates(health):
    _without_the_announcement(health)
    assert drafting.headline(health) == (
        "Digital Health Siberia 2017 round table decides to form a working group of the hospitals and the university")
    assert paragraphs(health)[0].startswith(
        "At a round table on 20 April 2017 during the Digital Health Siberia Forum 2017 in Tomsk, the participants "
        "decided to form a working group")


def test_a_russian_decision_heads_the_release_when_nothing_has_dates(tomsk):
    _without_the_announcement(tomsk)
    assert drafting.headline(tomsk) == (
        "Участники круглого стола решили создать рабочую группу по совместным проектам университета и бизнеса")


def test_a_proposal_heads_the_release_in_the_present_tense(health):
    _without_the_announcement(health)
    point(health, PointKind.decision).deleted_at = point(health, PointKind.proposal).created_at
    db.session.commit()
    db.session.expire(health)
    assert drafting.headline(health) == (
        "Dmitry Sokolov proposes creating an open data format for the registry, shared by every hospital of the "
        "region")
