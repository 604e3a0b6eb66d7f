"""How long a waiting ticket will wait: a pure estimator, no database, no clock.

The live selector (`selectors.ticket_estimated_wait` and its bulk forms) and the replay
benchmark (`benchmarks/estimate_replay.py`) both build a `QueueState` and call
`estimate_waits`; docs/queue-estimates.md explains the method, its assumptions and its limits.

In short: every open counter of the agency is replayed forward in expected time. A counter
becomes free when the ticket it holds now is expected to end (the mean residual time of a
lognormal duration that has already lasted `busy_minutes`), then it takes the first waiting
ticket, in call order (appointment, priority, regular lane, then arrival), among the services
it serves, and stays busy for its mean duration for that service: an exponentially weighted
mean of today's durations, starting from the service's published `expected_minutes`. The
moment a counter takes a ticket is that ticket's estimated wait. Given `arrival_rates`, the
wait is also stretched for the newcomers of a better lane who will be called first (the live
selector leaves this out: it made the replay's error larger).

All times are minutes (floats). Keys (services, counters, tickets) are any hashable values.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .order import lane_rank

ALPHA = 0.2              # weight of the newest duration in the exponentially weighted mean
DEFAULT_SIGMA = 0.5      # spread of log-durations when today has too few to measure it
SIGMA_PRIOR_WEIGHT = 8   # how many samples the default spread is worth
MAX_CUT_IN_LOAD = 0.5    # better-lane arrivals may at most double a wait


@dataclass(frozen=True)
class Finished:
    """One call of today that has ended (done or no-show), oldest first in the history:
    `minutes` is how long it held the counter, from the call to the end."""

    service: Hashable
    counter: Hashable | None
    minutes: float


@dataclass(frozen=True)
class OpenCounter:
    """An open counter, the services it calls, and the ticket it holds now (called or being
    served: its service and the minutes since it was called), if any."""

    key: Hashable
    services: tuple[Hashable, ...]
    busy_service: Hashable | None = None
    busy_minutes: float = 0.0


@dataclass(frozen=True)
class WaitingTicket:
    """A waiting ticket. `order` sorts tickets of one lane in call order (arrival time, id)."""

    key: Hashable
    service: Hashable
    lane: str = "regular"
    order: tuple = ()
    call_key: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Compared at every step of the replay: computed once.
        object.__setattr__(self, "call_key", (lane_rank(self.lane), *self.order))


@dataclass
class QueueState:
    """What the estimator knows at one instant about one agency (or any group of counters)."""

    expected_minutes: Mapping[Hashable, float]
    counters: Sequence[OpenCounter]
    waiting: Sequence[WaitingTicket]
    history: Sequence[Finished] = ()
    # Recent arrivals per minute by (service, lane): tickets of a better lane that will come
    # while a ticket waits and be called before it.
    arrival_rates: Mapping[tuple[Hashable, str], float] = field(default_factory=dict)


class ServiceTimes:
    """Mean minutes a counter is held per ticket, by service and by (counter, service).

    A service's mean starts at its published expected minutes and moves towards each of
    today's durations by ALPHA (an exponentially weighted mean whose first term is the
    published figure, so that a handful of durations only nudges it). A counter's own mean for
    a service starts from the other counters' mean for it and follows that counter's own
    durations the same way.
    """

    def __init__(self, expected: Mapping[Hashable, float], history: Iterable[Finished], *,
                 alpha: float = ALPHA):
        self.expected = {key: max(float(value), 0.5) for key, value in expected.items()}
        by_service: dict[Hashable, list[Finished]] = defaultdict(list)
        for item in history:
            if item.minutes > 0:
                by_service[item.service].append(item)
        self.service_mean: dict[Hashable, float] = {}
        self.pair_mean: dict[tuple[Hashable, Hashable], float] = {}
        self.samples = {service: len(items) for service, items in by_service.items()}
        for service, items in by_service.items():
            mean = self.expected.get(service, 10.0)
            for item in items:
                mean += alpha * (item.minutes - mean)
            self.service_mean[service] = mean
            for counter in {item.counter for item in items if item.counter is not None}:
                # The other counters' pace is this counter's starting point; its own
                # durations then move it (each duration counts once, not twice).
                value = self.expected.get(service, 10.0)
                for item in items:
                    if item.counter != counter:
                        value += alpha * (item.minutes - value)
                for item in items:
                    if item.counter == counter:
                        value += alpha * (item.minutes - value)
                self.pair_mean[(counter, service)] = value
        # The spread of log-durations around each service's mean, pooled over services and
        # pulled towards DEFAULT_SIGMA when there are few durations.
        squares, count = 0.0, 0
        for service, items in by_service.items():
            log_mean = math.log(self.service_mean[service])
            for item in items:
                squares += (math.log(item.minutes) - log_mean) ** 2
                count += 1
        variance = ((SIGMA_PRIOR_WEIGHT * DEFAULT_SIGMA**2 + squares)
                    / (SIGMA_PRIOR_WEIGHT + count))
        self.sigma = min(max(math.sqrt(variance), 0.2), 1.2)

    def mean(self, service: Hashable, counter: Hashable | None = None) -> float:
        if counter is not None and (counter, service) in self.pair_mean:
            return self.pair_mean[(counter, service)]
        if service in self.service_mean:
            return self.service_mean[service]
        return self.expected.get(service, 10.0)

    def residual(self, service: Hashable, counter: Hashable | None, elapsed: float) -> float:
        """Expected minutes left on a ticket that has held the counter for `elapsed`."""
        mean = self.mean(service, counter)
        return mean_residual(mean, self.sigma, elapsed)


def _upper_tail(z: float) -> float:
    return 0.5 * math.erfc(z / math.sqrt(2))


def mean_residual(mean: float, sigma: float, elapsed: float) -> float:
    """E[S - e | S > e] for a lognormal S of the given mean and log-spread, capped at the mean:
    a ticket held far longer than usual is more likely one that nobody closed than one that
    will take longer still."""
    if elapsed <= 0:
        return mean
    mu = math.log(mean) - sigma * sigma / 2
    z = (math.log(elapsed) - mu) / sigma
    tail = _upper_tail(z)
    if tail < 1e-12:
        residual = elapsed * sigma * sigma / max(math.log(elapsed) - mu, sigma * sigma)
    else:
        residual = mean * _upper_tail(z - sigma) / tail - elapsed
    return min(max(residual, 0.0), mean)


def naive_estimate(*, position: int, expected_minutes: float, open_counters: int) -> float:
    """The estimate this module replaces: people ahead of the same service x the published
    minutes / open counters of the service."""
    return position * expected_minutes / max(open_counters, 1)


def estimate_waits(state: QueueState, *, only: Hashable | None = None
                   ) -> dict[Hashable, float]:
    """Estimated minutes until each waiting ticket is called, by ticket key.

    With `only`, the replay stops as soon as that ticket is called and the answer holds it
    (and the tickets called before it). A ticket whose service no open counter serves is
    estimated as if one counter serving that service alone opened now.
    """
    times = ServiceTimes(state.expected_minutes, state.history)
    queues: dict[Hashable, deque[WaitingTicket]] = defaultdict(deque)
    for ticket in sorted(state.waiting, key=lambda t: t.call_key):
        queues[ticket.service].append(ticket)

    counters = list(state.counters)
    served = {service for counter in counters for service in counter.services}
    for service in queues:
        if service not in served:
            counters.append(OpenCounter(key=("virtual", service), services=(service,)))

    # Counters that serve each service (for the cut-in stretch below).
    serving: dict[Hashable, list[OpenCounter]] = defaultdict(list)
    for counter in counters:
        for service in counter.services:
            serving[service].append(counter)

    # (free at, number of services, index): of counters free at the same moment, the one
    # with fewer services calls first, which leaves the generalists for the others' tickets.
    heap = []
    for index, counter in enumerate(counters):
        free_at = 0.0
        if counter.busy_service is not None:
            free_at = times.residual(counter.busy_service, counter.key, counter.busy_minutes)
        heap.append((free_at, len(counter.services), index))
    heapq.heapify(heap)

    called: dict[Hashable, float] = {}
    while heap:
        free_at, size, index = heapq.heappop(heap)
        counter = counters[index]
        best = None
        for service in counter.services:
            queue = queues.get(service)
            if queue and (best is None or queue[0].call_key < best[0].call_key):
                best = queue
        if best is None:
            continue  # nothing left that this counter serves
        ticket = best.popleft()
        called[ticket.key] = free_at
        if only is not None and ticket.key == only:
            break
        heapq.heappush(heap, (free_at + times.mean(ticket.service, counter.key), size, index))

    if not state.arrival_rates:
        return called
    lanes = {ticket.key: ticket for ticket in state.waiting}
    stretched = {}
    for key, minutes in called.items():
        ticket = lanes[key]
        load = _cut_in_load(ticket, serving, state.arrival_rates, times)
        stretched[key] = minutes / (1 - min(load, MAX_CUT_IN_LOAD))
    return stretched


def _cut_in_load(ticket: WaitingTicket, serving: Mapping[Hashable, list[OpenCounter]],
                 rates: Mapping[tuple[Hashable, str], float], times: ServiceTimes) -> float:
    """The share of the ticket's counters' time that better-lane newcomers will take."""
    rank = lane_rank(ticket.lane)
    if rank == 0:
        return 0.0
    counters = serving.get(ticket.service, [])
    if not counters:
        return 0.0
    services = {service for counter in counters for service in counter.services}
    work = 0.0
    for (service, lane), rate in rates.items():
        if service in services and lane_rank(lane) < rank:
            # Shared among every counter that serves that service, not only ours.
            share = sum(1 for c in counters if service in c.services) / max(
                len(serving.get(service, ())), 1)
            work += rate * times.mean(service) * share
    return work / len(counters)


def estimate_wait(state: QueueState, ticket: Hashable) -> float:
    """Estimated minutes until one waiting ticket is called."""
    return estimate_waits(state, only=ticket).get(ticket, 0.0)
