"""`mpp streams`: the event-stream server (mpp/realtime/server.py) on its own port.

`mpp serve` starts it beside gunicorn on its port + 1 (`--streams-port`); nginx sends
`/api/v1/sites/{site}/events` to it (deploy/nginx.conf). Run it by hand for a deployment
that serves gunicorn some other way."""

import os
import resource

import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mpp.realtime.server import StreamServer


class _Server(uvicorn.Server):
    """uvicorn's server that ends the open streams at once when asked to stop (rather than
    waiting for them), and stops by itself when the process that started it is gone."""

    def __init__(self, config, app: StreamServer, parent_pid: int | None) -> None:
        super().__init__(config)
        self.app = app
        self.parent_pid = parent_pid

    def handle_exit(self, sig, frame) -> None:
        self.app.shutdown()
        super().handle_exit(sig, frame)

    async def on_tick(self, counter: int) -> bool:
        if self.parent_pid and counter % 10 == 0 and os.getppid() != self.parent_pid:
            self.app.shutdown()
            self.should_exit = True
        return await super().on_tick(counter)


def _raise_open_files() -> int:
    """Each open stream is a socket: allow as many as the system lets this process."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            return wanted
        except (ValueError, OSError):
            pass
    return soft


class Command(BaseCommand):
    help = "Serve the live event streams (GET /api/v1/sites/{site}/events) with uvicorn."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("MPP_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int,
                            default=int(os.environ.get("MPP_STREAMS_PORT", "8001")))
        parser.add_argument("--parent-pid", type=int, default=None,
                            help="stop when this process is gone (`mpp serve` passes its own)")

    def handle(self, *args, host, port, parent_pid, **options):
        if port < 1:
            raise CommandError("--port must be 1 or more.")
        files = _raise_open_files()
        app = StreamServer()
        config = uvicorn.Config(
            app, host=host, port=port, lifespan="on", http="h11", loop="asyncio",
            proxy_headers=False,  # the client's address: mpp/lib/client.py, from trusted proxies
            server_header=False, access_log=False, log_level="warning",
            timeout_graceful_shutdown=5, backlog=4096)
        self.stdout.write(
            f"Streaming events on http://{host}:{port}/ (at most {settings.MPP_STREAMS_MAX} "
            f"streams, {settings.MPP_STREAMS_PER_SITE} per site, "
            f"{settings.MPP_STREAMS_PER_CLIENT} per client address; {files} open files allowed)")
        self.stdout.flush()
        try:
            _Server(config, app, parent_pid).run()
        finally:
            app.close()
