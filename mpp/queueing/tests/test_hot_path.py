"""Call-next is the press an officer makes all day: its statements are counted here, so that a
change that adds a round trip to it is a decision, not an accident (benchmarks/queue_http.py
runs the same statements directly as its reference)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mpp.conftest import build_mall
from mpp.errors import Forbidden, NotFound, Unauthenticated
from mpp.queueing.access import access_site_counter
from mpp.queueing.models import Ticket, TicketEvent
from mpp.realtime.models import Event

pytestmark = pytest.mark.django_db
SITE = "sites/kota-uji"

# token, counter with its site, next ticket, called + its history row, live event (+ NOTIFY):
# PostgreSQL runs the last two as one statement each; SQLite needs two for each.
STATEMENTS = {"postgresql": 5, "sqlite": 7}


@pytest.fixture(autouse=True)
def tuesday_morning(monkeypatch):
    instant = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr(timezone, "now", lambda: instant)


def test_dewi_s_call_next_is_a_handful_of_statements(mall, api):
    kiosk, dewi = api(mall.users["kiosk"]), api(mall.users["dewi"])
    first = kiosk.post(f"{SITE}/tickets", {"service": "ktp-el-baru"}).json()
    kiosk.post(f"{SITE}/tickets", {"service": "kk-baru"})
    dewi.post(f"{SITE}/counters/L01/open")
    with CaptureQueriesContext(connection) as queries:
        called = dewi.post(f"{SITE}/counters/L01/call-next")
    assert called.status_code == 200
    # (the test's own transaction turns BEGIN/COMMIT into savepoints: not counted)
    statements = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == STATEMENTS[connection.vendor], "\n".join(statements)
    assert called.json() == {"id": first["id"], "number": "A-001", "service": "ktp-el-baru",
                             "status": "called", "position": 0, "estimated_wait_minutes": 0,
                             "counter": "L01"}

    # What the plain SQL wrote is what the ORM reads back: the ticket, its history, the event.
    ticket = Ticket.objects.get(public_id=first["id"])
    assert (ticket.status, ticket.counter, ticket.called_at, ticket.recalls) == (
        "called", mall.loket_disdukcapil, timezone.now(), 0)
    history = TicketEvent.objects.filter(ticket=ticket).order_by("id").last()
    assert (history.action, history.from_status, history.to_status, history.counter,
            history.actor, history.service, history.data) == (
        "call", "waiting", "called", mall.loket_disdukcapil, mall.users["dewi"], mall.ktp, {})
    event = Event.objects.filter(site=mall.site).order_by("seq").last()
    assert event.name == "ticket.called"
    assert (event.data["number"], event.data["counter"], event.data["agency"]) == (
        "A-001", "L01", "disdukcapil")
    assert event.data["speech"].startswith("Nomor antrean A nol nol satu")


def test_the_counter_lookup_answers_like_its_two_steps(mall):
    other = build_mall(slug="kota-lain")
    dewi, budi, rina = (mall.users[name] for name in ("dewi", "budi", "rina"))

    counter = access_site_counter(dewi, "kota-uji", "L01", operate=True)
    assert counter == mall.loket_disdukcapil and counter.site == mall.site
    assert counter.agency == mall.disdukcapil and counter.site.timezone == "Asia/Jakarta"
    assert access_site_counter(rina, "kota-uji", "L02", operate=True) == mall.loket_samsat

    with pytest.raises(Unauthenticated):
        access_site_counter(None, "kota-uji", "L01")
    with pytest.raises(NotFound) as unknown_site:
        access_site_counter(dewi, "kota-entah", "L01")
    assert unknown_site.value.code == "unknown_site"
    with pytest.raises(NotFound) as unknown_counter:
        access_site_counter(dewi, "kota-uji", "L99")
    assert unknown_counter.value.code == "unknown_counter"
    with pytest.raises(Forbidden):  # another site's counter, or a code only it has
        access_site_counter(other.users["dewi"], "kota-uji", "L01")
    with pytest.raises(Forbidden):
        access_site_counter(other.users["dewi"], "kota-uji", "L99")
    with pytest.raises(Forbidden):  # Budi of Samsat at Disdukcapil's counter
        access_site_counter(budi, "kota-uji", "L01", operate=True)


def test_a_service_removed_since_the_kiosk_showed_it_is_a_409(mall):
    from mpp.catalog.models import Service
    from mpp.errors import Conflict
    from mpp.queueing import services

    pasang_baru = Service.objects.select_related("site", "agency").get(code="pasang-baru")
    Service.objects.filter(pk=pasang_baru.pk).delete()
    with pytest.raises(Conflict) as refused:
        services.ticket_issue(service=pasang_baru, actor=mall.users["kiosk"])
    assert refused.value.code == "closed" and not Ticket.objects.exists()


# token, site, service (the API's lookup, then the service row locked with its agency), the
# site's closed days, the walk-in quota count, number, ticket, its history row, live event
# (+ NOTIFY), then the answer's position and the estimator's four reads. SQLite records the
# live event in two statements.
ISSUE_STATEMENTS = {"postgresql": 15, "sqlite": 16}


def test_a_kiosk_ticket_is_a_handful_of_statements(mall, api):
    kiosk = api(mall.users["kiosk"])
    kiosk.post(f"{SITE}/tickets", {"service": "ktp-el-baru"})
    with CaptureQueriesContext(connection) as queries:
        issued = kiosk.post(f"{SITE}/tickets", {"service": "ktp-el-baru"})
    assert issued.status_code == 201
    statements = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == ISSUE_STATEMENTS[connection.vendor], "\n".join(statements)
