"""Accounts: logging in and out, and the admin's page of users."""
from __future__ import annotations

import html
import re
import time

import pytest

from conftest import PASSWORD, AuthActions
from eventsite.models import User, UserRole, db


def _user(email: str) -> User:
    db.session.expire_all()
    return db.session.execute(db.select(User).filter_by(email=email)).scalar_one()


# logging in and out


def test_login_with_the_right_password_shows_the_user(client, users):
    response = client.post("/login", data={"email": "organiser@example.org", "password": PASSWORD},
                           follow_redirects=True)
    assert response.status_code == 200
    assert "Logged in as organiser@example.org" in response.text
    assert "Log out" in response.text


def test_login_ignores_the_case_of_the_email(client, users):
    response = client.post("/login", data={"email": " Organiser@Example.ORG", "password": PASSWORD},
                           follow_redirects=True)
    assert "Logged in as organiser@example.org" in response.text


def test_wrong_password_is_refused_with_a_message(client, users):
    response = client.post("/login", data={"email": "organiser@example.org", "password": "not-it"})
    assert response.status_code == 422
    assert "Wrong email or password." in response.text
    assert "Log out" not in client.get("/").text


def test_unknown_email_gets_the_same_message_as_a_wrong_password(client, users):
    response = client.post("/login", data={"email": "nobody@example.org", "password": PASSWORD})
    assert response.status_code == 422
    assert "Wrong email or password." in response.text


def test_login_keeps_the_typed_email_when_it_refuses(client, users):
    response = client.post("/login", data={"email": "organiser@example.org", "password": "not-it"})
    assert 'value="organiser@example.org"' in response.text


def test_inactive_user_cannot_log_in(client, users):
    users["press"].active = False
    db.session.commit()
    response = client.post("/login", data={"email": "press@example.org", "password": PASSWORD})
    assert response.status_code == 422
    assert "Wrong email or password." in response.text


def test_deactivated_user_is_logged_out_at_the_next_request(client, auth, users):
    auth.login_as("press")
    assert "Log out" in client.get("/").text
    users["press"].active = False
    db.session.commit()
    assert "Log out" not in client.get("/").text


def test_logout_is_post_only(client, auth):
    auth.login_as("organiser")
    assert client.get("/logout").status_code == 405
    assert "Log out" in client.get("/").text
    response = client.post("/logout", follow_redirects=True)
    assert "Logged out." in response.text
    assert "Log out" not in response.text


def test_passwords_are_stored_hashed(app, users):
    stored = _user("organiser@example.org").password_hash
    assert PASSWORD not in stored
    assert stored.startswith(("scrypt:", "pbkdf2:"))


def test_the_hash_method_is_werkzeugs_default_unless_configured(app):
    from eventsite.accounts.service import create_user

    configured = create_user("fast@example.org", "press", "a-long-secret-1")
    app.config["PASSWORD_HASH_METHOD"] = None
    default = create_user("slow@example.org", "press", "a-long-secret-1")
    assert configured.password_hash.startswith("pbkdf2:sha256:1000$")
    assert default.password_hash.startswith("scrypt:")
    assert configured.check_password("a-long-secret-1") and default.check_password("a-long-secret-1")


@pytest.mark.parametrize("target", ["/forums/x/", "/admin/users?page=2"])
def test_login_redirects_to_a_local_next_path(client, users, target):
    response = client.post("/login?next=" + target, data={"email": "admin@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == target


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "/\\evil.example/", "\\\\evil.example", "/\t/evil.example",
    "javascript:alert(1)", "http:/evil.example",
])
def test_login_never_redirects_off_site(client, users, target):
    response = client.post("/login", query_string={"next": target},
                           data={"email": "admin@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


# the admin's page of users


def test_admin_page_lists_users(client, auth):
    auth.login_as("admin")
    page = client.get("/admin/users").text
    for role in ("participant", "press", "organiser", "admin"):
        assert f"{role}@example.org" in page


def test_anonymous_is_sent_to_log_in_for_the_admin_page(client, users):
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("role", ["participant", "press", "organiser"])
def test_non_admins_may_not_manage_users(client, auth, role):
    auth.login_as(role)
    assert client.get("/admin/users").status_code == 403
    assert client.get("/admin/users/new").status_code == 403
    response = client.post("/admin/users/new", data={"email": "new@example.org", "role": "admin", "person_id": 0})
    assert response.status_code == 403
    assert db.session.execute(db.select(User).filter_by(email="new@example.org")).scalar_one_or_none() is None


def test_admin_creates_a_user_and_sees_the_generated_password_once(client, auth):
    auth.login_as("admin")
    response = client.post("/admin/users/new", data={
        "email": "New.Press@example.org", "name": "New Press", "role": "press", "person_id": 0, "active": "y",
    }, follow_redirects=True)
    assert "Created new.press@example.org (press office)" in response.text
    password = re.search(r"Its password is (\S+) ", response.text).group(1)
    assert "Its password is" not in client.get("/admin/users").text
    created = _user("new.press@example.org")
    assert created.role is UserRole.press and created.check_password(password)
    client.post("/logout")
    assert "Logged in as new.press@example.org" in client.post(
        "/login", data={"email": "new.press@example.org", "password": password}, follow_redirects=True).text


def test_admin_creating_a_duplicate_email_is_told_at_the_field(client, auth):
    auth.login_as("admin")
    response = client.post("/admin/users/new", data={"email": "press@example.org", "role": "press", "person_id": 0})
    assert response.status_code == 422
    assert "already exists" in response.text
    assert db.session.execute(db.select(db.func.count(User.id))).scalar_one() == 4


def test_admin_changes_a_role(client, auth, users):
    auth.login_as("admin")
    press = users["press"]
    response = client.post(f"/admin/users/{press.id}", data={
        "email": press.email, "name": press.name, "role": "organiser", "person_id": 0, "active": "y",
        "version": press.version,
    }, follow_redirects=True)
    assert "Saved press@example.org." in response.text
    assert _user("press@example.org").role is UserRole.organiser


def test_admin_links_a_person_to_an_account(client, auth, users, make):
    person = make.person(name="Artyom Shadrin", native_name="Артём Шадрин")
    db.session.commit()
    auth.login_as("admin")
    press = users["press"]
    client.post(f"/admin/users/{press.id}", data={
        "email": press.email, "role": "participant", "person_id": person.id, "active": "y", "version": press.version,
    })
    assert _user("press@example.org").person_id == person.id
    assert "Artyom Shadrin" in client.get("/admin/users").text


def test_a_person_cannot_be_linked_to_two_accounts(client, auth, users):
    auth.login_as("admin")
    taken = users["participant"].person
    press = users["press"]
    response = client.post(f"/admin/users/{press.id}", data={
        "email": press.email, "role": "participant", "person_id": taken.id, "active": "y", "version": press.version,
    })
    assert response.status_code == 422
    assert "already linked to the account participant@example.org" in response.text
    assert _user("press@example.org").person_id is None


def test_admin_cannot_demote_themselves(client, auth, users):
    auth.login_as("admin")
    admin = users["admin"]
    response = client.post(f"/admin/users/{admin.id}", data={
        "email": admin.email, "role": "organiser", "person_id": 0, "active": "y", "version": admin.version,
    })
    assert response.status_code == 422
    assert "You cannot take away your own admin role" in response.text
    assert _user("admin@example.org").role is UserRole.admin


def test_admin_cannot_deactivate_themselves(client, auth, users):
    auth.login_as("admin")
    admin = users["admin"]
    client.post(f"/admin/users/{admin.id}", data={
        "email": admin.email, "role": "admin", "person_id": 0, "version": admin.version,
    })
    assert _user("admin@example.org").active is True


def test_stale_edit_of_a_user_shows_both_versions(client, auth, users):
    auth.login_as("admin")
    press = users["press"]
    loaded_version = press.version
    # someone else renames the account after the form was loaded
    press.name = "Renamed Meanwhile"
    db.session.commit()
    response = client.post(f"/admin/users/{press.id}", data={
        "email": press.email, "name": "My Typed Name", "role": "press", "person_id": 0, "active": "y",
        "version": loaded_version,
    })
    assert response.status_code == 409
    assert "Someone else saved this while you were editing" in response.text
    assert "My Typed Name" in response.text and "Renamed Meanwhile" in response.text
    assert _user("press@example.org").name == "Renamed Meanwhile"


def test_admin_sets_a_new_password(client, auth, users):
    auth.login_as("admin")
    press = users["press"]
    client.post(f"/admin/users/{press.id}", data={
        "email": press.email, "role": "press", "person_id": 0, "active": "y", "version": press.version,
        "password": "a-brand-new-secret",
    })
    assert _user("press@example.org").check_password("a-brand-new-secret")


# passwords: common and trivial ones are refused wherever a password is set


@pytest.mark.parametrize("password, message", [
    ("12345678", "This password is too easy to guess. This is a top-10 common password."),
    ("password", "This password is too easy to guess. This is a top-10 common password."),
    ("new.admin@example.org", "A password cannot be the account's email address or name."),
    ("New Admin", "A password cannot be the account's email address or name."),
    ("qwertyuiop", "This password is too easy to guess."),
    ("NewAdmin1", "This password is too easy to guess."),
    ("short", "A password needs at least 8 characters."),
])
def test_the_admin_cannot_give_an_account_an_easy_password(client, auth, password, message):
    auth.login_as("admin")
    response = client.post("/admin/users/new", data={
        "email": "new.admin@example.org", "name": "New Admin", "role": "admin", "person_id": 0, "active": "y",
        "password": password,
    })
    assert response.status_code == 422
    assert re.search(r'id="password-error">' + re.escape(message), html.unescape(response.text))
    assert db.session.execute(db.select(User).filter_by(email="new.admin@example.org")).first() is None


def test_the_admin_cannot_reset_a_password_to_an_easy_one(client, auth, users):
    auth.login_as("admin")
    press = users["press"]
    response = client.post(f"/admin/users/{press.id}", data={
        "email": press.email, "role": "press", "person_id": 0, "active": "y", "version": press.version,
        "password": "press@example.org",
    })
    assert response.status_code == 422
    assert "A password cannot be the account's email address or name." in html.unescape(response.text)
    assert _user("press@example.org").check_password(PASSWORD)


@pytest.mark.parametrize("password", ["12345678", "password", "admin@example.org"])
def test_create_user_refuses_an_easy_password(runner, app, password):
    result = runner.invoke(args=["create-user", "admin@example.org", "--role", "admin", "--password-stdin"],
                           input=password + "\n")
    assert result.exit_code != 0
    assert "Error: " in result.output and ("too easy to guess" in result.output or "email address" in result.output)
    assert db.session.execute(db.select(User)).first() is None


# sessions: logging out, or a new password, ends every session of the account


def _copy_of_the_login_cookie(app, client):
    """Another browser holding a copy of `client`'s session cookie, as a thief or a forgotten tab would."""
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


def _logged_in(client) -> bool:
    return "Log out" in client.get("/").text


def test_a_copied_cookie_is_logged_out_by_logging_out(app, client, auth):
    auth.login_as("organiser")
    copy = _copy_of_the_login_cookie(app, client)
    assert _logged_in(copy)

    auth.logout()

    assert not _logged_in(copy)
    assert copy.get("/admin/users").status_code == 302


def test_logging_out_ends_the_session_in_every_browser(app, client, auth):
    auth.login_as("organiser")
    elsewhere = app.test_client()
    AuthActions(elsewhere).login("organiser@example.org")

    auth.logout()

    assert not _logged_in(elsewhere)


def test_logging_in_again_after_logging_out_works(client, auth):
    auth.login_as("organiser")
    auth.logout()
    auth.login_as("organiser")
    assert _logged_in(client)


def test_a_cookie_made_before_session_tokens_logs_nobody_in(client, users):
    with client.session_transaction() as session:
        session["_user_id"] = str(users["admin"].id)  # what flask-login kept before
    assert not _logged_in(client)
    assert client.get("/admin/users").status_code == 302


def test_an_admins_new_password_for_a_user_logs_that_user_out(app, client, auth, users):
    press = app.test_client()
    AuthActions(press).login("press@example.org")
    auth.login_as("admin")
    client.post(f"/admin/users/{users['press'].id}", data={
        "email": "press@example.org", "role": "press", "person_id": 0, "active": "y",
        "version": users["press"].version, "password": "a-brand-new-secret",
    })
    assert not _logged_in(press)
    assert _logged_in(client)


# the account page: a user changes their own password


def _change_password(client, current=PASSWORD, new="a-brand-new-secret", again=None):
    return client.post("/account", data={"current_password": current, "new_password": new,
                                         "new_password_again": new if again is None else again})


def test_the_header_links_to_the_account_page(client, auth):
    auth.login_as("press")
    assert 'href="/account"' in client.get("/").text
    page = client.get("/account").text
    assert "press@example.org" in page and "Change your password" in page


def test_the_account_page_needs_a_login(client, users):
    response = client.get("/account")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")
    assert 'href="/account"' not in client.get("/").text


def test_a_user_changes_their_own_password(app, client, auth):
    auth.login_as("press")
    copy = _copy_of_the_login_cookie(app, client)

    response = _change_password(client)

    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "Your password is changed." in page and "Log out" in page  # this browser stays logged in
    assert not _logged_in(copy)  # every other is logged out
    auth.logout()
    assert auth.login("press@example.org", PASSWORD).status_code == 422
    assert auth.login("press@example.org", "a-brand-new-secret").status_code == 302


@pytest.mark.parametrize("data, field, message", [
    (dict(current="not-my-password"), "current_password", "This is not your current password."),
    (dict(again="a-brand-new-secreT"), "new_password_again", "The two new passwords differ."),
    (dict(new="password"), "new_password", "This password is too easy to guess."),
    (dict(new="press@example.org"), "new_password", "A password cannot be the account's email address or name."),
    (dict(new=PASSWORD), "new_password", "The new password is the one you have; choose another."),
])
def test_a_refused_password_change_says_why_at_the_field(client, auth, data, field, message):
    auth.login_as("press")
    response = _change_password(client, **data)
    assert response.status_code == 422
    assert re.search(f'id="{field}-error">' + re.escape(message), html.unescape(response.text))
    assert _user("press@example.org").check_password(PASSWORD)
    assert _logged_in(client)


# throttling: wrong passwords are counted per account and per client address


def _wrong_logins(client, emails, password="not-the-password"):
    for email in emails:
        response = client.post("/login", data={"email": email, "password": password})
        assert response.status_code == 422 and "Wrong email or password." in response.text


def test_after_ten_wrong_passwords_even_the_right_one_waits_a_few_minutes(client, users):
    _wrong_logins(client, ["organiser@example.org"] * 10)

    response = client.post("/login", data={"email": "organiser@example.org", "password": PASSWORD})

    assert response.status_code == 429
    assert "Too many wrong passwords. Try again in 5 minutes." in response.text
    assert 'value="organiser@example.org"' in response.text
    assert 240 < int(response.headers["Retry-After"]) <= 300
    assert "Log out" not in client.get("/").text


def test_one_throttled_account_does_not_lock_out_another_at_the_same_address(client, users):
    _wrong_logins(client, ["organiser@example.org"] * 10)
    response = client.post("/login", data={"email": "press@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_logging_in_with_the_right_password_never_counts(client, auth):
    for _ in range(15):
        assert auth.login_as("organiser").status_code == 302
        auth.logout()


@pytest.mark.parametrize("app_config", [{"LOGIN_LIMIT_PER_ACCOUNT": "1 per 1 second"}])
def test_the_owner_logs_in_once_the_window_is_over(client, users):
    _wrong_logins(client, ["organiser@example.org"])
    assert client.post("/login", data={"email": "organiser@example.org", "password": PASSWORD}).status_code == 429
    time.sleep(1.1)
    assert client.post("/login", data={"email": "organiser@example.org", "password": PASSWORD}).status_code == 302


def test_after_fifty_wrong_logins_from_one_address_it_waits(app, client, users):
    _wrong_logins(client, [f"guess-{n}@example.org" for n in range(50)])

    response = client.post("/login", data={"email": "press@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many wrong passwords." in response.text
    # a forged X-Forwarded-For does not make another client: no proxy is trusted by default
    forged = client.post("/login", data={"email": "press@example.org", "password": PASSWORD},
                         headers={"X-Forwarded-For": "203.0.113.9"})
    assert forged.status_code == 429
    elsewhere = app.test_client().post("/login", data={"email": "press@example.org", "password": PASSWORD},
                                       environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert elsewhere.status_code == 302


@pytest.mark.parametrize("app_config", [{"TRUSTED_PROXIES": 1, "LOGIN_LIMIT_PER_ADDRESS": "2 per 5 minutes"}])
def test_behind_a_trusted_proxy_the_address_is_the_one_it_forwards(client, users):
    behind = {"X-Forwarded-For": "203.0.113.5"}
    for email in ("a@example.org", "b@example.org"):
        client.post("/login", data={"email": email, "password": "not-it"}, headers=behind)
    assert client.post("/login", data={"email": "press@example.org", "password": PASSWORD},
                       headers=behind).status_code == 429
    assert client.post("/login", data={"email": "press@example.org", "password": PASSWORD},
                       headers={"X-Forwarded-For": "203.0.113.6"}).status_code == 302


def test_wrong_current_passwords_on_the_account_page_are_throttled_too(client, auth):
    auth.login_as("press")
    for _ in range(10):
        assert _change_password(client, current="not-my-password").status_code == 422

    response = _change_password(client)

    assert response.status_code == 429
    assert re.search(r'id="current_password-error">Too many wrong passwords. Try again in 5 minutes.', response.text)
    assert _user("press@example.org").check_password(PASSWORD)
