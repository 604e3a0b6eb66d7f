"""Messages to citizens (booking confirmed, reminder, your turn is near, document ready) and
the runs of periodic jobs.

A `Notification` is one message on one channel. It is written once by
`services.notification_request` and then only moves through its status with the send task:
queued -> sending -> sent, or -> failed (retried with backoff until the attempts run out).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    BOOKING_CONFIRMED = "booking_confirmed", _("Booking confirmed")
    BOOKING_REMINDER = "booking_reminder", _("Booking reminder")
    BOOKING_CANCELLED = "booking_cancelled", _("Booking cancelled")
    TURN_NEAR = "turn_near", _("Your turn is near")
    DOCUMENT_READY = "document_ready", _("Document ready")
    APPLICATION_RECEIVED = "application_received", _("Application received")
    APPLICATION_INCOMPLETE = "application_incomplete", _("Documents missing")
    APPLICATION_REJECTED = "application_rejected", _("Application rejected")
    COMPLAINT_RECEIVED = "complaint_received", _("Complaint received")
    COMPLAINT_ANSWERED = "complaint_answered", _("Complaint answered")
    COMPLAINT_CLOSED = "complaint_closed", _("Complaint closed")
    COMPLAINT_STAFF = "complaint_staff", _("Complaint to handle (staff)")
    COMPLAINT_ESCALATED = "complaint_escalated", _("Complaint overdue (staff)")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    site = models.ForeignKey("catalog.Site", on_delete=models.CASCADE,
                             related_name="notifications", verbose_name=_("site"))
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"))
    dedupe_key = models.CharField(_("dedupe key"), max_length=200)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.QUEUED)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["dedupe_key", "channel"],
                                    name="notification_once_per_channel"),
        ]
        indexes = [models.Index(fields=["site", "status", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} / {self.get_channel_display()} ({self.status})"

    @property
    def recipient_masked(self) -> str:
        return mask_recipient(self.recipient, self.channel)


def mask_recipient(recipient: str, channel: str) -> str:
    """Phone numbers are personal data (UU PDP): show the first four and the last three digits
    (0812*****678); an e-mail address keeps its first letter and its domain."""
    if channel == Channel.EMAIL:
        local, _at, domain = recipient.partition("@")
        return f"{local[:1]}***@{domain}" if domain else "***"
    if len(recipient) <= 7:
        return "*" * len(recipient)
    return recipient[:4] + "*" * (len(recipient) - 7) + recipient[-3:]


class PeriodicRun(models.Model):
    """One run of a periodic job in one period. The scheduler claims a period by inserting
    this row: the unique (name, period_start) makes the claim win in exactly one process."""

    class Outcome(models.TextChoices):
        ENQUEUED = "enqueued", _("Enqueued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    name = models.CharField(_("job"), max_length=100)
    period_start = models.DateTimeField(_("period start"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices,
                               default=Outcome.ENQUEUED)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("periodic job run")
        verbose_name_plural = _("periodic job runs")
        ordering = ["-period_start", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "period_start"],
                                    name="periodic_run_once_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.name} @ {self.period_start:%Y-%m-%d %H:%M}"
