"""`mpp worker`: run background tasks (notifications, periodic jobs) until stopped."""

from django.core.management.base import BaseCommand, CommandError

from mpp.notifications.worker import run_forever, run_pending


class Command(BaseCommand):
    help = ("Run the background tasks (django-tasks-db's worker) and the periodic jobs. "
            "SIGTERM or Ctrl+C stops it after the task at hand.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="enqueue the periodic jobs that are due, run every task "
                                 "that is ready, then exit")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="seconds between looks at an empty queue (default 1)")
        parser.add_argument("--tick", type=float, default=15.0,
                            help="seconds between two runs of the periodic scheduler "
                                 "(default 15)")
        parser.add_argument("--parent-pid", type=int, default=None,
                            help="stop when this process is no longer the parent "
                                 "(set by `mpp serve`)")

    def handle(self, *args, once, interval, tick, parent_pid, verbosity, **options):
        if interval < 0 or tick <= 0:
            raise CommandError("--interval must be 0 or more and --tick more than 0.")
        if once:
            run_pending(verbosity=verbosity)
            return
        run_forever(interval=interval, tick=tick, parent_pid=parent_pid, verbosity=verbosity)
