"""The display's event stream: replay after a reconnect, live delivery after commit, and
events written by another process (another gunicorn worker) reaching this one."""

import json
import os
import subprocess
import sys
import threading
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.utils import timezone

from mpp.queueing import services as queue
from mpp.realtime.services import event_record


@pytest.fixture
def tuesday_morning(monkeypatch):
    instant = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr(timezone, "now", lambda: instant)


def parse(chunk) -> dict | None:
    text = chunk.decode() if isinstance(chunk, bytes) else chunk
    if not text.startswith("id:"):
        return None
    fields = dict(line.split(": ", 1) for line in text.strip().split("\n"))
    return {"id": int(fields["id"]), "event": fields["event"], "data": json.loads(fields["data"])}


def take(response, count) -> list[dict]:
    """Read `count` events in this thread (and this test's transaction)."""
    assert response.status_code == 200
    frames = []
    for chunk in response.streaming_content:
        frame = parse(chunk)
        if frame:
            frames.append(frame)
        if len(frames) == count:
            response.close()
            return frames
    return frames


class Follower:
    """A display board reading the stream in its own thread, like a browser's EventSource
    (it has its own database connection: for tests whose writes commit)."""

    def __init__(self, response):
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/event-stream")
        self.response = response
        self.frames: list[dict] = []
        self.arrived = threading.Condition()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        try:
            for chunk in self.response.streaming_content:
                frame = parse(chunk)
                if frame:
                    with self.arrived:
                        self.frames.append(frame)
                        self.arrived.notify_all()
        finally:
            connection.close()

    def wait_for(self, count, timeout=5.0):
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.frames) >= count, timeout)
            return list(self.frames)


def record(site, name, **data):
    with transaction.atomic():
        return event_record(site_id=site.pk, name=name, data=data)


@pytest.mark.django_db
def test_a_display_that_reconnects_gets_what_it_missed(mall, client):
    for number in range(1, 6):
        record(mall.site, "ticket.called", number=f"A-00{number}")
    response = client.get("/api/v1/sites/kota-uji/events", HTTP_LAST_EVENT_ID="2")
    frames = take(response, 3)
    assert [f["id"] for f in frames] == [3, 4, 5]
    assert [f["data"]["number"] for f in frames] == ["A-003", "A-004", "A-005"]
    assert frames[0]["event"] == "ticket.called"


@pytest.mark.django_db
def test_last_event_id_also_as_a_query_parameter(mall, client):
    record(mall.site, "ticket.called", number="A-001")
    record(mall.site, "ticket.called", number="A-002")
    response = client.get("/api/v1/sites/kota-uji/events?last_event_id=1")
    assert [f["id"] for f in take(response, 1)] == [2]


@pytest.mark.django_db
def test_bad_stream_requests(mall, client):
    response = client.get("/api/v1/sites/kota-uji/events", HTTP_LAST_EVENT_ID="dua")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
    response = client.get("/api/v1/sites/kota-entah/events")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_site"


@pytest.mark.django_db(transaction=True)
def test_a_call_reaches_the_display_after_commit(mall, client, tuesday_morning):
    follower = Follower(client.get("/api/v1/sites/kota-uji/events"))
    time.sleep(0.2)  # the display is connected before anything happens
    queue.counter_set_open(counter=mall.loket_disdukcapil, is_open=True)
    queue.ticket_issue(service=mall.ktp)
    started = time.monotonic()
    queue.ticket_call_next(counter=mall.loket_disdukcapil)
    frames = follower.wait_for(3, timeout=3)
    assert time.monotonic() - started < 1.0
    assert [f["event"] for f in frames] == ["counter.opened", "ticket.issued", "ticket.called"]
    assert frames[2]["data"]["speech"].startswith("Nomor antrean A nol nol satu")


@pytest.mark.django_db(transaction=True)
def test_an_event_from_another_process_reaches_this_one(mall, client):
    """Another worker process (here a plain subprocess on the same database) records a call;
    the display connected to this process receives it: LISTEN/NOTIFY on PostgreSQL, polling
    on SQLite."""
    follower = Follower(client.get("/api/v1/sites/kota-uji/events"))
    time.sleep(0.3)
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        url = (f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:"
               f"{settings_dict['PORT']}/{settings_dict['NAME']}")
    else:
        url = f"sqlite:///{settings_dict['NAME']}"
    script = (
        "import django; django.setup();"
        "from django.db import transaction;"
        "from mpp.realtime.services import event_record;"
        "from mpp.catalog.models import Site;"
        "site = Site.objects.get(slug='kota-uji');\n"
        "with transaction.atomic(): event_record(site_id=site.pk, name='ticket.called',"
        " data={'number': 'B-007'})"
    )
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "mpp.settings"}
    env.pop("PYTEST_VERSION", None)
    env["MPP_TESTING"] = "1"
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=60)
    started = time.monotonic()
    frames = follower.wait_for(1, timeout=5)
    assert frames and frames[0]["data"] == {"number": "B-007"}
    assert time.monotonic() - started < 1.0
