"""`mpp loaddemo PROFILE [--password P] [--history DAYS] [--always-open] [--no-quotas]`."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mpp.catalog.models import Counter, Service
from mpp.errors import DomainError


class Command(BaseCommand):
    help = ("Load a demo MPP built from the seed articles (pandeglang, tangerang, serang): "
            "site, agencies, services with their standards, counters and staff logins.")

    def add_arguments(self, parser):
        from mpp.catalog.demo.loader import demo_profiles

        parser.add_argument("profile", choices=demo_profiles())
        parser.add_argument("--password", default=settings.MPP_DEMO_PASSWORD,
                            help="password of every demo user (default: MPP_DEMO_PASSWORD)")
        parser.add_argument("--history", type=int, default=0, metavar="DAYS",
                            help="fill DAYS past days with queue activity")
        parser.add_argument("--always-open", action="store_true",
                            help="open every agency all day every day (to try it at any hour)")
        parser.add_argument("--no-quotas", action="store_true",
                            help="lift the daily walk-in and online quotas (for load tests)")

    def handle(self, *args, profile, password, history, always_open, no_quotas, **options):
        from mpp.catalog.demo.loader import demo_load, demo_logins

        if history < 0:
            raise CommandError("--history: use a number of days, zero or more.")
        quiet = options.get("verbosity", 1) < 1
        try:
            site = demo_load(profile=profile, password=password, always_open=always_open,
                             no_quotas=no_quotas, history_days=history,
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
