"""The site keeps answering while thousands of event streams are open and someone floods the
sign-in: kiosk ticket issue and the public ticket page, through nginx, alone and then beside
N open event streams and a login flood.

    .venv/bin/python benchmarks/streams_load.py [--streams 2000] [--seconds 20]

Production layout on this machine: Debian's nginx (/usr/sbin/nginx; `scripts/ensure-debian
nginx:/usr/sbin/nginx` installs it) running the shipped deploy/nginx.conf over HTTPS, in front
of `mpp serve --workers 2` (gunicorn, and the stream server on its port + 1), PostgreSQL at
postgres://postgres@127.0.0.1:5432 (trust; the script creates and drops mpp_streams_bench).
Everything on loopback; the clients use many addresses of 127.0.0.0/8, as citizens behind
their carriers would (the per-address caps apply as in production: MPP_STREAMS_PER_CLIENT).

1. Reference, `--seconds` each: kiosks POST /api/v1/sites/{site}/tickets (the kiosk's token, random
   services), then citizens GET their ticket page /antrean/t/{id}/ (`--clients` keep-alive
   clients each, in a process of their own).
2. The same two, while another process holds `--streams` event streams open
   (GET /api/v1/sites/{site}/events, 50 per address from 127.0.10.0/24 on) and a third floods
   POST /api/v1/auth/token with wrong passwords from one address, `--flood-rate` a second
   (nginx answers 429 to all but 30 a minute).
Each measurement starts from the same queue (the set-up's tickets only, statistics fresh:
`reset_queue`), as queue_http.py's do.
3. Both rates and the ratio (the target: at least 80%), how many streams were open, and
   pg_stat_activity sampled every 0.2 s throughout: the most connections seen, per process
   (application_name: mpp-web, mpp-streams, mpp-worker) and in all, against the configured
   budget (MPP_DB_CONNECTIONS, docs/deployment.md).
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import multiprocessing
import os
import random
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from mpp.lib import nginx  # noqa: E402  (plain text rendering; no Django set-up)

PY = sys.executable
PG = "postgres://postgres@127.0.0.1:5432"
DB = "mpp_streams_bench"
NGINX = "/usr/sbin/nginx"

SETUP = r"""
import json, django
django.setup()
from mpp.accounts.models import User
from mpp.accounts.services import token_create
from mpp.catalog.models import Service
from mpp.demo.loader import demo_load
from mpp.queueing.services import ticket_issue
site = demo_load(profile=PROFILE, password="bench-password-2026", always_open=True,
                 no_quotas=True)
services = [s.code for s in Service.objects.filter(site=site, active=True).order_by("id")
            if "direct" in s.channels and s.counters.exists()]
tickets = [ticket_issue(service=Service.objects.get(site=site, code=code)).public_id
           for code in services[:20]]
kiosk = User.objects.get(site=site, role="kiosk")
from mpp.catalog.models import Site
quiet = Site.objects.create(slug="mpp-sepi", name="MPP Sepi")
print(json.dumps({"site": site.slug, "quiet": quiet.slug, "kiosk": token_create(user=kiosk)[1],
                  "services": services, "tickets": tickets}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_port_pair() -> int:
    """A port whose next one is free too (the stream server listens on the app's port + 1)."""
    while True:
        port = free_port()
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port


def wait_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing listens on port {port}")


def https(port: int, source: str) -> http.client.HTTPSConnection:
    return http.client.HTTPSConnection("127.0.0.1", port, timeout=30, source_address=(source, 0),
                                       context=ssl._create_unverified_context())


# --- the measured clients: each runs in its own process ------------------------------------
def _client_loop(kind: str, port: int, ids: dict, seconds: float, source: str, out) -> None:
    conn = https(port, source)
    done = errors = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if kind == "issue":
                body = json.dumps({"service": random.choice(ids["services"])})
                conn.request("POST", f"/api/v1/sites/{ids['site']}/tickets", body=body,
                             headers={"Authorization": f"Bearer {ids['kiosk']}",
                                      "Content-Type": "application/json"})
            else:
                conn.request("GET", f"/antrean/t/{random.choice(ids['tickets'])}/")
            response = conn.getresponse()
            response.read()
            if response.status in (200, 201):
                done += 1
            else:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = https(port, source)
    out.append((done, errors))


def measure(kind: str, port: int, ids: dict, seconds: float, clients: int) -> tuple[float, int]:
    with multiprocessing.Manager() as manager:
        out = manager.list()
        workers = [multiprocessing.Process(
            target=_clients, args=(kind, port, ids, seconds, clients, out)) for _ in range(1)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        done = sum(d for d, _e in out)
        errors = sum(e for _d, e in out)
    return done / seconds, errors


def _clients(kind, port, ids, seconds, clients, out) -> None:
    threads = [threading.Thread(target=_client_loop,
                                args=(kind, port, ids, seconds, f"127.0.2.{n + 1}", out))
               for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


# --- the open streams -----------------------------------------------------------------------
async def _one_stream(port: int, site: str, source: str, opened: list, context) -> None:
    while True:
        try:
            reader, writer = await asyncio.open_connection(
                "127.0.0.1", port, ssl=context, local_addr=(source, 0))
            writer.write(f"GET /api/v1/sites/{site}/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         "Accept: text/event-stream\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            if b" 200 " not in head.split(b"\r\n", 1)[0]:
                writer.close()
                await asyncio.sleep(5)
                continue
            opened[0] += 1
            try:
                while await reader.read(65536):
                    pass
            finally:
                opened[0] -= 1
                writer.close()
        except (OSError, asyncio.IncompleteReadError, ssl.SSLError):
            await asyncio.sleep(1)


def hold_streams(port: int, site: str, count: int, status) -> None:
    async def main():
        context = ssl._create_unverified_context()
        opened = [0]
        tasks = []
        for n in range(count):  # 50 per address, under MPP_STREAMS_PER_CLIENT
            source = f"127.0.{10 + n // 50 // 250}.{n // 50 % 250 + 1}"
            tasks.append(asyncio.create_task(_one_stream(port, site, source, opened, context)))
            if n % 100 == 99:
                await asyncio.sleep(0.05)
        while True:
            status.value = opened[0]
            await asyncio.sleep(0.2)
    asyncio.run(main())


# --- the login flood ------------------------------------------------------------------------
def flood_login(port: int, counts, rate: float) -> None:
    """Wrong passwords from one address at `rate` a second (paced: on this shared machine an
    unpaced client would measure its own CPU, not the server)."""
    def one():
        conn = https(port, "127.0.3.1")
        body = json.dumps({"username": "somebody", "password": "guess"})
        due = time.monotonic()
        while True:
            due += 4 / rate
            time.sleep(max(0.0, due - time.monotonic()))
            try:
                conn.request("POST", "/api/v1/auth/token", body=body,
                             headers={"Content-Type": "application/json"})
                response = conn.getresponse()
                response.read()
                counts[0 if response.status == 429 else 1] += 1
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = https(port, "127.0.3.1")
    threads = [threading.Thread(target=one, daemon=True) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


# --- pg_stat_activity -----------------------------------------------------------------------
class Sampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.most: dict[str, int] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            while not self.stop.is_set():
                rows = conn.execute(
                    "SELECT coalesce(nullif(application_name, ''), '?'), count(*) "
                    "FROM pg_stat_activity WHERE datname = %s GROUP BY 1", [DB]).fetchall()
                total = 0
                for name, count in rows:
                    self.most[name] = max(self.most.get(name, 0), count)
                    total += count
                self.most["all"] = max(self.most.get("all", 0), total)
                self.stop.wait(0.2)


def reset_queue(keep: list[str]) -> None:
    """The same queue before each measurement: the tickets the set-up issued (the ticket
    pages asked for), none of the ones an earlier measurement issued, fresh statistics. The
    cost of a ticket grows with the queue (issue #14): without this, each measurement would
    meet the queue the previous one left, and the loaded ones, coming last, the longest."""
    with psycopg.connect(f"{PG}/{DB}", autocommit=True) as conn:
        conn.execute("DELETE FROM queueing_ticketevent e USING queueing_ticket t WHERE "
                     "e.ticket_id = t.id AND NOT (t.public_id = ANY(%s))", [keep])
        conn.execute("DELETE FROM queueing_ticket WHERE NOT (public_id = ANY(%s))", [keep])
        conn.execute("VACUUM ANALYZE")


def measure_from_reset(kind, port, ids, seconds, clients):
    reset_queue(ids["tickets"])
    return measure(kind, port, ids, seconds, clients)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--streams", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8,
                        help="concurrent kiosks (or citizens) in each measurement")
    parser.add_argument("--flood-rate", type=float, default=200,
                        help="sign-in attempts a second from the flooding client (default "
                             "200: 400 times what nginx lets through)")
    parser.add_argument("--follow", choices=("same", "quiet"), default="same",
                        help="the streams follow the site the kiosks issue tickets at (same: "
                             "every ticket is delivered to every stream) or a quiet site "
                             "(quiet: what merely holding them open costs)")
    parser.add_argument("--profile", default="pandeglang")
    parser.add_argument("--threads", type=int, default=200, help="gunicorn threads per worker")
    parser.add_argument("--db-budget", type=int, default=0,
                        help="the most connections the deployment may open (default: "
                             "MPP_DB_CONNECTIONS, the budget mpp serve is configured with: 60)")
    args = parser.parse_args()
    if not Path(NGINX).exists() or not shutil.which("openssl"):
        raise SystemExit("needs Debian's nginx and openssl: scripts/ensure-debian "
                         "nginx:/usr/sbin/nginx openssl:/usr/bin/openssl")
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB}")
        conn.execute(f"CREATE DATABASE {DB}")
        max_connections = int(conn.execute("SHOW max_connections").fetchone()[0])
        reserved = int(conn.execute("SHOW superuser_reserved_connections").fetchone()[0])
    budget = args.db_budget or int(os.environ.get("MPP_DB_CONNECTIONS", "60"))
    if budget > max_connections - reserved:
        print(f"note: the budget {budget} is above PostgreSQL's {max_connections - reserved}")
    work = Path(tempfile.mkdtemp(prefix="mpp-streams-bench-"))
    env = {**os.environ, "DATABASE_URL": f"{PG}/{DB}", "MPP_DATA_DIR": str(work),
           "DJANGO_SETTINGS_MODULE": "mpp.settings", "MPP_HTTPS": "1",
           "MPP_TRUSTED_PROXIES": "127.0.0.1", "ALLOWED_HOSTS": "127.0.0.1",
           "MPP_RATE_STAFF": "100000000/60", "MPP_RATE_PUBLIC": "100000000/60",
           "MPP_RATE_INTEGRATOR": "100000000/60", "MPP_RATE_PUBLIC_PAGES": "100000000/60",
           "MPP_RATE_PUBLIC_PAGES_ADDRESS": "100000000/60"}
    env.pop("PYTEST_VERSION", None)
    subprocess.run([PY, "-m", "mpp.cli", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    ids = json.loads(subprocess.run(
        [PY, "-c", f"PROFILE = {args.profile!r}\n" + SETUP], env=env, check=True, cwd=ROOT,
        capture_output=True, text=True).stdout.strip().splitlines()[-1])

    app, http_port, https_port = free_port_pair(), free_port(), free_port()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(work / "key.pem"),
                    "-out", str(work / "cert.pem")], check=True, capture_output=True)
    (work / "mpp.conf").write_text(nginx.render(
        app_port=app, streams_port=app + 1, http_port=http_port, https_port=https_port,
        certificate=str(work / "cert.pem"), key=str(work / "key.pem"), acme_root=str(work)))
    (work / "nginx.conf").write_text(nginx.main_config(
        directory=work, site_config=work / "mpp.conf",
        worker_connections=max(1024, 2 * args.streams + 512)))
    server = subprocess.Popen([PY, "-m", "mpp.cli", "serve", "--port", str(app), "--workers",
                               "2", "--threads", str(args.threads)], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proxy = subprocess.Popen([NGINX, "-p", str(work), "-c", str(work / "nginx.conf"),
                              "-e", str(work / "error.log")])
    sampler = Sampler()
    helpers = []
    try:
        for port in (app, app + 1, https_port):
            wait_port(port)
        sampler.start()
        print(f"PostgreSQL, demo MPP {ids['site']} (always open, no quotas); Debian nginx "
              f"(deploy/nginx.conf, HTTPS) in front of mpp serve --workers 2 --threads "
              f"{args.threads} and its stream server; {args.clients} keep-alive clients per "
              f"measurement, {args.seconds:g} s each, same machine, loopback")
        alone = {kind: measure_from_reset(kind, https_port, ids, args.seconds, args.clients)
                 for kind in ("issue", "page")}

        opened = multiprocessing.Value("i", 0)
        refused = multiprocessing.Array("i", [0, 0])
        helpers = [multiprocessing.Process(target=hold_streams,
                                           args=(https_port, ids["site"] if args.follow == "same" else ids["quiet"],
                                                 args.streams, opened)),
                   multiprocessing.Process(target=flood_login,
                                           args=(https_port, refused, args.flood_rate))]
        for helper in helpers:
            helper.start()
        deadline = time.monotonic() + 120
        while opened.value < args.streams and time.monotonic() < deadline:
            time.sleep(0.5)
        print(f"{opened.value} event streams open (following "
              f"{'the same site: each ticket goes to each' if args.follow == 'same' else 'a quiet site'}"
              f"); login flood running "
              f"({args.flood_rate:g} attempts/s from one address)")
        loaded = {kind: measure_from_reset(kind, https_port, ids, args.seconds, args.clients)
                  for kind in ("issue", "page")}
        streams_then = opened.value

        print(f"{'operation':<42}{'alone/s':>9}{'loaded/s':>10}{'ratio':>8}{'errors':>8}")
        names = {"issue": "kiosk ticket issue (POST tickets)",
                 "page": "public ticket page (GET /antrean/t/...)"}
        for kind, name in names.items():
            (rate_a, err_a), (rate_l, err_l) = alone[kind], loaded[kind]
            ratio = rate_l / rate_a if rate_a else 0
            print(f"{name:<42}{rate_a:>9.1f}{rate_l:>10.1f}{ratio:>7.0%}{err_a + err_l:>8}"
                  f"  {'ok' if ratio >= 0.8 else 'BELOW 80%'}")
        print(f"streams open at the end: {streams_then} of {args.streams}; login flood: "
              f"{refused[0]} answered 429 by nginx, {refused[1]} reached the application")
    finally:
        for helper in helpers:
            helper.terminate()
            helper.join()
        sampler.stop.set()
        if sampler.is_alive():
            sampler.join(timeout=2)
        proxy.terminate()
        proxy.wait()
        server.terminate()
        server.wait()
        most = dict(sampler.most)
        parts = ", ".join(f"{name} {count}" for name, count in sorted(most.items())
                          if name != "all")
        print(f"database connections, the most seen (every 0.2 s): {most.get('all', 0)} in all "
              f"({parts}); budget {budget}: "
              f"{'within' if most.get('all', 0) <= budget else 'EXCEEDED'}")
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
