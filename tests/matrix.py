"""The visibility and permission matrix: every route × every role, as a table.

A row names a path (with {placeholders} filled from the `World`) and what each
role gets there:

- 200: the page, and the row's `text` (also a placeholder) is on it
- 403: may see but not change
- 404: may not see, and is not told it exists
- LOGIN: anonymous, sent to the login page

To cover a new route, add a `Route` to `ROUTES` (or to a list in your own test
module and pass it to `check_route`). If it needs records the world does not
have, give it a `setup(world, make)` that adds them and returns extra
placeholders.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from conftest import PASSWORD, Factory
from eventsite.accounts.tokens import create_api_token
from eventsite.models import ForumSession, TokenScope, User, Visibility, db

#: every kind of visitor; a participant either took part in the restricted sessions or did not
ROLES = ["anonymous", "took_part", "did_not_take_part", "press", "organiser", "admin"]
STAFF = ["press", "organiser", "admin"]
LOGIN = "login"


def everyone(outcome) -> dict:
    return {role: outcome for role in ROLES}


def only(roles: list[str], outcome=200, others=404) -> dict:
    """`outcome` for `roles`, `others` for the rest."""
    return {role: outcome if role in roles else others for role in ROLES}


def organisers() -> dict:
    """The shape of the organisers' pages: anonymous to the login page, other accounts 403."""
    return {**only(["organiser", "admin"], 200, 403), "anonymous": LOGIN}


def admin_only() -> dict:
    """The shape of every admin page: anonymous to the login page, other accounts 403."""
    return {**only(["admin"], 200, 403), "anonymous": LOGIN}


@dataclass
class World:
    """A forum with one session of each visibility, and one account of each role."""

    forum: str
    sessions: dict[str, ForumSession]
    accounts: dict[str, User | None]
    extra: dict[str, str] = field(default_factory=dict)

    def values(self) -> dict[str, str]:
        values = {"forum": self.forum, **self.extra}
        for name, session in self.sessions.items():
            values[name] = session.slug
            values[name + "_title"] = session.title
        for role, user in self.accounts.items():
            if user is not None:
                values[role + "_id"] = str(user.id)
        return values


def build_world(make: Factory, users: dict[str, User | None]) -> World:
    """The forum of the matrix; `users` is conftest's fixture (one account per role)."""
    forum = make.forum(slug="matrix", name="Matrix Forum")
    sessions = {
        "public": make.session(forum, slug="open-talk", title="Open Talk On Clusters", visibility=Visibility.public),
        "participants": make.session(forum, slug="closed-table", title="Closed Table On Funding",
                                     visibility=Visibility.participants),
        "internal": make.session(forum, slug="staff-briefing", title="Staff Briefing On Logistics",
                                 visibility=Visibility.internal),
    }
    took_part = users["participant"]
    outsider = make.user("participant", email="outsider@example.org", person=make.person(name="Outsider Person"))
    # they took part in the restricted sessions, and still may not see an internal one
    make.participation(sessions["participants"], took_part.person)
    make.participation(sessions["internal"], took_part.person)
    make.participation(sessions["public"], outsider.person)
    db.session.commit()
    accounts = {
        "anonymous": None, "took_part": took_part, "did_not_take_part": outsider,
        "press": users["press"], "organiser": users["organiser"], "admin": users["admin"],
    }
    return World(forum=forum.slug, sessions=sessions, accounts=accounts)


@dataclass
class Route:
    path: str
    expect: dict
    #: shown on a 200 page; a placeholder like "{public_title}"
    text: str = ""
    method: str = "GET"
    data: dict | None = None
    #: adds records the route needs; returns more placeholders
    setup: Callable[[World, Factory], dict] | None = None


ROUTES: dict[str, Route] = {
    "forum list": Route("/", everyone(200), text="Matrix Forum"),
    "forum page": Route("/forums/{forum}/", everyone(200), text="Matrix Forum"),
    "unknown forum": Route("/forums/no-such-forum/", everyone(404)),
    "public session": Route("/forums/{forum}/{public}/", everyone(200), text="{public_title}"),
    "participants-only session": Route(
        "/forums/{forum}/{participants}/", only(["took_part", *STAFF]), text="{participants_title}"),
    "internal session": Route("/forums/{forum}/{internal}/", only(STAFF), text="{internal_title}"),
    "unknown session": Route("/forums/{forum}/no-such-session/", everyone(404)),
    "session in the wrong forum": Route("/forums/no-such-forum/{public}/", everyone(404)),
    "users": Route("/admin/users", admin_only(), text="outsider@example.org"),
    "new user form": Route("/admin/users/new", admin_only(), text="New user"),
    "edit user form": Route("/admin/users/{press_id}", admin_only(), text="press@example.org"),
    "create user": Route("/admin/users/new", admin_only(), method="POST",
                         data={"email": "made@example.org", "role": "admin", "person_id": "0"}),
    # reading feeds and search
    "calendar": Route("/forums/{forum}/calendar.ics", everyone(200), text="{public_title}"),
    "newsroom": Route("/newsroom", everyone(200), text="Newsroom"),
    "newsroom feed": Route("/newsroom.atom", everyone(200), text="<feed"),
    "search": Route("/search?q=talk", everyone(200), text="/{public}/"),
    # the organisers' area: anonymous to the login page, other accounts 403, unseen sessions 404
    "new forum form": Route("/forums/new", organisers(), text="New forum"),
    "edit forum form": Route("/forums/{forum}/edit", organisers(), text="Matrix Forum"),
    "new session form": Route("/forums/{forum}/sessions/new", organisers(), text="New session"),
    "edit public session": Route("/forums/{forum}/{public}/edit", organisers(), text="{public_title}"),
    "edit participants-only session": Route(
        "/forums/{forum}/{participants}/edit", {**organisers(), "anonymous": 404, "did_not_take_part": 404},
        text="{participants_title}"),
    "edit internal session": Route(
        "/forums/{forum}/{internal}/edit", {**only(["organiser", "admin"]), "press": 403},
        text="{internal_title}"),
    "points of a session": Route("/forums/{forum}/{public}/points", organisers(), text="{public_title}"),
    "people": Route("/people/", organisers(), text="Outsider Person"),
    # draft minutes: staff and the session's own participants (the outsider took part in the public one)
    "draft minutes of a public session": Route(
        "/forums/{forum}/{public}/minutes", only(["did_not_take_part", *STAFF]), text="{public_title}"),
    "draft minutes of a participants-only session": Route(
        "/forums/{forum}/{participants}/minutes", only(["took_part", *STAFF]), text="{participants_title}"),
    "draft minutes PDF of an internal session": Route(
        "/forums/{forum}/{internal}/minutes.pdf", only(STAFF)),
    "add a participant group": Route(
        "/forums/{forum}/{public}/groups", organisers(), method="POST", data={"group-name": "state offices"}),
    # press releases: the press office and admins change them
    "press releases of a session": Route(
        "/forums/{forum}/{public}/press-releases/", {**only(["press", "admin"], 200, 403), "anonymous": LOGIN}),
    "draft a press release": Route(
        "/forums/{forum}/{public}/press-releases/", {**only(["press", "admin"], 200, 403), "anonymous": LOGIN},
        method="POST"),
    "no published press release": Route("/forums/{forum}/{public}/press-release", everyone(404)),
    # the agenda: seen as its session is; planned by organisers
    "agenda of a public session": Route("/forums/{forum}/{public}/agenda", everyone(200), text="{public_title}"),
    "agenda of a participants-only session": Route(
        "/forums/{forum}/{participants}/agenda", only(["took_part", *STAFF]), text="{participants_title}"),
    "agenda of an internal session": Route("/forums/{forum}/{internal}/agenda", only(STAFF), text="{internal_title}"),
    "planning the agenda": Route("/forums/{forum}/{public}/agenda/plan", organisers(), text="{public_title}"),
    # follow-up: one's own actions; what needs the organisers
    "my actions": Route("/my/actions", {**everyone(200), "anonymous": LOGIN}, text="My action items"),
    "the organiser's home": Route("/organise", organisers(), text="What needs you"),
}


def login(client, user: User | None) -> None:
    if user is not None:
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, f"could not log in as {user.email}"


def outcome(response, text: str = ""):
    """What a visitor got, in the table's terms."""
    if response.status_code in (301, 302, 303) and response.headers["Location"].startswith("/login"):
        return LOGIN
    if response.status_code in (301, 302, 303) and response.request.method == "POST":
        return 200  # a form that saved and moved on
    if response.status_code == 200 and text and text not in response.text:
        return f"200 without {text!r}"
    return response.status_code


def check_route(app, world: World, make: Factory, route: Route) -> None:
    """Request the route as every role with a fresh client each; compare the whole row at once."""
    values = world.values()
    if route.setup:
        values.update(route.setup(world, make) or {})
    path, text = route.path.format(**values), route.text.format(**values)
    actual = {}
    for role in ROLES:
        client = app.test_client()
        login(client, world.accounts[role])
        response = client.open(path, method=route.method, data=route.data)
        actual[role] = outcome(response, text)
        db.session.rollback()
    wrong = {role: f"got {actual[role]}, expected {route.expect[role]}" for role in ROLES
             if actual[role] != route.expect[role]}
    assert not wrong, f"{route.method} {path}: {wrong}"


def token_headers(user: User, scope: TokenScope = TokenScope.read) -> dict:
    """`Authorization` headers with a new personal API token of `user` (tests of the API)."""
    _row, secret = create_api_token(user, "test", scope)
    db.session.commit()
    return {"Authorization": "Bearer " + secret}
