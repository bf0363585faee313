"""Who may read the minutes, their PDF and their revisions (DESIGN.md): 404 for anyone else.

Published minutes follow the session's visibility. Drafts and approved-but-unpublished minutes
are read only by staff (organisers, admins, the press) and the people who took part.
"""
from __future__ import annotations

import pytest

from eventsite.minutes import workflow
from eventsite.models import Visibility, db

URL = "/forums/technoprom-2016/cluster-round-table/minutes"
READERS = ["anonymous", "took part", "did not take part", "press", "organiser", "admin"]
STAFF = {"press", "organiser", "admin"}


def _expected(visibility: str, published: bool, who: str) -> bool:
    if who in STAFF:
        return True
    if visibility == "internal":
        return False
    if visibility == "participants":
        return who == "took part"
    return published or who == "took part"


@pytest.fixture
def accounts(app, users, make, round_table):
    make.participation(round_table, users["participant"].person)
    make.user("participant", email="outsider@example.org", person=make.person(name="Outsider"))
    db.session.commit()
    return {"anonymous": None, "took part": "participant@example.org", "did not take part": "outsider@example.org",
            "press": "press@example.org", "organiser": "organiser@example.org", "admin": "admin@example.org"}


def _arrange(session, users, visibility: str, published: bool) -> None:
    session.visibility = Visibility(visibility)
    minutes = workflow.ensure_minutes(session)
    workflow.save_summary(minutes, "Summary of the round table.", users["organiser"])  # revision 1, a draft
    if published:
        workflow.approve(minutes, users["organiser"])  # revision 2
        workflow.publish(minutes, users["organiser"])  # revision 3
    db.session.commit()


def _as(client, auth, email):
    auth.logout()
    if email:
        assert auth.login(email).status_code == 302


@pytest.mark.parametrize("visibility", ["public", "participants", "internal"])
@pytest.mark.parametrize("published", [False, True], ids=["draft", "published"])
def test_page_pdf_and_revisions_per_role(client, auth, users, accounts, round_table, visibility, published):
    _arrange(round_table, users, visibility, published)
    for who in READERS:
        _as(client, auth, accounts[who])
        may = _expected(visibility, published, who)
        expected = 200 if may else 404
        page = client.get(URL)
        assert page.status_code == expected, (who, "page")
        assert client.get(URL + ".pdf").status_code == expected, (who, "pdf")
        assert client.get(URL + "/revisions").status_code == expected, (who, "revisions")
        if published:
            assert client.get(URL + "/revisions/3").status_code == expected, (who, "published revision")
            assert client.get(URL + "/revisions/3.pdf").status_code == expected, (who, "published revision pdf")
        # the draft revision is for those who may read drafts, whatever was published later
        may_read_draft = _expected(visibility, False, who) and (who in STAFF or who == "took part")
        draft_status = 200 if may_read_draft else 404
        assert client.get(URL + "/revisions/1").status_code == draft_status, (who, "draft revision")
        assert client.get(URL + "/revisions/1.pdf").status_code == draft_status, (who, "draft revision pdf")
        if published and may:
            assert client.get(URL + "/compare?old=1&new=3").status_code == draft_status, (who, "compare")
        if may and not published:
            assert "DRAFT" in page.get_data(as_text=True)


def test_readers_of_published_minutes_see_only_published_revisions(client, auth, users, accounts, round_table):
    _arrange(round_table, users, "public", True)
    auth.logout()
    listing = client.get(URL + "/revisions").get_data(as_text=True)
    assert "Revision 3<" in listing
    assert "Revision 1<" not in listing and "Revision 2<" not in listing


def test_a_reader_of_published_minutes_does_not_see_a_correction_in_progress(client, auth, users, accounts,
                                                                              round_table):
    _arrange(round_table, users, "public", True)
    minutes = workflow.minutes_of(round_table)
    workflow.start_correction(minutes, "typo", users["organiser"])
    workflow.save_summary(minutes, "A draft correction.", users["organiser"])
    db.session.commit()
    _as(client, auth, accounts["did not take part"])
    assert "A draft correction." not in client.get(URL).get_data(as_text=True)
    assert client.get(URL + "/revisions/5").status_code == 404
    _as(client, auth, accounts["took part"])
    assert "A draft correction." in client.get(URL).get_data(as_text=True)


def test_no_minutes_at_all_is_404_for_the_public_and_an_empty_draft_for_organisers(client, auth, accounts):
    assert client.get(URL).status_code == 404
    assert client.get(URL + ".pdf").status_code == 404
    _as(client, auth, accounts["organiser"])
    page = client.get(URL)
    assert page.status_code == 200 and "DRAFT" in page.get_data(as_text=True)
