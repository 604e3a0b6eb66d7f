"""`mpp worker` runs the queue in its own process; `mpp serve` starts it next to gunicorn and
stops it with gunicorn, whose signals still reach gunicorn itself."""

import json
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from mpp.notifications.services import notification_request

MPP = [sys.executable, "-m", "mpp.cli"]


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return (f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}")


@pytest.mark.django_db(transaction=True)
def test_mpp_worker_once_sends_what_is_queued_in_a_subprocess(site):
    [notification] = notification_request(
        site=site, dedupe_key="booking:9:confirmed", kind="booking_confirmed",
        subject="Booking", body="Booking Anda dikonfirmasi: K7QX-M2PA.", phone="081234567890")
    env = dict(os.environ, DATABASE_URL=database_url(), MPP_NOTIFY_GATEWAY="console")
    result = subprocess.run([*MPP, "worker", "--once"], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "[whatsapp -> +6281234567890]" in result.stdout
    assert "K7QX-M2PA" in result.stdout
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 1)


# --- mpp serve ----------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return ""


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


@pytest.fixture(scope="module")
def served_db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_VERSION", "MPP_TESTING")}
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), MPP_HTTPS="0",
               ALLOWED_HOSTS="127.0.0.1", MPP_DATA_DIR=str(tmp),
               DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}")
    subprocess.run([*MPP, "migrate", "-v0"], env=env, check=True, timeout=300)
    return tmp, env


def _serve(env, *extra):
    port = _free_port()
    server = subprocess.Popen([*MPP, "serve", "--port", str(port), "--workers", "1",
                               "--threads", "4", "--skip-collectstatic", *extra],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                assert json.load(answer)["status"] == "ok"
            return server
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("mpp serve did not come up: " + server.stdout.read())
            time.sleep(0.3)


def _wait(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def test_mpp_serve_runs_the_worker_and_stops_it_with_gunicorn(served_db):
    tmp, env = served_db
    server = _serve(env)
    try:
        # `mpp serve` became gunicorn (exec): its pid is gunicorn's master, which runs the worker
        assert "gunicorn" in _cmdline(server.pid)
        workers = [pid for pid in _children(server.pid) if " worker" in _cmdline(pid)
                   and "mpp.cli" in _cmdline(pid)]
        assert len(workers) == 1
        worker = workers[0]

        def job_ran():
            with sqlite3.connect(tmp / "db.sqlite3", timeout=10) as db:
                return db.execute("select count(*) from notifications_periodicrun "
                                  "where outcome = 'done'").fetchone()[0] > 0

        assert _wait(job_ran), "the served worker ran no periodic job"
        server.send_signal(signal.SIGTERM)  # what systemd or docker stop sends
        assert server.wait(timeout=60) == 0
        log = server.stdout.read()
        assert "Handling signal: term" in log
        assert "Background worker stopped" in log
        assert not _alive(worker)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_mpp_serve_no_worker_runs_gunicorn_alone(served_db):
    _tmp, env = served_db
    server = _serve(env, "--no-worker", "--streams-port", "0")
    try:
        assert not [pid for pid in _children(server.pid) if "mpp.cli" in _cmdline(pid)]
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=60) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
