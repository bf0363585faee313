"""Two organisers edit the same point at once: the second is told, sees both versions and loses nothing."""
from __future__ import annotations

import pytest

from tests.e2e.helpers import DEMO_FORUM, checked, fits_small_screen, flash_text, log_in, main_text, new_session

pytestmark = pytest.mark.e2e

FIRST = "The cluster will open a shared genome sequencing centre in 2017."
THEIRS = "The cluster will open a shared genome sequencing centre in spring 2017, in Koltsovo."
MINE = "The cluster will open a shared genome sequencing centre in 2017; the region pays half."


def test_second_organiser_is_told_and_keeps_their_text(site, page, other_page):
    # setup, through the pages: a session with one point
    log_in(page, site, "organiser")
    new_session(page, site, DEMO_FORUM, title="Sequencing centre for the cluster", slug="sequencing-centre")
    page.get_by_role("link", name="Points (0)").click()
    page.get_by_label("Text", exact=True).fill(FIRST)
    page.get_by_role("button", name="Save point").click()
    page.wait_for_load_state()
    assert "Point 1 saved." in flash_text(page)
    points_url = page.url.split("?")[0]

    # both open the point
    log_in(other_page, site, "admin")
    other_page.goto(points_url)
    other_page.get_by_role("link", name="Edit point 1").click()
    checked(other_page)
    page.get_by_role("link", name="Edit point 1").click()

    # the first saves
    page.get_by_label("Text", exact=True).fill(THEIRS)
    page.get_by_role("button", name="Save point").click()
    page.wait_for_load_state()
    assert "Point saved." in flash_text(page)

    # the second saves a version of the old text: refused, told, nothing lost
    other_page.get_by_label("Text", exact=True).fill(MINE)
    other_page.get_by_role("button", name="Save point").click()
    other_page.wait_for_load_state()
    notice = other_page.get_by_role("alert").filter(has_text="Someone else saved this while you were editing")
    assert notice.is_visible()
    differing = notice.locator("tr.differs")
    assert differing.count() == 1  # only the text: no speaker on either side is no difference
    assert MINE in differing.inner_text() and THEIRS in differing.inner_text()
    assert other_page.get_by_label("Text", exact=True).input_value() == MINE
    checked(other_page)
    fits_small_screen(other_page)

    # saving again is a decision: their text replaces the saved one
    other_page.get_by_role("button", name="Save point").click()
    other_page.wait_for_load_state()
    assert "Point saved." in flash_text(other_page)
    assert MINE in main_text(other_page) and THEIRS not in main_text(other_page)
