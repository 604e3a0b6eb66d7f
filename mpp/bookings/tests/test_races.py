"""A burst of citizens for the last places: exactly the capacity is accepted, on SQLite and
PostgreSQL; every loser gets quota_full with the next free slots."""

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from mpp.bookings import services
from mpp.bookings.models import Booking, SlotTally
from mpp.catalog import services as catalog
from mpp.conftest import build_mall
from mpp.errors import Conflict

from .conftest import citizen_nik

pytestmark = pytest.mark.django_db(transaction=True)

CITIZENS, PLACES = 300, 20


@pytest.fixture
def tuesday(monkeypatch):
    instant = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr(timezone, "now", lambda: instant)


def test_300_citizens_for_20_places(tuesday):
    mall = build_mall()
    ktp = catalog.service_update(service=mall.ktp, slot_capacity=PLACES, online_quota=None)
    # PostgreSQL: at most 40 connections at once (the server is shared); all 300 requests
    # are still in flight together, like a server's connection pool would hold them.
    gate = threading.Semaphore(40 if connection.vendor == "postgresql" else CITIZENS)
    barrier = threading.Barrier(CITIZENS)
    accepted, refused, errors = [], [], []

    def citizen(n):
        try:
            barrier.wait()
            with gate:
                try:
                    booking = services.booking_create(
                        service=ktp, date="2026-11-25", slot="08:00", name=f"Warga {n}",
                        nik=citizen_nik(n), phone="081234567890", channel="portal")
                    accepted.append(booking.code)
                except Conflict as error:
                    refused.append(error)
                finally:
                    connection.close()
        except Exception as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=citizen, args=(n,)) for n in range(1, CITIZENS + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    close_old_connections()

    assert errors == []
    assert len(accepted) == PLACES
    assert len(refused) == CITIZENS - PLACES
    assert {error.code for error in refused} == {"quota_full"}
    assert all(error.extra["suggestions"][0]["start"] == "08:30" for error in refused)
    assert Booking.objects.filter(slot_start="08:00").count() == PLACES
    assert SlotTally.objects.get(service=ktp, slot="08:00").taken == PLACES


def test_cancel_and_book_racing_never_overbook(tuesday):
    mall = build_mall()
    ktp = catalog.service_update(service=mall.ktp, slot_capacity=5, online_quota=8)
    first = [services.booking_create(service=ktp, date="2026-11-25", slot="08:00",
                                     name="Warga", nik=citizen_nik(n), phone="081234567890",
                                     channel="portal") for n in range(1, 6)]
    barrier = threading.Barrier(25)
    results = []

    def work(n):
        barrier.wait()
        try:
            if n < 5:
                services.booking_cancel(code=first[n].code, nik=citizen_nik(n + 1))
                results.append("cancel")
            else:
                services.booking_create(service=ktp, date="2026-11-25",
                                        slot="08:00" if n % 2 else "08:30", name="Warga",
                                        nik=citizen_nik(100 + n), phone="081234567890",
                                        channel="portal")
                results.append("booked")
        except Conflict:
            results.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(25)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    close_old_connections()
    active = Booking.objects.filter(status="confirmed")
    assert active.filter(slot_start="08:00").count() <= 5
    assert active.count() <= 8
    assert active.count() == results.count("booked")
    for slot in ("08:00", "08:30"):
        tally = SlotTally.objects.filter(service=ktp, slot=slot).first()
        assert (tally.taken if tally else 0) == active.filter(slot_start=slot).count()
    assert SlotTally.objects.get(service=ktp, slot="").taken == active.count()


def test_opposite_reschedules_at_the_same_moment_never_deadlock(tuesday):
    """Citizens moving from Wednesday to Thursday while others move from Thursday to
    Wednesday: each transaction frees one day's rows and takes the other's. Every writer
    touches the tally rows in one order, so none waits for another the other way round (a
    deadlock would be a 500 on PostgreSQL)."""
    mall = build_mall()
    ktp = catalog.service_update(service=mall.ktp, slot_capacity=50, online_quota=100)
    pairs = 12
    wednesday = [services.booking_create(
        service=ktp, date="2026-11-25", slot="08:00", name=f"Warga {n}", nik=citizen_nik(n),
        phone="081234567890", channel="portal") for n in range(1, pairs + 1)]
    thursday = [services.booking_create(
        service=ktp, date="2026-11-26", slot="08:00", name=f"Warga {n}", nik=citizen_nik(n),
        phone="081234567890", channel="portal") for n in range(pairs + 1, 2 * pairs + 1)]
    moves = ([(booking, pairs_nik, "2026-11-26") for booking, pairs_nik in
              zip(wednesday, range(1, pairs + 1), strict=True)]
             + [(booking, pairs_nik, "2026-11-25") for booking, pairs_nik in
                zip(thursday, range(pairs + 1, 2 * pairs + 1), strict=True)])
    barrier = threading.Barrier(len(moves))
    errors = []

    def move(booking, n, day):
        try:
            barrier.wait()
            services.booking_reschedule(code=booking.code, nik=citizen_nik(n), date=day,
                                        slot="08:00")
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=move, args=item) for item in moves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    close_old_connections()
    assert Booking.objects.filter(date="2026-11-25").count() == pairs
    assert Booking.objects.filter(date="2026-11-26").count() == pairs
    tally = dict(SlotTally.objects.filter(service=ktp).values_list("date", "slot")
                 .annotate().values_list("slot", "taken"))
    for row in SlotTally.objects.filter(service=ktp):
        assert row.taken == pairs, (row.date, row.slot, row.taken)
    assert tally  # the rows exist
