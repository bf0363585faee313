"""Finding and keeping people and organisations: lists with search, forms, and the JSON lookups
behind the autocomplete of the participant and owner fields."""
from __future__ import annotations

from sqlalchemy.orm import selectinload
from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext

from eventsite.forms import QueryForm, apply_versioned
from eventsite.labels import ORGANISATION_KINDS, label
from eventsite.models import Organisation, OrganisationKind, Participation, Person, db
from eventsite.organise import service
from eventsite.organise.blueprint import bp, refused, require_editor
from eventsite.organise.forms import OrganisationForm, PersonForm
from eventsite.organise.lookups import Unresolved, resolve
from eventsite.urls import page_number

#: the most a lookup returns: enough to pick from, small enough to send on every keystroke
LOOKUP_LIMIT = 20


def person_json(person: Person) -> dict:
    detail = " · ".join(x for x in (person.native_name, person.email or "") if x)
    return {"id": person.id, "value": f"person:{person.id}", "label": person.name, "detail": detail}


def organisation_json(org: Organisation) -> dict:
    detail = " · ".join(x for x in (org.short_name, label(ORGANISATION_KINDS, org.kind)) if x)
    return {"id": org.id, "value": f"organisation:{org.id}", "label": org.name, "detail": detail}


# -- people ------------------------------------------------------------------------------------------

@bp.get("/people/")
def people():
    require_editor()
    search = QueryForm.read()
    q = search.text
    query = service.people_by_relevance(q) if q else db.select(Person).order_by(Person.name, Person.id)
    query = query.options(selectinload(Person.participations))
    page = db.paginate(query, page=page_number(), per_page=current_app.config.get("PER_PAGE", 20), error_out=False)
    return render_template("organise/people.html", page=page, q=q, query_form=search), search.status


@bp.get("/people/search")
def search_people():
    require_editor()
    search = QueryForm.read()
    if search.q.errors:
        return jsonify(error=search.q.errors[0]), 400
    return jsonify([person_json(p) for p in service.search_people(search.text, LOOKUP_LIMIT)])


@bp.route("/people/new", methods=["GET", "POST"])
def new_person():
    require_editor()
    form = PersonForm()
    if form.validate_on_submit():
        person = service.create_person(form.name.data, form.native_name.data, form.email.data)
        db.session.commit()
        flash(gettext("Added %(name)s.", name=person.name), "success")
        return redirect(url_for(".people", q=person.name))
    return render_template("organise/person_form.html", form=form, person=None), refused(form)


@bp.route("/people/<int:person_id>/edit", methods=["GET", "POST"])
def edit_person(person_id: int):
    require_editor()
    person = db.get_or_404(Person, person_id)
    form = PersonForm(obj=person if request.method == "GET" else None, person=person)
    if form.validate_on_submit():
        def apply(p: Person):
            p.name = form.name.data
            p.native_name = form.native_name.data or ""
            p.email = service.normalise_email(form.email.data)

        conflict = apply_versioned(person, form, apply)
        if conflict is None:
            flash(gettext("Saved %(name)s. Positions recorded at past sessions are unchanged.", name=person.name),
                  "success")
            return redirect(url_for(".people", q=person.name))
        return render_template("organise/person_form.html", form=form, person=person, conflict=conflict,
                               sessions=_sessions_of(person)), 409
    return render_template("organise/person_form.html", form=form, person=person,
                           sessions=_sessions_of(person)), refused(form)


def _sessions_of(person: Person) -> list[Participation]:
    # a session in the trash is not shown (its participation waits there with it)
    return sorted((p for p in person.participations if p.session is not None), key=lambda p: p.session.starts_at,
                  reverse=True)


# -- organisations -----------------------------------------------------------------------------------

@bp.get("/organisations/")
def organisations():
    require_editor()
    search = QueryForm.read()
    q = search.text
    query = db.select(Organisation).order_by(Organisation.name)
    if q:
        query = query.where(service.contains_text(q, Organisation.name, Organisation.short_name))
    page = db.paginate(query, page=page_number(), per_page=current_app.config.get("PER_PAGE", 20), error_out=False)
    return render_template("organise/organisations.html", page=page, q=q, query_form=search), search.status


@bp.get("/organisations/search")
def search_organisations():
    require_editor()
    search = QueryForm.read()
    if search.q.errors:
        return jsonify(error=search.q.errors[0]), 400
    return jsonify([organisation_json(o) for o in service.search_organisations(search.text, LOOKUP_LIMIT)])


@bp.get("/owners/search")
def search_owners():
    """An action's owner is a person or an organisation: both, people first."""
    require_editor()
    search = QueryForm.read()
    if search.q.errors:
        return jsonify(error=search.q.errors[0]), 400
    q = search.text
    people = [dict(person_json(p), kind="person") for p in service.search_people(q, LOOKUP_LIMIT // 2)]
    orgs = [dict(organisation_json(o), kind="organisation")
            for o in service.search_organisations(q, LOOKUP_LIMIT - len(people))]
    return jsonify(people + orgs)


def _parent(form: OrganisationForm, organisation: Organisation | None):
    """The parent the form names (None for none), or False after putting an error at the field."""
    try:
        parent = resolve(form.parent_name, form.parent_id, ("organisation",), "parent")
    except Unresolved:
        return False
    if parent is not None and organisation is not None and _is_within(parent, organisation):
        form.parent_name.errors.append(gettext("An organisation cannot be part of itself."))
        return False
    return parent


def _contact(form: OrganisationForm):
    """The contact person the form names (None for none), or False after putting an error at the field."""
    try:
        return resolve(form.contact_name, form.contact_ref, ("person",), "contact")
    except Unresolved:
        return False


def _is_within(candidate: Organisation, organisation: Organisation) -> bool:
    seen = set()
    while candidate is not None and candidate.id not in seen:
        if candidate.id == organisation.id:
            return True
        seen.add(candidate.id)
        candidate = candidate.parent
    return False


@bp.route("/organisations/new", methods=["GET", "POST"])
def new_organisation():
    require_editor()
    form = OrganisationForm()
    if form.validate_on_submit():
        parent, contact = _parent(form, None), _contact(form)
        if parent is not False and contact is not False:
            org = service.create_organisation(form.name.data, form.short_name.data,
                                              OrganisationKind(form.kind.data), parent, contact)
            db.session.commit()
            flash(gettext("Added %(name)s.", name=org.name), "success")
            return redirect(url_for(".organisations", q=org.name))
    return render_template("organise/organisation_form.html", form=form, organisation=None), refused(form)


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
def edit_organisation(organisation_id: int):
    require_editor()
    org = db.get_or_404(Organisation, organisation_id)
    form = OrganisationForm(obj=org if request.method == "GET" else None, organisation=org)
    if request.method == "GET":
        form.kind.data = org.kind.value
        form.parent_name.data = org.parent.name if org.parent else ""
        form.parent_id.data = f"organisation:{org.parent_id}" if org.parent_id else ""
        form.contact_name.data = org.contact_person.name if org.contact_person else ""
        form.contact_ref.data = f"person:{org.contact_person_id}" if org.contact_person_id else ""
    if form.validate_on_submit():
        parent, contact = _parent(form, org), _contact(form)
        if parent is not False and contact is not False:
            def apply(o: Organisation):
                o.name = form.name.data
                o.short_name = form.short_name.data or ""
                o.kind = OrganisationKind(form.kind.data)
                o.parent = parent
                o.contact_person = contact

            conflict = apply_versioned(org, form, apply)
            if conflict is None:
                flash(gettext("Saved %(name)s.", name=org.name), "success")
                return redirect(url_for(".organisations", q=org.name))
            return render_template("organise/organisation_form.html", form=form, organisation=org,
                                   conflict=conflict), 409
    return render_template("organise/organisation_form.html", form=form, organisation=org), refused(form)
