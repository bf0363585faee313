"""A visitor reads the demo forum in a real browser: pages, accessibility, small screens."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_accessible, assert_no_sideways_scroll

pytestmark = pytest.mark.e2e


def test_anonymous_visitor_reads_the_demo_round_table(site, page):
    page.goto(site.url + "/")
    assert_accessible(page)
    page.get_by_role("link", name="Technoprom-2016").first.click()
    assert "IV International Forum of Technological Development Technoprom-2016" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Innovation Cluster of Informational and Biopharmaceutical").click()
    text = page.inner_text("main")
    assert "Artyom Shadrin" in text and "Director of the Department of Social Development and Innovation" in text
    assert "Programmes accepted: until 26 September 2016" in text
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/", "/forums/technoprom-2016/", "/login"])
def test_pages_fit_a_360_pixel_screen(site, browser, path):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(site.url + path)
        assert_no_sideways_scroll(page)
    finally:
        context.close()


def test_keyboard_focus_is_visible(site, page):
    page.goto(site.url + "/")
    page.keyboard.press("Tab")  # the skip link comes first
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
