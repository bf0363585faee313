"""E-mail notifications, sent through a real SMTP server on a loopback port and read as they arrived."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from aiosmtpd.controller import Controller

from eventsite.models import ActionStatus, CorrectionRequest, CorrectionStatus, PointKind, ReminderSent, User, db
from mail_fixtures import Inbox

SMTP_PORT = 2525
CLOSED_PORT = 2529


@pytest.fixture
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    yield handler
    controller.stop()


@pytest.fixture
def app_config():
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": SMTP_PORT, "MAIL_DEFAULT_SENDER": "minutes@example.org",
            "BASE_URL": "http://events.example.org"}


def _subject(message) -> str:
    return str(message["Subject"]).strip()


def _text(message) -> str:
    return message.get_body(("plain",)).get_content()


def _html(message) -> str:
    return message.get_body(("html",)).get_content()


@pytest.fixture
def people(make, round_table, users):
    """Two participants of the round table with accounts, one reading Russian, one English; and an
    account that did not take part."""
    ru = make.user("participant", email="anna@example.org", person=make.person(name="Anna Ivanova"), language="ru")
    en = make.user("participant", email="john@example.org", person=make.person(name="John Smith"), language="en")
    ru.name, en.name = "Анна", "John"
    make.participation(round_table, ru.person)
    make.participation(round_table, en.person)
    db.session.commit()
    return {"ru": ru, "en": en}


def _minutes_url(session, step=""):
    return f"/forums/{session.forum.slug}/{session.slug}/minutes{step}"


def test_publishing_minutes_mails_each_participant_in_their_language_with_the_pdf(
        client, auth, inbox, people, round_table):
    auth.login_as("organiser")
    assert client.post(_minutes_url(round_table, "/approve")).status_code == 302
    assert client.post(_minutes_url(round_table, "/publish")).status_code == 302
    inbox.wait(2)
    assert sorted(m["To"] for m in inbox.messages) == ["anna@example.org", "john@example.org"]
    [ru], [en] = inbox.to("anna@example.org"), inbox.to("john@example.org")
    assert _subject(ru) == "Опубликован протокол: Innovation Cluster: vectors of development"
    assert _subject(en) == "Minutes published: Innovation Cluster: vectors of development"
    assert "Здравствуйте, Анна" in _text(ru) and "опубликован" in _text(ru)
    assert "Hello, John" in _text(en) and "published as revision 2" in _text(en)
    assert "http://events.example.org/forums/technoprom-2016/cluster-round-table/minutes" in _text(en)
    assert 'href="http://events.example.org/forums/technoprom-2016/cluster-round-table/minutes"' in _html(en)
    assert ru["From"] == "minutes@example.org"
    [pdf] = [part for part in ru.iter_attachments() if part.get_content_type() == "application/pdf"]
    assert pdf.get_filename() == "technoprom-2016-cluster-round-table-minutes-r2.pdf"
    assert pdf.get_content().startswith(b"%PDF")
    # the organiser, the admin, the press and the excused without an account get nothing
    assert len(inbox.messages) == 2
    # a second click is answered as done and tells no one again
    assert client.post(_minutes_url(round_table, "/publish")).status_code == 302
    assert len(inbox.messages) == 2


def test_a_refused_step_sends_nothing(client, auth, inbox, people, round_table):
    auth.login_as("organiser")
    # publishing a draft is refused (approve first): nothing was published, so no one hears of it
    assert client.post(_minutes_url(round_table, "/publish")).status_code == 409
    client.post(_minutes_url(round_table, "/summary"), data={"summary": "Now a draft.", "version": 1})
    inbox.wait(2)
    assert all("Draft" in _subject(m) or "Проект" in _subject(m) for m in inbox.messages)


def test_the_first_kept_draft_and_a_correction_tell_the_participants_they_may_ask_for_corrections(
        client, auth, inbox, people, round_table):
    auth.login_as("organiser")
    client.post(_minutes_url(round_table, "/summary"), data={"summary": "First draft.", "version": 1})
    [ru, en] = sorted(inbox.wait(2), key=lambda m: m["To"])
    assert _subject(ru) == "Проект протокола на проверку: Innovation Cluster: vectors of development"
    assert "ask for corrections" in _text(en)
    client.post(_minutes_url(round_table, "/summary"), data={"summary": "Second save.", "version": 2})
    assert len(inbox.messages) == 2  # a later save of the same draft tells no one again


def test_the_unsubscribe_link_in_a_mail_turns_that_users_mail_off_without_login(
        client, app, auth, inbox, people, round_table):
    auth.login_as("organiser")
    client.post(_minutes_url(round_table, "/summary"), data={"summary": "First draft.", "version": 1})
    [ru] = [m for m in inbox.wait(2) if m["To"] == "anna@example.org"]
    link = re.search(r"http://events\.example\.org(/unsubscribe/\S+)", _text(ru)).group(1)
    assert ru["List-Unsubscribe"].strip() == f"<http://events.example.org{link}>"
    auth.logout()
    other = app.test_client()
    page = other.get(link, headers={"Accept-Language": "ru"})
    assert page.status_code == 200 and "anna@example.org" in page.text
    assert db.session.get(User, people["ru"].id).notifications  # looking at the page changes nothing
    done = other.post(link, headers={"Accept-Language": "ru"})
    assert "отключены" in done.text
    assert db.session.get(User, people["ru"].id).notifications is False
    assert other.get("/unsubscribe/not-a-token").status_code == 404
    # the next mail reaches only the other participant
    auth.login_as("organiser")
    client.post(_minutes_url(round_table, "/approve"))
    client.post(_minutes_url(round_table, "/publish"))
    inbox.wait(3)
    assert [m["To"] for m in inbox.messages[2:]] == ["john@example.org"]


def test_the_account_page_turns_notifications_off_and_on(client, auth, users):
    auth.login_as("participant")
    assert "E-mail notifications" in client.get("/account").text
    client.post("/account/notifications", data={})
    assert db.session.get(User, users["participant"].id).notifications is False
    client.post("/account/notifications", data={"notifications": "y"})
    assert db.session.get(User, users["participant"].id).notifications is True


def test_the_requester_hears_the_answer_to_a_correction_request(client, auth, inbox, people, round_table):
    from eventsite.minutes.workflow import ensure_minutes

    minutes = ensure_minutes(round_table)
    request = CorrectionRequest(minutes=minutes, author=people["ru"], text="Моя должность указана неверно.",
                                status=CorrectionStatus.open)
    db.session.add(request)
    db.session.commit()
    auth.login_as("organiser")
    response = client.post(_minutes_url(round_table, f"/requests/{request.id}"),
                           data={"decision": "decline", "response": "Должность взята из приглашения."})
    assert response.status_code == 302
    [mail] = inbox.wait(1)
    assert mail["To"] == "anna@example.org"
    assert _subject(mail).startswith("Ваш запрос на исправление отклонён")
    assert "Моя должность указана неверно." in _text(mail) and "Должность взята из приглашения." in _text(mail)


def _action(make, session, owner, due_on, **kw):
    return make.point(session, kind=PointKind.action, title=kw.pop("title", "Send the programme"), body="Do it.",
                      owner_person=owner, due_on=due_on, status=kw.pop("status", ActionStatus.open), **kw)


def test_the_owner_hears_when_an_action_is_assigned_to_them(client, auth, inbox, make, people, round_table):
    point = make.point(round_table, kind=PointKind.statement, body="To do.")
    db.session.commit()
    auth.login_as("organiser")
    response = client.post(
        f"/forums/technoprom-2016/cluster-round-table/points/{point.id}/edit",
        data={"kind": "action", "title": "Send the programme", "body": "To do.", "owner_name": "Anna Ivanova",
              "owner_ref": f"person:{people['ru'].person_id}", "due_on": "2016-09-26", "status": "open",
              "version": point.version})
    assert response.status_code == 302, response.text
    [mail] = inbox.wait(1)
    assert mail["To"] == "anna@example.org"
    assert _subject(mail) == "Вам поручено: Send the programme"
    assert "26 сентября 2016 г." in _text(mail)


def test_send_reminders_mails_once_per_action_per_day_in_the_owners_language(
        app, runner, inbox, make, people, round_table):
    today = date(2026, 12, 2)
    _action(make, round_table, people["ru"].person, today + timedelta(days=2), title="Подготовить программу")
    _action(make, round_table, people["en"].person, today - timedelta(days=5), title="Send the report")
    _action(make, round_table, people["en"].person, today + timedelta(days=10), title="Later")
    _action(make, round_table, people["en"].person, today - timedelta(days=1), title="Done already",
            status=ActionStatus.done)
    db.session.commit()

    result = runner.invoke(args=["send-reminders", "--today", "2026-12-02"])
    assert result.exit_code == 0, result.output
    assert "2 reminders sent" in result.output
    inbox.wait(2)
    [ru], [en] = inbox.to("anna@example.org"), inbox.to("john@example.org")
    assert _subject(ru) == "Скоро срок: Подготовить программу"
    assert "через 2 дня" in _text(ru)
    assert _subject(en) == "Overdue: Send the report"
    assert "overdue by 5 days" in _text(en)

    again = runner.invoke(args=["send-reminders", "--today", "2026-12-02"])
    assert "0 reminders sent" in again.output
    assert len(inbox.messages) == 2
    assert db.session.query(ReminderSent).count() == 2

    runner.invoke(args=["send-reminders", "--today", "2026-12-03"])
    assert len(inbox.wait(4)) == 4


def test_a_mail_server_that_is_down_does_not_stop_the_publication(app, client, auth, people, round_table):
    app.extensions["mailman"].port = CLOSED_PORT
    auth.login_as("organiser")
    client.post(_minutes_url(round_table, "/approve"))
    response = client.post(_minutes_url(round_table, "/publish"))
    assert response.status_code == 302
    assert client.get(response.location).status_code == 200
    from eventsite.minutes.workflow import minutes_of

    assert minutes_of(round_table).status.value == "published"


def test_no_mail_is_sent_unless_mail_server_is_set(app, runner):
    app.config["MAIL_SERVER"] = None
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code != 0 and "MAIL_SERVER" in result.output
