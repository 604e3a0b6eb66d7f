"""The check-in screen of the kiosk and the front desk (/antrean/<site>/lapor-hadir/): the
code typed or scanned (a USB scanner types it and presses Enter: a plain form post), the
ticket shown like the kiosk's, every refusal as a clear message, and who may use it.
Siti booked today's 10:30 slot of KTP-el: check-in is open from 10:00 to 10:45."""

import re

import pytest
from django.test import Client

from mpp.bookings.models import Booking
from mpp.catalog import services as catalog
from mpp.conftest import build_mall
from mpp.queueing import services as queue
from mpp.queueing.models import Ticket

from .conftest import SITI

pytestmark = pytest.mark.django_db

URL = "/antrean/kota-uji/lapor-hadir/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def signed_in(user) -> Client:
    client = Client()
    client.cookies["mpp_lang"] = "en"
    client.force_login(user)
    return client


@pytest.fixture
def booking(mall, clock, book):
    return book(date="2026-11-24", slot="10:30")


@pytest.fixture
def kiosk(mall):
    return signed_in(mall.users["kiosk"])


def test_the_screen_is_one_big_code_field_ready_for_a_scanner(mall, clock, kiosk):
    response = kiosk.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    field = re.search(r'<input[^>]*id="checkin-code"[^>]*>', page, re.S).group(0)
    assert 'name="kode"' in field and "autofocus" in field and 'autocomplete="off"' in field
    assert 'enterkeyhint="go"' in field
    assert '<label for="checkin-code">' in page
    assert re.search(r'<form class="checkin-form" method="post" action="/antrean/kota-uji/'
                     r'lapor-hadir/"', page)


def test_in_the_window_the_code_becomes_a_ticket_called_before_walk_ins(mall, clock, booking,
                                                                        kiosk):
    clock.set(10, 5)
    walk_in = queue.ticket_issue(service=mall.ktp, lane="regular", source="kiosk",
                                 actor=mall.users["kiosk"])
    # The scanner types the code in small letters with a dash, then Enter.
    typed = f"{booking.code[:4].lower()}-{booking.code[4:].lower()}"
    response = kiosk.post(URL, {"kode": typed})
    assert response.status_code == 200
    page = response.content.decode()
    booking.refresh_from_db()
    ticket = booking.ticket
    assert booking.status == "checked_in" and ticket.lane == "appointment"
    assert f'data-testid="ticket-number">{ticket.display_number}<' in page
    assert 'data-testid="position">0<' in page  # ahead of the earlier walk-in
    assert "Loket 1" in page  # the counter that serves it
    assert "ticket-slip__qr" in page and "<svg" in page
    assert f"/antrean/t/{ticket.public_id}/" in page or ticket.public_id in page
    assert "is checked in" in page
    assert Ticket.objects.filter(pk=walk_in.pk, lane="regular").exists()


def test_htmx_swaps_only_the_step(mall, clock, booking, kiosk):
    clock.set(10, 0)
    response = kiosk.post(URL, {"kode": booking.code}, **HTMX)
    part = response.content.decode()
    assert response.status_code == 200 and "<html" not in part
    assert 'data-testid="ticket-number"' in part
    assert "Check in another booking" in part
    part = kiosk.get(URL, **HTMX).content.decode()
    assert "<html" not in part and 'id="checkin-code"' in part


def test_a_qr_holding_the_address_of_the_booking_also_works(mall, clock, booking, kiosk):
    clock.set(10, 0)
    response = kiosk.post(URL, {"kode": f"https://mpp.example.id/s/kota-uji/pesanan/"
                                        f"{booking.code}/"})
    assert 'data-testid="ticket-number"' in response.content.decode()


def test_too_early_shows_the_allowed_times(mall, clock, booking, kiosk):
    response = kiosk.post(URL, {"kode": booking.code})
    assert response.status_code == 409
    page = response.content.decode()
    assert 'data-kind="too_early"' in page
    assert "Too early" in page
    assert "between 10:00 and 10:45" in page
    booking.refresh_from_db()
    assert booking.status == "confirmed" and not Ticket.objects.exists()
    # The field is empty and focused again, for the next scan.
    assert re.search(r'id="checkin-code"[^>]*autofocus', page, re.S)
    assert 'value="' + booking.code not in page


def test_too_late_shows_the_allowed_times_and_the_walk_in_way(mall, clock, booking, kiosk):
    clock.set(10, 46)
    response = kiosk.post(URL, {"kode": booking.code}, **HTMX)
    assert response.status_code == 200  # htmx swaps it
    part = response.content.decode()
    assert 'data-kind="too_late"' in part and "between 10:00 and 10:45" in part
    assert "walk-in number" in part
    assert not Ticket.objects.exists()


def test_late_with_the_walk_in_policy_gets_a_regular_ticket(mall, clock, booking, kiosk):
    catalog.site_update(site=mall.site, late_policy="walk_in")
    clock.set(11, 30)
    page = kiosk.post(URL, {"kode": booking.code}).content.decode()
    assert 'data-testid="ticket-number"' in page
    assert Ticket.objects.get().lane == "regular"


def test_already_checked_in_links_to_the_ticket(mall, clock, booking, kiosk):
    clock.set(10, 0)
    kiosk.post(URL, {"kode": booking.code})
    ticket = Ticket.objects.get()
    response = kiosk.post(URL, {"kode": booking.code})
    assert response.status_code == 409
    page = response.content.decode()
    assert 'data-kind="already_checked_in"' in page and ticket.display_number in page
    assert f'href="/antrean/t/{ticket.public_id}/"' in page
    assert Ticket.objects.count() == 1


def test_a_cancelled_booking(mall, clock, booking, kiosk):
    from mpp.bookings import services
    services.booking_cancel(code=booking.code, nik=SITI)
    clock.set(10, 0)
    response = kiosk.post(URL, {"kode": booking.code})
    assert response.status_code == 409
    assert "was cancelled" in response.content.decode()
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("typed, says", [
    ("", "Type or scan the booking code."),
    ("HALO", "is not a booking code"),
    ("K7QX-3MZA", "No booking at this MPP has the code K7QX-3MZA"),
])
def test_unknown_codes(mall, clock, booking, kiosk, typed, says):
    response = kiosk.post(URL, {"kode": typed})
    assert response.status_code == 404
    page = response.content.decode()
    assert says in page and 'data-kind="unknown"' in page
    assert not Ticket.objects.exists()


def test_a_booking_of_another_mpp_is_unknown_here(mall, clock, kiosk):
    from mpp.bookings import services
    other = build_mall("kota-lain")
    foreign = services.booking_create(
        service=other.ktp, date="2026-11-24", slot="10:30", name="Siti", nik=SITI,
        phone="081234567890", channel="portal")
    clock.set(10, 0)
    response = kiosk.post(URL, {"kode": foreign.code})
    assert response.status_code == 404
    assert Booking.objects.get(pk=foreign.pk).status == "confirmed"


def test_the_front_desk_checks_in_too(mall, clock, booking):
    clock.set(10, 0)
    desk = signed_in(mall.users["frontdesk"])
    page = desk.post(URL, {"kode": booking.code}).content.decode()
    assert 'data-testid="ticket-number"' in page
    assert booking.events.last().actor == mall.users["frontdesk"]


def test_who_may_use_the_screen(mall, clock, booking):
    # Nobody signed in: to the sign-in page.
    response = Client().get(URL)
    assert response.status_code == 302 and "/akun/" in response["Location"]
    response = Client().post(URL, {"kode": booking.code})
    assert response.status_code == 302
    clock.set(10, 0)
    # An officer is not a ticket issuer.
    response = signed_in(mall.users["dewi"]).post(URL, {"kode": booking.code})
    assert response.status_code == 403
    assert signed_in(mall.users["hendra"]).get(URL).status_code == 403
    # The kiosk of another MPP neither.
    other = build_mall("kota-lain")
    response = signed_in(other.users["kiosk"]).post(URL, {"kode": booking.code})
    assert response.status_code == 403
    booking.refresh_from_db()
    assert booking.status == "confirmed" and not Ticket.objects.exists()
    assert Client().get("/antrean/tidak-ada/lapor-hadir/").status_code in (302, 404)
