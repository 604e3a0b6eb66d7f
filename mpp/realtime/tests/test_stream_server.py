"""The stream server (`mpp streams`): the display boards' event streams held apart from the
request workers, with the same frames as gunicorn's endpoint, capped per client address, per
site and in all, with a heartbeat and a maximum age; and gunicorn's own stream endpoint capped
per worker so that streams never take every request thread."""

import time

import pytest
from django.conf import settings
from django.db import connection, transaction

from mpp.catalog.models import Site
from mpp.realtime.services import event_record
from mpp.realtime.streams import site_stream

from .servers import MPP, Stream, free_port, running, server_env

EVENTS = "/api/v1/sites/kota-uji/events"


def record(site, name, **data):
    with transaction.atomic():
        return event_record(site_id=site.pk, name=name, data=data)


@pytest.fixture
def stream_server(tmp_path):
    """`mpp streams` with small caps: 2 streams per client address, 3 per site, 5 in all, a
    heartbeat every 0.4 s and streams that end after 2 s."""
    def start(**caps):
        port = free_port()
        settings = dict(MPP_STREAMS_PER_CLIENT=2, MPP_STREAMS_PER_SITE=3, MPP_STREAMS_MAX=5,
                        MPP_STREAM_HEARTBEAT=0.4, MPP_STREAM_SECONDS=2, MPP_STREAMS_DB_THREADS=2)
        settings.update(caps)
        env = server_env(tmp_path, PGAPPNAME="stream-server-under-test", **settings)
        return port, running([*MPP, "streams", "--port", str(port)], env, port)
    return start


pytestmark = pytest.mark.django_db(transaction=True)


def test_a_display_gets_the_same_frames_as_from_gunicorn_then_live_calls(mall, stream_server):
    for number in range(1, 4):
        record(mall.site, "ticket.called", number=f"A-00{number}", counter="L01")
    port, server = stream_server(MPP_STREAM_SECONDS=30, MPP_STREAM_HEARTBEAT=30)
    with server:
        board = Stream(port, EVENTS, headers={"Last-Event-ID": "1"})
        assert board.status == 200
        assert board.header("Content-Type") == "text/event-stream; charset=utf-8"
        assert board.header("X-Accel-Buffering") == "no"
        replayed = board.frames(3)
        expected = site_stream(site_id=mall.site.pk, last_id=1)
        assert replayed == [next(expected), next(expected), next(expected)]
        expected.close()
        connection.close()

        sent = time.monotonic()
        record(mall.site, "ticket.called", number="A-004", counter="L02")
        live = board.events(1)
        assert time.monotonic() - sent < 2
        assert live[0]["id"] == 4
        assert live[0]["data"] == {"number": "A-004", "counter": "L02"}
        board.close()


def test_bad_requests_answer_the_contracts_json(mall, stream_server):
    port, server = stream_server()
    with server:
        bad = Stream(port, EVENTS, headers={"Last-Event-ID": "dua"})
        assert bad.status == 400
        assert bad.json()["error"]["code"] == "bad_request"
        unknown = Stream(port, "/api/v1/sites/kota-entah/events",
                         headers={"Accept-Language": "en"})
        assert unknown.status == 404
        assert unknown.json()["error"] == {"code": "unknown_site",
                                           "message": "Unknown site kota-entah."}


def test_streams_are_capped_per_client_address_per_site_and_in_all(mall, stream_server):
    Site.objects.create(slug="kota-dua", name="MPP Kota Dua")
    port, server = stream_server(MPP_STREAM_SECONDS=30)
    with server:
        open_ = [Stream(port, EVENTS, source="127.0.0.2"),
                 Stream(port, EVENTS, source="127.0.0.2")]
        # a third from the same address, whatever X-Forwarded-For it claims (no trusted proxy)
        third = Stream(port, EVENTS, source="127.0.0.2",
                       headers={"X-Forwarded-For": "10.9.8.7", "Accept-Language": "en"})
        assert third.status == 429
        assert third.header("Retry-After") == "30"
        assert third.json()["error"] == {
            "code": "rate_limited",
            "message": "Too many live screens are open from your address. Close one and try "
                       "again."}
        # another address may: up to 3 on the site
        open_.append(Stream(port, EVENTS, source="127.0.0.3"))
        assert [s.status for s in open_] == [200, 200, 200]
        full_site = Stream(port, EVENTS, source="127.0.0.4")
        assert full_site.status == 503
        assert full_site.json()["error"]["code"] == "streams_full"
        assert int(full_site.header("Retry-After")) >= 15
        # another site still has room, until 5 in all
        other = "/api/v1/sites/kota-dua/events"
        open_ += [Stream(port, other, source="127.0.0.4"), Stream(port, other, source="127.0.0.5")]
        assert [s.status for s in open_[3:]] == [200, 200]
        assert Stream(port, other, source="127.0.0.6").status == 503
        # a board that leaves gives its place back
        open_.pop(0).close()
        time.sleep(0.5)
        again = Stream(port, EVENTS, source="127.0.0.2")
        assert again.status == 200
        for stream in [*open_, again]:
            stream.close()


def test_a_quiet_stream_gets_heartbeats_then_ends_and_the_board_misses_nothing(
        mall, stream_server):
    record(mall.site, "ticket.called", number="A-001")
    port, server = stream_server()
    with server:
        board = Stream(port, EVENTS)
        started = time.monotonic()
        assert board.frames(1) == ["retry: 2000\n\n"]
        assert board.frames(1) == [": keepalive\n\n"]
        assert 0.3 < time.monotonic() - started < 1.5
        lasted = board.until_end(seconds=5)
        assert 1.5 < time.monotonic() - started < 3  # MPP_STREAM_SECONDS=2, less up to 10%
        assert lasted < 3
        record(mall.site, "ticket.called", number="A-002")  # while the board reconnects
        back = Stream(port, EVENTS, headers={"Last-Event-ID": "1"})
        assert [e["data"]["number"] for e in back.events(1)] == ["A-002"]
        back.close()


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_many_streams_hold_a_few_database_connections(mall, stream_server):
    port, server = stream_server(MPP_STREAMS_PER_CLIENT=100, MPP_STREAMS_PER_SITE=100,
                                 MPP_STREAMS_MAX=100, MPP_STREAM_SECONDS=30)

    def connections_of_the_server():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                           "current_database() AND application_name = "
                           "'stream-server-under-test'")
            return cursor.fetchone()[0]

    with server:
        boards = [Stream(port, EVENTS, source=f"127.0.1.{n % 20 + 1}") for n in range(60)]
        assert {board.status for board in boards} == {200}
        for board in boards:
            board.frames(1)
        record(mall.site, "ticket.called", number="A-001")
        assert all(board.events(1)[0]["data"]["number"] == "A-001" for board in boards)
        # within its budget, whatever the number of streams: its pool holds the listener, the
        # 2 reading threads and at most a spare (MPP_STREAM_DB_CONNECTIONS)
        assert connections_of_the_server() <= settings.MPP_STREAM_DB_CONNECTIONS
        for board in boards:
            board.close()


def test_gunicorn_holds_at_most_a_quarter_of_its_threads_in_streams(mall, tmp_path):
    """`mpp serve --threads 4` without its stream server: one stream per worker, the next
    one is refused, and the other threads keep answering."""
    port = free_port()
    argv = [*MPP, "serve", "--port", str(port), "--workers", "1", "--threads", "4",
            "--streams-port", "0", "--no-worker", "--skip-collectstatic"]
    with running(argv, server_env(tmp_path, MPP_STREAM_HEARTBEAT=0.2), port):
        first = Stream(port, EVENTS)
        assert first.status == 200
        assert first.frames(1) == ["retry: 2000\n\n"]
        second = Stream(port, EVENTS, headers={"Accept-Language": "en"})
        assert second.status == 503
        assert second.header("Retry-After") == "15"
        assert second.json()["error"] == {
            "code": "streams_full",
            "message": "Too many live screens are open right now. Please try again in a "
                       "moment."}
        sites = Stream(port, "/api/v1/sites")
        assert sites.status == 200
        assert sites.json()[0]["slug"] == "kota-uji"
        first.close()  # the board goes away: its thread notices at the next heartbeat
        time.sleep(1.5)
        again = Stream(port, EVENTS)
        assert again.status == 200
        again.close()


def test_the_wait_before_a_write_grows_with_the_streams_of_a_site():
    from mpp.realtime.server import COALESCE_MAX_SECONDS, COALESCE_SECONDS, coalesce_seconds

    assert coalesce_seconds(1) == coalesce_seconds(500) == COALESCE_SECONDS
    assert coalesce_seconds(2000) == pytest.approx(0.2)
    assert coalesce_seconds(100_000) == COALESCE_MAX_SECONDS
