"""Past queue activity for a site: walk-in tickets and their events on the working days before
today, as the live queue services would have written them (`mpp loaddemo --history DAYS`).

For each past working day of the site (WorkingCalendar: national holidays, closed days and
weekends skipped) and each active agency open that weekday, a small discrete-event simulation
runs in memory, then the day is written with bulk inserts:

- arrivals: the site's visitors a day (`visitors_per_day`, which the demo loader takes from
  the profile, shared among the agencies open that day; else derived from its officers and counters) split by the
  agencies' staff and popularity (Disdukcapil, Samsat and the police draw more), drawn over the agency's hours with a morning peak around
  09:30-10:00 and a smaller one after the midday break; Mondays are busier, Fridays quieter;
- each ticket picks a service of the agency (the first services of its list more often),
  within the service's daily walk-in quota, 10% in the priority lane, 85% from the kiosk and
  the rest from the front desk;
- the agency's counters (in their CounterService order) call in the call order (order.py: lane,
  arrival, at most MPP_QUEUE_PRIORITY_STREAK priority calls in a row while a regular waits);
  an agency with more officers than counters staffs a counter with several of them, and
  when its demand needs more hands than it has officer accounts, staff without an account
  help at its counters (actor None), so that no officer serves two citizens at once; a
  service takes a lognormal time around its `expected_minutes`;
- outcomes: most tickets are done; ~3% do not come (called, recalled once, marked no-show);
  ~1% cancel at the counter and ~1% leave the waiting line (cancelled by the front desk); ~1.5%
  are transferred to another service of the agency after a few minutes at the counter and
  queue again; who is still waiting at closing time is cancelled;
- one TicketEvent per change (issue, call, recall, start, finish, no_show, cancel, transfer)
  with the counter and the officer (the agency's officer accounts, `<agency>-officerN` in the
  demo; None for a helper without an account) as actor, and the TicketSequence rows of each
  prefix and day.

No realtime Event rows: the live event log is for today's screens. Everything is written in
one transaction; the same seed gives the same history.
"""

from __future__ import annotations

import heapq
import math
import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Length
from django.utils.translation import gettext as _

from mpp.accounts.models import Role, User
from mpp.catalog.calendar import WorkingCalendar, site_today, site_zone
from mpp.catalog.models import Agency, CounterService, Service, Site
from mpp.errors import Conflict, Invalid

from . import order, sql, states
from .models import Lane, Source, Ticket, TicketEvent, TicketSequence

MAX_DAYS = 366
BATCH = 1000
PUBLIC_ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # as services.PUBLIC_ID_ALPHABET

PRIORITY_SHARE = 0.10
FRONT_DESK_SHARE = 0.15
NO_SHOW_SHARE = 0.03
CANCEL_AT_COUNTER_SHARE = 0.01
LEAVE_SHARE = 0.01
TRANSFER_SHARE = 0.015
SERVICE_SIGMA = 0.45          # spread of one citizen's duration around the service's pace
BIAS_SIGMA = 0.2              # how far a service's real pace is from its published minutes
TARGET_LOAD = 0.85            # busy share of the officers' day the staffing aims at
# Agencies citizens come to most (by slug), relative to the others.
POPULAR = {"disdukcapil": 2.5, "samsat": 2.0, "polres": 1.5, "bpjs-kesehatan": 1.3,
           "imigrasi": 1.2}
WEEKDAY_PACE = {1: 1.15, 2: 1.05, 3: 1.0, 4: 1.0, 5: 0.8, 6: 0.7, 7: 0.5}
# Citizens come between these hours even when an agency is open longer (`--always-open`).
ARRIVALS_FROM, ARRIVALS_UNTIL = 7.5 * 60, 16 * 60


def peak_shape(minute: float) -> float:
    """Relative arrival intensity at `minute` after midnight: a morning peak around
    09:30-10:00 and a smaller one after the midday break."""
    hours = minute / 60
    return (0.6 + 1.6 * math.exp(-((hours - 9.7) / 0.9) ** 2)
            + 0.5 * math.exp(-((hours - 13.3) / 0.7) ** 2))


PEAK_MAX = 2.3


def site_visitors_per_day(site: Site) -> int:
    """Less than half of what the site's officers (at least one per counter) can serve in a
    day at ten minutes a citizen: the visitors of a site whose figure is not known."""
    total = 0.0
    for agency in Agency.objects.filter(site=site, active=True).prefetch_related("counters"):
        minutes = _minutes(agency.closes_at) - _minutes(agency.opens_at)
        seats = max(agency.counters.count(), User.objects.filter(
            agency=agency, role=Role.OFFICER, is_active=True).count())
        total += (seats if agency.counters.exists() else 0) * max(minutes, 0) / 11
    return max(1, round(total * 0.45))


def _minutes(value: time) -> float:
    return value.hour * 60 + value.minute + value.second / 60


# --- the in-memory simulation -----------------------------------------------------------------

@dataclass
class _Service:
    id: int
    code: str
    prefix: str
    expected: float
    quota: int | None
    weight: float
    bias: float = 1.0


@dataclass
class _Desk:
    """One officer at one counter."""

    counter_id: int
    services: tuple[int, ...]
    actor_id: int | None
    pace: float
    streak: deque
    busy: bool = False
    opens_at: float = 0.0


@dataclass
class _Ticket:
    seq: int
    service: _Service
    lane: str
    source: str
    issued_by: int | None
    arrived: float
    prefix: str
    queued: float = 0.0
    status: str = states.WAITING
    counter_id: int | None = None
    recalls: int = 0
    called: float | None = None
    started: float | None = None
    finished: float | None = None
    transferred: bool = False
    # (action, from_status, to_status, service_id, counter_id, actor_id, minute, data)
    events: list = field(default_factory=list)

    def log(self, action, before, counter_id, actor_id, at, data=None):
        self.events.append((action, before, self.status, self.service.id, counter_id,
                            actor_id, at, data or {}))


@dataclass
class _Agency:
    agency: Agency
    services: list[_Service]
    desks: list[tuple[int, tuple[int, ...], int | None]]  # counter, its services, officer
    share: float
    opens: float
    closes: float


def _simulate_agency(spec: _Agency, *, demand: float, rng: random.Random, weekday: int,
                     front_desk_id: int | None, kiosk_id: int | None,
                     streak_limit: int) -> list[_Ticket]:
    opens, closes = spec.opens, spec.closes
    arrive_from = max(opens, ARRIVALS_FROM)
    arrive_until = min(closes - 20, ARRIVALS_UNTIL)
    if arrive_until - arrive_from < 60:
        arrive_from, arrive_until = opens, max(opens + 1, closes - 10)
    count = max(0, round(demand * WEEKDAY_PACE.get(weekday, 1.0) * rng.lognormvariate(0, 0.12)))

    services = spec.services
    issued = {s.id: 0 for s in services}
    tickets: list[_Ticket] = []
    times = []
    while len(times) < count:
        at = rng.uniform(arrive_from, arrive_until)
        if rng.random() * PEAK_MAX <= peak_shape(at):
            times.append(at)
    times.sort()
    weights = [s.weight for s in services]
    for at in times:
        service = rng.choices(services, weights)[0]
        if service.quota is not None and issued[service.id] >= service.quota:
            room = [s for s in services if s.quota is None or issued[s.id] < s.quota]
            if not room:
                continue  # every quota is used up: the citizen is turned away
            service = rng.choices(room, [s.weight for s in room])[0]
        issued[service.id] += 1
        lane = Lane.PRIORITY if rng.random() < PRIORITY_SHARE else Lane.REGULAR
        if front_desk_id is not None and rng.random() < FRONT_DESK_SHARE:
            source, by = Source.FRONT_DESK, front_desk_id
        else:
            source, by = Source.KIOSK, kiosk_id
        ticket = _Ticket(seq=len(tickets), service=service, lane=lane, source=source,
                         issued_by=by, arrived=at, queued=at, prefix=service.prefix)
        ticket.log("issue", "", None, by, at,
                   {"lane": str(lane), "source": str(source)})
        tickets.append(ticket)

    # How many officers the day needs: the agency's officers, more when the demand asks.
    mean_minutes = (sum(s.expected * s.bias * s.weight for s in services)
                    / sum(weights)) + 1.0
    needed = math.ceil(len(tickets) * mean_minutes / max(closes - opens, 30)
                       / TARGET_LOAD) if tickets else 0
    # More citizens than the agency's officer accounts can serve: staff without an account
    # in the system help at its counters (actor None), so that no officer serves two at once.
    desk_specs = list(spec.desks)
    counters = list(dict.fromkeys((c, svc) for c, svc, _a in spec.desks))
    extra = 0
    while len(desk_specs) < needed and counters:
        counter, served = counters[extra % len(counters)]
        desk_specs.append((counter, served, None))
        extra += 1
    desks = [_Desk(counter_id=c, services=s, actor_id=a, pace=rng.lognormvariate(0, 0.12),
                   streak=deque(maxlen=streak_limit)) for c, s, a in desk_specs]

    # Waiting lines per service and lane, each in arrival order.
    lanes = (Lane.PRIORITY, Lane.REGULAR)
    waiting: dict[int, dict[str, list]] = {s.id: {lane: [] for lane in lanes}
                                           for s in services}
    events: list = []
    pushed = 0

    def push(at, kind, payload):
        nonlocal pushed
        pushed += 1
        heapq.heappush(events, (at, pushed, kind, payload))

    def enqueue(ticket: _Ticket) -> None:
        heapq.heappush(waiting[ticket.service.id][ticket.lane],
                       (ticket.arrived, ticket.seq, ticket))

    def head(queue):
        while queue and queue[0][2].status != states.WAITING:
            heapq.heappop(queue)
        return queue[0] if queue else None

    def pick(desk: _Desk) -> _Ticket | None:
        best = None
        regular = None
        for service_id in desk.services:
            queues = waiting.get(service_id)
            if queues is None:
                continue
            for lane in lanes:
                top = head(queues[lane])
                if top is None:
                    continue
                key = order.sort_key(lane, top[0], top[1])
                if best is None or key < best[0]:
                    best = (key, lane, service_id)
                if lane == Lane.REGULAR and (regular is None or key < regular[0]):
                    regular = (key, lane, service_id)
        if best is None:
            return None
        if (best[1] == Lane.PRIORITY and regular is not None
                and len(desk.streak) == streak_limit
                and all(lane == Lane.PRIORITY for lane in desk.streak)):
            best = regular
        _key, lane, service_id = best
        return heapq.heappop(waiting[service_id][lane])[2]

    def dispatch(now: float) -> None:
        if now >= closes:
            return
        for desk in desks:
            if desk.busy or now < desk.opens_at:
                continue
            ticket = pick(desk)
            if ticket is None:
                continue
            desk.busy = True
            desk.streak.append(ticket.lane)
            push(serve(desk, ticket, now), "free", desk)

    def clamp(at: float) -> float:
        return min(at, closes)

    def serve(desk: _Desk, ticket: _Ticket, now: float) -> float:
        """Play the ticket's time at the desk from `now`; returns when the desk is free."""
        counter, actor = desk.counter_id, desk.actor_id
        ticket.status, ticket.counter_id, ticket.called, ticket.recalls = (
            states.CALLED, counter, now, 0)
        ticket.log(states.CALL, states.WAITING, counter, actor, now)
        draw = rng.random()
        if draw < NO_SHOW_SHARE:
            recall = clamp(now + rng.uniform(1.0, 2.0))
            ticket.recalls, ticket.called = 1, recall
            ticket.log(states.RECALL, states.CALLED, counter, actor, recall)
            end = clamp(recall + rng.uniform(1.0, 2.0))
            ticket.status, ticket.finished = states.NO_SHOW, end
            ticket.log(states.MARK_NO_SHOW, states.CALLED, counter, actor, end)
            return end
        if draw < NO_SHOW_SHARE + CANCEL_AT_COUNTER_SHARE:
            end = clamp(now + rng.uniform(1.0, 3.0))
            ticket.status, ticket.finished = states.CANCELLED, end
            ticket.log(states.CANCEL, states.CALLED, counter, actor, end)
            return end
        start = clamp(now + rng.uniform(0.5, 1.5))
        ticket.status, ticket.started = states.SERVING, start
        ticket.log(states.START, states.CALLED, counter, actor, start)
        others = [s for s in services if s.id != ticket.service.id and any(
            s.id in d.services for d in desks)]
        if (not ticket.transferred and others and rng.random() < TRANSFER_SHARE
                and start + 5 < closes):
            end = clamp(start + rng.uniform(1.0, 4.0))
            target = rng.choices(others, [s.weight for s in others])[0]
            data = {"from_service": ticket.service.code, "to_service": target.code}
            ticket.service, ticket.status, ticket.counter_id = target, states.WAITING, None
            ticket.queued, ticket.called, ticket.started = end, None, None
            ticket.transferred = True
            ticket.log(states.TRANSFER, states.SERVING, counter, actor, end, data)
            push(end, "requeue", ticket)
            return end
        service = ticket.service
        mean = service.expected * service.bias * desk.pace
        minutes = rng.lognormvariate(math.log(mean) - SERVICE_SIGMA ** 2 / 2, SERVICE_SIGMA)
        end = clamp(start + max(minutes, 0.5))
        ticket.status, ticket.finished = states.DONE, end
        ticket.log(states.FINISH, states.SERVING, counter, actor, end)
        return end

    for desk in desks:
        desk.opens_at = opens + rng.uniform(0, 10)
        push(desk.opens_at, "open", desk)
    for ticket in tickets:
        push(ticket.arrived, "arrive", ticket)
        if rng.random() < LEAVE_SHARE:
            push(ticket.arrived + rng.expovariate(1 / 40), "leave", ticket)
    push(closes, "close", None)

    while events:
        now, _order, kind, payload = heapq.heappop(events)
        if kind in ("arrive", "requeue"):
            enqueue(payload)
            dispatch(now)
        elif kind == "free":
            payload.busy = False
            dispatch(now)
        elif kind == "open":
            dispatch(now)
        elif kind == "leave":
            ticket = payload
            if ticket.status == states.WAITING and now < closes:
                ticket.status, ticket.finished = states.CANCELLED, now
                ticket.log(states.CANCEL, states.WAITING, None, front_desk_id, now)
        elif kind == "close":
            for ticket in tickets:  # still waiting at closing time: the day is over for them
                if ticket.status == states.WAITING:
                    ticket.status, ticket.finished = states.CANCELLED, closes
                    ticket.log(states.CANCEL, states.WAITING, None, None, closes)
    return tickets


# --- writing ----------------------------------------------------------------------------------

def _load_site(site: Site, rng: random.Random) -> list[_Agency]:
    agencies = list(Agency.objects.filter(site=site, active=True).order_by("position", "id"))
    links = list(CounterService.objects.filter(counter__site=site, service__active=True)
                 .select_related("counter").order_by("counter__code", "position", "id"))
    served_by: dict[int, list[int]] = {}
    counter_agency: dict[int, int] = {}
    for link in links:
        served_by.setdefault(link.counter_id, []).append(link.service_id)
        counter_agency[link.counter_id] = link.counter.agency_id
    served = {service_id for ids in served_by.values() for service_id in ids}
    officers: dict[int, list[int]] = {}
    for user_id, agency_id in (User.objects.filter(site=site, role=Role.OFFICER, is_active=True)
                               .order_by(Length("username"), "username")
                               .values_list("id", "agency_id")):
        officers.setdefault(agency_id, []).append(user_id)

    out = []
    for agency in agencies:
        services = []
        for rank, service in enumerate(Service.objects.filter(agency=agency, active=True)
                                       .filter(pk__in=served).order_by("position", "id")):
            services.append(_Service(
                id=service.pk, code=service.code, prefix=service.prefix,
                expected=float(service.expected_minutes or 10), quota=service.walkin_quota,
                weight=1 / (rank + 1) ** 0.8, bias=rng.lognormvariate(0, BIAS_SIGMA)))
        counters = [c for c, a in counter_agency.items() if a == agency.pk]
        if not services or not counters:
            continue
        staff = officers.get(agency.pk, [])
        seats = max(len(counters), len(staff))
        # One desk per officer account (first, so they call first), one per counter at least.
        desks = [(counters[i % len(counters)], tuple(served_by[counters[i % len(counters)]]),
                  staff[i] if i < len(staff) else None) for i in range(seats)]
        opens, closes = _minutes(agency.opens_at), _minutes(agency.closes_at)
        if closes <= opens:
            continue
        out.append(_Agency(agency=agency, services=services, desks=desks,
                           share=seats * POPULAR.get(agency.slug, 1.0), opens=opens,
                           closes=closes))
    return out


def _public_id(rng: random.Random) -> str:
    return "".join(rng.choice(PUBLIC_ID_ALPHABET) for _ in range(12))


def history_generate(*, site: Site, days: int, seed: int = 1,
                     progress: Callable[[int, int, date, int], None] | None = None,
                     visitors_per_day: int | None = None) -> dict:
    """Fill the `days` site-local days before today with walk-in queue activity.

    `progress(done, days, day, tickets_that_day)` is called after each calendar day. Returns
    {"days", "working_days", "tickets", "events", "statuses": {status: count}}. A site that
    already has tickets on those days is refused (Conflict): nothing is written twice."""
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DAYS:
        raise Invalid(
            _("history: use a number of days from 0 to %(max)s.") % {"max": MAX_DAYS},
            fields={"history": _("Use a number of days from 0 to %(max)s.") % {"max": MAX_DAYS}})
    today = site_today(site)
    first = today - timedelta(days=days)
    summary = {"days": days, "working_days": 0, "tickets": 0, "events": 0,
               "statuses": {status: 0 for status in states.STATUSES}}
    if days == 0:
        return summary
    if Ticket.objects.filter(site=site, day__gte=first, day__lt=today).exists() or \
            TicketSequence.objects.filter(site=site, day__gte=first, day__lt=today).exists():
        raise Conflict(
            _("history: %(site)s already has queue tickets in the last %(days)s days; history "
              "is only generated for days without any.") % {"site": site.slug, "days": days},
            code="history_exists")

    zone = site_zone(site)
    calendar = WorkingCalendar.for_site(site)
    rng = random.Random(seed)
    agencies = _load_site(site, rng)
    # A known figure (the profile's) is the site's visitors on any working day: it is shared
    # among the agencies open that day. A derived one is the sum of what each agency can take.
    site_figure = visitors_per_day
    visitors = site_figure or site_visitors_per_day(site)
    all_share = sum(a.share for a in agencies) or 1.0
    front_desk = (User.objects.filter(site=site, role=Role.FRONT_DESK, is_active=True)
                  .order_by("id").values_list("id", flat=True).first())
    kiosk = (User.objects.filter(site=site, role=Role.KIOSK, is_active=True)
             .order_by("id").values_list("id", flat=True).first())
    streak_limit = max(1, settings.MPP_QUEUE_PRIORITY_STREAK)

    with transaction.atomic():
        for index in range(days):
            day = first + timedelta(days=index)
            # Each day has its own generator: a day's history does not depend on how many
            # days were asked for.
            day_rng = random.Random(f"{seed}:{site.slug}:{day.isoformat()}")
            made = 0
            if calendar.is_working_day(day):
                open_today = [a for a in agencies if calendar.agency_open_on(a.agency, day)]
                total_share = (sum(a.share for a in open_today) or 1.0) if site_figure \
                    else all_share
                made = _write_day(
                    site=site, day=day, zone=zone, rng=day_rng, summary=summary,
                    agencies=open_today, visitors=visitors, total_share=total_share, front_desk=front_desk,
                    kiosk=kiosk, streak_limit=streak_limit)
                summary["working_days"] += 1
            if progress is not None:
                progress(index + 1, days, day, made)
    return summary


def _write_day(*, site, day, zone, rng, summary, agencies, visitors, total_share, front_desk,
               kiosk, streak_limit) -> int:
    tickets: list[_Ticket] = []
    for spec in agencies:
        tickets.extend(_simulate_agency(
            spec, demand=visitors * spec.share / total_share, rng=rng,
            weekday=day.isoweekday(), front_desk_id=front_desk, kiosk_id=kiosk,
            streak_limit=streak_limit))
    if not tickets:
        return 0
    midnight = datetime.combine(day, time(0), tzinfo=zone)

    def at(minutes: float | None) -> datetime | None:
        if minutes is None:
            return None
        return midnight + timedelta(seconds=round(minutes * 60))

    tickets.sort(key=lambda t: (t.arrived, t.prefix))
    numbers: dict[str, int] = {}
    rows = []
    for ticket in tickets:
        numbers[ticket.prefix] = numbers.get(ticket.prefix, 0) + 1
        rows.append(Ticket(
            public_id=_public_id(rng), site_id=site.pk, service_id=ticket.service.id, day=day,
            prefix=ticket.prefix, number=numbers[ticket.prefix], lane=ticket.lane,
            source=ticket.source, status=ticket.status, counter_id=ticket.counter_id,
            recalls=ticket.recalls, arrived_at=at(ticket.arrived), queued_at=at(ticket.queued),
            called_at=at(ticket.called), started_at=at(ticket.started),
            finished_at=at(ticket.finished), issued_by_id=ticket.issued_by))
        summary["statuses"][ticket.status] += 1
    TicketSequence.objects.bulk_create(
        [TicketSequence(site_id=site.pk, prefix=prefix, day=day, last_number=last)
         for prefix, last in sorted(numbers.items())])
    sql.tickets_insert(rows, batch_size=BATCH)
    events = [
        TicketEvent(ticket_id=row.pk, action=action, from_status=before, to_status=after,
                    service_id=service_id, counter_id=counter_id, actor_id=actor_id,
                    at=at(minute), data=data)
        for row, ticket in zip(rows, tickets, strict=True)
        for action, before, after, service_id, counter_id, actor_id, minute, data in ticket.events
    ]
    sql.events_insert(events, batch_size=BATCH)
    summary["tickets"] += len(rows)
    summary["events"] += len(events)
    return len(rows)
