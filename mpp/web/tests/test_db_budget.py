"""`mpp serve` on PostgreSQL never opens more database connections than its budget, however
many requests arrive at once: each process has a pool of its share, threads wait their turn."""

from __future__ import annotations

import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from django.db import connection

from mpp.web.tests.test_cli import MPP, _free_port, production_env

BUDGET = 12


@pytest.fixture
def server_database():
    if connection.vendor != "postgresql":
        pytest.skip("the connection budget is PostgreSQL's")
    params = connection.settings_dict
    host, port, user = params["HOST"] or "127.0.0.1", params["PORT"] or 5432, params["USER"]
    name = f"mpp_budget_{uuid.uuid4().hex[:8]}"
    admin = f"postgresql://{user}@{host}:{port}/postgres"
    with psycopg.connect(admin, autocommit=True) as pg:
        pg.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name, f"postgres://{user}@{host}:{port}/{name}", admin
    finally:
        with psycopg.connect(admin, autocommit=True) as pg:
            pg.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = %s", [name])
            pg.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_a_rush_of_requests_stays_within_the_connection_budget(server_database, tmp_path):
    name, url, admin = server_database
    env = production_env(tmp_path, MPP_HTTPS="0", DATABASE_URL=url,
                         MPP_DB_CONNECTIONS=str(BUDGET), MPP_DB_POOL_TIMEOUT="20")
    subprocess.run([*MPP, "migrate", "-v0"], env=env, check=True, timeout=300)
    port = _free_port()
    server = subprocess.Popen([*MPP, "serve", "--port", str(port), "--workers", "2",
                               "--threads", "60", "--skip-collectstatic"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    peak, stop = [0], threading.Event()

    def sample():
        with psycopg.connect(admin, autocommit=True) as pg:
            while not stop.is_set():
                count = pg.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s",
                                   [name]).fetchone()[0]
                peak[0] = max(peak[0], count)
                time.sleep(0.02)

    def get(path: str) -> int:
        try:
            with urllib.request.urlopen(f"{base}{path}", timeout=60) as answer:
                answer.read()
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code

    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get("/healthz")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("mpp serve did not come up")
                time.sleep(0.3)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        with ThreadPoolExecutor(max_workers=100) as rush:
            statuses = Counter(rush.map(get, ["/healthz"] * 1500))
        stop.set()
        sampler.join(timeout=5)
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
    assert statuses == Counter({200: 1500}), statuses
    assert 0 < peak[0] <= BUDGET, f"{peak[0]} connections open at once, budget {BUDGET}"
