"""End to end in a real browser: a citizen takes a number at the kiosk, Dewi calls it from her
console, and the display board shows it within a second (through the live event stream).

Playwright for Python drives Debian's chromium (/usr/bin/chromium); Playwright's own browsers
are never downloaded. Select with `-m browser`; skipped only when chromium is absent."""

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connections
from django.utils import timezone

from mpp.browser_testing import PYTESTMARK, browser, sign_in  # noqa: F401 (fixture)
from mpp.conftest import build_mall

WIB = ZoneInfo("Asia/Jakarta")

pytestmark = PYTESTMARK


@pytest.fixture
def tuesday_morning(monkeypatch):
    """A clock that runs from Tuesday 24 Nov 2026, 09:00 WIB (every agency is open), for the
    test and the live server's threads alike."""
    start, began = datetime(2026, 11, 24, 9, 0, tzinfo=WIB), time.monotonic()
    monkeypatch.setattr(timezone, "now",
                        lambda: start + timedelta(seconds=time.monotonic() - began))
    return start


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
