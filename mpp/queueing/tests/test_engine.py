"""The queue engine: numbering, quotas, opening hours, call-next order, transfers."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from mpp.catalog import services as catalog
from mpp.errors import Conflict, Forbidden, Invalid
from mpp.queueing import services as queue
from mpp.queueing.models import Lane, Ticket, TicketEvent

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def tuesday_morning(monkeypatch):
    """Tuesday 24 Nov 2026, 09:00 WIB: every agency of the test mall is open."""
    instant = datetime(2026, 11, 24, 9, 0, tzinfo=WIB)
    monkeypatch.setattr(timezone, "now", lambda: instant)
    return instant


def test_numbers_run_per_prefix_per_day(mall, tuesday_morning):
    a1 = queue.ticket_issue(service=mall.ktp)
    a2 = queue.ticket_issue(service=mall.kk)  # same agency prefix "A": numbered together
    b1 = queue.ticket_issue(service=mall.pkb)
    assert [t.display_number for t in (a1, a2, b1)] == ["A-001", "A-002", "B-001"]
    assert a1.day.isoformat() == "2026-11-24"


def test_walk_in_quota(mall, tuesday_morning):
    catalog.service_update(service=mall.pkb, walkin_quota=2)
    queue.ticket_issue(service=mall.pkb)
    queue.ticket_issue(service=mall.pkb)
    with pytest.raises(Conflict) as error:
        queue.ticket_issue(service=mall.pkb)
    assert error.value.code == "quota_full"
    assert Ticket.objects.filter(service=mall.pkb).count() == 2


def test_closed_agency_day_and_hours(mall, monkeypatch):
    monday = datetime(2026, 11, 23, 9, 0, tzinfo=WIB)  # Samsat sits Tuesday and Thursday only
    monkeypatch.setattr(timezone, "now", lambda: monday)
    with pytest.raises(Conflict) as error:
        queue.ticket_issue(service=mall.pkb)
    assert error.value.code == "closed"
    evening = datetime(2026, 11, 24, 19, 0, tzinfo=WIB)
    monkeypatch.setattr(timezone, "now", lambda: evening)
    with pytest.raises(Conflict) as error:
        queue.ticket_issue(service=mall.ktp)
    assert error.value.code == "closed" and "08:00" in str(error.value.message)
    assert not Ticket.objects.exists()


def test_call_next_priority_first_without_starving_regulars(mall, tuesday_morning):
    counter = queue.counter_set_open(counter=mall.loket_disdukcapil, is_open=True)
    regular = queue.ticket_issue(service=mall.ktp)
    priority = [queue.ticket_issue(service=mall.ktp, lane=Lane.PRIORITY) for _ in range(4)]
    called = [queue.ticket_call_next(counter=counter) for _ in range(5)]
    # three priority calls in a row, then the waiting regular, then the last priority
    assert [t.pk for t in called] == [priority[0].pk, priority[1].pk, priority[2].pk,
                                      regular.pk, priority[3].pk]
    assert queue.ticket_call_next(counter=counter) is None


def test_a_closed_counter_calls_nothing(mall, tuesday_morning):
    queue.ticket_issue(service=mall.ktp)
    with pytest.raises(Conflict) as error:
        queue.ticket_call_next(counter=mall.loket_disdukcapil)
    assert error.value.code == "counter_closed"


def test_invalid_transition_leaves_the_ticket_unchanged(mall, tuesday_morning):
    ticket = queue.ticket_issue(service=mall.ktp)
    with pytest.raises(Conflict) as error:
        queue.ticket_finish(ticket=ticket)
    assert error.value.code == "invalid_transition"
    ticket.refresh_from_db()
    assert ticket.status == "waiting"


def test_full_visit_writes_an_event_per_change(mall, tuesday_morning):
    counter = queue.counter_set_open(counter=mall.loket_disdukcapil, is_open=True)
    dewi = mall.users["dewi"]
    queue.ticket_issue(service=mall.ktp)
    ticket = queue.ticket_call_next(counter=counter, actor=dewi)
    queue.ticket_recall(ticket=ticket, actor=dewi)
    queue.ticket_start(ticket=ticket, actor=dewi)
    ticket = queue.ticket_finish(ticket=ticket, actor=dewi)
    assert ticket.status == "done"
    assert [(e.action, e.from_status, e.to_status) for e in ticket.events.all()] == [
        ("issue", "", "waiting"), ("call", "waiting", "called"), ("recall", "called", "called"),
        ("start", "called", "serving"), ("finish", "serving", "done")]
    assert all(e.counter_id == counter.pk for e in ticket.events.all()[1:])


def test_recalls_past_the_limit_make_a_no_show(mall, tuesday_morning):
    counter = queue.counter_set_open(counter=mall.loket_disdukcapil, is_open=True)
    queue.ticket_issue(service=mall.ktp)
    ticket = queue.ticket_call_next(counter=counter)
    for _ in range(django_settings.MPP_QUEUE_MAX_RECALLS):
        ticket = queue.ticket_recall(ticket=ticket)
        assert ticket.status == "called"
    ticket = queue.ticket_recall(ticket=ticket)
    assert ticket.status == "no_show"


def test_a_no_show_by_recalls_ends_like_a_no_show_by_hand(mall, tuesday_morning, monkeypatch,
                                                          settings):
    """Dewi calls a citizen who never comes: whether she marks the no-show herself or recalls
    past the limit, the ticket ends at that moment and the boards hear of a no-show."""
    settings.MPP_QUEUE_MAX_RECALLS = 1
    counter = queue.counter_set_open(counter=mall.loket_disdukcapil, is_open=True)
    dewi = mall.users["dewi"]
    by_hand, by_recalls = queue.ticket_issue(service=mall.ktp), queue.ticket_issue(service=mall.ktp)
    queue.ticket_call_next(counter=counter, actor=dewi)
    queue.ticket_call_next(counter=counter, actor=dewi)
    called_at = tuesday_morning
    later = tuesday_morning.replace(minute=5)
    monkeypatch.setattr(timezone, "now", lambda: later)
    recalled = tuesday_morning.replace(minute=3)
    monkeypatch.setattr(timezone, "now", lambda: recalled)
    queue.ticket_recall(ticket=by_recalls, actor=dewi)
    monkeypatch.setattr(timezone, "now", lambda: later)
    by_hand = queue.ticket_mark_no_show(ticket=by_hand, actor=dewi)
    by_recalls = queue.ticket_recall(ticket=by_recalls, actor=dewi)  # past the limit

    for ticket in (by_hand, by_recalls):
        ticket.refresh_from_db()
        assert (ticket.status, ticket.finished_at) == ("no_show", later)
    # the last call is the last recall that called, not the one that gave up
    assert (by_hand.called_at, by_recalls.called_at) == (called_at, recalled)
    last = TicketEvent.objects.filter(ticket=by_recalls).last()
    assert (last.action, last.from_status, last.to_status) == ("recall", "called", "no_show")
    from mpp.realtime.models import Event
    assert Event.objects.filter(site=mall.site).order_by("seq").last().name == "ticket.no_show"


def test_transfer_to_another_agency_keeps_arrival_and_both_legs(mall, tuesday_morning):
    dukcapil = queue.counter_set_open(counter=mall.loket_disdukcapil, is_open=True)
    samsat = queue.counter_set_open(counter=mall.loket_samsat, is_open=True)
    queue.ticket_issue(service=mall.pkb)  # Samsat's own walk-in, issued first
    first = queue.ticket_issue(service=mall.ktp)
    ticket = queue.ticket_call_next(counter=dukcapil)
    assert ticket.pk == first.pk
    queue.ticket_start(ticket=ticket)
    moved = queue.ticket_transfer(ticket=ticket, to_service=mall.pkb)
    assert (moved.status, moved.service_id, moved.counter_id) == ("waiting", mall.pkb.pk, None)
    assert moved.arrived_at == first.arrived_at
    legs = [(e.action, e.service.code) for e in TicketEvent.objects.filter(ticket=moved)]
    assert legs[:3] == [("issue", "ktp-el-baru"), ("call", "ktp-el-baru"),
                        ("start", "ktp-el-baru")]
    assert legs[3] == ("transfer", "pkb-tahunan")
    assert queue.ticket_call_next(counter=samsat) is not None


@pytest.mark.parametrize("zone, utc_offset", [("Asia/Makassar", 8), ("Asia/Jayapura", 9)])
def test_numbers_restart_at_the_sites_own_midnight(zone, utc_offset, monkeypatch):
    """In Makassar (WITA) and Jayapura (WIT) the day turns hours before UTC's: a ticket taken
    just after local midnight is number 001 of the new local day."""
    from datetime import time, timedelta

    from mpp.conftest import build_mall

    mall = build_mall("kota-timur", timezone=zone)
    catalog.agency_update(agency=mall.disdukcapil, open_days=[1, 2, 3, 4, 5, 6, 7],
                          opens_at=time(0, 0), closes_at=time(23, 59))
    catalog.site_update(site=mall.site, open_days=[1, 2, 3, 4, 5, 6, 7])
    local = ZoneInfo(zone)
    before = datetime(2026, 11, 24, 23, 58, tzinfo=local)   # Tuesday night, local
    after = datetime(2026, 11, 25, 0, 1, tzinfo=local)      # Wednesday, just past midnight
    assert after.astimezone(ZoneInfo("UTC")).date().isoformat() == "2026-11-24"  # UTC: still Tue
    assert after.utcoffset() == timedelta(hours=utc_offset)

    monkeypatch.setattr(timezone, "now", lambda: before)
    queue.ticket_issue(service=mall.ktp)
    late = queue.ticket_issue(service=mall.ktp)
    monkeypatch.setattr(timezone, "now", lambda: after)
    early = queue.ticket_issue(service=mall.ktp)
    assert (late.display_number, late.day.isoformat()) == ("A-002", "2026-11-24")
    assert (early.display_number, early.day.isoformat()) == ("A-001", "2026-11-25")


def test_the_recall_limit_and_priority_streak_are_settings(mall, tuesday_morning, settings):
    settings.MPP_QUEUE_MAX_RECALLS = 1
    loket = mall.loket_disdukcapil
    queue.counter_set_open(counter=loket, is_open=True)
    ticket = queue.ticket_issue(service=mall.ktp)
    queue.ticket_call_next(counter=loket)
    assert queue.ticket_recall(ticket=ticket).status == "called"
    assert queue.ticket_recall(ticket=ticket).status == "no_show"

    settings.MPP_QUEUE_PRIORITY_STREAK = 1
    regular = queue.ticket_issue(service=mall.ktp)
    first = queue.ticket_issue(service=mall.ktp, lane=Lane.PRIORITY)
    second = queue.ticket_issue(service=mall.ktp, lane=Lane.PRIORITY)
    assert queue.ticket_call_next(counter=loket) == first
    queue.ticket_mark_no_show(ticket=first)
    assert queue.ticket_call_next(counter=loket) == regular  # one priority call, then a regular
    queue.ticket_mark_no_show(ticket=regular)
    assert queue.ticket_call_next(counter=loket) == second


def _called_at_disdukcapil(mall):
    counter = queue.counter_set_open(counter=mall.loket_disdukcapil, is_open=True)
    queue.ticket_issue(service=mall.ktp)
    return queue.ticket_call_next(counter=counter, actor=mall.users["dewi"])


def _unchanged(ticket, mall):
    ticket.refresh_from_db()
    assert (ticket.status, ticket.service_id) == ("called", mall.ktp.pk)
    assert TicketEvent.objects.filter(ticket=ticket, action="transfer").count() == 0


def test_a_transfer_stays_in_the_building(mall, tuesday_morning):
    """The service checks it, whoever calls it: another MPP's service is refused."""
    from mpp.conftest import build_mall

    other = build_mall(slug="kota-lain")
    ticket = _called_at_disdukcapil(mall)
    with pytest.raises(Invalid) as refused:
        queue.ticket_transfer(ticket=ticket, to_service=other.pkb, actor=mall.users["dewi"])
    assert refused.value.fields["service"] == "Layanan ini milik MPP lain."
    _unchanged(ticket, mall)


def test_a_transfer_to_a_service_no_longer_offered_is_refused(mall, tuesday_morning):
    ticket = _called_at_disdukcapil(mall)
    catalog.service_update(service=mall.pkb, active=False)
    mall.pkb.refresh_from_db()
    with pytest.raises(Invalid) as refused:
        queue.ticket_transfer(ticket=ticket, to_service=mall.pkb, actor=mall.users["dewi"])
    assert "service" in refused.value.fields
    _unchanged(ticket, mall)


def test_only_the_queue_s_own_agency_transfers_its_ticket(mall, tuesday_morning):
    """Budi of Samsat cannot pull Disdukcapil's citizen into his own queue; Rina, the mall's
    admin, can."""
    ticket = _called_at_disdukcapil(mall)
    with pytest.raises(Forbidden):
        queue.ticket_transfer(ticket=ticket, to_service=mall.pkb, actor=mall.users["budi"])
    _unchanged(ticket, mall)
    with pytest.raises(Forbidden):
        queue.ticket_finish(ticket=ticket, actor=mall.users["budi"])
    moved = queue.ticket_transfer(ticket=ticket, to_service=mall.pkb, actor=mall.users["rina"])
    assert (moved.status, moved.service_id) == ("waiting", mall.pkb.pk)


def test_every_action_announces_a_live_event():
    from mpp.queueing import states

    assert set(queue.EVENTS) == set(states.ACTIONS)
