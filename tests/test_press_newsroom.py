"""The newsroom lists released press releases newest first, paginated, and as a valid Atom feed."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import feedparser
import pytest

from eventsite.models import Visibility, db
from eventsite.press import workflow
from queue_fixtures import idle_queue, idle_queue_app_config, redis_url  # noqa: F401 (fixtures: app_config)

A = "{http://www.w3.org/2005/Atom}"


def _published(make, users, headline, days_ago, visibility=Visibility.public):
    session = make.session(visibility=visibility)
    release = workflow.create_press_release(session, users["press"])
    release.headline = headline
    workflow.approve_press_release(release, users["press"])
    workflow.publish_press_release(release, users["press"])
    release.published_at = datetime.now(timezone.utc) - timedelta(days=days_ago)
    db.session.commit()
    return release


@pytest.fixture
def releases(make, users):
    return [_published(make, users, "Older <news> & more", 3), _published(make, users, "Newest news", 1)]


def test_the_feed_parses_as_atom_with_the_required_elements(client, releases):
    response = client.get("/newsroom.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        assert feed.find(f"{A}{name}").text
    assert feed.find(f"{A}link[@rel='self']").get("href").endswith("/newsroom.atom")
    entries = feed.findall(f"{A}entry")
    assert [e.find(f"{A}title").text for e in entries] == ["Newest news", "Older <news> & more"]
    for entry in entries:
        for name in ("id", "title", "updated", "published"):
            assert entry.find(f"{A}{name}").text
        assert entry.find(f"{A}author/{A}name").text
        assert "/newsroom/" in entry.find(f"{A}link[@rel='alternate']").get("href")
        assert entry.find(f"{A}content").get("type") == "html"
        assert "<p>" in entry.find(f"{A}content").text
    assert entries[0].find(f"{A}id").text.startswith("tag:")


def test_the_newsroom_lists_newest_first_with_page_and_pdf(client, releases):
    page = client.get("/newsroom").get_data(as_text=True)
    assert page.index("Newest news") < page.index("Older &lt;news&gt; &amp; more")
    assert f"/newsroom/{releases[1].id}-newest-news" in page and f"/newsroom/{releases[1].id}.pdf" in page


def test_the_newsroom_is_paginated(client, app, releases):
    app.config["PER_PAGE"] = 1
    first, second = client.get("/newsroom").get_data(as_text=True), client.get("/newsroom?page=2").get_data(as_text=True)
    assert "Newest news" in first and "Older &lt;news&gt;" not in first
    assert "Older &lt;news&gt;" in second and "Page 2 of 2" in second


def test_anonymous_readers_see_only_public_sessions_releases(client, make, users, releases):
    _published(make, users, "Internal matter", 0, visibility=Visibility.internal)
    assert "Internal matter" not in client.get("/newsroom").get_data(as_text=True)
    assert "Internal matter" not in client.get("/newsroom.atom").get_data(as_text=True)


def test_an_old_slug_redirects_to_the_stable_page(client, releases):
    response = client.get(f"/newsroom/{releases[1].id}-old-headline")
    assert response.status_code == 301 and response.headers["Location"].endswith(f"/newsroom/{releases[1].id}-newest-news")


def test_a_russian_headline_is_transliterated_in_the_address(client, make, users):
    release = _published(make, users, "Круглый стол «Векторы развития»: итоги", 2)
    page = client.get("/newsroom").get_data(as_text=True)
    assert f"/newsroom/{release.id}-kruglyi-stol-vektory-razvitiia-itogi" in page
    assert client.get(f"/newsroom/{release.id}-kruglyi-stol-vektory-razvitiia-itogi").status_code == 200


def test_the_newsroom_is_linked_from_the_navigation(client):
    assert 'href="/newsroom"' in client.get("/").get_data(as_text=True)


def test_a_release_imported_as_published_without_a_publication_time_is_listed(client, make):
    from eventsite.models import DocumentStatus, PressRelease

    session = make.session()
    db.session.add(PressRelease(session=session, headline="From a bundle", body="Text.", language="en",
                                status=DocumentStatus.published, embargo_until=None))
    db.session.commit()
    assert "From a bundle" in client.get("/newsroom").get_data(as_text=True)
    assert "From a bundle" in client.get("/newsroom.atom").get_data(as_text=True)
    assert "From a bundle" in client.get(f"/forums/{session.forum.slug}/{session.slug}/press-release").get_data(as_text=True)


CONTROLS = "\x01\x1b\x0b\x00"


def test_control_characters_already_stored_leave_the_feed_well_formed(client, make, users):
    # stored before input was cleaned (an old import): the feed cleans them again on the way out
    release = _published(make, users, f"Cluster{CONTROLS} news", 0)
    release.body = f"The body{CONTROLS} of the release."
    release.subheadline = f"IT{CONTROLS} and BIO"
    release.session.forum.press_contact_name = f"Forum{CONTROLS} Press Office"
    db.session.commit()
    feed = feedparser.parse(client.get("/newsroom.atom").data)
    assert not feed.bozo, feed.get("bozo_exception")
    [entry] = feed.entries
    assert (entry.title, entry.summary, entry.author_detail.name) == ("Cluster news", "IT and BIO", "Forum Press Office")
    # the whole release as its page shows it, the dateline run into the lead paragraph
    assert "The body of the release.</p>" in entry.content[0].value


@pytest.mark.parametrize("app_config", [{"BASE_URL": "https://events.example.org/"}])
def test_feed_links_come_from_the_configured_address_not_the_host_header(client, releases):
    data = client.get("/newsroom.atom", headers={"Host": "attacker.example"}).data
    feed = feedparser.parse(data)
    assert not feed.bozo and b"attacker" not in data
    assert feed.feed.id == "https://events.example.org/newsroom"
    assert [link.href for link in feed.feed.links] == ["https://events.example.org/newsroom.atom",
                                                       "https://events.example.org/newsroom"]
    entry = feed.entries[0]
    assert entry.id == f"tag:events.example.org,{releases[1].created_at:%Y-%m-%d}:press-release/{releases[1].id}"
    assert {(link.rel, link.href) for link in entry.links} == {
        ("alternate", f"https://events.example.org/newsroom/{releases[1].id}-newest-news"),
        ("enclosure", f"https://events.example.org/newsroom/{releases[1].id}.pdf")}


# --- languages: each entry in its release's language, the newsroom's own words in the reader's


@pytest.fixture
def two_languages(make, users):
    """A Russian session's release and an English one's, published on 10 June 2016."""
    made = {}
    for language, headline in (("ru", "Кластер представил программу"), ("en", "The Cluster presents its programme")):
        forum = make.forum(language=language)
        session = make.session(forum, language=language)
        release = workflow.create_press_release(session, users["press"])
        release.headline = headline
        workflow.approve_press_release(release, users["press"])
        workflow.publish_press_release(release, users["press"])
        release.published_at = datetime(2016, 6, 10, 9, 0, tzinfo=timezone.utc)
        forum.press_contact_name = ""  # removed since: the entry's author is then the forum's press office
        made[language] = release
    db.session.commit()
    return made


def _feed(client, **headers):
    feed = feedparser.parse(client.get("/newsroom.atom", headers=headers).data)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed, {entry.title: entry for entry in feed.entries}


@pytest.mark.parametrize("reader", [{}, {"Accept-Language": "en"}, {"Accept-Language": "ru"}])
def test_each_feed_entry_is_in_its_releases_language_whatever_the_readers(client, two_languages, reader):
    feed, entries = _feed(client, **reader)
    ru, en = entries["Кластер представил программу"], entries["The Cluster presents its programme"]
    assert ru.title_detail.language == "ru" and en.title_detail.language == "en"
    assert ru.content[0].language == "ru" and en.content[0].language == "en"
    assert ru.author_detail.name == f"Пресс-служба форума {two_languages['ru'].session.forum.name}"
    assert en.author_detail.name == f"{two_languages['en'].session.forum.name} press office"
    assert "ДЛЯ НЕМЕДЛЕННОГО РАСПРОСТРАНЕНИЯ" in ru.content[0].value and "FOR IMMEDIATE" not in ru.content[0].value
    assert "FOR IMMEDIATE RELEASE" in en.content[0].value and "ДЛЯ НЕМЕДЛЕННОГО" not in en.content[0].value
    assert ru.published_parsed[:3] == en.published_parsed[:3] == (2016, 6, 10)


def test_the_feeds_own_words_are_english_without_a_reader(client, two_languages):
    feed, _ = _feed(client)
    assert feed.feed.title == "Newsroom — press releases" and feed.feed.author == "eventsite press office"
    assert feed.feed.title_detail.language == "en"


def test_the_feeds_own_words_are_in_the_readers_language(client, two_languages):
    feed, _ = _feed(client, **{"Accept-Language": "ru"})
    assert feed.feed.title == "Пресс-центр — пресс-релизы" and feed.feed.author == "Пресс-служба eventsite"
    assert feed.feed.title_detail.language == "ru"


@pytest.mark.parametrize("reader", ["en", "ru"])
def test_the_newsroom_dates_each_release_in_its_language_inside_a_page_in_the_readers(client, two_languages, reader):
    page = client.get("/newsroom", headers={"Accept-Language": reader}).get_data(as_text=True)
    assert '<html lang="%s"' % reader in page
    assert 'lang="ru">10 июня 2016 г.</time>' in page
    assert 'lang="en">10 June 2016</time>' in page
    assert ("Пресс-релизы о сессиях" in page) == (reader == "ru")
