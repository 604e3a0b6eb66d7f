"""gunicorn hooks that run the background worker and the stream server next to the web server
(`mpp serve`).

`mpp serve` execs gunicorn with `-c python:mpp.notifications.gunicorn_hooks`, so gunicorn
stays the process that `mpp serve` was (same pid: a supervisor's SIGTERM, SIGHUP or SIGINT
reaches gunicorn itself). When gunicorn starts, its master spawns `mpp worker` as a child;
when it exits (after its graceful stop), it stops the worker with SIGTERM (the worker
finishes the task at hand) and waits for it. Should gunicorn die without running its hooks
(SIGKILL), the worker notices that its parent is gone and stops by itself (--parent-pid).

The stream server (`mpp streams`, mpp/realtime/server.py) is started and stopped the same way
when `mpp serve` gives its address in MPP_SERVE_STREAMS (host:port); the worker unless
MPP_SERVE_WORKER is 0.
"""

from __future__ import annotations

import os
import subprocess
import sys

STOP_TIMEOUT = 25  # seconds a task in progress may take to finish when the server stops

_children: list[tuple[str, subprocess.Popen]] = []


def _named(name: str) -> dict:
    """The child's environment, its PostgreSQL connections named (pg_stat_activity's
    application_name)."""
    return {**os.environ, "PGAPPNAME": name}


def on_starting(server) -> None:
    parent = ["--parent-pid", str(os.getpid())]
    if os.environ.get("MPP_SERVE_WORKER", "1") != "0":
        worker = subprocess.Popen([sys.executable, "-m", "mpp.cli", "worker", *parent],
                                  env=_named("mpp-worker"))
        _children.append(("Background worker", worker))
        server.log.info("Background worker started (pid: %s)", worker.pid)
    streams = os.environ.get("MPP_SERVE_STREAMS", "")
    if streams:
        host, port = streams.rsplit(":", 1)
        child = subprocess.Popen([sys.executable, "-m", "mpp.cli", "streams", "--host", host,
                                  "--port", port, *parent],
                                 env={**_named("mpp-streams"), "MPP_PROCESS_ROLE": "streams"})
        _children.append(("Stream server", child))
        server.log.info("Stream server started on %s (pid: %s)", streams, child.pid)


def on_exit(server) -> None:
    running = [(name, child) for name, child in _children if child.poll() is None]
    for _name, child in running:
        child.terminate()
    for name, child in running:
        try:
            child.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        server.log.info("%s stopped", name)
