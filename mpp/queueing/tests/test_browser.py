"""End to end in a real browser: a citizen takes a number at the kiosk, Dewi calls it from her
console, and the display board shows it within a second (through the live event stream).

Playwright for Python drives Debian's chromium (/usr/bin/chromium); Playwright's own browsers
are never downloaded. Select with `-m browser`; skipped only when chromium is absent."""

import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db import connections
from django.utils import timezone

from mpp.conftest import PASSWORD, build_mall

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking"]
WIB = ZoneInfo("Asia/Jakarta")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="Debian's chromium is not installed at /usr/bin/chromium "
                              "(`make test` installs it: scripts/ensure-chromium)"),
]

sync_api = pytest.importorskip("playwright.sync_api",
                               reason="playwright is not installed (pip install -e .[dev])")


@pytest.fixture
def tuesday_morning(monkeypatch):
    """A clock that runs from Tuesday 24 Nov 2026, 09:00 WIB (every agency is open), for the
    test and the live server's threads alike."""
    start, began = datetime(2026, 11, 24, 9, 0, tzinfo=WIB), time.monotonic()
    monkeypatch.setattr(timezone, "now",
                        lambda: start + timedelta(seconds=time.monotonic() - began))
    return start


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own database calls
    # are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()
    _let_streams_end()


def _let_streams_end(seconds: float = 5.0) -> None:
    """Wake the open event streams and wait for the live server's request threads to finish,
    so none still holds a database connection when the test database is dropped."""
    from mpp.realtime.hub import hub

    hub.stop()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(
            "process_request_thread" in thread.name for thread in threading.enumerate()):
        time.sleep(0.05)


def sign_in(browser, base: str, username: str):
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.goto(f"{base}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_load_state()
    return page


def test_kiosk_ticket_called_at_the_console_appears_on_the_board(
        live_server, tuesday_morning, browser):
    try:
        _kiosk_console_board(live_server, browser)
    finally:
        # Under Playwright's sync API the test body gets database connections of its own
        # context: close them here, or PostgreSQL cannot drop the test database.
        connections.close_all()


def _kiosk_console_board(live_server, browser):
    mall = build_mall()
    base = live_server.url
    slug = mall.site.slug

    board = browser.new_context(locale="id-ID").new_page()
    board.goto(f"{base}/antrean/{slug}/layar/?lantai=1")
    board.wait_for_selector("#board[data-stream=open]", timeout=10_000)

    kiosk = sign_in(browser, base, mall.users["kiosk"].username)
    assert kiosk.url.endswith(f"/antrean/{slug}/kiosk/")
    kiosk.click(f"a[href='/antrean/{slug}/kiosk/instansi/disdukcapil/']")
    kiosk.click(f"a[href='/antrean/{slug}/kiosk/layanan/ktp-el-baru/']")
    kiosk.wait_for_selector("text=Fotokopi KK")  # the requirements, before the number
    kiosk.click("button[name=lane][value=regular]")
    number = kiosk.wait_for_selector("[data-testid=ticket-number]").inner_text().strip()
    assert number == "A-001"
    assert kiosk.query_selector(".ticket-slip__qr svg") is not None

    console = sign_in(browser, base, mall.users["dewi"].username)
    assert console.url.endswith(f"/antrean/{slug}/loket/")
    console.click(f"a[href='/antrean/{slug}/loket/L01/']")
    console.click("button[name=action][value=open]")
    console.wait_for_selector("button[data-key=n]")
    assert "A-001" not in board.inner_text("#board-live")

    console.keyboard.press("n")  # the shortcut for "call next"
    called_at = time.monotonic()
    board.wait_for_selector(".call--latest .call__number:text-is('A-001')", timeout=1_000)
    assert time.monotonic() - called_at < 1.0
    assert "Loket 1" in board.inner_text(".call--latest")
    console.wait_for_selector("[data-testid=current-number]:text-is('A-001')")

    # The citizen's page follows the ticket: now it names the counter.
    mall_ticket = mall.ktp.tickets.get()
    citizen = browser.new_context(locale="id-ID").new_page()
    citizen.goto(f"{base}/antrean/t/{mall_ticket.public_id}/")
    assert "Loket 1" in citizen.inner_text("#ticket-status")
