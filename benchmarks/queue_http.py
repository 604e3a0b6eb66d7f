"""The queue over HTTP on PostgreSQL with 2 workers, beside the same SQL run directly.

    .venv/bin/python benchmarks/queue_http.py [--seconds 10] [--clients 16] [--displays 500]

The demo MPP `tangerang` (18 agencies, 121 services) is loaded always open and without quotas
(`mpp loaddemo tangerang --always-open --no-quotas`), every counter opened.

Each timed run, over HTTP or direct, starts from the same queue: emptied, refilled the same way,
then VACUUM ANALYZE (see reset_queue).

1. Ticket issue: wrk POSTs /api/v1/sites/tangerang/tickets with the kiosk's token for random
   services (ops/s, p50, p99); then pgbench runs, directly, the same statements one such
   request runs (health check, token, site, service; the transaction: lock the service,
   closed days, take the number, insert the ticket, its event row, the live event with its
   NOTIFY; the response's position and estimate reads): the reference. The target is at
   least half of the direct rate.
2. Call-next: wrk POSTs call-next round-robin over the counters with their agency officer's
   token (pick, conditional UPDATE with its history row, live event with its NOTIFY), beside
   pgbench running its statements directly, 200 citizens waiting per service.
3. Display fan-out: N clients hold the site's event stream open (SSE, on the stream server
   that `mpp serve` runs on its port + 1, as nginx would route them); the script calls
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
import hashlib, json, django
django.setup()
from mpp.accounts.models import User
from mpp.accounts.services import token_create
from mpp.demo.loader import demo_load
from mpp.catalog.models import Counter, Service
from mpp.queueing.services import counter_set_open
site = demo_load(profile="tangerang", password="bench-password-2026", always_open=True,
                 no_quotas=True)
kiosk = User.objects.get(site=site, role="kiosk")
officer_token = {}
for officer in User.objects.filter(site=site, role="officer").order_by("username"):
    officer_token.setdefault(officer.agency_id, token_create(user=officer)[1])
counters = []
for counter in Counter.objects.filter(site=site).order_by("code"):
    counter_set_open(counter=counter, is_open=True)
    if counter.agency_id in officer_token and counter.services.exists():
        counters.append([counter.code, officer_token[counter.agency_id]])
services = [s.code for s in Service.objects.filter(site=site, active=True).order_by("id")
            if "direct" in s.channels and s.counters.exists()]
kiosk_token = token_create(user=kiosk)[1]
print(json.dumps({"kiosk": kiosk_token, "counters": counters, "services": services,
                  "site": site.pk, "nservices": Service.objects.filter(site=site).count(),
                  "ncounters": Counter.objects.filter(site=site).count(),
                  "digest": hashlib.sha256(kiosk_token.encode()).hexdigest()}))
"""

# The statements one ticket-issue request runs (see CaptureQueriesContext in the tests), in
# the same order, as one pgbench transaction script: Django's connection health check, token,
# site, service; the locked transaction (service row, closed days, number, ticket, its event,
# the live event with its NOTIFY); then the response's position and estimate reads.
ISSUE_SQL = """\\set n random(1, {nservices})
SELECT 1;
SELECT t.*, u.*, CASE WHEN t.last_used_at IS NULL OR t.last_used_at < now() - interval '60 seconds' THEN 1 ELSE 0 END FROM accounts_apitoken t JOIN accounts_user u ON u.id = t.user_id WHERE t.digest = '{digest}' AND t.revoked_at IS NULL AND u.is_active AND (t.expires_at IS NULL OR t.expires_at > now());
SELECT * FROM catalog_site s WHERE s.slug = 'tangerang';
SELECT s.*, a.*, s.id AS sid, a.id AS aid FROM catalog_service s JOIN catalog_agency a ON a.id = s.agency_id WHERE s.site_id = {site} AND s.code = {service_code} \\gset
BEGIN;
SELECT s.*, a.* FROM catalog_service s JOIN catalog_agency a ON a.id = s.agency_id WHERE s.id = :sid FOR UPDATE OF s;
SELECT d.* FROM catalog_closedday d WHERE d.site_id = {site};
INSERT INTO queueing_ticketsequence (site_id, prefix, day, last_number) SELECT {site}, prefix, (now() AT TIME ZONE 'Asia/Jakarta')::date, 1 FROM catalog_service WHERE id = :sid ON CONFLICT (site_id, prefix, day) DO UPDATE SET last_number = queueing_ticketsequence.last_number + 1 RETURNING last_number \\gset
INSERT INTO queueing_ticket (public_id, site_id, service_id, day, prefix, number, lane, source, status, counter_id, recalls, arrived_at, queued_at, called_at, started_at, finished_at, issued_by_id) SELECT 'pb' || :sid || '-' || :last_number, {site}, :sid, (now() AT TIME ZONE 'Asia/Jakarta')::date, prefix, :last_number, 'regular', 'kiosk', 'waiting', NULL, 0, now(), now(), NULL, NULL, NULL, NULL FROM catalog_service WHERE id = :sid RETURNING id AS tid \\gset
INSERT INTO queueing_ticketevent (ticket_id, action, from_status, to_status, service_id, counter_id, actor_id, at, data) VALUES (:tid, 'issue', '', 'waiting', :sid, NULL, NULL, now(), '{{"lane": "regular", "source": "kiosk"}}');
WITH v (site_id, name, data, at) AS (VALUES ({site}::bigint, 'ticket.issued', '{payload}'::text, now())), next AS (INSERT INTO realtime_sitestream (site_id, last_id) SELECT site_id, 1 FROM v ON CONFLICT (site_id) DO UPDATE SET last_id = realtime_sitestream.last_id + 1 RETURNING last_id), row AS (INSERT INTO realtime_event (site_id, seq, name, data, at) SELECT v.site_id, next.last_id + 1000000000, v.name, v.data::jsonb, v.at FROM v, next RETURNING id, seq) SELECT row.id, row.seq, pg_notify('mpp_bench', CASE WHEN true THEN json_build_array(v.site_id, row.seq, v.name, v.data)::text ELSE json_build_array(v.site_id, row.seq)::text END) FROM row, v;
COMMIT;
SELECT COUNT(*) FROM queueing_ticket t, queueing_ticket me WHERE me.id = :tid AND t.service_id = me.service_id AND t.day = me.day AND t.status = 'waiting' AND (t.lane IN ('appointment', 'priority') OR (t.lane = me.lane AND (t.arrived_at < me.arrived_at OR (t.arrived_at = me.arrived_at AND t.id < me.id))));
SELECT cs.counter_id, c.agency_id, c.is_open, cs.service_id, s.expected_minutes FROM catalog_counterservice cs JOIN catalog_counter c ON c.id = cs.counter_id JOIN catalog_service s ON s.id = cs.service_id WHERE c.site_id = {site} AND c.agency_id IN (:aid) ORDER BY cs.counter_id, cs.position, cs.id;
SELECT t.id, t.service_id, s.agency_id, s.expected_minutes, t.lane FROM queueing_ticket t JOIN catalog_service s ON s.id = t.service_id WHERE t.site_id = {site} AND t.day = (now() AT TIME ZONE 'Asia/Jakarta')::date AND t.status = 'waiting' AND s.agency_id IN (:aid) ORDER BY t.arrived_at, t.id;
SELECT t.service_id, s.agency_id, t.counter_id, t.called_at FROM queueing_ticket t JOIN catalog_service s ON s.id = t.service_id WHERE t.site_id = {site} AND t.day = (now() AT TIME ZONE 'Asia/Jakarta')::date AND t.status IN ('called', 'serving') AND t.counter_id IS NOT NULL AND t.called_at IS NOT NULL AND s.agency_id IN (:aid);
SELECT t.service_id, s.agency_id, t.counter_id, t.called_at, t.finished_at FROM queueing_ticket t JOIN catalog_service s ON s.id = t.service_id WHERE t.site_id = {site} AND t.day = (now() AT TIME ZONE 'Asia/Jakarta')::date AND t.status = 'done' AND t.called_at IS NOT NULL AND t.finished_at IS NOT NULL AND s.agency_id IN (:aid) ORDER BY t.finished_at DESC LIMIT 400;
"""

# The statements of one call-next request, in order (see the test that counts them): Django's
# connection health check, token, the counter with its site; the transaction: the next waiting ticket by
# lane and arrival with its service and agency (skipping tickets another counter is calling),
# the conditional update with the ticket's history row, then the live event with its NOTIFY.
CALL_SQL = """\\set n random(1, {ncounters})
SELECT 1;
SELECT t.*, u.*, CASE WHEN t.last_used_at IS NULL OR t.last_used_at < now() - interval '60 seconds' THEN 1 ELSE 0 END FROM accounts_apitoken t JOIN accounts_user u ON u.id = t.user_id WHERE t.digest = '{digest}' AND t.revoked_at IS NULL AND u.is_active AND (t.expires_at IS NULL OR t.expires_at > now());
SELECT c.*, s.*, c.id AS cid FROM catalog_counter c JOIN catalog_site s ON s.id = c.site_id WHERE s.slug = 'tangerang' AND c.code = {counter_code} \\gset
BEGIN;
SELECT t.*, s.*, a.*, t.id AS tid FROM (SELECT t.id FROM queueing_ticket t WHERE t.service_id IN (SELECT service_id FROM catalog_counterservice WHERE counter_id = :cid) AND t.status = 'waiting' AND t.day = (now() AT TIME ZONE 'Asia/Jakarta')::date ORDER BY CASE t.lane WHEN 'appointment' THEN 0 WHEN 'priority' THEN 1 ELSE 2 END, t.arrived_at, t.id LIMIT 1 FOR UPDATE SKIP LOCKED) pick JOIN queueing_ticket t ON t.id = pick.id JOIN catalog_service s ON s.id = t.service_id JOIN catalog_agency a ON a.id = s.agency_id \\gset
WITH called AS (UPDATE queueing_ticket SET status = 'called', counter_id = :cid, called_at = now(), recalls = 0 WHERE id = :tid AND status = 'waiting' RETURNING id, service_id) INSERT INTO queueing_ticketevent (ticket_id, action, from_status, to_status, service_id, counter_id, actor_id, at, data) SELECT id, 'call', 'waiting', 'called', service_id, :cid, NULL, now(), '{{}}' FROM called;
WITH v (site_id, name, data, at) AS (VALUES ({site}::bigint, 'ticket.called', '{payload}'::text, now())), next AS (INSERT INTO realtime_sitestream (site_id, last_id) SELECT site_id, 1 FROM v ON CONFLICT (site_id) DO UPDATE SET last_id = realtime_sitestream.last_id + 1 RETURNING last_id), row AS (INSERT INTO realtime_event (site_id, seq, name, data, at) SELECT v.site_id, next.last_id + 2000000000, v.name, v.data::jsonb, v.at FROM v, next RETURNING id, seq) SELECT row.id, row.seq, pg_notify('mpp_bench', CASE WHEN true THEN json_build_array(v.site_id, row.seq, v.name, v.data)::text ELSE json_build_array(v.site_id, row.seq)::text END) FROM row, v;
COMMIT;
"""

# What a display receives for a new ticket and for a call (mpp.queueing.services.event_data).
ISSUE_PAYLOAD = json.dumps({
    "ticket": "k3m9x2p4q7rt", "number": "A-012", "status": "waiting", "lane": "regular",
    "service": "nib-oss", "service_name": "Pendampingan Penerbitan NIB melalui OSS RBA",
    "agency": "dpmptsp", "agency_name": "DPMPTSP", "counter": None, "counter_name": None,
    "floor": None}, separators=(",", ":"))
CALL_PAYLOAD = json.dumps({
    "ticket": "k3m9x2p4q7rt", "number": "A-012", "status": "called", "lane": "regular",
    "service": "nib-oss", "service_name": "Pendampingan Penerbitan NIB melalui OSS RBA",
    "agency": "dpmptsp", "agency_name": "DPMPTSP", "counter": "L01",
    "counter_name": "Loket 1 Perizinan", "floor": "1",
    "speech": "Nomor antrean A nol satu dua, silakan menuju Loket 1 Perizinan"},
    separators=(",", ":"))


FILL_SQL = """INSERT INTO queueing_ticket (public_id, site_id, service_id, day, prefix, number,
  lane, source, status, recalls, arrived_at, queued_at)
SELECT 'fill' || s.id || '-' || g, s.site_id, s.id, (now() AT TIME ZONE 'Asia/Jakarta')::date,
  s.prefix, 100000 + s.id * 1000 + g, 'regular', 'kiosk', 'waiting', 0, now(), now()
FROM catalog_service s, generate_series(1, 200) g WHERE s.site_id = {site}"""


CALLED_SQL = "SELECT count(*) FROM queueing_ticketevent WHERE action = 'call'"


def psql_value(sql: str) -> int:
    out = subprocess.run(["psql", f"{PG}/{DB}", "-tAc", sql], check=True,
                         capture_output=True, text=True).stdout
    return int(out.strip())


def reset_queue(fill: str | None = None) -> None:
    """The same starting point for each timed run, HTTP or direct: no tickets, no events, the
    numbering restarted, then `fill` if given; VACUUM ANALYZE last (this machine's PostgreSQL
    runs no autovacuum: without it, the run that comes second would meet the dead rows and
    stale statistics the first left behind)."""
    for sql in ("TRUNCATE queueing_ticketevent, realtime_event, queueing_ticket, "
                "queueing_ticketsequence CASCADE", fill, "VACUUM ANALYZE"):
        if sql:
            psql(sql, DB)


def psql(sql: str, database: str = "postgres") -> None:
    subprocess.run(["psql", f"{PG}/{database}", "-qc", sql], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wrk_lua(lua: str, seconds: int, clients: int):
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write(lua)
    script.close()
    run = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--latency", "-s",
                          script.name, f"http://127.0.0.1:{PORT}/"],
                         capture_output=True, text=True, check=True)
    out = run.stdout
    if "error" in run.stderr.lower() or "Requests/sec" not in out:
        raise SystemExit(f"wrk failed:\n{run.stdout}\n{run.stderr}")
    os.unlink(script.name)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, p50, p99, int(non2xx.group(1)) if non2xx else 0


def lua_list(items) -> str:
    """A Python list (of strings or of lists of strings) as a Lua table literal."""
    def one(item):
        return lua_list(item) if isinstance(item, (list, tuple)) else json.dumps(item)
    return "{" + ", ".join(one(item) for item in items) + "}"


def pgbench(sql: str, seconds: int, clients: int):
    script = tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False)
    script.write(sql)
    script.close()
    run = subprocess.run(["pgbench", "-n", "-c", str(clients), "-j", "2", "-T", str(seconds),
                          "-f", script.name, f"{PG}/{DB}"], capture_output=True, text=True)
    os.unlink(script.name)
    out = run.stdout
    if "tps = " not in out:
        raise SystemExit(f"pgbench failed:\n{run.stdout}\n{run.stderr}")
    tps = float(re.search(r"tps = ([\d.]+)", out).group(1))
    lat = re.search(r"latency average = ([\d.]+) ms", out).group(1)
    return tps, lat


async def display(index: int, arrivals: dict, ready: asyncio.Event, connected: list):
    # the stream server that `mpp serve` starts on its port + 1 (gunicorn holds few streams)
    reader, writer = await asyncio.open_connection("127.0.0.1", PORT + 1)
    writer.write(b"GET /api/v1/sites/tangerang/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
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


async def fanout(displays: int, counters: list, kiosk: str, services: list[str], calls: int):
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
        counter, token = counters[i % len(counters)]
        started = time.perf_counter()
        response = await loop.run_in_executor(
            None, lambda counter=counter, token=token: post(
                f"/api/v1/sites/tangerang/counters/{counter}/call-next", token))
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
    if os.environ.get("FANOUT_DETAIL"):
        for number, started in sorted(sent.items(), key=lambda item: item[1]):
            times = sorted((t - started) * 1000 for t in arrivals.get(number, []))
            if times:
                print(f"    {number}: {len(times)} deliveries, first {times[0]:.0f} ms, "
                      f"median {times[len(times) // 2]:.0f} ms, last {times[-1]:.0f} ms")
    return len(connected), len(sent), complete, sorted(delays)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--displays", type=int, default=500)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--threads", type=int, default=0,
                        help="threads per worker (default: enough for the displays + 64)")
    args = parser.parse_args()
    for tool in ("wrk", "pgbench", "psql"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing")
    psql(f"DROP DATABASE IF EXISTS {DB}")
    psql(f"CREATE DATABASE {DB}")
    data = tempfile.mkdtemp()
    env = {**os.environ, "DATABASE_URL": f"{PG}/{DB}", "MPP_DATA_DIR": data, "MPP_HTTPS": "0",
           "MPP_STREAMS_PER_CLIENT": "100000",  # every display comes from 127.0.0.1 here
           "DJANGO_SETTINGS_MODULE": "mpp.settings", "MPP_RATE_STAFF": "100000000/60",
           "MPP_RATE_PUBLIC": "100000000/60", "MPP_RATE_INTEGRATOR": "100000000/60"}
    subprocess.run([PY, "-m", "mpp.cli", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    ids = json.loads(subprocess.run([PY, "-c", SETUP], env=env, check=True, cwd=ROOT,
                                    capture_output=True, text=True).stdout.strip()
                     .splitlines()[-1])
    threads = args.threads or max(64, args.displays // 2 + 64)
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
        print(f"PostgreSQL, demo MPP tangerang (always open, no quotas), mpp serve --workers 2 "
              f"--threads {threads} (gunicorn gthread), {args.clients} concurrent clients, "
              f"{args.seconds} s each, same 2-core machine; each run starts from the same "
              f"queue (emptied, refilled, VACUUM ANALYZE)")
        print(f"{'operation':<44}{'ops/s':>9}{'p50':>10}{'p99':>10}{'errors':>8}")
        issue_lua = (
            f'local services = {lua_list(ids["services"])}\n'
            'request = function()\n'
            '  local code = services[math.random(#services)]\n'
            '  return wrk.format("POST", "/api/v1/sites/tangerang/tickets", '
            f'{{["Authorization"] = "Bearer {ids["kiosk"]}", '
            '["Content-Type"] = "application/json"}, \'{"service": "\' .. code .. \'"}\')\n'
            'end\n')
        reset_queue()
        rate, p50, p99, bad = wrk_lua(issue_lua, args.seconds, args.clients)
        print(f"{'ticket issue over HTTP':<44}{rate:>9.0f}{p50:>10}{p99:>10}{bad:>8}")
        reset_queue()
        # the service of each transaction: one of those wrk asks for, drawn at random
        service_code = "(CASE :n " + " ".join(
            f"WHEN {i} THEN '{code}'" for i, code in enumerate(ids["services"], 1)) + " END)"
        tps, lat = pgbench(ISSUE_SQL.format(**{**ids, "nservices": len(ids["services"])},
                                            payload=ISSUE_PAYLOAD, service_code=service_code),
                           args.seconds, args.clients)
        print(f"{'  same statements, pgbench direct':<44}{tps:>9.0f}{lat + ' ms':>10}{'(avg)':>10}")
        print(f"{'  HTTP / direct':<44}{rate / tps:>9.0%}")
        # Call-next needs citizens waiting at every counter for the whole run (and for the
        # pgbench run after it): 200 waiting tickets per service, inserted directly.
        reset_queue(FILL_SQL.format(**ids))
        call_lua = (
            f'local counters = {lua_list(ids["counters"])}\n'
            'local n = 0\n'
            'request = function()\n'
            '  n = n + 1\n'
            '  local c = counters[(n % #counters) + 1]\n'
            '  return wrk.format("POST", "/api/v1/sites/tangerang/counters/" .. c[1] .. '
            '"/call-next", {["Authorization"] = "Bearer " .. c[2], '
            '["Content-Type"] = "application/json"}, "{}")\n'
            'end\n')
        called_before = psql_value(CALLED_SQL)
        rate, p50, p99, bad = wrk_lua(call_lua, args.seconds, args.clients)
        called = psql_value(CALLED_SQL) - called_before
        print(f"{'call-next over HTTP (' + str(len(ids['counters'])) + ' counters)':<44}"
              f"{rate:>9.0f}{p50:>10}{p99:>10}{bad:>8}")
        print(f"{'  (calls that found a citizen: ' + str(called) + ' = ' + f'{called / max(rate * args.seconds, 1):.0%}' + ')':<44}")
        reset_queue(FILL_SQL.format(**ids))
        # the counter of each transaction: one of those wrk calls at, drawn at random
        counter_code = "(CASE :n " + " ".join(
            f"WHEN {i} THEN '{code}'" for i, (code, _token) in enumerate(ids["counters"], 1)
        ) + " END)"
        tps, lat = pgbench(CALL_SQL.format(**{**ids, "ncounters": len(ids["counters"])},
                                           payload=CALL_PAYLOAD, counter_code=counter_code),
                           args.seconds, args.clients)
        print(f"{'  same statements, pgbench direct':<44}{tps:>9.0f}{lat + ' ms':>10}{'(avg)':>10}")
        print(f"{'  HTTP / direct':<44}{rate / tps:>9.0%}")
        if args.displays:
            # pgbench's live-event rows (ids far above the site's own) must not be what the
            # displays and the workers' hubs replay: the fan-out starts from a clean queue too.
            reset_queue(FILL_SQL.format(**ids))
            connected, calls, complete, delays = asyncio.run(
                fanout(args.displays, ids["counters"], ids["kiosk"], ids["services"], args.calls))
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
