"""Every write to the queue. Each change runs in one transaction under a row lock, writes a
TicketEvent, and announces itself only after commit.

One service per transition of `states.py` (`ticket_call_next`, `ticket_recall`,
`ticket_start`, `ticket_finish`, `ticket_mark_no_show`, `ticket_cancel`,
`ticket_transfer`), each checking first (`check_*`: the transition table, the actor's scope
through `access.py`, the transition's own rules), so that no caller can misuse them; the
statuses and timestamps they write come from `states`, the SQL from `sql.py`."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mpp.accounts.models import User
from mpp.catalog.calendar import WorkingCalendar, site_now
from mpp.catalog.models import Agency, Counter, Service, Site
from mpp.errors import Conflict, Invalid
from mpp.realtime.services import event_record

from . import access, printers, sql, states, voice
from .models import KioskPrinter, Lane, Source, Ticket, TicketEvent

PUBLIC_ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"

# Listeners get (event_name, ticket, data) after commit; the realtime app subscribes.
_listeners: list[Callable[[str, Ticket, dict], None]] = []


def subscribe(listener: Callable[[str, Ticket, dict], None]) -> None:
    _listeners.append(listener)


def event_data(ticket: Ticket, extra: dict | None = None) -> dict:
    """What a display board, a console or a ticket page needs to know about a change."""
    service = ticket.service
    counter = ticket.counter
    data = {
        "ticket": ticket.public_id,
        "number": ticket.display_number,
        "status": ticket.status,
        "lane": ticket.lane,
        "service": service.code,
        "service_name": service.name,
        "agency": service.agency.slug,
        "agency_name": service.agency.short_name or service.agency.name,
        "counter": counter.code if counter else None,
        "counter_name": counter.name if counter else None,
        "floor": counter.floor if counter else None,
    }
    if counter is not None and ticket.status == states.CALLED:
        data["speech"] = voice.call_sentence(prefix=ticket.prefix, number=ticket.number,
                                             counter_code=counter.code,
                                             counter_name=counter.name)
    data.update(extra or {})
    return data


def _publish(name: str, ticket: Ticket, data: dict) -> None:
    """Record the live event in this transaction (its last statement: the per-site event
    numbering row stays locked only until commit) and tell in-process listeners after."""
    event_record(site_id=ticket.site_id, name=name, data=event_data(ticket, data))

    def send():
        for listener in list(_listeners):
            listener(name, ticket, data)

    transaction.on_commit(send)


# The live event each action announces (a recall past the limit takes the no-show's step,
# so it announces a no-show).
EVENTS = {
    states.CALL: "ticket.called",
    states.RECALL: "ticket.recalled",
    states.START: "ticket.started",
    states.FINISH: "ticket.finished",
    states.MARK_NO_SHOW: "ticket.no_show",
    states.CANCEL: "ticket.cancelled",
    states.TRANSFER: "ticket.transferred",
}


def _acting(actor: User | None) -> User | None:
    """The signed-in user behind a change, or None (the system, an anonymous screen)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def _new_public_id() -> str:
    return "".join(secrets.choice(PUBLIC_ID_ALPHABET) for _ in range(12))


def _event(ticket: Ticket, *, action: str, from_status: str, to_status: str | None = None,
           actor: User | None = None, counter: Counter | None = None, at: datetime,
           data: dict | None = None) -> TicketEvent:
    """The ticket's history row (who, which counter, when, from -> to: the ticket's status
    unless given), not yet written."""
    return TicketEvent(ticket_id=ticket.pk, action=action, from_status=from_status,
                       to_status=to_status or ticket.status, service_id=ticket.service_id,
                       counter_id=getattr(counter, "pk", None),
                       actor_id=getattr(_acting(actor), "pk", None), at=at, data=data or {})


def agency_open_now(*, agency: Agency, at: datetime | None = None,
                    calendar: WorkingCalendar | None = None) -> tuple[bool, str]:
    """Whether the agency takes citizens at `at` (site-local), and why not. Pass the site's
    `calendar` when checking many agencies at once (the kiosk's first screen)."""
    site = agency.site
    local = (at or timezone.now()).astimezone(site_now(site).tzinfo)
    if not agency.active:
        return False, _("This service is not available.")
    calendar = calendar or WorkingCalendar.for_site(site)
    if calendar.closed_reason(local.date()) is not None:
        return False, _("The MPP is closed today.")
    if local.isoweekday() not in agency.open_days:
        return False, _("%(agency)s does not serve on this day.") % {"agency": agency}
    if not (agency.opens_at <= local.time() < agency.closes_at):
        return False, _("%(agency)s serves from %(opens)s to %(closes)s.") % {
            "agency": agency, "opens": agency.opens_at.strftime("%H:%M"),
            "closes": agency.closes_at.strftime("%H:%M")}
    return True, ""


def service_open_now(*, service: Service, at: datetime | None = None) -> tuple[bool, str]:
    """Whether the service's agency takes citizens at `at` (site-local), and why not."""
    if not service.active:
        return False, _("This service is not available.")
    return agency_open_now(agency=service.agency, at=at)


def ticket_issue(*, service: Service, lane: str = Lane.REGULAR, source: str = Source.KIOSK,
                 actor=None) -> Ticket:
    """A walk-in ticket: checks who issues it (a kiosk, the front desk, an integrator or the
    mall admin of the service's site, when an actor is given), the opening hours and the
    day's walk-in quota, and numbers it."""
    if lane not in (Lane.REGULAR, Lane.PRIORITY):
        raise Invalid(fields={"priority": _("Choose regular or priority.")})
    now = timezone.now()
    site = service.site
    if actor is not None:
        access.access_ticket_issuer(actor, site)
    with transaction.atomic():
        service = sql.service_locked(service.pk)
        if service is None:  # removed since the kiosk showed it
            raise Conflict(_("This service is not available."), code="closed")
        service.site = service.agency.site = site  # the same row: no need to fetch it again
        is_open, why = service_open_now(service=service, at=now)
        if not is_open:
            raise Conflict(why, code="closed")
        day = site_now(site).date()
        if service.walkin_quota is not None:
            issued = Ticket.objects.filter(service=service, day=day).exclude(
                lane=Lane.APPOINTMENT).count()
            if issued >= service.walkin_quota:
                raise Conflict(
                    _("Today's quota for %(service)s is used up (%(quota)s). Please come back "
                      "on the next working day or book online.") % {
                        "service": service.name, "quota": service.walkin_quota},
                    code="quota_full")
        number = sql.next_number(site_id=service.site_id, prefix=service.prefix, day=day)
        ticket = Ticket(
            public_id=_new_public_id(), site_id=service.site_id, service=service, day=day,
            prefix=service.prefix, number=number, lane=lane, source=source,
            status=states.WAITING, arrived_at=now, queued_at=now, issued_by=_acting(actor))
        sql.ticket_insert(ticket)
        sql.event_insert(_event(ticket, action="issue", from_status="", actor=actor, at=now,
                                data={"lane": lane, "source": source}))
        _publish("ticket.issued", ticket, {})
    return ticket


def _pick_next(counter: Counter, day) -> Ticket | None:
    """The ticket (with its service and agency) this counter calls next, in the call order
    of `order.py`; after MPP_QUEUE_PRIORITY_STREAK priority calls in a row a waiting regular
    ticket goes first."""
    first = sql.next_waiting(counter_id=counter.pk, day=day)
    if first is None or first.lane != Lane.PRIORITY:
        return first
    streak_limit = settings.MPP_QUEUE_PRIORITY_STREAK
    recent = sql.recent_call_lanes(counter_id=counter.pk, day=day, limit=streak_limit)
    if len(recent) == streak_limit and all(lane == Lane.PRIORITY for lane in recent):
        regular = sql.next_waiting(counter_id=counter.pk, day=day, lane=Lane.REGULAR)
        if regular is not None:
            return regular
    return first


def check_call_next(*, counter: Counter, actor: User | None = None) -> None:
    """Conflict when the counter is closed, Forbidden when the actor may not work at it.
    Writes nothing."""
    if _acting(actor) is not None:
        access.check_operates_counter(actor, counter)
    if not counter.is_open:
        raise Conflict(_("The counter is closed: open it first."), code="counter_closed")


def ticket_call_next(*, counter: Counter, actor: User | None = None) -> Ticket | None:
    """The call: the next waiting ticket for what this counter serves (`_pick_next`) becomes
    called at it, or None when nobody waits. Of two counters picking one ticket, one wins
    and the other picks again."""
    check_call_next(counter=counter, actor=actor)
    day = site_now(counter.site).date()
    now = timezone.now()
    for _attempt in range(5):
        with transaction.atomic():
            ticket = _pick_next(counter, day)
            if ticket is None:
                return None
            ticket.service.site = ticket.service.agency.site = counter.site
            called = _event(ticket, action=states.CALL, from_status=states.WAITING,
                            to_status=states.CALLED, actor=actor, counter=counter, at=now)
            if not sql.mark_called(ticket, event=called, at=now):
                continue
            ticket.counter = counter
            _publish(EVENTS[states.CALL], ticket, {})
            return ticket
    return None


def check_transition(*, ticket: Ticket, action: str, actor: User | None = None) -> states.Step:
    """The step `action` takes the ticket to (`states.apply`), or Conflict when its status
    does not allow it, Forbidden when the actor may not act on the ticket. Writes nothing."""
    if _acting(actor) is not None:
        access.check_serves_ticket(actor, ticket)
    try:
        return states.apply(ticket.status, action, recalls=ticket.recalls,
                            max_recalls=settings.MPP_QUEUE_MAX_RECALLS)
    except states.InvalidTransition:
        raise Conflict(
            _("A ticket that is %(status)s cannot be given '%(action)s'.") % {
                "status": ticket.get_status_display().lower(), "action": action},
            code="invalid_transition") from None


def _transition(ticket: Ticket, *, action: str, actor: User | None,
                check: Callable[[Ticket], None] | None = None,
                change: Callable[[Ticket, datetime], dict] | None = None) -> Ticket:
    """The one path of every change after the call: lock the ticket's row, check (the table
    of `states`, the actor's scope, then `check(ticket)`: nothing is written when one
    raises), set the status and the timestamps of `states.EFFECTS`, let `change(ticket,
    now)` do the rest (it returns the event's data), save, write the history row, announce
    it after commit."""
    now = timezone.now()
    with transaction.atomic():
        ticket = (Ticket.objects.select_for_update(of=("self",))
                  .select_related("service__agency", "counter").get(pk=ticket.pk))
        step = check_transition(ticket=ticket, action=action, actor=actor)
        if check is not None:
            check(ticket)
        before, counter = ticket.status, ticket.counter
        ticket.status, ticket.recalls = step.status, step.recalls
        for name in step.effect.sets:
            setattr(ticket, name, now)
        for name in step.effect.clears:
            setattr(ticket, name, None)
        data = change(ticket, now) if change is not None else {}
        ticket.save()
        sql.event_insert(_event(ticket, action=action, from_status=before, actor=actor,
                                counter=counter, at=now, data=data))
        _publish(EVENTS[step.action], ticket, data)
    return ticket


def ticket_recall(*, ticket: Ticket, actor: User | None = None) -> Ticket:
    """Call the ticket again at its counter; the call past MPP_QUEUE_MAX_RECALLS makes it a
    no-show instead."""
    return _transition(ticket, action=states.RECALL, actor=actor)


def ticket_start(*, ticket: Ticket, actor: User | None = None) -> Ticket:
    """The citizen came to the counter: serving starts."""
    return _transition(ticket, action=states.START, actor=actor)


def ticket_finish(*, ticket: Ticket, actor: User | None = None) -> Ticket:
    """The service at the counter is done."""
    return _transition(ticket, action=states.FINISH, actor=actor)


def ticket_mark_no_show(*, ticket: Ticket, actor: User | None = None) -> Ticket:
    """The citizen called did not come."""
    return _transition(ticket, action=states.MARK_NO_SHOW, actor=actor)


def ticket_cancel(*, ticket: Ticket, actor: User | None = None) -> Ticket:
    """The ticket leaves the queue (waiting or called) without being served."""
    return _transition(ticket, action=states.CANCEL, actor=actor)


def check_transfer(*, ticket: Ticket, to_service: Service | None) -> None:
    """Invalid when the ticket may not move to `to_service`: none given, another site's, or
    no longer offered (the table and the actor's scope are `check_transition`'s). Writes
    nothing."""
    if to_service is None:
        raise Invalid(fields={"service": _("Choose the service to transfer to.")})
    if to_service.site_id != ticket.site_id:
        raise Invalid(fields={"service": _("This service belongs to another site.")})
    if not to_service.active:
        raise Invalid(fields={"service": _("This service is not available.")})


def ticket_transfer(*, ticket: Ticket, to_service: Service | None,
                    actor: User | None = None) -> Ticket:
    """Move the ticket to another service's queue (another agency's too): waiting again,
    with no counter, keeping its arrival time (and so its place in the call order)."""

    def move(ticket: Ticket, now: datetime) -> dict:
        data = {"from_service": ticket.service.code, "to_service": to_service.code}
        ticket.service, ticket.counter = to_service, None
        return data

    return _transition(ticket, action=states.TRANSFER, actor=actor,
                       check=lambda locked: check_transfer(ticket=locked, to_service=to_service),
                       change=move)


def counter_set_open(*, counter: Counter, is_open: bool, actor=None) -> Counter:
    """Open or close a counter; a change (not a repeat) is announced to the live screens."""
    with transaction.atomic():
        changed = Counter.objects.filter(pk=counter.pk).exclude(is_open=is_open).update(
            is_open=is_open)
        counter.is_open = is_open
        if changed:
            event_record(site_id=counter.site_id,
                         name="counter.opened" if is_open else "counter.closed",
                         data={"counter": counter.code, "counter_name": counter.name,
                               "floor": counter.floor, "agency": counter.agency.slug,
                               "open": is_open})
    return counter


# --- kiosk printers ---------------------------------------------------------------------------

def kiosk_printer_set(*, kiosk: User, site: Site | None = None, **data) -> KioskPrinter:
    """Create or change the printer of one kiosk device (`printers.kiosk_printer_validate`:
    fields not given keep their value, or the default; `site`, when given, is the site the
    kiosk must belong to)."""
    printer = printers.kiosk_printer_validate(kiosk=kiosk, site=site, **data)
    with transaction.atomic():
        printer.save()
    return printer


def ticket_issue_appointment(*, service: Service, booking_code: str, actor=None,
                             source: str = Source.BOOKING) -> Ticket:
    """A checked-in booking's ticket: the appointment lane (called before walk-ins), numbered
    with the walk-ins, outside the walk-in quota. The booking app checks the window."""
    now = timezone.now()
    with transaction.atomic():
        service = Service.objects.select_related("site", "agency").get(pk=service.pk)
        is_open, why = service_open_now(service=service, at=now)
        if not is_open:
            raise Conflict(why, code="closed")
        day = site_now(service.site).date()
        number = sql.next_number(site_id=service.site_id, prefix=service.prefix, day=day)
        ticket = Ticket(
            public_id=_new_public_id(), site_id=service.site_id, service=service, day=day,
            prefix=service.prefix, number=number, lane=Lane.APPOINTMENT, source=source,
            status=states.WAITING, arrived_at=now, queued_at=now, issued_by=_acting(actor))
        sql.ticket_insert(ticket)
        sql.event_insert(_event(
            ticket, action="issue", from_status="", actor=actor, at=now,
            data={"lane": Lane.APPOINTMENT, "source": source, "booking": booking_code}))
        _publish("ticket.issued", ticket, {})
    return ticket
