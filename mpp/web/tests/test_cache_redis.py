"""Redis as the shared cache, and what happens when it stops: the site keeps answering, limits
count per process, the health check says so, and it all comes back with Redis."""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import time
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.utils import timezone

from mpp.lib import cache as fallback

pytestmark = pytest.mark.django_db

CLOSED = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_cache(location: str) -> dict:
    return {"default": {"BACKEND": "mpp.lib.cache.FallbackRedisCache", "LOCATION": location,
                        "KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}"}}


LIMITS = {"public": "3/99999999", "staff": "600/60", "integrator": "3000/60", "login": "20/60",
          "public_pages": "120/60", "public_pages_address": "1200/60", "nik_code": "5/86400",
          "nik_client": "30/3600"}


def test_a_citizen_is_served_while_redis_is_unreachable(mall, api, caplog):
    with override_settings(CACHES=redis_cache(CLOSED), MPP_RATE_LIMITS=LIMITS):
        citizen = api()
        with caplog.at_level(logging.WARNING, logger="mpp.cache"):
            answers = [citizen.get(f"sites/{mall.site.slug}/services") for _ in range(4)]
        assert [a.status_code for a in answers[:3]] == [200, 200, 200]
        assert answers[0].json()  # the services of the MPP
        # the public limit still counts, in this process's memory
        assert answers[3].status_code == 429
        assert answers[3].json()["error"]["code"] == "rate_limited"
        warnings = [r for r in caplog.records if r.name == "mpp.cache"]
        assert len(warnings) == 1 and "per process" in warnings[0].getMessage()

        health = citizen.client.get("/healthz")
        assert health.status_code == 200
        assert health.json()["status"] == "degraded"
        assert health.json()["checks"]["cache"] == {"status": "degraded", "backend": "degraded"}


def test_the_kiosk_takes_a_ticket_while_redis_is_unreachable(mall, api, monkeypatch):
    tuesday_morning = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr(timezone, "now", lambda: tuesday_morning)  # Samsat serves on Tuesdays
    with override_settings(CACHES=redis_cache(CLOSED)):
        kiosk = api(mall.users["kiosk"])
        started = time.monotonic()
        answer = kiosk.post(f"sites/{mall.site.slug}/tickets",
                            {"service": mall.pkb.code, "lane": "regular"})
        assert answer.status_code == 201, answer.content
        assert answer.json()["number"].startswith("B")
        assert time.monotonic() - started < 5  # a dead Redis is not waited on per call


def test_two_workers_share_their_counts_through_redis(mall, api):
    location = "redis://127.0.0.1:6379/15"
    with override_settings(CACHES=redis_cache(location)):
        first = caches.create_connection("default")
        second = caches.create_connection("default")
        first.set("counter", 1)
        assert second.incr("counter") == 2
        assert first.get("counter") == 2
        assert api().client.get("/healthz").json()["checks"]["cache"]["backend"] == "redis"
        first.delete("counter")


@pytest.mark.skipif(not shutil.which("redis-server"), reason="needs Debian's redis-server")
def test_redis_stops_and_comes_back(monkeypatch, tmp_path, caplog):
    monkeypatch.setattr(fallback, "RETRY_SECONDS", 0.2)
    port = free_port()

    def start():
        process = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(tmp_path)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                return process
            except OSError:
                time.sleep(0.05)
        process.kill()
        raise RuntimeError("redis-server did not start")

    server = start()
    try:
        with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{port}/0")):
            shared = caches["default"]
            shared.set("visits", 5)
            assert fallback.cache_status() == "redis"

            server.terminate()
            server.wait(timeout=10)
            with caplog.at_level(logging.WARNING, logger="mpp.cache"):
                assert shared.get("visits") is None  # this process's memory knows nothing
                shared.set("visits", 1)
                assert shared.get("visits") == 1
                assert fallback.cache_status() == "degraded"

                server = start()
                time.sleep(0.3)
                assert shared.get("visits") is None  # Redis again: it lost its data too
                assert fallback.cache_status() == "redis"
            messages = [r.getMessage() for r in caplog.records if r.name == "mpp.cache"]
            assert len(messages) == 2
            assert "cannot be reached" in messages[0] and "answers again" in messages[1]
    finally:
        server.kill()
        server.wait(timeout=10)
