"""The live capture form takes several key dates at once, typed as people type them."""
from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa

from eventsite.models import DatePrecision, DiscussionPoint, MonthPart, db

POINTS = "/forums/technoprom-2016/cluster-round-table/points"


def _rows(html: str) -> int:
    return len(re.findall(r'name="dates-\d+-label"', html))


def _announcement(**dates) -> dict:
    return {"kind": "announcement", "speaker_id": 0, "title": "The Clusters 2.0 timetable",
            "body": "The Ministry named the dates.", **dates}


def test_the_capture_form_offers_several_key_date_rows_and_another_on_request(client, auth, round_table):
    auth.login_as("organiser")
    page = client.get(POINTS)
    assert page.status_code == 200 and _rows(page.text) == 3 and "Add another date" in page.text
    assert "More dates: “Edit” the point" not in page.text
    # without JavaScript the button asks the server: the same form, one more row, what was typed kept
    more = client.post(POINTS, data={**_announcement(**{"dates-0-label": "Announced", "dates-0-date": "2016-07",
                                                        "dates-0-precision": "month"}), "add_date": "1"})
    assert more.status_code == 200 and _rows(more.text) == 4 and 'value="Announced"' in more.text
    assert re.search(r'id="dates-3-label"[^>]*autofocus|autofocus[^>]*id="dates-3-label"', more.text)
    db.session.expire_all()
    assert not db.session.execute(sa.select(DiscussionPoint).filter_by(title="The Clusters 2.0 timetable")).first()
    client.post("/language", data={"language": "ru"})
    assert "Добавить ещё дату" in client.get(POINTS).text


def test_several_key_dates_are_saved_from_the_capture_form_with_every_way_of_typing_them(client, auth, round_table):
    auth.login_as("organiser")
    response = client.post(POINTS, data=_announcement(**{
        "dates-0-label": "Competition announced", "dates-0-date": "2016-07", "dates-0-precision": "month",
        "dates-0-qualifier": "end",
        "dates-1-label": "Programmes accepted until", "dates-1-date": "26.09.2016", "dates-1-precision": "day",
        "dates-1-qualifier": "",
        "dates-2-label": "Results", "dates-2-date": "15 декабря", "dates-2-precision": "day", "dates-2-qualifier": "",
        # a row JavaScript added, past the three the page had
        "dates-3-label": "Contracts", "dates-3-date": "2016-12-20", "dates-3-precision": "day",
        "dates-3-qualifier": ""}))
    assert response.status_code == 302
    db.session.expire_all()
    point = db.session.execute(sa.select(DiscussionPoint).filter_by(title="The Clusters 2.0 timetable")).scalar_one()
    got = sorted((k.label, k.date, k.precision, k.qualifier) for k in point.key_dates)
    assert got == sorted([
        ("Competition announced", date(2016, 7, 1), DatePrecision.month, MonthPart.end),
        ("Programmes accepted until", date(2016, 9, 26), DatePrecision.day, None),
        ("Results", date(2016, 12, 15), DatePrecision.day, None),  # the first 15 December after the session
        ("Contracts", date(2016, 12, 20), DatePrecision.day, None),
    ])
    session_page = client.get("/forums/technoprom-2016/cluster-round-table/").text
    assert "end of July 2016" in session_page and "15 December 2016" in session_page


def test_a_bad_key_date_in_any_row_is_refused_at_its_row_in_russian(client, auth, round_table):
    auth.login_as("organiser")
    client.post("/language", data={"language": "ru"})
    response = client.post(POINTS, data=_announcement(**{
        "dates-0-label": "Объявление", "dates-0-date": "1 июля", "dates-0-precision": "day",
        "dates-2-label": "Итоги", "dates-2-date": "когда-нибудь", "dates-2-precision": "day"}))
    assert response.status_code == 422
    assert "Введите дату в виде 15.12.2026, 2026-12-15 или 15 декабря." in response.text
    assert 'value="когда-нибудь"' in response.text and 'value="Объявление"' in response.text
    db.session.expire_all()
    assert not db.session.execute(sa.select(DiscussionPoint).filter_by(title="The Clusters 2.0 timetable")).first()
