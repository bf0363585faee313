"""The site's scripts do their work under its own Content-Security-Policy, as real visitors get it.

The other journeys bypass the CSP so that axe-core can be injected; these do not.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import DEMO_FORUM, DEMO_SESSION, log_in

pytestmark = pytest.mark.e2e


def test_press_coverage_panel_follows_typing_under_the_csp(site, strict_page):
    page = strict_page
    log_in(page, site, "press", axe=False)
    page.goto(f"{site.url}/forums/{DEMO_FORUM}/{DEMO_SESSION}/press-releases/")
    page.get_by_role("button", name="Draft a press release from the record").click()
    # the editor's script marks the editor once it listens: typing before then would send no preview
    expect(page.locator(".press-editor.js")).to_be_attached()
    body = page.get_by_label("Text (Markdown)", exact=True)
    body.fill(body.input_value() + "\n\nArtyom Shadrn closed the round table.")
    expect(page.locator("#coverage-panel .coverage-warning", has_text="Artyom Shadrn")).to_be_visible()
    assert page.csp_violations == []


def test_organiser_scripts_work_under_the_csp(site, strict_page):
    page = strict_page
    log_in(page, site, "organiser", axe=False)
    # suggestions while typing a person's name
    page.goto(f"{site.url}/forums/{DEMO_FORUM}/{DEMO_SESSION}/participants")
    page.get_by_label("Person", exact=True).press_sequentially("Shad")
    expect(page.get_by_role("option", name="Artyom Shadrin")).to_be_visible()
    # Enter in a point's title moves on to its text instead of submitting
    page.goto(f"{site.url}/forums/{DEMO_FORUM}/{DEMO_SESSION}/points")
    page.get_by_label("Title", exact=True).fill("Not saved")
    page.get_by_label("Title", exact=True).press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "body"
    assert page.get_by_label("Text", exact=True).input_value() == ""
    assert page.csp_violations == []
