"""`mpp demo [PROFILE]`: migrate, load the demo profile when it is missing, print every
screen's URL and the demo logins, then serve."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from mpp.catalog.models import Site
from mpp.lib.signing import own_keys_ensure


class Command(BaseCommand):
    help = "Run the demo: migrate, load a demo MPP if missing, print the URLs and logins, serve."

    def add_arguments(self, parser):
        from mpp.demo.loader import demo_profiles

        parser.add_argument("profile", nargs="?", default="pandeglang", choices=demo_profiles())
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--password", default=settings.MPP_DEMO_PASSWORD)
        parser.add_argument("--always-open", action="store_true",
                            help="open every agency all day every day (to try it at any hour)")
        parser.add_argument("--no-serve", action="store_true", help="set up and print, no server")

    def handle(self, *args, profile, host, port, workers, password, always_open, no_serve,
               **options):
        from mpp.demo.loader import demo_logins

        call_command("migrate", interactive=False, verbosity=0)
        site = Site.objects.filter(slug=profile).first()
        if site is None:
            self.stdout.write(f"Loading the demo profile {profile}…")
            call_command("loaddemo", profile, password=password, always_open=always_open,
                         verbosity=0)
            site = Site.objects.get(slug=profile)
        elif always_open:
            raise CommandError(f"{profile} is loaded already; --always-open applies when loading "
                               "(delete the database file to start over).")
        base = f"http://{host}:{port}"
        self.stdout.write(self.style.SUCCESS(f"\n{site.name}"))
        self.stdout.write("Screens:")
        for label, path in [
            ("Public catalog (citizens)", f"/s/{site.slug}/"),
            ("Staff sign-in", "/akun/masuk/"),
            ("Kiosk (login: kiosk)", f"/antrean/{site.slug}/kiosk/"),
            ("Counter console (officers)", f"/antrean/{site.slug}/loket/"),
            ("Display board (TV)", f"/antrean/{site.slug}/layar/"),
            ("Applications (officers)", f"/berkas/{site.slug}/"),
            ("Application status (kiosk)", f"/berkas/{site.slug}/kiosk/"),
            ("Follow an application", "/lacak/"),
            ("Live events (SSE)", f"/api/v1/sites/{site.slug}/events"),
            ("Back office (admin)", "/admin/"),
            ("API docs", "/api/v1/docs"),
            ("OpenAPI document", "/api/v1/openapi.json"),
        ]:
            self.stdout.write(f"  {label:<28} {base}{path}")
        self.stdout.write(f"\nLogins (password: {password}):")
        logins = demo_logins(site)
        shown = _readable_logins(logins)
        for username, role, agency in shown:
            self.stdout.write(f"  {username:<34} {role:<13} {agency}")
        if len(logins) > len(shown):
            self.stdout.write(f"  ... and {len(logins) - len(shown)} more: see {base}/admin/")
        if not always_open:
            self.stdout.write("\nAgencies keep their real hours (the kiosk refuses tickets "
                              "outside them); to try the queue at any hour, start over with "
                              "`mpp demo --always-open` on a fresh MPP_DATA_DIR.")
        if not settings.MPP_SIGNING_P12 and settings.MPP_SIGNING_BACKEND == "local":
            path, _passphrase = own_keys_ensure(organization=site.name)
            self.stdout.write(f"\nReceipts are signed with a demo CA and certificate made for "
                              f"{site.name} in {path.parent} (set MPP_SIGNING_P12 and "
                              f"MPP_SIGNING_PASSPHRASE for a certified key).")
        self.stdout.write("")
        if not no_serve:
            call_command("serve", host=host, port=port, workers=workers)


def _readable_logins(logins, agencies=3):
    """The site's own logins (mall admin, front desk, kiosk, integrator) and, for the first
    `agencies` agencies, their admin and first officer."""
    shown, seen = [], []
    for username, role, agency in logins:
        if not agency:
            shown.append((username, role, agency))
            continue
        if agency not in seen:
            seen.append(agency)
        if len(seen) > agencies:
            continue
        if role == "agency_admin" or not any(a == agency and r == "officer"
                                            for _u, r, a in shown):
            shown.append((username, role, agency))
    return shown

