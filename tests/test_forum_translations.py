"""A forum's texts in another language: a Russian session of a forum recorded in English names the forum
in Russian in its minutes, agenda, press release and calendar event, once the forum's Russian texts are
given (Forum.text_in); until then, and in its English sessions, the forum's own texts."""
from __future__ import annotations

import json
import subprocess
from datetime import datetime

import pytest

from eventsite.bundles.exporter import export_bundle
from eventsite.bundles.importer import import_bundle
from eventsite.minutes.compose import compose_minutes
from eventsite.minutes.documents import minutes_pdf
from eventsite.models import Forum, db
from eventsite.press import workflow
from eventsite.press.documents import press_release_pdf
from eventsite.reading.calendar import calendar_feed
from press_fixtures import TOMSK, tomsk_session

RUSSIAN = {
    "name": "Томский инновационный форум",
    "title": "Томский инновационный форум INNOVUS",
    "city": "Томск",
    "country": "Россия",
    "about": "Форум ежегодно собирает учёных, промышленников и власти региона.",
    "press_contact_name": "Пресс-служба форума",
}


@pytest.fixture
def russian_session_of_an_english_forum(make):
    """The Russian round table of tests/press_fixtures.py, at a forum whose own texts are English."""
    session = tomsk_session(make)
    forum = session.forum
    forum.language, forum.name, forum.title = "en", "Tomsk Innovation Forum", "INNOVUS Tomsk Innovation Forum"
    forum.city, forum.country, forum.press_contact_name = "Tomsk", "Russia", "Forum press office"
    forum.about = "The forum brings together the region's scientists, industry and government every year."
    forum.translations = {"ru": dict(RUSSIAN)}
    db.session.commit()
    return session


def _pdftotext(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(text.replace("\u00ad", "").split())


def _draft(runner, session) -> str:
    result = runner.invoke(args=["draft-press-release", session.forum.slug, session.slug])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_russian_release_names_the_forum_by_its_russian_texts(russian_session_of_an_english_forum, runner):
    draft = _draft(runner, russian_session_of_an_english_forum)
    assert "**ТОМСК, 20 апреля 2017 г.**" in draft
    assert "в рамках Томского инновационного форума INNOVUS в Томске" in draft
    assert "**О Томском инновационном форуме**" in draft
    assert RUSSIAN["about"] in draft and "Пресс-служба форума" in draft
    for english in ("TOMSK", "Tomsk", "Innovation Forum", "brings together", "Forum press office"):
        assert english not in draft


def test_without_russian_texts_the_release_falls_back_to_the_forums_own(russian_session_of_an_english_forum,
                                                                         runner):
    russian_session_of_an_english_forum.forum.translations = {}
    db.session.commit()
    draft = _draft(runner, russian_session_of_an_english_forum)
    assert "**TOMSK, 20 апреля 2017 г.**" in draft
    assert "в рамках форума «INNOVUS Tomsk Innovation Forum»" in draft


def test_an_english_session_of_the_same_forum_keeps_the_english_texts(russian_session_of_an_english_forum,
                                                                        make, runner):
    forum = russian_session_of_an_english_forum.forum
    english = make.session(forum=forum, slug="science-and-business", title="Science and business", language="en",
                           starts_at=datetime(2017, 4, 20, 15, 0, tzinfo=TOMSK),
                           ends_at=datetime(2017, 4, 20, 16, 0, tzinfo=TOMSK))
    db.session.commit()
    draft = _draft(runner, english)
    assert "**TOMSK, 20 April 2017**" in draft and "About Tomsk Innovation Forum" in draft
    assert "Томск" not in draft and "Пресс-служба" not in draft


def test_the_russian_release_pdf_and_its_letterhead_check_use_the_russian_texts(
        russian_session_of_an_english_forum, users, tmp_path):
    release = workflow.create_press_release(russian_session_of_an_english_forum, users["press"])
    db.session.commit()
    text = _pdftotext(press_release_pdf(release), tmp_path)
    assert "ТОМСК, 20 апреля 2017 г." in text and "Пресс-служба форума" in text
    assert "TOMSK" not in text
    # a placeholder in the Russian contact holds the Russian release back, whatever the English one says
    russian_session_of_an_english_forum.forum.translations = {"ru": {**RUSSIAN, "press_contact_name": "TBD"}}
    db.session.commit()
    assert any("placeholder" in problem for problem in workflow.release_problems(release))


def test_the_minutes_and_the_calendar_name_the_forum_in_the_sessions_language(
        russian_session_of_an_english_forum, tmp_path):
    session = russian_session_of_an_english_forum
    record = compose_minutes(session)
    assert record["forum"]["title"] == RUSSIAN["title"]
    text = _pdftotext(minutes_pdf(session, record, live=True).render(), tmp_path)
    assert RUSSIAN["title"] in text and "INNOVUS Tomsk" not in text
    feed = calendar_feed("Forum", [session], lambda s: "https://example.org/s", "example.org").decode()
    assert "Томский инновационный форум" in " ".join(line.strip() for line in feed.replace("\r\n ", "").splitlines())


def test_the_forum_form_shows_saves_and_keeps_the_other_languages_texts(client, auth, users, make):
    auth.login_as("organiser")
    forum = make.forum(slug="tp", language="en", translations={"ru": {"city": "Новосибирск"}, "de": {"city": "X"}})
    db.session.commit()
    page = client.get("/forums/tp/edit").text
    assert "For documents in another language: Russian" in page and 'value="Новосибирск"' in page
    form = {"slug": "tp", "name": forum.name, "title": forum.title, "city": "Novosibirsk", "country": "Russia",
            "starts_on": "2016-06-09", "ends_on": "2016-06-10", "timezone": "Asia/Novosibirsk", "language": "en",
            "about": "About.", "press_contact_name": "Press", "press_contact_email": "press@example.org",
            "press_contact_phone": "+7 1", "version": 1,
            "in_ru-name": "Технопром", "in_ru-city": "Новосибирск", "in_ru-country": "", "in_ru-title": " "}
    response = client.post("/forums/tp/edit", data=form, follow_redirects=True)
    assert response.status_code == 200 and "Saved the forum" in response.text
    db.session.refresh(forum)
    # empty texts are not kept (the forum's own stand in); a language the form did not show is kept as it was
    assert forum.translations == {"ru": {"name": "Технопром", "city": "Новосибирск"}, "de": {"city": "X"}}
    russian = client.get("/forums/tp/edit", headers={"Accept-Language": "ru"}).text
    assert "Для документов на другом языке: русский" in russian


def test_a_too_long_russian_text_is_refused_and_nothing_changes(client, auth, users, make):
    auth.login_as("organiser")
    forum = make.forum(slug="tp", language="en")
    db.session.commit()
    form = {"slug": "tp", "name": forum.name, "title": forum.title, "city": "Novosibirsk", "country": "Russia",
            "starts_on": "2016-06-09", "ends_on": "2016-06-10", "timezone": "Asia/Novosibirsk", "language": "en",
            "version": 1, "in_ru-city": "Н" * 121}
    response = client.post("/forums/tp/edit", data=form)
    assert response.status_code == 422
    db.session.refresh(forum)
    assert forum.translations == {}


def test_bundles_carry_the_texts_and_refuse_an_unknown_one(russian_session_of_an_english_forum):
    bundle = json.loads(json.dumps(export_bundle(russian_session_of_an_english_forum.forum)))
    assert bundle["forum"]["translations"] == {"ru": RUSSIAN}
    bundle["forum"]["slug"] = "copy"
    bundle["forum"]["translations"]["ru"]["city"] = None  # null is "absent", as everywhere in a bundle
    import_bundle(bundle)
    db.session.commit()
    copy = db.session.execute(db.select(Forum).filter_by(slug="copy")).scalar_one()
    assert copy.translations["ru"]["name"] == RUSSIAN["name"] and "city" not in copy.translations["ru"]
    assert copy.text_in("ru").city == "Tomsk"
    bundle["forum"]["translations"]["ru"]["motto"] = "Вперёд"
    from eventsite.bundles.validate import validate_bundle
    assert any("forum.translations.ru" in str(problem) for problem in validate_bundle(bundle))
