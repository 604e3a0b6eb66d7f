"""The application's own CPU per request, in one process: kiosk ticket issue and call-next.

    .venv/bin/python benchmarks/cpu_per_request.py [N]

On PostgreSQL (a fresh database mpp_cpu), the demo MPP tangerang always open without quotas,
every counter open: N ticket issues through Django's test client (the whole request: the
middlewares, routing, auth, the service, the response), then N call-nexts round-robin over the
counters. It prints wall time and this process's CPU time per request: the CPU excludes
PostgreSQL's own, so it is the Python cost of a request, free of the HTTP server and of the
other load a wrk run shares the two cores with. This machine's neighbours move single runs by
up to 30%: compare the least of several runs, tree against tree (PYTHONPATH=<tree>).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

PG = "postgres://postgres@127.0.0.1:5432"
DB = "mpp_cpu"


def psql(sql: str, database: str = "postgres") -> None:
    subprocess.run(["psql", f"{PG}/{database}", "-qc", sql], check=True, capture_output=True)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1500
    psql(f"DROP DATABASE IF EXISTS {DB}")
    psql(f"CREATE DATABASE {DB}")
    os.environ.update(DATABASE_URL=f"{PG}/{DB}", DJANGO_SETTINGS_MODULE="mpp.settings",
                      MPP_HTTPS="0", MPP_DATA_DIR="/tmp/mpp-cpu-bench",
                      ALLOWED_HOSTS="testserver", MPP_RATE_STAFF="100000000/60",
                      MPP_RATE_PUBLIC="100000000/60")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from mpp.accounts.models import User
    from mpp.accounts.services import token_create
    from mpp.catalog.models import Counter, Service
    from mpp.demo.loader import demo_load
    from mpp.queueing.services import counter_set_open

    call_command("migrate", verbosity=0)
    site = demo_load(profile="tangerang", password="bench-password-2026", always_open=True,
                     no_quotas=True)
    officer_token: dict[int, str] = {}
    for officer in User.objects.filter(site=site, role="officer").order_by("username"):
        officer_token.setdefault(officer.agency_id, token_create(user=officer)[1])
    counters = []
    for counter in Counter.objects.filter(site=site).order_by("code"):
        counter_set_open(counter=counter, is_open=True)
        if counter.agency_id in officer_token and counter.services.exists():
            counters.append((counter.code, officer_token[counter.agency_id]))
    services = [s.code for s in Service.objects.filter(site=site, active=True).order_by("id")
                if "direct" in s.channels and s.counters.exists()]
    kiosk = token_create(user=User.objects.get(site=site, role="kiosk"))[1]
    client = Client()

    def issue(i: int) -> None:
        answer = client.post("/api/v1/sites/tangerang/tickets",
                             data=json.dumps({"service": services[i % len(services)]}),
                             content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {kiosk}")
        assert answer.status_code == 201, answer.content

    def call(i: int) -> None:
        code, token = counters[i % len(counters)]
        answer = client.post(f"/api/v1/sites/tangerang/counters/{code}/call-next",
                             HTTP_AUTHORIZATION=f"Bearer {token}")
        assert answer.status_code in (200, 204), answer.content

    def timed(label: str, work) -> None:
        work(0)  # warm
        wall, cpu = time.perf_counter(), time.process_time()
        for i in range(n):
            work(i)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"{label:<14} wall {wall / n * 1e3:6.2f} ms   process CPU {cpu / n * 1e3:6.2f} ms "
              f"per request ({n} requests)")

    timed("ticket issue", issue)
    psql("VACUUM ANALYZE", DB)
    timed("call-next", call)
    connection.close()
    psql(f"DROP DATABASE IF EXISTS {DB}")


if __name__ == "__main__":
    main()
