"""A kiosk on the MPP's flaky Wi-Fi asks for a ticket, the ticket is made, the answer is lost,
the kiosk asks again: one citizen, one number. Before: the retry made a second ticket."""

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from mpp.bookings.models import Booking
from mpp.queueing.models import Ticket
from mpp.web.models import IdempotentRequest

pytestmark = pytest.mark.django_db
SITE = "sites/kota-uji"
SITI = "3201014107900001"


@pytest.fixture(autouse=True)
def tuesday_morning(monkeypatch):
    instant = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr(timezone, "now", lambda: instant)


def test_a_retried_ticket_request_gets_the_same_ticket(mall, api):
    kiosk = api(mall.users["kiosk"])
    first = kiosk.post(f"{SITE}/tickets", {"service": "ktp-el-baru"},
                       HTTP_IDEMPOTENCY_KEY="kiosk-lobby-000123")
    again = kiosk.post(f"{SITE}/tickets", {"service": "ktp-el-baru"},
                       HTTP_IDEMPOTENCY_KEY="kiosk-lobby-000123")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Ticket.objects.count() == 1
    # another key is another citizen
    other = kiosk.post(f"{SITE}/tickets", {"service": "ktp-el-baru"},
                       HTTP_IDEMPOTENCY_KEY="kiosk-lobby-000124")
    assert other.json()["number"] == "A-002"
    # without a key every request is a new ticket, as before
    assert kiosk.post(f"{SITE}/tickets", {"service": "ktp-el-baru"}).json()["number"] == "A-003"


def test_keys_belong_to_their_caller(mall, api):
    """The front desk's key does not replay the kiosk's ticket."""
    body = {"service": "ktp-el-baru"}
    kiosk = api(mall.users["kiosk"]).post(f"{SITE}/tickets", body, HTTP_IDEMPOTENCY_KEY="k1")
    desk = api(mall.users["frontdesk"]).post(f"{SITE}/tickets", body, HTTP_IDEMPOTENCY_KEY="k1")
    assert kiosk.json()["id"] != desk.json()["id"]


def test_a_key_reused_for_another_request_is_refused(mall, api):
    kiosk = api(mall.users["kiosk"])
    kiosk.post(f"{SITE}/tickets", {"service": "ktp-el-baru"}, HTTP_IDEMPOTENCY_KEY="k-7")
    reused = kiosk.post(f"{SITE}/tickets", {"service": "kk-baru"}, HTTP_IDEMPOTENCY_KEY="k-7")
    assert reused.status_code == 422
    assert reused.json()["error"]["code"] == "idempotency_key_reused"
    bad = kiosk.post(f"{SITE}/tickets", {"service": "kk-baru"}, HTTP_IDEMPOTENCY_KEY="x" * 101)
    assert bad.status_code == 422 and "Idempotency-Key" in bad.json()["error"]["fields"]
    assert Ticket.objects.count() == 1


def test_a_refused_request_keeps_no_answer_so_its_retry_can_succeed(mall, api):
    kiosk = api(mall.users["kiosk"])
    refused = kiosk.post(f"{SITE}/tickets", {"service": "tidak-ada"}, HTTP_IDEMPOTENCY_KEY="r1")
    assert refused.status_code == 404
    assert not IdempotentRequest.objects.exists()


def test_a_citizens_booking_and_its_check_in_are_made_once(mall, api, monkeypatch):
    body = {"service": "ktp-el-baru", "date": "2026-11-24", "slot": "10:30",
            "name": "Siti Rahmawati", "nik": SITI, "phone": "081234567890"}
    citizen = api()
    first = citizen.post(f"{SITE}/bookings", body, HTTP_IDEMPOTENCY_KEY="siti-hp-1")
    again = citizen.post(f"{SITE}/bookings", body, HTTP_IDEMPOTENCY_KEY="siti-hp-1")
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert Booking.objects.count() == 1
    at_ten = datetime(2026, 11, 24, 10, 15, tzinfo=ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr(timezone, "now", lambda: at_ten)
    kiosk = api(mall.users["kiosk"])
    code = {"booking_code": first.json()["code"]}
    checked = kiosk.post(f"{SITE}/check-in", code, HTTP_IDEMPOTENCY_KEY="ci-1")
    retried = kiosk.post(f"{SITE}/check-in", code, HTTP_IDEMPOTENCY_KEY="ci-1")
    assert checked.status_code == retried.status_code == 201
    assert checked.json() == retried.json()  # not 409 already_checked_in: the same answer


@pytest.mark.django_db(transaction=True)
def test_two_retries_at_once_make_one_ticket(mall):
    """The kiosk's sends arrive together on several workers: one ticket, and every answer
    is that ticket or 'still running, retry'."""
    from django.test import Client

    from mpp.accounts.services import token_create

    _token, secret = token_create(user=mall.users["kiosk"], name="kiosk")
    results = []
    barrier = threading.Barrier(6)

    def send():
        try:
            barrier.wait()
            response = Client().post(f"/api/v1/{SITE}/tickets", {"service": "ktp-el-baru"},
                                     content_type="application/json",
                                     HTTP_AUTHORIZATION=f"Bearer {secret}",
                                     HTTP_IDEMPOTENCY_KEY="same")
            results.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert Ticket.objects.count() == 1
    made = [body for status, body in results if status == 201]
    assert made and all(body == made[0] for body in made)
    assert all(status == 201 or body["error"]["code"] == "idempotency_in_progress"
               for status, body in results), results
