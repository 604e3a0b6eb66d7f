"""The catalog: a site (one MPP building), its tenant agencies, their counters and services.

Writes go through `mpp.catalog.services`; these classes hold data and constraints only.
"""

from __future__ import annotations

from datetime import time

from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Sizes of what an agency writes in its service standard: far above the real thing (the demo
# catalogs, from real MPPs' published standards, have texts under 600 characters and at most
# 5 requirements of under 80), small enough that no one makes a public page megabytes long.
TEXT_MAX = 10_000        # characters of one text of the standard or a description
REQUIREMENTS_MAX = 100   # requirements of one service
REQUIREMENT_MAX = 500    # characters of one requirement


class Timezone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (Asia/Jakarta)")
    WITA = "Asia/Makassar", _("WITA (Asia/Makassar)")
    WIT = "Asia/Jayapura", _("WIT (Asia/Jayapura)")


class AgencyKind(models.TextChoices):
    VERTICAL = "vertical", _("Central government office (instansi vertikal)")
    OPD = "opd", _("Regional government unit (OPD)")
    BUMN = "bumn", _("State-owned company (BUMN)")
    BUMD = "bumd", _("Regional company (BUMD/perumda)")
    BANK = "bank", _("Bank")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    DIRECT = "direct", _("Direct service at a counter")
    E_SERVICE = "e_service", _("E-service (online)")
    SELF_SERVICE = "self_service", _("Self-service (kiosk)")


WEEKDAYS = [1, 2, 3, 4, 5, 6, 7]  # ISO: Monday = 1


def default_open_days() -> list[int]:
    return [1, 2, 3, 4, 5]


def default_channels() -> list[str]:
    return [Channel.DIRECT.value]


class LatePolicy(models.TextChoices):
    """What a citizen who arrives after the check-in window gets."""

    REFUSE = "refuse", _("Refuse the check-in")
    WALK_IN = "walk_in", _("Join the walk-in queue as a regular ticket")


class Site(models.Model):
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    region = models.CharField(_("regency/city"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    timezone = models.CharField(
        _("timezone"), max_length=32, choices=Timezone.choices, default=Timezone.WIB
    )
    open_days = models.JSONField(_("open days (ISO weekdays)"), default=default_open_days)
    opens_at = models.TimeField(_("opens at"), default=time(8, 0))
    closes_at = models.TimeField(_("closes at"), default=time(16, 0))
    # Online booking (a service may override each of these).
    booking_horizon_days = models.PositiveIntegerField(
        _("booking horizon (days ahead)"), default=14,
        help_text=_("How many days ahead citizens may book; 0 means today only."))
    booking_cutoff_minutes = models.PositiveIntegerField(
        _("booking cut-off (minutes)"), default=60,
        help_text=_("Booking a slot closes this many minutes before it starts."))
    checkin_before_minutes = models.PositiveIntegerField(
        _("check-in opens (minutes before the slot)"), default=30)
    checkin_after_minutes = models.PositiveIntegerField(
        _("check-in closes (minutes after the slot start)"), default=15)
    late_policy = models.CharField(
        _("late arrival"), max_length=10, choices=LatePolicy.choices,
        default=LatePolicy.REFUSE)
    turn_near_ahead = models.PositiveIntegerField(
        _("'your turn is near' at (people ahead)"), default=3,
        help_text=_("A checked-in citizen is told when this many people are ahead."))
    created_at = models.DateTimeField(auto_now_add=True)
    # Moves on every change of the site's agencies or services: the public lists of the API
    # are rendered once per version (and language) and carry it in their ETag.
    catalog_version = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("closes_at")), name="site_hours_ordered"
            ),
            models.CheckConstraint(
                condition=Q(timezone__in=[choice.value for choice in Timezone]),
                name="site_timezone_known",
            ),
            models.CheckConstraint(
                condition=Q(late_policy__in=[choice.value for choice in LatePolicy]),
                name="site_late_policy_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ClosedDay(models.Model):
    """A day the site closes on top of national holidays (regional holiday, cuti bersama)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="closed_days")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("closed day")
        verbose_name_plural = _("closed days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["site", "date"], name="closed_day_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.reason}".strip()


class Agency(models.Model):
    """A tenant of the site: a provider with its own counters, staff and services."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="agencies")
    slug = models.SlugField(_("slug"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=AgencyKind.choices)
    open_days = models.JSONField(_("open days (ISO weekdays)"), default=default_open_days)
    opens_at = models.TimeField(_("opens at"), default=time(8, 0))
    closes_at = models.TimeField(_("closes at"), default=time(15, 0))
    description = models.TextField(_("description"), blank=True,
                               validators=[MaxLengthValidator(TEXT_MAX)])
    position = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["site", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "slug"], name="agency_slug_unique"),
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("closes_at")), name="agency_hours_ordered"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[choice.value for choice in AgencyKind]),
                name="agency_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class Service(models.Model):
    """A service type with its published service standard (UU 25/2009 art. 21)."""

    # `site` repeats `agency.site` so that codes and prefixes can be unique per site in the
    # database itself; services.service_create/update keep the two equal.
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="services")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="services")
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    prefix = models.CharField(
        _("ticket prefix"),
        max_length=3,
        help_text=_("1-3 capital letters or digits starting with a letter; one agency's only."),
    )
    channels = models.JSONField(_("channels"), default=default_channels)
    # 1-6: the standard as shown to citizens.
    requirements = models.JSONField(_("requirements"), default=list, blank=True)
    procedure = models.TextField(_("system, mechanism and procedure"), blank=True,
                             validators=[MaxLengthValidator(TEXT_MAX)])
    completion_days = models.PositiveIntegerField(
        _("completion time (working days)"),
        default=0,
        help_text=_("0 means finished on the same day."),
    )
    completion_note = models.CharField(_("completion time note"), max_length=200, blank=True)
    fee = models.PositiveIntegerField(_("fee (rupiah)"), default=0)
    fee_note = models.CharField(_("fee note"), max_length=300, blank=True)
    product = models.CharField(_("product"), max_length=300, blank=True)
    complaint_handling = models.TextField(_("handling of complaints"), blank=True,
                                      validators=[MaxLengthValidator(TEXT_MAX)])
    # 7-14: the standard for management.
    legal_basis = models.TextField(_("legal basis"), blank=True,
                               validators=[MaxLengthValidator(TEXT_MAX)])
    facilities = models.TextField(_("facilities"), blank=True,
                              validators=[MaxLengthValidator(TEXT_MAX)])
    officer_competence = models.TextField(_("officer competence"), blank=True,
                                      validators=[MaxLengthValidator(TEXT_MAX)])
    internal_supervision = models.TextField(_("internal supervision"), blank=True,
                                        validators=[MaxLengthValidator(TEXT_MAX)])
    officer_count = models.PositiveIntegerField(_("number of officers"), default=1)
    service_guarantee = models.TextField(_("service guarantee"), blank=True,
                                     validators=[MaxLengthValidator(TEXT_MAX)])
    security_guarantee = models.TextField(_("security and safety guarantee"), blank=True,
                                      validators=[MaxLengthValidator(TEXT_MAX)])
    performance_evaluation = models.TextField(_("evaluation of officers"), blank=True,
                                          validators=[MaxLengthValidator(TEXT_MAX)])
    # Queue and booking settings.
    walkin_quota = models.PositiveIntegerField(
        _("daily walk-in quota"), null=True, blank=True, help_text=_("Empty means no limit.")
    )
    online_quota = models.PositiveIntegerField(
        _("daily online quota"), null=True, blank=True, help_text=_("Empty means no limit.")
    )
    bookable = models.BooleanField(_("online booking"), default=False)
    slot_minutes = models.PositiveIntegerField(
        _("slot length (minutes)"), default=30, validators=[MinValueValidator(5)]
    )
    slot_capacity = models.PositiveIntegerField(
        _("places per slot"), default=5, validators=[MinValueValidator(1)]
    )
    expected_minutes = models.PositiveIntegerField(
        _("expected minutes per citizen"), default=10, validators=[MinValueValidator(1)]
    )
    # Overrides of the site's booking settings; empty means the site's.
    booking_horizon_days = models.PositiveIntegerField(
        _("booking horizon (days ahead)"), null=True, blank=True,
        help_text=_("Empty means the site's setting."))
    booking_cutoff_minutes = models.PositiveIntegerField(
        _("booking cut-off (minutes)"), null=True, blank=True,
        help_text=_("Empty means the site's setting."))
    checkin_before_minutes = models.PositiveIntegerField(
        _("check-in opens (minutes before the slot)"), null=True, blank=True,
        help_text=_("Empty means the site's setting."))
    checkin_after_minutes = models.PositiveIntegerField(
        _("check-in closes (minutes after the slot start)"), null=True, blank=True,
        help_text=_("Empty means the site's setting."))
    late_policy = models.CharField(
        _("late arrival"), max_length=10, choices=LatePolicy.choices, blank=True,
        help_text=_("Empty means the site's setting."))
    tracked = models.BooleanField(
        _("opens a tracked application"),
        default=False,
        help_text=_("The citizen gets a tracking code to follow the document until collected."),
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["agency__position", "agency__name", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="service_code_unique"),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=5), name="service_slot_minutes_min"
            ),
            models.CheckConstraint(
                condition=Q(slot_capacity__gte=1), name="service_slot_capacity_min"
            ),
            models.CheckConstraint(
                condition=Q(expected_minutes__gte=1), name="service_expected_minutes_min"
            ),
        ]
        indexes = [models.Index(fields=["site", "prefix"], name="service_site_prefix")]

    def __str__(self) -> str:
        return self.name


class Counter(models.Model):
    """A counter (loket) or booth of one agency, serving some of its services in order."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="counters")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="counters")
    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    floor = models.CharField(_("floor"), max_length=20, default="1")
    is_open = models.BooleanField(_("open"), default=False)
    services = models.ManyToManyField(
        Service, through="CounterService", related_name="counters", verbose_name=_("services")
    )

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        ordering = ["site", "code"]
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="counter_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class CounterService(models.Model):
    counter = models.ForeignKey(Counter, on_delete=models.CASCADE)
    service = models.ForeignKey(Service, on_delete=models.CASCADE)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("counter service")
        verbose_name_plural = _("counter services")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["counter", "service"], name="counter_service_unique"),
        ]
