"""Online bookings of a queue slot, their event rows, and the per-slot place counters.

Writes go through `mpp.bookings.services`; these classes hold data and constraints only.
The NIK is never stored: only a keyed digest (to find and compare) and a masked form.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mpp.lib.codes import code_display

from . import states


class Status(models.TextChoices):
    CONFIRMED = states.CONFIRMED, _("Confirmed")
    CHECKED_IN = states.CHECKED_IN, _("Checked in")
    CANCELLED = states.CANCELLED, _("Cancelled")
    NO_SHOW = states.NO_SHOW, _("Did not come")


class Channel(models.TextChoices):
    PORTAL = "portal", _("Citizen portal")
    KIOSK = "kiosk", _("Kiosk")
    FRONT_DESK = "front_desk", _("Front desk")
    INTEGRATOR = "integrator", _("External app")


class Booking(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True, editable=False)
    site = models.ForeignKey("catalog.Site", on_delete=models.CASCADE, related_name="bookings",
                             verbose_name=_("site"))
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT,
                                related_name="bookings", verbose_name=_("service"))
    date = models.DateField(_("date"))
    slot_start = models.TimeField(_("slot start"))
    slot_end = models.TimeField(_("slot end"))
    starts_at = models.DateTimeField(_("starts at"), help_text=_("The slot start as an instant."))
    name = models.CharField(_("name"), max_length=200)
    nik_digest = models.CharField(max_length=64, editable=False)
    nik_masked = models.CharField(_("NIK"), max_length=16)
    phone = models.CharField(_("phone"), max_length=16)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.CONFIRMED)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    integrator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("integrator"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("booked at"))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    no_show_at = models.DateTimeField(_("marked no-show at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    ticket = models.OneToOneField("queueing.Ticket", on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="booking", verbose_name=_("ticket"))

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-date", "slot_start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["nik_digest", "service", "date"],
                condition=Q(status__in=states.ACTIVE),
                name="booking_one_active_per_nik",
            ),
            models.CheckConstraint(condition=Q(status__in=states.STATUSES),
                                   name="booking_status_known"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values),
                                   name="booking_channel_known"),
        ]
        indexes = [
            models.Index(fields=["service", "date", "status"], name="booking_service_day"),
            models.Index(fields=["status", "starts_at"], name="booking_status_start"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def display_code(self) -> str:
        return code_display(self.code)


class BookingEvent(models.Model):
    """One row per change of a booking: who, when, from, to (never the NIK)."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=16)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+")
    at = models.DateTimeField()
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]


DAY = ""  # the `slot` of the row that counts the whole day (the online quota)


class SlotTally(models.Model):
    """Places taken for one slot of one service on one date (and, with slot "", the whole
    day). Taken and released only by conditional UPSERT/UPDATE statements in services.py, so
    that concurrent bookings never take more than there is, on SQLite and PostgreSQL."""

    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    slot = models.CharField(max_length=5, blank=True)  # "HH:MM", or DAY
    taken = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "date", "slot"], name="slot_tally_unique"),
        ]
