"""A booking code is printed, photographed and passed around; its NIK must stay Siti's.

Before: `POST /bookings/{code}/reschedule` to the booking's own slot answered 200 for the right
NIK and 404 for a wrong one and changed nothing, without limit: 360 guesses took 6.6 s and gave
a full NIK (the mask shows 8 of its 16 digits). The public booking showed the full name, and a
city app (integrator) could check a citizen in who was not in the building."""

import pytest
from django.test import Client

from mpp.bookings import services
from mpp.bookings.models import Booking
from mpp.errors import Forbidden, NotFound, RateLimited

from .conftest import SITI, WEDNESDAY, citizen_nik

pytestmark = pytest.mark.django_db

LIMITS = {"nik_code": "5/86400", "nik_client": "8/3600"}


@pytest.fixture
def limits(settings):
    settings.MPP_RATE_LIMITS = {**settings.MPP_RATE_LIMITS, **LIMITS,
                                "public": "1000/60", "public_pages": "1000/60",
                                "public_pages_address": "1000/60"}


def _reschedule(api, code, nik, address="198.51.100.20"):
    return api().post(f"bookings/{code}/reschedule",
                      {"nik": nik, "date": WEDNESDAY, "slot": "08:00"}, REMOTE_ADDR=address)


def test_a_guesser_gets_five_tries_a_day_per_code_then_nothing(mall, clock, book, api, limits):
    code = book().code
    answers = [_reschedule(api, code, citizen_nik(n)) for n in range(5)]
    assert [a.status_code for a in answers] == [404] * 5
    # the right NIK, from another address: the code is locked, for everyone, for the day
    locked = _reschedule(api, code, SITI, address="203.0.113.9")
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "too_many_attempts"
    assert int(locked["Retry-After"]) > 3600
    assert Booking.objects.get(code=code).status == "confirmed"  # nothing changed


def test_a_wrong_nik_and_an_unknown_code_answer_alike_and_both_lock(mall, clock, book, api, limits):
    code = book().code
    wrong_nik = api().post(f"bookings/{code}/cancel", {"nik": citizen_nik(7)})
    unknown = api().post("bookings/ZZZZ-ZZZZ/cancel", {"nik": citizen_nik(7)})
    assert wrong_nik.status_code == unknown.status_code == 404
    assert wrong_nik.json() == unknown.json()
    for _ in range(4):
        api().post("bookings/ZZZZ-ZZZZ/cancel", {"nik": citizen_nik(7)}, REMOTE_ADDR="10.1.1.1")
    again = api().post("bookings/ZZZZ-ZZZZ/cancel", {"nik": citizen_nik(7)})
    assert again.status_code == 429 and again.json()["error"]["code"] == "too_many_attempts"


def test_one_client_guessing_across_codes_is_stopped_too(mall, clock, book, api, limits):
    codes = [book(nik=citizen_nik(n), slot=slot).code
             for n, slot in ((1, "08:00"), (2, "08:30"), (3, "09:00"))]
    statuses = [_reschedule(api, code, citizen_nik(50 + n)).status_code
                for n, code in enumerate(codes * 3)]
    assert statuses[:8] == [404] * 8 and statuses[8] == 429  # 8 failures per client an hour
    # Siti's neighbour at another address still reschedules her own booking
    assert _reschedule(api, codes[0], citizen_nik(1), address="203.0.113.10").status_code == 200


def test_the_right_nik_still_works_and_a_typo_or_two_do_not_lock(mall, clock, book, api, limits):
    code = book().code
    assert _reschedule(api, code, citizen_nik(9)).status_code == 404  # a typo
    response = api().post(f"bookings/{code}/reschedule",
                          {"nik": SITI, "date": "2026-11-26", "slot": "09:00"})
    assert response.status_code == 200 and response.json()["date"] == "2026-11-26"


def test_the_portal_form_is_limited_by_the_same_rule(mall, clock, book, limits):
    booking = book()
    page = Client()
    url = f"/s/kota-uji/pesanan/{booking.code}/batal/"
    statuses = [page.post(url, {"nik": citizen_nik(n)}).status_code for n in range(6)]
    assert statuses == [404] * 5 + [429]
    assert Booking.objects.get(pk=booking.pk).status == "confirmed"


def test_the_service_itself_refuses_guessing_whoever_calls_it(mall, clock, book, limits):
    code = book().code
    for n in range(5):
        with pytest.raises(NotFound):
            services.booking_cancel(code=code, nik=citizen_nik(n), client="x")
    with pytest.raises(RateLimited):
        services.booking_cancel(code=code, nik=SITI, client="y")


def test_the_public_booking_shows_the_name_masked(mall, clock, book, api):
    booking = book()
    public = api().get(f"bookings/{booking.code}").json()
    assert public["name"] == "S*** R********"
    page = Client().get(f"/s/kota-uji/pesanan/{booking.code}/").content.decode()
    assert "S*** R********" in page and "Rahmawati" not in page
    # the front desk and Disdukcapil's staff see who it is; Samsat's officer does not
    assert api(mall.users["frontdesk"]).get(f"bookings/{booking.code}").json()["name"] == (
        "Siti Rahmawati")
    assert api(mall.users["dewi"]).get(f"bookings/{booking.code}").json()["name"] == (
        "Siti Rahmawati")
    assert api(mall.users["budi"]).get(f"bookings/{booking.code}").json()["name"] == (
        "S*** R********")


def test_a_city_app_cannot_check_a_citizen_in(mall, clock, book, api):
    booking = book(date="2026-11-24", slot="10:30")
    clock.set(10, 15)  # in the check-in window
    response = api(mall.users["cityapp"]).post("sites/kota-uji/check-in",
                                               {"booking_code": booking.code})
    assert response.status_code == 403
    with pytest.raises(Forbidden):
        services.booking_check_in(booking=booking, actor=mall.users["cityapp"])
    assert api(mall.users["kiosk"]).post("sites/kota-uji/check-in",
                                         {"booking_code": booking.code}).status_code == 201
