"""Search finds sessions, people and points, only among what the viewer may see."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from conftest import OLD_FORUM, Factory
from flask_migrate import downgrade, upgrade

from eventsite.models import DiscussionPoint, Visibility, db
from eventsite.models.base import utcnow


def _search(client, q: str, **args):
    response = client.get("/search", query_string={"q": q, **args})
    assert response.status_code == 200
    return response.text


def _results(page: str, kind: str, marks: bool = False) -> str:
    """The results of one kind on the page; without the <mark>s of the matches unless asked."""
    match = re.search(rf'<section class="search-group" aria-labelledby="group-{kind}">(.*?)</section>', page, re.S)
    html = match.group(1) if match else ""
    return html if marks else html.replace("<mark>", "").replace("</mark>", "")


@pytest.fixture
def round_table(make):
    session = make.session(
        title="Round table on clusters", venue="Hall of Innovation",
        summary="How the **bioinformatics** programme of the Ministry will fund regional clusters.",
    )
    shadrin = make.person(name="Artyom Shadrin", native_name="Артём Шадрин")
    make.participation(session, shadrin)
    make.point(session, title="IT in medicine", body="Telemedicine and diagnostics need shared data.")
    db.session.commit()
    return session


def test_finds_a_session_by_a_word_of_its_summary(client, round_table):
    sessions = _results(_search(client, "bioinformatics"), "sessions", marks=True)
    assert "Round table on clusters" in sessions
    assert "<mark>bioinformatics</mark> programme" in sessions  # the Markdown ** are gone


def test_finds_a_session_by_its_venue(client, round_table):
    assert "Round table on clusters" in _results(_search(client, "innovation"), "sessions")


def test_finds_a_person_by_native_name(client, round_table):
    people = _results(_search(client, "Шадрин"), "people")
    assert "Artyom Shadrin" in people
    assert "Round table on clusters" in people  # the session they took part in


def test_native_name_matches_without_regard_to_case_or_yo(client, round_table):
    assert "Artyom Shadrin" in _results(_search(client, "артем"), "people")


def test_the_match_is_marked_whatever_its_accents_case_or_yo(client, make):
    make.session(title="Café Europa ЁЛКИ", summary="Naïve questions at the CAFÉ about ёлки.")
    db.session.commit()
    for query in ("cafe", "café", "CAFE"):
        sessions = _results(_search(client, query), "sessions", marks=True)
        assert "<mark>Café</mark> Europa" in sessions and "<mark>CAFÉ</mark>" in sessions, query
    sessions = _results(_search(client, "елки"), "sessions", marks=True)
    assert "<mark>ЁЛКИ</mark>" in sessions and "<mark>ёлки</mark>" in sessions
    assert "<mark>Naïve</mark>" in _results(_search(client, "naive"), "sessions", marks=True)


def test_finds_a_point_by_a_prefix(client, round_table):
    points = _results(_search(client, "telemed"), "points", marks=True)
    assert "IT in medicine" in points
    assert "<mark>Telemedicine</mark>" in points


def test_words_are_whole_words_first_and_beginnings_only_when_nothing_matches(client, make):
    make.session(title="The art of funding", summary="Arts and crafts.")
    make.session(title="Artificial intelligence in medicine")
    db.session.commit()
    sessions = _results(_search(client, "art"), "sessions", marks=True)
    assert "The <mark>art</mark> of funding" in sessions
    assert "<mark>Arts</mark> and crafts" in sessions  # a form of the word
    assert "Artificial" not in sessions  # another word that begins with it
    assert "Artificial intelligence" in _results(_search(client, "artif"), "sessions")
    # every word of the query is then a beginning, wherever it stands
    assert "Artificial intelligence" in _results(_search(client, "artif medic"), "sessions")
    assert "Artificial intelligence" in _results(_search(client, "medicine artif"), "sessions")
    marked = _results(_search(client, "art medicine"), "sessions", marks=True)  # no session has both words
    assert "<mark>Artificial</mark> intelligence in <mark>medicine</mark>" in marked


def test_what_a_hidden_session_holds_never_changes_how_others_words_are_read(client, auth, users, make):
    """Whole words or beginnings is decided by the results the viewer gets: a session one may not see
    changes no one else's results, so search never tells what it holds."""
    make.session(title="Zeppelinfield plans")
    hidden = make.session(title="Closed table", visibility=Visibility.participants, summary="The zeppelin budget.")
    make.participation(hidden, users["participant"].person)
    db.session.commit()
    assert "Zeppelinfield plans" in _results(_search(client, "zeppelin"), "sessions")
    auth.login_as("participant")  # who may see the word whole
    sessions = _results(_search(client, "zeppelin"), "sessions")
    assert "Closed table" in sessions
    assert "Zeppelinfield plans" not in sessions


def test_every_word_must_match(client, round_table):
    assert "IT in medicine" in _results(_search(client, "shared diagno"), "points")
    assert "IT in medicine" not in _search(client, "shared plenary")


def test_does_not_show_a_restricted_sessions_points_or_people_to_anonymous(client, make):
    session = make.session(title="Closed funding table", visibility=Visibility.participants,
                           summary="Secret zeppelin budget.")
    make.point(session, title="Zeppelin plan", body="The zeppelin gets built.")
    make.participation(session, make.person(name="Hidden Zeppelinov"))
    db.session.commit()
    page = _search(client, "zeppelin")
    assert "Zeppelin plan" not in page
    assert "Closed funding table" not in page
    assert "Hidden Zeppelinov" not in page
    assert "Nothing matches" in page


def test_a_participant_finds_the_points_of_their_restricted_session(client, auth, users, make):
    session = make.session(title="Closed funding table", visibility=Visibility.participants)
    make.participation(session, users["participant"].person)
    make.point(session, title="Zeppelin plan", body="The zeppelin gets built.")
    other = make.session(title="Another closed table", visibility=Visibility.participants)
    make.point(other, title="Zeppelin hangar", body="Where the zeppelin is kept.")
    db.session.commit()
    auth.login_as("participant")
    points = _results(_search(client, "zeppelin"), "points")
    assert "Zeppelin plan" in points
    assert "Zeppelin hangar" not in points


def test_a_participant_finds_fellow_participants_of_their_restricted_session(client, auth, users, make):
    session = make.session(title="Closed funding table", visibility=Visibility.participants)
    make.participation(session, users["participant"].person)
    make.participation(session, make.person(name="Fellow Zeppelinov"))
    db.session.commit()
    auth.login_as("participant")
    assert "Fellow Zeppelinov" in _results(_search(client, "zeppelinov"), "people")


def test_staff_find_internal_sessions(client, auth, make):
    make.session(title="Staff zeppelin briefing", visibility=Visibility.internal)
    db.session.commit()
    auth.login_as("press")
    assert "Staff zeppelin briefing" in _results(_search(client, "zeppelin"), "sessions")


def test_a_deleted_point_is_not_found(client, make):
    session = make.session()
    make.point(session, title="Withdrawn zeppelin remark", deleted_at=utcnow())
    db.session.commit()
    assert "Withdrawn zeppelin remark" not in _search(client, "zeppelin")


def test_an_edit_is_found_after_save(client, round_table):
    point = round_table.live_points[0]
    point.body = "Now about dirigibles instead."
    round_table.title = "Round table on airships"
    db.session.commit()
    assert "IT in medicine" in _results(_search(client, "dirigibles"), "points")
    assert "IT in medicine" not in _search(client, "telemedicine")
    assert "Round table on airships" in _results(_search(client, "airships"), "sessions")


def test_a_deleted_session_leaves_the_index(client, round_table):
    db.session.delete(round_table)
    db.session.commit()
    assert "Round table on clusters" not in _search(client, "bioinformatics")


@pytest.mark.parametrize("query", ['"', "*", "NEAR(", "a OR", "title:x", '"unbalanced', "^", "-", "AND",
                                   "(((", "' OR 1=1 --", "\\", "%", "🙂"])
def test_hostile_queries_do_not_fail(client, round_table, query):
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200


def test_search_syntax_is_searched_as_words(client, make):
    make.session(title="Clusters or networks near Novosibirsk")
    db.session.commit()
    assert "Clusters or networks" in _results(_search(client, 'clusters OR "near('), "sessions")
    assert "Clusters or networks" in _results(_search(client, 'near: {networks} "clusters" NEAR(novosib'), "sessions")
    assert "Nothing matches" in _search(client, "clusters OR plenary")  # OR is a word to find, not syntax


def test_an_empty_query_says_what_to_type(client):
    assert "Type a word from a session’s title" in _search(client, "")


def test_no_match_says_what_to_try(client, round_table):
    page = _search(client, "xylophone")
    assert "Nothing matches “xylophone”" in page
    assert "Try fewer words" in page


def test_results_are_grouped_by_kind_with_a_link_to_all(client, make):
    session = make.session(title="Zeppelin session")
    for n in range(7):
        make.point(session, title=f"Zeppelin point {n}")
    db.session.commit()
    page = _search(client, "zeppelin")
    assert "Zeppelin session" in _results(page, "sessions")
    assert len(re.findall(r"Zeppelin point \d", _results(page, "points"))) == 5
    assert "Show all 7 discussion points" in page


def test_one_kind_is_paginated(app, client, make):
    app.config["PER_PAGE"] = 3
    session = make.session(title="Zeppelin session")
    for n in range(7):
        make.point(session, title=f"Zeppelin point {n}")
    db.session.commit()
    first = _search(client, "zeppelin", kind="points").replace("<mark>", "").replace("</mark>", "")
    last = _search(client, "zeppelin", kind="points", page=3).replace("<mark>", "").replace("</mark>", "")
    assert "Page 1 of 3" in first and len(re.findall(r"Zeppelin point \d", first)) == 3
    assert "Page 3 of 3" in last and len(re.findall(r"Zeppelin point \d", last)) == 1
    assert 'id="group-sessions"' not in first  # only points on this page


def test_a_title_match_ranks_above_a_body_match(client, make):
    session = make.session()
    make.point(session, title="Budget", body="Mentions the zeppelin once.")
    make.point(session, title="Zeppelin", body="About something else.")
    db.session.commit()
    points = _results(_search(client, "zeppelin"), "points")
    assert points.index("Zeppelin</strong>") < points.index("Budget")


def test_html_in_a_snippet_is_escaped(client, make):
    make.session(summary="<b>zeppelin</b> & <script>x</script>")
    db.session.commit()
    sessions = _results(_search(client, "zeppelin"), "sessions", marks=True)
    assert "<script>" not in sessions and "<b>" not in sessions
    assert "&lt;b&gt;<mark>zeppelin</mark>" in sessions


def test_the_search_box_is_on_every_page(client):
    assert 'action="/search"' in client.get("/").text


def test_a_very_common_word_is_counted_up_to_a_cap(app, client, make, monkeypatch):
    monkeypatch.setattr("eventsite.paging.COUNT_CAP", 4)
    session = make.session()
    for n in range(6):
        make.point(session, title=f"Zeppelin point {n}")
    db.session.commit()
    page = _search(client, "zeppelin")
    assert "Discussion points <span class=\"count muted\">(more than 4)</span>" in page
    assert "Show more discussion points" in page


def test_past_the_cap_the_newest_matches_are_listed_and_ranked(app, client, make, monkeypatch):
    # with more matches than the cap, only the newest cap-many are ranked: one page costs the same in a forum
    # of any size, and every page lists what the count counted, in one order, title matches first
    monkeypatch.setattr("eventsite.paging.COUNT_CAP", 4)
    session = make.session()
    make.point(session, title="Zeppelin, the oldest", body="First.")
    for n in range(4):
        make.point(session, title=f"Point {n}", body="Mentions the zeppelin once.")
    make.point(session, title="Zeppelin, the newest", body="Last.")
    db.session.commit()
    points = _results(_search(client, "zeppelin"), "points")
    assert "the oldest" not in points and "Point 0" not in points
    assert points.index("the newest") < points.index("Point 1")
    assert all(f"Point {n}" in points for n in (1, 2, 3))



# --- word forms: Russian and English words are found in any of their forms


@pytest.fixture
def russian_table(make):
    session = make.session(title="Кластер и медицина", venue="Экспоцентр",
                           summary="Круглый стол прошёл в Новосибирск-Экспо.", language="ru")
    make.point(session, title="Медицина будущего", body="Кластер объединяет IT и BIO; city of science.")
    make.participation(session, make.person(name="Artyom Shadrin", native_name="Артём Шадрин"))
    db.session.commit()
    return session


@pytest.mark.parametrize("query", ["кластера", "кластеров", "кластерами", "Кластеры"])
def test_an_inflected_form_finds_the_base_form(client, russian_table, query):
    sessions = _results(_search(client, query), "sessions", marks=True)
    assert "<mark>Кластер</mark> и медицина" in sessions


def test_a_case_form_finds_the_nominative(client, russian_table):
    assert "Медицина будущего" in _results(_search(client, "медицине"), "points")
    assert "Новосибирск-Экспо" in _results(_search(client, "Новосибирске"), "sessions")
    assert "Artyom Shadrin" in _results(_search(client, "Шадрина"), "people")


def test_the_base_form_finds_inflected_forms(client, make):
    session = make.session(title="Программа для кластеров", summary="Форум прошёл в Новосибирске.")
    make.point(session, title="О медицине", body="Поддержка кластерам и телемедицине.")
    db.session.commit()
    assert "Программа для кластеров" in _results(_search(client, "кластер"), "sessions")
    assert "Программа для кластеров" in _results(_search(client, "Новосибирск"), "sessions")
    points = _results(_search(client, "медицина"), "points", marks=True)
    assert "О <mark>медицине</mark>" in points


def test_word_forms_keep_prefixes_and_yo(client, make):
    session = make.session(title="Ёмкость кластеров Новосибирска")
    make.point(session, title="Артём о медицине")
    db.session.commit()
    assert "кластеров Новосибирска" in _results(_search(client, "клас новосиб"), "sessions")
    assert "кластеров Новосибирска" in _results(_search(client, "емкость"), "sessions")
    assert "Артём о медицине" in _results(_search(client, "артем медицина"), "points")
    assert "Nothing matches" in _search(client, "кластерный")  # another word, not a form of this one


def test_english_word_forms_are_found_too(client, make):
    make.session(title="A cluster of cities", summary="One city, many clusters.")
    db.session.commit()
    sessions = _results(_search(client, "clusters"), "sessions", marks=True)
    assert "A <mark>cluster</mark> of cities" in sessions
    assert "<mark>clusters</mark>" in sessions
    assert "A cluster of cities" in _results(_search(client, "city"), "sessions")  # cities: the stem, not a prefix
    assert "A cluster of cities" in _results(_search(client, "clust cit"), "sessions")


def test_a_title_in_another_form_still_ranks_above_a_body_match(client, make):
    session = make.session()
    make.point(session, title="Бюджет", body="Упоминает кластеры один раз.")
    make.point(session, title="Кластерам", body="О другом.")
    db.session.commit()
    points = _results(_search(client, "кластер"), "points")
    assert points.index("Кластерам</strong>") < points.index("Бюджет")


def test_a_word_form_is_not_shown_from_a_session_one_may_not_see(client, make):
    hidden = make.session(title="Закрытый стол", visibility=Visibility.participants)
    make.point(hidden, title="Кластеры и дирижабли")
    db.session.commit()
    assert "Кластеры и дирижабли" not in _search(client, "кластеров")


def test_an_edited_point_is_found_by_its_new_words_forms_not_its_old(client, make):
    session = make.session(title="Круглый стол")
    point = make.point(session, title="Тема", body="Говорили о кластерах.")
    db.session.commit()
    assert "Тема" in _results(_search(client, "кластер"), "points")
    point.body = "Говорили о медицине."
    db.session.commit()
    assert "Тема" in _results(_search(client, "медицина"), "points")
    assert "Тема" not in _results(_search(client, "кластеров"), "points")


def test_rows_written_in_bulk_or_by_raw_sql_are_indexed_with_their_forms(client, make):
    session = make.session(title="Круглый стол")
    db.session.execute(sa.insert(DiscussionPoint), [
        dict(session_id=session.id, position=1, kind="statement", title="Массовый импорт", body="О кластерах.",
             tags=[], version=1, created_at=utcnow(), updated_at=utcnow()),
    ])
    db.session.commit()
    assert "Массовый импорт" in _results(_search(client, "кластер"), "points")
    db.session.execute(sa.text("UPDATE discussion_point SET body = 'О медицине.' WHERE title = 'Массовый импорт'"))
    db.session.commit()
    assert "Массовый импорт" in _results(_search(client, "медицина"), "points")
    assert "Массовый импорт" not in _results(_search(client, "кластеров"), "points")
    db.session.execute(sa.text("DELETE FROM discussion_point WHERE title = 'Массовый импорт'"))
    db.session.commit()
    assert "Массовый импорт" not in _search(client, "медицина")
    # and the index holds exactly what its content view computes from the table now (FTS5 raises if not)
    db.session.execute(sa.text("INSERT INTO fts_point(fts_point, rank) VALUES ('integrity-check', 1)"))


def test_a_long_text_is_cut_around_its_match(client, make):
    filler = " ".join(["слово"] * 80)
    make.session(title="Длинный стол", summary=f"{filler} о кластерах {filler}")
    db.session.commit()
    sessions = _results(_search(client, "кластер"), "sessions", marks=True)
    assert re.search(r"…(слово ){2,}о <mark>кластерах</mark>( слово){10,}…", sessions)
    assert sessions.count("слово") < 30


def test_the_migration_indexes_the_word_forms_of_rows_already_there(old_database):
    """0007 rebuilds the index of an existing database; going back to 0006 gives its index back."""
    app = old_database
    upgrade(revision="0006")
    now = "2016-06-10 07:00:00"
    db.session.execute(sa.text(OLD_FORUM), {"now": now})
    db.session.execute(sa.text(
        "INSERT INTO forum_session (forum_id, slug, kind, title, starts_at, ends_at, venue, language, visibility,"
        " summary, version, created_at, updated_at) VALUES (1, 's', 'round_table', 'Стол о кластерах',"
        " '2016-06-10 07:00:00', '2016-06-10 09:00:00', '', 'ru', 'public', 'В Новосибирске.', 1, :now, :now)"),
        {"now": now})
    db.session.commit()
    upgrade()
    client = app.test_client()
    assert "Стол о кластерах" in _results(_search(client, "кластер новосибирск"), "sessions")
    downgrade(revision="0006")
    # 0006's index again: words as written, by prefix, and no stems
    found = "SELECT count(*) FROM fts_session WHERE fts_session MATCH :q"
    assert db.session.execute(sa.text(found), {"q": '"класт"* "новосибирске"'}).scalar_one() == 1
    assert db.session.execute(sa.text(found), {"q": '"кластер" "новосибирск"'}).scalar_one() == 0


# --- dictionary forms: what Snowball's rules keep apart, pymorphy3's dictionary joins (query side only)


@pytest.fixture
def named_table(make):
    """Names whose Snowball stems differ between cases: «Артём» → «арт», «Артёма» → «артем»."""
    forum = make.forum(name="Технопром-2018", language="ru")
    session = make.session(forum, title="Итоги форума Технопром", language="ru",
                           summary="Модератор — Лев Гуревич.")
    make.participation(session, make.person(name="Artyom Kuzmin", native_name="Артём Кузьмин"))
    make.point(session, title="Слово модератора", body="Артём открыл стол, Технопром продолжится.")
    db.session.commit()
    return session


@pytest.mark.parametrize("query", ["Артема", "Артёма", "артёмом", "Артему"])
def test_a_name_in_another_case_finds_the_name(client, named_table, query):
    assert "Artyom Kuzmin" in _results(_search(client, query), "people")
    points = _results(_search(client, query), "points", marks=True)
    assert "<mark>Артём</mark> открыл стол" in points


@pytest.mark.parametrize("query", ["Технопрома", "технопромом", "Технопроме"])
def test_an_organisations_name_in_another_case_finds_it(client, named_table, query):
    sessions = _results(_search(client, query), "sessions", marks=True)
    assert "Итоги форума <mark>Технопром</mark>" in sessions


def test_a_word_whose_forms_change_their_root_is_found(client, named_table):
    # «Льва» and «Лев» share no stem and no prefix; only the dictionary knows they are one name
    assert "Итоги форума Технопром" in _results(_search(client, "Льва Гуревича"), "sessions")


def test_dictionary_forms_keep_prefixes_yo_and_every_word_must_match(client, named_table):
    assert "Artyom Kuzmin" in _results(_search(client, "артем кузьм"), "people")
    assert "Artyom Kuzmin" in _results(_search(client, "Артёма Кузьмина"), "people")
    assert "Artyom Kuzmin" not in _results(_search(client, "Артёма Шадрина"), "people")


def test_dictionary_forms_do_not_show_what_one_may_not_see(client, make):
    hidden = make.session(title="Закрытый Технопром", visibility=Visibility.participants)
    make.participation(hidden, make.person(name="Hidden Artyom", native_name="Артём Скрытный"))
    db.session.commit()
    page = _search(client, "Технопрома")
    assert "Закрытый Технопром" not in page
    assert "Hidden Artyom" not in _search(client, "Артёма")


def test_a_word_asks_for_a_bounded_number_of_forms():
    from eventsite.search.word_forms import MAX_FORMS, other_forms

    assert "артем" in other_forms("Артёма")  # «Артём», folded: its stem is «арт»
    assert len(other_forms("шли")) <= MAX_FORMS  # a verb has dozens of forms
    assert other_forms("clusters") == () and other_forms("кластеров") == ()


def test_past_the_cap_more_of_the_words_in_a_title_rank_higher(app, client, make, monkeypatch):
    # past the cap the candidates are ranked without the database's rank: by how many of the query's words
    # their title holds (by prefix or by form), then newest first
    monkeypatch.setattr("eventsite.paging.COUNT_CAP", 4)
    session = make.session()
    make.point(session, title="Too old to be a candidate", body="Zeppelin hangars.")
    make.point(session, title="Zeppelins and their hangar", body="Both words.")
    make.point(session, title="Zeppelin alone", body="And a hangar.")
    make.point(session, title="Older body match", body="A zeppelin in its hangar.")
    make.point(session, title="Newest body match", body="A zeppelin in its hangar.")
    db.session.commit()
    points = _results(_search(client, "zeppelin hangars"), "points")
    assert "Too old" not in points
    assert (points.index("their hangar") < points.index("alone") < points.index("Newest body")
            < points.index("Older body"))


@pytest.mark.parametrize("title, query, held", [
    ("Zeppelins and their hangar", "zeppelin hangars", 2),
    ("A hangar, not a zeppelinhangar", "zeppelin hangars", 1),  # whole words; as beginnings, 2
    ("Кластеры Новосибирска и медицина", "кластер медицине", 2),
    ("Артём Шадрин о кластере", "Артёма", 1),
    ("Ёлки и кластер", "елки", 1),
    ("Zéppelin über dem Hangar", "zeppelin hangar", 2),  # letters with marks read plain, as the index reads them
    ("Café CAFÉ", "cafe", 1),
    ("snake_case_words", "case", 1),  # "_" parts words, as in the index
    ("Restart the cluster", "art cluster", 1),  # a word's beginning, not any part of it
    ("İİİİİİİİ: the cluster", "cluster", 1),  # İ is two letters in lower case: the titles after it still count
    ("a zeppelin-hangar", "hangar", 1),
    ("", "zeppelin", 0),
])
def test_past_the_cap_a_title_holds_the_words_it_matches(title, query, held):
    from types import SimpleNamespace

    from eventsite.search.index import WORD
    from eventsite.search.queries import Matches, _by_title, terms_of

    terms = terms_of(query)
    # among titles holding none and all of the words, before and after it, the newest first
    rows = [SimpleNamespace(first=first) for first in ("Nothing here", title, "Nor here", query, "Nor there")]
    for beginnings in (True, False):
        # as every word of the title, one by one, reads
        every_word = len({k for word in WORD.findall(title) for k, term in enumerate(terms)
                          if Matches([term], beginnings)(word)})
        ranked = [row.first for row in _by_title(rows, terms, beginnings)]
        if every_word == len(terms):
            assert ranked == [title, query, "Nothing here", "Nor here", "Nor there"]
        elif every_word:
            assert ranked == [query, title, "Nothing here", "Nor here", "Nor there"]
        else:
            assert ranked == [query, "Nothing here", title, "Nor here", "Nor there"]
    assert every_word == held


def test_every_letter_that_loses_its_marks_takes_the_word_by_word_reading():
    # a title is searched for the query words' beginnings read as fold(title).lower(), which is how the
    # index reads it only when no letter of it decomposes to an ASCII one (é → e): those go word by word
    import sys
    import unicodedata

    from eventsite.search.queries import _LOSES_MARKS

    missing = [hex(c) for c in range(0x80, sys.maxunicode + 1)
               if unicodedata.normalize("NFD", chr(c))[0].isascii() and not _LOSES_MARKS.match(chr(c))]
    assert missing == []
