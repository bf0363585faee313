"""The Technoprom-2016 demo: the round table of the reference press release, loadable twice, with demo accounts."""
from __future__ import annotations

import html
import os

import sqlalchemy as sa

from eventsite.models import (
    DatePrecision, Forum, ForumSession, Minutes, Organisation, PointKind, User, db,
)

SESSION_URL = "/forums/technoprom-2016/innovation-cluster-vectors-of-development/"
QUOTE = (
    "We want to raise the bar of an immensity of projects: we should not reproduce the actual model but to create "
    "the new one. That's new niche markets, new products and services to export, and a new understanding of the "
    "clusters' role in the economy"
)


def row_counts() -> dict[str, int]:
    return {
        table.name: db.session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        for table in db.metadata.sorted_tables
    }


def load_demo(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result


ROUND_TABLE = "innovation-cluster-vectors-of-development"


def demo_session() -> ForumSession:
    """The round table of the reference text (the demo's other session is the Russian one)."""
    return db.session.execute(
        db.select(ForumSession).join(Forum).where(Forum.slug == "technoprom-2016", ForumSession.slug == ROUND_TABLE)
    ).scalar_one()


def test_demo_loads_twice_without_duplicates(app, runner):
    first = load_demo(runner)
    after_first = row_counts()

    second = load_demo(runner)

    assert row_counts() == after_first
    assert "created: 1 forum" in first.output
    assert "imported forum technoprom-2016: already up to date" in second.output
    assert after_first["forum"] == 1 and after_first["forum_session"] == 2 and after_first["person"] == 2


def test_demo_prints_an_account_for_every_role_and_the_same_passwords_every_time(app, runner):
    first = load_demo(runner).output
    second = load_demo(runner).output

    assert "Demo accounts, for trying eventsite only" in first
    lines = [line.split() for line in first.splitlines() if "@demo.eventsite" in line]
    assert [(role, email) for role, email, _ in lines] == [
        ("admin", "admin@demo.eventsite"), ("organiser", "organiser@demo.eventsite"),
        ("press", "press@demo.eventsite"), ("participant", "participant@demo.eventsite"),
    ]
    for role, email, password in lines:
        user = db.session.execute(db.select(User).filter_by(email=email)).scalar_one()
        assert user.role.value == role and user.check_password(password)
        assert password in second


def test_demo_passwords_are_kept_in_the_instance_folder_readable_by_the_owner_only(app, runner):
    output = load_demo(runner).output

    path = os.path.join(app.instance_path, "demo-accounts.txt")
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    kept = open(path, encoding="utf-8").read()
    for line in output.splitlines():
        if "@demo.eventsite" in line:
            role, email, password = line.split()
            assert f"{role} {email} {password}" in kept


def test_demo_participant_account_is_artyom_shadrin(app, runner):
    load_demo(runner)

    user = db.session.execute(db.select(User).filter_by(email="participant@demo.eventsite")).scalar_one()

    assert user.person.name == "Artyom Shadrin"


def test_demo_forum_is_technoprom_2016(app, runner):
    load_demo(runner)

    forum = db.session.execute(db.select(Forum).filter_by(slug="technoprom-2016")).scalar_one()

    assert forum.title == "IV International Forum of Technological Development Technoprom-2016"
    assert (forum.city, forum.country, forum.timezone) == ("Novosibirsk", "Russia", "Asia/Novosibirsk")
    assert (str(forum.starts_on), str(forum.ends_on)) == ("2016-06-09", "2016-06-10")
    assert "placeholder" in forum.press_contact_name.lower() and "placeholder" in forum.press_contact_phone


def test_demo_moderator_is_shadrin_with_his_position_at_the_ministry(app, runner):
    load_demo(runner)
    session = demo_session()

    (moderator,) = session.moderators

    assert moderator.person.name == "Artyom Shadrin" and moderator.person.native_name == "Артём Шадрин"
    assert moderator.position == "Director of the Department of Social Development and Innovation"
    assert moderator.organisation.name == "Ministry of Economic Development of Russia"
    assert moderator.attendance.value == "attended"
    department = db.session.execute(
        db.select(Organisation).filter_by(name="Department of Social Development and Innovation")
    ).scalar_one()
    assert department.parent is moderator.organisation


def test_demo_round_table_is_on_10_june_2016_with_placeholders_that_say_so(app, runner):
    load_demo(runner)
    session = demo_session()

    assert session.kind.value == "round_table" and session.visibility.value == "public"
    assert session.title == ("Innovation Cluster of Informational and Biopharmaceutical Technologies of "
                             "Novosibirsk region: vectors of development")
    assert session.local_start.date().isoformat() == "2016-06-10"
    assert "placeholder" in session.venue


def test_demo_has_the_three_participant_groups(app, runner):
    load_demo(runner)

    assert [g.name for g in demo_session().groups] == [
        "representatives of the IT and BIO branches of the Cluster",
        "state offices",
        "business interested in cooperation within the Cluster structure",
    ]


def test_demo_points_record_what_the_text_says_in_order(app, runner):
    load_demo(runner)

    points = demo_session().live_points

    assert [p.kind.value for p in points] == ["topic", "statement", "statement", "topic", "announcement", "quote"]
    assert "strengthening of cooperation between its two branches, IT and biopharmaceutical" in points[0].body
    assert "Common projects of IT specialists and biotechnologists" in points[0].body
    assert "experience of packing and realisation of cooperation IT-Bio projects" in points[1].body
    for words in ("telemedicine", "personalized medicine", "smart medicine and diagnostics",
                  "new complex up-to-date approaches"):
        assert words in points[2].body
    assert "Bioinformatics" in points[3].body
    assert "2.0 model" in points[4].body and "support and financing capabilities from other sources" in points[4].body
    assert not [p for p in points if p.kind is PointKind.action]


def test_demo_announcement_has_the_two_key_dates_with_their_precision(app, runner):
    load_demo(runner)

    (announcement,) = [p for p in demo_session().live_points if p.kind is PointKind.announcement]

    assert announcement.speaker.person.name == "Artyom Shadrin"
    assert [(k.label, k.iso, k.precision) for k in announcement.key_dates] == [
        ("Competition announced", "2016-07", DatePrecision.month),
        ("Programmes accepted until", "2016-09-26", DatePrecision.day),
    ]


def test_demo_quote_is_word_for_word(app, runner):
    load_demo(runner)

    (quote,) = [p for p in demo_session().live_points if p.kind is PointKind.quote]

    assert quote.body == QUOTE
    assert quote.speaker.person.name == "Artyom Shadrin"


def test_demo_minutes_are_published_with_a_summary(app, runner):
    load_demo(runner)

    minutes = db.session.execute(db.select(Minutes).filter_by(session_id=demo_session().id)).scalar_one()

    assert minutes.status.value == "published" and "26 September 2016" in minutes.summary
    assert [r.number for r in minutes.revisions] == [1]


def test_demo_session_page_shows_the_record(app, runner, client):
    load_demo(runner)

    forum_page = client.get("/forums/technoprom-2016/")
    page = client.get(SESSION_URL)

    assert forum_page.status_code == 200
    assert "vectors of development" in forum_page.get_data(as_text=True)
    text = html.unescape(page.get_data(as_text=True))
    assert page.status_code == 200
    assert "Artyom Shadrin" in text and "Director of the Department of Social Development and Innovation" in text
    assert "state offices" in text and QUOTE in text
    assert "July 2016" in text and "26 September 2016" in text


def test_export_of_the_demo_gives_back_the_packaged_file_and_then_itself_byte_for_byte(app, runner, tmp_path,
                                                                                       migrated_db):
    import json
    from importlib import resources

    from bundle_fixtures import differences, fresh_installation

    load_demo(runner)
    target = tmp_path / "export.json"

    runner.invoke(args=["export-bundle", "technoprom-2016", "-o", str(target)])

    packaged = resources.files("eventsite").joinpath("demo", "technoprom-2016.json").read_text(encoding="utf-8")
    exported = target.read_text(encoding="utf-8")
    # every key and value of the packaged file, and the history the import kept (one revision of the minutes)
    assert differences(json.loads(exported), json.loads(packaged)) == []
    assert [r["reason"] for r in json.loads(exported)["sessions"][0]["minutes"]["revisions"]] == [
        "imported from a bundle"]
    with fresh_installation(tmp_path, migrated_db) as fresh:
        fresh_runner = fresh.test_cli_runner()
        assert fresh_runner.invoke(args=["import-bundle", str(target)]).exit_code == 0
        again = tmp_path / "again.json"
        fresh_runner.invoke(args=["export-bundle", "technoprom-2016", "-o", str(again)])
    assert again.read_text(encoding="utf-8") == exported


def test_the_demo_has_a_russian_session_whose_minutes_are_russian(app, runner, client):
    load_demo(runner)
    session = db.session.execute(db.select(ForumSession).filter_by(slug="demo-russian-session")).scalar_one()
    assert session.language == "ru"
    page = client.get("/forums/technoprom-2016/demo-russian-session/").get_data(as_text=True)
    assert "Цифровая медицина" in page and "заглушка" in page and "в конце июля 2016 г." in page
    # the name in the session's script first
    assert '<strong lang="ru">Иван Иванов</strong> <span lang="en" class="muted">(Ivan Ivanov)</span>' in page
