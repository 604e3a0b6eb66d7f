"""Reads for bookings: each service's booking rules, its slots on a day, what is still free,
and bookings by code. The citizen portal and the API both build on these.

Availability counts the places taken in `SlotTally` (what `services` takes and frees under
concurrency), so what a citizen sees is what a booking would get.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mpp.catalog.calendar import WorkingCalendar, site_zone
from mpp.catalog.models import LatePolicy, Service, Timezone
from mpp.lib.codes import code_normalize

from . import states
from .models import DAY, Booking, SlotTally


@dataclass(frozen=True)
class BookingRules:
    """A service's booking settings: its own where it sets one, else its site's."""

    horizon_days: int
    cutoff_minutes: int
    checkin_before_minutes: int
    checkin_after_minutes: int
    late_policy: str


def booking_rules(*, service: Service) -> BookingRules:
    site = service.site

    def pick(name):
        own = getattr(service, name)
        return getattr(site, name) if own in (None, "") else own

    return BookingRules(
        horizon_days=pick("booking_horizon_days"),
        cutoff_minutes=pick("booking_cutoff_minutes"),
        checkin_before_minutes=pick("checkin_before_minutes"),
        checkin_after_minutes=pick("checkin_after_minutes"),
        late_policy=pick("late_policy") or LatePolicy.REFUSE,
    )


@dataclass(frozen=True)
class Slot:
    start: time
    end: time

    @property
    def key(self) -> str:
        return self.start.strftime("%H:%M")


def day_slots(*, service: Service) -> list[Slot]:
    """The slots of a day: from the agency's opening, `slot_minutes` long, ending by closing."""
    agency = service.agency
    step = timedelta(minutes=service.slot_minutes)
    anchor = date(2000, 1, 3)
    current = datetime.combine(anchor, agency.opens_at)
    closing = datetime.combine(anchor, agency.closes_at)
    slots = []
    while current + step <= closing:
        slots.append(Slot(current.time(), (current + step).time()))
        current += step
    return slots


def slot_starts_at(*, service: Service, day: date, start: time) -> datetime:
    """The instant a slot starts, in the site's timezone."""
    return datetime.combine(day, start, tzinfo=site_zone(service.site))


def day_closed_reason(*, service: Service, day: date,
                      calendar: WorkingCalendar | None = None) -> str | None:
    """Why `service` takes no bookings on `day` (None: it does). Not about the horizon."""
    agency = service.agency
    if not service.active or not agency.active:
        return _("This service is not available.")
    if not service.bookable:
        return _("This service cannot be booked online.")
    calendar = calendar or WorkingCalendar.for_site(service.site)
    reason = calendar.closed_reason(day)
    if reason is not None:
        if reason == "weekend":
            return _("The MPP is closed on %(day)s.") % {"day": day.isoformat()}
        return _("The MPP is closed on %(day)s (%(reason)s).") % {
            "day": day.isoformat(), "reason": reason}
    if day.isoweekday() not in agency.open_days:
        return _("%(agency)s does not serve on %(day)s.") % {
            "agency": agency, "day": day.isoformat()}
    return None


def horizon(*, service: Service, now: datetime | None = None) -> tuple[date, date]:
    """The first and last date a citizen may book now (site-local)."""
    today = (now or timezone.now()).astimezone(site_zone(service.site)).date()
    return today, today + timedelta(days=booking_rules(service=service).horizon_days)


def taken_by_day(*, service: Service, first: date, last: date) -> dict[date, dict[str, int]]:
    """Places taken per day and slot (the day's own row under DAY) for a range of days, in one
    query: the portal's date picker shows a whole horizon at once."""
    taken: dict[date, dict[str, int]] = {}
    for day, slot, count in SlotTally.objects.filter(
            service=service, date__gte=first, date__lte=last).values_list("date", "slot", "taken"):
        taken.setdefault(day, {})[slot] = count
    return taken


def _remaining_by_slot(service: Service, day: date, slots: list[Slot],
                       now: datetime, taken: dict[str, int] | None = None) -> list[int]:
    if taken is None:
        taken = dict(SlotTally.objects.filter(service=service, date=day)
                     .values_list("slot", "taken"))
    day_left = None
    if service.online_quota is not None:
        day_left = max(0, service.online_quota - taken.get(DAY, 0))
    cutoff = timedelta(minutes=booking_rules(service=service).cutoff_minutes)
    remaining = []
    for slot in slots:
        left = max(0, service.slot_capacity - taken.get(slot.key, 0))
        if day_left is not None:
            left = min(left, day_left)
        if slot_starts_at(service=service, day=day, start=slot.start) - cutoff <= now:
            left = 0  # booking for this slot has closed
        remaining.append(left)
    return remaining


def availability(*, service: Service, day: date, now: datetime | None = None,
                 calendar: WorkingCalendar | None = None,
                 taken: dict[str, int] | None = None) -> dict:
    """The contract's `{"date", "open", "slots": [{"start", "end", "remaining"}]}`.

    `open` is false (and `slots` empty) on a day the service takes no bookings: not bookable,
    closed that day, in the past or beyond the booking horizon. A slot past its cut-off shows
    `remaining: 0`. `taken` (from `taken_by_day`) saves the read when many days are shown."""
    now = now or timezone.now()
    first, last = horizon(service=service, now=now)
    is_open = first <= day <= last and day_closed_reason(
        service=service, day=day, calendar=calendar) is None
    if not is_open:
        return {"date": day.isoformat(), "open": False, "slots": []}
    slots = day_slots(service=service)
    remaining = _remaining_by_slot(service, day, slots, now, taken)
    return {
        "date": day.isoformat(),
        "open": True,
        "slots": [{"start": slot.key, "end": slot.end.strftime("%H:%M"), "remaining": left}
                  for slot, left in zip(slots, remaining, strict=True)],
    }


def next_free_slots(*, service: Service, day: date, n: int = 3,
                    now: datetime | None = None) -> list[dict]:
    """Up to `n` slots with a free place, from `day` on to the end of the horizon:
    `[{"date", "start", "end", "remaining"}]` (what a quota_full answer suggests)."""
    now = now or timezone.now()
    first, last = horizon(service=service, now=now)
    calendar = WorkingCalendar.for_site(service.site)
    found: list[dict] = []
    current = max(day, first)
    while current <= last and len(found) < n:
        result = availability(service=service, day=current, now=now, calendar=calendar)
        for slot in result["slots"]:
            if slot["remaining"] > 0:
                found.append({"date": result["date"], **slot})
                if len(found) == n:
                    break
        current += timedelta(days=1)
    return found


def booking_by_code(*, code: str | None) -> Booking | None:
    """A booking by its code as typed (any case, spaces and dashes ignored), or None."""
    normalized = code_normalize(code)
    if normalized is None:
        return None
    return (Booking.objects.filter(code=normalized)
            .select_related("service__agency", "site", "ticket").first())


def checkin_window(*, booking: Booking) -> tuple[datetime, datetime]:
    """When the booking may be checked in: [slot start - before, slot start + after]."""
    rules = booking_rules(service=booking.service)
    return (booking.starts_at - timedelta(minutes=rules.checkin_before_minutes),
            booking.starts_at + timedelta(minutes=rules.checkin_after_minutes))


def bookings_due_for_reminder(*, now: datetime | None = None) -> QuerySet[Booking]:
    """Confirmed bookings for tomorrow (in each site's local calendar) not reminded yet."""
    now = now or timezone.now()
    tomorrow = Q()
    for zone in Timezone.values:
        tomorrow |= Q(site__timezone=zone,
                      date=(now.astimezone(ZoneInfo(zone)) + timedelta(days=1)).date())
    return (Booking.objects.filter(tomorrow, status=states.CONFIRMED, reminded_at=None)
            .select_related("service__agency", "site"))
