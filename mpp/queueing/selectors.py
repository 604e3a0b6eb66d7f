"""Reads of the queue: position, waiting estimate, the display board."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.db.models import Count
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from mpp.catalog.models import Service, Site

from . import estimates, order, sql, states
from .models import Ticket


def ticket_position(ticket: Ticket) -> int:
    """How many waiting tickets of the same service will be called before this one.

    One plain SQL count (`sql.position`: it runs on every ticket issue and every ticket
    page)."""
    if ticket.status != states.WAITING:
        return 0
    return sql.position(ticket_id=ticket.pk, ahead_lanes=order.lanes_ahead(ticket.lane))


def _timestamp(value) -> datetime:
    """A timestamp column read with plain SQL: PostgreSQL gives an aware datetime, SQLite the
    text Django stored (UTC)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value


def _minutes(delta) -> float:
    return delta.total_seconds() / 60


HISTORY_PER_QUERY = 400  # today's latest finished tickets the service rate learns from


def _queue_states(*, site_id: int, day, agencies, now: datetime
                  ) -> dict[int, estimates.QueueState]:
    """The estimator's view of each agency's queue today, in four small queries for any
    number of agencies (`agencies`: agency ids): the open counters
    and what they serve; the waiting tickets in call order (ids only, no timestamps: the
    database sorts them); the tickets at a counter now; today's latest finished tickets.
    The cost grows with the waiting queue, not with the day's whole history."""
    agencies = [agencies] if isinstance(agencies, int) else list(agencies)
    if not agencies:
        return {}
    rows = sql.queue_rows(site_id=site_id, day=day, agency_ids=agencies,
                          history_limit=HISTORY_PER_QUERY)
    links, waiting = rows.links, rows.waiting
    at_counter = [(service, agency, counter, _timestamp(called))
                  for service, agency, counter, called in rows.at_counter]
    finished = [(service, agency, counter, _timestamp(called), _timestamp(done))
                for service, agency, counter, called, done in rows.finished]
    result: dict[int, estimates.QueueState] = {}

    def state(agency_id: int) -> estimates.QueueState:
        if agency_id not in result:
            result[agency_id] = estimates.QueueState(
                expected_minutes={}, counters=[], waiting=[], history=[])
        return result[agency_id]

    counter_services: dict[int, list[int]] = {}
    counter_agency: dict[int, int] = {}
    for counter_id, agency_id, is_open, service_id, expected in links:
        state(agency_id).expected_minutes[service_id] = expected
        if is_open:  # SQLite answers 1/0
            counter_services.setdefault(counter_id, []).append(service_id)
            counter_agency[counter_id] = agency_id

    for rank, (pk, service_id, agency_id, expected, lane) in enumerate(waiting):
        queue = state(agency_id)
        queue.expected_minutes.setdefault(service_id, expected)
        queue.waiting.append(estimates.WaitingTicket(
            key=pk, service=service_id, lane=lane, order=(rank,)))

    busy: dict[int, tuple[int, float]] = {}
    for service_id, _agency_id, counter_id, called_at in at_counter:
        busy[counter_id] = (service_id, max(_minutes(now - called_at), 0.0))

    for service_id, agency_id, counter_id, called_at, finished_at in reversed(list(finished)):
        if finished_at > called_at:
            state(agency_id).history.append(estimates.Finished(
                service=service_id, counter=counter_id,
                minutes=_minutes(finished_at - called_at)))

    for counter_id, services in counter_services.items():
        busy_service, busy_minutes = busy.get(counter_id, (None, 0.0))
        state(counter_agency[counter_id]).counters.append(estimates.OpenCounter(
            key=counter_id, services=tuple(services), busy_service=busy_service,
            busy_minutes=busy_minutes))
    return result


def _estimates(*, site_id: int, day, agencies, now: datetime | None = None,
               only: int | None = None) -> dict[int, int]:
    now = now or timezone.now()
    waits: dict[int, int] = {}
    for queue in _queue_states(site_id=site_id, day=day, agencies=agencies, now=now).values():
        if queue.waiting:
            for key, minutes in estimates.estimate_waits(queue, only=only).items():
                waits[key] = round(minutes)
    return waits


def ticket_estimated_wait(ticket: Ticket) -> int:
    """Minutes until this ticket is likely called, from the live service rate of the counters
    that serve it (docs/queue-estimates.md); 0 once it is no longer waiting. Four small queries."""
    if ticket.status != states.WAITING:
        return 0
    service = ticket.service  # loaded with the ticket by its callers
    return _estimates(site_id=ticket.site_id, day=ticket.day, agencies=[service.agency_id],
                      only=ticket.pk).get(ticket.pk, 0)


def tickets_estimated_wait(tickets: Iterable[Ticket]) -> dict[int, int]:
    """The estimate of many tickets at once, by ticket id: four queries per site and day
    however many tickets (a display or a console list), 0 for tickets no longer waiting."""
    tickets = list(tickets)
    groups: dict[tuple[int, object], set[int]] = {}
    for ticket in tickets:
        if ticket.status == states.WAITING:
            groups.setdefault((ticket.site_id, ticket.day), set()).add(ticket.service_id)
    waits: dict[int, int] = {}
    for (site_id, day), service_ids in groups.items():
        agencies = set(Service.objects.filter(pk__in=service_ids)
                       .values_list("agency_id", flat=True))
        waits.update(_estimates(site_id=site_id, day=day, agencies=agencies))
    return {ticket.pk: waits.get(ticket.pk, 0) for ticket in tickets}


def site_estimated_waits(*, site: Site, day) -> dict[int, int]:
    """Every waiting ticket of the site on `day` with its estimate, by ticket id (4 queries)."""
    agencies = site.agencies.values_list("id", flat=True)
    return _estimates(site_id=site.pk, day=day, agencies=agencies)


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
