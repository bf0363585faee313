"""What people and programs send is cleaned and bounded: no control character is kept, every text has a
length limit, and no number, length or choice in a request answers 500."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest
import sqlalchemy as sa
import wtforms
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import Length

import eventsite
from eventsite import models
from eventsite.models import DiscussionPoint, Organisation, PointKind, PressRelease, db
from eventsite.text import MAX_LINE, MAX_MARKDOWN, has_control_characters

#: a lone CR that would start an iCalendar property, controls XML refuses, a lone surrogate, a non-character
HOSTILE = "p78\rX-INJECT:1\rATTACH:file:///etc/passwd \x01\x1b\x0b\x00 NUL\ud800\ufffe\x85 end"
TOO_LONG = "x" * 60_000
HUGE = str(2**63)


def _form_classes() -> list[type]:
    for info in pkgutil.walk_packages(eventsite.__path__, "eventsite."):
        importlib.import_module(info.name)
    found, todo = set(), [wtforms.Form]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("eventsite."):
                found.add(sub)
    return sorted(found, key=lambda c: (c.__module__, c.__name__))


FORMS = _form_classes()


def _build(cls, make, formdata=None):
    required = {name for name, p in inspect.signature(cls.__init__).parameters.items()
                if p.kind is p.KEYWORD_ONLY and p.default is p.empty}
    kwargs = {"forum": make.forum()} if "forum" in required else {}
    return cls(formdata=formdata, **kwargs)


def _text_fields(form):
    return [f for f in form if isinstance(f, StringField) and not isinstance(f, PasswordField)]


def test_every_form_of_the_site_is_found():
    names = {c.__name__ for c in FORMS}
    assert {"LoginForm", "UserForm", "ForumForm", "SessionForm", "KeyDateForm", "PointForm", "PressReleaseForm",
            "SummaryForm", "RequestForm", "QueryForm", "ReasonForm"} <= names


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: c.__name__)
def test_every_form_strips_control_characters_and_folds_one_line_fields(app, make, form_class):
    with app.test_request_context(method="POST"):
        fields = _text_fields(_build(form_class, make))
        form = _build(form_class, make, MultiDict({f.name: HOSTILE for f in fields}))
        for field in _text_fields(form):
            multiline = isinstance(field, TextAreaField)
            assert not has_control_characters(field.data, multiline), (field.name, field.data)
            assert "X-INJECT:1" in field.data and field.data.rstrip().endswith("end")
            assert ("\n" in field.data) is multiline


#: which table each editing form writes, so its limits can be checked against the column sizes
TABLES = {"ForumForm": models.Forum, "SessionForm": models.ForumSession, "PersonForm": models.Person,
          "OrganisationForm": models.Organisation, "GroupForm": models.ParticipantGroup,
          "ParticipantForm": models.Participation, "ParticipantEditForm": models.Participation,
          "CaptureForm": DiscussionPoint, "PointForm": DiscussionPoint, "KeyDateForm": models.KeyDate,
          "PressReleaseForm": PressRelease, "UserForm": models.User, "SummaryForm": models.Minutes}


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: c.__name__)
def test_every_text_field_has_a_length_limit_that_its_column_can_hold(app, make, form_class):
    with app.test_request_context():
        form = _build(form_class, make)
    table = TABLES.get(form_class.__name__)
    columns = sa.inspect(table).columns if table is not None else {}
    for field in _text_fields(form):
        if isinstance(field, HiddenField):
            continue
        limits = [v.max for v in field.validators if isinstance(v, Length) and v.max >= 0]
        assert limits and max(limits) <= MAX_MARKDOWN, field.name
        column = columns.get(field.name) if columns else None
        if column is not None and getattr(column.type, "length", None):
            assert max(limits) <= column.type.length, field.name


# -- the same through the pages ---------------------------------------------------------------------


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


def test_a_line_break_typed_into_a_title_is_kept_as_a_space(organiser, session):
    response = organiser.post("/forums/technoprom-2016/round-table/edit", data={
        "slug": "round-table", "kind": "round_table", "title": "p78\rX-INJECT:1\x01", "local_start": "2016-06-10T14:00",
        "local_end": "2016-06-10T16:00", "venue": "Hall\x1b A\rATTACH:file:///etc/passwd", "language": "en",
        "visibility": "public", "summary": "One\r\ntwo\x00", "version": session.version})
    assert response.status_code == 302
    db.session.refresh(session)
    assert (session.title, session.venue, session.summary) == (
        "p78 X-INJECT:1", "Hall A ATTACH:file:///etc/passwd", "One\ntwo")


def test_a_name_of_60000_characters_is_refused_at_its_field(organiser):
    response = organiser.post("/organisations/new", data={"name": "Cluster", "kind": "cluster",
                                                           "parent_name": TOO_LONG, "version": 0})
    assert response.status_code == 422
    assert '<p class="error" id="parent_name-error">Field cannot be longer than 300 characters.</p>' in response.text
    assert db.session.execute(db.select(Organisation)).first() is None


def test_an_owner_of_60000_characters_is_refused_without_a_lookup(organiser, session, make):
    point = make.point(session)
    db.session.commit()
    response = organiser.post(f"/forums/technoprom-2016/round-table/points/{point.id}/edit", data={
        "kind": "action", "speaker_id": 0, "body": "Do it.", "status": "open", "owner_name": TOO_LONG,
        "version": point.version})
    assert response.status_code == 422
    assert '<p class="error" id="owner_name-error">Field cannot be longer than 300 characters.</p>' in response.text


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


def test_a_reference_past_the_databases_integers_names_nothing(organiser):
    response = organiser.post("/organisations/new", data={
        "name": "Department", "kind": "government", "parent_name": "Ministry", "parent_id": f"organisation:{HUGE}",
        "parent_name_pick": "organisation:²", "version": 0})
    assert response.status_code == 422
    assert "No organisation matches “Ministry”" in response.text


@pytest.mark.parametrize("path", ["/search", "/people/", "/organisations/"])
def test_a_search_of_60000_characters_says_it_is_too_long(organiser, path):
    response = organiser.get(path, query_string={"q": TOO_LONG})
    assert response.status_code == 400
    assert f"Type at most {MAX_LINE} characters: no name, title or phrase searched for is longer." in response.text


@pytest.mark.parametrize("path", ["/people/search", "/organisations/search", "/owners/search"])
def test_a_lookup_of_60000_characters_says_it_is_too_long(organiser, path):
    response = organiser.get(path, query_string={"q": TOO_LONG})
    assert response.status_code == 400
    assert response.get_json()["error"].startswith(f"Type at most {MAX_LINE} characters")


def test_control_characters_in_a_search_are_ignored(client, session):
    response = client.get("/search", query_string={"q": "Sess\x00ion\x1b"})
    assert response.status_code == 200 and "Search: “Session”" in response.text


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
        # the site's rules answer GET or POST; the API's also PATCH
        method = "GET" if "GET" in rule.methods else min(rule.methods - {"HEAD", "OPTIONS"})
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
