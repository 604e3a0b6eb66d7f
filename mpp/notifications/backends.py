"""How a message leaves the building.

E-mail goes through Django's mail (`EMAIL_BACKEND`, `EMAIL_HOST`, ... from the environment;
the console backend by default). WhatsApp and SMS go through a *gateway*, chosen with
`MPP_NOTIFY_GATEWAY`:

- `console` (default): prints the message on the worker's standard output;
- `webhook`: POSTs JSON `{"to", "channel", "body"}` to `MPP_NOTIFY_WEBHOOK_URL` with
  `Authorization: Bearer <MPP_NOTIFY_WEBHOOK_SECRET>`; any answer outside 2xx, a timeout
  (`MPP_NOTIFY_WEBHOOK_TIMEOUT` seconds) or a refused connection is a failure, retried later;
- or the dotted path of a class of your own.

A province plugs in its own gateway with a class that has one method:

    class MyGateway:
        def send(self, *, to: str, channel: str, body: str) -> None:
            ...  # deliver, or raise DeliveryError("why") so that the send is retried

`to` is the phone number in international form (+62...), `channel` is "whatsapp" or "sms".
The class is built with no arguments (read your own settings in `__init__`).
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

from .models import Channel


class DeliveryError(Exception):
    """The message did not go out; the message says why (kept in the notification's
    last_error, so no secrets in it)."""


class Gateway(Protocol):
    def send(self, *, to: str, channel: str, body: str) -> None: ...


class ConsoleGateway:
    """Prints WhatsApp and SMS messages instead of sending them (the default)."""

    def __init__(self, stream=None):
        self.stream = stream

    def send(self, *, to: str, channel: str, body: str) -> None:
        stream = self.stream or sys.stdout
        stream.write(f"[{channel} -> {to}]\n{body}\n\n")
        stream.flush()


class WebhookGateway:
    """One generic HTTP gateway: POST JSON {to, channel, body} with a bearer secret."""

    def __init__(self, url: str | None = None, secret: str | None = None,
                 timeout: float | None = None):
        self.url = url if url is not None else settings.MPP_NOTIFY_WEBHOOK_URL
        self.secret = secret if secret is not None else settings.MPP_NOTIFY_WEBHOOK_SECRET
        self.timeout = timeout if timeout is not None else settings.MPP_NOTIFY_WEBHOOK_TIMEOUT
        if not self.url:
            raise DeliveryError("MPP_NOTIFY_WEBHOOK_URL is not set")

    def send(self, *, to: str, channel: str, body: str) -> None:
        payload = json.dumps({"to": to, "channel": channel, "body": body}).encode()
        headers = {"Content-Type": "application/json", "User-Agent": "mpp-notifications"}
        if self.secret:
            headers["Authorization"] = f"Bearer {self.secret}"
        request = urllib.request.Request(self.url, data=payload, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status = response.status
                response.read(1024)
        except urllib.error.HTTPError as error:
            raise DeliveryError(f"gateway answered HTTP {error.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise DeliveryError(f"gateway unreachable: {reason}") from None
        if not 200 <= status < 300:
            raise DeliveryError(f"gateway answered HTTP {status}")


GATEWAYS = {
    "console": "mpp.notifications.backends.ConsoleGateway",
    "webhook": "mpp.notifications.backends.WebhookGateway",
}


def gateway() -> Gateway:
    name = settings.MPP_NOTIFY_GATEWAY
    return import_string(GATEWAYS.get(name, name))()


def deliver(*, channel: str, to: str, subject: str, body: str) -> None:
    """Send one message on its channel; raise DeliveryError when it did not go out."""
    if channel == Channel.EMAIL:
        try:
            sent = EmailMessage(subject=subject, body=body, to=[to]).send()
        except (OSError, ValueError) as error:  # SMTP errors are OSErrors
            raise DeliveryError(f"mail not sent: {error}") from None
        if not sent:
            raise DeliveryError("mail not sent")
        return
    gateway().send(to=to, channel=channel, body=body)
