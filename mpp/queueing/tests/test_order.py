"""The call order has one definition (mpp/queueing/order.py): the SQL that call-next runs,
the position a ticket page shows, and the Python key the estimator sorts by all agree."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from mpp.queueing import estimates, order, selectors
from mpp.queueing import services as queue
from mpp.queueing.models import Lane, Ticket

pytestmark = pytest.mark.django_db

NINE = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture
def mixed_queue(mall, monkeypatch, settings):
    """Tuesday morning at Disdukcapil: walk-ins of both lanes and booked citizens checking
    in, some in the same second, out of lane order."""
    settings.MPP_QUEUE_PRIORITY_STREAK = 100  # the order itself, without the streak's turn
    arrivals = [(0, Lane.REGULAR), (0, Lane.PRIORITY), (1, Lane.REGULAR),
                (2, Lane.APPOINTMENT), (2, Lane.REGULAR), (2, Lane.PRIORITY),
                (3, Lane.APPOINTMENT), (4, Lane.PRIORITY), (4, Lane.APPOINTMENT)]
    tickets = []
    for minute, lane in arrivals:
        instant = NINE + timedelta(minutes=minute)
        monkeypatch.setattr(timezone, "now", lambda instant=instant: instant)
        if lane == Lane.APPOINTMENT:
            tickets.append(queue.ticket_issue_appointment(service=mall.ktp,
                                                          booking_code=f"B{len(tickets)}"))
        else:
            tickets.append(queue.ticket_issue(service=mall.ktp, lane=lane))
    return tickets


def test_sql_and_python_call_in_the_same_order(mall, mixed_queue):
    python = [t.pk for t in sorted(mixed_queue,
                                   key=lambda t: order.sort_key(t.lane, t.arrived_at, t.pk))]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT t.id FROM {Ticket._meta.db_table} t WHERE t.service_id = %s "
                       f"ORDER BY {order.order_by_sql('t')}", [mall.ktp.pk])
        sql = [row[0] for row in cursor.fetchall()]
    assert sql == python
    lanes = [Ticket.objects.get(pk=pk).lane for pk in sql]
    assert lanes == ["appointment"] * 3 + ["priority"] * 3 + ["regular"] * 3

    # Every ticket's position counts the tickets before it in that order...
    assert [selectors.ticket_position(Ticket.objects.get(pk=pk)) for pk in sql] == list(
        range(len(sql)))
    # ...the estimator's replay takes them in that order...
    waiting = [estimates.WaitingTicket(key=t.pk, service=mall.ktp.pk, lane=t.lane,
                                       order=(t.arrived_at, t.pk)) for t in mixed_queue]
    assert [w.key for w in sorted(waiting, key=lambda w: w.call_key)] == python
    # ...and Dewi's counter calls them in it.
    counter = queue.counter_set_open(counter=mall.loket_disdukcapil, is_open=True)
    called = [queue.ticket_call_next(counter=counter).pk for _ in mixed_queue]
    assert called == python


def test_an_unknown_lane_is_called_with_the_last():
    assert order.lane_rank("vip") == order.lane_rank(order.REGULAR) == len(order.LANES) - 1
    assert "ELSE 2 END" in order.order_by_sql("t")
    assert order.lanes_ahead(order.APPOINTMENT) == []
