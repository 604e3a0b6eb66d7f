"""The per-process hub that feeds the event streams.

Each process keeps, for the sites someone follows, the recent events in memory, contiguous by
id. Events reach it three ways:

- from this process, right after the commit that wrote them (`announce`);
- on PostgreSQL, from every process through LISTEN/NOTIFY on one channel: a background thread
  per process holds one connection that LISTENs;
- on SQLite (one machine, maybe several worker processes), by the same thread polling the
  event table a few times a second.

Ids per site have no gaps, so an event that arrives ahead of a missing one waits; a gap that
persists is filled from the database. A follower asking for events older than the memory
holds gets None and replays from the database itself.

Followers are threads that wait in `read` (gunicorn's workers) or, in the stream server
(mpp/realtime/server.py), asyncio tasks: those register a `wakeup(site_id)` callback, called
from the hub's thread whenever a site has new events (and with None when the hub stops).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass, field

from django.db import connections

log = logging.getLogger(__name__)

KEEP = 2000          # events kept in memory per followed site
GAP_WAIT = 0.3       # seconds before a missing id is fetched from the database
POLL_EVERY = 0.25    # SQLite polling period
NOTIFY_LIMIT = 7000  # bytes; PostgreSQL refuses NOTIFY payloads of 8000 and more
CHANNEL = "mpp_events"


@dataclass
class _Site:
    upto: int                                 # highest id with every earlier id present
    first: int                                # id of events[0]
    events: list = field(default_factory=list)  # (seq, name, json text)
    pending: dict = field(default_factory=dict)
    gap_since: float | None = None


class Hub:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._sites: dict[int, _Site] = {}
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._wakeups: list = []

    # --- writers ----------------------------------------------------------------------
    def announce(self, event, *, payload: str) -> None:
        """After commit, in the writer's process: its own followers. The other processes hear
        of the event from the database (the NOTIFY its statement sent, on PostgreSQL; their
        polling, on SQLite)."""
        self.offer(event.site_id, event.seq, event.name, payload)

    def offer(self, site_id: int, seq: int, name: str, payload: str) -> None:
        with self._cond:
            site = self._sites.get(site_id)
            if site is None or seq <= site.upto:
                return
            site.pending[seq] = (seq, name, payload)
            before = site.upto
            self._drain(site)
            self._cond.notify_all()
            grew = site.upto > before
            wakeups = list(self._wakeups) if grew else ()
        for wakeup in wakeups:
            wakeup(site_id)

    def on_new_events(self, wakeup) -> None:
        """Call `wakeup(site_id)` (from the hub's thread) when a site has new events, and
        `wakeup(None)` when the hub stops."""
        with self._cond:
            self._wakeups.append(wakeup)

    def _drain(self, site: _Site) -> None:
        while site.upto + 1 in site.pending:
            item = site.pending.pop(site.upto + 1)
            if not site.events:
                site.first = item[0]
            site.events.append(item)
            site.upto = item[0]
        if len(site.events) > 2 * KEEP:
            del site.events[:KEEP]
            site.first = site.events[0][0]
        site.gap_since = (site.gap_since or time.monotonic()) if site.pending else None

    # --- followers --------------------------------------------------------------------
    def follow(self, site_id: int, current: int) -> None:
        """Make sure this process holds the site's events from `current` on."""
        self._start()
        with self._cond:
            if site_id not in self._sites:
                self._sites[site_id] = _Site(upto=current, first=current + 1)

    def read(self, site_id: int, after: int, timeout: float) -> list | None:
        """Events after `after`, waiting up to `timeout` for one; None if older than memory."""
        with self._cond:
            site = self._sites.get(site_id)
            if site is None or self._stop.is_set():  # the hub is shutting down
                return []
            if after < site.first - 1:
                return None
            self._cond.wait_for(lambda: site.upto > after or self._stop.is_set(), timeout)
            if after < site.first - 1:
                return None
            start = after - site.first + 1
            return site.events[start:start + 500]

    def status(self) -> str:
        """'listening' while this process's event source runs, else 'idle' (it starts with
        the first stream that follows a site here)."""
        thread = self._thread
        return "listening" if thread is not None and thread.is_alive() else "idle"

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def upto(self, site_id: int) -> int:
        with self._cond:
            return self._sites[site_id].upto

    # --- the background source --------------------------------------------------------
    def _start(self) -> None:
        with self._cond:
            if self._thread is not None and self._thread.is_alive():
                return
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="mpp-events", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
            wakeups = list(self._wakeups)
        for wakeup in wakeups:
            wakeup(None)
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._thread = None
        with self._cond:
            self._sites.clear()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if connections["default"].vendor == "postgresql":
                    self._listen()
                else:
                    self._poll()
            except Exception:
                log.exception("event source failed; retrying")
                self._stop.wait(1.0)
            finally:
                self._release()

    def _release(self) -> None:
        """Give the listener's connection back (to the pool, on PostgreSQL) without its
        LISTEN: whoever takes it next must not receive the events."""
        conn = connections["default"]
        if conn.vendor == "postgresql" and conn.connection is not None:
            try:
                conn.connection.execute("UNLISTEN *")
            except Exception:  # a broken connection: closing discards it anyway
                pass
        conn.close()

    def _listen(self) -> None:
        conn = connections["default"]
        conn.ensure_connection()
        pg = conn.connection
        pg.autocommit = True
        pg.execute(f"LISTEN {CHANNEL}")
        self._fill(everything=True)  # what was missed while not listening
        while not self._stop.is_set():
            for note in pg.notifies(timeout=GAP_WAIT / 2, stop_after=200):
                item = json.loads(note.payload)
                if len(item) == 4:
                    self.offer(*item)
            self._fill()

    def _poll(self) -> None:
        while not self._stop.is_set():
            self._fill(everything=True)
            connections["default"].close()
            self._stop.wait(POLL_EVERY)

    def _fill(self, everything: bool = False) -> None:
        """Fetch from the database what is missing: for sites with a gap older than GAP_WAIT,
        or for every followed site."""
        from .models import Event

        now = time.monotonic()
        with self._cond:
            wanted = [(sid, s.upto) for sid, s in self._sites.items()
                      if everything or (s.gap_since and now - s.gap_since > GAP_WAIT)]
        for site_id, upto in wanted:
            rows = (Event.objects.filter(site_id=site_id, seq__gt=upto).order_by("seq")
                    .values_list("seq", "name", "data")[:KEEP])
            for seq, name, data in rows:
                self.offer(site_id, seq, name, json.dumps(data, separators=(",", ":")))


hub = Hub()
announce = hub.announce
