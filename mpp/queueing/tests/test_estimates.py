"""How long will I wait? The estimate a citizen sees on the kiosk ticket and the ticket page,
first on hand-made situations (the pure estimator), then on Disdukcapil's live queue."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from mpp.catalog import services as catalog
from mpp.queueing import selectors, services
from mpp.queueing.estimates import (
    Finished,
    OpenCounter,
    QueueState,
    WaitingTicket,
    estimate_wait,
    estimate_waits,
    mean_residual,
    naive_estimate,
)
from mpp.queueing.models import Lane

KTP, KK = "ktp-el-baru", "kk-baru"


def queue(*services_in_line, lanes=None):
    """Waiting tickets t1, t2, ... of the given services, in arrival order."""
    lanes = lanes or ["regular"] * len(services_in_line)
    return [WaitingTicket(key=f"t{i}", service=service, lane=lane, order=(i,))
            for i, (service, lane) in enumerate(zip(services_in_line, lanes, strict=True), start=1)]


def state(waiting, counters, history=(), rates=None, expected=None):
    return QueueState(expected_minutes=expected or {KTP: 10, KK: 6}, counters=counters,
                      waiting=waiting, history=list(history), arrival_rates=rates or {})


# The pure estimator ------------------------------------------------------------------------


def test_without_history_the_published_minutes_are_the_rate():
    # Loket 1 has just called someone for KTP-el; two people wait for KTP-el.
    loket = OpenCounter("L01", (KTP,), busy_service=KTP, busy_minutes=0)
    waits = estimate_waits(state(queue(KTP, KTP), [loket]))
    assert waits == {"t1": 10, "t2": 20}


def test_a_free_counter_calls_the_first_in_line_at_once():
    waits = estimate_waits(state(queue(KTP, KTP), [OpenCounter("L01", (KTP,))]))
    assert waits == {"t1": 0, "t2": 10}


def test_two_counters_halve_the_wait():
    line = queue(*[KTP] * 8)
    one = estimate_waits(state(line, [OpenCounter("L01", (KTP,))]))
    two = estimate_waits(state(line, [OpenCounter("L01", (KTP,)), OpenCounter("L03", (KTP,))]))
    assert one["t8"] == 70 and two["t8"] == 30
    assert two["t7"] == 30 and two["t8"] * 2 <= one["t8"]


def test_a_counter_shared_by_two_services_counts_the_other_service_ahead():
    # Loket 1 serves KTP-el and KK: the KK citizen waits for the two KTP-el citizens who came
    # first, whatever their service.
    line = queue(KTP, KTP, KK)
    shared = estimate_waits(state(line, [OpenCounter("L01", (KTP, KK))]))
    assert shared["t3"] == 20
    naive = naive_estimate(position=0, expected_minutes=6, open_counters=1)
    assert naive == 0  # the naive estimate sees nobody of its own service ahead
    # A second counter for KK alone takes the KK citizen at once.
    with_kk_desk = estimate_waits(state(line, [OpenCounter("L01", (KTP, KK)),
                                               OpenCounter("L04", (KK,))]))
    assert with_kk_desk["t3"] == 0


def test_the_ticket_being_served_counts_partly():
    line = queue(KTP)
    waits = [estimate_wait(state(line, [OpenCounter("L01", (KTP,), KTP, elapsed)]), "t1")
             for elapsed in (0, 4, 8)]
    assert waits[0] == 10
    assert 10 > waits[1] > waits[2] > 0
    # Someone held far longer than usual is probably finished but not closed: at most the mean.
    assert estimate_wait(state(line, [OpenCounter("L01", (KTP,), KTP, 240)]), "t1") <= 10
    assert mean_residual(10, 0.5, 0) == 10


def test_priority_tickets_ahead_are_called_first():
    # An elderly citizen (priority lane) who came after two regulars goes before them.
    line = queue(KTP, KTP, KTP, lanes=["regular", "regular", "priority"])
    waits = estimate_waits(state(line, [OpenCounter("L01", (KTP,))]))
    assert waits == {"t3": 0, "t1": 10, "t2": 20}


def test_priority_newcomers_stretch_a_regular_wait_but_not_a_priority_one():
    line = queue(KTP, KTP, KTP, lanes=["regular", "regular", "priority"])
    rates = {(KTP, "priority"): 1 / 30}  # one priority citizen every half hour
    waits = estimate_waits(state(line, [OpenCounter("L01", (KTP,))], rates=rates))
    assert waits["t3"] == 0
    assert 20 < waits["t2"] <= 40


def test_today_s_durations_replace_the_published_minutes():
    slow = [Finished(service=KTP, counter="L01", minutes=20) for _ in range(10)]
    waits = estimate_waits(state(queue(KTP, KTP), [OpenCounter("L01", (KTP,))], slow))
    assert 18 < waits["t2"] < 20
    # A few durations only nudge it.
    few = estimate_waits(state(queue(KTP, KTP), [OpenCounter("L01", (KTP,))], slow[:1]))
    assert 10 < few["t2"] < 13


def test_each_counter_keeps_its_own_pace():
    history = ([Finished(KTP, "L01", 5) for _ in range(10)]
               + [Finished(KTP, "L03", 15) for _ in range(10)])
    counters = [OpenCounter("L01", (KTP,), KTP, 0), OpenCounter("L03", (KTP,), KTP, 0)]
    waits = estimate_waits(state(queue(KTP, KTP), counters, history))
    assert waits["t1"] < 7  # the fast counter frees first
    assert waits["t2"] < 13


def test_with_no_open_counter_one_is_assumed_to_open():
    waits = estimate_waits(state(queue(KK, KK), [OpenCounter("L02", ("pkb-tahunan",))]))
    assert waits == {"t1": 0, "t2": 6}


# On the database, with the personas --------------------------------------------------------



class Clock:
    def __init__(self, monkeypatch):
        self.now = datetime(2026, 11, 24, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, minutes: float):
        self.now += timedelta(minutes=minutes)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def serve(counter, clock, minutes, dewi):
    ticket = services.ticket_call_next(counter=counter, actor=dewi)
    services.ticket_start(ticket=ticket, actor=dewi)
    clock.advance(minutes)
    return services.ticket_finish(ticket=ticket, actor=dewi)


@pytest.mark.django_db
def test_dewi_s_loket_serves_ktp_and_kk_and_the_estimate_follows_her_pace(mall, clock):
    dewi = mall.users["dewi"]
    services.counter_set_open(counter=mall.loket_disdukcapil, is_open=True)
    # The morning so far: six citizens served in 15 minutes each (the standard says 10).
    for _ in range(6):
        services.ticket_issue(service=mall.ktp)
    for _ in range(6):
        serve(mall.loket_disdukcapil, clock, 15, dewi)
    # Now two KTP-el citizens wait, then a KK citizen; Dewi has called the first 5 min ago.
    first = services.ticket_issue(service=mall.ktp)
    services.ticket_issue(service=mall.ktp)
    kk = services.ticket_issue(service=mall.kk)
    services.ticket_call_next(counter=mall.loket_disdukcapil, actor=dewi)
    clock.advance(5)
    kk.refresh_from_db()
    assert selectors.ticket_position(kk) == 0  # nobody of KK ahead...
    wait = selectors.ticket_estimated_wait(kk)
    assert naive_estimate(position=0, expected_minutes=mall.kk.expected_minutes,
                          open_counters=1) == 0  # ...so the naive estimate would say "now"...
    # ...but the KTP-el citizen at the counter (about 9 of 14 minutes left) and the one after
    # (about 14) go first.
    assert 18 <= wait <= 28
    first.refresh_from_db()
    assert selectors.ticket_estimated_wait(first) == 0  # called: no longer waiting

    # A second Disdukcapil loket for KK alone opens: the KK citizen goes at once.
    loket_kk = catalog.counter_create(agency=mall.disdukcapil, code="L03", name="Loket 3",
                                      services=[mall.kk])
    services.counter_set_open(counter=loket_kk, is_open=True)
    assert selectors.ticket_estimated_wait(kk) == 0


@pytest.mark.django_db
def test_a_display_of_forty_waiting_tickets_takes_a_bounded_number_of_queries(
        mall, clock, django_assert_max_num_queries):
    services.counter_set_open(counter=mall.loket_disdukcapil, is_open=True)
    services.counter_set_open(counter=mall.loket_samsat, is_open=True)
    tickets = []
    for i in range(40):
        service = (mall.ktp, mall.kk, mall.pkb)[i % 3]
        lane = Lane.PRIORITY if i % 10 == 0 else Lane.REGULAR
        tickets.append(services.ticket_issue(service=service, lane=lane))
        clock.advance(1)
    with django_assert_max_num_queries(5):  # + the tickets' agencies
        waits = selectors.tickets_estimated_wait(tickets)
    assert len(waits) == 40 and all(isinstance(value, int) for value in waits.values())
    with django_assert_max_num_queries(5):  # + the site's agencies
        board = selectors.site_estimated_waits(site=mall.site, day=tickets[0].day)
    assert board == waits
    # One ticket alone: four queries, whatever the length of the queue.
    last = tickets[-1]
    with django_assert_max_num_queries(4):
        alone = selectors.ticket_estimated_wait(last)
    assert alone == waits[last.pk]
    # Waits grow along each queue: the 14th KTP/KK citizen waits longer than the 2nd.
    disdukcapil = [t for t in tickets if t.service_id in (mall.ktp.pk, mall.kk.pk)
                   and t.lane == Lane.REGULAR]
    assert waits[disdukcapil[-1].pk] > waits[disdukcapil[1].pk] > 0


@pytest.mark.django_db
def test_the_api_still_answers_the_same_shape(mall, clock, api):
    kiosk = api(mall.users["kiosk"])
    api(mall.users["dewi"]).post("sites/kota-uji/counters/L01/open")
    kiosk.post("sites/kota-uji/tickets", {"service": KTP})
    second = kiosk.post("sites/kota-uji/tickets", {"service": KK}).json()
    assert set(second) == {"id", "number", "service", "status", "position",
                           "estimated_wait_minutes", "counter"}
    assert second["position"] == 0 and second["estimated_wait_minutes"] == 10
    public = api().get(f"tickets/{second['id']}").json()
    assert public["estimated_wait_minutes"] == 10
