"""Reads of the queue: position, waiting estimate, the display board."""

from __future__ import annotations

from django.db.models import Count, Q

from mpp.catalog.models import Counter, Site

from . import states
from .models import Lane, Ticket

LANE_RANK = {Lane.APPOINTMENT: 0, Lane.PRIORITY: 1, Lane.REGULAR: 2}


def ticket_position(ticket: Ticket) -> int:
    """How many waiting tickets of the same service will be called before this one."""
    if ticket.status != states.WAITING:
        return 0
    rank = LANE_RANK[ticket.lane]
    ahead_lanes = [lane for lane, r in LANE_RANK.items() if r < rank]
    return Ticket.objects.filter(service_id=ticket.service_id, day=ticket.day,
                                 status=states.WAITING).filter(
        Q(lane__in=ahead_lanes)
        | Q(lane=ticket.lane, arrived_at__lt=ticket.arrived_at)
        | Q(lane=ticket.lane, arrived_at=ticket.arrived_at, pk__lt=ticket.pk)
    ).count()


def ticket_estimated_wait(ticket: Ticket, position: int | None = None) -> int:
    """Naive estimate: people ahead x expected minutes / open counters serving the service.
    (Issue #3 replaces this with the live service rate; see docs/queue-estimates.md then.)"""
    if ticket.status != states.WAITING:
        return 0
    position = ticket_position(ticket) if position is None else position
    open_counters = Counter.objects.filter(services=ticket.service_id, is_open=True).count()
    return round(position * ticket.service.expected_minutes / max(open_counters, 1))


def display_board(*, site: Site, day, limit: int = 10) -> dict:
    calls = (
        Ticket.objects.filter(site=site, day=day, called_at__isnull=False)
        .select_related("counter", "service__agency")
        .order_by("-called_at")[:limit]
    )
    waiting = dict(
        Ticket.objects.filter(site=site, day=day, status=states.WAITING)
        .values_list("service__code").annotate(n=Count("id")).values_list("service__code", "n")
    )
    return {
        "calls": [
            {"number": t.display_number, "counter": t.counter.name if t.counter else "",
             "agency": str(t.service.agency), "at": t.called_at}
            for t in calls
        ],
        "waiting": waiting,
    }
