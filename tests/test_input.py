"""What people and programs send is cleaned and bounded: no control character is kept, every text has a
length limit, and no number, length or choice in a request answers 500."""
from __future__ import annotations

import re

import pytest

from eventsite.models import PointKind, db

HUGE = str(2**63)


@pytest.fixture
def organiser(client, auth):
    auth.login_as("organiser")
    return client


@pytest.fixture
def session(make):
    forum = make.forum(slug="technoprom-2016")
    session = make.session(forum, slug="round-table")
    db.session.commit()
    return session


def test_an_unknown_key_date_precision_is_refused_at_its_field(organiser, session, make):
    point = make.point(session, kind=PointKind.announcement)
    db.session.commit()
    response = organiser.post(f"/forums/technoprom-2016/round-table/points/{point.id}/edit", data={
        "kind": "announcement", "speaker_id": 0, "body": "x", "status": "open", "version": point.version,
        "dates-0-label": "Competition announced", "dates-0-date": "2016-07", "dates-0-precision": "fortnight"})
    assert response.status_code == 422
    assert '<p class="error" id="dates-0-precision-error">Not a valid choice.</p>' in response.text
    db.session.refresh(point)
    assert point.key_dates == []


def test_every_id_in_an_address_is_read_by_the_bounded_converter(app):
    # so a route added later cannot answer a 2**63 with a 500 either
    rules = [r for r in app.url_map.iter_rules() if "<int:" in r.rule]
    assert len(rules) > 20
    assert all(type(c).__name__ == "IdConverter" for r in rules for n, c in r._converters.items() if f"<int:{n}>" in r.rule)


@pytest.mark.parametrize("number", [HUGE, str(2**64), "9" * 5000])
def test_an_id_past_the_databases_range_is_not_found(app, client, auth, session, number):
    auth.login_as("admin")
    slugs = {"forum_slug": "technoprom-2016", "session_slug": "round-table"}
    for rule in app.url_map.iter_rules():
        if "<int:" not in rule.rule:
            continue
        path = re.sub(r"<int:\w+>", number, rule.rule)
        path = re.sub(r"<(\w+)>", lambda m: slugs.get(m.group(1), "x"), path)
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(path, method=method)
        assert response.status_code == 404, (method, path[:120], response.status_code)


@pytest.mark.parametrize("path", ["/newsroom?", "/forums/technoprom-2016/?", "/people/?", "/organisations/?",
                                  "/search?q=session&kind=sessions&"])
@pytest.mark.parametrize("page", [HUGE, "1" + "0" * 30])
def test_a_page_past_any_list_is_not_found(organiser, session, path, page):
    response = organiser.get(f"{path}page={page}")
    assert response.status_code == 404
    assert "There is nothing here, or you may not see it." in response.text


@pytest.mark.parametrize("page", ["0", "-3", "two", "²"])
def test_a_page_that_is_no_number_is_the_first(client, session, page):
    response = client.get("/forums/technoprom-2016/", query_string={"page": page})
    assert response.status_code == 200 and "Session" in response.text
