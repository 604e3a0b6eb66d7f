"""Public tracking lookups over HTTP beside the public ticket page, in the same run.

    .venv/bin/python benchmarks/tracking_http.py [--seconds 10] [--clients 16]

PostgreSQL, `mpp serve --workers 2`, the demo MPP tangerang (always open, no quotas) with
`--applications` applications (default 2,000, spread over the e-service services, inserted
directly: this measures reading them) and 200 tickets waiting. wrk asks, for random codes:

1. `GET /api/v1/track/{code}` (the contract's tracking view: the application, its service and
   agency, the timeline);
2. `GET /lacak/{code}/` (the citizen's tracking page);
3. the reference: `GET /antrean/t/{id}/` (the public ticket page, the rate issue #10 compares
   with); the target is that (1) keeps at least half of (3)'s rate.

Rate limits are lifted for the run (every request comes from 127.0.0.1). Needs wrk and
PostgreSQL at postgres://postgres@127.0.0.1:5432 (trust); creates and drops mpp_bench.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from queue_http import DB, PG, PORT, PY, ROOT, lua_list, psql, wrk_lua  # noqa: E402

SETUP = r"""
import datetime, json, secrets, django
django.setup()
from django.utils import timezone
from mpp.applications.models import Application, ApplicationEvent
from mpp.catalog.calendar import site_today
from mpp.demo.loader import demo_load
from mpp.lib.codes import code_new
from mpp.lib.nik import nik_digest, nik_mask
from mpp.queueing.models import Ticket
from mpp.queueing.services import ticket_issue
site = demo_load(profile="tangerang", password="bench-password-2026", always_open=True,
                 no_quotas=True)
services = [s for s in site.services.select_related("agency") if "e_service" in s.channels]
now, today = timezone.now(), site_today(site)
rows, codes = [], set()
while len(codes) < {count}:
    codes.add(code_new())
for n, code in enumerate(sorted(codes)):
    service = services[n % len(services)]
    nik = f"320101120385{{n % 9999 + 1:04d}}"
    rows.append(Application(
        tracking_code=code, site=site, agency=service.agency, service=service,
        channel="e_service", status="processing", applicant_name=f"Warga {{n}}",
        nik_digest=nik_digest(nik), nik_masked=nik_mask(nik), phone="+6281234567890",
        received_at=now, received_on=today, due_date_initial=today, due_date=today,
        receipt_secret=secrets.token_urlsafe(32)))
Application.objects.bulk_create(rows, batch_size=1000)
events = []
for application in Application.objects.filter(site=site):
    for action, before, after in (("create", "", "received"), ("process", "received",
                                                                "processing")):
        events.append(ApplicationEvent(application=application, action=action,
                                       from_status=before, to_status=after, at=now))
ApplicationEvent.objects.bulk_create(events, batch_size=2000)
direct = [s for s in site.services.all() if "direct" in s.channels and s.counters.exists()]
tickets = [ticket_issue(service=direct[n % len(direct)]).public_id for n in range(200)]
print(json.dumps({{"codes": sorted(codes), "tickets": tickets}}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--applications", type=int, default=2000)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing")
    psql(f"DROP DATABASE IF EXISTS {DB}")
    psql(f"CREATE DATABASE {DB}")
    data = tempfile.mkdtemp()
    unlimited = "100000000/60"
    env = {**os.environ, "DATABASE_URL": f"{PG}/{DB}", "MPP_DATA_DIR": data, "MPP_HTTPS": "0",
           "DJANGO_SETTINGS_MODULE": "mpp.settings", "MPP_RATE_PUBLIC": unlimited,
           "MPP_RATE_PUBLIC_PAGES": unlimited, "MPP_RATE_PUBLIC_PAGES_ADDRESS": unlimited}
    subprocess.run([PY, "-m", "mpp.cli", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    ids = json.loads(subprocess.run(
        [PY, "-c", SETUP.format(count=args.applications)], env=env, check=True, cwd=ROOT,
        capture_output=True, text=True).stdout.strip().splitlines()[-1])
    psql("VACUUM ANALYZE", DB)
    server = subprocess.Popen([PY, "-m", "mpp.cli", "serve", "--port", str(PORT), "--workers",
                               "2"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        print(f"PostgreSQL, demo MPP tangerang, {args.applications} applications, mpp serve "
              f"--workers 2, {args.clients} concurrent clients, {args.seconds} s each, the same "
              f"2-core machine as wrk")
        print(f"{'operation':<46}{'ops/s':>9}{'p50':>10}{'p99':>10}{'errors':>8}")
        results = {}
        for label, items, path in (
                ("GET /api/v1/track/{code}", ids["codes"], "/api/v1/track/"),
                ("GET /lacak/{code}/ (tracking page)", ids["codes"], "/lacak/"),
                ("reference: GET /antrean/t/{id}/ (ticket page)", ids["tickets"],
                 "/antrean/t/")):
            suffix = "/" if path != "/api/v1/track/" else ""
            lua = (f"local items = {lua_list(items)}\n"
                   "request = function()\n"
                   f'  return wrk.format("GET", "{path}" .. items[math.random(#items)] .. '
                   f'"{suffix}")\n'
                   "end\n")
            rate, p50, p99, bad = wrk_lua(lua, args.seconds, args.clients)
            results[label] = rate
            print(f"{label:<46}{rate:>9.0f}{p50:>10}{p99:>10}{bad:>8}")
        api, page = results["GET /api/v1/track/{code}"], results[
            "reference: GET /antrean/t/{id}/ (ticket page)"]
        print(f"{'tracking API / ticket page':<46}{api / page:>9.0%}   target: at least 50%")
    finally:
        server.terminate()
        server.wait(timeout=30)
        psql(f"DROP DATABASE IF EXISTS {DB}")


if __name__ == "__main__":
    main()
