"""The queue over HTTP: a citizen takes a number at the kiosk, Dewi calls and serves it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from mpp.catalog import services as catalog
from mpp.queueing.models import Ticket

pytestmark = pytest.mark.django_db
SITE = "sites/kota-uji"


@pytest.fixture(autouse=True)
def tuesday_morning(monkeypatch):
    instant = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr(timezone, "now", lambda: instant)


def test_a_visit_from_kiosk_to_finish(mall, api):
    kiosk, dewi, citizen = api(mall.users["kiosk"]), api(mall.users["dewi"]), api()
    response = kiosk.post(f"{SITE}/tickets", {"service": "ktp-el-baru"})
    assert response.status_code == 201
    ticket = response.json()
    assert ticket["number"] == "A-001" and ticket["status"] == "waiting"
    assert ticket["position"] == 0 and ticket["service"] == "ktp-el-baru"
    second = kiosk.post(f"{SITE}/tickets", {"service": "kk-baru"}).json()
    assert (second["number"], second["position"]) == ("A-002", 0)

    assert dewi.post(f"{SITE}/counters/L01/open").json() == {"code": "L01", "open": True}
    called = dewi.post(f"{SITE}/counters/L01/call-next").json()
    assert (called["id"], called["status"], called["counter"]) == (ticket["id"], "called", "L01")

    public = citizen.get(f"tickets/{ticket['id']}").json()
    assert public == {"id": ticket["id"], "number": "A-001", "status": "called", "position": 0,
                      "estimated_wait_minutes": 0, "counter": "L01"}
    board = citizen.get(f"{SITE}/display").json()
    assert board["calls"][0]["number"] == "A-001" and board["calls"][0]["counter"] == "Loket 1"
    assert board["waiting"] == {"kk-baru": 1}

    assert dewi.post(f"tickets/{ticket['id']}/start").json()["status"] == "serving"
    assert dewi.post(f"tickets/{ticket['id']}/finish").json()["status"] == "done"
    assert dewi.post(f"{SITE}/counters/L01/call-next").json()["id"] == second["id"]
    assert dewi.post(f"{SITE}/counters/L01/call-next").status_code == 204


def test_budi_of_samsat_cannot_touch_disdukcapil_s_counter_or_tickets(mall, api):
    ticket = api(mall.users["kiosk"]).post(f"{SITE}/tickets", {"service": "ktp-el-baru"}).json()
    budi = api(mall.users["budi"])
    assert budi.post(f"{SITE}/counters/L01/open").status_code == 403
    assert budi.post(f"{SITE}/counters/L01/call-next").status_code == 403
    for action in ("recall", "start", "finish", "no-show", "cancel"):
        assert budi.post(f"tickets/{ticket['id']}/{action}").status_code == 403
    assert Ticket.objects.get().status == "waiting"


def test_invalid_transition_is_409_and_the_ticket_is_unchanged(mall, api):
    ticket = api(mall.users["kiosk"]).post(f"{SITE}/tickets", {"service": "ktp-el-baru"}).json()
    response = api(mall.users["dewi"]).post(f"tickets/{ticket['id']}/finish")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_transition"
    assert Ticket.objects.get().status == "waiting"


def test_calling_at_a_closed_counter_is_409(mall, api):
    response = api(mall.users["dewi"]).post(f"{SITE}/counters/L01/call-next")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "counter_closed"


def test_kiosk_errors(mall, api, monkeypatch):
    kiosk = api(mall.users["kiosk"])
    response = kiosk.post(f"{SITE}/tickets", {"service": "tidak-ada"})
    assert response.status_code == 404
    response = kiosk.post(f"{SITE}/tickets", {"service": "ktp-el-baru", "priority": "vip"})
    assert response.status_code == 422 and "priority" in response.json()["error"]["fields"]
    catalog.service_update(service=mall.pkb, walkin_quota=1)
    assert kiosk.post(f"{SITE}/tickets", {"service": "pkb-tahunan"}).status_code == 201
    full = kiosk.post(f"{SITE}/tickets", {"service": "pkb-tahunan"})
    assert full.status_code == 409 and full.json()["error"]["code"] == "quota_full"
    monday = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr(timezone, "now", lambda: monday)
    closed = kiosk.post(f"{SITE}/tickets", {"service": "pkb-tahunan"})
    assert closed.status_code == 409 and closed.json()["error"]["code"] == "closed"
    assert "Samsat" in closed.json()["error"]["message"]


def test_only_kiosks_front_desk_and_integrators_issue_tickets(mall, api):
    for persona in ("kiosk", "frontdesk", "cityapp", "rina"):
        response = api(mall.users[persona]).post(f"{SITE}/tickets", {"service": "ktp-el-baru"})
        assert response.status_code == 201, persona
    assert api(mall.users["dewi"]).post(f"{SITE}/tickets",
                                        {"service": "ktp-el-baru"}).status_code == 403
    assert api().post(f"{SITE}/tickets", {"service": "ktp-el-baru"}).status_code == 401


def test_transfer_across_agencies_over_http(mall, api):
    ticket = api(mall.users["kiosk"]).post(f"{SITE}/tickets", {"service": "ktp-el-baru"}).json()
    dewi, budi = api(mall.users["dewi"]), api(mall.users["budi"])
    dewi.post(f"{SITE}/counters/L01/open")
    dewi.post(f"{SITE}/counters/L01/call-next")
    moved = dewi.post(f"tickets/{ticket['id']}/transfer", {"service": "pkb-tahunan"}).json()
    assert (moved["status"], moved["service"], moved["number"]) == ("waiting", "pkb-tahunan",
                                                                    "A-001")
    # Now Samsat's to serve, and no longer Dewi's.
    assert dewi.post(f"tickets/{ticket['id']}/cancel").status_code == 403
    budi.post(f"{SITE}/counters/L02/open")
    assert budi.post(f"{SITE}/counters/L02/call-next").json()["id"] == ticket["id"]


def test_a_transfer_to_a_service_no_longer_offered_is_a_422(mall, api):
    from mpp.catalog import services as catalog

    ticket = api(mall.users["kiosk"]).post(f"{SITE}/tickets", {"service": "ktp-el-baru"}).json()
    dewi = api(mall.users["dewi"])
    dewi.post(f"{SITE}/counters/L01/open")
    dewi.post(f"{SITE}/counters/L01/call-next")
    catalog.service_update(service=mall.pkb, active=False)
    refused = dewi.post(f"tickets/{ticket['id']}/transfer", {"service": "pkb-tahunan"})
    assert refused.status_code == 422, refused.content
    assert "service" in refused.json()["error"]["fields"]
    assert api(None).get(f"tickets/{ticket['id']}").json()["status"] == "called"
