"""Tickets, their daily numbering, and the event row written for every change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import order, states


class Status(models.TextChoices):
    WAITING = states.WAITING, _("Waiting")
    CALLED = states.CALLED, _("Called")
    SERVING = states.SERVING, _("Being served")
    DONE = states.DONE, _("Done")
    NO_SHOW = states.NO_SHOW, _("Did not come")
    CANCELLED = states.CANCELLED, _("Cancelled")


class Lane(models.TextChoices):
    """The lanes, in call order (defined in `order.py`)."""

    APPOINTMENT = order.APPOINTMENT, _("Appointment")
    PRIORITY = order.PRIORITY, _("Priority (elderly, disabled, pregnant, children)")
    REGULAR = order.REGULAR, _("Regular")


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


class PrinterKind(models.TextChoices):
    BROWSER = "browser", _("Browser print dialog")
    NETWORK = "network", _("ESC/POS network printer")
    USB = "usb", _("ESC/POS USB printer")


PAPER_WIDTHS = (58, 80)


class KioskPrinter(models.Model):
    """How one kiosk device prints its tickets. Checked by `printers.kiosk_printer_validate`,
    written by `services.kiosk_printer_set`."""

    kiosk = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="kiosk_printer", verbose_name=_("kiosk"),
                                 limit_choices_to={"role": "kiosk"})
    kind = models.CharField(_("kind"), max_length=10, choices=PrinterKind.choices,
                            default=PrinterKind.BROWSER)
    host = models.CharField(_("host"), max_length=253, blank=True,
                            help_text=_("IP address or host name of a network printer."))
    port = models.PositiveIntegerField(_("port"), default=9100)
    usb_vendor_id = models.CharField(_("USB vendor id"), max_length=4, blank=True,
                                     help_text=_("Four hex digits, e.g. 04b8."))
    usb_product_id = models.CharField(_("USB product id"), max_length=4, blank=True,
                                      help_text=_("Four hex digits, e.g. 0202."))
    usb_in_endpoint = models.CharField(_("USB in endpoint"), max_length=2, blank=True,
                                       help_text=_("Two hex digits, e.g. 82 (the default)."))
    usb_out_endpoint = models.CharField(_("USB out endpoint"), max_length=2, blank=True,
                                        help_text=_("Two hex digits, e.g. 01 (the default)."))
    paper_width = models.PositiveSmallIntegerField(
        _("paper width (mm)"), default=80, choices=[(w, f"{w} mm") for w in PAPER_WIDTHS])
    header = models.TextField(_("header lines"), blank=True)
    footer = models.TextField(_("footer lines"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("kiosk printer")
        verbose_name_plural = _("kiosk printers")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PrinterKind.values),
                                   name="kiosk_printer_kind_known"),
            models.CheckConstraint(condition=Q(paper_width__in=PAPER_WIDTHS),
                                   name="kiosk_printer_width_known"),
            models.CheckConstraint(condition=Q(port__gte=1, port__lte=65535),
                                   name="kiosk_printer_port_range"),
        ]

    def __str__(self) -> str:
        return f"{self.kiosk.username}: {self.get_kind_display()}"

    @property
    def header_lines(self) -> list[str]:
        return [line for line in self.header.splitlines() if line.strip()]

    @property
    def footer_lines(self) -> list[str]:
        return [line for line in self.footer.splitlines() if line.strip()]


class DisplaySettings(models.Model):
    """What the display boards of one site show besides the calls: the running text line the
    mall admin sets in the back office."""

    site = models.OneToOneField("catalog.Site", on_delete=models.CASCADE,
                                related_name="display_settings", verbose_name=_("site"))
    running_text = models.CharField(
        _("running text"), max_length=500, blank=True,
        help_text=_("One line that scrolls along the bottom of every display board."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("display board settings")
        verbose_name_plural = _("display board settings")

    def __str__(self) -> str:
        return str(self.site)
