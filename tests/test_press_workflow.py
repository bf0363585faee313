"""Who may change press releases, and how they move: draft → approved → published, with revisions."""
from __future__ import annotations

import html

import pytest

from eventsite.models import DocumentStatus, PressRelease, Visibility, db
from eventsite.press import workflow
from press_fixtures import technoprom_session
from queue_fixtures import idle_queue, idle_queue_app_config, redis_url  # noqa: F401 (fixtures: app_config)

BASE = "/forums/technoprom-2016/it-bio-cluster-round-table"


@pytest.fixture
def session(make):
    return technoprom_session(make)


@pytest.fixture
def release(session, users):
    release = workflow.create_press_release(session, users["press"])
    db.session.commit()
    return release


def _form(release: PressRelease, **changes) -> dict:
    data = {"headline": release.headline, "subheadline": release.subheadline, "dateline": release.dateline,
            "language": release.language, "body": release.body, "embargo_local": "", "reason": "",
            "version": release.version, "action": "save"}
    data.update(changes)
    return data


def test_press_drafts_a_release_from_the_record(client, auth, session):
    auth.login_as("press")
    response = client.post(f"{BASE}/press-releases/", data={"language": "en"})
    release = db.session.execute(db.select(PressRelease)).scalar_one()
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/press-releases/{release.id}/edit")
    assert "Programmes will be accepted until 26 September 2016." in release.body
    assert [r.reason for r in release.revisions] == ["drafted from the record"]


def test_the_session_page_lists_several_releases(client, auth, session, users):
    workflow.create_press_release(session, users["press"])
    workflow.create_press_release(session, users["press"])
    db.session.commit()
    auth.login_as("press")
    page = client.get(f"{BASE}/press-releases/").get_data(as_text=True)
    assert page.count("rogramme supporting transition of innovation clusters to the 2.0 model") == 2
    assert "Draft a press release from the record" in page


@pytest.mark.parametrize("role", ["organiser", "participant"])
def test_other_roles_may_not_change_releases(client, auth, release, role):
    auth.login_as(role)
    assert client.post(f"{BASE}/press-releases/", data={"language": "en"}).status_code == 403
    assert client.post(f"/press-releases/{release.id}/edit", data=_form(release, headline="Changed")).status_code == 403
    assert client.post(f"/press-releases/{release.id}/approve").status_code == 403
    assert client.post(f"/press-releases/{release.id}/publish").status_code == 403
    db.session.refresh(release)
    assert release.headline != "Changed" and release.status is DocumentStatus.draft


def test_anonymous_is_sent_to_log_in(client, release):
    response = client.post(f"/press-releases/{release.id}/approve")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get(f"/press-releases/{release.id}/edit").status_code == 302


def test_admin_may_change_releases(client, auth, release):
    auth.login_as("admin")
    assert client.post(f"/press-releases/{release.id}/edit", data=_form(release, headline="By the admin")).status_code == 302
    db.session.refresh(release)
    assert release.headline == "By the admin"


def test_a_release_of_a_hidden_session_is_not_found_for_a_participant(client, auth, release, session):
    session.visibility = Visibility.internal
    db.session.commit()
    auth.login_as("participant")
    assert client.get(f"/press-releases/{release.id}").status_code == 404
    assert client.post(f"/press-releases/{release.id}/approve").status_code == 404


def test_saving_keeps_a_revision_and_an_old_one_can_be_restored(client, auth, release):
    auth.login_as("press")
    original = release.body
    client.post(f"/press-releases/{release.id}/edit", data=_form(release, body="Shorter text."))
    db.session.refresh(release)
    assert release.revision == 2 and release.body == "Shorter text."
    page = client.get(f"/press-releases/{release.id}/revisions/1").get_data(as_text=True)
    assert "Programmes will be accepted until 26 September 2016." in page
    client.post(f"/press-releases/{release.id}/revisions/1/restore", data={"version": release.version})
    db.session.refresh(release)
    assert release.body == original and release.revision == 3
    assert release.revisions[-1].reason == "restored revision 1"


def test_approve_then_publish(client, auth, release):
    auth.login_as("press")
    client.post(f"/press-releases/{release.id}/approve", data={"version": release.version})
    db.session.refresh(release)
    assert release.status is DocumentStatus.approved and release.approved_by.email == "press@example.org"
    client.post(f"/press-releases/{release.id}/publish", data={"version": release.version})
    db.session.refresh(release)
    assert release.status is DocumentStatus.published and release.published_at is not None
    assert client.get(f"{BASE}/press-release").status_code == 200


def test_a_draft_cannot_be_published_without_approval(client, auth, release):
    auth.login_as("press")
    response = client.post(f"/press-releases/{release.id}/publish", follow_redirects=True)
    assert "Only an approved press release can be published" in response.get_data(as_text=True)
    db.session.refresh(release)
    assert release.status is DocumentStatus.draft


def test_editing_an_approved_release_withdraws_the_approval(client, auth, release, users):
    workflow.approve_press_release(release, users["press"])
    db.session.commit()
    auth.login_as("press")
    client.post(f"/press-releases/{release.id}/edit", data=_form(release, headline="New headline"))
    db.session.refresh(release)
    assert release.status is DocumentStatus.draft and release.approved_by is None


def test_a_change_after_publication_needs_a_reason(client, auth, release, users):
    workflow.approve_press_release(release, users["press"])
    workflow.publish_press_release(release, users["press"])
    db.session.commit()
    auth.login_as("press")
    refused = client.post(f"/press-releases/{release.id}/edit", data=_form(release, headline="Corrected"))
    assert refused.status_code == 422 and "Say why a published press release is changed" in refused.get_data(as_text=True)
    db.session.refresh(release)
    assert release.headline != "Corrected"
    client.post(f"/press-releases/{release.id}/edit", data=_form(release, headline="Corrected", reason="typo in headline"))
    db.session.refresh(release)
    assert release.headline == "Corrected" and release.status is DocumentStatus.published
    assert release.revisions[-1].reason == "typo in headline"


def test_a_stale_edit_is_refused_with_both_versions(client, auth, release):
    auth.login_as("press")
    stale = _form(release, headline="Mine")
    client.post(f"/press-releases/{release.id}/edit", data=_form(release, headline="Theirs"))
    response = client.post(f"/press-releases/{release.id}/edit", data=stale)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else saved this" in page and "Mine" in page and "Theirs" in page
    db.session.refresh(release)
    assert release.headline == "Theirs"


def test_an_empty_headline_is_refused_at_the_field_and_keeps_the_text(client, auth, release):
    auth.login_as("press")
    response = client.post(f"/press-releases/{release.id}/edit", data=_form(release, headline="", body="Typed text"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "A press release needs a headline." in page and "Typed text" in page


def test_the_preview_button_shows_the_typed_text_and_saves_nothing(client, auth, release):
    auth.login_as("press")
    response = client.post(f"/press-releases/{release.id}/edit",
                           data=_form(release, body="Only *this* now.", action="preview"))
    page = response.get_data(as_text=True)
    assert "Only <em>this</em> now." in page and "dropped" in page
    db.session.refresh(release)
    assert release.revision == 1


def test_approving_a_release_changed_meanwhile_does_nothing(client, auth, release):
    auth.login_as("press")
    seen = release.version
    client.post(f"/press-releases/{release.id}/edit", data=_form(release, headline="Changed meanwhile"))
    response = client.post(f"/press-releases/{release.id}/approve", data={"version": seen}, follow_redirects=True)
    assert response.status_code == 409
    assert "Someone else changed this press release" in response.get_data(as_text=True)
    db.session.refresh(release)
    assert release.status is DocumentStatus.draft


def test_a_published_release_can_be_withdrawn_with_a_reason(client, auth, release, users):
    workflow.approve_press_release(release, users["press"])
    workflow.publish_press_release(release, users["press"])
    db.session.commit()
    auth.login_as("press")
    client.post(f"/press-releases/{release.id}/withdraw", data={"reason": ""})
    db.session.refresh(release)
    assert release.status is DocumentStatus.published
    client.post(f"/press-releases/{release.id}/withdraw", data={"reason": "wrong deadline"})
    db.session.refresh(release)
    assert release.status is DocumentStatus.draft and release.revisions[-1].reason == "wrong deadline"
    auth.logout()
    assert client.get(f"{BASE}/press-release").status_code == 404


def test_a_withdrawal_reason_is_kept_without_control_characters_and_refused_when_too_long(client, auth, release,
                                                                                          users):
    workflow.approve_press_release(release, users["press"])
    workflow.publish_press_release(release, users["press"])
    db.session.commit()
    auth.login_as("press")
    page = client.post(f"/press-releases/{release.id}/withdraw", data={"reason": "x" * 501},
                       follow_redirects=True).get_data(as_text=True)
    assert "Nothing was done: Field cannot be longer than 500 characters." in page
    db.session.refresh(release)
    assert release.status is DocumentStatus.published
    client.post(f"/press-releases/{release.id}/withdraw", data={"reason": "wrong\x1b dead\rline\x00"})
    db.session.refresh(release)
    assert release.status is DocumentStatus.draft and release.revisions[-1].reason == "wrong dead line"


# -- guards before release -------------------------------------------------------------------------------


@pytest.mark.parametrize("field, value", [
    ("press_contact_name", "Press office (placeholder)"),
    ("press_contact_name", ""),
    ("press_contact_phone", "+7 000 000-00-00 (placeholder)"),
    ("press_contact_email", "TBD"),
    ("about", "Lorem ipsum dolor sit amet."),
    ("about", ""),
])
def test_approving_is_refused_at_the_field_while_the_letterhead_is_a_placeholder(release, session, users,
                                                                                 field, value):
    setattr(session.forum, field, value)
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.approve_press_release(release, users["press"])
    assert refused.value.field == field
    assert "before a release is approved or published" in str(refused.value)
    assert release.status is DocumentStatus.draft


def test_a_contact_without_email_or_phone_is_refused(release, session, users):
    session.forum.press_contact_email = session.forum.press_contact_phone = ""
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.approve_press_release(release, users["press"])
    assert refused.value.field == "press_contact_email" and "no e-mail or phone" in str(refused.value)


def test_publishing_is_refused_with_a_placeholder_contact_and_the_page_says_why(client, auth, release, session,
                                                                                users):
    workflow.approve_press_release(release, users["press"])
    session.forum.press_contact_name = "Press office (placeholder)"
    db.session.commit()
    auth.login_as("press")
    shown = client.get(f"/press-releases/{release.id}").get_data(as_text=True)
    assert "The forum&#39;s press contact is a placeholder (“Press office (placeholder)”)" in shown
    response = client.post(f"/press-releases/{release.id}/publish", data={"version": release.version})
    assert response.status_code == 409
    assert "press contact is a placeholder" in response.get_data(as_text=True)
    db.session.refresh(release)
    assert release.status is DocumentStatus.approved


def test_a_real_letterhead_lets_the_release_through(release, users):
    assert workflow.approve_press_release(release, users["press"]) is release
    assert workflow.publish_press_release(release, users["press"]) is release


@pytest.mark.parametrize("visibility, who", [
    (Visibility.participants, "seen only by the session's participants and the staff"),
    (Visibility.internal, "seen only by the staff"),
])
def test_a_release_of_a_session_the_public_cannot_see_says_who_will_see_it(client, auth, release, session, users,
                                                                           visibility, who):
    session.visibility = visibility
    workflow.approve_press_release(release, users["press"])
    db.session.commit()
    auth.login_as("press")
    before = html.unescape(client.get(f"/press-releases/{release.id}").get_data(as_text=True))
    assert who in before and "Publish" in before
    workflow.publish_press_release(release, users["press"])
    db.session.commit()
    page = html.unescape(client.get(f"{BASE}/press-release").get_data(as_text=True))
    assert who in page
    assert "FOR IMMEDIATE RELEASE" not in page
    assert "NOT FOR PUBLIC RELEASE" in workflow.release_notice(release)


def test_a_public_sessions_release_is_for_immediate_release_without_a_notice(client, release, users):
    workflow.approve_press_release(release, users["press"])
    workflow.publish_press_release(release, users["press"])
    db.session.commit()
    page = client.get(f"{BASE}/press-release").get_data(as_text=True)
    assert "FOR IMMEDIATE RELEASE" in page and 'id="audience-notice"' not in page


def test_the_notice_of_a_russian_release_is_russian(release, session, users):
    release.language = "ru"
    assert workflow.release_notice(release) == "ЧЕРНОВИК — НЕ ДЛЯ ПУБЛИКАЦИИ"
    session.visibility = Visibility.participants
    workflow.approve_press_release(release, users["press"])
    workflow.publish_press_release(release, users["press"])
    assert workflow.release_notice(release) == "ТОЛЬКО ДЛЯ УЧАСТНИКОВ СЕССИИ — НЕ ДЛЯ ПУБЛИЧНОГО РАСПРОСТРАНЕНИЯ"
