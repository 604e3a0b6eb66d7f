"""deploy/nginx.conf, rendered for another machine's ports and paths (the tests, the
benchmarks), and the few lines of a main nginx.conf that run it without root.

`render` replaces the shipped file's addresses, names and paths, and nothing else, so that
what the tests run is what the docs recommend; a placeholder missing from the file (someone
changed it) stops the render rather than testing something else."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

SHIPPED = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"


def render(*, app_port: int, streams_port: int, http_port: int, https_port: int,
           certificate: str, key: str, server_name: str = "127.0.0.1",
           acme_root: str = "/var/www/letsencrypt", text: str | None = None) -> str:
    text = SHIPPED.read_text() if text is None else text
    replacements = [
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("server 127.0.0.1:8001;", f"server 127.0.0.1:{streams_port};"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("/etc/letsencrypt/live/mpp.example.go.id/fullchain.pem", certificate),
        ("/etc/letsencrypt/live/mpp.example.go.id/privkey.pem", key),
        ("/var/www/letsencrypt", acme_root),
        ("server_name mpp.example.go.id;", f"server_name {server_name};"),
    ]
    for old, new in replacements:
        if old not in text:
            raise ValueError(f"deploy/nginx.conf no longer contains {old!r}")
        text = text.replace(old, new)
    return text


def main_config(*, directory: Path, site_config: Path, worker_connections: int = 1024) -> str:
    """A whole nginx.conf around `site_config`, everything nginx writes kept in `directory`
    (run as `nginx -p DIRECTORY -c nginx.conf`). Run by root (a container), the workers keep
    the same user rather than nginx's default `nobody`, which could not read the directory."""
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    return f"""{user}worker_processes 1;
worker_rlimit_nofile {worker_connections * 2 + 64};
daemon off;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{
    worker_connections {worker_connections};
}}
http {{
    default_type application/octet-stream;
    access_log {directory}/access.log;
    client_body_temp_path {directory}/client_body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;
    include {site_config};
}}
"""
