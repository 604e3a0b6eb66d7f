"""How wrong is the waiting-time estimate? A replay of simulated days of a demo MPP.

    .venv/bin/python benchmarks/estimate_replay.py [--days 20] [--seed 7] [--profile tangerang]

No database: a discrete-event simulation in memory. Every agency of the demo profile
(mpp/demo/<profile>.py: its services with their published expected minutes and its
counters) gets citizens by a Poisson process with a morning peak; every ticket, at the moment
it is issued, is given both estimates (the live one, `mpp.queueing.estimates.estimate_wait`,
from the same pure function the selector calls, and the naive one: people of the same service
ahead x published minutes / open counters of the service); the simulation then runs on and
records when it is really called. It prints the mean and the 90th percentile of the absolute
error (minutes) of both, per scenario. Deterministic for a given seed.

What the simulated MPP does (docs/queue-estimates.md, "The replay benchmark"):
- agency hours 08:00-15:00 for issuing tickets; counters serve until their queue is empty;
- each agency has `officers` counters: the profile's counters, then extra ones that serve its
  three most asked services (so that some counters share services and some do not);
- a counter opens 0-10 minutes late, and about one in three takes a 30-minute break between
  11:30 and 13:00 (it finishes its citizen first);
- a service really takes its published minutes x a bias of the service (lognormal, spread
  0.3: published standards are rarely exact) x the day's pace x the counter's pace, each
  citizen lognormal around that (spread 0.5), plus 0.5-1.5 minutes to walk to the counter;
- 4% of called citizens do not come (the counter spends 3 minutes recalling), 3% of waiting
  citizens leave before being called (they are left out of the errors);
- 10% of tickets are in the priority lane; the call order is the engine's (lane, arrival,
  at most three priority calls in a row when a regular waits).
Scenarios: a quiet day (55% of the day's capacity), a busy day (95%, so the morning peak
builds a queue), and a fairly busy day (80%) on which one counter of every agency with
several counters closes at 10:00 for good.

`--cut-in` also gives the estimator the last hour's priority arrival rates (the live selector
does not: on these replays it made the error larger; see the document).
"""

from __future__ import annotations

import argparse
import heapq
import importlib
import math
import os
import random
import sys
import time
from collections import deque
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from mpp.queueing.estimates import (  # noqa: E402
    Finished,
    OpenCounter,
    QueueState,
    WaitingTicket,
    estimate_wait,
    naive_estimate,
)
from mpp.queueing.order import LANE_RANK  # noqa: E402

OPENS, CLOSES = 8 * 60, 15 * 60          # issuing hours, minutes after midnight
PRIORITY_SHARE = 0.10
NO_SHOW_SHARE, NO_SHOW_MINUTES = 0.04, 3.0
LEAVE_SHARE = 0.03
SERVICE_SIGMA = 0.5                      # spread of one citizen's duration
BIAS_SIGMA = 0.3                         # how far a service's real pace is from its standard
HISTORY_KEPT = 60                        # finished calls per agency the estimator is given
RATE_WINDOW = 60.0
PRIORITY_STREAK_LIMIT = 3
SCENARIOS = [
    ("quiet day", 0.55, False),
    ("busy day", 0.95, False),
    ("counter closes 10:00", 0.80, True),
]


@dataclass
class Service:
    code: str
    agency: str
    expected: float
    bias: float
    weight: float


@dataclass
class Desk:
    code: str
    agency: str
    services: tuple[str, ...]
    open: bool = False
    busy: Ticket | None = None
    streak: deque = field(default_factory=lambda: deque(maxlen=PRIORITY_STREAK_LIMIT))
    pace: float = 1.0


@dataclass
class Ticket:
    id: int
    service: str
    agency: str
    lane: str
    arrived: float
    left: bool = False
    called: float | None = None
    estimate: float = 0.0
    naive: float = 0.0

    @property
    def call_key(self):
        return (LANE_RANK[self.lane], self.arrived, self.id)


def load_profile(name: str):
    """Agencies, services and counters of a demo profile; the test personas if it is gone."""
    try:
        profile = importlib.import_module(f"mpp.demo.{name}").PROFILE
    except (ImportError, AttributeError):
        profile = {
            "agencies": [{"slug": "disdukcapil", "officers": 2}, {"slug": "samsat", "officers": 2},
                         {"slug": "pln", "officers": 1}],
            "services": [
                {"agency": "disdukcapil", "code": "ktp-el-baru", "expected_minutes": 10},
                {"agency": "disdukcapil", "code": "kk-baru", "expected_minutes": 10},
                {"agency": "samsat", "code": "pkb-tahunan", "expected_minutes": 10},
                {"agency": "pln", "code": "pasang-baru", "expected_minutes": 10},
            ],
            "counters": [
                {"code": "L01", "agency": "disdukcapil", "services": ["ktp-el-baru", "kk-baru"]},
                {"code": "L02", "agency": "samsat", "services": ["pkb-tahunan"]},
                {"code": "L03", "agency": "pln", "services": ["pasang-baru"]},
            ],
        }
    return profile


def build_mall(profile, rng: random.Random):
    services: dict[str, Service] = {}
    by_agency: dict[str, list[Service]] = {}
    for spec in profile["services"]:
        rank = len(by_agency.get(spec["agency"], []))
        service = Service(code=spec["code"], agency=spec["agency"],
                          expected=float(spec.get("expected_minutes", 10)),
                          bias=rng.lognormvariate(0, BIAS_SIGMA), weight=1 / (rank + 1))
        services[service.code] = service
        by_agency.setdefault(service.agency, []).append(service)
    desks: list[tuple[str, str, tuple[str, ...]]] = [
        (c["code"], c["agency"], tuple(c["services"])) for c in profile["counters"]
        if c["agency"] in by_agency]
    officers = {a["slug"]: a.get("officers", 1) for a in profile["agencies"]}
    for agency, own in by_agency.items():
        have = sum(1 for d in desks if d[1] == agency)
        top = tuple(s.code for s in own[:3])
        for extra in range(officers.get(agency, 1) - have):
            desks.append((f"{agency}-x{extra + 1}", agency, top))
    return services, by_agency, desks


def peak_shape(minute: float) -> float:
    """Arrival intensity over the day (relative): a morning peak around 09:30-10:00 and a
    smaller one after the midday break."""
    hours = minute / 60
    return (0.6 + 1.6 * math.exp(-((hours - 9.7) / 0.9) ** 2)
            + 0.5 * math.exp(-((hours - 13.3) / 0.7) ** 2))


PEAK_MAX = max(peak_shape(m) for m in range(OPENS, CLOSES))
PEAK_MEAN = sum(peak_shape(m) for m in range(OPENS, CLOSES)) / (CLOSES - OPENS)


def simulate_day(services, by_agency, desk_specs, *, load: float, close_one: bool,
                 rng: random.Random, cut_in: bool = False) -> list[Ticket]:
    day_pace = rng.lognormvariate(0, 0.1)
    desks = [Desk(code=c, agency=a, services=s, pace=rng.lognormvariate(0, 0.15))
             for c, a, s in desk_specs]
    agency_desks: dict[str, list[Desk]] = {}
    for desk in desks:
        agency_desks.setdefault(desk.agency, []).append(desk)

    events: list = []
    seq = 0

    def push(at, kind, payload):
        nonlocal seq
        seq += 1
        heapq.heappush(events, (at, seq, kind, payload))

    # Counters: late opening, a break for some, one closing for good in the third scenario.
    for own in agency_desks.values():
        for index, desk in enumerate(own):
            push(OPENS + rng.uniform(0, 10), "open", desk)
            if close_one and len(own) > 1 and index == len(own) - 1:
                push(10 * 60, "close", desk)
            elif rng.random() < 1 / 3:
                start = rng.uniform(11.5 * 60, 12.5 * 60)
                push(start, "close", desk)
                push(start + 30, "open", desk)

    # Arrivals: a non-homogeneous Poisson process per agency, by thinning.
    tickets: list[Ticket] = []
    for agency, own in by_agency.items():
        weights = [s.weight for s in own]
        total = sum(weights)
        mean_minutes = sum(s.expected * s.bias * s.weight for s in own) / total * day_pace
        capacity = len(agency_desks.get(agency, [])) * (CLOSES - OPENS) / (mean_minutes + 1)
        per_minute_peak = load * capacity / (CLOSES - OPENS) * PEAK_MAX / PEAK_MEAN
        now = float(OPENS)
        while True:
            now += rng.expovariate(per_minute_peak)
            if now >= CLOSES:
                break
            if rng.random() * PEAK_MAX > peak_shape(now):
                continue
            service = rng.choices(own, weights)[0]
            lane = "priority" if rng.random() < PRIORITY_SHARE else "regular"
            ticket = Ticket(id=len(tickets) + 1, service=service.code, agency=agency,
                            lane=lane, arrived=now)
            tickets.append(ticket)
            push(now, "arrive", ticket)
            if rng.random() < LEAVE_SHARE:
                push(now + rng.expovariate(1 / 30), "leave", ticket)

    # Per agency: waiting tickets by service and lane (each deque in arrival order).
    waiting: dict[str, dict[str, dict[str, deque]]] = {
        agency: {s.code: {lane: deque() for lane in LANE_RANK} for s in own}
        for agency, own in by_agency.items()}
    history: dict[str, deque] = {agency: deque(maxlen=HISTORY_KEPT) for agency in by_agency}
    recent: dict[str, deque] = {agency: deque() for agency in by_agency}
    first_arrival: dict[str, float] = {}
    expected = {agency: {s.code: s.expected for s in own} for agency, own in by_agency.items()}

    def head(queue: deque) -> Ticket | None:
        while queue and queue[0].left:
            queue.popleft()
        return queue[0] if queue else None

    def pick(desk: Desk) -> Ticket | None:
        queues = waiting[desk.agency]
        best = None
        for code in desk.services:
            for lane in LANE_RANK:
                candidate = head(queues[code][lane])
                if candidate is not None and (best is None or candidate.call_key < best.call_key):
                    best = candidate
        if best is not None and best.lane == "priority" and len(desk.streak) == \
                PRIORITY_STREAK_LIMIT and all(lane == "priority" for lane in desk.streak):
            regulars = [t for code in desk.services
                        if (t := head(queues[code]["regular"])) is not None]
            if regulars:
                best = min(regulars, key=lambda t: t.call_key)
        if best is not None:
            queues[best.service][best.lane].popleft()
        return best

    def dispatch(agency: str, now: float) -> None:
        for desk in agency_desks.get(agency, []):
            if desk.open and desk.busy is None:
                ticket = pick(desk)
                if ticket is None:
                    continue
                ticket.called = now
                desk.busy = ticket
                desk.streak.append(ticket.lane)
                service = services[ticket.service]
                if rng.random() < NO_SHOW_SHARE:
                    held = NO_SHOW_MINUTES
                else:
                    mean = service.expected * service.bias * day_pace * desk.pace
                    held = rng.uniform(0.5, 1.5) + rng.lognormvariate(
                        math.log(mean) - SERVICE_SIGMA**2 / 2, SERVICE_SIGMA)
                push(now + held, "free", desk)

    def estimate(ticket: Ticket, now: float) -> None:
        agency = ticket.agency
        queues = waiting[agency]
        line = [WaitingTicket(key=t.id, service=t.service, lane=t.lane, order=(t.arrived, t.id))
                for lanes in queues.values() for queue in lanes.values() for t in queue
                if not t.left]
        counters = [OpenCounter(key=d.code, services=d.services,
                                busy_service=d.busy.service if d.busy else None,
                                busy_minutes=now - d.busy.called if d.busy else 0.0)
                    for d in agency_desks.get(agency, []) if d.open]
        arrivals = recent[agency] if cut_in else ()
        window = min(max(now - first_arrival[agency], 15.0), RATE_WINDOW)
        while cut_in and arrivals and arrivals[0][0] < now - window:
            arrivals.popleft()
        rates: dict = {}
        for _at, code, lane in arrivals:
            rates[(code, lane)] = rates.get((code, lane), 0.0) + 1 / window
        state = QueueState(expected_minutes=expected[agency], counters=counters, waiting=line,
                           history=list(history[agency]), arrival_rates=rates)
        ticket.estimate = estimate_wait(state, ticket.id)
        rank = LANE_RANK[ticket.lane]
        position = sum(1 for t in line if t.service == ticket.service and t.key != ticket.id
                       and (LANE_RANK[t.lane], t.order) < (rank, (ticket.arrived, ticket.id)))
        open_for_service = sum(1 for c in counters if ticket.service in c.services)
        ticket.naive = naive_estimate(position=position,
                                      expected_minutes=services[ticket.service].expected,
                                      open_counters=open_for_service)

    while events:
        now, _seq, kind, payload = heapq.heappop(events)
        if kind == "arrive":
            ticket = payload
            agency = ticket.agency
            first_arrival.setdefault(agency, now)
            waiting[agency][ticket.service][ticket.lane].append(ticket)
            if ticket.lane != "regular":
                recent[agency].append((now, ticket.service, ticket.lane))
            estimate(ticket, now)
            dispatch(agency, now)
        elif kind == "free":
            desk = payload
            ticket, desk.busy = desk.busy, None
            history[desk.agency].append(
                Finished(service=ticket.service, counter=desk.code, minutes=now - ticket.called))
            dispatch(desk.agency, now)
        elif kind == "open":
            payload.open = True
            dispatch(payload.agency, now)
        elif kind == "close":
            payload.open = False
        elif kind == "leave":
            if payload.called is None:
                payload.left = True
    return tickets


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(int(math.ceil(share * len(ordered))) - 1, len(ordered) - 1)
    return ordered[max(index, 0)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", default="tangerang")
    parser.add_argument("--cut-in", action="store_true",
                        help="stretch waits for the priority newcomers of the last hour")
    args = parser.parse_args()

    profile = load_profile(args.profile)
    started = time.perf_counter()
    services, by_agency, desks = build_mall(profile, random.Random(args.seed))
    shared = sum(1 for code, agency, own in desks
                 if any(c != code and set(own) & set(s) for c, _a, s in desks))
    print(f"profile {args.profile}: {len(by_agency)} agencies, {len(services)} services, "
          f"{len(desks)} counters ({shared} sharing a service with another); {args.days} days per "
          f"scenario, seed {args.seed}")
    print(f"{'scenario':<22}{'tickets':>8}{'mean wait':>10}  {'live MAE':>9}{'p90':>7}"
          f"{'bias':>7}  {'naive MAE':>10}{'p90':>7}{'bias':>7}")
    for index, (name, load, close_one) in enumerate(SCENARIOS):
        errors, naive_errors, bias, naive_bias, waits = [], [], [], [], []
        for day in range(args.days):
            rng = random.Random(args.seed * 1_000_003 + index * 10_007 + day)
            for ticket in simulate_day(services, by_agency, desks, load=load,
                                       close_one=close_one, rng=rng, cut_in=args.cut_in):
                if ticket.left or ticket.called is None:
                    continue
                actual = ticket.called - ticket.arrived
                waits.append(actual)
                errors.append(abs(ticket.estimate - actual))
                naive_errors.append(abs(ticket.naive - actual))
                bias.append(ticket.estimate - actual)
                naive_bias.append(ticket.naive - actual)
        n = len(errors)
        print(f"{name:<22}{n:>8}{sum(waits) / n:>10.1f}  {sum(errors) / n:>9.2f}"
              f"{percentile(errors, 0.9):>7.1f}{sum(bias) / n:>+7.1f}  "
              f"{sum(naive_errors) / n:>10.2f}{percentile(naive_errors, 0.9):>7.1f}"
              f"{sum(naive_bias) / n:>+7.1f}")
    print(f"minutes; bias = mean(estimate - actual); ran in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
