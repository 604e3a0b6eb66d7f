"""What citizens are told: booking confirmed (only when it is), the day-before reminder once
even when the job runs twice, "your turn is near" once per ticket; never the NIK."""

import pytest

from mpp.bookings import jobs, services
from mpp.catalog import services as catalog
from mpp.errors import Conflict
from mpp.notifications.models import Notification
from mpp.notifications.periodic import registry
from mpp.queueing import services as queue

from .conftest import SITI, citizen_nik

pytestmark = pytest.mark.django_db


def test_confirmation_on_every_channel_given(mall, clock, book, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        booking = book()
    sent = Notification.objects.filter(dedupe_key=f"booking:{booking.code}")
    assert sorted(sent.values_list("channel", flat=True)) == sorted(
        ["email", sent.exclude(channel="email").get().channel])
    assert set(sent.values_list("recipient", flat=True)) == {"siti@example.id", "+6281234567890"}
    assert all(booking.display_code in n.body and SITI not in n.body for n in sent)
    assert {n.kind for n in sent} == {"booking_confirmed"}


def test_a_refused_booking_notifies_nobody(mall, clock, book):
    catalog.service_update(service=mall.ktp, slot_capacity=1)
    book()
    before = Notification.objects.count()
    with pytest.raises(Conflict):
        book(nik=citizen_nik(7))
    assert Notification.objects.count() == before


def test_reminder_the_day_before_once(mall, clock, book):
    tomorrow = book(email=None)
    book(nik=citizen_nik(8), date="2026-11-26", email=None)  # the day after: not yet
    assert jobs.send_reminders() == 1
    assert jobs.send_reminders() == 0
    reminders = Notification.objects.filter(kind="booking_reminder")
    assert list(reminders.values_list("dedupe_key", flat=True)) == [f"reminder:{tomorrow.code}"]


def test_jobs_are_registered():
    assert registry["bookings.mark_no_shows"].every == 60
    assert registry["bookings.send_reminders"].every == 600


def test_turn_near_once_per_ticket(mall, clock, book, django_capture_on_commit_callbacks):
    catalog.site_update(site=mall.site, turn_near_ahead=2)
    bookings = [book(nik=citizen_nik(n), date="2026-11-24", slot="10:30", email=None)
                for n in range(1, 6)]
    clock.set(10, 5)
    tickets = [services.booking_check_in(booking=b, actor=mall.users["kiosk"])
               for b in bookings]
    counter = queue.counter_set_open(counter=mall.loket_disdukcapil, is_open=True)
    with django_capture_on_commit_callbacks(execute=True):
        queue.ticket_call_next(counter=counter)  # the others now have 0, 1, 2, 3 ahead
    near = Notification.objects.filter(kind="turn_near")
    assert sorted(near.values_list("dedupe_key", flat=True)) == sorted(
        f"turn-near:{t.pk}" for t in tickets[1:4])
    with django_capture_on_commit_callbacks(execute=True):
        queue.ticket_call_next(counter=counter)
    assert sorted(near.values_list("dedupe_key", flat=True)) == sorted(
        f"turn-near:{t.pk}" for t in tickets[1:5])


def test_the_confirmation_gives_the_check_in_window_and_a_cancel_is_told(mall, clock, book):
    catalog.site_update(site=mall.site, checkin_before_minutes=20, checkin_after_minutes=10)
    booking = book()
    confirmed = Notification.objects.filter(dedupe_key=f"booking:{booking.code}").first()
    assert "07.40" in confirmed.body or "07:40" in confirmed.body  # 08:00 slot, 20 min before
    assert "08.10" in confirmed.body or "08:10" in confirmed.body
    services.booking_cancel(code=booking.code, nik=SITI)
    cancelled = Notification.objects.filter(dedupe_key=f"cancelled:{booking.code}")
    assert cancelled.count() == 2 and {n.kind for n in cancelled} == {"booking_cancelled"}
    assert all(SITI not in n.body for n in cancelled)
