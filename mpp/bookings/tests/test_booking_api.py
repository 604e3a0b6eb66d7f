"""The booking endpoints of the contract over HTTP: shapes, error codes naming the field,
nothing stored on bad input, the integrator channel and its own rate limit, check-in."""

import pytest

from mpp.bookings.models import Booking
from mpp.catalog import services as catalog

from .conftest import AGUS, SITI, WEDNESDAY

pytestmark = pytest.mark.django_db

BODY = {"service": "ktp-el-baru", "date": WEDNESDAY, "slot": "08:00", "name": "Siti Rahmawati",
        "nik": SITI, "phone": "081234567890"}


def test_citizen_books_finds_and_cancels(mall, clock, api):
    citizen = api()
    response = citizen.get(f"sites/kota-uji/services/ktp-el-baru/availability?date={WEDNESDAY}")
    assert response.status_code == 200
    assert response.json()["open"] is True
    assert response.json()["slots"][0] == {"start": "08:00", "end": "08:30", "remaining": 5}

    response = citizen.post("sites/kota-uji/bookings", BODY)
    assert response.status_code == 201, response.content
    body = response.json()
    assert {k: body[k] for k in ("service", "date", "slot", "status", "nik_masked")} == {
        "service": "ktp-el-baru", "date": WEDNESDAY, "slot": "08:00", "status": "confirmed",
        "nik_masked": "3201********0001"}
    code = body["code"]
    assert body["channel"] == "portal"

    typed = f"{code[:4].lower()}-{code[4:]}"
    detail = citizen.get(f"bookings/{typed}")
    assert detail.status_code == 200 and detail.json()["code"] == code
    assert SITI not in detail.content.decode() and "81234567890" not in detail.content.decode()
    qr = citizen.get(f"bookings/{code}/qr.svg")
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"

    wrong = citizen.post(f"bookings/{code}/cancel", {"nik": AGUS})
    unknown = citizen.post("bookings/ZZZZ2222/cancel", {"nik": SITI})
    assert wrong.status_code == unknown.status_code == 404
    response = citizen.post(f"bookings/{code}/cancel", {"nik": SITI})
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    slots = citizen.get(f"sites/kota-uji/services/ktp-el-baru/availability?date={WEDNESDAY}")
    assert slots.json()["slots"][0]["remaining"] == 5


@pytest.mark.parametrize("change, status, code, field", [
    ({"nik": "32010141079OOOO1"}, 422, "invalid", "nik"),      # letters
    ({"nik": "320101410790001"}, 422, "invalid", "nik"),       # 15 digits
    ({"nik": "3201017207900001"}, 422, "invalid", "nik"),      # day 72
    ({"nik": "3201010113900001"}, 422, "invalid", "nik"),      # month 13
    ({"nik": "9901014107900001"}, 422, "invalid", "nik"),      # province 99
    ({"nik": 3201014107900001}, 422, "invalid", "nik"),        # a number, not a text
    ({"date": "2026-11-23"}, 422, "invalid", "date"),          # past
    ({"date": "2026-12-09"}, 422, "invalid", "date"),          # beyond the horizon
    ({"date": "2026-11-28"}, 422, "invalid", "date"),          # closed (Saturday)
    ({"date": "tomorrow"}, 422, "invalid", "date"),
    ({"slot": "08:10"}, 422, "invalid", "slot"),
    ({"phone": "12345"}, 422, "invalid", "phone"),
    ({"email": "not-an-email"}, 422, "invalid", "email"),
    ({"service": "no-such-service"}, 422, "invalid", "service"),
    ({"name": None}, 422, "invalid", "name"),
    ({"name": "x" * 201}, 422, "invalid", "name"),
])
def test_bad_input(mall, clock, api, change, status, code, field):
    body = {**BODY, **change}
    if change.get("name", "") is None:
        del body["name"]
    response = api().post("sites/kota-uji/bookings", body)
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code and field in error["fields"]
    assert field in error["message"]
    assert not Booking.objects.exists()


def test_malformed_and_oversized_bodies(mall, clock, api, settings):
    citizen = api()
    response = citizen.post("sites/kota-uji/bookings", "{not json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_request"
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = citizen.post("sites/kota-uji/bookings", {**BODY, "name": "x" * 5000})
    assert response.status_code in (413, 422)
    assert not Booking.objects.exists()


def test_full_slot_and_duplicate_over_http(mall, clock, api):
    catalog.service_update(service=mall.ktp, slot_capacity=1)
    citizen = api()
    assert citizen.post("sites/kota-uji/bookings", BODY).status_code == 201
    again = citizen.post("sites/kota-uji/bookings", {**BODY, "slot": "09:00"})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "duplicate_booking"
    full = citizen.post("sites/kota-uji/bookings", {**BODY, "nik": AGUS})
    assert full.status_code == 409
    error = full.json()["error"]
    assert error["code"] == "quota_full" and "slot" in error["fields"]
    assert error["suggestions"][0] == {"date": WEDNESDAY, "start": "08:30", "end": "09:00",
                                       "remaining": 1}


def test_forged_and_mistyped_codes(mall, clock, api):
    citizen = api()
    for code in ("AAAA2222", "abc", "K7QX-3MZ0", "x" * 40):
        response = citizen.get(f"bookings/{code}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "unknown_booking"
    kiosk = api(mall.users["kiosk"])
    response = kiosk.post("sites/kota-uji/check-in", {"booking_code": "AAAA-2222"})
    assert response.status_code == 404
    assert "booking_code" in response.json()["error"]["fields"]


def test_integrator_booking_records_the_app(mall, clock, api):
    cityapp = api(mall.users["cityapp"])
    response = cityapp.post("sites/kota-uji/bookings", BODY)
    assert response.status_code == 201
    booking = Booking.objects.get()
    assert booking.channel == "integrator" and booking.integrator == mall.users["cityapp"]
    forged = api()
    forged.headers["HTTP_AUTHORIZATION"] = "Bearer not-a-token"
    assert forged.post("sites/kota-uji/bookings", {**BODY, "nik": AGUS}).status_code == 401


def test_integrators_have_their_own_rate_limit(mall, clock, api, settings):
    settings.MPP_RATE_LIMITS = {**settings.MPP_RATE_LIMITS, "public": "3/99999999",
                                "integrator": "6/99999999"}
    citizen, cityapp = api(), api(mall.users["cityapp"])
    url = f"sites/kota-uji/services/ktp-el-baru/availability?date={WEDNESDAY}"
    assert [citizen.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert [cityapp.get(url).status_code for _ in range(7)] == [200] * 6 + [429]
    limited = citizen.post("sites/kota-uji/bookings", BODY)
    assert limited.status_code == 429 and limited.json()["error"]["code"] == "rate_limited"


def test_check_in_over_http(mall, clock, api):
    code = api().post("sites/kota-uji/bookings",
                      {**BODY, "date": "2026-11-24", "slot": "10:30"}).json()["code"]
    kiosk = api(mall.users["kiosk"])
    early = kiosk.post("sites/kota-uji/check-in", {"booking_code": code})
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "too_early"
    assert early.json()["error"]["check_in_from"] == "2026-11-24T10:00:00+07:00"
    clock.set(10, 10)
    response = kiosk.post("sites/kota-uji/check-in", {"booking_code": code.lower()})
    assert response.status_code == 201, response.content
    ticket = response.json()
    assert ticket["number"] == "A-001" and ticket["status"] == "waiting"
    assert ticket["position"] == 0
    again = kiosk.post("sites/kota-uji/check-in", {"booking_code": code})
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_checked_in"
    assert api().get(f"bookings/{code}").json()["ticket"] == ticket["id"]


def test_check_in_needs_a_device_or_the_front_desk(mall, clock, api):
    code = api().post("sites/kota-uji/bookings", BODY).json()["code"]
    assert api().post("sites/kota-uji/check-in", {"booking_code": code}).status_code == 401
    officer = api(mall.users["dewi"])
    assert officer.post("sites/kota-uji/check-in", {"booking_code": code}).status_code == 403


def test_reschedule_over_http(mall, clock, api):
    citizen = api()
    code = citizen.post("sites/kota-uji/bookings", BODY).json()["code"]
    response = citizen.post(f"bookings/{code}/reschedule",
                            {"nik": SITI, "date": "2026-11-26", "slot": "09:00"})
    assert response.status_code == 200
    assert (response.json()["date"], response.json()["slot"]) == ("2026-11-26", "09:00")
    bad = citizen.post(f"bookings/{code}/reschedule",
                       {"nik": SITI, "date": "2026-11-28", "slot": "09:00"})
    assert bad.status_code == 422 and "date" in bad.json()["error"]["fields"]


def test_openapi_documents_bookings_with_examples(mall, api):
    schema = api().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/v1/sites/{site}/services/{service}/availability",
                 "/api/v1/sites/{site}/bookings", "/api/v1/bookings/{code}",
                 "/api/v1/bookings/{code}/cancel", "/api/v1/bookings/{code}/reschedule",
                 "/api/v1/sites/{site}/check-in"):
        assert path in paths
    post = paths["/api/v1/sites/{site}/bookings"]["post"]
    assert "quota_full" in post["responses"]["409"]["content"]["application/json"]["examples"]
