"""What the journeys do over and over, written as a person does it: through the pages, never the database."""
from __future__ import annotations

import io
import re
from contextlib import contextmanager
from urllib.parse import urljoin

from tests.e2e.conftest import STEP_DEADLINE_MS, assert_accessible, assert_no_sideways_scroll

DEMO_FORUM = "technoprom-2016"
DEMO_SESSION = "innovation-cluster-vectors-of-development"
SMALL_SCREEN = {"width": 360, "height": 740}


def demo_accounts(site) -> dict[str, tuple[str, str]]:
    """role -> (email, password), from the file `flask demo` leaves in the instance folder."""
    accounts = {}
    for line in (site.instance / "demo-accounts.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and not line.startswith("#"):
            accounts[parts[0]] = (parts[1], parts[2])
    return accounts


def accept_confirmations(page) -> None:
    """Destructive buttons ask first (window.confirm); this person says yes."""
    page.on("dialog", lambda dialog: dialog.accept())


_login_page_checked = False


def log_in(page, site, role: str, axe: bool = True) -> None:
    global _login_page_checked
    email, password = demo_accounts(site)[role]
    page.goto(site.url + "/login")
    if axe and not _login_page_checked:  # the same page for every role: axe once is enough
        assert_accessible(page)
        _login_page_checked = True
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Log out").is_visible(), page.inner_text("main")


def checked(page) -> None:
    """Every page a journey visits passes axe-core (serious and critical)."""
    page.wait_for_load_state()
    assert_accessible(page)


def assert_focus_visible(page) -> None:
    """The focused control shows a focus ring a sighted keyboard user can follow."""
    ring = page.evaluate("""() => {
        const el = document.activeElement, style = getComputedStyle(el);
        return {id: el.id || el.tagName, outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
                shadow: style.boxShadow};
    }""")
    assert (ring["outline"] != "none" and ring["width"] >= 2) or ring["shadow"] != "none", ring


def main_text(page) -> str:
    return page.inner_text("main")


def flash_text(page) -> str:
    flashes = page.locator(".flashes")
    return flashes.inner_text() if flashes.count() else ""


@contextmanager
def small_screen(page):
    """The same page at 360 px wide; back to the desktop afterwards."""
    before = page.viewport_size
    page.set_viewport_size(SMALL_SCREEN)
    try:
        yield page
    finally:
        page.set_viewport_size(before)


def fits_small_screen(page) -> None:
    with small_screen(page):
        assert_no_sideways_scroll(page)


# -- the organiser's steps ---------------------------------------------------------------------------


def new_session(page, site, forum_slug: str, *, title: str, slug: str, visibility: str = "public",
                start: str = "2016-06-10T10:00", end: str = "2016-06-10T12:00", summary: str = "") -> None:
    """From the forum page: "New session", the form, "Create the session"; lands on the participants tab."""
    page.goto(f"{site.url}/forums/{forum_slug}/")
    page.get_by_role("link", name="New session").click()
    checked(page)
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Slug", exact=True).fill(slug)
    page.get_by_label("Kind", exact=True).select_option(label="round table")
    page.get_by_label("Starts", exact=True).fill(start)
    page.get_by_label("Ends", exact=True).fill(end)
    page.get_by_label("Venue", exact=True).fill("Novosibirsk Expocentre, hall 2")
    page.get_by_label("Who may read it", exact=True).select_option(visibility)
    if summary:
        page.get_by_label("Summary", exact=True).fill(summary)
    page.get_by_role("button", name="Create the session").click()
    page.wait_for_load_state()
    assert f"Created the session “{title}”" in flash_text(page), main_text(page)
    assert page.url.endswith(f"/forums/{forum_slug}/{slug}/participants")


def add_participant(page, *, existing: str | None = None, new_name: str | None = None, native_name: str = "",
                    role: str = "participant", position: str = "", organisation: str | None = None,
                    new_organisation: str | None = None, organisation_kind: str = "government") -> None:
    """On the participants tab: find a person (or create one inline), role, position, organisation."""
    form = page.locator("#add-participant form")
    if existing:
        pick_suggestion(page, form.get_by_label("Person", exact=True), existing)
    else:
        form.get_by_text("Not in the list? Create a new person").click()
        form.get_by_label("Name", exact=True).fill(new_name)
        if native_name:
            form.get_by_label("Name in the original script", exact=True).fill(native_name)
    form.get_by_label("Role", exact=True).select_option(role)
    if position:
        form.get_by_label("Position at this session", exact=True).fill(position)
    if organisation:
        pick_suggestion(page, form.get_by_label("Organisation at this session", exact=True), organisation)
    elif new_organisation:
        form.get_by_text("Not in the list? Create a new organisation").click()
        form.get_by_label("New organisation", exact=True).fill(new_organisation)
        form.get_by_label("Its kind", exact=True).select_option(organisation_kind)
    form.get_by_role("button", name="Add participant").click()
    page.wait_for_load_state()
    name = existing or new_name
    assert page.locator(".rows").get_by_text(name, exact=True).count() >= 1, main_text(page)


def pick_suggestion(page, field, name: str) -> None:
    """Type part of a name into a lookup field, then choose it from the suggestions with the keyboard."""
    field.fill("")
    field.press_sequentially(name[: max(4, len(name) // 2)])
    option = page.get_by_role("option", name=re.compile(re.escape(name)))
    option.first.wait_for()
    for _ in range(20):
        field.press("ArrowDown")
        if option.first.get_attribute("aria-selected") == "true":
            break
    field.press("Enter")
    assert field.input_value() == name


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def pdf_text(path_or_bytes) -> str:
    """The PDF's text with its line breaks folded into spaces, as pypdf reads it."""
    from pypdf import PdfReader

    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    return " ".join("\n".join(p.extract_text() for p in PdfReader(source).pages).split())


def open_pdf_link(page, link) -> str:
    """A PDF link that opens in the browser's viewer: fetch what it points to with the same login."""
    response = page.request.get(urljoin(page.url, link.get_attribute("href")), timeout=STEP_DEADLINE_MS)
    assert response.ok and response.headers["content-type"] == "application/pdf", response.status
    return pdf_text(response.body())


def download_pdf(page, link) -> str:
    """A link marked `download`: the browser saves the file; read its text."""
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    return pdf_text(download.value.path())
