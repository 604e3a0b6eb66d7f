"""Every write to the catalog. Each function validates all of its input first and writes
nothing when any field is bad (`mpp.errors.Invalid` names the fields)."""

from __future__ import annotations

import re
from datetime import date, time
from typing import Any, Iterable, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from mpp.errors import Invalid, raise_field_errors

from .models import (
    REQUIREMENT_MAX,
    REQUIREMENTS_MAX,
    WEEKDAYS,
    Agency,
    AgencyKind,
    Channel,
    ClosedDay,
    Counter,
    CounterService,
    LatePolicy,
    Service,
    Site,
    Timezone,
)

PREFIX_RE = re.compile(r"^[A-Z][A-Z0-9]{0,2}$")

# Which field a violated database constraint is about, for races that pass validation.
CONSTRAINT_FIELDS = {
    "service_code_unique": "code",
    "agency_slug_unique": "slug",
    "counter_code_unique": "code",
    "closed_day_unique": "date",
    "catalog_site_slug_key": "slug",
}

# Upper bounds that keep the booking settings sensible (a year ahead, a day before).
BOOKING_SETTING_LIMITS = {"booking_horizon_days": 366, "booking_cutoff_minutes": 1440,
                          "checkin_before_minutes": 720, "checkin_after_minutes": 720}
BOOKING_SETTING_FIELDS = tuple(BOOKING_SETTING_LIMITS)


# What each catalog write takes: one home for the field lists. The services take these as
# typed keywords (`**data: Unpack[ServiceData]`), the `*_FIELDS` sets derive from them, and
# the admin's forms and the import take their field lists from the sets. A site's or a
# service's booking settings may be None on a service (the site's apply).
class _BookingSettings(TypedDict, total=False):
    booking_horizon_days: int | None
    booking_cutoff_minutes: int | None
    checkin_before_minutes: int | None
    checkin_after_minutes: int | None
    late_policy: str


class SiteData(_BookingSettings, total=False):
    slug: str
    name: str
    region: str
    address: str
    timezone: str
    open_days: list[int]
    opens_at: time
    closes_at: time
    turn_near_ahead: int


class AgencyData(TypedDict, total=False):
    slug: str
    name: str
    short_name: str
    kind: str
    open_days: list[int]
    opens_at: time | None
    closes_at: time | None
    description: str
    position: int
    active: bool


class ServiceData(_BookingSettings, total=False):
    code: str
    name: str
    prefix: str
    channels: list[str]
    requirements: list[str] | str
    procedure: str
    completion_days: int | None
    completion_note: str
    fee: int | None
    fee_note: str
    product: str
    complaint_handling: str
    legal_basis: str
    facilities: str
    officer_competence: str
    internal_supervision: str
    officer_count: int | None
    service_guarantee: str
    security_guarantee: str
    performance_evaluation: str
    walkin_quota: int | None
    online_quota: int | None
    bookable: bool
    slot_minutes: int
    slot_capacity: int
    expected_minutes: int | None
    tracked: bool
    position: int
    active: bool


class CounterData(TypedDict, total=False):
    code: str
    name: str
    floor: str
    is_open: bool


SITE_FIELDS = frozenset(SiteData.__annotations__)
AGENCY_FIELDS = frozenset(AgencyData.__annotations__)
SERVICE_FIELDS = frozenset(ServiceData.__annotations__)
COUNTER_FIELDS = frozenset(CounterData.__annotations__)


# --- validation helpers -------------------------------------------------------------------

def _reject_unknown(data: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise Invalid(
            _("Unknown field: %(fields)s.") % {"fields": ", ".join(unknown)},
            fields={name: _("Unknown field.") for name in unknown},
        )


def _clean_weekdays(value: Any, errors: dict[str, str], field: str = "open_days") -> list[int]:
    if isinstance(value, str):
        value = [part for part in re.split(r"[\s,;]+", value) if part]
    try:
        days = sorted({int(day) for day in value})
    except (TypeError, ValueError):
        errors[field] = _("Use ISO weekday numbers 1 (Monday) to 7 (Sunday).")
        return []
    if not days or any(day not in WEEKDAYS for day in days):
        errors[field] = _("Use ISO weekday numbers 1 (Monday) to 7 (Sunday), at least one.")
    return days


def _clean_channels(value: Any, errors: dict[str, str]) -> list[str]:
    if isinstance(value, str):
        value = [part for part in re.split(r"[\s,;]+", value) if part]
    allowed = [choice.value for choice in Channel]
    if not isinstance(value, (list, tuple)) or not value or any(c not in allowed for c in value):
        errors["channels"] = _("Choose one or more of: %(allowed)s.") % {
            "allowed": ", ".join(allowed)
        }
        return []
    return [c for c in allowed if c in value]


def _clean_requirements(value: Any, errors: dict[str, str]) -> list[str]:
    if isinstance(value, str):
        value = [line for line in value.splitlines()]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        errors["requirements"] = _("Requirements must be a list of texts.")
        return []
    lines = [line.strip() for line in value if line.strip()]
    if len(lines) > REQUIREMENTS_MAX:
        errors["requirements"] = _("At most %(count)s requirements.") % {
            "count": REQUIREMENTS_MAX}
    elif any(len(line) > REQUIREMENT_MAX for line in lines):
        errors["requirements"] = _(
            "Each requirement has at most %(count)s characters.") % {"count": REQUIREMENT_MAX}
    return lines


def _full_clean(instance, errors: dict[str, str], exclude: Iterable[str] = ()) -> None:
    """Run Django's field validation (types, lengths, choices, minimums) into `errors`."""
    try:
        instance.full_clean(exclude=[*exclude], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, " ".join(messages))


def _clean_booking_settings(data: dict[str, Any], errors: dict[str, str], *,
                            optional: bool) -> None:
    """Horizon, cut-off, check-in window and late policy: whole minutes/days in range; on a
    service (`optional`) empty means the site's setting."""
    for name in (*BOOKING_SETTING_FIELDS, "turn_near_ahead"):
        if name not in data:
            continue
        value = data[name]
        if optional and value in (None, ""):
            data[name] = None
            continue
        limit = BOOKING_SETTING_LIMITS.get(name, 100)
        try:
            number = int(value)
            if isinstance(value, bool) or number != float(value):
                raise ValueError
        except (TypeError, ValueError):
            errors[name] = _("Enter a whole number from 0 to %(max)s.") % {"max": limit}
            continue
        if not 0 <= number <= limit:
            errors[name] = _("Enter a whole number from 0 to %(max)s.") % {"max": limit}
            continue
        data[name] = number
    if "late_policy" in data:
        value = data["late_policy"] or ""
        allowed = [choice.value for choice in LatePolicy]
        if optional and value == "":
            data["late_policy"] = ""
        elif value not in allowed:
            errors["late_policy"] = _("Choose one of: %(allowed)s.") % {
                "allowed": ", ".join(allowed)}


def _check_hours(instance, errors: dict[str, str]) -> None:
    if instance.opens_at and instance.closes_at and instance.opens_at >= instance.closes_at:
        errors.setdefault("closes_at", _("Closing time must be after opening time."))


def _save(instance) -> None:
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        raise _integrity_to_invalid(error) from error


def _integrity_to_invalid(error: IntegrityError) -> Invalid:
    text = str(error)
    for constraint, field in CONSTRAINT_FIELDS.items():
        if constraint in text:
            return Invalid(
                _("%(field)s: this value is already in use.") % {"field": field},
                fields={field: _("This value is already in use.")},
            )
    if "UNIQUE constraint failed: catalog_site.slug" in text:
        return Invalid(_("slug: this value is already in use."), fields={"slug": _("This value is already in use.")})
    return Invalid(_("The data breaks a rule of the database: %(detail)s") % {"detail": text})


def _apply(instance, data: dict[str, Any]) -> None:
    for name, value in data.items():
        setattr(instance, name, value)


def catalog_changed(*, site_id: int) -> None:
    """A new version of the site's public catalog (agencies, services): the API's cached
    lists and their ETags follow it. Every write to an agency or a service calls it."""
    Site.objects.filter(pk=site_id).update(catalog_version=F("catalog_version") + 1)


# --- sites --------------------------------------------------------------------------------

def site_validate(*, site: Site, data: dict[str, Any]) -> dict[str, str]:
    """Apply `data` to `site` (unsaved) and return the errors by field (empty: valid), writing
    nothing: the back office's forms check through it before they save once."""
    errors: dict[str, str] = {}
    if "open_days" in data:
        data["open_days"] = _clean_weekdays(data["open_days"], errors)
    if "timezone" in data and data["timezone"] not in Timezone.values:
        errors["timezone"] = _("Unknown timezone %(value)s: use %(allowed)s.") % {
            "value": data["timezone"],
            "allowed": ", ".join(Timezone.values),
        }
    _clean_booking_settings(data, errors, optional=False)
    _apply(site, {k: v for k, v in data.items() if k not in errors})
    _full_clean(site, errors, exclude=errors.keys())
    _check_hours(site, errors)
    if "slug" in data and Site.objects.exclude(pk=site.pk).filter(slug=site.slug).exists():
        errors.setdefault("slug", _("Another site already uses this slug."))
    return errors


def site_create(**data: Unpack[SiteData]) -> Site:
    _reject_unknown(data, SITE_FIELDS)
    site = Site()
    raise_field_errors(site_validate(site=site, data=data))
    _save(site)
    return site


def site_update(*, site: Site, **data: Unpack[SiteData]) -> Site:
    _reject_unknown(data, SITE_FIELDS)
    with transaction.atomic():
        site = Site.objects.select_for_update().get(pk=site.pk)
        raise_field_errors(site_validate(site=site, data=data))
        _save(site)
    return site


def closed_day_add(*, site: Site, date: date, reason: str = "") -> ClosedDay:
    if ClosedDay.objects.filter(site=site, date=date).exists():
        raise Invalid(_("date: the site is already closed that day."),
                      fields={"date": _("The site is already closed that day.")})
    closed = ClosedDay(site=site, date=date, reason=reason)
    _save(closed)
    return closed


def closed_day_remove(*, closed_day: ClosedDay) -> None:
    """The site opens again that day (a closing announced by mistake, or called off).
    Deadlines already counted stay as they were given."""
    ClosedDay.objects.filter(pk=closed_day.pk).delete()


# --- agencies -----------------------------------------------------------------------------

def agency_validate(*, agency: Agency, data: dict[str, Any]) -> dict[str, str]:
    """Apply `data` to `agency` (unsaved) and return the errors by field, writing nothing."""
    errors: dict[str, str] = {}
    if "open_days" in data:
        data["open_days"] = _clean_weekdays(data["open_days"], errors)
    if "kind" in data and data["kind"] not in AgencyKind.values:
        errors["kind"] = _("Unknown kind %(value)s: use %(allowed)s.") % {
            "value": data["kind"],
            "allowed": ", ".join(AgencyKind.values),
        }
    _apply(agency, {k: v for k, v in data.items() if k not in errors})
    _full_clean(agency, errors, exclude=[*errors.keys(), "site"])
    _check_hours(agency, errors)
    if (
        "slug" in data
        and Agency.objects.filter(site_id=agency.site_id, slug=agency.slug)
        .exclude(pk=agency.pk)
        .exists()
    ):
        errors.setdefault("slug", _("Another agency of this site already uses this slug."))
    return errors


def agency_create(*, site: Site, **data: Unpack[AgencyData]) -> Agency:
    _reject_unknown(data, AGENCY_FIELDS)
    agency = Agency(site=site)
    raise_field_errors(agency_validate(agency=agency, data=data))
    _save(agency)
    catalog_changed(site_id=agency.site_id)
    return agency


def agency_update(*, agency: Agency, **data: Unpack[AgencyData]) -> Agency:
    _reject_unknown(data, AGENCY_FIELDS)
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        raise_field_errors(agency_validate(agency=agency, data=data))
        _save(agency)
        catalog_changed(site_id=agency.site_id)
    return agency


# --- services -----------------------------------------------------------------------------

def service_validate(*, service: Service, data: dict[str, Any]) -> dict[str, str]:
    """Apply `data` to the unsaved `service` and return the errors by field (empty: valid).
    The admin's forms call this too, so the rules live in one place."""
    errors: dict[str, str] = {}
    if "channels" in data:
        data["channels"] = _clean_channels(data["channels"], errors)
    if "requirements" in data:
        data["requirements"] = _clean_requirements(data["requirements"], errors)
    if "prefix" in data and isinstance(data["prefix"], str):
        data["prefix"] = data["prefix"].strip().upper()
    for name in ("walkin_quota", "online_quota", "fee", "completion_days", "slot_minutes",
                 "slot_capacity", "expected_minutes", "officer_count"):
        value = data.get(name)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
            errors[name] = _("Must be zero or more.")
    _clean_booking_settings(data, errors, optional=True)
    _apply(service, {k: v for k, v in data.items() if k not in errors})
    _full_clean(service, errors, exclude=[*errors.keys(), "site", "agency"])
    if service.prefix and "prefix" not in errors and not PREFIX_RE.match(service.prefix):
        errors["prefix"] = _("Use 1 to 3 capital letters or digits, starting with a letter.")
    if service.code and "code" not in errors:
        if Service.objects.filter(site_id=service.site_id, code=service.code).exclude(
            pk=service.pk
        ).exists():
            errors["code"] = _("Another service of this site already uses code %(code)s.") % {
                "code": service.code
            }
    if service.prefix and "prefix" not in errors:
        other = (
            Service.objects.filter(site_id=service.site_id, prefix=service.prefix)
            .exclude(agency_id=service.agency_id)
            .select_related("agency")
            .first()
        )
        if other:
            errors["prefix"] = _(
                "Prefix %(prefix)s is already used by %(agency)s: each agency has its own "
                "prefixes."
            ) % {"prefix": service.prefix, "agency": other.agency}
    if service.bookable and Channel.E_SERVICE.value not in (service.channels or []) and (
        Channel.DIRECT.value not in (service.channels or [])
    ):
        errors.setdefault("bookable", _("Only a service served at a counter can be booked."))
    return errors


def service_create(*, agency: Agency, **data: Unpack[ServiceData]) -> Service:
    _reject_unknown(data, SERVICE_FIELDS)
    with transaction.atomic():
        # Lock the site: prefix ownership spans agencies, so checks and the write must not
        # interleave with another catalog write of the same site.
        Site.objects.select_for_update().get(pk=agency.site_id)
        service = Service(site_id=agency.site_id, agency=agency)
        raise_field_errors(service_validate(service=service, data=data))
        _save(service)
        catalog_changed(site_id=service.site_id)
    return service


def service_update(*, service: Service, **data: Unpack[ServiceData]) -> Service:
    _reject_unknown(data, SERVICE_FIELDS)
    with transaction.atomic():
        Site.objects.select_for_update().get(pk=service.site_id)
        service = Service.objects.select_for_update().get(pk=service.pk)
        raise_field_errors(service_validate(service=service, data=data))
        _save(service)
        catalog_changed(site_id=service.site_id)
    return service


# --- counters -----------------------------------------------------------------------------

def _validate_counter_services(agency: Agency, services: list[Service]) -> dict[str, str]:
    foreign = [s.code for s in services if s.agency_id != agency.pk]
    if foreign:
        return {
            "services": _("A counter serves only its own agency's services; not: %(codes)s.")
            % {"codes": ", ".join(foreign)}
        }
    return {}


def counter_validate(*, counter: Counter, data: dict[str, Any],
                     services: list[Service] | None = None) -> dict[str, str]:
    """Apply `data` to `counter` (unsaved) and return the errors by field, writing nothing;
    `services` (when given) must be the counter's agency's."""
    errors = _validate_counter_services(counter.agency, services or [])
    _apply(counter, data)
    _full_clean(counter, errors, exclude=["site", "agency", *errors.keys()])
    if counter.code and "code" not in errors and Counter.objects.filter(
        site_id=counter.site_id, code=counter.code
    ).exclude(pk=counter.pk).exists():
        errors.setdefault("code", _("Another counter of this site already uses this code."))
    return errors


def counter_create(*, agency: Agency, services: list[Service] | None = None,
                   **data: Unpack[CounterData]) -> Counter:
    _reject_unknown(data, COUNTER_FIELDS)
    services = services or []
    counter = Counter(site_id=agency.site_id, agency=agency)
    raise_field_errors(counter_validate(counter=counter, data=data, services=services))
    with transaction.atomic():
        _save(counter)
        counter_set_services(counter=counter, services=services)
    return counter


def counter_update(*, counter: Counter, services: list[Service] | None = None,
                   **data: Unpack[CounterData]) -> Counter:
    _reject_unknown(data, COUNTER_FIELDS)
    with transaction.atomic():
        counter = Counter.objects.select_for_update().get(pk=counter.pk)
        raise_field_errors(counter_validate(counter=counter, data=data, services=services))
        _save(counter)
        if services is not None:
            counter_set_services(counter=counter, services=services)
    return counter


def counter_set_services(*, counter: Counter, services: list[Service]) -> None:
    """Set the services a counter serves, in the order given (the order call-next follows)."""
    raise_field_errors(_validate_counter_services(counter.agency, services))
    with transaction.atomic():
        CounterService.objects.filter(counter=counter).delete()
        CounterService.objects.bulk_create(
            CounterService(counter=counter, service=service, position=index)
            for index, service in enumerate(services)
        )
