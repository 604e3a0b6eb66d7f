"""Server-sent event streams: one per site, replayable with Last-Event-ID.

The frames below are the contract; two servers send them. The stream server (`mpp streams`,
mpp/realtime/server.py) holds thousands of streams on one asyncio loop and is where nginx
sends them (deploy/nginx.conf). gunicorn's threaded workers still answer the same URL (a
deployment without the stream server, `mpp serve --streams-port 0`), but at most
MPP_WSGI_STREAMS streams per worker process: a stream holds a request thread, and streams
must never take all of them (beyond the cap: 503 in the contract's error shape).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from . import selectors
from .hub import hub

RETRY = "retry: 2000\n\n"     # the first frame: browsers reconnect after 2 s
KEEPALIVE = ": keepalive\n\n"  # a comment: keeps proxies and NATs from closing an idle stream
RETRY_AFTER_BUSY = 15          # seconds, in the Retry-After of a 503 for too many streams


def _release_connection() -> None:
    """A follower must not hold a database connection while it waits (500 screens would
    take 500 connections); inside a transaction (tests) there is nothing to release."""
    if not connection.in_atomic_block:
        connection.close()


def frame(seq: int, name: str, payload: str) -> str:
    return f"id: {seq}\nevent: {name}\ndata: {payload}\n\n"


def replay_rows(*, site_id: int, after: int) -> list[tuple[int, str, str]]:
    """Events after `after` from the database, as (seq, name, JSON text)."""
    return [(e.seq, e.name, json.dumps(e.data, separators=(",", ":")))
            for e in selectors.events_after(site_id=site_id, after=after, limit=500)]


def busy_message() -> str:
    return _("Too many live screens are open right now. Please try again in a moment.")


def site_stream(*, site_id: int, last_id: int | None) -> Iterator[str]:
    """Frames for one follower: first everything after `last_id` (from memory or the
    database), then live events as they commit; a comment every MPP_STREAM_HEARTBEAT seconds
    keeps proxies open; the stream ends after MPP_STREAM_SECONDS."""
    current = selectors.last_event_id(site_id=site_id)
    _release_connection()
    hub.follow(site_id, current)
    after = current if last_id is None else min(last_id, current)
    yield RETRY
    deadline = time.monotonic() + settings.MPP_STREAM_SECONDS
    while time.monotonic() < deadline and not hub.stopping:
        wait = max(0.0, min(settings.MPP_STREAM_HEARTBEAT, deadline - time.monotonic()))
        batch = hub.read(site_id, after, timeout=wait)
        if batch is None:  # older than the memory holds: replay from the database
            batch = replay_rows(site_id=site_id, after=after)
            _release_connection()
        if not batch:
            if time.monotonic() < deadline:
                yield KEEPALIVE
            continue
        for item in batch:
            yield frame(*item)
        after = batch[-1][0]


class _Slots:
    """The streams this worker process holds, against MPP_WSGI_STREAMS."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.held = 0

    def take(self) -> bool:
        with self._lock:
            if self.held >= settings.MPP_WSGI_STREAMS:
                return False
            self.held += 1
            return True

    def give_back(self) -> None:
        with self._lock:
            self.held -= 1


slots = _Slots()


class _Held:
    """A stream's frames, holding one slot until the response is closed (Django closes it when
    the stream ends or the client goes away, even if it never started)."""

    def __init__(self, frames: Iterator[str]) -> None:
        self._frames = frames
        self._held = True

    def __iter__(self):
        return self

    def __next__(self) -> str:
        return next(self._frames)

    def close(self) -> None:
        if self._held:
            self._held = False
            slots.give_back()
            self._frames.close()


def busy_response() -> HttpResponse:
    response = JsonResponse({"error": {"code": "streams_full", "message": busy_message()}},
                            status=503)
    response["Retry-After"] = str(RETRY_AFTER_BUSY)
    return response


def stream_response(*, site_id: int, last_id: int | None) -> HttpResponse:
    if not slots.take():
        return busy_response()
    response = StreamingHttpResponse(_Held(site_stream(site_id=site_id, last_id=last_id)),
                                     content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: pass events through at once
    return response
