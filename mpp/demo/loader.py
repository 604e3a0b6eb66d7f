"""Load a demo MPP (site, tenants, services, counters and staff) through the catalog and
accounts services, in one transaction."""

from __future__ import annotations

import copy
import importlib
from collections.abc import Callable
from datetime import date, time
from typing import Any, TextIO

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _

from mpp.accounts.models import Role, User
from mpp.accounts.services import user_create
from mpp.catalog import services as catalog
from mpp.catalog.models import Service, Site
from mpp.errors import Conflict, Invalid
from mpp.queueing.history import MAX_DAYS as MAX_HISTORY_DAYS
from mpp.queueing.history import history_generate

PROFILES = ["pandeglang", "tangerang", "serang"]
ALL_DAYS = [1, 2, 3, 4, 5, 6, 7]
# `--no-quotas` also widens each booking slot to this many places (for load tests).
NO_QUOTA_SLOT_CAPACITY = 1000
SITE_USERS = [
    ("admin", Role.MALL_ADMIN, "Admin MPP"),
    ("frontdesk", Role.FRONT_DESK, "Petugas Meja Informasi"),
    ("kiosk", Role.KIOSK, "Anjungan Antrean Mandiri"),
    ("integrator", Role.INTEGRATOR, "Aplikasi Kota"),
]


def demo_profiles() -> list[str]:
    return list(PROFILES)


def demo_profile_data(profile: str) -> dict[str, Any]:
    """The plain data of a profile: {"site", "agencies", "services", "counters"} (a copy)."""
    if profile not in PROFILES:
        raise Invalid(
            _("Unknown demo profile %(profile)s: use %(allowed)s.")
            % {"profile": profile, "allowed": ", ".join(PROFILES)},
            fields={"profile": _("Unknown demo profile.")},
        )
    module = importlib.import_module(f"mpp.demo.{profile}")
    data = copy.deepcopy(module.PROFILE)
    data["integrator_name"] = getattr(module, "INTEGRATOR_NAME", "")
    return data


def _time(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _usernames(data: dict[str, Any]) -> list[tuple[str, str, str | None, str]]:
    """(username, role, agency slug or None, full name) of every demo user, unprefixed."""
    users = [(name, role, None, full) for name, role, full in SITE_USERS]
    if data["integrator_name"]:
        users[-1] = ("integrator", Role.INTEGRATOR, None, data["integrator_name"])
    for agency in data["agencies"]:
        short = agency["short_name"] or agency["name"]
        users.append((f"{agency['slug']}-admin", Role.AGENCY_ADMIN, agency["slug"],
                      f"Admin {short}"))
        for number in range(1, agency["officers"] + 1):
            users.append((f"{agency['slug']}-officer{number}", Role.OFFICER, agency["slug"],
                          f"Petugas {short} {number}"))
    return users


def demo_load(
    *,
    profile: str,
    password: str,
    always_open: bool = False,
    no_quotas: bool = False,
    history_days: int = 0,
    history_seed: int = 1,
    progress: Callable[[int, int, date, int], None] | None = None,
    stdout: TextIO | None = None,
) -> Site:
    """Create the demo MPP `profile`. Everything or nothing: any error rolls it all back.

    `history_days` (0..366) past days get queue activity (mpp.queueing.history), after the
    catalog and the users; `progress(done, days, day, tickets)` follows it day by day."""
    data = demo_profile_data(profile)
    if (isinstance(history_days, bool) or not isinstance(history_days, int)
            or not 0 <= history_days <= MAX_HISTORY_DAYS):
        raise Invalid(
            _("--history: use a number of days from 0 to %(max)s.") % {"max": MAX_HISTORY_DAYS},
            fields={"history": _("Use a number of days from 0 to %(max)s.")
                    % {"max": MAX_HISTORY_DAYS}})
    if Site.objects.filter(slug=data["site"]["slug"]).exists():
        raise Conflict(
            _("The demo profile %(profile)s is already loaded (site %(slug)s exists). Delete "
              "the site or use a fresh database to load it again.")
            % {"profile": profile, "slug": data["site"]["slug"]},
            code="already_loaded",
        )

    def say(text: str) -> None:
        if stdout is not None:
            stdout.write(text + "\n")

    users = _usernames(data)
    prefix = ""
    if User.objects.filter(username__in=[u[0] for u in users]).exists():
        prefix = f"{profile}-"
        say(_("Some demo usernames are taken in this database: this profile's users are "
              "named %(prefix)s...") % {"prefix": prefix})

    with transaction.atomic():
        site_data = dict(data["site"])
        visitors = site_data.pop("visitors_per_day", None)
        if always_open:
            site_data.update(open_days=ALL_DAYS, opens_at="00:00", closes_at="23:59")
        site_data["opens_at"] = _time(site_data["opens_at"])
        site_data["closes_at"] = _time(site_data["closes_at"])
        site = catalog.site_create(**site_data)

        agencies = {}
        for spec in data["agencies"]:
            fields = {k: v for k, v in spec.items() if k != "officers"}
            if always_open:
                fields.update(open_days=ALL_DAYS, opens_at="00:00", closes_at="23:59")
            fields["opens_at"] = _time(fields["opens_at"])
            fields["closes_at"] = _time(fields["closes_at"])
            agencies[spec["slug"]] = catalog.agency_create(site=site, **fields)
        say(_("%(count)s agencies") % {"count": len(agencies)})

        services: dict[str, Service] = {}
        for spec in data["services"]:
            fields = {k: v for k, v in spec.items() if k != "agency"}
            if no_quotas:
                fields.update(walkin_quota=None, online_quota=None,
                              slot_capacity=NO_QUOTA_SLOT_CAPACITY)
            services[spec["code"]] = catalog.service_create(
                agency=agencies[spec["agency"]], **fields
            )
        say(_("%(count)s services") % {"count": len(services)})

        for spec in data["counters"]:
            catalog.counter_create(
                agency=agencies[spec["agency"]],
                services=[services[code] for code in spec["services"]],
                code=spec["code"], name=spec["name"], floor=spec["floor"],
            )
        say(_("%(count)s counters") % {"count": len(data["counters"])})

        hashed = make_password(password)  # one password for all: hash it once, not 75 times
        for index, (username, role, agency_slug, full_name) in enumerate(users):
            user_create(
                username=prefix + username, password=password, role=role, site=site,
                agency=agencies[agency_slug] if agency_slug else None, full_name=full_name,
                check_password=index == 0,  # the password is the same for all: check it once
                password_hash=hashed,
            )
        say(_("%(count)s users") % {"count": len(users)})

        if history_days:
            history = history_generate(site=site, days=history_days, seed=history_seed,
                                       progress=progress, visitors_per_day=visitors)
            say(_("%(days)s days of queue history (%(working)s working days): %(tickets)s "
                  "tickets, %(events)s ticket events.") % {
                "days": history["days"], "working": history["working_days"],
                "tickets": history["tickets"], "events": history["events"]})
    return site


def demo_logins(site: Site) -> list[tuple[str, str, str]]:
    """(username, role, agency short name or "") of the site's users: site roles first, then
    each agency's admin and officers in agency order."""
    site_order = {role.value: index for index, (_n, role, _f) in enumerate(SITE_USERS)}
    users = list(User.objects.filter(site=site).select_related("agency"))

    def key(user: User):
        if user.agency_id is None:
            return (0, site_order.get(user.role, 99), 0, "", user.username)
        role_order = 0 if user.role == Role.AGENCY_ADMIN else 1
        return (1, user.agency.position, user.agency_id, role_order, len(user.username),
                user.username)

    users.sort(key=key)
    return [
        (user.username, user.role,
         (user.agency.short_name or user.agency.name) if user.agency_id else "")
        for user in users
    ]
