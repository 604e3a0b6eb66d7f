"""Real servers for the tests: `mpp streams`, `mpp serve`, on this test's database, on free
ports, stopped at the end; and a display board's stream read from a socket."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import time

from django.db import connection

MPP = [sys.executable, "-m", "mpp.cli"]


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


def server_env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_VERSION",)}
    env.update(DATABASE_URL=database_url(), MPP_TESTING="1", MPP_HTTPS="0",
               MPP_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="mpp.settings")
    env.update({key: str(value) for key, value in extra.items()})
    return env


def wait_for(port: int, process: subprocess.Popen, path: str = "/healthz",
             seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                conn.close()
                return
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            output = process.stdout.read() if process.stdout else ""
            raise RuntimeError(f"the server on port {port} did not start: {output}")
        time.sleep(0.1)


@contextlib.contextmanager
def running(argv: list[str], env: dict, port: int, path: str = "/healthz"):
    process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    try:
        wait_for(port, process, path)
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class Stream:
    """One display board's stream, read off the socket as it arrives."""

    def __init__(self, port: int, path: str, *, source: str = "127.0.0.1",
                 headers: dict | None = None, timeout: float = 10, tls: bool = False,
                 method: str = "GET", body: bytes | None = None) -> None:
        if tls:  # the tests' own certificate
            self.conn = http.client.HTTPSConnection(
                "127.0.0.1", port, timeout=timeout, source_address=(source, 0),
                context=ssl._create_unverified_context())
        else:
            self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout,
                                                   source_address=(source, 0))
        self.conn.request(method, path, body=body, headers=headers or {})
        self.response = self.conn.getresponse()
        self.status = self.response.status
        self.buffer = b""
        self.ended = False

    def json(self) -> dict:
        return json.loads(self.response.read())

    def header(self, name: str) -> str | None:
        return self.response.getheader(name)

    def frames(self, count: int, seconds: float = 5) -> list[str]:
        """The next `count` frames (events, comments, the retry line) as text."""
        deadline = time.monotonic() + seconds
        out = []
        while len(out) < count:
            while b"\n\n" in self.buffer and len(out) < count:
                one, self.buffer = self.buffer.split(b"\n\n", 1)
                out.append(one.decode() + "\n\n")
            if len(out) == count:
                break
            if time.monotonic() > deadline:
                raise TimeoutError(f"got {out!r}")
            self.conn.sock.settimeout(max(0.01, deadline - time.monotonic()))
            chunk = self.response.read1(65536)
            if not chunk:
                self.ended = True
                break
            self.buffer += chunk
        return out

    def events(self, count: int, seconds: float = 5) -> list[dict]:
        found = []
        deadline = time.monotonic() + seconds
        while len(found) < count and not self.ended:
            for text in self.frames(1, max(0.01, deadline - time.monotonic())):
                if text.startswith("id:"):
                    fields = dict(line.split(": ", 1) for line in text.strip().split("\n"))
                    found.append({"id": int(fields["id"]), "event": fields["event"],
                                  "data": json.loads(fields["data"]), "text": text})
        return found

    def until_end(self, seconds: float) -> float:
        """Read until the server ends the stream; how long that took."""
        started = time.monotonic()
        while not self.ended:
            if time.monotonic() - started > seconds:
                raise TimeoutError("the stream did not end")
            self.conn.sock.settimeout(seconds)
            if not self.response.read1(65536):
                self.ended = True
        return time.monotonic() - started

    def close(self) -> None:
        self.conn.close()
