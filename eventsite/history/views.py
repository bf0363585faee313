"""/audit: who changed what, when, with the values before and after; admins read all of it, organisers the
part about their forums (eventsite.permissions.audit_clause); anyone else gets 404."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_login import current_user

from eventsite.history import display
from eventsite.history.queries import Filters, audit_page
from eventsite.models import Forum, ForumSession, Person, User, UserRole, db, forum_organiser
from eventsite.permissions import can_read_audit, is_forum_organiser, role_of
from eventsite.urls import id_from, page_number

bp = Blueprint("history", __name__)

#: the filters an address may carry, and the records whose history a page links to
RECORD_ENTITIES = set(display.ENTITIES)


def _day(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _forums(user) -> list[Forum]:
    query = db.select(Forum).order_by(Forum.starts_on.desc(), Forum.id)
    if role_of(user) is not UserRole.admin:
        query = query.join(forum_organiser, forum_organiser.c.forum_id == Forum.id).where(
            forum_organiser.c.user_id == user.id)
    return list(db.session.execute(query.limit(500)).scalars())


def _staff() -> list[User]:
    query = db.select(User).where(User.role.in_([UserRole.organiser, UserRole.admin, UserRole.press]))
    return list(db.session.execute(query.order_by(User.email).limit(500)).scalars())


def _filters() -> tuple[Filters, dict]:
    """The filters the address names, and the records they name (for the page to show)."""
    args, named = request.args, {}
    filters = Filters(since=_day("since"), until=_day("until"))
    if args.get("forum"):
        forum = db.session.execute(db.select(Forum).filter_by(slug=args["forum"])).scalar_one_or_none()
        if forum is None or not (role_of(current_user) is UserRole.admin or is_forum_organiser(current_user, forum.id)):
            abort(404)
        filters.forum_id, named["forum"] = forum.id, forum
    if args.get("session"):
        session = db.session.get(ForumSession, id_from(args["session"]) or 0)
        if session is None or not (role_of(current_user) is UserRole.admin
                                   or is_forum_organiser(current_user, session.forum_id)):
            abort(404)
        filters.session_id, named["session"] = session.id, session
    if args.get("person"):
        person = db.session.get(Person, id_from(args["person"]) or 0)
        if person is None:
            abort(404)
        filters.person_id, named["person"] = person.id, person
    if args.get("user"):
        user = db.session.get(User, id_from(args["user"]) or 0)
        if user is None:
            abort(404)
        filters.user_id, named["user"] = user.id, user
    if args.get("entity") in RECORD_ENTITIES and id_from(args.get("id")) is not None:
        filters.entity, filters.entity_id = args["entity"], id_from(args["id"])
        named["record"] = (display.entity_label(filters.entity), filters.entity_id)
    return filters, named


@bp.get("/audit")
def log():
    if not can_read_audit(current_user):
        abort(404)
    filters, named = _filters()
    page = audit_page(current_user, filters, page_number(), current_app.config["PER_PAGE"])
    users = {u.id: u for u in db.session.execute(
        db.select(User).where(User.id.in_({e.user_id for e in page.entries if e.user_id}))).scalars()}
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "history/log.html", page=page, users=users, named=named, filters=filters, args=args,
        forums=_forums(current_user), staff=_staff(), display=display, names=display.current_names(page.entries),
        previous_url=url_for(".log", **args, page=page.number - 1) if page.number > 1 else None,
        next_url=url_for(".log", **args, page=page.number + 1) if page.has_next else None,
    )


def history_url(**filters) -> str | None:
    """The audit screen filtered to one record (`entity=…, id=…`), session, forum or person; None for a reader
    who may not read the audit log, so pages show the link only to those who may follow it."""
    if not can_read_audit(current_user):
        return None
    return url_for("history.log", **filters)


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.add_template_global(history_url, "history_url")
