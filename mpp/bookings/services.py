"""Every write to bookings. Each function validates all of its input first and writes nothing
when something is wrong; places are taken and freed by conditional statements on
`SlotTally`, so a burst of simultaneous bookings never takes more than a slot's capacity or
the day's online quota, on SQLite and PostgreSQL alike.

The NIK is checked, digested and masked here and goes nowhere else: not into events, logs,
notifications or error messages.
"""

from __future__ import annotations

import logging
import re
from datetime import date as date_type
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from mpp import ratelimit
from mpp.catalog.calendar import site_zone
from mpp.catalog.models import LatePolicy, Service
from mpp.errors import Conflict, NotFound, raise_field_errors
from mpp.lib.codes import code_new, code_normalize
from mpp.lib.nik import nik_check, nik_digest, nik_mask, nik_matches
from mpp.lib.phone import phone_parse
from mpp.queueing import services as queue
from mpp.queueing.models import Lane, Source, Ticket

from . import notify, selectors, states
from .access import check_can_check_in
from .models import DAY, Booking, BookingEvent, Channel, SlotTally

if TYPE_CHECKING:
    from mpp.accounts.models import User

log = logging.getLogger(__name__)

SLOT_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
NAME_MAX = 200
NO_DIGEST = "0" * 64  # compared against when a code is unknown, so that it takes as long


# --- cleaning -------------------------------------------------------------------------------

def phone_clean(*, value: object) -> str | None:
    """A citizen's mobile number as +628... (WhatsApp or SMS reach it), or None: the rule is
    mpp/lib/phone.py's."""
    return phone_parse(value, mobile_only=True)


def date_clean(*, value: object, errors: dict[str, str]) -> date_type | None:
    """A booking's day from a date, a datetime or 'YYYY-MM-DD'; None (with errors['date'] set)
    when it is none of them. Public: the API's availability query reads its date with it."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date_type):
        return value
    try:
        return date_type.fromisoformat(str(value))
    except (TypeError, ValueError):
        errors["date"] = _("Enter the date as YYYY-MM-DD.")
        return None


def _clean_slot(value, errors: dict[str, str]) -> time | None:
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if not isinstance(value, str) or not SLOT_RE.match(value.strip()):
        errors["slot"] = _("Enter the slot's start time as HH:MM, e.g. 08:00.")
        return None
    return time.fromisoformat(value.strip())


def _check_day_and_slot(service: Service, day: date_type | None, start: time | None,
                        errors: dict[str, str], *, now: datetime) -> selectors.Slot | None:
    """Date within the horizon on a day the service takes bookings; slot that exists and is
    not past its cut-off. Fills `errors`; returns the slot."""
    if day is None:
        return None
    first, last = selectors.horizon(service=service, now=now)
    if day < first:
        errors["date"] = _("The date %(day)s is in the past.") % {"day": day.isoformat()}
        return None
    if day > last:
        errors["date"] = _("Bookings are open up to %(last)s (%(days)s days ahead).") % {
            "last": last.isoformat(), "days": (last - first).days}
        return None
    reason = selectors.day_closed_reason(service=service, day=day)
    if reason is not None:
        errors["date"] = reason
        return None
    if start is None:
        return None
    slot = next((s for s in selectors.day_slots(service=service) if s.start == start), None)
    if slot is None:
        errors["slot"] = _("There is no slot starting at %(slot)s; see the availability.") % {
            "slot": start.strftime("%H:%M")}
        return None
    cutoff = selectors.slot_starts_at(service=service, day=day, start=start) - timedelta(
        minutes=selectors.booking_rules(service=service).cutoff_minutes)
    if cutoff <= now:
        errors["slot"] = _("Booking for the %(slot)s slot closed at %(cutoff)s.") % {
            "slot": slot.key,
            "cutoff": cutoff.astimezone(site_zone(service.site)).strftime("%Y-%m-%d %H:%M")}
        return None
    return slot


# --- places -----------------------------------------------------------------------------------

class _Full(Exception):
    pass


def _take(*, service_id: int, day: date_type, slot: str, limit: int) -> None:
    """Take one place of (service, day, slot) if fewer than `limit` are taken: one UPSERT
    whose update is conditional, the same statement on SQLite and PostgreSQL. No row back
    means full (the row stays locked until the transaction ends, which then rolls back)."""
    if limit <= 0:
        raise _Full()
    table = SlotTally._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (service_id, date, slot, taken) VALUES (%s, %s, %s, 1) "
            f"ON CONFLICT (service_id, date, slot) DO UPDATE "
            f"SET taken = {table}.taken + 1 WHERE {table}.taken < %s RETURNING taken",
            [service_id, day, slot, limit],
        )
        if cursor.fetchone() is None:
            raise _Full()


def _take_place(service: Service, day: date_type, slot: selectors.Slot) -> None:
    # The day's row first: every booking of a service and day queues on it in the same order.
    if service.online_quota is not None:
        _take(service_id=service.pk, day=day, slot=DAY, limit=service.online_quota)
    _take(service_id=service.pk, day=day, slot=slot.key, limit=service.slot_capacity)


# Every writer touches SlotTally rows in one order, (date, slot) with the day's row (slot "")
# first, so that two transactions never wait for each other's rows the other way round
# (a deadlock on PostgreSQL): booking_create takes the day's row then the slot's, and
# cancel and reschedule follow the same order.

def _release(*, service_id: int, day: date_type, slot: str) -> None:
    SlotTally.objects.filter(service_id=service_id, date=day, slot=slot,
                             taken__gt=0).update(taken=F("taken") - 1)


def _free_place(booking: Booking) -> None:
    for slot in sorted((DAY, booking.slot_start.strftime("%H:%M"))):
        _release(service_id=booking.service_id, day=booking.date, slot=slot)


def _move_place(booking: Booking, service: Service, day: date_type,
                slot: selectors.Slot) -> None:
    """Free the booking's place and take the new one, row by row in the global order."""
    steps = [
        ((booking.date, DAY), lambda: _release(service_id=service.pk, day=booking.date,
                                               slot=DAY)),
        ((booking.date, booking.slot_start.strftime("%H:%M")),
         lambda: _release(service_id=service.pk, day=booking.date,
                          slot=booking.slot_start.strftime("%H:%M"))),
        ((day, slot.key), lambda: _take(service_id=service.pk, day=day, slot=slot.key,
                                        limit=service.slot_capacity)),
    ]
    if service.online_quota is not None:
        steps.append(((day, DAY), lambda: _take(service_id=service.pk, day=day, slot=DAY,
                                                limit=service.online_quota)))
    for _key, step in sorted(steps, key=lambda item: item[0]):  # stable: release before take
        step()


def _quota_full(service: Service, day: date_type, slot: selectors.Slot) -> Conflict:
    suggestions = selectors.next_free_slots(service=service, day=day, n=3)
    return Conflict(
        _("The %(slot)s slot of %(day)s for %(service)s is full. Please choose another slot.")
        % {"slot": slot.key, "day": day.isoformat(), "service": service.name},
        code="quota_full", fields={"slot": _("This slot is full.")},
        extra={"suggestions": suggestions})


def _duplicate(service: Service, day: date_type) -> Conflict:
    return Conflict(
        _("This NIK already has a booking for %(service)s on %(day)s.") % {
            "service": service.name, "day": day.isoformat()},
        code="duplicate_booking", fields={"nik": _("Already booked for this service that day.")})


def _is_duplicate_error(error: IntegrityError) -> bool:
    text = str(error)
    return "booking_one_active_per_nik" in text or "nik_digest" in text


# --- events -----------------------------------------------------------------------------------

def _event(booking: Booking, *, action: str, from_status: str, actor=None, at: datetime,
           data: dict | None = None) -> BookingEvent:
    return BookingEvent.objects.create(
        booking=booking, action=action, from_status=from_status, to_status=booking.status,
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        at=at, data=data or {})


def _transition(booking: Booking, action: str) -> str:
    try:
        return states.next_status(booking.status, action)
    except states.InvalidTransition:
        raise Conflict(
            _("A booking that is %(status)s cannot be changed this way.") % {
                "status": booking.get_status_display().lower()},
            code="invalid_transition") from None


# --- create, cancel, reschedule ---------------------------------------------------------------

def booking_create(*, service: Service, date: date_type | str, slot: str, name: str, nik: str,
                   phone: str, email: str | None = None, channel: str,
                   actor: User | None = None) -> Booking:
    """Book a place in a slot for a citizen. Validates every field first (422 naming the
    field); then takes the place in one transaction: 409 `quota_full` (with
    `extra["suggestions"]`, the next free slots) or `duplicate_booking`."""
    now = timezone.now()
    errors: dict[str, str] = {}
    service = Service.objects.select_related("site", "agency").get(pk=service.pk)
    name = name.strip() if isinstance(name, str) else ""
    if not name:
        errors["name"] = _("Enter the citizen's name.")
    elif len(name) > NAME_MAX:
        errors["name"] = _("The name is at most %(max)s characters.") % {"max": NAME_MAX}
    check = nik_check(nik)
    if not check.valid:
        errors["nik"] = check.error
    clean_phone = phone_clean(value=phone)
    if clean_phone is None:
        errors["phone"] = _("Enter an Indonesian mobile number, e.g. 0812-3456-7890.")
    email = (email or "").strip() if isinstance(email, (str, type(None))) else email
    if email:
        try:
            if not isinstance(email, str) or len(email) > 254:
                raise ValidationError("")
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter a valid e-mail address, or leave it empty.")
    if channel not in Channel.values:
        errors["channel"] = _("Unknown channel.")
    day = date_clean(value=date, errors=errors)
    start = _clean_slot(slot, errors)
    chosen = _check_day_and_slot(service, day, start, errors, now=now)
    raise_field_errors(errors)

    digest = nik_digest(check.nik)
    if Booking.objects.filter(nik_digest=digest, service=service, date=day,
                              status__in=states.ACTIVE).exists():
        raise _duplicate(service, day)
    integrator = actor if channel == Channel.INTEGRATOR else None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                _take_place(service, day, chosen)
                booking = Booking.objects.create(
                    code=code_new(), site_id=service.site_id, service=service, date=day,
                    slot_start=chosen.start, slot_end=chosen.end,
                    starts_at=selectors.slot_starts_at(service=service, day=day,
                                                       start=chosen.start),
                    name=name, nik_digest=digest, nik_masked=nik_mask(check.nik),
                    phone=clean_phone, email=email or "", status=states.CONFIRMED,
                    channel=channel, integrator=integrator,
                    created_by=actor if actor is not None and actor.is_authenticated else None,
                    created_at=now)
                _event(booking, action=states.CREATE, from_status="", actor=actor, at=now,
                       data={"channel": channel, "slot": chosen.key})
                notify.booking_confirmed(booking)
            return booking
        except _Full:
            raise _quota_full(service, day, chosen) from None
        except IntegrityError as error:
            if _is_duplicate_error(error):
                raise _duplicate(service, day) from None
            if "code" not in str(error):
                raise
            # a code collision (1 in ~10^11 per live booking): draw again
    raise Conflict(_("Please try again."), code="conflict")


def _not_found_for_citizen() -> NotFound:
    message = _("No booking matches this code and NIK.")
    return NotFound(message, code="not_found", fields={"nik": message})


def _booking_for_citizen(code: str, nik: str, *, client: str) -> Booking:
    """The booking with `code`, locked, when `nik` is the one it was made with: the one door
    of every operation that takes a NIK with a code (cancel, reschedule; documents and
    surveys later).

    Guessing is made useless: a wrong NIK and an unknown code get the same answer, each such
    failure counts against the code (MPP_RATE_LIMITS["nik_code"]: a few a day, whoever asks)
    and against the client (["nik_client"], across codes), and a code or client past its
    limit is refused with 429 before anything is compared, known code or not
    (docs/limits.md)."""
    ident = code_normalize(code) or str(code)[:32]
    ratelimit.guesses_check(code=ident, client=client, message=_(
        "Too many wrong attempts for this booking. Try again in %(minutes)s minutes, or ask "
        "at the MPP's front desk."))
    booking = None
    if code_normalize(code) is not None:
        booking = (Booking.objects.select_for_update(of=("self",))
                   .select_related("service__agency", "service__site", "site")
                   .filter(code=ident).first())
    # compare a digest in both cases: an unknown code takes as long as a wrong NIK
    if not nik_matches(nik, booking.nik_digest if booking else NO_DIGEST) or booking is None:
        ratelimit.guesses_fail(code=ident, client=client)
        raise _not_found_for_citizen()
    return booking


def booking_cancel(*, code: str, nik: str, client: str = "",
                   actor: User | None = None) -> Booking:
    """Cancel with the NIK it was made with; the place is free again at once. `client` is the
    caller's address (or another key of the asker) for the limit on wrong NIKs."""
    now = timezone.now()
    with transaction.atomic():
        booking = _booking_for_citizen(code, nik, client=client)
        before = booking.status
        booking.status = _transition(booking, states.CANCEL)
        booking.cancelled_at = now
        booking.save(update_fields=["status", "cancelled_at"])
        _free_place(booking)
        _event(booking, action=states.CANCEL, from_status=before, actor=actor, at=now)
        notify.booking_cancelled(booking)
    return booking


def booking_reschedule(*, code: str, nik: str, date: date_type | str, slot: str,
                       client: str = "", actor: User | None = None) -> Booking:
    """Move a confirmed booking to another date and/or slot of the same service. The new
    place is taken and the old one freed in one transaction (409 `quota_full` with
    suggestions when the new slot is full: the booking then stays as it was). The code and
    NIK are checked first: nothing about the booking is told before they match."""
    now = timezone.now()
    with transaction.atomic():
        booking = _booking_for_citizen(code, nik, client=client)
    errors: dict[str, str] = {}
    day = date_clean(value=date, errors=errors)
    start = _clean_slot(slot, errors)
    service = Service.objects.select_related("site", "agency").get(pk=booking.service_id)
    chosen = _check_day_and_slot(service, day, start, errors, now=now)
    raise_field_errors(errors)
    try:
        with transaction.atomic():
            booking = _booking_for_citizen(code, nik, client=client)
            before = booking.status
            _transition(booking, states.RESCHEDULE)
            if booking.date == day and booking.slot_start == chosen.start:
                return booking
            if day != booking.date and Booking.objects.filter(
                    nik_digest=booking.nik_digest, service=service, date=day,
                    status__in=states.ACTIVE).exclude(pk=booking.pk).exists():
                raise _duplicate(service, day)
            old = {"date": booking.date.isoformat(), "slot": booking.slot_start.strftime("%H:%M")}
            _move_place(booking, service, day, chosen)
            booking.date, booking.slot_start, booking.slot_end = day, chosen.start, chosen.end
            booking.starts_at = selectors.slot_starts_at(
                service=service, day=day, start=chosen.start)
            booking.reminded_at = None
            booking.save(update_fields=["date", "slot_start", "slot_end", "starts_at",
                                        "reminded_at"])
            _event(booking, action=states.RESCHEDULE, from_status=before, actor=actor, at=now,
                   data={"from": old, "to": {"date": day.isoformat(), "slot": chosen.key}})
    except _Full:
        raise _quota_full(service, day, chosen) from None
    except IntegrityError as error:
        if _is_duplicate_error(error):
            raise _duplicate(service, day) from None
        raise
    return booking


# --- check-in and no-shows --------------------------------------------------------------------

def _local(moment: datetime, service: Service) -> str:
    return moment.astimezone(site_zone(service.site)).strftime("%H:%M")


def booking_check_in(*, booking: Booking, actor: User,
                     at: datetime | None = None) -> Ticket:
    """Turn a booking into a ticket at the kiosk or the front desk, within the check-in window
    around its slot: an appointment-lane ticket, called before walk-ins. Too early: 409
    `too_early`; too late: 409 `too_late`, or, when the late policy is `walk_in`, a regular
    walk-in ticket on the booking's day. Both errors carry the window in `extra`."""
    check_can_check_in(actor, booking)
    now = at or timezone.now()
    with transaction.atomic():
        booking = (Booking.objects.select_for_update(of=("self",))
                   .select_related("service__agency", "service__site", "site", "ticket")
                   .get(pk=booking.pk))
        service = booking.service
        if booking.status == states.CHECKED_IN:
            raise Conflict(
                _("Booking %(code)s is already checked in: ticket %(number)s.") % {
                    "code": booking.display_code,
                    "number": booking.ticket.display_number if booking.ticket else "-"},
                code="already_checked_in",
                extra={"ticket": booking.ticket.public_id if booking.ticket else None})
        if booking.status == states.CANCELLED:
            _transition(booking, states.CHECK_IN)
        opens, closes = selectors.checkin_window(booking=booking)
        window = {"check_in_from": opens.astimezone(site_zone(service.site)).isoformat(),
                  "check_in_until": closes.astimezone(site_zone(service.site)).isoformat()}
        if now < opens:
            raise Conflict(
                _("Too early: check-in for the %(slot)s slot on %(day)s opens at %(opens)s "
                  "and closes at %(closes)s.") % {
                    "slot": booking.slot_start.strftime("%H:%M"), "day": booking.date.isoformat(),
                    "opens": _local(opens, service), "closes": _local(closes, service)},
                code="too_early", extra=window)
        late = now > closes or booking.status == states.NO_SHOW
        local_day = now.astimezone(site_zone(service.site)).date()
        rules = selectors.booking_rules(service=service)
        if late and (rules.late_policy != LatePolicy.WALK_IN or local_day != booking.date):
            raise Conflict(
                _("Too late: check-in for the %(slot)s slot on %(day)s was open from "
                  "%(opens)s to %(closes)s.") % {
                    "slot": booking.slot_start.strftime("%H:%M"), "day": booking.date.isoformat(),
                    "opens": _local(opens, service), "closes": _local(closes, service)},
                code="too_late", extra=window)
        before = booking.status
        action = states.CHECK_IN_LATE if late else states.CHECK_IN
        booking.status = _transition(booking, action)
        if late:
            ticket = queue.ticket_issue(service=service, lane=Lane.REGULAR,
                                        source=Source.BOOKING, actor=actor)
        else:
            ticket = queue.ticket_issue_appointment(service=service, booking_code=booking.code,
                                                    actor=actor)
        booking.checked_in_at, booking.ticket = now, ticket
        booking.save(update_fields=["status", "checked_in_at", "ticket"])
        _event(booking, action=action, from_status=before, actor=actor, at=now,
               data={"ticket": ticket.public_id, "lane": ticket.lane})
    return ticket


def bookings_mark_no_shows(*, now: datetime | None = None) -> int:
    """Confirmed bookings whose check-in window has closed become `no_show`. Idempotent:
    each is a conditional update, so running it twice (or in two processes) counts once."""
    now = now or timezone.now()
    marked = 0
    candidates = (Booking.objects.filter(status=states.CONFIRMED, starts_at__lt=now)
                  .select_related("service__site"))
    for booking in candidates:
        _opens, closes = selectors.checkin_window(booking=booking)
        if closes >= now:
            continue
        with transaction.atomic():
            won = Booking.objects.filter(pk=booking.pk, status=states.CONFIRMED).update(
                status=states.NO_SHOW, no_show_at=now)
            if won:
                booking.status = states.NO_SHOW
                _event(booking, action=states.MARK_NO_SHOW, from_status=states.CONFIRMED, at=now)
                marked += 1
    return marked


def booking_mark_reminded(*, booking: Booking, now: datetime | None = None) -> bool:
    """Record that the day-before reminder went out (conditional: True only the first time)."""
    return bool(Booking.objects.filter(pk=booking.pk, reminded_at=None).update(
        reminded_at=now or timezone.now()))
