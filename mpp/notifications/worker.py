"""The background worker: django-tasks-db's own worker loop runs the queued tasks; a thread
next to it ticks the periodic scheduler. `mpp worker` runs it; `mpp serve` starts it."""

from __future__ import annotations

import logging
import os
import signal
import threading

from django.core.management import call_command
from django.db import close_old_connections, connection

from .periodic import periodic_tick

logger = logging.getLogger(__name__)


class Scheduler(threading.Thread):
    """Calls `periodic_tick` every `tick` seconds. With `parent_pid`, also stops the worker
    (SIGTERM to itself: the task loop finishes its task) when that parent is gone, so a worker
    started by a server that died hard does not outlive it."""

    def __init__(self, *, tick: float, parent_pid: int | None = None):
        super().__init__(name="mpp-scheduler", daemon=True)
        self.tick = tick
        self.parent_pid = parent_pid
        self.stopped = threading.Event()

    def run(self) -> None:
        next_tick = 0.0
        waited = 0.0
        while not self.stopped.is_set():
            if self.parent_pid and os.getppid() != self.parent_pid:
                logger.warning("worker: parent %s is gone, stopping", self.parent_pid)
                os.kill(os.getpid(), signal.SIGTERM)
                return
            if waited >= next_tick:
                try:
                    close_old_connections()
                    periodic_tick()
                except Exception:  # noqa: BLE001 - a bad tick must not stop the worker
                    logger.exception("periodic scheduler tick failed")
                finally:
                    connection.close()
                next_tick, waited = self.tick, 0.0
            step = min(1.0, self.tick)
            self.stopped.wait(step)
            waited += step


def run_pending(*, verbosity: int = 0) -> None:
    """Tick the scheduler once, then run every task that is due and return (`mpp worker
    --once`, and the tests: run it from a `transactional_db` test, as the worker commits)."""
    periodic_tick()
    # The worker installs its own SIGINT/SIGTERM handlers; give the caller its own back.
    names = [name for name in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, name)]
    saved = {name: signal.getsignal(getattr(signal, name)) for name in names}
    try:
        call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0,
                     verbosity=verbosity)
    finally:
        for name, handler in saved.items():
            if handler is not None:
                signal.signal(getattr(signal, name), handler)


def run_forever(*, interval: float, tick: float, parent_pid: int | None,
                verbosity: int = 1) -> None:
    scheduler = Scheduler(tick=tick, parent_pid=parent_pid)
    scheduler.start()
    try:
        call_command("db_worker", startup_delay=True, reload=False, interval=interval,
                     verbosity=verbosity)
    finally:
        scheduler.stopped.set()
