"""The API's addresses: reading forums, sessions, minutes, press releases, people and search;
writing sessions, participants, points, groups and agenda items, and deleting them. Views are thin:
load what the caller may see (eventsite/permissions.py, 404 otherwise), check the token and the
If-Match, call the domain, dump.

Summaries and descriptions are lazy strings (`_l`), so the document is read in its reader's language
(eventsite/api/__init__.py); a docstring would stay English.
"""
from __future__ import annotations

import http
from contextlib import contextmanager

from flask import request, url_for
from flask.views import MethodView
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from eventsite.api import auth, resources as record, schemas
from eventsite.agenda import plan
from eventsite.api.problems import at_field, refuse
from eventsite.minutes import workflow as minutes_workflow
from eventsite.models import (
    AgendaItem, DiscussionPoint, Forum, ParticipantGroup, Participation, Person, PressRelease, db,
)
from eventsite.organise import service
from eventsite.permissions import visible_people_clause
from eventsite.press import workflow as press_workflow
from eventsite.reading.queries import forum_or_404, session_or_404, visible_sessions_query
from eventsite.search.queries import KINDS, search as find
from eventsite.trash import service as trash

#: what a successful answer means, in the reader's language (flask-smorest would write the bare HTTP phrase)
SUCCESS = {200: _l("OK"), 201: _l("Created: Location is its address, ETag its version"),
           204: _l("Done: nothing is sent back")}


class ApiBlueprint(Blueprint):
    """flask-smorest's Blueprint, asking for If-Match (428) only once the resource is found and the
    caller may change it: 404 and 403 come first, as everywhere on the site."""

    def _check_precondition(self):
        pass

    def check_etag(self, etag_data, etag_schema=None):
        super()._check_precondition()
        if request.if_match.star_tag:
            # "If-Match: *" would change whatever version is there: the lost update If-Match is here to prevent
            refuse(428, gettext("Send the ETag you read in If-Match, not “*”: changes are made only to the "
                                "version you read."))
        super().check_etag(etag_data, etag_schema)

    def response(self, status_code, schema=None, *, description=None, **kwargs):
        return super().response(status_code, schema, description=description or SUCCESS.get(
            status_code, http.HTTPStatus(status_code).phrase), **kwargs)


bp = ApiBlueprint("api", __name__, url_prefix="/api/v1",
                  description=_l("Forums, sessions and their record; minutes, press releases, people, search."))
bp.before_request(auth.authenticate)

LINK = {"description": _l("first, prev, next and last pages (RFC 8288)"), "schema": {"type": "string"}}
TOTAL = {"description": _l("how many items there are in all"), "schema": {"type": "integer"}}
PAGED = {"Link": LINK, "X-Total-Count": TOTAL}
#: an operation that changes the record: a read-write token of an organiser or admin
WRITE = {"security": [{"bearer": []}]}


@bp.after_request
def _private(response):
    # what one caller may see is not for a shared cache; the answer depends on who asks
    response.headers.setdefault("Cache-Control", "private, no-store")
    response.vary.update(("Authorization", "Cookie"))
    return response


def _page(query, args: dict, endpoint: str, **values):
    """The page of `query` the arguments ask for, and the Link and X-Total-Count headers."""
    page = db.paginate(query, page=args["page"], per_page=args["per_page"], error_out=False, count=True)
    return page.items, _link_headers(endpoint, args, page.pages, page.total, values)


def _link_headers(endpoint: str, args: dict, pages: int, total: int, values: dict) -> dict:
    query = {k: v for k, v in args.items() if k not in ("page",)}

    def link(number: int, rel: str) -> str:
        return f'<{url_for(endpoint, **values, **query, page=number, _external=False)}>; rel="{rel}"'

    page, last = args["page"], max(pages, 1)
    links = [link(1, "first")]
    if page > 1:
        links.append(link(min(page - 1, last), "prev"))
    if page < last:
        links.append(link(page + 1, "next"))
    links.append(link(last, "last"))
    return {"Link": ", ".join(links), "X-Total-Count": str(total)}


def _row_etag(row) -> dict:
    return {"id": row.id, "version": row.version}


@contextmanager
def _saved():
    """Make a change and commit it; one that raced another save (the version moved between our read and our
    flush) is 412, and nothing is kept."""
    try:
        yield
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        refuse(412)


def _may_change(row) -> None:
    """Before a PATCH or DELETE of a row the caller may see: their token's rights (401, 403), then If-Match
    against the version they read (428, 412)."""
    auth.require_writer()
    bp.check_etag(_row_etag(row))


def _of_session(model, session, row_id: int):
    row = db.session.get(model, row_id)
    if row is None or row.session_id != session.id or getattr(row, "deleted_at", None) is not None:
        refuse(404)
    return row


# --- forums --------------------------------------------------------------------------------------

@bp.get("/forums")
@bp.arguments(schemas.PageArgs, location="query")
@bp.response(200, schemas.ForumSchema(many=True), headers=PAGED)
@bp.doc(summary=_l("Every forum, newest first."))
def forums(args):
    return _page(db.select(Forum).order_by(Forum.starts_on.desc(), Forum.id), args, "api.forums")


@bp.get("/forums/<forum_slug>")
@bp.response(200, schemas.ForumSchema)
@bp.doc(summary=_l("One forum."))
def forum(forum_slug: str):
    return forum_or_404(forum_slug)


# --- sessions ------------------------------------------------------------------------------------

@bp.get("/forums/<forum_slug>/sessions")
@bp.arguments(schemas.PageArgs, location="query")
@bp.response(200, schemas.SessionSummarySchema(many=True), headers=PAGED)
@bp.doc(summary=_l("The forum's sessions the caller may see, in order of time."))
def sessions(args, forum_slug: str):
    forum = forum_or_404(forum_slug)
    items, headers = _page(visible_sessions_query(forum), args, "api.sessions", forum_slug=forum_slug)
    return [record.session_summary(s) for s in items], headers


SLUG_TAKEN = _l("Another session of this forum already has this slug; choose another.")


@bp.route("/forums/<forum_slug>/sessions/<session_slug>", endpoint="session")
class SessionResource(MethodView):
    # one rule for reading and changing it, so an address answers the same way whatever the method
    # (an id past the database's range is 404 for either, never 405)

    @bp.etag
    @bp.response(200, schemas.SessionSchema)
    @bp.doc(summary=_l("A session with its participants, groups, agenda and points; its ETag is what a change "
                       "sends in If-Match."))
    def get(self, forum_slug: str, session_slug: str):
        session = session_or_404(forum_slug, session_slug)
        bp.set_etag(_row_etag(session))
        return record.session_detail(session)

    @bp.etag
    @bp.arguments(schemas.SessionPatchSchema(partial=True))
    @bp.response(200, schemas.SessionSchema)
    @bp.doc(summary=_l("Change a session's details; send the ETag you read in If-Match."), **WRITE)
    def patch(self, values, forum_slug: str, session_slug: str):
        session = session_or_404(forum_slug, session_slug)
        _may_change(session)
        values = record.in_forum_zone(values, session.forum)
        record.check_session(session.forum, values, session)
        try:
            with _saved():
                service.update_session(session, **values)
        except IntegrityError:
            db.session.rollback()
            refuse(422, errors=at_field("slug", str(SLUG_TAKEN)))
        bp.set_etag(_row_etag(session))
        return record.session_detail(session)

    @bp.etag
    @bp.response(204)
    @bp.doc(summary=_l("Delete a session: it goes to the trash with its record, as on the site, and an organiser "
                       "can restore it from /trash for 30 days."), **WRITE)
    def delete(self, forum_slug: str, session_slug: str):
        session = session_or_404(forum_slug, session_slug)
        _may_change(session)
        with _saved():
            trash.delete_to_trash(session, current_user)


@bp.post("/forums/<forum_slug>/sessions")
@bp.etag
@bp.arguments(schemas.SessionInSchema)
@bp.response(201, schemas.SessionSchema)
@bp.doc(summary=_l("Create a session (organisers, with a read-write token)."), **WRITE)
def create_session(values, forum_slug: str):
    forum = forum_or_404(forum_slug)
    auth.require_writer()
    values = record.in_forum_zone(values, forum)
    record.check_session(forum, values)
    try:
        session = service.create_session(forum, **values)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        refuse(422, errors=at_field("slug", str(SLUG_TAKEN)))
    bp.set_etag(_row_etag(session))
    return record.session_detail(session), 201, {"Location": url_for(
        "api.session", forum_slug=forum.slug, session_slug=session.slug)}


# --- participants --------------------------------------------------------------------------------

@bp.route("/forums/<forum_slug>/sessions/<session_slug>/participants/<int:participant_id>", endpoint="participant")
class ParticipantResource(MethodView):

    @bp.etag
    @bp.response(200, schemas.ParticipantSchema)
    @bp.doc(summary=_l("One participant of a session, as they were at it."))
    def get(self, forum_slug: str, session_slug: str, participant_id: int):
        row = _of_session(Participation, session_or_404(forum_slug, session_slug), participant_id)
        bp.set_etag(_row_etag(row))
        return record.participant(row)

    @bp.etag
    @bp.arguments(schemas.ParticipantPatchSchema)
    @bp.response(200, schemas.ParticipantSchema)
    @bp.doc(summary=_l("Change a participant's role, attendance, position or organisation at this session."),
            **WRITE)
    def patch(self, values, forum_slug: str, session_slug: str, participant_id: int):
        row = _of_session(Participation, session_or_404(forum_slug, session_slug), participant_id)
        _may_change(row)
        with _saved():
            record.update_participant(row, values)
        bp.set_etag(_row_etag(row))
        return record.participant(row)

    @bp.etag
    @bp.response(204)
    @bp.doc(summary=_l("Remove a participant from this session. The points they made stay, without a speaker; "
                       "the person stays in the directory."), **WRITE)
    def delete(self, forum_slug: str, session_slug: str, participant_id: int):
        row = _of_session(Participation, session_or_404(forum_slug, session_slug), participant_id)
        _may_change(row)
        with _saved():
            service.remove_participant(row)


@bp.post("/forums/<forum_slug>/sessions/<session_slug>/participants")
@bp.etag
@bp.arguments(schemas.ParticipantInSchema)
@bp.response(201, schemas.ParticipantSchema)
@bp.doc(summary=_l("Add a participant: an existing person (person_id) or a new one (person)."), **WRITE)
def add_participant(values, forum_slug: str, session_slug: str):
    session = session_or_404(forum_slug, session_slug)
    auth.require_writer()
    row = record.add_participant(session, values)
    db.session.commit()
    bp.set_etag(_row_etag(row))
    return record.participant(row), 201, {"Location": url_for(
        "api.participant", forum_slug=forum_slug, session_slug=session_slug, participant_id=row.id)}


# --- groups --------------------------------------------------------------------------------------

@bp.route("/forums/<forum_slug>/sessions/<session_slug>/groups/<int:group_id>", endpoint="group")
class GroupResource(MethodView):

    @bp.etag
    @bp.response(200, schemas.GroupSchema)
    @bp.doc(summary=_l("One group that took part without names."))
    def get(self, forum_slug: str, session_slug: str, group_id: int):
        row = _of_session(ParticipantGroup, session_or_404(forum_slug, session_slug), group_id)
        bp.set_etag(_row_etag(row))
        return record.group(row)

    @bp.etag
    @bp.arguments(schemas.GroupPatchSchema)
    @bp.response(200, schemas.GroupSchema)
    @bp.doc(summary=_l("Rename a group, or move it to another place (position)."), **WRITE)
    def patch(self, values, forum_slug: str, session_slug: str, group_id: int):
        row = _of_session(ParticipantGroup, session_or_404(forum_slug, session_slug), group_id)
        _may_change(row)
        with _saved():
            record.update_group(row, values)
        bp.set_etag(_row_etag(row))
        return record.group(row)

    @bp.etag
    @bp.response(204)
    @bp.doc(summary=_l("Remove a group from this session."), **WRITE)
    def delete(self, forum_slug: str, session_slug: str, group_id: int):
        row = _of_session(ParticipantGroup, session_or_404(forum_slug, session_slug), group_id)
        _may_change(row)
        with _saved():
            service.remove_group(row)


@bp.post("/forums/<forum_slug>/sessions/<session_slug>/groups")
@bp.etag
@bp.arguments(schemas.GroupInSchema)
@bp.response(201, schemas.GroupSchema)
@bp.doc(summary=_l("Add a group that took part without names, after the others."), **WRITE)
def add_group(values, forum_slug: str, session_slug: str):
    session = session_or_404(forum_slug, session_slug)
    auth.require_writer()
    row = service.add_group(session, values["name"])
    db.session.commit()
    bp.set_etag(_row_etag(row))
    return record.group(row), 201, {"Location": url_for(
        "api.group", forum_slug=forum_slug, session_slug=session_slug, group_id=row.id)}


# --- the agenda ----------------------------------------------------------------------------------

@bp.route("/forums/<forum_slug>/sessions/<session_slug>/agenda/<int:item_id>", endpoint="agenda_item")
class AgendaItemResource(MethodView):

    @bp.etag
    @bp.response(200, schemas.AgendaItemSchema)
    @bp.doc(summary=_l("One item of the session's agenda."))
    def get(self, forum_slug: str, session_slug: str, item_id: int):
        row = _of_session(AgendaItem, session_or_404(forum_slug, session_slug), item_id)
        bp.set_etag(_row_etag(row))
        return record.agenda_item(row)

    @bp.etag
    @bp.arguments(schemas.AgendaItemPatchSchema(partial=True))
    @bp.response(200, schemas.AgendaItemSchema)
    @bp.doc(summary=_l("Change an agenda item; fields left out keep their values; number moves it."), **WRITE)
    def patch(self, values, forum_slug: str, session_slug: str, item_id: int):
        row = _of_session(AgendaItem, session_or_404(forum_slug, session_slug), item_id)
        _may_change(row)
        with _saved():
            record.update_agenda_item(row, values)
        bp.set_etag(_row_etag(row))
        return record.agenda_item(row)

    @bp.etag
    @bp.response(204)
    @bp.doc(summary=_l("Delete an agenda item; the points said under it stay in the record, under no item."),
            **WRITE)
    def delete(self, forum_slug: str, session_slug: str, item_id: int):
        row = _of_session(AgendaItem, session_or_404(forum_slug, session_slug), item_id)
        _may_change(row)
        with _saved():
            plan.delete_item(row)


@bp.post("/forums/<forum_slug>/sessions/<session_slug>/agenda")
@bp.etag
@bp.arguments(schemas.AgendaItemInSchema)
@bp.response(201, schemas.AgendaItemSchema)
@bp.doc(summary=_l("Add an item at the end of the agenda."), **WRITE)
def add_agenda_item(values, forum_slug: str, session_slug: str):
    session = session_or_404(forum_slug, session_slug)
    auth.require_writer()
    row = record.add_agenda_item(session, values)
    db.session.commit()
    bp.set_etag(_row_etag(row))
    return record.agenda_item(row), 201, {"Location": url_for(
        "api.agenda_item", forum_slug=forum_slug, session_slug=session_slug, item_id=row.id)}


# --- points --------------------------------------------------------------------------------------

@bp.route("/forums/<forum_slug>/sessions/<session_slug>/points/<int:point_id>", endpoint="point")
class PointResource(MethodView):

    @bp.etag
    @bp.response(200, schemas.PointSchema)
    @bp.doc(summary=_l("One point of a session's discussion."))
    def get(self, forum_slug: str, session_slug: str, point_id: int):
        row = _of_session(DiscussionPoint, session_or_404(forum_slug, session_slug), point_id)
        bp.set_etag(_row_etag(row))
        return record.point(row)

    @bp.etag
    @bp.arguments(schemas.PointPatchSchema(partial=True))
    @bp.response(200, schemas.PointSchema)
    @bp.doc(summary=_l("Change a point; fields left out keep their values; number moves it."), **WRITE)
    def patch(self, values, forum_slug: str, session_slug: str, point_id: int):
        row = _of_session(DiscussionPoint, session_or_404(forum_slug, session_slug), point_id)
        _may_change(row)
        with _saved():
            record.update_point(row, values)
        bp.set_etag(_row_etag(row))
        return record.point(row)

    @bp.etag
    @bp.response(204)
    @bp.doc(summary=_l("Delete a point: it leaves the record and the minutes, and an organiser can restore it "
                       "on the session's points page."), **WRITE)
    def delete(self, forum_slug: str, session_slug: str, point_id: int):
        row = _of_session(DiscussionPoint, session_or_404(forum_slug, session_slug), point_id)
        _may_change(row)
        with _saved():
            service.delete_point(row)


@bp.post("/forums/<forum_slug>/sessions/<session_slug>/points")
@bp.etag
@bp.arguments(schemas.PointInSchema)
@bp.response(201, schemas.PointSchema)
@bp.doc(summary=_l("Add a point at the end of the session's discussion (a live-capture client does this)."),
        **WRITE)
def add_point(values, forum_slug: str, session_slug: str):
    session = session_or_404(forum_slug, session_slug)
    auth.require_writer()
    row = record.add_point(session, values)
    db.session.commit()
    bp.set_etag(_row_etag(row))
    return record.point(row), 201, {"Location": url_for(
        "api.point", forum_slug=forum_slug, session_slug=session_slug, point_id=row.id)}


# --- minutes -------------------------------------------------------------------------------------

@bp.get("/forums/<forum_slug>/sessions/<session_slug>/minutes")
@bp.response(200, schemas.MinutesSchema)
@bp.doc(summary=_l("The minutes as the caller may read them: the working state for staff and participants, "
                   "the latest published revision for everyone else (404 when there is none)."))
def minutes(forum_slug: str, session_slug: str):
    session = session_or_404(forum_slug, session_slug)
    reading = minutes_workflow.reading_for(current_user, session, minutes_workflow.minutes_of(session))
    if reading is None:
        refuse(404)
    return record.minutes(reading.record)


@bp.get("/forums/<forum_slug>/sessions/<session_slug>/minutes/revisions")
@bp.response(200, schemas.RevisionSchema(many=True))
@bp.doc(summary=_l("The kept revisions of the minutes the caller may read, oldest first."))
def revisions(forum_slug: str, session_slug: str):
    session = session_or_404(forum_slug, session_slug)
    return [record.revision(r) for r in record.readable_revisions(session)]


@bp.get("/forums/<forum_slug>/sessions/<session_slug>/minutes/revisions/<int:number>")
@bp.response(200, schemas.RevisionRecordSchema)
@bp.doc(summary=_l("One kept revision of the minutes, as it was kept."))
def revision(forum_slug: str, session_slug: str, number: int):
    session = session_or_404(forum_slug, session_slug)
    found = next((r for r in record.readable_revisions(session) if r.number == number), None)
    if found is None:
        refuse(404)
    return {**record.revision(found), "record": record.minutes(minutes_workflow.revision_record(found))["record"]}


# --- press releases ------------------------------------------------------------------------------

@bp.get("/forums/<forum_slug>/sessions/<session_slug>/press-releases")
@bp.response(200, schemas.PressReleaseSchema(many=True))
@bp.doc(summary=_l("The session's published press releases whose embargo has passed, newest first."))
def press_releases(forum_slug: str, session_slug: str):
    session = session_or_404(forum_slug, session_slug)
    return db.session.execute(
        db.select(PressRelease).where(PressRelease.session_id == session.id, press_workflow.released_clause())
        .order_by(PressRelease.published_at.desc(), PressRelease.id.desc())
    ).scalars().all()


# --- people and search ---------------------------------------------------------------------------

@bp.get("/people")
@bp.arguments(schemas.PageArgs, location="query")
@bp.response(200, schemas.PersonSchema(many=True), headers=PAGED)
@bp.doc(summary=_l("People: staff see everyone; others a person only as a participant of a session they may see."))
def people(args):
    query = db.select(Person).where(visible_people_clause(current_user)).order_by(Person.name, Person.id)
    return _page(query, args, "api.people")


@bp.get("/people/<int:person_id>")
@bp.response(200, schemas.PersonSchema)
@bp.doc(summary=_l("One person, by the same rule as the list."))
def person(person_id: int):
    found = db.session.execute(
        db.select(Person).where(Person.id == person_id, visible_people_clause(current_user))
    ).scalar_one_or_none()
    if found is None:
        refuse(404)
    return found


@bp.get("/search")
@bp.arguments(schemas.SearchArgs, location="query")
@bp.response(200, schemas.SearchSchema, headers=PAGED)
@bp.doc(summary=_l("Sessions, people and points the caller may see, as the site's search finds them."))
def search(args):
    results = find(current_user, args["q"], KINDS, args["page"], args["per_page"])
    pages = max((g.pages for g in results.groups), default=1)
    return record.search(results), _link_headers("api.search", args, pages, results.total, {})
