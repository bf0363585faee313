"""A visitor finds the demo round table from the search box in the site's header, keyboard only."""
from __future__ import annotations

import pytest

from tests.e2e.helpers import checked, fits_small_screen, main_text

pytestmark = pytest.mark.e2e


def test_visitor_searches_for_a_person_and_opens_the_session(site, page):
    page.goto(site.url + "/")
    page.get_by_role("searchbox", name="Search sessions, people and points").focus()
    page.keyboard.type("bioinf")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    checked(page)
    fits_small_screen(page)
    assert "Bioinformatics" in main_text(page)
    page.get_by_label("Find sessions, people and discussion points").fill("Шадрин")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    checked(page)
    assert "Artyom Shadrin" in main_text(page)
    page.get_by_role("link", name="Innovation Cluster of Informational and Biopharmaceutical").first.click()
    assert "Artyom Shadrin" in main_text(page)
