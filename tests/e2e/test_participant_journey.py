"""A participant (the demo's Artyom Shadrin) reads minutes, is kept out of a session he was not in,
and asks for a correction of a draft."""
from __future__ import annotations

import pytest

from tests.e2e.helpers import (
    DEMO_FORUM, DEMO_SESSION, add_participant, checked, fits_small_screen, flash_text, log_in, main_text,
    new_session,
)

pytestmark = pytest.mark.e2e

HIS = "cluster-reporting-2017"
HIS_TITLE = "Cluster reporting for 2017"
NOT_HIS = "closed-budget-meeting"
NOT_HIS_TITLE = "Closed budget meeting"
REQUEST = "Point 1 says the report is due in March; I said April 2017."


def organiser_records(page, site, *, slug: str, title: str, participant: dict, point: str) -> None:
    """Setup through the pages: a session for its participants only, one participant, one point."""
    new_session(page, site, DEMO_FORUM, title=title, slug=slug, visibility="participants")
    add_participant(page, **participant)
    page.get_by_role("link", name="Points (0)").click()
    page.get_by_label("Text", exact=True).fill(point)
    page.get_by_role("button", name="Save point").click()
    page.wait_for_load_state()
    assert "Point 1 saved." in flash_text(page)


def test_participant_reads_his_minutes_not_others_and_asks_for_a_correction(site, page, other_page):
    organiser = page
    log_in(organiser, site, "organiser")
    organiser_records(organiser, site, slug=HIS, title=HIS_TITLE, point="Cluster reports are due in March 2017.",
                      participant=dict(existing="Artyom Shadrin", role="speaker"))
    organiser_records(organiser, site, slug=NOT_HIS, title=NOT_HIS_TITLE, point="The budget stays as it is.",
                      participant=dict(new_name="Pavel Orlov", role="participant"))

    page = other_page
    log_in(page, site, "participant")

    # the published minutes of the demo round table, where he was the moderator
    page.goto(site.url + "/")
    page.get_by_role("link", name="Technoprom-2016").first.click()
    checked(page)
    forum_page = main_text(page)
    assert HIS_TITLE in forum_page and NOT_HIS_TITLE not in forum_page
    page.goto(f"{site.url}/forums/{DEMO_FORUM}/{DEMO_SESSION}/")
    page.get_by_role("link", name="Minutes", exact=True).click()
    checked(page)
    fits_small_screen(page)
    minutes = main_text(page)
    assert "Artyom Shadrin" in minutes and "until 26 September 2016" in minutes
    assert "DRAFT" not in minutes

    # a restricted session he was not in: nothing there, not even a hint
    response = page.goto(f"{site.url}/forums/{DEMO_FORUM}/{NOT_HIS}/minutes")
    assert response.status == 404
    assert "Not found" in main_text(page) and NOT_HIS_TITLE not in page.content()
    checked(page)

    # the draft minutes of his restricted session: he reads them and asks for a correction
    page.goto(f"{site.url}/forums/{DEMO_FORUM}/")
    page.get_by_role("link", name=HIS_TITLE).click()
    checked(page)
    page.get_by_role("link", name="Minutes", exact=True).click()
    checked(page)
    assert "DRAFT" in main_text(page) and "Cluster reports are due in March 2017." in main_text(page)
    page.get_by_label("What should be corrected", exact=True).fill(REQUEST)
    page.get_by_role("button", name="Send to the organisers").click()
    page.wait_for_load_state()
    assert "Your correction request was sent to the organisers" in flash_text(page)
    requests = page.locator(".correction-requests").inner_text()
    assert REQUEST in requests and "Waiting for the organisers" in requests
    checked(page)
    fits_small_screen(page)

    # the organisers see it on the minutes
    organiser.goto(f"{site.url}/forums/{DEMO_FORUM}/{HIS}/minutes")
    assert REQUEST in organiser.locator(".correction-requests").inner_text()
