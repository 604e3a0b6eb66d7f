"""The satisfaction survey (contract: "Satisfaction survey (SKM)")."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from mpp.catalog.access import access_report_agency, access_service, access_site
from mpp.catalog.calendar import site_today
from mpp.errors import Invalid, NotFound, raise_field_errors
from mpp.lib.api_auth import bearer
from mpp.queueing.models import Ticket

from . import ikm, selectors, services

router = Router(tags=["feedback"])


class SurveyIn(Schema):
    ticket: str | None = Field(None, max_length=32, description="The ticket's id")
    service: str | None = Field(None, max_length=50)
    site: str | None = Field(None, max_length=50,
                             description="With `service` when there is no ticket")
    answers: dict = Field(..., examples=[{key: 4 for key in ikm.KEYS}])
    officer_rating: int | None = Field(None, examples=[5])
    comment: str | None = Field(None, max_length=4000)
    profile: dict | None = Field(None, description="Optional: gender (L/P), age_band, "
                                 "education, occupation", examples=[{"gender": "P",
                                                                     "age_band": "30-39"}])


class SurveyOut(Schema):
    id: int
    service: str
    submitted_at: str


class IkmOut(Schema):
    respondents: int
    nrr: dict[str, float]
    ikm: float
    score: float
    grade: str | None
    performance: str | None
    minimum_sample: int
    sample_sufficient: bool


class IkmQuery(Schema):
    from_: str | None = Field(None, alias="from", max_length=10)
    to: str | None = Field(None, max_length=10)
    agency: str | None = Field(None, max_length=50)
    service: str | None = Field(None, max_length=50)


@router.post("/surveys", response={201: SurveyOut}, auth=None,
             summary="Rate a visit (SKM: U1-U9, 1 to 4), once per ticket, after it is done")
def survey_submit(request: HttpRequest, payload: SurveyIn):
    ticket = service = None
    if payload.ticket:
        ticket = Ticket.objects.filter(public_id=payload.ticket).first()
        if ticket is None:
            raise NotFound(_("Unknown ticket %(id)s.") % {"id": payload.ticket[:32]},
                           code="unknown_ticket")
    elif payload.service:
        if not payload.site:
            raise Invalid.for_fields({"site": _("Say the site of the service.")})
        service = access_service(None, access_site(payload.site), payload.service)
    response = services.survey_submit(answers=payload.answers, ticket=ticket, service=service,
                                      officer_rating=payload.officer_rating,
                                      comment=payload.comment or "",
                                      profile=payload.profile)
    return Status(201, {"id": response.pk, "service": response.service.code,
                        "submitted_at": response.submitted_at.isoformat()})


def _day(value: str | None, field: str, errors: dict[str, str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors[field] = _("Enter the date as YYYY-MM-DD.")
        return None


@router.get("/sites/{site}/reports/ikm", response=IkmOut, auth=bearer,
            summary="The satisfaction index (IKM) of the site, an agency or a service")
def ikm_report(request: HttpRequest, site: str, filters: Query[IkmQuery]):
    site_obj = access_site(site)
    agency = access_report_agency(request.auth, site_obj, filters.agency)
    errors: dict[str, str] = {}
    today = site_today(site_obj)
    date_from = _day(filters.from_, "from", errors) or today.replace(month=1, day=1)
    date_to = _day(filters.to, "to", errors) or today
    if not errors and date_from > date_to:
        errors["from"] = _("The period starts after it ends.")
    raise_field_errors(errors)
    service = None
    if filters.service:
        service = access_service(None, site_obj, filters.service)
        if agency is not None and service.agency_id != agency.pk:
            raise NotFound(_("Unknown service %(code)s.") % {"code": filters.service},
                           code="unknown_service")
    index = selectors.ikm_report(site_id=site_obj.pk, date_from=date_from, date_to=date_to,
                                 agency_id=agency.pk if agency else None,
                                 service_id=service.pk if service else None)
    return index.__dict__
