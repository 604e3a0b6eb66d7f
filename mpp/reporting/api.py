"""Reports (contract: "Reports (staff)"): the summary of a period, as JSON, CSV or XLSX.
An agency's staff read their own agency's figures only (`access_report_agency`)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from mpp.catalog.access import access_report_agency, access_site
from mpp.catalog.calendar import site_today
from mpp.errors import raise_field_errors
from mpp.lib.api_auth import bearer

from . import exports, selectors

router = Router(tags=["reports"])
MAX_DAYS = 3 * 366
FORMATS = ("json", "csv", "xlsx", "pdf")


class SummaryQuery(Schema):
    from_: str | None = Field(None, alias="from", max_length=10)
    to: str | None = Field(None, max_length=10)
    agency: str | None = Field(None, max_length=50)
    format: str = Field("json", max_length=8, description="json | csv | xlsx | pdf")


class TicketsOut(Schema):
    issued: int
    transferred_in: int
    served: int
    no_show: int
    cancelled: int


class ApplicationsOut(Schema):
    received: int
    completed: int
    overdue: int


class ComplaintsOut(Schema):
    received: int
    resolved: int
    overdue: int


class FiguresOut(Schema):
    visitors: int
    tickets: TicketsOut
    avg_wait_minutes: float | None
    avg_service_minutes: float | None
    applications: ApplicationsOut
    complaints: ComplaintsOut


class AgencyFiguresOut(FiguresOut):
    agency: str
    name: str


class ServiceFiguresOut(FiguresOut):
    service: str
    name: str
    agency: str


class SummaryOut(FiguresOut):
    from_: str = Field(..., alias="from")
    to: str
    by_agency: list[AgencyFiguresOut]
    by_service: list[ServiceFiguresOut]


def _day(value: str | None, name: str, errors: dict[str, str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors[name] = _("Enter the date as YYYY-MM-DD.")
        return None


@router.get("/sites/{site}/reports/summary", response=SummaryOut, auth=bearer,
            by_alias=True,
            summary="Visitors, tickets by outcome, waits, applications and complaints of a "
                    "period (?format=csv|xlsx to download)")
def summary(request: HttpRequest, site: str, filters: Query[SummaryQuery]):
    site_obj = access_site(site)
    agency = access_report_agency(request.auth, site_obj, filters.agency)
    errors: dict[str, str] = {}
    today = site_today(site_obj)
    date_from = _day(filters.from_, "from", errors) or today.replace(day=1)
    date_to = _day(filters.to, "to", errors) or today
    if not errors and date_from > date_to:
        errors["from"] = _("The period starts after it ends.")
    elif not errors and (date_to - date_from).days > MAX_DAYS:
        errors["to"] = _("A period is at most three years.")
    if filters.format not in FORMATS:
        errors["format"] = _("Choose json, csv, xlsx or pdf.")
    raise_field_errors(errors)
    report = selectors.summary(site=site_obj, date_from=date_from, date_to=date_to,
                               agency=agency)
    if filters.format != "json":
        return exports.summary_response(report, site=site_obj, fmt=filters.format)
    return report


class RecapQuery(Schema):
    year: int = Field(..., ge=2000, le=2100)
    month: int | None = Field(None, ge=1, le=12)
    agency: str | None = Field(None, max_length=50)
    format: str = Field("json", max_length=8, description="json | csv | xlsx | pdf")


@router.get("/sites/{site}/reports/recap", auth=bearer,
            summary="The yearly (or monthly) recap: per month and per agency, visitors, "
                    "tickets by outcome, bookings and their show rate, applications, "
                    "complaints, IKM")
def recap(request: HttpRequest, site: str, filters: Query[RecapQuery]):
    site_obj = access_site(site)
    agency = access_report_agency(request.auth, site_obj, filters.agency)
    if filters.format not in FORMATS:
        raise_field_errors({"format": _("Choose json, csv, xlsx or pdf.")})
    report = selectors.recap(site=site_obj, year=filters.year, month=filters.month,
                             agency=agency)
    if filters.format != "json":
        return exports.recap_response(report, site=site_obj, fmt=filters.format)
    return report
