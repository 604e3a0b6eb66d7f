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

from mpp.browser_testing import PYTESTMARK, browser, csp_violations, sign_in  # noqa: F401 (fixture)
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
    board_violations = csp_violations(board)
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
    citizen_violations = csp_violations(citizen)
    citizen.goto(f"{base}/antrean/t/{mall_ticket.public_id}/")
    assert "Loket 1" in citizen.inner_text("#ticket-status")

    # Every screen worked under the Content-Security-Policy, with nothing refused.
    assert board_violations == [] and citizen_violations == []
    assert kiosk.csp_violations == [] and console.csp_violations == []


@pytest.mark.parametrize("providers", [12, 30])
def test_the_board_shows_every_provider_with_people_waiting(
        live_server, tuesday_morning, browser, providers):
    """A full MPP (20-30 providers): every one with a queue has its line on a 1080p board."""
    from mpp.catalog import services as catalog
    from mpp.queueing import services as queue

    mall = build_mall()
    kiosk = mall.users["kiosk"]
    for index in range(providers):
        agency = catalog.agency_create(
            site=mall.site, slug=f"instansi-{index}", name=f"Kantor Pelayanan Nomor {index}",
            short_name=f"Kantor Pelayanan {index}", kind="opd", open_days=[1, 2, 3, 4, 5])
        service = catalog.service_create(agency=agency, code=f"layanan-{index}",
                                         name=f"Layanan {index}", prefix=f"X{index}")
        for _ in range(index % 3 + 1):
            queue.ticket_issue(service=service, actor=kiosk)
    connections.close_all()
    try:
        page = browser.new_context(locale="id-ID",
                                   viewport={"width": 1920, "height": 1080}).new_page()
        page.goto(f"{live_server.url}/antrean/{mall.site.slug}/layar/")
        rows = page.locator(".board__waiting li")
        assert rows.count() == providers
        panel = page.locator(".board__waiting").bounding_box()
        last = rows.nth(providers - 1).bounding_box()
        assert last["y"] + last["height"] <= panel["y"] + panel["height"] + 1
        shown = {row.split("\n")[0].strip(): int(row.split("\n")[-1])
                 for row in rows.all_inner_texts()}
        assert shown == {f"Kantor Pelayanan {i}": i % 3 + 1 for i in range(providers)}
    finally:
        connections.close_all()
