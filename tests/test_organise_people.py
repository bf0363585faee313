"""Finding and creating people and organisations, and adding them to sessions as participants."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from eventsite.models import (
    AuditEntry, Organisation, OrganisationKind, ParticipantGroup, Participation, Person, Role, db,
)

URL = "/forums/{f}/{s}/participants"


@pytest.fixture
def organiser(auth):
    auth.login_as("organiser")


@pytest.fixture
def session(make):
    s = make.session(forum=make.forum(slug="tp"), slug="clusters")
    db.session.commit()
    return s


def participants_url(session):
    return URL.format(f=session.forum.slug, s=session.slug)


def test_people_search_finds_matches_among_a_thousand_people(client, organiser):
    db.session.execute(sa.insert(Person), [{"name": f"Person {n:04d}", "native_name": "", "version": 1}
                                           for n in range(1000)])
    db.session.execute(sa.insert(Person), [{"name": "Artyom Shadrin", "native_name": "Артём Шадрин", "version": 1}])
    db.session.commit()
    found = client.get("/people/search?q=shadr").get_json()
    assert [p["label"] for p in found] == ["Artyom Shadrin"]
    assert found[0]["value"].startswith("person:")
    many = client.get("/people/search?q=person 01").get_json()
    assert len(many) == 20  # at most 20, of the 100 that match
    assert many[0]["label"] == "Person 0100"
    assert client.get("/people/search?q=").get_json() == []


@pytest.mark.parametrize("q", ["shad", "SHADRIN", "art shad", "шадр", "Артем", "артём шадрин", "a.shadrin@sbr"])
def test_a_person_is_found_by_the_beginnings_of_their_names_or_by_their_address(client, organiser, make, q):
    # by the search index: the beginnings of words, in either script, in any case, ё as е; an address from
    # its beginning, once it has an @ in it
    make.person(name="Artyom Shadrin", native_name="Артём Шадрин", email="a.shadrin@sbras.ru")
    make.person(name="Olga Artemova", email="o.artemova@example.org")
    db.session.commit()
    assert [p["label"] for p in client.get("/people/search", query_string={"q": q}).get_json()] == ["Artyom Shadrin"]
    page = client.get("/people/", query_string={"q": q}).text
    assert "Artyom Shadrin" in page and "Olga Artemova" not in page


def test_a_person_is_not_found_by_the_middle_of_a_word(client, organiser, make):
    make.person(name="Artyom Shadrin", email="a.shadrin@sbras.ru")
    db.session.commit()
    for q in ("adrin", "sbras", "shadrin.ru"):
        assert client.get("/people/search", query_string={"q": q}).get_json() == [], q


def test_the_names_that_begin_with_the_words_come_first_in_the_lookup_and_the_list(client, organiser, make):
    for name in ("Anna Ivanova", "Ivan Petrov", "Ivanna Kotova", "Boris Ivanov"):
        make.person(name=name)
    db.session.commit()
    assert [p["label"] for p in client.get("/people/search?q=ivan").get_json()] == [
        "Ivan Petrov", "Ivanna Kotova", "Anna Ivanova", "Boris Ivanov"]
    page = client.get("/people/?q=ivan").text
    assert page.index("Ivan Petrov") < page.index("Ivanna Kotova") < page.index("Anna Ivanova") < page.index("Boris Ivanov")


def test_a_typed_name_is_the_person_of_that_name_in_either_script_and_any_case(client, organiser, session, make):
    person = make.person(name="Artyom Shadrin", native_name="Артём Шадрин")
    make.person(name="Artyom Shadrinsky")
    db.session.commit()
    for typed in ("артем шадрин", "ARTYOM SHADRIN"):
        response = client.post(participants_url(session), data={"person_name": typed, "role": "speaker",
                                                                 "attendance": "attended"})
        assert response.status_code == 302, typed
        db.session.refresh(session)
        assert [p.person_id for p in session.participations] == [person.id]
        db.session.delete(session.participations[0])
        db.session.commit()


def test_the_participants_page_does_not_list_every_person(client, organiser, session):
    db.session.execute(sa.insert(Person), [{"name": f"Person {n:04d}", "native_name": "", "version": 1}
                                           for n in range(1000)])
    db.session.commit()
    page = client.get(participants_url(session)).text
    assert "Person 0999" not in page and 'data-lookup-url="/people/search"' in page


def test_people_list_is_paginated_and_searchable(client, organiser):
    db.session.execute(sa.insert(Person), [{"name": f"Person {n:04d}", "native_name": "", "version": 1}
                                           for n in range(1000)])
    db.session.commit()
    first = client.get("/people/").text
    # 1,000 and the participant account's person, 20 a page
    assert "Page 1 of 51" in first and "Person 0000" in first and "Person 0020" not in first
    assert "Person 0999" in client.get("/people/?q=0999").text


def test_adding_a_participant_keeps_position_and_organisation_as_at_the_session(client, organiser, session, make):
    person = make.person(name="Artyom Shadrin", native_name="Артём Шадрин")
    minec = make.organisation(name="Ministry of Economic Development of Russia")
    db.session.commit()
    response = client.post(participants_url(session), data={
        "person_name": "Artyom Shadrin", "person_id": f"person:{person.id}", "role": "moderator",
        "attendance": "attended", "position": "Director of the Department of Social Development and Innovation",
        "organisation_name": minec.name, "organisation_id": f"organisation:{minec.id}",
    }, follow_redirects=True)
    assert "Added Artyom Shadrin as moderator." in response.text
    participation = db.session.execute(db.select(Participation)).scalar_one()
    assert participation.role is Role.moderator and participation.organisation_id == minec.id
    # the person moves on: their name and email change, and they join another organisation elsewhere
    client.post(f"/people/{person.id}/edit", data={"name": "Artyom Shadrin", "native_name": "Артём Шадрин",
                                                  "email": "a@example.org", "version": 1})
    other = make.session(forum=session.forum, slug="later")
    db.session.commit()
    client.post(participants_url(other), data={"person_name": "Artyom Shadrin", "role": "speaker",
                                               "attendance": "attended", "position": "Deputy Minister",
                                               "new_organisation": "Another Ministry"})
    page = client.get("/forums/tp/clusters/").text
    assert "Director of the Department of Social Development and Innovation, Ministry of Economic Development" in page
    assert "Deputy Minister" not in page


def test_a_participant_can_be_created_inline_with_a_new_organisation(client, organiser, session):
    response = client.post(participants_url(session), data={
        "new_name": "Ivan Petrov", "new_native_name": "Иван Петров", "new_email": "ivan@example.org",
        "role": "speaker", "attendance": "invited", "position": "Head", "new_organisation": "Cluster of Novosibirsk",
        "new_organisation_kind": "cluster",
    }, follow_redirects=True)
    assert "Added Ivan Petrov as speaker." in response.text
    person = db.session.execute(db.select(Person).filter_by(name="Ivan Petrov")).scalar_one()
    assert (person.native_name, person.email) == ("Иван Петров", "ivan@example.org")
    org = db.session.execute(db.select(Organisation)).scalar_one()
    assert org.kind is OrganisationKind.cluster
    assert session.participations[0].affiliation == "Head, Cluster of Novosibirsk"


def test_a_typed_name_without_javascript_is_looked_up_and_ambiguity_offers_choices(client, organiser, session, make):
    make.person(name="Anna Ivanova")
    second = make.person(name="Anna Smirnova")
    db.session.commit()
    response = client.post(participants_url(session), data={"person_name": "anna", "role": "speaker",
                                                             "attendance": "attended", "position": "Professor"})
    assert response.status_code == 422
    assert "2 match “anna”: choose below." in response.text
    assert f'value="person:{second.id}"' in response.text and 'value="Professor"' in response.text
    assert not session.participations
    picked = client.post(participants_url(session), data={"person_name": "anna", "person_name_pick": f"person:{second.id}",
                                                          "role": "speaker", "attendance": "attended"})
    assert picked.status_code == 302
    db.session.refresh(session)
    assert [p.person.name for p in session.participations] == ["Anna Smirnova"]


def test_an_unknown_person_is_refused_and_nothing_is_created(client, organiser, session):
    response = client.post(participants_url(session), data={"person_name": "Nobody Known", "role": "speaker",
                                                             "attendance": "attended", "new_organisation": "New Org"})
    assert response.status_code == 422
    assert "Nobody matches “Nobody Known”" in response.text
    assert db.session.execute(db.select(Organisation)).first() is None


def test_editing_and_removing_a_participant(client, organiser, session, make):
    participation = make.participation(session, make.person(name="Olga"), position="Analyst")
    db.session.commit()
    url = f"{participants_url(session)}/{participation.id}/edit"
    assert 'value="Analyst"' in client.get(url).text
    response = client.post(url, data={"role": "rapporteur", "attendance": "excused", "position": "Lead analyst",
                                      "version": 1}, follow_redirects=True)
    assert "Saved Olga" in response.text
    db.session.refresh(participation)
    assert (participation.role.value, participation.position) == ("rapporteur", "Lead analyst")
    page = client.get(participants_url(session)).text
    # "Remove" asks first, on a page of its own that names the points losing their speaker
    assert f'href="{participants_url(session)}/{participation.id}/remove"' in page
    assert "Remove Olga from this session?" in client.get(f"{participants_url(session)}/{participation.id}/remove").text
    client.post(f"{participants_url(session)}/{participation.id}/remove")
    assert db.session.execute(db.select(Participation)).first() is None


def test_groups_are_added_renamed_ordered_and_removed(client, organiser, session):
    base = "/forums/tp/clusters/groups"
    for name in ("state offices", "business", "IT and BIO branches"):
        assert client.post(base, data={"group-name": name}).status_code == 302
    groups = {g.name: g for g in db.session.execute(db.select(ParticipantGroup)).scalars()}
    client.post(f"{base}/{groups['business'].id}/move", data={"direction": "up"})
    client.post(f"{base}/{groups['IT and BIO branches'].id}/rename",
                data={f"g{groups['IT and BIO branches'].id}-name": "representatives of the IT and BIO branches",
                      f"g{groups['IT and BIO branches'].id}-version": 1})
    client.post(f"{base}/{groups['state offices'].id}/remove")
    db.session.expire_all()
    assert [g.name for g in session.groups] == ["business", "representatives of the IT and BIO branches"]
    refused = client.post(base, data={"group-name": ""})
    assert refused.status_code == 422 and "Describe the group." in refused.text


def test_organisations_are_created_with_kind_and_parent(client, organiser):
    client.post("/organisations/new", data={"name": "Ministry of Economic Development of Russia",
                                            "short_name": "MinEc", "kind": "government"})
    response = client.post("/organisations/new", data={"name": "Department of Social Development",
                                                       "kind": "government", "parent_name": "minec"},
                           follow_redirects=True)
    assert "Added Department of Social Development." in response.text
    department = db.session.execute(db.select(Organisation).filter_by(name="Department of Social Development")).scalar_one()
    assert department.parent.short_name == "MinEc"
    duplicate = client.post("/organisations/new", data={"name": "ministry of economic development of russia",
                                                        "kind": "government"})
    assert duplicate.status_code == 422 and "already exists" in duplicate.text


def test_editing_a_person_is_audited_with_who_before_and_after(client, organiser, make, users):
    person = make.person(name="Artem Shadrin")
    db.session.commit()
    client.post(f"/people/{person.id}/edit", data={"name": "Artyom Shadrin", "native_name": "", "email": "",
                                                  "version": 1})
    entry = db.session.execute(db.select(AuditEntry).filter_by(entity="person", action="update")).scalar_one()
    assert entry.user_id == users["organiser"].id
    assert (entry.before["name"], entry.after["name"]) == ("Artem Shadrin", "Artyom Shadrin")


def test_search_ignores_case_in_cyrillic_too(client, organiser, make):
    make.person(name="Artyom Shadrin", native_name="Артём Шадрин")
    db.session.commit()
    assert [p["label"] for p in client.get("/people/search?q=шадрин").get_json()] == ["Artyom Shadrin"]
    assert "Artyom Shadrin" in client.get("/people/?q=ШАДРИН").text


def test_a_stale_participant_edit_shows_both_versions(client, organiser, session, make):
    participation = make.participation(session, make.person(name="Olga"), position="Analyst")
    db.session.commit()
    url = f"{participants_url(session)}/{participation.id}/edit"
    form = {"role": "speaker", "attendance": "attended", "version": 1}
    assert client.post(url, data={**form, "position": "Chief analyst"}).status_code == 302
    second = client.post(url, data={**form, "position": "Junior analyst", "new_organisation": "Made up"})
    assert second.status_code == 409
    assert "Someone else saved this" in second.text
    assert "Chief analyst" in second.text and 'value="Junior analyst"' in second.text
    db.session.refresh(participation)
    assert participation.position == "Chief analyst"
    assert db.session.execute(db.select(Organisation).filter_by(name="Made up")).first() is None
