"""Which gunicorn worker class serves MPP best? Requests/s of /healthz (one SELECT 1) and of
the public service list under `sync` and `gthread` workers, on the same machine in the same
run, with wrk as the load (Debian package `wrk`).

    .venv/bin/python benchmarks/serving_layout.py [--database-url postgres://...]

gthread matters because event streams (SSE) hold a connection open for minutes: a sync worker
would be taken by one display board, a thread is cheap.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = sys.executable


def wait_up(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server did not answer at {url}")


def wrk(url: str, seconds: int, connections: int) -> tuple[float, str]:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+(\S+)", out).group(1)
    return rate, p99


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="")
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    data = tempfile.mkdtemp()
    env = {**os.environ, "MPP_DATA_DIR": data, "DATABASE_URL": args.database_url,
           "MPP_HTTPS": "0", "DEBUG": "0", "MPP_RATE_PUBLIC": "100000000/60"}
    mpp = [PY, "-m", "mpp.cli"]
    subprocess.run([*mpp, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*mpp, "loaddemo", "tangerang"], env=env, check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    subprocess.run([*mpp, "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    layouts = {
        "sync, 2 workers": ["--workers", "2", "--worker-class", "sync"],
        "gthread, 2 workers x 32 threads": ["--workers", "2", "--worker-class", "gthread",
                                            "--threads", "32"],
        "gthread, 2 workers x 256 threads": ["--workers", "2", "--worker-class", "gthread",
                                             "--threads", "256"],
    }
    print(f"database: {'PostgreSQL' if args.database_url else 'SQLite'}; wrk -t2 "
          f"-c{args.connections} -d{args.seconds}s on the same 2-core machine")
    print(f"{'layout':<36}{'/healthz req/s':>16}{'p99':>10}{'/api/v1/sites/tangerang/services req/s':>42}{'p99':>10}")
    for label, extra in layouts.items():
        server = subprocess.Popen([PY, "-m", "gunicorn", "mpp.wsgi:application", "--bind",
                                   "127.0.0.1:8765", *extra], env=env, cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_up("http://127.0.0.1:8765/healthz")
            a, a99 = wrk("http://127.0.0.1:8765/healthz", args.seconds, args.connections)
            b, b99 = wrk("http://127.0.0.1:8765/api/v1/sites/tangerang/services", args.seconds,
                         args.connections)
            print(f"{label:<36}{a:>16.0f}{a99:>10}{b:>42.0f}{b99:>10}")
        finally:
            server.terminate()
            server.wait()
    shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
