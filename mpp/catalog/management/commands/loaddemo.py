"""`mpp loaddemo PROFILE [--password P] [--history DAYS] [--always-open] [--no-quotas]`."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mpp.catalog.models import Counter, Service
from mpp.errors import DomainError

BAR_WIDTH = 30


class Command(BaseCommand):
    help = ("Load a demo MPP built from the seed articles (pandeglang, tangerang, serang): "
            "site, agencies, services with their standards, counters and staff logins.")

    def add_arguments(self, parser):
        from mpp.demo.loader import demo_profiles

        parser.add_argument("profile", choices=demo_profiles())
        parser.add_argument("--password", default=settings.MPP_DEMO_PASSWORD,
                            help="password of every demo user (default: MPP_DEMO_PASSWORD)")
        parser.add_argument("--history", type=int, default=0, metavar="DAYS",
                            help="fill DAYS past days (0 to 366) with queue activity")
        parser.add_argument("--seed", type=int, default=1,
                            help="random seed of the --history activity (default 1)")
        parser.add_argument("--always-open", action="store_true",
                            help="open every agency all day every day (to try it at any hour)")
        parser.add_argument("--no-quotas", action="store_true",
                            help="lift the daily walk-in and online quotas (for load tests)")

    def handle(self, *args, profile, password, history, always_open, no_quotas, **options):
        from mpp.demo.loader import demo_load, demo_logins
        from mpp.queueing.history import MAX_DAYS

        if not 0 <= history <= MAX_DAYS:
            raise CommandError(_("--history: use a number of days from 0 to %(max)s.")
                               % {"max": MAX_DAYS})
        quiet = options.get("verbosity", 1) < 1
        try:
            site = demo_load(profile=profile, password=password, always_open=always_open,
                             no_quotas=no_quotas, history_days=history,
                             history_seed=options.get("seed", 1),
                             progress=None if quiet else self._progress,
                             stdout=None if quiet else self.stdout)
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        if quiet:
            return
        logins = demo_logins(site)
        self.stdout.write(self.style.SUCCESS(
            f"Loaded {site.name} ({site.slug}): {site.agencies.count()} agencies, "
            f"{Counter.objects.filter(site=site).count()} counters, "
            f"{Service.objects.filter(site=site).count()} services, {len(logins)} users."
        ))
        self.stdout.write(f"Logins (password: {password}):")
        for username, role, agency in logins:
            self.stdout.write(f"  {username:<34} {role:<13} {agency}")

    def _progress(self, done: int, days: int, day, tickets: int) -> None:
        """One line per past day: `[#####.........] 12/30 days  2026-01-14  1432 tickets`."""
        filled = round(BAR_WIDTH * done / days) if days else BAR_WIDTH
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        what = (_("%(count)s tickets") % {"count": tickets}) if tickets else _("closed")
        self.stdout.write(f"[{bar}] {done}/{days} " + _("days") + f"  {day.isoformat()}  {what}")
