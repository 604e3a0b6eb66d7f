"""Kiosks and counters racing: numbers never duplicate or skip, no ticket is called twice."""

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from mpp.catalog import services as catalog
from mpp.conftest import build_mall
from mpp.queueing import services as queue
from mpp.queueing.models import Ticket

pytestmark = pytest.mark.django_db(transaction=True)

KIOSKS, PER_KIOSK = 16, 200
COUNTERS = 8


@pytest.fixture
def open_hours(monkeypatch):
    instant = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr(timezone, "now", lambda: instant)


def in_threads(count, work):
    barrier = threading.Barrier(count)
    errors = []

    def run(index):
        try:
            barrier.wait()
            work(index)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    close_old_connections()
    return errors


def test_16_kiosks_x_200_tickets_no_duplicate_no_gap(open_hours):
    mall = build_mall()
    catalog.service_update(service=mall.ktp, walkin_quota=None)

    def kiosk(index):
        for _ in range(PER_KIOSK):
            queue.ticket_issue(service=mall.ktp)

    assert in_threads(KIOSKS, kiosk) == []
    numbers = sorted(Ticket.objects.filter(prefix="A").values_list("number", flat=True))
    assert numbers == list(range(1, KIOSKS * PER_KIOSK + 1))


def test_8_counters_calling_at_once_never_get_the_same_ticket(open_hours):
    mall = build_mall()
    catalog.service_update(service=mall.ktp, walkin_quota=None)
    counters = [mall.loket_disdukcapil] + [
        catalog.counter_create(agency=mall.disdukcapil, code=f"D{n}", name=f"Loket D{n}",
                               services=[mall.ktp, mall.kk])
        for n in range(COUNTERS - 1)
    ]
    for counter in counters:
        queue.counter_set_open(counter=counter, is_open=True)
    for _ in range(120):
        queue.ticket_issue(service=mall.ktp)
    called = [[] for _ in counters]

    def officer(index):
        while (ticket := queue.ticket_call_next(counter=counters[index])) is not None:
            called[index].append(ticket.pk)

    assert in_threads(COUNTERS, officer) == []
    everyone = [pk for per_counter in called for pk in per_counter]
    assert len(everyone) == len(set(everyone)) == 120
    assert Ticket.objects.filter(status="called").count() == 120
