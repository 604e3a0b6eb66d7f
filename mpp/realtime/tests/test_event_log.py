"""Every queue change leaves one event, numbered per site with no gaps, or none at all."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import timezone

from mpp.conftest import build_mall
from mpp.errors import Conflict
from mpp.queueing import services as queue
from mpp.realtime.models import Event
from mpp.realtime.services import event_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def tuesday_morning(monkeypatch):
    instant = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr(timezone, "now", lambda: instant)


def events(site):
    return list(Event.objects.filter(site=site).order_by("seq").values_list("seq", "name"))


def test_a_morning_at_the_disdukcapil_counter(mall, tuesday_morning):
    dewi, loket = mall.users["dewi"], mall.loket_disdukcapil
    queue.counter_set_open(counter=loket, is_open=True, actor=dewi)
    ticket = queue.ticket_issue(service=mall.ktp)
    queue.ticket_call_next(counter=loket, actor=dewi)
    queue.ticket_recall(ticket=ticket, actor=dewi)
    queue.ticket_start(ticket=ticket, actor=dewi)
    queue.ticket_finish(ticket=ticket, actor=dewi)
    assert events(mall.site) == [
        (1, "counter.opened"), (2, "ticket.issued"), (3, "ticket.called"),
        (4, "ticket.recalled"), (5, "ticket.started"), (6, "ticket.finished"),
    ]
    called = Event.objects.get(site=mall.site, seq=3).data
    assert called["number"] == "A-001"
    assert called["counter"] == "L01"
    assert called["agency_name"] == "Disdukcapil"
    assert called["speech"] == "Nomor antrean A nol nol satu, silakan menuju loket satu."
    assert "nik" not in called and "name" not in called


def test_opening_an_open_counter_again_says_nothing(mall):
    queue.counter_set_open(counter=mall.loket_samsat, is_open=True)
    queue.counter_set_open(counter=mall.loket_samsat, is_open=True)
    assert events(mall.site) == [(1, "counter.opened")]


def test_ids_are_per_site(mall, tuesday_morning):
    other = build_mall("kota-lain")
    queue.ticket_issue(service=mall.ktp)
    queue.ticket_issue(service=other.ktp)
    queue.ticket_issue(service=mall.pkb)
    assert events(mall.site) == [(1, "ticket.issued"), (2, "ticket.issued")]
    assert events(other.site) == [(1, "ticket.issued")]


def test_a_refused_ticket_leaves_no_event_and_no_gap(mall, tuesday_morning):
    from mpp.catalog import services as catalog

    catalog.service_update(service=mall.pkb, walkin_quota=1)
    queue.ticket_issue(service=mall.pkb)
    with pytest.raises(Conflict):
        queue.ticket_issue(service=mall.pkb)
    queue.ticket_issue(service=mall.ktp)
    assert events(mall.site) == [(1, "ticket.issued"), (2, "ticket.issued")]


def test_a_rolled_back_change_takes_its_event_along(mall):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            event_record(site_id=mall.site.pk, name="ticket.called", data={})
            raise RuntimeError("the counter's transaction failed")
    with transaction.atomic():
        event_record(site_id=mall.site.pk, name="ticket.called", data={})
    assert events(mall.site) == [(1, "ticket.called")]


@pytest.mark.django_db(transaction=True)
def test_an_event_outside_a_transaction_is_refused(mall):
    with pytest.raises(RuntimeError):
        event_record(site_id=mall.site.pk, name="ticket.called", data={})


@pytest.mark.django_db(transaction=True)
def test_other_processes_hear_of_an_event_at_its_commit_never_before(mall):
    """PostgreSQL: the NOTIFY goes with the event's statement, so it is delivered at commit,
    and not at all for a rolled-back change (what another worker's displays rely on)."""
    from django.db import connection
    if connection.vendor != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's")
    import json

    import psycopg

    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as listener:
        listener.execute("LISTEN mpp_events")

        def heard():
            return [json.loads(note.payload)
                    for note in listener.notifies(timeout=0.3, stop_after=10)]

        with transaction.atomic():
            event_record(site_id=mall.site.pk, name="ticket.called", data={"number": "A-001"})
            assert heard() == []  # not while the counter's transaction is open
        [message] = heard()
        assert message[:3] == [mall.site.pk, 1, "ticket.called"]
        assert json.loads(message[3]) == {"number": "A-001"}

        with pytest.raises(RuntimeError):
            with transaction.atomic():
                event_record(site_id=mall.site.pk, name="ticket.called", data={})
                raise RuntimeError("the counter's transaction failed")
        assert heard() == []

        with transaction.atomic():  # too long for NOTIFY: the id only, read from the table
            event_record(site_id=mall.site.pk, name="display.text", data={"text": "x" * 9000})
        assert heard() == [[mall.site.pk, 2]]
