"""One rule for e-mail addresses: what the login form accepts is what accounts, people and forums are made with."""
from __future__ import annotations

import re
import shutil

import pytest

from eventsite import create_app
from eventsite.emails import check_email
from eventsite.models import Forum, Person, User, db


def _csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def _log_in_through_the_form(client, email: str, password: str):
    token = _csrf_token(client.get("/login").text)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token},
                       follow_redirects=True)


def test_the_first_admin_logs_in_with_the_printed_address_and_password(tmp_path, monkeypatch, capsys, migrated_db):
    # the site as an administrator starts it: production configuration, CSRF on
    monkeypatch.setenv("EVENTSITE_INSTANCE_PATH", str(tmp_path))
    shutil.copy(migrated_db, tmp_path / "eventsite.sqlite")
    app = create_app()
    printed = capsys.readouterr().err
    email, password = re.search(r"account (\S+) with password (\S+)", printed).groups()

    response = _log_in_through_the_form(app.test_client(), email, password)

    assert email == "admin@localhost"
    assert f"Logged in as {email}" in response.text
    assert "Users" in response.text


@pytest.mark.parametrize("typed, stored", [
    ("Name@Example.ORG", "name@example.org"),
    ("  press@example.org\n", "press@example.org"),
    ("Admin@LocalHost", "admin@localhost"),
    ("артём@пример.рф", "артём@пример.рф"),
])
def test_addresses_are_accepted_and_normalised(typed, stored):
    assert check_email(typed) == stored


@pytest.mark.parametrize("typed, message", [
    ("", "Enter an email address."),
    ("no-at-sign", "must have an @-sign"),
    ("x@x.test", "special-use or reserved name"),
    ("someone@mail", "It should have a period"),
    ("a b@example.org", "invalid characters"),
    ("a@example.org\x00", "invalid characters"),
    ("x" * 190 + "@example.org", "at most 200 characters"),
])
def test_addresses_that_are_not_addresses_are_refused_with_a_reason(typed, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        check_email(typed)


def test_create_user_refuses_an_address_the_login_form_would_refuse(app, runner):
    result = runner.invoke(args=["create-user", "x@x.test", "--role", "admin"])

    assert result.exit_code != 0
    assert "special-use or reserved name" in result.output
    assert db.session.execute(db.select(User)).first() is None


def test_an_account_made_on_the_command_line_logs_in_through_the_form(csrf_app, client, runner):
    result = runner.invoke(args=["create-user", "Editor@Localhost", "--role", "press", "--password-stdin"],
                           input="a-long-secret-1\n")
    assert result.exit_code == 0, result.output

    response = _log_in_through_the_form(client, "editor@localhost", "a-long-secret-1")

    assert "Logged in as editor@localhost" in response.text


def test_the_admin_is_told_at_the_field_why_an_address_is_refused(client, auth):
    auth.login_as("admin")
    response = client.post("/admin/users/new", data={"email": "x@x.test", "role": "press", "person_id": 0})

    assert response.status_code == 422
    assert re.search(r'id="email-error">[^<]*special-use or reserved name', response.text)
    assert db.session.execute(db.select(User).filter_by(email="x@x.test")).first() is None


def test_the_login_form_says_what_is_wrong_with_the_address(client, users):
    response = client.post("/login", data={"email": "organiser@example", "password": "whatever-it-is"})

    assert response.status_code == 422
    assert re.search(r'id="email-error">[^<]*It should have a period', response.text)


def test_a_person_with_an_impossible_address_is_refused_at_the_field(client, auth):
    auth.login_as("organiser")
    response = client.post("/people/new", data={"name": "Ivan Petrov", "email": "ivan@mail"})

    assert response.status_code == 422
    assert re.search(r'id="email-error">[^<]*It should have a period', response.text)
    assert db.session.execute(db.select(Person).filter_by(name="Ivan Petrov")).first() is None


def test_a_person_address_is_stored_normalised(client, auth):
    auth.login_as("organiser")
    client.post("/people/new", data={"name": "Ivan Petrov", "email": " Ivan@Example.ORG "})

    assert db.session.execute(db.select(Person.email).filter_by(name="Ivan Petrov")).scalar_one() == "ivan@example.org"


def test_a_forum_press_contact_with_an_impossible_address_is_refused_at_the_field(client, auth, make):
    forum = make.forum(slug="tp")
    db.session.commit()
    auth.login_as("organiser")
    page = client.get("/forums/tp/edit").text
    assert 'name="press_contact_email"' in page
    data = {"slug": "tp", "name": forum.name, "title": forum.title, "city": forum.city, "country": forum.country,
            "starts_on": "2016-06-09", "ends_on": "2016-06-10", "timezone": forum.timezone, "language": "en",
            "about": forum.about, "press_contact_name": "Press", "press_contact_email": "press@x.invalid",
            "press_contact_phone": "", "version": forum.version}

    response = client.post("/forums/tp/edit", data=data)

    assert response.status_code == 422
    assert re.search(r'id="press_contact_email-error">[^<]*special-use or reserved name', response.text)
    db.session.expire_all()
    assert db.session.get(Forum, forum.id).press_contact_email == "press@example.org"
