"""Applications (berkas) handed in at a counter, online or at the front desk, their event
rows, their files and the PDFs the MPP signed for them.

Writes go through `mpp.applications.services`; these classes hold data and constraints only.
The NIK is never stored: only a keyed digest (to compare) and a masked form.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mpp.catalog.models import Channel
from mpp.lib.codes import code_display

from . import states


class Status(models.TextChoices):
    RECEIVED = states.RECEIVED, _("Received")
    VERIFYING = states.VERIFYING, _("Being verified")
    INCOMPLETE = states.INCOMPLETE, _("Documents missing")
    PROCESSING = states.PROCESSING, _("In process")
    READY = states.READY, _("Ready for collection")
    COLLECTED = states.COLLECTED, _("Collected")
    REJECTED = states.REJECTED, _("Rejected")


class Application(models.Model):
    tracking_code = models.CharField(_("tracking code"), max_length=8, unique=True,
                                     editable=False)
    site = models.ForeignKey("catalog.Site", on_delete=models.CASCADE,
                             related_name="applications", verbose_name=_("site"))
    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT,
                               related_name="applications", verbose_name=_("agency"))
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT,
                                related_name="applications", verbose_name=_("service"))
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.RECEIVED)
    applicant_name = models.CharField(_("applicant"), max_length=200)
    nik_digest = models.CharField(max_length=64, editable=False)
    nik_masked = models.CharField(_("NIK"), max_length=16)
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    ticket = models.ForeignKey("queueing.Ticket", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="applications",
                               verbose_name=_("ticket"))
    received_at = models.DateTimeField(_("received at"))
    received_on = models.DateField(_("received on"), help_text=_("The site's local date."))
    # The due date as first computed stays recorded; `due_date` moves by the working days
    # spent waiting for the citizen (`paused_days`, counted when each pause ends).
    due_date_initial = models.DateField(_("first due date"))
    due_date = models.DateField(_("due date"))
    paused_since = models.DateField(_("waiting for the citizen since"), null=True, blank=True)
    paused_days = models.PositiveIntegerField(_("working days waited"), default=0)
    missing_note = models.TextField(_("what is missing"), blank=True)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    collected_at = models.DateTimeField(_("collected at"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("rejected at"), null=True, blank=True)
    receipt_secret = models.CharField(max_length=43, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=states.STATUSES),
                                   name="application_status_known"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values),
                                   name="application_channel_known"),
            models.CheckConstraint(condition=Q(due_date__gte=models.F("due_date_initial")),
                                   name="application_due_not_before_first"),
            models.UniqueConstraint(fields=["ticket"], condition=Q(ticket__isnull=False),
                                    name="application_one_per_ticket"),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "due_date"], name="application_worklist"),
            models.Index(fields=["site", "status", "due_date"], name="application_site_due"),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def display_code(self) -> str:
        return code_display(self.tracking_code)


class ApplicationEvent(models.Model):
    """One row per change of an application: who, when, from, to, the note (never the NIK)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="events")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+")
    at = models.DateTimeField()
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]


class FileKind(models.TextChoices):
    REQUIREMENT = "requirement", _("Requirement")
    RESULT = "result", _("Result document")


class ApplicationFile(models.Model):
    """A file of an application: a requirement the citizen handed in (`requirement`, the
    1-based position in the service's standard at the time), or the agency's result."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="files")
    kind = models.CharField(max_length=12, choices=FileKind.choices)
    requirement = models.PositiveSmallIntegerField(null=True, blank=True)
    requirement_text = models.CharField(max_length=500, blank=True)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=80, unique=True, editable=False)
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["kind", "requirement", "id"]


class DocumentKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt (tanda terima)")
    RESULT = "result", _("Result document")


class SignedDocument(models.Model):
    """A PDF the MPP signed: found again by its signature (`signature_id`, a digest of the
    signature value) when someone uploads it to be verified, and by its `code` (the QR's
    /v/<code>). The signed bytes are kept in the file store."""

    code = models.CharField(max_length=8, unique=True, editable=False)
    site = models.ForeignKey("catalog.Site", on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="signed_documents")
    kind = models.CharField(max_length=12, choices=DocumentKind.choices)
    signature_id = models.CharField(max_length=64, unique=True)
    signer_fingerprint = models.CharField(max_length=64, db_index=True)
    signer_name = models.CharField(max_length=200)
    signed_at = models.DateTimeField()
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=80, unique=True, editable=False)

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application"], condition=Q(kind="receipt"),
                                    name="signed_one_receipt"),
        ]
