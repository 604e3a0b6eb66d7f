"""The queue over HTTP on PostgreSQL with 2 workers, beside the same SQL run directly.

    .venv/bin/python benchmarks/queue_http.py [--seconds 10] [--clients 16] [--displays 500]

1. Ticket issue: wrk POSTs /api/v1/sites/bench/tickets with a kiosk token (ops/s, p50, p99),
   then pgbench runs the same SQL transaction (lock the service, count today's tickets, take
   the number, insert the ticket, its event row and the live event) directly: the reference.
   The target is at least half of the direct rate.
2. Call-next: wrk POSTs call-next round-robin over 8 open counters (each call is a
   conditional UPDATE + event rows), beside pgbench running that transaction directly.
3. Display fan-out: N clients hold the site's event stream open (SSE); the script calls
   tickets one by one and measures, per delivered event, the delay from sending the call to
   its arrival at each display (p50, p99, max), and whether every display got every call.

Needs wrk and pgbench (Debian packages wrk and postgresql-client) and PostgreSQL at
postgres://postgres@127.0.0.1:5432 (trust). It creates and drops the database mpp_bench.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = sys.executable
PG = "postgres://postgres@127.0.0.1:5432"
DB = "mpp_bench"
PORT = 8766

SETUP = r"""
import json, django
django.setup()
from datetime import time
from mpp.accounts.models import Role
from mpp.accounts.services import token_create, user_create
from mpp.catalog import services as c
site = c.site_create(slug="bench", name="MPP Bench", open_days=[1,2,3,4,5,6,7],
                     opens_at=time(0, 0), closes_at=time(23, 59))
agency = c.agency_create(site=site, slug="disdukcapil", name="Disdukcapil", kind="opd",
                         open_days=[1,2,3,4,5,6,7], opens_at=time(0, 0), closes_at=time(23, 59))
service = c.service_create(agency=agency, code="ktp", name="KTP-el", prefix="A",
                           requirements=["KK"], walkin_quota=None)
from mpp.queueing.services import counter_set_open
counters = []
for i in range(1, 9):
    counter = c.counter_create(agency=agency, code=f"L{i:02d}", name=f"Loket {i}",
                               services=[service])
    counter_set_open(counter=counter, is_open=True)
    counters.append(counter.code)
kiosk = user_create(username="kiosk", password="x-bench-12345", role=Role.KIOSK, site=site,
                    check_password=False)
officer = user_create(username="officer", password="x-bench-12345", role=Role.OFFICER,
                      site=site, agency=agency, check_password=False)
print(json.dumps({"kiosk": token_create(user=kiosk)[1], "officer": token_create(user=officer)[1],
                  "counters": counters, "site": site.pk, "service": service.pk,
                  "agency": agency.pk}))
"""

ISSUE_SQL = """\\set pid random(1, 1000000000)
BEGIN;
SELECT id FROM catalog_service WHERE id = {service} FOR UPDATE;
SELECT count(*) FROM queueing_ticket WHERE service_id = {service} AND day = CURRENT_DATE AND lane <> 'appointment';
INSERT INTO queueing_ticketsequence (site_id, prefix, day, last_number) VALUES ({site}, 'Z', CURRENT_DATE, 1) ON CONFLICT (site_id, prefix, day) DO UPDATE SET last_number = queueing_ticketsequence.last_number + 1 RETURNING last_number \\gset
INSERT INTO queueing_ticket (public_id, site_id, service_id, day, prefix, number, lane, source, status, recalls, arrived_at, queued_at) VALUES ('p' || :client_id || '-' || :last_number, {site}, {service}, CURRENT_DATE, 'Z', :last_number, 'regular', 'kiosk', 'waiting', 0, now(), now()) RETURNING id AS tid \\gset
INSERT INTO queueing_ticketevent (ticket_id, action, from_status, to_status, service_id, at, data) VALUES (:tid, 'issue', '', 'waiting', {service}, now(), '{{}}');
INSERT INTO realtime_sitestream (site_id, last_id) VALUES ({site}, 1) ON CONFLICT (site_id) DO UPDATE SET last_id = realtime_sitestream.last_id + 1 RETURNING last_id \\gset
INSERT INTO realtime_event (site_id, seq, name, data, at) VALUES ({site}, :last_id + 1000000000, 'ticket.issued', '{{"number": "Z"}}', now());
COMMIT;
"""

CALL_SQL = """\\set c random(1, 8)
BEGIN;
SELECT id FROM queueing_ticket WHERE service_id = {service} AND day = CURRENT_DATE AND status = 'waiting' AND prefix = 'Z' ORDER BY arrived_at, id LIMIT 1 \\gset
UPDATE queueing_ticket SET status = 'called', called_at = now(), recalls = 0 WHERE id = :id AND status = 'waiting';
INSERT INTO queueing_ticketevent (ticket_id, action, from_status, to_status, service_id, at, data) VALUES (:id, 'call', 'waiting', 'called', {service}, now(), '{{}}');
INSERT INTO realtime_sitestream (site_id, last_id) VALUES ({site}, 1) ON CONFLICT (site_id) DO UPDATE SET last_id = realtime_sitestream.last_id + 1 RETURNING last_id \\gset
INSERT INTO realtime_event (site_id, seq, name, data, at) VALUES ({site}, :last_id + 2000000000, 'ticket.called', '{{"number": "Z"}}', now());
COMMIT;
"""


def psql(sql: str) -> None:
    subprocess.run(["psql", f"{PG}/postgres", "-qc", sql], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wrk_post(path: str, token: str, body_lua: str, seconds: int, clients: int):
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write(f"""
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer {token}"
wrk.headers["Content-Type"] = "application/json"
{body_lua}
""")
    script.close()
    out = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--latency", "-s",
                          script.name, f"http://127.0.0.1:{PORT}{path}"],
                         capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+(\S+)", out).group(1)
    p99 = re.search(r"99%\s+(\S+)", out).group(1)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, p50, p99, int(non2xx.group(1)) if non2xx else 0


def pgbench(sql: str, seconds: int, clients: int):
    script = tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False)
    script.write(sql)
    script.close()
    out = subprocess.run(["pgbench", "-n", "-c", str(clients), "-j", "2", "-T", str(seconds),
                          "-r", "-f", script.name, f"{PG}/{DB}"],
                         capture_output=True, text=True).stdout
    os.unlink(script.name)
    tps = float(re.search(r"tps = ([\d.]+)", out).group(1))
    lat = re.search(r"latency average = ([\d.]+) ms", out).group(1)
    return tps, lat


async def display(index: int, arrivals: dict, ready: asyncio.Event, connected: list):
    reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
    writer.write(b"GET /api/v1/sites/bench/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 b"Accept: text/event-stream\r\n\r\n")
    await writer.drain()
    await reader.readuntil(b"\r\n\r\n")
    connected.append(index)
    buffer = b""
    try:
        while True:
            chunk = await reader.read(65536)
            if not chunk:
                return
            buffer += chunk
            while b"\n\n" in buffer:
                frame, buffer = buffer.split(b"\n\n", 1)
                text = frame.decode(errors="replace")
                if "event: ticket.called" in text:
                    data = json.loads(text.split("data: ", 1)[1].split("\n", 1)[0])
                    arrivals.setdefault(data["number"], []).append(time.perf_counter())
    except asyncio.CancelledError:
        writer.close()


async def fanout(displays: int, officer: str, counters: list[str], kiosk: str, calls: int):
    arrivals: dict[str, list[float]] = {}
    connected: list[int] = []
    ready = asyncio.Event()
    tasks = []
    for i in range(displays):
        tasks.append(asyncio.create_task(display(i, arrivals, ready, connected)))
        if i % 50 == 49:
            await asyncio.sleep(0.05)
    for _ in range(200):
        if len(connected) == displays:
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(1.0)
    sent: dict[str, float] = {}
    loop = asyncio.get_running_loop()

    def post(path, token, body=None):
        request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", method="POST",
                                         data=json.dumps(body or {}).encode(),
                                         headers={"Authorization": f"Bearer {token}",
                                                  "Content-Type": "application/json"})
        return urllib.request.urlopen(request, timeout=30)

    for i in range(calls):
        await loop.run_in_executor(None, lambda: post("/api/v1/sites/bench/tickets", kiosk,
                                                      {"service": "ktp"}).read())
    for i in range(calls):
        counter = counters[i % len(counters)]
        started = time.perf_counter()
        response = await loop.run_in_executor(
            None, lambda: post(f"/api/v1/sites/bench/counters/{counter}/call-next", officer))
        body = response.read()
        if response.status == 200:
            sent[json.loads(body)["number"]] = started
        await asyncio.sleep(0.3)
    await asyncio.sleep(2.0)
    for task in tasks:
        task.cancel()
    delays = [(t - sent[number]) * 1000 for number, times in arrivals.items()
              if number in sent for t in times]
    complete = sum(1 for number in sent if len(arrivals.get(number, [])) == len(connected))
    return len(connected), len(sent), complete, sorted(delays)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--displays", type=int, default=500)
    parser.add_argument("--calls", type=int, default=20)
    args = parser.parse_args()
    for tool in ("wrk", "pgbench", "psql"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing")
    psql(f"DROP DATABASE IF EXISTS {DB}")
    psql(f"CREATE DATABASE {DB}")
    data = tempfile.mkdtemp()
    env = {**os.environ, "DATABASE_URL": f"{PG}/{DB}", "MPP_DATA_DIR": data, "MPP_HTTPS": "0",
           "DJANGO_SETTINGS_MODULE": "mpp.settings", "MPP_RATE_STAFF": "100000000/60",
           "MPP_RATE_PUBLIC": "100000000/60", "MPP_RATE_INTEGRATOR": "100000000/60"}
    subprocess.run([PY, "-m", "mpp.cli", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    ids = json.loads(subprocess.run([PY, "-c", SETUP], env=env, check=True, cwd=ROOT,
                                    capture_output=True, text=True).stdout.strip()
                     .splitlines()[-1])
    threads = max(64, args.displays // 2 + 64)
    server = subprocess.Popen([PY, "-m", "mpp.cli", "serve", "--port", str(PORT), "--workers",
                               "2", "--threads", str(threads)], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        print(f"PostgreSQL, mpp serve --workers 2 --threads {threads} (gunicorn gthread), "
              f"{args.clients} concurrent clients, {args.seconds} s each, same 2-core machine")
        print(f"{'operation':<44}{'ops/s':>9}{'p50':>10}{'p99':>10}{'errors':>8}")
        rate, p50, p99, bad = wrk_post("/api/v1/sites/bench/tickets", ids["kiosk"],
                                       'wrk.body = \'{"service": "ktp"}\'', args.seconds,
                                       args.clients)
        print(f"{'ticket issue over HTTP':<44}{rate:>9.0f}{p50:>10}{p99:>10}{bad:>8}")
        tps, lat = pgbench(ISSUE_SQL.format(**ids), args.seconds, args.clients)
        print(f"{'  same transaction, pgbench direct':<44}{tps:>9.0f}{lat + ' ms':>10}{'(avg)':>10}")
        print(f"{'  HTTP / direct':<44}{rate / tps:>9.0%}")
        counters = json.dumps(ids["counters"])
        lua = (f"local counters = {counters.replace('[', '{').replace(']', '}')}\n"
               "local n = 0\nrequest = function()\n  n = n + 1\n"
               "  local c = counters[(n % #counters) + 1]\n"
               "  return wrk.format(nil, '/api/v1/sites/bench/counters/' .. c .. '/call-next')\n"
               "end\n")
        rate, p50, p99, bad = wrk_post("/", ids["officer"], lua, args.seconds, args.clients)
        print(f"{'call-next over HTTP (8 counters)':<44}{rate:>9.0f}{p50:>10}{p99:>10}{bad:>8}")
        tps, lat = pgbench(CALL_SQL.format(**ids), args.seconds, args.clients)
        print(f"{'  same transaction, pgbench direct':<44}{tps:>9.0f}{lat + ' ms':>10}{'(avg)':>10}")
        print(f"{'  HTTP / direct':<44}{rate / tps:>9.0%}")
        if args.displays:
            connected, calls, complete, delays = asyncio.run(
                fanout(args.displays, ids["officer"], ids["counters"], ids["kiosk"], args.calls))
            if delays:
                p50 = statistics.median(delays)
                p99 = delays[min(len(delays) - 1, int(len(delays) * 0.99))]
                print(f"\nDisplay fan-out: {connected} SSE clients connected, {calls} calls, "
                      f"{complete} reached every client")
                print(f"  delay from call-next sent to event received: p50 {p50:.0f} ms, "
                      f"p99 {p99:.0f} ms, max {delays[-1]:.0f} ms ({len(delays)} deliveries)")
            else:
                print(f"\nDisplay fan-out: {connected} connected, no delivery measured")
    finally:
        server.terminate()
        server.wait()
        time.sleep(0.5)
        psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
