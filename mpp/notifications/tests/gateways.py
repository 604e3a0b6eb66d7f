"""A gateway a province could write: it keeps what it was asked to send (and takes a moment,
like a real one), so that the tests can count deliveries."""

import threading
import time

sent: list[dict] = []
_lock = threading.Lock()


class RecordingGateway:
    delay = 0.2

    def send(self, *, to: str, channel: str, body: str) -> None:
        time.sleep(self.delay)
        with _lock:
            sent.append({"to": to, "channel": channel, "body": body})
