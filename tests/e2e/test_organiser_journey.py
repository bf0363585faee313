"""An organiser records a round table from nothing to published minutes, in the browser."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    accept_confirmations, add_participant, assert_focus_visible, checked, download_pdf, fits_small_screen, flash_text, log_in, main_text,
    new_session, pick_suggestion,
)

pytestmark = pytest.mark.e2e

FORUM = "biosiberia-2016"
SESSION = "genomics-for-medicine"
TITLE = "Genomics for medicine: from the laboratory to the clinic"

#: (kind, speaker, title, text): typed into the capture form, in this order
POINTS = [
    ("topic", "Olga Lebedeva", "Why genomics now", "Sequencing costs fell a hundredfold in ten years."),
    ("statement", "Olga Lebedeva", "Regional laboratories", "Three laboratories in the region can sequence already."),
    ("statement", "Artyom Shadrin", "Federal support", "The Ministry supports clusters that join IT and BIO."),
    ("statement", "Ivan Sokolov", "Hospitals lag behind", "Hospitals lack staff who can read a genome report."),
    ("proposal", "Ivan Sokolov", "Training course", "A joint course for doctors and bioinformaticians."),
    ("proposal", "Ivan Sokolov", "Shared data centre", "One data centre for the cluster's genomic data."),
    ("decision", "Olga Lebedeva", "A working group", "The round table sets up a working group on clinical genomics."),
    ("action", "Olga Lebedeva", "Draft the course programme", "The course programme is drafted for the working group."),
    ("announcement", "Artyom Shadrin", "Grant competition", "The Ministry opens a grant competition for genomic projects."),
    ("quote", "Artyom Shadrin", "", "Genomics is where our two branches finally meet."),
]


def active_id(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def tab_to(page, element_id: str, backwards: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the element has the focus, as a keyboard user does."""
    for _ in range(limit):
        if active_id(page) == element_id:
            assert_focus_visible(page)
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"Tab never reached #{element_id}; the focus is on #{active_id(page)}")


def capture_with_keyboard(page, number: int, kind: str, speaker: str, title: str, text: str,
                          same_kind_and_speaker: bool) -> None:
    """One point through the capture form with the keyboard only: the focus starts in the text field
    (after a save) or anywhere above the form (the first time)."""
    if not same_kind_and_speaker:
        tab_to(page, "kind", backwards=active_id(page) == "body")
        page.keyboard.type(kind)  # a select takes what is typed as a search in its options
        assert page.locator("#kind").input_value() == kind
        page.keyboard.press("Tab")
        assert active_id(page) == "speaker_id"
        page.keyboard.type(speaker.split()[0])  # no space: on a select, a space may open the list
        assert speaker in page.locator("#speaker_id option:checked").inner_text()
        page.keyboard.press("Tab")
    else:
        page.keyboard.press("Shift+Tab")
    assert active_id(page) == "title"
    assert_focus_visible(page)
    # the texts as one input each (what typing them sends at the end), not key by key: 6 s of the journey
    page.keyboard.insert_text(title)
    page.keyboard.press("Enter")  # moves on to the text, does not submit
    assert active_id(page) == "body"
    assert_focus_visible(page)
    page.keyboard.insert_text(text)
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    assert f"Point {number} saved." in flash_text(page)
    # back in the text field, kind and speaker kept, ready for the next point
    assert active_id(page) == "body"
    assert page.locator("#kind").input_value() == kind


def test_organiser_records_a_round_table_and_publishes_its_minutes(site, page):
    accept_confirmations(page)
    log_in(page, site, "organiser")

    # a forum
    page.goto(site.url + "/")
    checked(page)
    page.get_by_role("link", name="New forum").click()
    checked(page)
    fits_small_screen(page)
    # the forum's own texts; the same labels stand again under "For documents in another language"
    own = page.get_by_role("group", name="The forum", exact=True)
    own.get_by_label("Short name", exact=True).fill("BioSiberia-2016")
    page.get_by_label("Slug", exact=True).fill(FORUM)
    own.get_by_label("Full title", exact=True).fill("BioSiberia-2016 Forum of Life Sciences")
    own.get_by_label("City", exact=True).fill("Novosibirsk")
    own.get_by_label("Country", exact=True).fill("Russia")
    page.get_by_label("First day", exact=True).fill("2016-10-12")
    page.get_by_label("Last day", exact=True).fill("2016-10-13")
    page.get_by_label("Time zone", exact=True).select_option("Asia/Novosibirsk")
    page.get_by_role("button", name="Create the forum").click()
    page.wait_for_load_state()
    assert "Created the forum BioSiberia-2016" in flash_text(page)
    checked(page)
    fits_small_screen(page)

    # a round table
    new_session(page, site, FORUM, title=TITLE, slug=SESSION, start="2016-10-12T14:00", end="2016-10-12T16:00",
                summary="How genomic research reaches hospitals in the region.")
    checked(page)

    # the moderator and participants, with their positions at this session
    add_participant(page, new_name="Olga Lebedeva", native_name="Ольга Лебедева", role="moderator",
                    position="Head of the Department of Biotechnology",
                    new_organisation="Siberian Biotechnology Agency", organisation_kind="government")
    checked(page)
    add_participant(page, existing="Artyom Shadrin", role="speaker",
                    position="Director of the Department of Social Development and Innovation",
                    organisation="Ministry of Economic Development of Russia")
    add_participant(page, new_name="Ivan Sokolov", role="participant", position="Chief executive",
                    new_organisation="BioVector", organisation_kind="business")
    checked(page)
    fits_small_screen(page)
    listed = main_text(page)
    assert "Head of the Department of Biotechnology, Siberian Biotechnology Agency" in listed
    assert "Chief executive, BioVector" in listed
    assert "Director of the Department of Social Development and Innovation, Ministry of Economic Development" in listed

    # ten points, keyboard only
    page.get_by_role("link", name="Points (0)").click()
    checked(page)
    previous = None
    for number, (kind, speaker, title, text) in enumerate(POINTS, start=1):
        capture_with_keyboard(page, number, kind, speaker, title, text,
                              same_kind_and_speaker=previous == (kind, speaker))
        previous = (kind, speaker)
    expect(page.locator("ol.organise-points > li")).to_have_count(10)
    expect(page.get_by_role("link", name="Points (10)")).to_be_visible()
    checked(page)
    fits_small_screen(page)

    # the action item: owner and due date
    page.get_by_role("link", name="Edit point 8").click()
    checked(page)
    pick_suggestion(page, page.get_by_label("Owner", exact=True), "Siberian Biotechnology Agency")
    page.get_by_label("Due", exact=True).fill("2016-12-01")
    page.get_by_role("button", name="Save point").click()
    page.wait_for_load_state()
    assert "Point saved." in flash_text(page)
    assert "Owner: Siberian Biotechnology Agency · due 1 December 2016" in main_text(page)

    # the announcement: a key date
    page.get_by_role("link", name="Edit point 9").click()
    checked(page)
    page.locator("#dates-0-label").fill("Applications accepted until")
    page.locator("#dates-0-date").fill("2016-11-30")
    page.locator("#dates-0-precision").select_option("day")
    page.get_by_role("button", name="Save point").click()
    page.wait_for_load_state()
    assert "Point saved." in flash_text(page)
    assert "Applications accepted until: 30 November 2016" in main_text(page)

    # the session page, as readers will see it
    page.get_by_role("link", name="View the session page").click()
    checked(page)
    fits_small_screen(page)
    assert "Olga Lebedeva" in main_text(page) and "Grant competition" in main_text(page)

    # the minutes: approve, publish, download
    page.get_by_role("link", name="Minutes", exact=True).click()
    checked(page)
    fits_small_screen(page)
    assert "DRAFT" in main_text(page)
    page.get_by_role("button", name="Approve").click()
    page.wait_for_load_state()
    assert "Minutes approved" in flash_text(page)
    checked(page)
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()
    assert "Minutes published" in flash_text(page)
    checked(page)
    assert "DRAFT" not in main_text(page)

    text = download_pdf(page, page.get_by_role("link", name="Download PDF"))
    assert TITLE in text
    assert "Olga Lebedeva" in text and "Head of the Department of Biotechnology" in text
    assert "Artyom Shadrin" in text and "Ivan Sokolov" in text and "Chief executive, BioVector" in text
    for _kind, _speaker, title, body in POINTS:
        assert body in text, body
    assert "Siberian Biotechnology Agency" in text and "1 December 2016" in text
    assert "until 30 November 2016" in text
    assert "DRAFT" not in text

    # every revision is kept and listed
    page.get_by_role("link", name="Revisions").click()
    checked(page)
    fits_small_screen(page)
    assert "published" in main_text(page).lower()
