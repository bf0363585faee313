"""End-to-end fixtures: the site started the way the README starts it, and Debian's Chromium.

Playwright drives /usr/bin/chromium through executable_path: downloading a
browser is not possible on these machines. axe-core comes from npm
(tests/e2e/package.json) and is injected into each page that a journey visits.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

HERE = Path(__file__).resolve().parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.e2e

#: how long one step may wait for its event (a page loaded, an element shown, a download finished)
#: before the test fails. Every wait ends at its event, so an idle machine never waits this long; a
#: busy one, where a PDF can take 20 s to make, slows the journey down without failing it.
STEP_DEADLINE_MS = 120_000
# Playwright's `expect` has its own wait (5 s by default), apart from the page's: the same deadline for it
expect.set_options(timeout=STEP_DEADLINE_MS)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _flask(instance: Path, *args: str, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "EVENTSITE_INSTANCE_PATH": str(instance)}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "eventsite", *args],
                          env=env, capture_output=True, text=True, check=True, **kw)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """A running site with the demo loaded: db upgrade, demo, run — as the README does."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    instance = tmp_path_factory.mktemp("e2e-instance")
    _flask(instance, "db", "upgrade")
    demo = _flask(instance, "demo")
    port = _free_port()
    env = {**os.environ, "EVENTSITE_INSTANCE_PATH": str(instance)}
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "eventsite", "run", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STEP_DEADLINE_MS / 1000
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        raise RuntimeError("the site did not start:\n" + (server.stdout.read() if server.stdout else ""))

    class Site:
        pass

    s = Site()
    s.url, s.instance, s.demo_output = url, instance, demo.stdout + demo.stderr
    s.flask = lambda *args, **kw: _flask(instance, *args, **kw)
    yield s
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                  "--no-first-run", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    # bypass_csp lets axe-core be injected; the site's own pages run under its CSP otherwise
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True, accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(STEP_DEADLINE_MS)
    return page


def axe_violations(page, impacts=("serious", "critical")) -> list[str]:
    """Run axe-core in the page; return the serious and critical violations, readable."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci --prefix tests/e2e`")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in result["violations"] if v["impact"] in impacts
    ]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}:\n" + "\n".join(violations)


def assert_no_sideways_scroll(page) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


@pytest.fixture
def other_page(browser):
    """A second person at another computer: a browser context of its own, with its own login."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(STEP_DEADLINE_MS)
    yield page
    context.close()


@pytest.fixture
def strict_page(browser):
    """A page under the site's own Content-Security-Policy (no bypass, so no axe here); the CSP
    violations the browser reports are collected in page.csp_violations."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(STEP_DEADLINE_MS)
    page.csp_violations = []
    page.on("console", lambda msg: page.csp_violations.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    yield page
    context.close()
