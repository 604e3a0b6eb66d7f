"""Working days of a site: national holidays and cuti bersama (the `holidays` package), the
site's own closed days, and its open weekdays. Deadlines (applications, complaints) count in
these; queue days and quotas follow the site's local date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.db import connection
from django.utils import timezone

from mpp.rows import Loader

from .models import Agency, ClosedDay, Site

_CLOSED_DAY = Loader(ClosedDay)


@lru_cache(maxsize=64)
def national_holidays(year: int) -> dict[date, str]:
    """Indonesian public holidays plus cuti bersama (the package's `government` category)."""
    calendar = holidays.Indonesia(
        years=year, categories=("public", "government"), language="id"
    )
    return dict(calendar.items())


def site_zone(site: Site) -> ZoneInfo:
    return ZoneInfo(site.timezone)


def site_now(site: Site) -> datetime:
    return timezone.now().astimezone(site_zone(site))


def site_today(site: Site) -> date:
    return site_now(site).date()


@dataclass
class WorkingCalendar:
    """A site's calendar. Load it once per request; it holds the site's closed days."""

    site: Site
    closed: dict[date, str] = field(default_factory=dict)

    @classmethod
    def for_site(cls, site: Site) -> WorkingCalendar:
        # Plain SQL: every ticket and booking checks the calendar.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {_CLOSED_DAY.columns('d')} FROM "
                           f"{ClosedDay._meta.db_table} d WHERE d.site_id = %s", [site.pk])
            days = [_CLOSED_DAY.load(row) for row in cursor.fetchall()]
        return cls(site=site, closed={day.date: day.reason for day in days})

    def closed_reason(self, day: date) -> str | None:
        """Why the site is closed that day, or None when it is a working day."""
        if day in self.closed:
            return self.closed[day] or "closed"
        holiday = national_holidays(day.year).get(day)
        if holiday:
            return holiday
        if day.isoweekday() not in self.site.open_days:
            return "weekend"
        return None

    def is_working_day(self, day: date) -> bool:
        return self.closed_reason(day) is None

    def agency_open_on(self, agency: Agency, day: date) -> bool:
        return self.is_working_day(day) and day.isoweekday() in agency.open_days

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (0: `start`, or the next working day
        when `start` itself is not one)."""
        current = start
        while not self.is_working_day(current):
            current += timedelta(days=1)
        remaining = days
        while remaining > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count
