"""Two server processes on one database, as `mpp serve --workers 2` runs them: a call made
through one reaches a display board connected to the other (LISTEN/NOTIFY on PostgreSQL,
polling on SQLite)."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from django.db import connection
from django.utils import timezone

from mpp.accounts.services import token_create
from mpp.catalog.calendar import site_now
from mpp.queueing import services as queue
from mpp.queueing.models import Ticket

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        return (f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:"
                f"{settings_dict['PORT']}/{settings_dict['NAME']}")
    return f"sqlite:///{settings_dict['NAME']}"


@pytest.fixture
def two_workers(tmp_path):
    env = {**os.environ, "DATABASE_URL": database_url(), "MPP_TESTING": "1", "MPP_HTTPS": "0",
           "MPP_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "mpp.settings"}
    env.pop("PYTEST_VERSION", None)
    ports = [free_port(), free_port()]
    servers = [subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "mpp.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--worker-class", "gthread", "--threads", "4", "--workers", "1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for port in ports]
    try:
        for port in ports:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                raise RuntimeError("a server did not start")
        yield ports
    finally:
        for server in servers:  # quick shutdown: an open stream would hold a graceful one
            server.send_signal(signal.SIGQUIT)
        for server in servers:
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def test_a_call_through_one_worker_reaches_a_display_on_the_other(mall, two_workers):
    worker_a, worker_b = two_workers
    loket = mall.loket_disdukcapil
    queue.counter_set_open(counter=loket, is_open=True)
    now = timezone.now()
    Ticket.objects.create(  # a citizen waiting today (the kiosk's opening-hours rules aside)
        public_id="duapekerja01", site=mall.site, service=mall.ktp,
        day=site_now(mall.site).date(), prefix="A", number=1, lane="regular", source="kiosk",
        status="waiting", arrived_at=now, queued_at=now)

    received, connected = [], threading.Event()

    def display_board():
        stream = http.client.HTTPConnection("127.0.0.1", worker_b, timeout=10)
        stream.request("GET", "/api/v1/sites/kota-uji/events")
        response = stream.getresponse()
        assert response.status == 200
        connected.set()
        buffer = b""
        while not any(frame["event"] == "ticket.called" for frame in received):
            buffer += response.read1(65536)
            while b"\n\n" in buffer:
                frame, buffer = buffer.split(b"\n\n", 1)
                fields = dict(line.split(": ", 1) for line in frame.decode().split("\n")
                              if ": " in line)
                if "event" in fields:
                    received.append({"event": fields["event"], "at": time.monotonic(),
                                     "data": json.loads(fields["data"])})
        stream.close()

    board = threading.Thread(target=display_board, daemon=True)
    board.start()
    assert connected.wait(10)
    time.sleep(0.5)  # the board is listening before the officer calls

    _token, secret = token_create(user=mall.users["dewi"])
    call = urllib.request.Request(
        f"http://127.0.0.1:{worker_a}/api/v1/sites/kota-uji/counters/L01/call-next",
        method="POST", data=b"{}", headers={"Authorization": f"Bearer {secret}",
                                            "Content-Type": "application/json"})
    sent = time.monotonic()
    assert json.load(urllib.request.urlopen(call, timeout=10))["number"] == "A-001"
    board.join(timeout=5)
    called = [frame for frame in received if frame["event"] == "ticket.called"]
    assert called, "the display on the other worker received no call"
    assert called[0]["data"]["number"] == "A-001"
    assert called[0]["data"]["counter"] == "L01"
    assert called[0]["at"] - sent < 1.0
