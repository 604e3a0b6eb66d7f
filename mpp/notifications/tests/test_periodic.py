"""Periodic jobs (the bookings' no-show sweep, reminders): once per period however many
schedulers run, and a failing job comes back next period."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from mpp.notifications import periodic as scheduler
from mpp.notifications.models import PeriodicRun
from mpp.notifications.periodic import periodic, periodic_tick
from mpp.notifications.worker import run_pending

pytestmark = pytest.mark.django_db(transaction=True)

runs: list[str] = []
NOON = datetime(2026, 3, 3, 5, 0, 0, tzinfo=UTC)  # 12:00 WIB


def count_job():
    runs.append("count")


def broken_job():
    runs.append("broken")
    raise RuntimeError("the SKM server is down")


@pytest.fixture
def jobs():
    runs.clear()
    periodic("test.count", every=3600)(count_job)
    periodic("test.broken", every=3600)(broken_job)
    yield runs
    scheduler.registry.pop("test.count", None)
    scheduler.registry.pop("test.broken", None)
    runs.clear()


def test_two_schedulers_racing_enqueue_a_job_once_per_period(jobs):
    start = threading.Barrier(2)
    enqueued = []

    def tick():
        try:
            start.wait()
            enqueued.extend(periodic_tick(now=NOON))
        finally:
            connection.close()

    threads = [threading.Thread(target=tick) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert enqueued.count("test.count") == 1
    assert PeriodicRun.objects.filter(name="test.count").count() == 1

    assert "test.count" not in periodic_tick(now=NOON + timedelta(minutes=59))
    run_pending()
    assert jobs.count("count") == 2  # noon's period, and the current one run_pending ticked

    assert "test.count" in periodic_tick(now=NOON + timedelta(hours=1))


def test_a_failing_job_is_logged_and_runs_again_next_period(jobs, caplog):
    periodic_tick(now=NOON)
    run_pending()
    failed = PeriodicRun.objects.get(name="test.broken", period_start=NOON)
    assert failed.outcome == "failed"
    assert "the SKM server is down" in failed.error
    assert "periodic job test.broken failed" in caplog.text

    assert "test.broken" in periodic_tick(now=NOON + timedelta(hours=1))
    runs_before = jobs.count("broken")
    run_pending()
    assert jobs.count("broken") == runs_before + 1


def test_periodic_wants_a_module_level_function_and_a_period():
    with pytest.raises(ValueError):
        periodic("test.zero", every=0)

    def inner():
        pass

    with pytest.raises(ValueError):
        periodic("test.inner", every=60)(inner)
