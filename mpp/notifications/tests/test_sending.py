"""The worker sends each message once: by e-mail through Django's mail, by WhatsApp through the
province's gateway; a failing gateway is retried until it answers."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.db import connection

from mpp.notifications.models import Notification
from mpp.notifications.services import _enqueue_send, notification_request, notification_send
from mpp.notifications.worker import run_pending

pytestmark = pytest.mark.django_db(transaction=True)

REMINDER = dict(kind="booking_reminder", subject="Pengingat booking",
                body="Besok 09:00 di MPP Kota Uji, loket Disdukcapil. Kode K7QX-M2PA.")


def test_the_reminder_email_goes_out_through_django_mail(site):
    notification_request(site=site, dedupe_key="booking:1:reminder", email="siti@example.id",
                         **REMINDER)
    run_pending()
    [message] = mail.outbox
    assert message.to == ["siti@example.id"]
    assert message.subject == "Pengingat booking"
    assert "K7QX-M2PA" in message.body
    notification = Notification.objects.get()
    assert (notification.status, notification.attempts) == ("sent", 1)
    assert notification.sent_at is not None


def test_the_reminder_task_run_twice_sends_once(site, recording_gateway):
    [notification] = notification_request(site=site, dedupe_key="booking:1:reminder",
                                          phone="081234567890", **REMINDER)
    _enqueue_send(notification.pk)  # the same send task, a second time
    run_pending()
    assert len(recording_gateway) == 1
    assert recording_gateway[0] == {"to": "+6281234567890", "channel": "whatsapp",
                                    "body": REMINDER["body"]}
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 1)


def test_two_workers_racing_on_one_message_send_it_once(site, recording_gateway):
    [notification] = notification_request(site=site, dedupe_key="booking:1:reminder",
                                          phone="081234567890", **REMINDER)
    start = threading.Barrier(4)
    outcomes = []

    def worker():
        try:
            start.wait()
            outcomes.append(notification_send(notification_id=notification.pk).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(recording_gateway) == 1
    assert len(outcomes) == 4 and set(outcomes) <= {"sending", "sent"}
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 1)


class FlakyGateway(BaseHTTPRequestHandler):
    """Answers 500 to the first request, then 200; remembers what it received."""

    answers = [500, 200]
    received: list = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.received.append({"authorization": self.headers.get("Authorization"),
                              "json": json.loads(self.rfile.read(length))})
        status = self.answers.pop(0) if self.answers else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def flaky_gateway(settings):
    FlakyGateway.answers = [500, 200]
    FlakyGateway.received = []
    server = HTTPServer(("127.0.0.1", 0), FlakyGateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.MPP_NOTIFY_GATEWAY = "webhook"
    settings.MPP_NOTIFY_WEBHOOK_URL = f"http://127.0.0.1:{server.server_port}/kirim"
    settings.MPP_NOTIFY_WEBHOOK_SECRET = "rahasia-gateway"
    settings.MPP_NOTIFY_WEBHOOK_TIMEOUT = 5
    settings.MPP_NOTIFY_RETRY_SECONDS = 0  # retry at once (the backoff is tested below)
    yield FlakyGateway.received
    server.shutdown()
    server.server_close()


def test_a_failing_webhook_is_retried_and_the_message_ends_sent(site, flaky_gateway):
    [notification] = notification_request(site=site, dedupe_key="ticket:A-012:near",
                                          kind="turn_near", subject="",
                                          body="Antrean A-012: 3 orang lagi.",
                                          phone="081234567890")
    run_pending()
    assert len(flaky_gateway) == 2
    assert flaky_gateway[0] == {
        "authorization": "Bearer rahasia-gateway",
        "json": {"to": "+6281234567890", "channel": "whatsapp",
                 "body": "Antrean A-012: 3 orang lagi."},
    }
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 2)
    assert notification.last_error == ""


def test_a_gateway_that_keeps_failing_stops_after_the_last_attempt(site, flaky_gateway,
                                                                   settings):
    FlakyGateway.answers = [500] * 10
    settings.MPP_NOTIFY_MAX_ATTEMPTS = 3
    [notification] = notification_request(site=site, dedupe_key="ticket:A-013:near",
                                          kind="turn_near", subject="", body="Antrean A-013.",
                                          phone="081234567890")
    run_pending()
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("failed", 3)
    assert notification.last_error == "gateway answered HTTP 500"
    assert notification.next_attempt_at is None
    assert len(flaky_gateway) == 3


def test_a_failure_waits_longer_before_each_retry(site, flaky_gateway, settings):
    settings.MPP_NOTIFY_RETRY_SECONDS = 60
    FlakyGateway.answers = [500]
    [notification] = notification_request(site=site, dedupe_key="ticket:A-014:near",
                                          kind="turn_near", subject="", body="Antrean A-014.",
                                          phone="081234567890")
    run_pending()  # the first attempt fails; its retry waits a minute
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("failed", 1)
    wait = (notification.next_attempt_at - notification.updated_at).total_seconds()
    assert 59 <= wait <= 61
    from mpp.notifications.services import retry_delay

    assert [retry_delay(attempts=n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
