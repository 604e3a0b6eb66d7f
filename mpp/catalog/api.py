"""Catalog endpoints: the public catalog of the contract, and the staff's management of it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Literal

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.http import parse_etags
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.renderers import JSONRenderer
from pydantic import TypeAdapter

from mpp.errors import Invalid
from mpp.lib.api_auth import bearer

from . import access, selectors, services
from .models import Channel, Service

router = Router(tags=["catalog"])

ChannelName = Literal["direct", "e_service", "self_service"]
Kind = Literal["vertical", "opd", "bumn", "bumd", "bank", "other"]


class SiteOut(Schema):
    slug: str
    name: str
    timezone: str


class AgencyOut(Schema):
    slug: str
    name: str
    kind: str
    open_days: list[int]
    short_name: str = ""
    opens_at: str = Field(..., description="HH:MM local")
    closes_at: str


class StandardOut(Schema):
    requirements: list[str]
    procedure: str
    completion_days: int
    fee: int
    product: str
    legal_basis: str
    complaint_handling: str


class ServiceOut(Schema):
    code: str
    name: str
    agency: str
    prefix: str
    channels: list[str]
    standard: StandardOut
    bookable: bool
    tracked: bool = False


class FullStandardOut(StandardOut):
    completion_note: str
    fee_note: str
    facilities: str
    officer_competence: str
    internal_supervision: str
    officer_count: int
    service_guarantee: str
    security_guarantee: str
    performance_evaluation: str


class ServiceDetailOut(ServiceOut):
    standard: FullStandardOut
    walkin_quota: int | None
    online_quota: int | None
    slot_minutes: int
    slot_capacity: int
    expected_minutes: int
    active: bool


class CounterOut(Schema):
    code: str
    name: str
    agency: str
    floor: str
    services: list[str]
    open: bool


class StaffOut(Schema):
    username: str
    name: str
    role: str
    agency: str | None
    is_active: bool
    last_login: str | None


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def _agency_out(agency) -> dict:
    return {
        "slug": agency.slug,
        "name": agency.name,
        "short_name": agency.short_name,
        "kind": agency.kind,
        "open_days": agency.open_days,
        "opens_at": _hhmm(agency.opens_at),
        "closes_at": _hhmm(agency.closes_at),
    }


def _service_out(service: Service) -> dict:
    return {
        "code": service.code,
        "name": service.name,
        "agency": service.agency.slug,
        "prefix": service.prefix,
        "channels": service.channels,
        "standard": selectors.service_public_standard(service=service),
        "bookable": service.bookable,
        "tracked": service.tracked,
    }


def _service_detail(service: Service) -> dict:
    return {
        **_service_out(service),
        "standard": selectors.service_full_standard(service=service),
        "walkin_quota": service.walkin_quota,
        "online_quota": service.online_quota,
        "slot_minutes": service.slot_minutes,
        "slot_capacity": service.slot_capacity,
        "expected_minutes": service.expected_minutes,
        "active": service.active,
    }


def _counter_out(counter) -> dict:
    return {
        "code": counter.code,
        "name": counter.name,
        "agency": counter.agency.slug,
        "floor": counter.floor,
        "services": [link.service.code for link in counter.counterservice_set.all()],
        "open": counter.is_open,
    }


# --- public -----------------------------------------------------------------------------------

@router.get("/sites", response=list[SiteOut], auth=None, summary="Every site (MPP)")
def site_list(request: HttpRequest):
    return list(selectors.site_list())


# The public lists change only when an agency or a service does (Site.catalog_version): each
# is rendered once per version and language, kept in the cache, and carries an ETag, so that a
# city app that asks again with If-None-Match gets a 304 without a byte of the list.
CATALOG_CACHE_SECONDS = 600
_AGENCY_LIST = TypeAdapter(list[AgencyOut])
_SERVICE_LIST = TypeAdapter(list[ServiceOut])
_RENDERER = JSONRenderer()  # what NinjaAPI renders with: the same bytes as an uncached answer


def _catalog_list(request: HttpRequest, site, kind: str, variant: str, adapter: TypeAdapter,
                  build: Callable[[], list[dict]]) -> HttpResponse:
    tag = (f'"{kind}.{site.pk}.{site.catalog_version}.{translation.get_language()}'
           f'.{variant}"')
    if tag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    else:
        key = f"catalog:{tag}"
        body = cache.get(key)
        if body is None:
            data = adapter.dump_python(adapter.validate_python(build()), mode="json")
            body = _RENDERER.render(request, data, response_status=200)
            cache.set(key, body, CATALOG_CACHE_SECONDS)
        response = HttpResponse(body, content_type=_RENDERER.media_type)
    response["ETag"] = tag
    response["Cache-Control"] = "no-cache"  # keep it, but ask again: a 304 costs nothing
    return response


@router.get("/sites/{site}/agencies", response=list[AgencyOut], auth=None,
            summary="The agencies (tenants) of a site, with their open ISO weekdays")
def agency_list(request: HttpRequest, site: str):
    site_obj = access.access_site(site)
    return _catalog_list(request, site_obj, "agencies", "", _AGENCY_LIST, lambda: [
        _agency_out(a) for a in selectors.agency_list(site=site_obj)])


@router.get("/sites/{site}/services", response=list[ServiceOut], auth=None,
            summary="Services with their published standard; search with q, filter by agency")
def service_list(request: HttpRequest, site: str, q: str = Query("", max_length=200),
                 agency: str = Query("", max_length=50)):
    site_obj = access.access_site(site)
    if agency:
        access.access_agency(None, site_obj, agency)  # 404 for an unknown agency
    if q.strip():  # a search: answered afresh (free text would fill the cache)
        return [_service_out(s)
                for s in selectors.service_search(site=site_obj, q=q, agency=agency)]
    return _catalog_list(request, site_obj, "services", agency, _SERVICE_LIST, lambda: [
        _service_out(s) for s in selectors.service_search(site=site_obj, agency=agency)])


@router.get("/sites/{site}/services/{service}", response=ServiceOut, auth=None,
            summary="One service and its published standard")
def service_detail(request: HttpRequest, site: str, service: str):
    site_obj = access.access_site(site)
    return _service_out(access.access_service(None, site_obj, service))


@router.get("/sites/{site}/counters", response=list[CounterOut], auth=None,
            summary="Counters (loket) with the services they serve, in call order")
def counter_list(request: HttpRequest, site: str):
    site_obj = access.access_site(site)
    return [_counter_out(c) for c in selectors.counter_list(site=site_obj)]


# --- staff ------------------------------------------------------------------------------------

class AgencyPatch(Schema):
    name: str | None = Field(None, max_length=200)
    short_name: str | None = Field(None, max_length=60)
    open_days: list[int] | None = None
    opens_at: time | None = None
    closes_at: time | None = None
    description: str | None = None


class ServiceIn(Schema):
    code: str = Field(..., max_length=50, examples=["ktp-el-baru"])
    name: str = Field(..., max_length=200, examples=["Penerbitan KTP-el Baru"])
    agency: str | None = Field(None, description="Agency slug; an agency admin's own by default")
    prefix: str = Field(..., max_length=3, examples=["A"])
    channels: list[ChannelName] = [Channel.DIRECT.value]
    requirements: list[str] = []
    procedure: str = ""
    completion_days: int = 0
    completion_note: str = ""
    fee: int = 0
    fee_note: str = ""
    product: str = ""
    complaint_handling: str = ""
    legal_basis: str = ""
    facilities: str = ""
    officer_competence: str = ""
    internal_supervision: str = ""
    officer_count: int = 1
    service_guarantee: str = ""
    security_guarantee: str = ""
    performance_evaluation: str = ""
    walkin_quota: int | None = None
    online_quota: int | None = None
    bookable: bool = False
    slot_minutes: int = 30
    slot_capacity: int = 5
    expected_minutes: int = 10
    tracked: bool = False
    active: bool = True


class ServicePatch(Schema):
    name: str | None = Field(None, max_length=200)
    prefix: str | None = Field(None, max_length=3)
    channels: list[ChannelName] | None = None
    requirements: list[str] | None = None
    procedure: str | None = None
    completion_days: int | None = None
    completion_note: str | None = None
    fee: int | None = None
    fee_note: str | None = None
    product: str | None = None
    complaint_handling: str | None = None
    legal_basis: str | None = None
    facilities: str | None = None
    officer_competence: str | None = None
    internal_supervision: str | None = None
    officer_count: int | None = None
    service_guarantee: str | None = None
    security_guarantee: str | None = None
    performance_evaluation: str | None = None
    walkin_quota: int | None = None
    online_quota: int | None = None
    bookable: bool | None = None
    slot_minutes: int | None = None
    slot_capacity: int | None = None
    expected_minutes: int | None = None
    tracked: bool | None = None
    active: bool | None = None


class CounterIn(Schema):
    code: str = Field(..., max_length=20)
    name: str = Field(..., max_length=100)
    agency: str | None = None
    floor: str = "1"
    services: list[str] = []


class CounterPatch(Schema):
    name: str | None = Field(None, max_length=100)
    floor: str | None = Field(None, max_length=20)
    services: list[str] | None = None


def _services_by_code(site, agency, codes: list[str]) -> list[Service]:
    found = {s.code: s for s in Service.objects.filter(site=site, code__in=codes)}
    missing = [code for code in codes if code not in found]
    if missing:
        raise Invalid(
            _("services: unknown service %(codes)s.") % {"codes": ", ".join(missing)},
            fields={"services": _("Unknown: %(codes)s.") % {"codes": ", ".join(missing)}},
        )
    return [found[code] for code in codes]


@router.patch("/sites/{site}/agencies/{agency}", response=AgencyOut, auth=bearer,
              tags=["catalog (staff)"], summary="Change an agency's hours and open days")
def agency_patch(request: HttpRequest, site: str, agency: str, payload: AgencyPatch):
    site_obj = access.access_site_staff(request.auth, site)
    agency_obj = access.access_agency(request.auth, site_obj, agency, manage=True)
    data = payload.dict(exclude_unset=True)
    return _agency_out(services.agency_update(agency=agency_obj, **data))


@router.get("/sites/{site}/agencies/{agency}/staff", response=list[StaffOut], auth=bearer,
            tags=["catalog (staff)"], summary="The agency's staff accounts")
def agency_staff(request: HttpRequest, site: str, agency: str):
    site_obj = access.access_site_staff(request.auth, site)
    agency_obj = access.access_agency(request.auth, site_obj, agency, manage=True)
    return [
        {
            "username": u.username,
            "name": u.get_full_name(),
            "role": u.role,
            "agency": agency_obj.slug,
            "is_active": u.is_active,
            "last_login": u.last_login.isoformat() if u.last_login else None,
        }
        for u in agency_obj.staff.order_by("username")
    ]


@router.post("/sites/{site}/services", response={201: ServiceDetailOut}, auth=bearer,
             tags=["catalog (staff)"], summary="Add a service to an agency")
def service_create(request: HttpRequest, site: str, payload: ServiceIn):
    site_obj = access.access_site_staff(request.auth, site)
    data = payload.dict()
    agency_obj = access.access_target_agency(request.auth, site_obj, data.pop("agency"))
    return Status(201, _service_detail(services.service_create(agency=agency_obj, **data)))


@router.get("/sites/{site}/services/{service}/standard", response=ServiceDetailOut, auth=bearer,
            tags=["catalog (staff)"],
            summary="The full 14-component standard and queue settings (the agency's staff)")
def service_standard(request: HttpRequest, site: str, service: str):
    site_obj = access.access_site_staff(request.auth, site)
    return _service_detail(access.access_service(request.auth, site_obj, service))


@router.patch("/sites/{site}/services/{service}", response=ServiceDetailOut, auth=bearer,
              tags=["catalog (staff)"], summary="Change a service's standard, quotas or slots")
def service_patch(request: HttpRequest, site: str, service: str, payload: ServicePatch):
    site_obj = access.access_site_staff(request.auth, site)
    service_obj = access.access_service(request.auth, site_obj, service, manage=True)
    data = payload.dict(exclude_unset=True)
    return _service_detail(services.service_update(service=service_obj, **data))


@router.post("/sites/{site}/counters", response={201: CounterOut}, auth=bearer,
             tags=["catalog (staff)"], summary="Add a counter to an agency")
def counter_create(request: HttpRequest, site: str, payload: CounterIn):
    site_obj = access.access_site_staff(request.auth, site)
    data = payload.dict()
    agency_obj = access.access_target_agency(request.auth, site_obj, data.pop("agency"))
    service_list = _services_by_code(site_obj, agency_obj, data.pop("services"))
    counter = services.counter_create(agency=agency_obj, services=service_list, **data)
    return Status(201, _counter_out(selectors.counter_list(site=site_obj).get(pk=counter.pk)))


@router.patch("/sites/{site}/counters/{counter}", response=CounterOut, auth=bearer,
              tags=["catalog (staff)"], summary="Rename a counter or change what it serves")
def counter_patch(request: HttpRequest, site: str, counter: str, payload: CounterPatch):
    site_obj = access.access_site_staff(request.auth, site)
    counter_obj = access.access_counter(request.auth, site_obj, counter, manage=True)
    data = payload.dict(exclude_unset=True)
    codes = data.pop("services", None)
    service_list = (
        _services_by_code(site_obj, counter_obj.agency, codes) if codes is not None else None
    )
    services.counter_update(counter=counter_obj, services=service_list, **data)
    return _counter_out(selectors.counter_list(site=site_obj).get(pk=counter_obj.pk))
