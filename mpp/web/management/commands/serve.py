"""`mpp serve`: the production server. One address for the API, the screens, the static files
and the live event streams: gunicorn (WSGI: measured 6-8x faster than Django under an ASGI
server on these machines) with threaded workers, so that a display board holding its event
stream open takes a cheap thread, not a whole worker. benchmarks/serving_layout.py compares
sync and threaded workers; docs/architecture.md has the figures.

The event streams are served apart (`mpp streams`, mpp/realtime/server.py: an asyncio server
holding thousands of streams with one database listener), on `--streams-port` (default: the
port + 1; 0: not started); nginx sends them there (deploy/nginx.conf). gunicorn still answers
the stream URL, but each worker holds at most threads // 4 streams (MPP_WSGI_STREAMS), so
that streams can never take every request thread.

It also runs the background worker (`mpp worker`: notifications, periodic jobs) unless
`--no-worker`: gunicorn's own master starts it and stops it (mpp/notifications/
gunicorn_hooks.py), so that this command still execs gunicorn and signals reach it directly."""

import argparse
import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from mpp.lib.client import trusted_networks


class Command(BaseCommand):
    help = "Serve the API, screens and static files with gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("MPP_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("MPP_PORT", "8000")))
        parser.add_argument("--workers", type=int,
                            default=int(os.environ.get("MPP_WORKERS", "2")),
                            help="gunicorn worker processes (default 2: one per core here)")
        parser.add_argument("--threads", type=int,
                            default=int(os.environ.get("MPP_THREADS", "200")),
                            help="threads per worker: each open event stream (display board, "
                                 "console, ticket page) holds one (default 200)")
        parser.add_argument("--access-log", action=argparse.BooleanOptionalAction,
                            default=os.environ.get("MPP_ACCESS_LOG", "0") == "1",
                            help="log every request on standard output (default: off, "
                                 "MPP_ACCESS_LOG=1; the TLS proxy in front usually logs them, "
                                 "and a line per request costs a worker about 7%% of its CPU)")
        parser.add_argument("--streams-port", type=int,
                            default=(int(os.environ["MPP_STREAMS_PORT"])
                                     if os.environ.get("MPP_STREAMS_PORT") else None),
                            help="port of the event-stream server started beside gunicorn "
                                 "(default: --port + 1; 0: do not start it)")
        parser.add_argument("--skip-collectstatic", action="store_true")
        parser.add_argument("--no-worker", action="store_true",
                            help="do not start the background worker (run `mpp worker` "
                                 "yourself, e.g. on another machine)")

    def handle(self, *args, host, port, workers, threads, streams_port, access_log,
               skip_collectstatic, no_worker, **options):
        if workers < 1:
            raise CommandError("--workers must be 1 or more.")
        if threads < 2:
            raise CommandError("--threads must be 2 or more (event streams hold one each).")
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database has unapplied migrations: run `mpp migrate` first.")
        if not skip_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        connection.close()
        argv = [
            sys.executable, "-m", "gunicorn", "mpp.wsgi:application",
            "--bind", f"{host}:{port}",
            "--workers", str(workers),
            "--worker-class", "gthread",
            "--threads", str(threads),
            "--timeout", "60",
            "--graceful-timeout", "20",
            # gunicorn believes X-Forwarded-Proto from the same proxies as Django does (none
            # when MPP_TRUSTED_PROXIES is empty)
            "--forwarded-allow-ips", ",".join(str(net) for net in trusted_networks()),
        ]
        if access_log:
            # the client as mpp/lib/client.py resolved it, not the proxy's address
            argv += ["--access-logfile", "-", "--access-logformat",
                     '%({MPP_CLIENT_IP}e)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"']
        if streams_port is None:
            streams_port = port + 1
        # gunicorn's master starts (and stops) the background worker and the stream server
        os.environ["MPP_SERVE_WORKER"] = "0" if no_worker else "1"
        os.environ["MPP_SERVE_STREAMS"] = f"{host}:{streams_port}" if streams_port else ""
        # the streams one gunicorn worker may hold: a quarter of its threads
        os.environ.setdefault("MPP_WSGI_STREAMS", str(max(1, threads // 4)))
        argv += ["--config", "python:mpp.notifications.gunicorn_hooks"]
        # each process's PostgreSQL connections carry its name in pg_stat_activity
        os.environ.setdefault("PGAPPNAME", "mpp-web")
        self.stdout.write(f"Serving on http://{host}:{port}/ with {workers} worker(s) x {threads} "
                          f"threads, "
                          f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
                          f"{', no background worker' if no_worker else ', background worker'}"
                          + (f"; event streams on http://{host}:{streams_port}/"
                             if streams_port else "; no stream server"))
        sys.stdout.flush()
        # each process takes its share of the database budget (settings: MPP_DB_CONNECTIONS)
        os.environ["MPP_DB_PROCESSES"] = str(workers + (0 if no_worker else 1))
        os.execv(sys.executable, argv)
