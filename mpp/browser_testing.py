"""What the browser tests share: Debian's chromium driven by Playwright for Python (never a
downloaded browser), a `browser` fixture, staff sign-in, and a clean end for the live
server's event streams. Test modules import from here and mark themselves with `PYTESTMARK`.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from mpp.conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking"]

PYTESTMARK = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="Debian's chromium is not installed at /usr/bin/chromium "
                              "(`make test` installs it: scripts/ensure-debian)"),
]


@pytest.fixture
def browser(monkeypatch):
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install -e .[dev])")
    # Playwright's sync API runs an event loop in this thread; the test's own database calls
    # are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()
    let_streams_end()


def let_streams_end(seconds: float = 5.0) -> None:
    """Wake the open event streams and wait for the live server's request threads to finish,
    so none still holds a database connection when the test database is dropped."""
    from mpp.realtime.hub import hub

    hub.stop()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(
            "process_request_thread" in thread.name for thread in threading.enumerate()):
        time.sleep(0.05)


def csp_violations(page) -> list[str]:
    """The Content-Security-Policy violations of `page` from now on (Chromium reports each on
    the console): a screen that needs something the policy forbids shows up here."""
    found: list[str] = []
    page.on("console", lambda message: found.append(message.text)
            if "Content Security Policy" in message.text else None)
    return found


def sign_in(browser, base: str, username: str, **context):
    """A new browser context with `username` signed in at /akun/masuk/; returns the page,
    whose CSP violations collect in `page.csp_violations`."""
    page = browser.new_context(locale="id-ID", **context).new_page()
    page.csp_violations = csp_violations(page)
    page.goto(f"{base}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_load_state()
    return page
