"""A booking burst over HTTP on PostgreSQL: 2,000 citizens ask at once for the 100 places of
one slot, against `mpp serve --workers 2`.

    .venv/bin/python benchmarks/booking_burst.py [--requests 2000] [--places 100] [--threads 24]

Creates a small MPP (one agency open every day, one bookable service whose slot holds
`--places`, no daily online quota) in a fresh database `mpp_bench_booking`, starts the
server, opens every connection first and then sends all the POST /api/v1/sites/{site}/bookings
requests at the same instant (asyncio, one connection per citizen, each with its own NIK).
Prints the accepted count (must equal the places), the refusals (409 quota_full, each with
suggestions), anything else, the throughput and p50/p99 latency, and checks the database.

Needs PostgreSQL at postgres://postgres@127.0.0.1:5432 (trust); drops the database after.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = sys.executable
PG = "postgres://postgres@127.0.0.1:5432"
DB = "mpp_bench_booking"
PORT = 8767
SITE = "burst"

SETUP = r"""
import json, sys, django
django.setup()
from datetime import time, timedelta
from django.utils import timezone
from mpp.bookings import selectors
from mpp.catalog import services as catalog
places = int(sys.argv[1])
site = catalog.site_create(slug="burst", name="MPP Uji Beban", timezone="Asia/Jakarta",
                           open_days=[1, 2, 3, 4, 5, 6, 7], opens_at=time(8), closes_at=time(16))
agency = catalog.agency_create(site=site, slug="disdukcapil", name="Disdukcapil", kind="opd",
                               open_days=[1, 2, 3, 4, 5, 6, 7], opens_at=time(8),
                               closes_at=time(15))
service = catalog.service_create(agency=agency, code="ktp-el", name="Penerbitan KTP-el",
                                 prefix="A", bookable=True, slot_capacity=places,
                                 online_quota=None)
first, last = selectors.horizon(service)
day = first + timedelta(days=1)
while selectors.availability(service, day)["open"] is False:  # skip holidays
    day += timedelta(days=1)
print(json.dumps({"date": day.isoformat()}))
"""


def psql(sql: str, database: str = "postgres") -> str:
    return subprocess.run(["psql", f"{PG}/{database}", "-Atqc", sql], check=True,
                          capture_output=True, text=True).stdout.strip()


async def citizen(n: int, day: str, start: asyncio.Event, results: list):
    body = json.dumps({"service": "ktp-el", "date": day, "slot": "08:00",
                       "name": f"Warga {n}", "nik": f"320101120385{n:04d}",
                       "phone": "081234567890"}).encode()
    request = (f"POST /api/v1/sites/{SITE}/bookings HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
               f"Connection: close\r\n\r\n").encode() + body
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
    except OSError as error:
        results.append((0, 0.0, str(error)))
        return
    await start.wait()
    began = time.perf_counter()
    writer.write(request)
    await writer.drain()
    raw = await reader.read()
    elapsed = time.perf_counter() - began
    writer.close()
    head, _sep, payload = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head else 0
    code = ""
    try:
        error = json.loads(payload).get("error") or {}
        code = error.get("code", "") + ("+suggestions" if error.get("suggestions") else "")
    except ValueError:
        code = "unreadable"
    results.append((status, elapsed, code))


async def burst(requests: int, day: str) -> tuple[list, float]:
    start = asyncio.Event()
    results: list = []
    tasks = [asyncio.create_task(citizen(n, day, start, results))
             for n in range(1, requests + 1)]
    await asyncio.sleep(2.0)  # every connection open and accepted
    began = time.perf_counter()
    start.set()
    await asyncio.gather(*tasks)
    return results, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--places", type=int, default=100)
    parser.add_argument("--threads", type=int, default=24,
                        help="gunicorn threads per worker (each may hold a DB connection)")
    args = parser.parse_args()
    psql(f"DROP DATABASE IF EXISTS {DB}")
    psql(f"CREATE DATABASE {DB}")
    data = tempfile.mkdtemp()
    env = {**os.environ, "DATABASE_URL": f"{PG}/{DB}", "MPP_DATA_DIR": data, "MPP_HTTPS": "0",
           "DJANGO_SETTINGS_MODULE": "mpp.settings", "MPP_RATE_PUBLIC": "100000000/60"}
    subprocess.run([PY, "-m", "mpp.cli", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    setup = subprocess.run([PY, "-c", SETUP, str(args.places)], env=env, check=True, cwd=ROOT,
                           capture_output=True, text=True)
    day = json.loads(setup.stdout.strip().splitlines()[-1])["date"]
    server = subprocess.Popen([PY, "-m", "mpp.cli", "serve", "--port", str(PORT), "--workers",
                               "2", "--threads", str(args.threads)], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        # warm both workers (imports, first connections) outside the measurement
        for _ in range(8):
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/api/v1/sites/{SITE}/services/"
                                   f"ktp-el/availability?date={day}", timeout=10).read()
        results, wall = asyncio.run(burst(args.requests, day))
    finally:
        server.terminate()
        server.wait(timeout=30)
    accepted = sum(1 for status, _t, _c in results if status == 201)
    full = sum(1 for status, _t, code in results
               if status == 409 and code == "quota_full+suggestions")
    other = [(status, code) for status, _t, code in results
             if status != 201 and not (status == 409 and code == "quota_full+suggestions")]
    latencies = sorted(t * 1000 for status, t, _c in results if status)
    stored = int(psql("SELECT count(*) FROM bookings_booking", DB))
    tally = psql("SELECT taken FROM bookings_slottally WHERE slot = '08:00'", DB)
    psql(f"DROP DATABASE IF EXISTS {DB}")
    print(f"PostgreSQL, mpp serve --workers 2 --threads {args.threads}, {args.requests} "
          f"booking requests at once for {args.places} places (slot 08:00 of {day})")
    print(f"accepted (201)                {accepted:>8}   {'OK' if accepted == args.places else 'WRONG'}")
    print(f"refused 409 quota_full        {full:>8}   (each with suggestions)")
    print(f"other answers                 {len(other):>8}   {sorted(set(other))[:5]}")
    print(f"bookings stored / slot tally  {stored:>8} / {tally}")
    print(f"wall time                     {wall:>8.2f} s")
    print(f"throughput                    {len(results) / wall:>8.0f} requests/s")
    if latencies:
        p50 = statistics.median(latencies)
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        print(f"latency p50 / p99 / max       {p50:>8.0f} / {p99:.0f} / {latencies[-1]:.0f} ms")
    if accepted != args.places or stored != args.places or other:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
