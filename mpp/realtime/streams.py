"""Server-sent event streams: one per site, replayable with Last-Event-ID."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

from django.conf import settings
from django.db import connection
from django.http import StreamingHttpResponse

from . import selectors
from .hub import hub

KEEPALIVE_SECONDS = 15
# A stream ends after a while and the browser reconnects with Last-Event-ID: this spreads
# long-lived connections over the workers again and loses nothing.
STREAM_SECONDS = getattr(settings, "MPP_STREAM_SECONDS", 600)


def _release_connection() -> None:
    """A follower must not hold a database connection while it waits (500 screens would
    take 500 connections); inside a transaction (tests) there is nothing to release."""
    if not connection.in_atomic_block:
        connection.close()


def _frame(seq: int, name: str, payload: str) -> str:
    return f"id: {seq}\nevent: {name}\ndata: {payload}\n\n"


def site_stream(*, site_id: int, last_id: int | None) -> Iterator[str]:
    """Frames for one follower: first everything after `last_id` (from memory or the
    database), then live events as they commit; a comment every 15 s keeps proxies open."""
    current = selectors.last_event_id(site_id=site_id)
    _release_connection()
    hub.follow(site_id, current)
    after = current if last_id is None else min(last_id, current)
    yield "retry: 2000\n\n"
    deadline = time.monotonic() + STREAM_SECONDS
    while time.monotonic() < deadline and not hub.stopping:
        batch = hub.read(site_id, after, timeout=KEEPALIVE_SECONDS)
        if batch is None:  # older than the memory holds: replay from the database
            batch = [(e.seq, e.name, json.dumps(e.data, separators=(",", ":")))
                     for e in selectors.events_after(site_id=site_id, after=after, limit=500)]
            _release_connection()
        if not batch:
            yield ": keepalive\n\n"
            continue
        for seq, name, payload in batch:
            yield _frame(seq, name, payload)
        after = batch[-1][0]


def stream_response(*, site_id: int, last_id: int | None) -> StreamingHttpResponse:
    response = StreamingHttpResponse(site_stream(site_id=site_id, last_id=last_id),
                                     content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: pass events through at once
    return response
