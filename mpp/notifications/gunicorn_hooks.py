"""gunicorn hooks that run the background worker next to the web server (`mpp serve`).

`mpp serve` execs gunicorn with `-c python:mpp.notifications.gunicorn_hooks`, so gunicorn
stays the process that `mpp serve` was (same pid: a supervisor's SIGTERM, SIGHUP or SIGINT
reaches gunicorn itself). When gunicorn starts, its master spawns `mpp worker` as a child;
when it exits (after its graceful stop), it stops the worker with SIGTERM (the worker
finishes the task at hand) and waits for it. Should gunicorn die without running its hooks
(SIGKILL), the worker notices that its parent is gone and stops by itself (--parent-pid).
"""

from __future__ import annotations

import os
import subprocess
import sys

STOP_TIMEOUT = 25  # seconds a task in progress may take to finish when the server stops

_worker: subprocess.Popen | None = None


def on_starting(server) -> None:
    global _worker
    argv = [sys.executable, "-m", "mpp.cli", "worker", "--parent-pid", str(os.getpid())]
    _worker = subprocess.Popen(argv)
    server.log.info("Background worker started (pid: %s)", _worker.pid)


def on_exit(server) -> None:
    worker = _worker
    if worker is None or worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
    server.log.info("Background worker stopped")
