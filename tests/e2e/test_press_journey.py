"""The press office turns the demo round table into a press release, under embargo, then releases it."""
from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    DEMO_FORUM, DEMO_SESSION, accept_confirmations, checked, fits_small_screen, flash_text, log_in, main_text, open_pdf_link,
)

pytestmark = pytest.mark.e2e

BIOINFORMATICS = "Bioinformatics was also mentioned as a vector of cooperation development and cluster integration."


def newsroom_headlines(browser, site) -> str:
    """What an anonymous reader sees in the newsroom: a fresh browser, no login."""
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(site.url + "/newsroom")
        checked(page)
        return page.inner_text("main")
    finally:
        context.close()


def test_press_office_drafts_embargoes_publishes_and_releases(site, page, browser):
    headline = "Novosibirsk cluster: IT and BIO to move to the 2.0 model (journey)"
    accept_confirmations(page)
    log_in(page, site, "press")

    page.goto(f"{site.url}/forums/{DEMO_FORUM}/{DEMO_SESSION}/")
    checked(page)
    page.get_by_role("link", name="Press releases").click()
    checked(page)
    fits_small_screen(page)
    page.get_by_role("button", name="Draft a press release from the record").click()
    page.wait_for_load_state()
    assert "Drafted a press release from the record" in flash_text(page)
    checked(page)
    # the editor's script marks the editor once it listens: typing before then would send no preview
    expect(page.locator(".press-editor.js")).to_be_attached()
    panel = page.locator("#coverage-panel")
    expect(panel.locator(".coverage-summary")).to_contain_text("Every recorded point and key date is in the text")

    # edits: a headline of its own, the sentence about bioinformatics goes
    page.get_by_label("Headline", exact=True).fill(headline)
    body = page.get_by_label("Text (Markdown)", exact=True)
    text = body.input_value()
    assert BIOINFORMATICS in text
    body.fill(text.replace(BIOINFORMATICS, ""))
    dropped = panel.locator(".coverage-item.coverage-dropped", has_text="Bioinformatics")
    expect(dropped).to_contain_text("dropped")

    # a misspelt name is caught as the writer types it
    body.press("End")
    body.press("Control+End")
    body.press_sequentially("\n\nArtyom Shadrn thanked the participants.")
    warning = panel.locator(".coverage-warning", has_text="Artyom Shadrn")
    expect(warning).to_be_visible()
    checked(page)
    fits_small_screen(page)

    # the embargo: next year, in the forum's time zone
    embargo = f"{date.today().year + 1}-06-10T18:00"
    page.get_by_label("Embargoed until", exact=True).fill(embargo)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    assert "Saved revision" in flash_text(page)
    checked(page)
    assert headline in main_text(page)
    assert BIOINFORMATICS not in main_text(page)

    release_url = page.url

    # the demo's press contact and About text are placeholders: approving is refused, saying why
    page.get_by_role("button", name="Approve").click()
    page.wait_for_load_state()
    assert "press contact is a placeholder" in main_text(page)
    checked(page)

    # an organiser writes the real ones in the forum's settings
    organiser_context = browser.new_context()
    try:
        organiser = organiser_context.new_page()
        log_in(organiser, site, "organiser", axe=False)
        organiser.goto(f"{site.url}/forums/{DEMO_FORUM}/edit")
        # the forum's own texts (the same labels stand again for its documents in Russian)
        contact = organiser.get_by_role("group", name="Press contact", exact=True)
        contact.get_by_label("Press contact name", exact=True).fill("Technoprom-2016 press office")
        contact.get_by_label("Press contact phone", exact=True).fill("+7 383 000-00-00")
        about = organiser.get_by_role("group", name="The forum", exact=True).get_by_label("About the forum", exact=True)
        about.fill(re.split(r"\s*_Placeholder", about.input_value())[0])
        organiser.get_by_role("button", name="Save the forum").click()
        organiser.wait_for_load_state()
    finally:
        organiser_context.close()

    page.goto(release_url)
    page.get_by_role("button", name="Approve").click()
    page.wait_for_load_state()
    assert "Approved." in flash_text(page)
    page.get_by_role("button", name="Publish (embargoed)").click()
    page.wait_for_load_state()
    assert "Published." in flash_text(page)
    checked(page)
    assert "embargoed" in main_text(page)

    # the PDF hyphenates its justified text: read it with the line-end hyphens joined up again
    flat = re.sub(r"\u2010 ", "", open_pdf_link(page, page.get_by_role("link", name="PDF", exact=True)))
    assert "EMBARGOED UNTIL" in flat
    assert "Novosibirsk cluster: IT and BIO to move to the 2.0 model" in flat
    assert "Programmes will be accepted until 26 September 2016" in flat

    # while embargoed, nobody outside the press office sees it, not even at its address
    assert headline not in newsroom_headlines(browser, site)
    public_page = page.get_by_role("link", name="Public page").get_attribute("href")
    reader = browser.new_context()
    try:
        assert reader.new_page().goto(site.url + public_page).status == 404
    finally:
        reader.close()

    # the embargo is lifted: moved into the past, with a reason because the release is public
    page.goto(release_url)
    page.get_by_role("link", name="Edit", exact=True).click()
    checked(page)
    page.get_by_label("Embargoed until", exact=True).fill("2016-06-10T18:00")
    page.get_by_label("Reason for this change", exact=True).fill("Embargo lifted after the round table")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    assert "Saved revision" in flash_text(page)
    checked(page)
    assert headline in newsroom_headlines(browser, site)

    # an anonymous reader opens it from the newsroom and reads it, on a phone too
    reader = browser.new_context(bypass_csp=True)
    try:
        anonymous = reader.new_page()
        anonymous.goto(site.url + "/newsroom")
        anonymous.get_by_role("link", name=headline).click()
        checked(anonymous)
        fits_small_screen(anonymous)
        text = main_text(anonymous)
        assert "FOR IMMEDIATE RELEASE" in text and "Programmes will be accepted until 26 September 2016" in text
        assert BIOINFORMATICS not in text
    finally:
        reader.close()
