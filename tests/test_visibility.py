"""Who sees what: every route × every role (the table is in matrix.py), and what listings show to whom."""
from __future__ import annotations

import pytest

from matrix import ROLES, ROUTES, build_world, check_route, login


@pytest.fixture
def world(make, users):
    return build_world(make, users)


@pytest.mark.parametrize("name", ROUTES.keys())
def test_route_gives_each_role_what_it_may_see(app, world, make, name):
    check_route(app, world, make, ROUTES[name])


#: which of the forum's sessions each role finds listed on the forum page
LISTED = {
    "anonymous": {"public"},
    "took_part": {"public", "participants"},
    "did_not_take_part": {"public"},
    "press": {"public", "participants", "internal"},
    "organiser": {"public", "participants", "internal"},
    "admin": {"public", "participants", "internal"},
}


@pytest.mark.parametrize("role", ROLES)
def test_forum_page_lists_only_the_sessions_the_viewer_may_see(app, world, role):
    client = app.test_client()
    login(client, world.accounts[role])
    page = client.get(f"/forums/{world.forum}/").text
    shown = {name for name, session in world.sessions.items() if session.title in page}
    assert shown == LISTED[role]


@pytest.mark.parametrize("role", ROLES)
def test_forum_list_counts_only_the_sessions_the_viewer_may_see(app, world, role):
    client = app.test_client()
    login(client, world.accounts[role])
    count = len(LISTED[role])
    assert f"{count} session{'' if count == 1 else 's'}" in client.get("/").text


def test_the_table_covers_every_role_on_every_route():
    for name, route in ROUTES.items():
        assert set(route.expect) == set(ROLES), name
