"""The stream server: `GET /api/v1/sites/{site}/events` for thousands of followers at once.

A display board, an officer's console or a ticket page holds its site's event stream open for
minutes. In gunicorn each open stream holds a request thread, so a few hundred of them leave
no thread for the API and the pages. This server runs apart from gunicorn (`mpp streams`,
started by `mpp serve` on its port + 1; nginx sends the events location here): one asyncio
loop (uvicorn) where an open stream costs a socket and a small task, and

- ONE database listener per process: the Hub (hub.py) LISTENs on PostgreSQL (polls on SQLite)
  in its own thread and wakes the streams of a site when it has new events;
- a fixed handful of database connections for the reads a stream needs when it opens (the
  site, its last event id) or replays from further back than memory holds: they run in
  MPP_STREAMS_DB_THREADS threads, one connection each; so the process never holds more than
  MPP_STREAMS_DB_THREADS + 1 connections, however many streams are open;
- caps, checked before any database read: MPP_STREAMS_MAX streams in all, MPP_STREAMS_PER_SITE
  per site (503 beyond, with Retry-After) and MPP_STREAMS_PER_CLIENT per client address (429),
  the address as mpp/lib/client.py resolves it (X-Forwarded-For only from
  MPP_TRUSTED_PROXIES);
- a heartbeat comment every MPP_STREAM_HEARTBEAT seconds and an end after MPP_STREAM_SECONDS
  (a little less, at random, so that streams opened together do not all end together): the
  browser reconnects with Last-Event-ID and receives what it missed.

The frames are those of gunicorn's endpoint (streams.py): the same contract from either.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import parse_qs

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import (
    get_supported_language_variant,
    parse_accept_lang_header,
)

from mpp.catalog import access
from mpp.errors import DomainError
from mpp.lib.client import resolve

from . import selectors
from .hub import Hub, hub
from .streams import KEEPALIVE, RETRY, RETRY_AFTER_BUSY, busy_message, frame, replay_rows

log = logging.getLogger(__name__)

EVENTS_PATH = re.compile(r"^/api/v1/sites/([^/]+)/events/?$")
RETRY_AFTER_CLIENT = 30  # seconds, in the Retry-After of a 429 for too many from one address
JSON = b"application/json; charset=utf-8"
# A site's streams are woken at most once per wait: the first event after a quiet spell goes
# out at once, and events that commit within the wait after it (a busy MPP issues and calls
# several a second) leave together in one write, which saves this server, nginx (a TLS record
# per write) and the board most of the per-event cost. The wait is at least COALESCE_SECONDS
# and grows with the streams open on the site, so that a site's streams together write about
# SITE_WRITES_PER_SECOND times a second at most: an event reaches them at most
# COALESCE_MAX_SECONDS late (docs/benchmarks.md, "Streams and a login flood").
COALESCE_SECONDS = 0.05
COALESCE_MAX_SECONDS = 0.5
SITE_WRITES_PER_SECOND = 10_000
FRAME_CACHE = 20_000  # encoded frames kept (events of every site together)


def coalesce_seconds(open_on_site: int) -> float:
    """How long a stream of a site with `open_on_site` open streams waits after a wake-up."""
    return min(COALESCE_MAX_SECONDS,
               max(COALESCE_SECONDS, open_on_site / SITE_WRITES_PER_SECOND))


@dataclass(frozen=True)
class Caps:
    total: int
    per_site: int
    per_client: int
    heartbeat: float
    max_age: float

    @classmethod
    def from_settings(cls) -> Caps:
        return cls(total=settings.MPP_STREAMS_MAX, per_site=settings.MPP_STREAMS_PER_SITE,
                   per_client=settings.MPP_STREAMS_PER_CLIENT,
                   heartbeat=settings.MPP_STREAM_HEARTBEAT, max_age=settings.MPP_STREAM_SECONDS)


class _Refused(Exception):
    def __init__(self, status: int, body: dict, retry_after: int | None = None) -> None:
        self.status, self.body, self.retry_after = status, body, retry_after


def _header(scope, name: bytes) -> str:
    values = [value.decode("latin-1") for key, value in scope["headers"] if key == name]
    return ", ".join(values)


def _language(scope) -> str:
    for code, _quality in parse_accept_lang_header(_header(scope, b"accept-language")):
        if code == "*":
            break
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def _client(scope) -> str:
    peer = scope.get("client")
    meta = {"REMOTE_ADDR": peer[0] if peer else "",
            "HTTP_X_FORWARDED_FOR": _header(scope, b"x-forwarded-for")}
    return resolve(meta)[0]


def _last_id(scope) -> int | None:
    raw = _header(scope, b"last-event-id")
    if not raw:
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        raw = (query.get("last_event_id") or [""])[0]
    if raw == "":
        return None
    try:
        value = int(raw)
        if value < 0:
            raise ValueError
    except ValueError:
        raise _Refused(400, {"error": {
            "code": "bad_request",
            "message": _("Last-Event-ID must be a whole number of 0 or more."),
            "fields": {"Last-Event-ID": _("Not a valid id.")}}}) from None
    return value


class StreamServer:
    """The ASGI application."""

    def __init__(self, *, caps: Caps | None = None, source: Hub = hub,
                 db_threads: int | None = None) -> None:
        self.caps = caps or Caps.from_settings()
        self.hub = source
        self.db = ThreadPoolExecutor(max_workers=db_threads or settings.MPP_STREAMS_DB_THREADS,
                                     thread_name_prefix="mpp-streams-db")
        self.total = 0
        self.per_site: dict[str, int] = {}
        self.per_client: dict[str, int] = {}
        self.stopping = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._news: dict[int, asyncio.Event] = {}
        # Each event's frame, encoded once for all the streams that send it (2,000 boards on
        # a site would otherwise format and encode the same bytes 2,000 times).
        self._frames: dict[tuple[int, int], bytes] = {}
        self._waking: set[int] = set()  # sites whose streams wake when the wait has passed
        self._released_at: dict[int, float] = {}  # when each site's streams were last woken
        self._open_of_site: dict[int, int] = {}  # open streams per site id
        self.hub.on_new_events(self._wakeup_threadsafe)

    # --- waking streams from the hub's thread ---------------------------------------------
    def _wakeup_threadsafe(self, site_id: int | None) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake, site_id)

    def _wake(self, site_id: int | None) -> None:
        """New events of a site (None: the server stops, every stream at once). The site's
        streams are woken together once the coalescing wait has passed: one timer per site,
        not one per stream."""
        if site_id is None:
            news, self._news = list(self._news.values()), {}
            for future in news:
                if not future.done():
                    future.set_result(None)
            return
        if site_id in self._waking or site_id not in self._news:
            return
        self._waking.add(site_id)
        loop = self._loop
        assert loop is not None
        # The first news after a quiet spell goes out at once; more within the wait after it
        # leave together when the wait has passed (at most one wake-up per wait and site).
        wait = coalesce_seconds(self._open_of_site.get(site_id, 0))
        due = self._released_at.get(site_id, float("-inf")) + wait
        loop.call_later(max(0.0, due - loop.time()), self._release, site_id)

    def _release(self, site_id: int) -> None:
        self._waking.discard(site_id)
        self._released_at[site_id] = asyncio.get_running_loop().time()
        future = self._news.pop(site_id, None)
        if future is not None and not future.done():
            future.set_result(None)

    def _news_of(self, site_id: int) -> asyncio.Future:
        """The future the site's next news resolves; taken before reading, so that an event
        committed in between resolves it."""
        future = self._news.get(site_id)
        if future is None:
            future = self._news[site_id] = asyncio.get_running_loop().create_future()
        return future

    def shutdown(self) -> None:
        """End every stream (the server is stopping): each gets its last frame at once."""
        self.stopping = True
        self._wake(None)

    # --- database reads, in the few db threads --------------------------------------------
    async def _in_db(self, function, *args):
        return await asyncio.get_running_loop().run_in_executor(self.db, function, *args)

    @staticmethod
    def _opening(slug: str, language: str) -> tuple[int, int]:
        close_old_connections()
        with translation.override(language):
            try:
                site = access.access_site(slug)
            except DomainError as error:
                raise _Refused(error.status, error.as_dict()) from None
            return site.pk, selectors.last_event_id(site_id=site.pk)

    @staticmethod
    def _replay(site_id: int, after: int) -> list:
        close_old_connections()
        return replay_rows(site_id=site_id, after=after)

    def close(self) -> None:
        def close_connection():
            connections.close_all()
        for _thread in range(self.db._max_workers):
            self.db.submit(close_connection)
        self.db.shutdown(wait=True)

    # --- ASGI -----------------------------------------------------------------------------
    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        self._loop = asyncio.get_running_loop()
        language = _language(scope)
        with translation.override(language):
            try:
                if scope["path"] == "/healthz":
                    await self._answer(send, 200, {"status": "ok", "streams": self.total})
                    return
                match = EVENTS_PATH.match(scope["path"])
                if match is None:
                    raise _Refused(404, {"error": {"code": "not_found",
                                                   "message": _("Not found.")}})
                if scope["method"] not in ("GET", "HEAD"):
                    raise _Refused(405, {"error": {"code": "method_not_allowed",
                                                   "message": _("Method not allowed.")}})
                last_id = _last_id(scope)
                await self._follow(scope, receive, send, match.group(1), last_id, language)
            except _Refused as refused:
                await self._answer(send, refused.status, refused.body, refused.retry_after)

    async def _lifespan(self, receive, send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self._loop = asyncio.get_running_loop()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self.shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return

    @staticmethod
    async def _answer(send, status: int, body: dict, retry_after: int | None = None) -> None:
        payload = json.dumps(body, ensure_ascii=False).encode()
        headers = [(b"content-type", JSON), (b"content-length", str(len(payload)).encode()),
                   (b"cache-control", b"no-store")]
        if retry_after:
            headers.append((b"retry-after", str(retry_after).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})

    def _take(self, slug: str, client: str) -> None:
        caps = self.caps
        if self.total >= caps.total or self.per_site.get(slug, 0) >= caps.per_site:
            raise _Refused(503, {"error": {"code": "streams_full", "message": busy_message()}},
                           RETRY_AFTER_BUSY + random.randint(0, 10))
        if self.per_client.get(client, 0) >= caps.per_client:
            raise _Refused(429, {"error": {
                "code": "rate_limited",
                "message": _("Too many live screens are open from your address. Close one "
                             "and try again.")}}, RETRY_AFTER_CLIENT)
        self.total += 1
        self.per_site[slug] = self.per_site.get(slug, 0) + 1
        self.per_client[client] = self.per_client.get(client, 0) + 1

    def _give_back(self, slug: str, client: str) -> None:
        self.total -= 1
        for counts, key in ((self.per_site, slug), (self.per_client, client)):
            counts[key] -= 1
            if not counts[key]:
                del counts[key]

    async def _follow(self, scope, receive, send, slug: str, last_id: int | None,
                      language: str) -> None:
        if self.stopping:
            raise _Refused(503, {"error": {"code": "streams_full", "message": busy_message()}},
                           RETRY_AFTER_BUSY)
        client = _client(scope)
        self._take(slug, client)  # before any database read: a flood costs no query
        try:
            site_id, current = await self._in_db(self._opening, slug, language)
            self.hub.follow(site_id, current)
            await send({"type": "http.response.start", "status": 200, "headers": [
                (b"content-type", b"text/event-stream; charset=utf-8"),
                (b"cache-control", b"no-cache"), (b"x-accel-buffering", b"no")]})
            if scope["method"] == "HEAD":
                await send({"type": "http.response.body", "body": b""})
                return
            gone = asyncio.ensure_future(self._until_disconnect(receive))
            self._open_of_site[site_id] = self._open_of_site.get(site_id, 0) + 1
            try:
                after = current if last_id is None else min(last_id, current)
                await self._stream(send, site_id, after, gone)
            finally:
                gone.cancel()
                self._open_of_site[site_id] -= 1
                if not self._open_of_site[site_id]:
                    del self._open_of_site[site_id]
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            self._give_back(slug, client)

    @staticmethod
    async def _until_disconnect(receive) -> None:
        while (await receive())["type"] != "http.disconnect":
            pass

    def _frame(self, site_id: int, item: tuple[int, str, str]) -> bytes:
        key = (site_id, item[0])
        encoded = self._frames.get(key)
        if encoded is None:
            if len(self._frames) >= FRAME_CACHE:
                self._frames.clear()  # the loop is single-threaded: refilled as streams read
            encoded = self._frames[key] = frame(*item).encode()
        return encoded

    async def _stream(self, send, site_id: int, after: int, gone: asyncio.Future) -> None:
        loop = asyncio.get_running_loop()
        caps = self.caps
        deadline = loop.time() + caps.max_age * (1 - random.random() * 0.1)
        await send({"type": "http.response.body", "body": RETRY.encode(), "more_body": True})
        sent_at = loop.time()
        while not self.stopping and not gone.done():
            news = self._news_of(site_id)  # before reading: an event in between sets it
            batch = self.hub.read(site_id, after, timeout=0)
            if batch is None:  # older than the memory holds: replay from the database
                batch = await self._in_db(self._replay, site_id, after)
            if batch:
                await send({"type": "http.response.body",
                            "body": b"".join(self._frame(site_id, item) for item in batch),
                            "more_body": True})
                after = batch[-1][0]
                sent_at = loop.time()
                continue
            now = loop.time()
            if now >= deadline:
                return
            if now - sent_at >= caps.heartbeat:
                await send({"type": "http.response.body", "body": KEEPALIVE.encode(),
                            "more_body": True})
                sent_at = now
                continue
            await asyncio.wait({news, gone}, return_when=asyncio.FIRST_COMPLETED,
                               timeout=min(deadline, sent_at + caps.heartbeat) - now)
