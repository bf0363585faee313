"""Minutes are composed from the session's record, in the form of formal minutes."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from eventsite.dates import phrase_key_date
from eventsite.minutes.compose import compose_minutes, minutes_text
from eventsite.minutes.workflow import approve, ensure_minutes
from eventsite.models import DatePrecision, MonthPart, Role, db


@pytest.mark.parametrize("label, day, precision, qualifier, phrase", [
    ("Programmes accepted until", date(2016, 9, 26), "day", None, "until 26 September 2016"),
    ("Competition announced", date(2016, 7, 1), "month", "end", "at the end of July 2016"),
    ("Reports due by", date(2016, 7, 1), "month", "end", "by the end of July 2016"),
    ("Kick-off meeting", date(2016, 6, 10), "day", None, "on 10 June 2016"),
    ("Registry pilot starts", date(2017, 5, 1), "month", None, "in May 2017"),
    ("Applications by", date(2017, 5, 1), "month", None, "by May 2017"),
    ("Call opens", date(2017, 5, 1), "month", "early", "in early May 2017"),
    ("Results until", date(2017, 5, 1), "month", "mid", "until mid-May 2017"),
])
def test_key_dates_are_written_as_people_write_them(label, day, precision, qualifier, phrase):
    key_date = SimpleNamespace(label=label, date=day, precision=DatePrecision(precision),
                               qualifier=MonthPart(qualifier) if qualifier else None)
    assert phrase_key_date(key_date) == phrase


def test_a_month_reads_as_the_month_and_never_as_its_end_unless_recorded(round_table, make):
    point = round_table.live_points[1]
    make.key_date(point, label="Registry pilot", date=date(2017, 5, 1), precision=DatePrecision.month)
    db.session.commit()
    record = compose_minutes(round_table)
    phrases = [kd["phrase"] for kd in record["announcements"][0]["key_dates"]]
    assert "in May 2017" in phrases
    assert "at the end of July 2016" in phrases
    assert "end of May" not in " ".join(minutes_text(record))


def test_the_header_names_forum_session_time_with_zone_and_venue(round_table):
    record = compose_minutes(round_table)
    assert record["forum"]["title"] == "IV International Forum of Technological Development Technoprom-2016"
    assert record["session"]["kind_label"] == "round table"
    assert record["session"]["title"] == "Innovation Cluster: vectors of development"
    assert record["when"]["text"] == "10 June 2016, 14:00–16:00 (Asia/Novosibirsk, UTC+06:00)"
    assert record["session"]["venue"] == "Expocentre, hall 3"


def test_chair_rapporteur_and_attendance_carry_position_and_organisation_at_the_session(round_table):
    record = compose_minutes(round_table)
    chair, = record["chair"]
    assert chair["name"] == "Artyom Shadrin" and chair["native_name"] == "Артём Шадрин"
    assert chair["affiliation"] == ("Director of the Department of Social Development and Innovation, "
                                    "Ministry of Economic Development of Russia")
    assert [p["name"] for p in record["rapporteurs"]] == ["Olga Rapporteur"]
    assert [p["name"] for p in record["attendance"]["attended"]] == ["Artyom Shadrin", "Olga Rapporteur"]
    assert [p["name"] for p in record["attendance"]["excused"]] == ["Ivan Excused"]
    assert [p["name"] for p in record["attendance"]["absent"]] == ["Pyotr Absent"]
    assert record["groups"] == ["representatives of the IT and BIO branches of the Cluster", "state offices"]


def test_a_later_change_of_job_does_not_change_old_minutes(round_table, make):
    shadrin = round_table.moderators[0].person
    later = make.session(round_table.forum, slug="later")
    make.participation(later, shadrin, role=Role.speaker, position="Deputy Minister")
    db.session.commit()
    assert "Director of the Department" in compose_minutes(round_table)["chair"][0]["affiliation"]
    assert compose_minutes(later)["attendance"]["attended"][0]["position"] == "Deputy Minister"


def test_the_discussion_keeps_its_order_and_speakers(round_table):
    record = compose_minutes(round_table)
    assert [(i["number"], i["kind"]) for i in record["discussion"]] == [
        (1, "topic"), (2, "announcement"), (3, "decision"), (4, "action"), (5, "quote")]
    assert record["discussion"][1]["speaker"]["name"] == "Artyom Shadrin"


def test_decisions_actions_and_key_dates_are_listed(round_table):
    record = compose_minutes(round_table)
    assert [d["title"] for d in record["decisions"]] == ["Joint IT-Bio projects"]
    action, = record["actions"]
    assert (action["title"], action["owner"], action["due"], action["status"]) == (
        "Prepare the cluster programme", "Ministry of Economic Development of Russia", "26 September 2016", "Open")
    phrases = [(kd["what"], kd["phrase"]) for kd in record["announcements"][0]["key_dates"]]
    assert phrases == [("Competition announced", "at the end of July 2016"),
                       ("Programmes accepted", "until 26 September 2016")]


def test_deleted_points_are_left_out(round_table):
    from eventsite.models.base import utcnow

    round_table.points[0].deleted_at = utcnow()
    record = compose_minutes(round_table)
    assert "Key vectors of development" not in minutes_text(record)
    assert record["discussion"][0]["number"] == 1


def test_a_draft_is_marked_and_approved_minutes_carry_the_approval_line(round_table, users):
    assert compose_minutes(round_table)["approval"] is None
    assert compose_minutes(round_table)["status"] == "draft"

    minutes = ensure_minutes(round_table)
    approve(minutes, users["organiser"])
    db.session.commit()
    record = compose_minutes(round_table, minutes)
    assert record["approval"]["text"].startswith("Approved by Organiser on ")


def test_the_minutes_page_shows_the_record(client, auth, round_table):
    auth.login_as("organiser")
    page = client.get("/forums/technoprom-2016/cluster-round-table/minutes").get_data(as_text=True)
    for fact in ["Minutes of the round table", "Артём Шадрин", "Present", "Excused", "Ivan Excused", "Absent",
                 "state offices", "until 26 September 2016", "end of July 2016", "Prepare the cluster programme",
                 "We want to raise the bar", "DRAFT", "Download PDF"]:
        assert fact in page, fact


def test_an_actions_status_starts_with_a_capital_in_its_table_cell_in_russian_too(client, auth, round_table):
    # one label at the source (eventsite/labels.py), read in the document's language
    round_table.language = "ru"
    db.session.commit()
    assert compose_minutes(round_table)["actions"][0]["status"] == "Открыто"
    auth.login_as("organiser")
    page = client.get("/forums/technoprom-2016/cluster-round-table/minutes").text
    assert "<td>Открыто" in page and "открыто" not in page
