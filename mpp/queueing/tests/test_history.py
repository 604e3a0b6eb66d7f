"""Past queue activity (`mpp loaddemo PROFILE --history DAYS`): Rina's MPP gets weeks of
walk-in tickets as the live queue would have written them, on its working days only, numbered
per prefix and day without a gap, each ticket with its events; the same seed gives the same
history; a bad number of days is a clear error and writes nothing."""

from __future__ import annotations

import io
import re
from collections import defaultdict
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from mpp.catalog import services as catalog
from mpp.catalog.calendar import WorkingCalendar, national_holidays, site_today, site_zone
from mpp.catalog.models import Site
from mpp.conftest import build_mall
from mpp.demo.loader import demo_load
from mpp.errors import Conflict, Invalid
from mpp.queueing import states
from mpp.queueing.history import history_generate
from mpp.queueing.models import Ticket, TicketEvent, TicketSequence
from mpp.realtime.models import Event

pytestmark = pytest.mark.django_db


def working_days_before(site, count):
    """The last `count` working days before the site's today (newest first)."""
    calendar, day, found = WorkingCalendar.for_site(site), site_today(site), []
    while len(found) < count:
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            found.append(day)
    return found


def test_numbers_run_from_one_without_gap_per_prefix_and_day(mall):
    summary = history_generate(site=mall.site, days=14, seed=3)
    assert summary["tickets"] > 0 and summary["working_days"] >= 8
    numbers = defaultdict(list)
    for day, prefix, number in Ticket.objects.filter(site=mall.site).values_list(
            "day", "prefix", "number"):
        numbers[(day, prefix)].append(number)
    for key, got in numbers.items():
        assert sorted(got) == list(range(1, len(got) + 1)), key
    sequences = {(s.day, s.prefix): s.last_number
                 for s in TicketSequence.objects.filter(site=mall.site)}
    assert sequences == {key: len(got) for key, got in numbers.items()}
    assert summary["tickets"] == Ticket.objects.filter(site=mall.site).count()


def test_no_tickets_on_holidays_closed_days_weekends_or_samsats_closed_weekdays(mall):
    site = mall.site
    closed = working_days_before(site, 2)[1]  # Rina closes the MPP for a staff outing
    catalog.closed_day_add(site=site, date=closed, reason="Outbound pegawai")
    history_generate(site=site, days=366, seed=1)

    calendar = WorkingCalendar.for_site(site)
    days_with_tickets = set(Ticket.objects.filter(site=site).values_list("day", flat=True))
    assert closed not in days_with_tickets
    today = site_today(site)
    holidays = {d for year in (today.year - 1, today.year) for d in national_holidays(year)
                if today - timedelta(days=366) <= d < today and d.isoweekday() <= 5}
    assert holidays, "a year always holds weekday holidays"
    assert not days_with_tickets & holidays
    assert all(day.isoweekday() <= 5 and calendar.is_working_day(day)
               for day in days_with_tickets)
    # Samsat serves on Tuesdays and Thursdays only; PLN has no counter, so no walk-in queue.
    samsat_days = set(Ticket.objects.filter(service__agency=mall.samsat)
                      .values_list("day", flat=True))
    assert samsat_days and {day.isoweekday() for day in samsat_days} <= {2, 4}
    assert not Ticket.objects.filter(service__agency=mall.pln).exists()
    # Disdukcapil served on (nearly) every working day of the year.
    assert len(days_with_tickets) >= 200
    # A few citizens were sent from KTP-el to KK (or back) and kept their number.
    transfers = TicketEvent.objects.filter(ticket__site=site, action=states.TRANSFER)
    assert 0 < transfers.count() < Ticket.objects.filter(site=site).count() * 0.05
    for event in transfers.select_related("ticket"):
        assert event.data["to_service"] != event.data["from_service"]
        assert event.ticket.prefix == "A" and event.from_status == states.SERVING


def test_times_are_ordered_and_inside_the_agencys_hours_in_the_sites_timezone(db):
    mall = build_mall(slug="kota-wita", timezone="Asia/Makassar")
    history_generate(site=mall.site, days=10, seed=5)
    zone = site_zone(mall.site)
    tickets = list(Ticket.objects.filter(site=mall.site).select_related("service__agency"))
    assert tickets
    for ticket in tickets:
        agency = ticket.service.agency
        times = [ticket.arrived_at, ticket.queued_at, ticket.called_at, ticket.started_at,
                 ticket.finished_at]
        present = [t for t in (ticket.arrived_at, ticket.called_at, ticket.started_at,
                               ticket.finished_at) if t is not None]
        assert present == sorted(present), ticket
        assert ticket.arrived_at <= ticket.queued_at <= ticket.finished_at
        for moment in (t for t in times if t is not None):
            local = moment.astimezone(zone)
            assert local.date() == ticket.day
            assert agency.opens_at <= local.time() <= agency.closes_at, (ticket, local)
        if ticket.status == states.DONE:
            assert ticket.called_at and ticket.started_at and ticket.counter is not None
            assert ticket.counter.agency_id == agency.pk
            assert ticket.counter.services.filter(pk=ticket.service_id).exists()
        if ticket.status == states.NO_SHOW:
            assert ticket.started_at is None and ticket.recalls >= 1


def test_every_ticket_has_its_events_and_they_chain(mall):
    dewi, budi = mall.users["dewi"], mall.users["budi"]
    before = Event.objects.count()
    history_generate(site=mall.site, days=21, seed=2)
    events = defaultdict(list)
    for event in TicketEvent.objects.filter(ticket__site=mall.site).order_by("at", "id"):
        events[event.ticket_id].append(event)
    tickets = list(Ticket.objects.filter(site=mall.site).select_related("service"))
    by_officer = {True: 0, False: 0}
    statuses = {t.status for t in tickets}
    assert states.DONE in statuses and states.NO_SHOW in statuses
    for ticket in tickets:
        chain = events[ticket.pk]
        assert chain[0].action == "issue" and chain[0].from_status == ""
        assert chain[0].data == {"lane": ticket.lane, "source": ticket.source}
        assert chain[0].at == ticket.arrived_at and chain[0].actor_id == ticket.issued_by_id
        for previous, event in zip(chain, chain[1:], strict=False):
            assert event.from_status == previous.to_status, ticket
            assert states.next_status(event.from_status, event.action) == event.to_status \
                or (event.action == states.RECALL and event.to_status == states.NO_SHOW)
        assert chain[-1].to_status == ticket.status
        assert chain[-1].service_id == ticket.service_id
        if ticket.finished_at:
            assert chain[-1].at == ticket.finished_at
        for event in chain:
            if event.action in (states.CALL, states.START, states.FINISH):
                assert event.counter is not None
                # The agency's officer works the counter (on a busy morning a colleague
                # without an account may help: no actor then).
                officer = dewi if event.counter_id == mall.loket_disdukcapil.pk else budi
                assert event.actor_id in (officer.pk, None)
                by_officer[event.actor_id == officer.pk] += 1
            if event.action == states.TRANSFER:
                assert set(event.data) == {"from_service", "to_service"}
    assert by_officer[True] >= 0.9 * (by_officer[True] + by_officer[False])
    # The live event log of today's screens is left alone.
    assert Event.objects.count() == before


def test_the_same_seed_gives_the_same_history_and_nothing_for_today(mall):
    def snapshot():
        return [
            (t.day, t.prefix, t.number, t.public_id, t.service_id, t.lane, t.status,
             t.counter_id, t.arrived_at, t.called_at, t.started_at, t.finished_at)
            for t in Ticket.objects.filter(site=mall.site).order_by("day", "prefix", "number")
        ]

    history_generate(site=mall.site, days=7, seed=11)
    first = snapshot()
    assert first
    assert not Ticket.objects.filter(site=mall.site, day__gte=site_today(mall.site)).exists()
    # Asking again for days that hold tickets is refused and writes nothing.
    with pytest.raises(Conflict):
        history_generate(site=mall.site, days=7, seed=11)
    assert snapshot() == first

    Ticket.objects.filter(site=mall.site).delete()
    TicketSequence.objects.filter(site=mall.site).delete()
    history_generate(site=mall.site, days=7, seed=11)
    assert snapshot() == first

    Ticket.objects.filter(site=mall.site).delete()
    TicketSequence.objects.filter(site=mall.site).delete()
    history_generate(site=mall.site, days=7, seed=12)
    assert snapshot() != first


def test_loaddemo_history_prints_progress_and_counts():
    out = io.StringIO()
    call_command("loaddemo", "pandeglang", "--history", "3", "--password", "demo-rahasia-2026",
                 stdout=out)
    text = out.getvalue()
    site = Site.objects.get(slug="pandeglang")
    for done in (1, 2, 3):
        assert re.search(rf"^\[[#.]+\] {done}/3 ", text, re.MULTILINE), text
    tickets = Ticket.objects.filter(site=site).count()
    events = TicketEvent.objects.filter(ticket__site=site).count()
    assert f" {tickets} " in text and f" {events} " in text
    working = len([d for d in (site_today(site) - timedelta(days=n) for n in (1, 2, 3))
                   if WorkingCalendar.for_site(site).is_working_day(d)])
    if working:
        # A working day of Pandeglang brings roughly its 600 visitors.
        assert 300 * working <= tickets <= 900 * working
    else:
        assert tickets == 0


@pytest.mark.parametrize("days", ["-1", "1000"])
def test_a_bad_history_value_is_a_clear_error_and_writes_nothing(days):
    with pytest.raises(CommandError, match="--history"):
        call_command("loaddemo", "serang", "--history", days, stdout=io.StringIO())
    assert not Site.objects.filter(slug="serang").exists()
    with pytest.raises(Invalid) as error:
        demo_load(profile="serang", password="demo-rahasia-2026", history_days=int(days))
    assert "history" in error.value.fields
    assert not Site.objects.filter(slug="serang").exists()
    assert not Ticket.objects.exists()


def test_history_generate_refuses_a_bad_number_of_days(mall):
    for days in (-1, 367, "3"):
        with pytest.raises(Invalid):
            history_generate(site=mall.site, days=days)
    assert history_generate(site=mall.site, days=0)["tickets"] == 0
    assert not Ticket.objects.exists()
