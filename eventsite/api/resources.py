"""Records as the API shows them, and the API's changes to them through the organisers' domain
functions (eventsite/organise/service.py, eventsite/agenda/plan.py), with each refusal put at the field
it concerns."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext
from flask_login import current_user

from eventsite.agenda import plan
from eventsite.api.problems import at_field, refuse
from eventsite.dates import in_zone
from eventsite.emails import check_email
from eventsite.minutes import workflow as minutes_workflow
from eventsite.models import (
    AgendaItem, DatePrecision, DiscussionPoint, Forum, ForumSession, Organisation, ParticipantGroup, Participation,
    Person, PointKind, db,
)
from eventsite.organise import service
from eventsite.search.queries import Results


# --- reading -------------------------------------------------------------------------------------

def session_summary(session: ForumSession) -> dict:
    return {
        "forum": session.forum.slug, "slug": session.slug, "kind": session.kind, "title": session.title,
        "starts_at": session.local_start, "ends_at": session.local_end, "venue": session.venue or "",
        "language": session.language, "visibility": session.visibility, "summary": session.summary or "",
        "version": session.version,
    }


def session_detail(session: ForumSession) -> dict:
    points = service.live_points(session)
    return {
        **session_summary(session),
        "participants": [participant(p) for p in session.participations],
        "groups": [group(g, n) for n, g in enumerate(session.groups, start=1)],
        "agenda": [agenda_item(item, n) for n, item in enumerate(session.agenda_items, start=1)],
        "points": [point(p, number) for number, p in enumerate(points, start=1)],
    }


def group(g: ParticipantGroup, position: int | None = None) -> dict:
    if position is None:
        # read without renumbering: a GET changes nothing
        ordered = sorted(g.session.groups, key=lambda other: (other.position, other.id))
        position = next(n for n, other in enumerate(ordered, start=1) if other is g)
    return {"id": g.id, "name": g.name, "position": position, "version": g.version}


def agenda_item(item: AgendaItem, number: int | None = None) -> dict:
    if number is None:
        number = next(n for n, other in enumerate(plan.items(item.session), start=1) if other is item)
    return {"id": item.id, "number": number, "title": item.title, "presenter_id": item.presenter_id,
            "presenter": item.presenter_text, "planned_minutes": item.planned_minutes, "notes": item.notes or "",
            "version": item.version}


def participant(p: Participation) -> dict:
    org = p.organisation
    return {
        "id": p.id, "role": p.role, "attendance": p.attendance, "position": p.position or "", "version": p.version,
        "person": {"id": p.person.id, "name": p.person.name, "native_name": p.person.native_name or ""},
        "organisation": {"id": org.id, "name": org.name, "short_name": org.short_name or ""} if org else None,
    }


def point(p: DiscussionPoint, number: int | None = None) -> dict:
    if number is None:
        number = next((n for n, q in enumerate(service.live_points(p.session), start=1) if q.id == p.id), 0)
    owner = None
    if p.owner_person is not None:
        owner = {"type": "person", "id": p.owner_person.id, "name": p.owner_person.name}
    elif p.owner_organisation is not None:
        owner = {"type": "organisation", "id": p.owner_organisation.id, "name": p.owner_organisation.name}
    return {
        "id": p.id, "number": number, "kind": p.kind, "title": p.title or "", "body": p.body or "",
        "speaker_id": p.speaker_id, "tags": list(p.tags or []), "owner": owner, "due_on": p.due_on,
        "status": p.status, "version": p.version, "agenda_item_id": p.agenda_item_id,
        "key_dates": [{"label": kd.label, "date": kd.iso, "precision": kd.precision, "qualifier": kd.qualifier}
                      for kd in p.key_dates],
    }


def minutes(record: dict) -> dict:
    # the bundle a kept revision carries is the session's record, which the session's address gives
    content = {k: v for k, v in record.items() if k != "session_record"}
    return {"status": record["status"], "revision": record.get("revision"), "record": content}


def readable_revisions(session: ForumSession) -> list:
    kept = minutes_workflow.minutes_of(session)
    if kept is None:
        return []
    return [r for r in kept.revisions if minutes_workflow.can_read_revision(current_user, session, r)]


def revision(r) -> dict:
    return {"number": r.number, "status": r.status.value, "reason": r.reason or "", "created_at": r.created_at}


def search(results: Results) -> dict:
    found = {"sessions": [], "people": [], "points": []}
    for group in results.groups:
        for hit in group.hits:
            item = hit.item
            if group.kind == "sessions":
                found["sessions"].append({"kind": "session", "id": item.id, "title": item.title,
                                          "forum": item.forum.slug, "session": item.slug})
            elif group.kind == "people":
                found["people"].append({"kind": "person", "id": item.id, "title": item.name, "forum": None,
                                        "session": None})
            else:
                found["points"].append({"kind": "point", "id": item.id, "title": item.title or item.body[:120],
                                        "forum": item.session.forum.slug, "session": item.session.slug})
    return {"query": results.query, "total": results.total, **found}


# --- writing: each rule the forms explain at a field, here at the same field, in the same words ----

def in_forum_zone(values: dict, forum: Forum) -> dict:
    """Every time given without an offset read as the forum's wall-clock time, as the forms read them."""
    return {name: in_zone(value, forum.zone) if isinstance(value, datetime) else value
            for name, value in values.items()}


def check_session(forum: Forum, values: dict, session: ForumSession | None = None) -> None:
    errors = []
    if "slug" in values and service.session_slug_taken(forum, values["slug"], exclude=session):
        errors += at_field("slug", gettext("Another session of this forum already has this slug; choose another."))
    starts = values.get("starts_at", session.starts_at if session else None)
    ends = values.get("ends_at", session.ends_at if session else None)
    if starts and ends and ends <= starts:
        errors += at_field("ends_at", gettext("The session must end after it starts."))
    if errors:
        refuse(422, errors=errors)


def _organisation(organisation_id: int | None, field: str = "organisation_id") -> Organisation | None:
    if organisation_id is None:
        return None
    found = db.session.get(Organisation, organisation_id)
    if found is None:
        refuse(422, errors=at_field(field, gettext("There is no organisation with this id.")))
    return found


def _new_person(values: dict) -> dict:
    email = values.get("email")
    if email:
        try:
            email = check_email(email)
        except ValueError as exc:
            refuse(422, errors=at_field("person.email", str(exc)))
        if service.person_email_taken(email):
            refuse(422, errors=at_field("person.email", gettext("Another person already has this email address.")))
    return {"name": values["name"], "native_name": values.get("native_name", ""), "email": email}


def add_participant(session: ForumSession, values: dict) -> Participation:
    if ("person_id" in values) == ("person" in values):
        refuse(422, errors=at_field("person_id", gettext(
            "Give either person_id (someone already recorded) or person (someone new), not both.")))
    organisation = _organisation(values.get("organisation_id"))
    if "person_id" in values:
        person = db.session.get(Person, values["person_id"])
        if person is None:
            refuse(422, errors=at_field("person_id", gettext("There is no person with this id.")))
        if any(p.person_id == person.id for p in session.participations):
            refuse(422, errors=at_field("person_id", gettext(
                "%(name)s is already a participant of this session.", name=person.name)))
    else:
        # everything named exists: only now create what is new, so a refusal leaves nothing behind
        person = service.create_person(**_new_person(values["person"]))
    return service.add_participant(session, person, values["role"], values["attendance"], values["position"],
                                   organisation)


def update_participant(row: Participation, values: dict) -> None:
    organisation = (_organisation(values["organisation_id"]) if "organisation_id" in values
                    else row.organisation)
    service.update_participant(row, values.get("role", row.role), values.get("attendance", row.attendance),
                               values.get("position", row.position), organisation)


def _speaker(session: ForumSession, speaker_id: int | None) -> Participation | None:
    if speaker_id is None:
        return None
    found = next((p for p in session.participations if p.id == speaker_id), None)
    if found is None:
        refuse(422, errors=at_field("speaker_id", gettext("The speaker must be a participant of this session.")))
    return found


def _owner(owner: dict | None):
    if owner is None:
        return None
    model = Person if owner["type"] == "person" else Organisation
    found = db.session.get(model, owner["id"])
    if found is None:
        message = (gettext("There is no person with this id.") if model is Person
                   else gettext("There is no organisation with this id."))
        refuse(422, errors=at_field("owner.id", message))
    return found


def _key_dates(values: list[dict]) -> list[service.KeyDateValue]:
    parsed, errors = [], []
    for n, kd in enumerate(values):
        try:
            day = service.parse_key_date(kd["date"], kd["precision"])
        except service.OrganiseError as exc:
            errors += at_field(f"key_dates.{n}.date", str(exc))
            continue
        if kd.get("qualifier") is not None and kd["precision"] is not DatePrecision.month:
            errors += at_field(f"key_dates.{n}.qualifier", gettext("A part of the month goes with a month, not a day."))
            continue
        parsed.append(service.KeyDateValue(kd["label"], day, kd["precision"], kd.get("qualifier")))
    if errors:
        refuse(422, errors=errors)
    return parsed


def _apply_point(row: DiscussionPoint, session: ForumSession, values: dict) -> None:
    if not (values["body"] or "").strip():
        refuse(422, errors=at_field("body", gettext("Type what was said.")))
    service.update_point(
        row, values["kind"], values["body"], values["title"], _speaker(session, values["speaker_id"]),
        service.parse_tags(", ".join(values["tags"])), _owner(values["owner"]), values["due_on"], values["status"],
        _key_dates(values["key_dates"]))


def add_point(session: ForumSession, values: dict) -> DiscussionPoint:
    speaker = _speaker(session, values["speaker_id"])
    if not values["body"].strip():
        refuse(422, errors=at_field("body", gettext("Type what was said.")))
    return service.create_point(
        session, values["kind"], values["body"], values["title"], speaker,
        service.parse_tags(", ".join(values["tags"])), owner=_owner(values["owner"]), due_on=values["due_on"],
        key_dates=_key_dates(values["key_dates"]), status=values["status"])


def update_point(row: DiscussionPoint, values: dict) -> None:
    values = dict(values)
    number = values.pop("number", None)
    current = point(row)
    merged = {
        "kind": row.kind, "title": row.title or "", "body": row.body or "", "speaker_id": row.speaker_id,
        "tags": current["tags"], "due_on": row.due_on, "status": row.status,
        "owner": {"type": current["owner"]["type"], "id": current["owner"]["id"]} if current["owner"] else None,
        "key_dates": [{**kd} for kd in current["key_dates"]],
        **values,
    }
    if merged["kind"] is not PointKind.action:
        merged["owner"], merged["due_on"], merged["status"] = None, None, None
    # one flush for the change and the move, so the row's version and its audit move once
    with db.session.no_autoflush:
        _apply_point(row, row.session, merged)
        if number is not None:
            service.move_point_to(row, number)


# --- groups and the agenda ---------------------------------------------------------------------------

def update_group(row: ParticipantGroup, values: dict) -> None:
    with db.session.no_autoflush:
        if "name" in values:
            service.rename_group(row, values["name"])
        if "position" in values:
            service.move_group_to(row, values["position"])


def _presenter(presenter_id: int | None) -> Participation | None:
    if presenter_id is None:
        return None
    found = db.session.get(Participation, presenter_id)
    if found is None:
        refuse(422, errors=at_field("presenter_id", gettext("The presenter must be a participant of this session.")))
    # one of another session: the agenda's own rule (plan.AgendaError) refuses it, at the same field
    return found


def _planned(values: dict, change):
    """Make an agenda change from the API's fields; the agenda's refusal at the field it names."""
    try:
        return change(plan.ItemValues(title=values["title"], presenter=_presenter(values["presenter_id"]),
                                      presenter_name=values["presenter_name"],
                                      planned_minutes=values["planned_minutes"], notes=values["notes"]))
    except plan.AgendaError as exc:
        db.session.rollback()
        refuse(422, errors=at_field(exc.field or "title", str(exc)))


def add_agenda_item(session: ForumSession, values: dict) -> AgendaItem:
    return _planned(values, lambda item_values: plan.add_item(session, item_values))


def update_agenda_item(row: AgendaItem, values: dict) -> None:
    values = dict(values)
    number = values.pop("number", None)
    merged = {"title": row.title, "presenter_id": row.presenter_id, "presenter_name": row.presenter_name or "",
              "planned_minutes": row.planned_minutes, "notes": row.notes or "", **values}
    # a presenter is a participant or a typed name: giving one replaces the other, as in the form
    if values.get("presenter_id") is not None and "presenter_name" not in values:
        merged["presenter_name"] = ""
    if values.get("presenter_name") and "presenter_id" not in values:
        merged["presenter_id"] = None
    with db.session.no_autoflush:
        _planned(merged, lambda item_values: plan.update_item(row, item_values))
        if number is not None:
            plan.move_item_to(row, number)
