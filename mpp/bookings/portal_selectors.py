"""Reads for the citizen portal's pages, built on `mpp.bookings.selectors` (which stays the
single source of slots, availability and booking rules)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from mpp.catalog import selectors as catalog_selectors
from mpp.catalog.calendar import WorkingCalendar, site_zone
from mpp.catalog.models import Service, Site

from . import selectors
from .models import Booking


@dataclass(frozen=True)
class BookingDay:
    """One date of the booking horizon as the date picker shows it."""

    date: date
    open: bool
    reason: str  # why it is closed ("" when open)
    remaining: int  # free places left that day (0 when closed or full)

    @property
    def iso(self) -> str:
        return self.date.isoformat()


def bookable_service(*, site: Site, code: str) -> Service | None:
    """An active, bookable service of an active agency of `site` (with its counters), or None."""
    service = catalog_selectors.service_public(site_slug=site.slug, code=code)
    if service is None or not service.bookable:
        return None
    return service


def booking_days(service: Service, *, now: datetime | None = None) -> list[BookingDay]:
    """Every date from today to the end of the booking horizon, open or closed, with the places
    still free (one read of the places taken and one calendar for all of them)."""
    now = now or timezone.now()
    first, last = selectors.horizon(service=service, now=now)
    calendar = WorkingCalendar.for_site(service.site)
    taken = selectors.taken_by_day(service=service, first=first, last=last)
    days = []
    current = first
    while current <= last:
        reason = selectors.day_closed_reason(service=service, day=current, calendar=calendar)
        if reason is not None:
            days.append(BookingDay(current, False, reason, 0))
        else:
            result = selectors.availability(service=service, day=current, now=now,
                                            calendar=calendar, taken=taken.get(current, {}))
            days.append(BookingDay(current, result["open"], "",
                                   sum(slot["remaining"] for slot in result["slots"])))
        current += timedelta(days=1)
    return days


def first_bookable_day(days: list[BookingDay]) -> date | None:
    """The first day with a free place, else the first open day, else None."""
    for day in days:
        if day.open and day.remaining > 0:
            return day.date
    return next((day.date for day in days if day.open), None)


def booking_on_site(*, site: Site, code) -> Booking | None:
    """A booking of `site` by its code as typed (any case, spaces or dashes), or None: a code
    of another MPP is not found here either."""
    booking = selectors.booking_by_code(code=code)
    if booking is None or booking.site_id != site.pk:
        return None
    return booking


def booking_local_window(booking: Booking) -> tuple[datetime, datetime]:
    """The check-in window on the site's own clock."""
    opens, closes = selectors.checkin_window(booking=booking)
    zone = site_zone(booking.site)
    return opens.astimezone(zone), closes.astimezone(zone)


def booking_is_today(booking: Booking, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return now.astimezone(site_zone(booking.site)).date() == booking.date
