"""Periodic jobs: `@periodic(name, every)` on a module-level function with no arguments.

    from mpp.notifications.periodic import periodic

    @periodic("bookings.no_show", every=300)   # seconds
    def bookings_mark_no_show() -> None:
        ...

Put such functions in your app's `jobs.py` (or `tasks.py`): those modules are imported at
start-up so that the scheduler knows them. The scheduler (`periodic_tick`, run by
`mpp worker` every few seconds) claims each job's current period by inserting a
`PeriodicRun` row; the unique (name, period_start) lets exactly one process win, even with
several workers, and the winner enqueues the job as a background task. Periods are aligned on
the Unix epoch (every=3600 runs once per clock hour). A job that raises is logged, its run
marked failed, and it runs again in the next period.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from mpp.lib.tasks import task

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: int
    func: Callable[[], object]

    @property
    def module(self) -> str:
        return self.func.__module__


registry: dict[str, Job] = {}


def periodic(name: str, every: int):
    """Register a module-level, no-argument function to run once every `every` seconds."""
    if not name or len(name) > 100:
        raise ValueError("periodic: the name must have 1 to 100 characters")
    if not isinstance(every, int) or every < 1:
        raise ValueError("periodic: `every` must be a whole number of seconds, 1 or more")

    def register(func):
        if "." in func.__qualname__:
            raise ValueError(f"periodic: {func.__qualname__} must be a module-level function")
        known = registry.get(name)
        if known is not None and (known.func.__module__, known.func.__qualname__) != (
                func.__module__, func.__qualname__):
            raise ValueError(f"periodic: the name {name!r} is taken by "
                             f"{known.module}.{known.func.__qualname__}")
        registry[name] = Job(name=name, every=every, func=func)
        return func

    return register


def autodiscover() -> None:
    autodiscover_modules("jobs", "tasks")


def period_start(every: int, now: datetime | None = None) -> datetime:
    now = now or timezone.now()
    seconds = int(now.timestamp()) // every * every
    return datetime.fromtimestamp(seconds, tz=UTC)


def _enqueue_run(run_id: int) -> None:
    periodic_run_task.enqueue(run_id=run_id)


def periodic_tick(*, now: datetime | None = None) -> list[str]:
    """Enqueue every registered job whose current period nobody has claimed yet. Returns the
    names this call enqueued."""
    from .models import PeriodicRun

    enqueued = []
    for job in list(registry.values()):
        start = period_start(job.every, now)
        try:
            with transaction.atomic():
                run = PeriodicRun.objects.create(name=job.name, period_start=start)
                transaction.on_commit(partial(_enqueue_run, run.pk))
        except IntegrityError:
            continue  # this period is claimed already (here or in another process)
        enqueued.append(job.name)
    return enqueued


def periodic_run(*, run_id: int) -> str:
    """Run one claimed period of a job (in the worker). Returns the outcome."""
    from .models import PeriodicRun

    run = PeriodicRun.objects.filter(pk=run_id).first()
    if run is None:
        return "missing"
    claimed = PeriodicRun.objects.filter(pk=run_id, outcome=PeriodicRun.Outcome.ENQUEUED).update(
        outcome=PeriodicRun.Outcome.RUNNING)
    if not claimed:
        return run.outcome  # the task ran twice: the run is someone else's
    job = registry.get(run.name)
    if job is None:
        autodiscover()
        job = registry.get(run.name)
    try:
        if job is None:
            raise LookupError(f"no periodic job named {run.name!r} is registered")
        job.func()
    except Exception:  # noqa: BLE001 - logged, marked, tried again next period
        logger.exception("periodic job %s failed (period %s)", run.name, run.period_start)
        outcome, error = PeriodicRun.Outcome.FAILED, traceback.format_exc(limit=5)[-4000:]
    else:
        outcome, error = PeriodicRun.Outcome.DONE, ""
    PeriodicRun.objects.filter(pk=run_id).update(outcome=outcome, error=error,
                                                 finished_at=timezone.now())
    return outcome


@task()
def periodic_run_task(run_id: int) -> str:
    """The background task that runs one claimed period (`periodic_run`)."""
    return periodic_run(run_id=run_id)
