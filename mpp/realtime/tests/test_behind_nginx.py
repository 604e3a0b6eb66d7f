"""`mpp serve` behind Debian's nginx configured with the shipped deploy/nginx.conf, as
docs/deployment.md recommends: the client's address that the limits see, HTTPS, event
streams passed through at once, the sign-in limit and nginx's own answers in the contract's
JSON. nginx runs as this user, from a temporary directory, on its own ports."""

import contextlib
import json
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.db import transaction

from mpp.lib import nginx
from mpp.realtime.services import event_record

from .servers import MPP, Stream, free_port, running, server_env

NGINX = "/usr/sbin/nginx"
EVENTS = "/api/v1/sites/kota-uji/events"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(NGINX).exists() or not shutil.which("openssl"),
                       reason="needs Debian's nginx and openssl (scripts/ensure-debian)"),
]


@contextlib.contextmanager
def nginx_in_front(tmp_path, *, app: int, streams: int):
    """Debian's nginx running deploy/nginx.conf on free ports, with a certificate of its own."""
    http_port, https_port = free_port(), free_port()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(tmp_path / "key.pem"),
                    "-out", str(tmp_path / "cert.pem")], check=True, capture_output=True)
    site = tmp_path / "mpp.conf"
    site.write_text(nginx.render(app_port=app, streams_port=streams, http_port=http_port,
                                 https_port=https_port, certificate=str(tmp_path / "cert.pem"),
                                 key=str(tmp_path / "key.pem"), acme_root=str(tmp_path)))
    main = tmp_path / "nginx.conf"
    main.write_text(nginx.main_config(directory=tmp_path, site_config=site))
    proxy = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(main),
                              "-e", str(tmp_path / "error.log")],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_port(https_port, proxy)
        yield {"http": http_port, "https": https_port, "app": app, "streams": streams}
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)


@pytest.fixture
def behind_nginx(tmp_path):
    """nginx (http and https) in front of `mpp serve` (gunicorn and its stream server)."""
    app, streams = free_port(), free_port()
    env = server_env(tmp_path, MPP_HTTPS=1, MPP_TRUSTED_PROXIES="127.0.0.1",
                     MPP_RATE_PUBLIC="3/60", MPP_RATE_LOGIN="1000/60",
                     MPP_STREAMS_PER_CLIENT=2, MPP_STREAM_HEARTBEAT=30)
    serve = [*MPP, "serve", "--port", str(app), "--streams-port", str(streams), "--workers", "1",
             "--threads", "8", "--no-worker", "--skip-collectstatic"]
    with running(serve, env, app) as server, nginx_in_front(tmp_path, app=app,
                                                            streams=streams) as ports:
        _wait_port(streams, server, seconds=60)
        yield ports


def _wait_port(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"stopped: {process.stdout.read()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def get(port, path, *, source="127.0.0.2", headers=None, tls=True, method="GET", body=None):
    answer = Stream(port, path, source=source, headers=headers, tls=tls, method=method,
                    body=body)
    text = answer.response.read()
    answer.close()
    return answer.status, answer.response, text


def test_limits_see_the_real_client_not_nginx_nor_a_forwarded_for_it_sent(mall, behind_nginx):
    https = behind_nginx["https"]
    for n in range(3):  # MPP_RATE_PUBLIC=3/60 per client address
        # each request claims another address: nginx replaces the header
        status, _r, _t = get(https, "/api/v1/sites", headers={"X-Forwarded-For": f"10.0.0.{n}"})
        assert status == 200
    status, response, text = get(https, "/api/v1/sites", headers={"X-Forwarded-For": "10.0.0.9"})
    assert status == 429
    assert json.loads(text)["error"]["code"] == "rate_limited"
    # another citizen behind the same nginx has a budget of their own
    assert get(https, "/api/v1/sites", source="127.0.0.3")[0] == 200


def test_https_is_what_nginx_says_not_what_a_client_says(mall, behind_nginx):
    # over nginx's https the application knows the request is secure: no redirect
    status, response, _text = get(behind_nginx["https"], "/api/v1/sites", source="127.0.0.4")
    assert status == 200
    assert response.getheader("Strict-Transport-Security")
    # plain http: nginx sends the browser to https
    status, response, _text = get(behind_nginx["http"], "/api/v1/sites", tls=False)
    assert status == 301
    assert response.getheader("Location").startswith("https://")
    # a client that talks to gunicorn directly cannot claim https (nor an address)
    status, response, _text = get(behind_nginx["app"], "/api/v1/sites", tls=False,
                                  source="127.0.0.5", headers={"X-Forwarded-Proto": "https"})
    assert status == 301
    assert response.getheader("Location").startswith("https://")


def test_events_pass_through_nginx_at_once(mall, behind_nginx):
    board = Stream(behind_nginx["https"], EVENTS, tls=True)
    assert board.status == 200
    assert board.header("Content-Type") == "text/event-stream; charset=utf-8"
    assert board.frames(1) == ["retry: 2000\n\n"]
    time.sleep(0.3)
    sent = time.monotonic()
    with transaction.atomic():
        event_record(site_id=mall.site.pk, name="ticket.called", data={"number": "A-001"})
    event = board.events(1, seconds=3)[0]
    assert time.monotonic() - sent < 1.0
    assert event["event"] == "ticket.called" and event["data"] == {"number": "A-001"}
    board.close()


def test_the_stream_cap_per_client_counts_the_real_client(mall, behind_nginx):
    https = behind_nginx["https"]
    boards = [Stream(https, EVENTS, tls=True, source="127.0.0.6",
                     headers={"X-Forwarded-For": f"10.1.1.{n}"}) for n in range(2)]
    assert [b.status for b in boards] == [200, 200]
    third = Stream(https, EVENTS, tls=True, source="127.0.0.6",
                   headers={"X-Forwarded-For": "10.1.1.9"})
    assert third.status == 429
    assert third.json()["error"]["code"] == "rate_limited"
    other = Stream(https, EVENTS, tls=True, source="127.0.0.7")
    assert other.status == 200
    for stream in [*boards, other]:
        stream.close()


def test_the_sign_in_limit_answers_json_429(mall, behind_nginx):
    https = behind_nginx["https"]
    body = json.dumps({"username": mall.users["dewi"].username, "password": "salah"}).encode()
    statuses = []
    for _attempt in range(40):  # 30 a minute in bursts of 30
        status, response, text = get(https, "/api/v1/auth/token", method="POST", body=body,
                                     source="127.0.0.8",
                                     headers={"Content-Type": "application/json"})
        statuses.append(status)
    assert statuses[0] == 401
    assert statuses[-1] == 429
    assert json.loads(text)["error"]["code"] == "rate_limited"
    assert response.getheader("Content-Type").startswith("application/json")
    assert response.getheader("Retry-After") == "60"
    # the staff sign-in page has the same limit (same address, same budget)
    assert get(https, "/akun/masuk/", method="POST", body=b"", source="127.0.0.8")[0] == 429
    # another address may still sign in
    assert get(https, "/api/v1/auth/token", method="POST", body=body, source="127.0.0.9",
               headers={"Content-Type": "application/json"})[0] == 401


def test_nginx_own_errors_under_api_are_the_contracts_json(mall, behind_nginx):
    https = behind_nginx["https"]
    status, response, text = get(https, "/api/v1/sites?q=" + "x" * 9000)
    assert status == 414
    assert json.loads(text)["error"]["code"] == "uri_too_long"
    status, response, text = get(https, "/api/v1/sites", headers={"X-Big": "y" * 9000})
    assert status == 400
    assert json.loads(text)["error"]["code"] == "bad_request"
    status, response, text = get(https, "/api/v1/sites/kota-uji/tickets", method="POST",
                                 body=b"x" * (42 * 1024 * 1024),  # over its 41 MB
                                 headers={"Content-Type": "application/json"})
    assert status == 413
    assert json.loads(text)["error"]["code"] == "too_large"


def test_nginx_answers_json_when_the_application_is_down(tmp_path):
    with nginx_in_front(tmp_path, app=free_port(), streams=free_port()) as ports:
        for path in ("/api/v1/sites", EVENTS):
            status, response, text = get(ports["https"], path)
            assert status == 503
            assert json.loads(text)["error"]["code"] == "unavailable"
            assert response.getheader("Retry-After") == "10"
