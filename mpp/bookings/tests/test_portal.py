"""The citizen booking portal: from the service page to a booked slot (plain pages and htmx),
every refusal shown next to its field with nothing typed lost, then finding the booking,
cancelling it and moving it. Tuesday 24 Nov 2026, 09:00 WIB unless the clock moves."""

import re

import pytest
from django.test import Client

from mpp.bookings import services
from mpp.bookings.models import Booking
from mpp.catalog import services as catalog

from .conftest import AGUS, SITI, WEDNESDAY

pytestmark = pytest.mark.django_db

BOOK = "/s/kota-uji/pesan/ktp-el-baru/"
FIND = "/s/kota-uji/pesanan/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def citizen():
    """A phone's browser, in English so that the messages read as written in the code."""
    client = Client()
    client.cookies["mpp_lang"] = "en"
    return client


def siti(**overrides):
    data = {"date": WEDNESDAY, "slot": "08:30", "name": "Siti Rahmawati", "nik": SITI,
            "phone": "0812-3456-7890", "email": "siti@example.id"}
    data.update(overrides)
    return data


def field_error(html: str, field: str) -> str:
    match = re.search(rf'id="{field}-error"[^>]*>(.*?)</p>', html, re.S)
    return match.group(1).strip() if match else ""


def input_value(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else ""


# --- from the catalog to the form --------------------------------------------------------------

def test_the_service_page_links_to_booking_only_when_bookable(mall, clock, citizen):
    page = citizen.get("/s/kota-uji/layanan/ktp-el-baru/").content.decode()
    assert f'href="{BOOK}"' in page and "Book a queue slot" in page
    page = citizen.get("/s/kota-uji/layanan/kk-baru/").content.decode()
    assert "/pesan/" not in page
    assert citizen.get("/s/kota-uji/pesan/kk-baru/").status_code == 404
    assert citizen.get("/s/kota-lain/pesan/ktp-el-baru/").status_code == 404


def test_the_form_shows_the_horizon_closed_days_and_todays_remaining_places(mall, clock,
                                                                              citizen):
    from datetime import date
    catalog.closed_day_add(site=mall.site, date=date(2026, 11, 26), reason="Cuti bersama")
    response = citizen.get(BOOK)
    assert response.status_code == 200
    page = response.content.decode()
    # 14 days ahead (the site's horizon) plus today: 15 dates, the weekend closed.
    assert len(re.findall(r'data-date="2026-1[12]-\d\d"', page)) == 15
    assert re.search(r'<span class="day day--closed[^"]*"[^>]*data-date="2026-11-28"', page)
    assert re.search(r'title="[^"]*Cuti bersama[^"]*" data-date="2026-11-26"', page)
    assert re.search(r'<a class="day[^"]*"[^>]*data-date="2026-11-25"', page, re.S)
    # Today is chosen (it still has places after the 60-minute cut-off).
    assert 'name="date" value="2026-11-24"' in page
    assert re.search(r'value="10:00" disabled', page)  # past its cut-off at 09:00
    assert re.search(r'value="10:30">\s*<label for="slot-1030">\s*<span class="slot__time">'
                     r'10:30–11:00</span>\s*<span class="slot__free">5 places left', page)
    # The NIK is explained next to its field.
    assert "stored masked" in page and 'inputmode="numeric"' in page


def test_choosing_a_date_refreshes_the_slot_list_with_htmx(mall, clock, citizen, book):
    book(date=WEDNESDAY, slot="08:00", nik=AGUS)
    response = citizen.get(f"{BOOK}?tanggal={WEDNESDAY}", HTTP_HX_TARGET="when", **HTMX)
    assert response.status_code == 200
    part = response.content.decode()
    assert "<html" not in part and 'id="id_name"' not in part  # the slot list alone
    assert 'name="date" value="2026-11-25"' in part
    assert re.search(r'08:00–08:30</span>\s*<span class="slot__free">4 places left', part)
    assert 'aria-current="date"' in part and "HX-Target" in response["Vary"]
    # Without JavaScript the same link loads the whole page on that date.
    page = citizen.get(f"{BOOK}?tanggal={WEDNESDAY}").content.decode()
    assert "<html" in page and 'name="date" value="2026-11-25"' in page


def test_a_closed_date_asked_for_says_why(mall, clock, citizen):
    page = citizen.get(f"{BOOK}?tanggal=2026-11-28").content.decode()
    assert "The MPP is closed on 2026-11-28" in page
    assert 'name="slot"' not in page
    # Beyond the horizon or nonsense: the first open day instead.
    page = citizen.get(f"{BOOK}?tanggal=2027-05-01").content.decode()
    assert 'name="date" value="2026-11-24"' in page
    assert citizen.get(f"{BOOK}?tanggal=kemarin").status_code == 200


# --- booking ------------------------------------------------------------------------------------

def test_siti_books_and_gets_her_code_qr_window_and_requirements(mall, clock, citizen):
    response = citizen.post(BOOK, siti())
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/s/kota-uji/pesanan/{booking.code}/?baru=1"
    assert booking.channel == "portal" and booking.nik_masked == "3201********0001"
    page = citizen.get(response["Location"]).content.decode()
    assert "Your booking is confirmed" in page
    assert f"{booking.code[:4]}-{booking.code[4:]}" in page  # grouped, easy to read aloud
    assert "<svg" in page  # the QR, inline
    assert "come between 08:00 and 08:45" in page  # 30 before, 15 after the 08:30 slot
    assert "Wednesday, 25 November 2026" in page and "08:30–09:00" in page
    assert "Penerbitan KTP-el Baru" in page and "Dinas Kependudukan" in page
    assert "Fotokopi KK" in page and "Surat pengantar RT/RW" in page
    assert "3201********0001" in page and SITI not in page


def test_the_check_in_window_reads_the_indonesian_way(mall, clock, book):
    booking = book(slot="09:00")
    page = Client().get(f"/s/kota-uji/pesanan/{booking.code}/").content.decode()
    assert "08.30" in page and "09.15" in page


def test_booking_with_htmx_redirects_to_the_confirmation(mall, clock, citizen):
    response = citizen.post(BOOK, siti(), HTTP_HX_TARGET="book-form", **HTMX)
    booking = Booking.objects.get()
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"/s/kota-uji/pesanan/{booking.code}/?baru=1"


@pytest.mark.parametrize("nik, rule", [
    ("32010141079OOOO1", "only digits"),
    ("320101410790001", "16 digits; this one has 15"),
    ("3201017207900001", "day of birth"),
    ("3201010113900001", "month of birth"),
    ("9901014107900001", "unknown province code 99"),
])
def test_an_invalid_nik_names_the_rule_and_keeps_the_form(mall, clock, citizen, nik, rule):
    response = citizen.post(BOOK, siti(nik=nik))
    assert response.status_code == 422
    page = response.content.decode()
    assert rule in field_error(page, "nik")
    assert 'aria-invalid="true"' in page
    assert input_value(page, "name") == "Siti Rahmawati"
    assert input_value(page, "phone") == "0812-3456-7890"
    assert input_value(page, "nik") == nik
    assert re.search(r'value="08:30" checked', page)
    assert 'name="date" value="2026-11-25"' in page
    assert not Booking.objects.exists()


def test_every_bad_field_at_once_in_the_htmx_form(mall, clock, citizen):
    response = citizen.post(BOOK, siti(name=" ", phone="12345", email="siti@"),
                            HTTP_HX_TARGET="book-form", **HTMX)
    assert response.status_code == 200  # htmx swaps 2xx only
    part = response.content.decode()
    assert part.lstrip().startswith("<form") and "<html" not in part
    assert field_error(part, "name") and "mobile number" in field_error(part, "phone")
    assert "e-mail" in field_error(part, "email")
    assert "Please correct the marked fields." in part
    assert 'href="#field-phone"' in part  # the summary leads to each field
    assert not Booking.objects.exists()


def test_no_slot_chosen(mall, clock, citizen):
    response = citizen.post(BOOK, siti(slot=""))
    assert response.status_code == 422
    assert field_error(response.content.decode(), "slot")


def test_a_closed_day_and_a_slot_past_its_cut_off(mall, clock, citizen):
    response = citizen.post(BOOK, siti(date="2026-11-28"))
    assert response.status_code == 422
    assert "closed on 2026-11-28" in field_error(response.content.decode(), "date")
    response = citizen.post(BOOK, siti(date="2026-11-24", slot="09:30"))
    assert response.status_code == 422
    assert "closed at 2026-11-24 08:30" in field_error(response.content.decode(), "slot")
    response = citizen.post(BOOK, siti(date="2026-11-23"))
    assert "in the past" in field_error(response.content.decode(), "date")
    assert not Booking.objects.exists()


def test_a_full_slot_offers_the_next_free_slots_as_buttons(mall, clock, citizen, book):
    catalog.service_update(service=mall.ktp, slot_capacity=1)
    book(slot="08:30", nik=AGUS, name="Agus Salim")
    response = citizen.post(BOOK, siti())
    assert response.status_code == 409
    page = response.content.decode()
    assert "This slot is full." in field_error(page, "slot")
    suggestions = re.findall(r'name="suggest" value="([^"]+)"', page)
    assert suggestions == ["2026-11-25 08:00", "2026-11-25 09:00", "2026-11-25 09:30"]
    # One tap books the suggestion with what was typed (resent by the same form).
    response = citizen.post(BOOK, {**siti(), "suggest": "2026-11-25 09:00"})
    assert response.status_code == 302
    booking = Booking.objects.get(name="Siti Rahmawati")
    assert str(booking.slot_start) == "09:00:00"


def test_a_second_booking_the_same_day_is_a_duplicate(mall, clock, citizen, book):
    book(slot="10:00")
    response = citizen.post(BOOK, siti())
    assert response.status_code == 409
    page = response.content.decode()
    assert "Already booked for this service that day." in field_error(page, "nik")
    assert "This NIK already has a booking" in page
    assert Booking.objects.count() == 1


# --- find, cancel, reschedule --------------------------------------------------------------------

def test_find_a_booking_by_the_code_however_it_is_typed(mall, clock, citizen, book):
    booking = book()
    typed = f" {booking.code[:4].lower()} - {booking.code[4:].lower()} "
    response = citizen.get(FIND, {"kode": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/s/kota-uji/pesanan/{booking.code}/"
    page = citizen.get(response["Location"]).content.decode()
    assert "Confirmed" in page and "Cancel this booking" in page
    # The page's address also takes the code as typed.
    response = citizen.get(f"/s/kota-uji/pesanan/{booking.code.lower()}/")
    assert response.status_code == 302


def test_unknown_codes(mall, clock, citizen, book):
    booking = book()
    assert citizen.get(FIND).status_code == 200
    response = citizen.get(FIND, {"kode": "K7QX-3MZA"})
    assert response.status_code == 404
    assert "No booking at this MPP has the code K7QX-3MZA" in response.content.decode()
    response = citizen.get(FIND, {"kode": "0O1I"})
    assert response.status_code == 404 and "8 letters and digits" in response.content.decode()
    assert citizen.get("/s/kota-uji/pesanan/K7QX3MZA/").status_code == 404
    # A code of another MPP is not found here.
    other = build_other_mall()
    assert citizen.get(f"/s/{other.site.slug}/pesanan/{booking.code}/").status_code == 404


def build_other_mall():
    from mpp.conftest import build_mall
    return build_mall("kota-lain")


def test_cancel_asks_the_nik_and_frees_the_place(mall, clock, citizen, book):
    booking = book()
    url = f"/s/kota-uji/pesanan/{booking.code}/batal/"
    response = citizen.post(url, {"nik": AGUS})
    assert response.status_code == 404
    page = response.content.decode()
    assert "No booking matches this code and NIK." in page
    assert re.search(r'<details class="cancel" open>', page)
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    response = citizen.post(url, {"nik": SITI})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    page = citizen.get(response["Location"]).content.decode()
    assert "The booking is cancelled" in page and "Cancel this booking" not in page
    assert "<svg" not in page  # no QR for a cancelled booking
    # Cancelling again: the transition is refused, shown on the page.
    response = citizen.post(url, {"nik": SITI})
    assert response.status_code == 409


def test_reschedule_to_another_day_and_slot(mall, clock, citizen, book):
    booking = book()
    url = f"/s/kota-uji/pesanan/{booking.code}/ubah/"
    page = citizen.get(url).content.decode()
    assert 'name="date" value="2026-11-25"' in page  # starts on the booking's day
    response = citizen.post(url, {"date": "2026-11-26", "slot": "09:00", "nik": AGUS})
    assert response.status_code == 404
    page = response.content.decode()
    assert "No booking matches this code and NIK." in field_error(page, "nik")
    assert re.search(r'value="09:00" checked', page)
    response = citizen.post(url, {"date": "2026-11-26", "slot": "09:00", "nik": SITI})
    assert response.status_code == 302
    assert response["Location"].endswith("?ubah=1")
    booking.refresh_from_db()
    assert booking.date.isoformat() == "2026-11-26" and str(booking.slot_start) == "09:00:00"
    page = citizen.get(response["Location"]).content.decode()
    assert "moved to the new time" in page and "Thursday, 26 November 2026" in page


def test_reschedule_with_htmx_and_a_full_slot(mall, clock, citizen, book):
    catalog.service_update(service=mall.ktp, slot_capacity=1)
    booking = book()
    book(nik=AGUS, slot="09:00", name="Agus")
    url = f"/s/kota-uji/pesanan/{booking.code}/ubah/"
    part = citizen.get(f"{url}?tanggal=2026-11-26", HTTP_HX_TARGET="when", **HTMX)
    assert 'name="date" value="2026-11-26"' in part.content.decode()
    response = citizen.post(url, {"date": WEDNESDAY, "slot": "09:00", "nik": SITI},
                            HTTP_HX_TARGET="reschedule-form", **HTMX)
    assert response.status_code == 200
    part = response.content.decode()
    assert part.lstrip().startswith("<form") and 'name="suggest"' in part
    booking.refresh_from_db()
    assert str(booking.slot_start) == "08:00:00"  # unchanged
    response = citizen.post(url, {"nik": SITI, "suggest": "2026-11-25 08:30"},
                            HTTP_HX_TARGET="reschedule-form", **HTMX)
    assert response.status_code == 204 and response["HX-Redirect"].endswith("?ubah=1")
    booking.refresh_from_db()
    assert str(booking.slot_start) == "08:30:00"


def test_on_the_day_a_checked_in_booking_links_to_its_ticket(mall, clock, citizen, book):
    booking = book(date="2026-11-24", slot="10:30")
    clock.set(10, 5)
    ticket = services.booking_check_in(booking=booking, actor=mall.users["frontdesk"])
    page = citizen.get(f"/s/kota-uji/pesanan/{booking.code}/").content.decode()
    assert f'href="/antrean/t/{ticket.public_id}/"' in page
    assert "Checked in" in page and "Cancel this booking" not in page
    page = citizen.get(f"/s/kota-uji/pesanan/{booking.code}/ubah/").content.decode()
    assert "cannot be changed any more" in page


def test_the_portal_is_indonesian_by_default(mall, clock):
    page = Client().get(BOOK).content.decode()
    assert '<html lang="id">' in page


def test_looking_bookings_up_by_code_is_rate_limited(mall, settings):
    """Codes cannot be guessed by the thousand: lookups per browser are limited, in Indonesian,
    and all browsers of one address together under a higher ceiling."""
    # windows of ~3 years: no window boundary falls inside the test (a fixed window that
    # turned over between two lookups made it pass the limit's count by chance)
    settings.MPP_RATE_LIMITS = {**settings.MPP_RATE_LIMITS, "public_pages": "3/99999999",
                                "public_pages_address": "5/99999999"}
    client = Client()
    assert client.get("/s/kota-uji/pesanan/").status_code == 200  # the form: a CSRF cookie
    for _ in range(3):
        assert client.get("/s/kota-uji/pesanan/?kode=ABCD-EFGH").status_code == 404
    refused = client.get("/s/kota-uji/pesanan/?kode=ABCD-EFGH")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Terlalu banyak" in refused.content.decode()
    assert client.get("/s/kota-uji/pesanan/").status_code == 200  # the empty form still shows
    # another citizen on the same Wi-Fi has a budget of their own...
    neighbour = Client()
    neighbour.get("/s/kota-uji/pesanan/")
    assert neighbour.get("/s/kota-uji/pesanan/?kode=ABCD-EFGH").status_code == 404
    # ...until the address as a whole reaches its ceiling (cookies dropped or not)
    assert Client().get("/s/kota-uji/pesanan/?kode=ABCD-EFGH").status_code == 429


def test_the_date_picker_reads_the_whole_horizon_at_once(mall, clock, book,
                                                        django_assert_max_num_queries):
    """A citizen on a slow connection waits for one page: the horizon's days and their free
    places come from one read, however many days the site lets people book ahead."""
    catalog.site_update(site=mall.site, booking_horizon_days=30)
    book()
    with django_assert_max_num_queries(10):
        page = Client().get("/s/kota-uji/pesan/ktp-el-baru/")
    assert page.status_code == 200
