"""Periodic jobs of the booking app, run by the notifications app's worker (`mpp worker`,
started by `mpp serve`), each at most once per period across processes."""

from __future__ import annotations

from django.db import transaction

from mpp.notifications.periodic import periodic

from . import notify, selectors, services


@periodic("bookings.mark_no_shows", every=60)
def mark_no_shows() -> int:
    """Confirmed bookings whose check-in window closed become no-shows."""
    return services.bookings_mark_no_shows()


@periodic("bookings.send_reminders", every=600)
def send_reminders() -> int:
    """The day-before reminder, once per booking (reminded_at, and the dedupe key
    `reminder:<code>` in the notifications app)."""
    sent = 0
    for booking in selectors.bookings_due_for_reminder():
        with transaction.atomic():
            if services.booking_mark_reminded(booking=booking):
                notify.booking_reminder(booking)
                sent += 1
    return sent
