"""Queue events the booking app listens to: "your turn is near" for checked-in bookings."""

from __future__ import annotations

import logging

from django.db import connection

from mpp.queueing import services as queue
from mpp.queueing import states as ticket_states
from mpp.queueing.models import Lane, Ticket
from mpp.queueing.selectors import ticket_position

from . import notify, states
from .models import Booking

log = logging.getLogger(__name__)
_connected = False


def _appointments_waiting(service_id: int, day) -> bool:
    """Whether any checked-in booking (an appointment-lane ticket) waits for the service."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {Ticket._meta.db_table} WHERE service_id = %s AND day = %s "
            f"AND status = %s AND lane = %s LIMIT 1",
            [service_id, day, ticket_states.WAITING, Lane.APPOINTMENT])
        return cursor.fetchone() is not None


def on_ticket_event(name: str, ticket, data: dict) -> None:
    """After a call: every checked-in booking still waiting for the same service with at most
    the site's `turn_near_ahead` people ahead gets one notice (deduped per ticket)."""
    if name not in ("ticket.called", "ticket.no_show", "ticket.cancelled",
                    "ticket.transferred"):
        return
    if name == "ticket.called" and ticket.lane != Lane.APPOINTMENT:
        # Call-next takes checked-in bookings first from every service the counter serves,
        # this ticket's service among them: a walk-in called means none waits for it.
        return
    try:
        if not _appointments_waiting(ticket.service_id, ticket.day):
            return  # the common case, walk-ins only: one indexed count, no ORM query building
        waiting = (Booking.objects.filter(
            status=states.CHECKED_IN, ticket__status=ticket_states.WAITING,
            ticket__service_id=ticket.service_id, ticket__day=ticket.day)
            .select_related("ticket", "service__agency", "site"))
        for booking in waiting:
            ahead = ticket_position(booking.ticket)
            if ahead <= booking.site.turn_near_ahead:
                notify.turn_near(booking, ticket=booking.ticket, ahead=ahead)
    except Exception:  # noqa: BLE001 - a notice must never break a call at the counter
        log.exception("turn-near notice after %s failed", name)


def connect() -> None:
    global _connected
    if not _connected:
        queue.subscribe(on_ticket_event)
        _connected = True
