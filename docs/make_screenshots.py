"""Regenerate the README's screenshots from a running site with the demo loaded.

    .venv/bin/python docs/make_screenshots.py [--url http://127.0.0.1:5000] [--instance instance]

Logs in with the demo accounts (instance/demo-accounts.txt, written by
`flask --app eventsite demo`), visits the main pages in Debian's Chromium and
writes PNG files to docs/screenshots/, plus the first page of the demo minutes
PDF turned into PNG by pdftoppm.
"""
from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent / "screenshots"
FORUM = "/forums/technoprom-2016/"
SESSION = FORUM + "innovation-cluster-vectors-of-development/"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]


def demo_accounts(instance: Path) -> dict[str, tuple[str, str]]:
    accounts = {}
    for line in (instance / "demo-accounts.txt").read_text().splitlines():
        parts = line.split()
        if len(parts) == 3 and "@" in parts[1]:
            accounts[parts[0]] = (parts[1], parts[2])
    return accounts


def login(page, base: str, email: str, password: str) -> None:
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("main button[type=submit]")


def shoot(page, base: str, path: str, name: str, full_page: bool = True) -> None:
    response = page.goto(base + path)
    if response is None or response.status >= 400:
        print(f"skipped {name}: {path} answered {response.status if response else 'nothing'}")
        return
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=full_page)
    print(f"wrote docs/screenshots/{name}.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:5000")
    parser.add_argument("--instance", default="instance", type=Path)
    parser.add_argument("--session", default=SESSION, help="path of the session to show")
    args = parser.parse_args()
    base, session = args.url.rstrip("/"), args.session
    accounts = demo_accounts(args.instance)
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        anonymous = browser.new_page(viewport={"width": 1200, "height": 800})
        shoot(anonymous, base, "/", "forums", full_page=False)
        shoot(anonymous, base, session, "session")

        phone = browser.new_page(viewport={"width": 360, "height": 740})
        shoot(phone, base, session, "session-360px", full_page=False)

        organiser = browser.new_page(viewport={"width": 1200, "height": 800})
        login(organiser, base, *accounts["organiser"])
        shoot(organiser, base, session + "points", "organiser-points")
        shoot(organiser, base, session + "minutes", "minutes")

        press = browser.new_page(viewport={"width": 1400, "height": 900})
        login(press, base, *accounts["press"])
        press.goto(base + session + "press-releases/")
        links = press.locator("a[href*='/press-releases/'][href$='/edit']")
        if not links.count():
            press.get_by_role("button", name="Draft a press release from the record").click()
            press.goto(base + session + "press-releases/")
        if links.count():
            edit = links.first.get_attribute("href")
            links.first.click()
            press.wait_for_timeout(800)
            press.screenshot(path=str(OUT / "press-editor.png"), full_page=True)
            print("wrote docs/screenshots/press-editor.png")
            pdf_page(press, base + edit.removesuffix("/edit") + ".pdf", "press-release-pdf")

        pdf_page(organiser, base + session + "minutes.pdf", "minutes-pdf-page1")
        browser.close()


def pdf_page(page, url: str, name: str) -> None:
    """The first page of the PDF at url, as PNG."""
    pdf = page.request.get(url)
    if not pdf.ok:
        print(f"skipped {name}: {url} answered {pdf.status}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "document.pdf"
        path.write_bytes(pdf.body())
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                        str(path), str(OUT / name)], check=True)
    print(f"wrote docs/screenshots/{name}.png")


if __name__ == "__main__":
    main()
