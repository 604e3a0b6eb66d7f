"""Check-in: the window around the slot, the late policy, the appointment lane called before
walk-ins, and the no-show job."""

import pytest

from mpp.bookings import services
from mpp.bookings.models import Booking
from mpp.catalog import services as catalog
from mpp.errors import Conflict
from mpp.queueing import services as queue

from .conftest import AGUS, SITI

pytestmark = pytest.mark.django_db


@pytest.fixture
def morning_booking(mall, clock, book):
    """Siti books the 10:30 slot today at 09:00: check-in from 10:00 to 10:45."""
    return book(date="2026-11-24", slot="10:30")


def test_too_early_then_in_time(mall, clock, morning_booking):
    frontdesk = mall.users["frontdesk"]
    with pytest.raises(Conflict) as error:
        services.booking_check_in(booking=morning_booking, actor=frontdesk)
    assert error.value.code == "too_early"
    assert "10:00" in str(error.value.message) and "10:45" in str(error.value.message)
    assert error.value.extra == {"check_in_from": "2026-11-24T10:00:00+07:00",
                                 "check_in_until": "2026-11-24T10:45:00+07:00"}
    clock.set(10, 0)
    ticket = services.booking_check_in(booking=morning_booking, actor=frontdesk)
    assert ticket.lane == "appointment" and ticket.source == "booking"
    assert ticket.display_number == "A-001"
    morning_booking.refresh_from_db()
    assert morning_booking.status == "checked_in" and morning_booking.ticket == ticket
    with pytest.raises(Conflict) as error:
        services.booking_check_in(booking=morning_booking, actor=frontdesk)
    assert error.value.code == "already_checked_in"
    assert list(morning_booking.events.values_list("action", "actor")) == [
        ("create", None), ("check_in", frontdesk.pk)]


def test_too_late_is_refused_by_default(mall, clock, morning_booking):
    clock.set(10, 46)
    with pytest.raises(Conflict) as error:
        services.booking_check_in(booking=morning_booking, actor=mall.users["kiosk"])
    assert error.value.code == "too_late"
    assert error.value.extra["check_in_until"] == "2026-11-24T10:45:00+07:00"
    morning_booking.refresh_from_db()
    assert morning_booking.status == "confirmed" and morning_booking.ticket is None


def test_late_policy_walk_in_gives_a_regular_ticket(mall, clock, morning_booking):
    catalog.site_update(site=mall.site, late_policy="walk_in")
    clock.set(11, 30)
    ticket = services.booking_check_in(booking=morning_booking, actor=mall.users["kiosk"])
    assert ticket.lane == "regular"
    morning_booking.refresh_from_db()
    assert morning_booking.status == "checked_in"
    assert morning_booking.events.last().action == "check_in_late"


def test_late_walk_in_after_the_no_show_job_but_not_another_day(mall, clock, book):
    catalog.service_update(service=mall.ktp, late_policy="walk_in")
    today = book(date="2026-11-24", slot="10:30")
    tomorrow = book(nik=AGUS, date="2026-11-25", slot="08:00")
    clock.set(12, 0)
    assert services.bookings_mark_no_shows() == 1
    ticket = services.booking_check_in(booking=today, actor=mall.users["kiosk"])
    assert ticket.lane == "regular"
    clock.set(9, 0, day=26)
    with pytest.raises(Conflict) as error:
        services.booking_check_in(booking=tomorrow, actor=mall.users["kiosk"])
    assert error.value.code == "too_late"


def test_cancelled_booking_cannot_check_in(mall, clock, morning_booking):
    services.booking_cancel(code=morning_booking.code, nik=SITI)
    clock.set(10, 10)
    with pytest.raises(Conflict) as error:
        services.booking_check_in(booking=morning_booking, actor=mall.users["kiosk"])
    assert error.value.code == "invalid_transition"


def test_the_appointment_is_called_before_walk_ins(mall, clock, morning_booking):
    walk_ins = [queue.ticket_issue(service=mall.ktp) for _ in range(3)]
    priority = queue.ticket_issue(service=mall.ktp, lane="priority")
    clock.set(10, 5)
    appointment = services.booking_check_in(booking=morning_booking, actor=mall.users["kiosk"])
    counter = queue.counter_set_open(counter=mall.loket_disdukcapil, is_open=True)
    called = [queue.ticket_call_next(counter=counter) for _ in range(5)]
    assert [t.pk for t in called] == [appointment.pk, priority.pk, *[t.pk for t in walk_ins]]


def test_appointment_tickets_are_outside_the_walk_in_quota(mall, clock, morning_booking):
    catalog.service_update(service=mall.ktp, walkin_quota=1)
    queue.ticket_issue(service=mall.ktp)
    clock.set(10, 5)
    assert services.booking_check_in(booking=morning_booking, actor=mall.users["kiosk"])


def test_no_show_job_is_idempotent(mall, clock, book):
    early = book(date="2026-11-24", slot="10:30", nik=SITI)
    later = book(date="2026-11-24", slot="11:00", nik=AGUS)
    clock.set(10, 45)
    assert services.bookings_mark_no_shows() == 0  # the 10:30 window closes at 10:45
    clock.set(10, 46)
    assert services.bookings_mark_no_shows() == 1
    assert services.bookings_mark_no_shows() == 0
    early.refresh_from_db()
    later.refresh_from_db()
    assert (early.status, later.status) == ("no_show", "confirmed")
    assert early.events.filter(action="no_show").count() == 1
    clock.set(15, 0)
    assert services.bookings_mark_no_shows() == 1
    assert Booking.objects.filter(status="no_show").count() == 2
