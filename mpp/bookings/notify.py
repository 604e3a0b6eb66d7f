"""What bookings tell citizens, through the notifications app (`notification_request`
records one notification per channel, idempotent on the dedupe key, sent after commit by a
background task). Texts are in the site's default language; never the NIK."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Booking


def _request(booking: Booking, *, kind: str, dedupe_key: str, subject: str, body: str):
    from mpp.notifications.services import notification_request

    return notification_request(site=booking.site, kind=kind, dedupe_key=dedupe_key,
                                subject=subject, body=body, email=booking.email or None,
                                phone=booking.phone or None)


def _facts(booking: Booking) -> dict:
    service = booking.service
    return {"code": booking.display_code, "service": service.name,
            "agency": service.agency.short_name or service.agency.name,
            "site": booking.site.name, "day": booking.date.strftime("%d-%m-%Y"),
            "slot": booking.slot_start.strftime("%H:%M")}


def booking_confirmed(booking: Booking):
    """Inside the booking's transaction: rolled back with it, sent after commit."""
    from mpp.catalog.calendar import site_zone

    from .selectors import checkin_window

    with translation.override(settings.LANGUAGE_CODE):
        opens, closes = checkin_window(booking=booking)
        zone = site_zone(booking.site)
        facts = {**_facts(booking), "from": opens.astimezone(zone).strftime("%H:%M"),
                 "until": closes.astimezone(zone).strftime("%H:%M")}
        return _request(
            booking, kind="booking_confirmed", dedupe_key=f"booking:{booking.code}",
            subject=_("Booking %(code)s confirmed") % facts,
            body=_("Your booking %(code)s for %(service)s (%(agency)s) at %(site)s on %(day)s "
                   "at %(slot)s is confirmed. Show the code or its QR at the kiosk or the "
                   "front desk between %(from)s and %(until)s.") % facts)


def booking_cancelled(booking: Booking):
    """Inside the cancel's transaction: one notice per booking."""
    with translation.override(settings.LANGUAGE_CODE):
        facts = _facts(booking)
        return _request(
            booking, kind="booking_cancelled", dedupe_key=f"cancelled:{booking.code}",
            subject=_("Booking %(code)s cancelled") % facts,
            body=_("Your booking %(code)s for %(service)s on %(day)s at %(slot)s is "
                   "cancelled; its place is free for someone else.") % facts)


def booking_reminder(booking: Booking):
    with translation.override(settings.LANGUAGE_CODE):
        facts = _facts(booking)
        return _request(
            booking, kind="booking_reminder", dedupe_key=f"reminder:{booking.code}",
            subject=_("Reminder: your booking %(code)s is tomorrow") % facts,
            body=_("Reminder: tomorrow, %(day)s at %(slot)s, %(service)s (%(agency)s) at "
                   "%(site)s. Your booking code: %(code)s.") % facts)


def turn_near(booking: Booking, *, ticket, ahead: int):
    with translation.override(settings.LANGUAGE_CODE):
        facts = {**_facts(booking), "number": ticket.display_number, "ahead": ahead}
        return _request(
            booking, kind="turn_near", dedupe_key=f"turn-near:{ticket.pk}",
            subject=_("Your turn is near: %(number)s") % facts,
            body=_("Ticket %(number)s for %(service)s: %(ahead)s people are ahead of you. "
                   "Please stay near the counters.") % facts)
