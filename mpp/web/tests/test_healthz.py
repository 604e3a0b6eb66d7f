"""/healthz tells the operator and the load balancer what works: the database, the cache,
this process's event listener and the background worker."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.test import override_settings

from mpp.notifications.periodic import periodic_tick
from mpp.web.tests.test_cli import _free_port, production_env

pytestmark = pytest.mark.django_db


def test_a_fresh_site_reports_each_part(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["cache"] == {"status": "ok", "backend": "local"}
    assert body["checks"]["events"]["status"] in ("idle", "listening")
    # no background worker has run here yet
    assert body["checks"]["worker"] == {"status": "never", "last_seen_seconds_ago": None}


def test_the_worker_is_seen_once_its_scheduler_ran(client):
    periodic_tick()  # what `mpp worker` does every few seconds
    worker = client.get("/healthz").json()["checks"]["worker"]
    assert worker["status"] == "ok"
    assert worker["last_seen_seconds_ago"] <= 5


@override_settings(SECURE_SSL_REDIRECT=True)
def test_a_load_balancer_probing_over_plain_http_gets_the_answer_not_a_redirect(client):
    """Behind the TLS proxy every page is sent to https; the health check is not, so that a
    probe straight to `mpp serve` (http://127.0.0.1:8000/healthz) sees the real status."""
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301  # the rest still goes to https


@pytest.fixture
def server_without_database(tmp_path):
    """A real gunicorn whose PostgreSQL does not answer, and whose Redis does not either."""
    env = production_env(tmp_path, MPP_HTTPS="0",
                         DATABASE_URL="postgres://postgres@127.0.0.1:9/mpp",
                         REDIS_URL="redis://127.0.0.1:9/0", MPP_DB_POOL_TIMEOUT="2")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "mpp.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "--threads", "4"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield server, f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _error_of(server, url: str) -> urllib.error.HTTPError:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=30)
            pytest.fail(f"{url} answered 200 with the database down")
        except urllib.error.HTTPError as error:
            return error
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail("gunicorn did not come up")
            time.sleep(0.3)


def test_a_server_whose_database_is_down_answers_503_in_json(server_without_database):
    """The load balancer gets a 503 it can act on, not a 200 or an HTML error page."""
    server, base = server_without_database
    error = _error_of(server, f"{base}/healthz")
    body = json.loads(error.read())
    assert error.code == 503
    assert body["status"] == "down"
    assert body["checks"]["database"]["status"] == "down"
    assert body["checks"]["cache"]["status"] == "degraded"


def test_a_citizen_page_without_its_database_says_try_again_not_500(server_without_database):
    """The catalog's first page when the database cannot be reached (or the pool stayed
    busy): a 503 with Retry-After and the error page, as for an overloaded API."""
    server, base = server_without_database
    error = _error_of(server, f"{base}/")
    assert error.code == 503
    assert error.headers["Retry-After"] == "5"
    assert error.headers["Content-Type"].startswith("text/html")
    assert "<h1>" in error.read().decode()
