"""Tickets, their daily numbering, and the event row written for every change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import states


class Status(models.TextChoices):
    WAITING = states.WAITING, _("Waiting")
    CALLED = states.CALLED, _("Called")
    SERVING = states.SERVING, _("Being served")
    DONE = states.DONE, _("Done")
    NO_SHOW = states.NO_SHOW, _("Did not come")
    CANCELLED = states.CANCELLED, _("Cancelled")


class Lane(models.TextChoices):
    """Call order: appointment check-ins first, then the priority lane, then the rest."""

    APPOINTMENT = "appointment", _("Appointment")
    PRIORITY = "priority", _("Priority (elderly, disabled, pregnant, children)")
    REGULAR = "regular", _("Regular")


class Source(models.TextChoices):
    KIOSK = "kiosk", _("Kiosk")
    FRONT_DESK = "front_desk", _("Front desk")
    INTEGRATOR = "integrator", _("External app")
    BOOKING = "booking", _("Booking check-in")
    STAFF = "staff", _("Staff")


class TicketSequence(models.Model):
    """The last number given for one prefix on one local day of one site."""

    site = models.ForeignKey("catalog.Site", on_delete=models.CASCADE)
    prefix = models.CharField(max_length=3)
    day = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "prefix", "day"], name="sequence_unique"),
        ]


class Ticket(models.Model):
    public_id = models.CharField(max_length=16, unique=True, editable=False)
    site = models.ForeignKey("catalog.Site", on_delete=models.CASCADE, related_name="tickets")
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT,
                                related_name="tickets", verbose_name=_("service"))
    day = models.DateField(_("day"))
    prefix = models.CharField(_("prefix"), max_length=3)
    number = models.PositiveIntegerField(_("number"))
    lane = models.CharField(_("lane"), max_length=12, choices=Lane.choices, default=Lane.REGULAR)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.WAITING)
    counter = models.ForeignKey("catalog.Counter", on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="tickets", verbose_name=_("counter"))
    recalls = models.PositiveSmallIntegerField(default=0)
    arrived_at = models.DateTimeField(_("arrived"))
    queued_at = models.DateTimeField(_("in this queue since"))
    called_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        constraints = [
            models.UniqueConstraint(fields=["site", "prefix", "day", "number"],
                                    name="ticket_number_unique"),
            models.CheckConstraint(condition=Q(status__in=states.STATUSES),
                                   name="ticket_status_known"),
        ]
        indexes = [
            models.Index(fields=["service", "status", "day"], name="ticket_queue"),
            models.Index(fields=["site", "day", "status"], name="ticket_site_day"),
        ]

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        return f"{self.prefix}-{self.number:03d}"


class TicketEvent(models.Model):
    """One row per change of a ticket: who, at which counter, when, from, to."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=16)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT, related_name="+")
    counter = models.ForeignKey("catalog.Counter", on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+")
    at = models.DateTimeField()
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
