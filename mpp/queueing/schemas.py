"""The queue's API shapes that other apps answer with too (the bookings' check-in answers a
ticket): the contract's ticket, and how a ticket becomes one."""

from __future__ import annotations

from ninja import Schema

from . import selectors


class TicketOut(Schema):
    id: str
    number: str
    service: str
    status: str
    position: int
    estimated_wait_minutes: int
    counter: str | None = None


class PublicTicketOut(Schema):
    id: str
    number: str
    status: str
    position: int
    estimated_wait_minutes: int
    counter: str | None = None


def ticket_out(ticket) -> dict:
    position = selectors.ticket_position(ticket)
    return {
        "id": ticket.public_id,
        "number": ticket.display_number,
        "service": ticket.service.code,
        "status": ticket.status,
        "position": position,
        "estimated_wait_minutes": selectors.ticket_estimated_wait(ticket),
        "counter": ticket.counter.code if ticket.counter_id else None,
    }
