"""The `mpp` command: production settings pass `check --deploy`, and `mpp serve` answers."""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

MPP = [sys.executable, "-m", "mpp.cli"]


def production_env(tmp_path: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_VERSION", "MPP_TESTING")}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="mpp.pandeglangkab.go.id,127.0.0.1",
        MPP_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    env.update(extra)
    return env


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    result = subprocess.run(
        [*MPP, "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_mpp_carries_django_commands_and_its_own(tmp_path):
    result = subprocess.run([*MPP, "help"], env=production_env(tmp_path), capture_output=True,
                            text=True, timeout=120)
    for command in ("serve", "demo", "loaddemo", "migrate", "createsuperuser"):
        assert command in result.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_answers_the_api_and_static_files_on_one_address(tmp_path):
    env = production_env(tmp_path, MPP_HTTPS="0")
    subprocess.run([*MPP, "migrate", "-v0"], env=env, check=True, timeout=300)
    refused = subprocess.run([*MPP, "serve", "--workers", "0"], env=env, capture_output=True,
                             text=True, timeout=60)
    assert refused.returncode != 0
    port = _free_port()
    server = subprocess.Popen([*MPP, "serve", "--port", str(port), "--workers", "2"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    assert json.load(response)["status"] == "ok"
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("mpp serve did not come up")
                time.sleep(0.3)
        with urllib.request.urlopen(f"{base}/api/v1/sites", timeout=5) as response:
            assert json.load(response) == []
        with urllib.request.urlopen(f"{base}/static/admin/css/base.css", timeout=5) as response:
            assert response.status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
