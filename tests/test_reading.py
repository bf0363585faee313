"""Reading pages: the forum's programme in pages."""
from __future__ import annotations

from datetime import datetime, timedelta

from eventsite.models import db
from tests.conftest import NSK


def test_a_long_programme_is_paginated(app, client, make):
    app.config["SESSIONS_PER_PAGE"] = 5
    forum = make.forum(slug="big")
    start = datetime(2016, 6, 9, 9, tzinfo=NSK)
    for n in range(12):
        make.session(forum, slug=f"s{n:02}", title=f"Session number {n:02}",
                     starts_at=start + timedelta(hours=n), ends_at=start + timedelta(hours=n, minutes=50))
    db.session.commit()
    first = client.get("/forums/big/").get_data(as_text=True)
    assert "Session number 00" in first and "Session number 04" in first and "Session number 05" not in first
    assert "Page 1 of 3 (12 in all)" in first and "/forums/big/?page=2" in first
    last = client.get("/forums/big/?page=3").get_data(as_text=True)
    assert "Session number 10" in last and "Session number 11" in last and "Session number 09" not in last
