"""End to end in a real browser, on a phone-sized screen: Siti books a slot in the portal, at the
kiosk her code is typed on the check-in screen, Dewi calls next at her console and the display
board shows Siti's number, called before the walk-in who came earlier.

The live server runs on real time: the mall is made open now (every day, 00:00-23:59), with
5-minute slots bookable until they start and a check-in window wide enough to include now.
Playwright for Python drives Debian's chromium (/usr/bin/chromium). Select with `-m browser`."""

from datetime import time as clock_time
from zoneinfo import ZoneInfo

import pytest
from django.db import connections
from django.utils import timezone

from mpp.browser_testing import PYTESTMARK, browser, sign_in  # noqa: F401 (fixture)
from mpp.catalog import services as catalog
from mpp.catalog.calendar import national_holidays
from mpp.conftest import build_mall

from .conftest import SITI

PHONE = {"width": 360, "height": 740}
WIB = ZoneInfo("Asia/Jakarta")

pytestmark = PYTESTMARK


def open_all_day_now():
    """The test mall, open every day from 00:00 to 23:59, KTP-el bookable in 5-minute slots
    up to their start, with check-in from two hours before to two hours after."""
    mall = build_mall()
    every_day = [1, 2, 3, 4, 5, 6, 7]
    catalog.site_update(site=mall.site, open_days=every_day, opens_at=clock_time(0, 0),
                        closes_at=clock_time(23, 59))
    catalog.agency_update(agency=mall.disdukcapil, open_days=every_day,
                          opens_at=clock_time(0, 0), closes_at=clock_time(23, 59))
    catalog.service_update(service=mall.ktp, slot_minutes=5, slot_capacity=3,
                           booking_cutoff_minutes=0, checkin_before_minutes=120,
                           checkin_after_minutes=120)
    return mall


def test_booked_on_a_phone_checked_in_at_the_kiosk_called_before_a_walk_in(live_server,
                                                                             browser):
    now = timezone.now().astimezone(WIB)
    if now.time() >= clock_time(23, 40) or now.date() in national_holidays(now.year):
        pytest.skip("needs a slot later today on a working day (the live server runs on "
                    "real time)")
    try:
        _book_check_in_call(live_server, browser)
    finally:
        # Playwright's sync API gives the test body connections of its own: close them, or
        # PostgreSQL cannot drop the test database.
        connections.close_all()


def _book_check_in_call(live_server, browser):
    mall = open_all_day_now()
    base = live_server.url
    slug = mall.site.slug

    # --- Siti, on her phone ---------------------------------------------------------------
    phone = browser.new_context(locale="id-ID", viewport=PHONE, is_mobile=True,
                                has_touch=True).new_page()
    phone.goto(f"{base}/s/{slug}/layanan/ktp-el-baru/")
    phone.click(f"a[href='/s/{slug}/pesan/ktp-el-baru/']")
    phone.wait_for_selector("#id_name")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.fill("#id_name", "Siti Rahmawati")
    # Another date and back: the slot list changes in place, the name typed stays.
    today = timezone.now().astimezone(WIB).date().isoformat()
    assert phone.get_attribute("a.day[aria-current]", "data-date") == today
    other = phone.get_attribute(f"a.day:not([data-date='{today}'])", "data-date")
    phone.click(f"a.day[data-date='{other}']")
    phone.wait_for_selector(f"a.day[aria-current][data-date='{other}']")
    assert phone.input_value("#id_name") == "Siti Rahmawati"
    phone.click(f"a.day[data-date='{today}']")
    phone.wait_for_selector(f"a.day[aria-current][data-date='{today}']")
    assert "nik" not in phone.url
    # The first slot with places left (a radio drawn as a tile: tap its label).
    slot = phone.query_selector("input[name=slot]:not([disabled])")
    phone.click(f"label[for='{slot.get_attribute('id')}']")
    assert phone.is_checked(f"#{slot.get_attribute('id')}")
    phone.fill("#id_nik", SITI)
    phone.fill("#id_phone", "0812-3456-7890")
    phone.click("button.book-form__submit")
    code = phone.wait_for_selector("[data-testid=booking-code]").inner_text().strip()
    assert len(code) == 9 and code[4] == "-"
    assert phone.query_selector(".booking-qr svg") is not None
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # --- the display board and a walk-in who comes first ----------------------------------
    board = browser.new_context(locale="id-ID").new_page()
    board.goto(f"{base}/antrean/{slug}/layar/")
    board.wait_for_selector("#board[data-stream=open]", timeout=10_000)

    kiosk = sign_in(browser, base, mall.users["kiosk"].username)
    kiosk.click(f"a[href='/antrean/{slug}/kiosk/instansi/disdukcapil/']")
    kiosk.click(f"a[href='/antrean/{slug}/kiosk/layanan/ktp-el-baru/']")
    kiosk.click("button[name=lane][value=regular]")
    walk_in = kiosk.wait_for_selector("[data-testid=ticket-number]").inner_text().strip()
    assert walk_in == "A-001"

    # --- Siti at the kiosk: her code typed on the check-in screen, then Enter ---------------
    kiosk.goto(f"{base}/antrean/{slug}/lapor-hadir/")
    kiosk.wait_for_selector("#checkin-code:focus")
    kiosk.keyboard.type(code.lower())
    kiosk.keyboard.press("Enter")
    number = kiosk.wait_for_selector("[data-testid=ticket-number]").inner_text().strip()
    assert number == "A-002"
    assert kiosk.inner_text("[data-testid=position]").strip() == "0"  # ahead of A-001

    # --- Dewi calls next: Siti's number, before the earlier walk-in ------------------------
    console = sign_in(browser, base, mall.users["dewi"].username)
    console.goto(f"{base}/antrean/{slug}/loket/L01/")
    console.click("button[name=action][value=open]")
    console.wait_for_selector("button[name=action][value=call]")
    console.click("button[name=action][value=call]")
    board.wait_for_selector(f".call--latest .call__number:text-is('{number}')", timeout=5_000)
    assert walk_in not in board.inner_text(".call--latest")

    # Siti's booking page now leads to her ticket.
    phone.reload()
    phone.wait_for_selector("[data-testid=ticket-link]")
