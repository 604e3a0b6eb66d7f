"""The satisfaction survey (contract: "Satisfaction survey (SKM)")."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from mpp.accounts.models import User
from mpp.catalog.access import (
    access_agency,
    access_report_agency,
    access_service,
    access_site,
)
from mpp.catalog.calendar import WorkingCalendar, site_today
from mpp.errors import Invalid, NotFound, raise_field_errors
from mpp.lib.api_auth import bearer, optional_user
from mpp.lib.client import client_ip
from mpp.lib.uploads import check_upload_size
from mpp.queueing.models import Ticket
from mpp.web.idempotency import idempotent

from . import complaint_states as cstates
from . import ikm, lapor, selectors, services
from .access import access_complaint_public, access_complaint_staff, check_can_export
from .models import LAPOR_CLASS

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


class ExportQuery(Schema):
    from_: str | None = Field(None, alias="from", max_length=10)
    to: str | None = Field(None, max_length=10)
    format: str = Field("csv", max_length=8)


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


# --- complaints and suggestions (contract: "Complaints and suggestions") -----------------------

class ComplaintIn(Schema):
    kind: str = Field(..., max_length=20, examples=["complaint"],
                      description="complaint | suggestion | information")
    agency: str | None = Field(None, max_length=50, examples=["disdukcapil"])
    service: str | None = Field(None, max_length=50)
    ticket: str | None = Field(None, max_length=32, description="The visit it is about")
    body: str = Field(..., max_length=20000,
                      examples=["Antrean KTP-el tidak dipanggil berurutan pagi ini."])
    name: str | None = Field(None, max_length=200)
    contact: str | None = Field(None, max_length=254, examples=["0812-3456-7890"])
    anonymous: bool = False
    confidential: bool = False


class ComplaintCreatedOut(Schema):
    tracking_code: str = Field(..., examples=["K7QX3MZA"])
    status: str = Field(..., examples=["submitted"])
    due_date: str = Field(..., examples=["2026-12-10"],
                          description="The current step's deadline (verification)")
    final_due_date: str
    filer_key: str = Field(..., description="Shown once: with the tracking code it opens the "
                           "filer's own view (header X-Filer-Key) and their replies")


class ResponseOut(Schema):
    at: datetime
    status: str
    by: str = Field(..., description="filer | agency | mall")
    agency: str | None
    message: str


class ComplaintOut(Schema):
    tracking_code: str
    kind: str
    national_class: str
    status: str
    agency: str | None
    service: str | None
    submitted_on: str
    due_date: str | None
    final_due_date: str
    overdue: bool
    anonymous: bool
    confidential: bool
    responses: list[ResponseOut]
    body: str | None = Field(None, description="Only to the filer (X-Filer-Key) and staff")
    filer: bool = False
    rating: int | None = None
    can_reopen: bool = False


class IdentityOut(Schema):
    name: str
    phone: str
    email: str


class ComplaintStaffOut(ComplaintOut):
    channel: str
    identity: IdentityOut | None = Field(None, description="None for an anonymous report")
    officer: str | None
    lapor_id: str
    escalated: bool
    next_statuses: list[str]


class RespondIn(Schema):
    message: str = Field("", max_length=20000)
    status: str = Field(..., max_length=20, examples=["answered"])
    officer: str | None = Field(None, max_length=150,
                                description="On verifying: the username of the officer the "
                                            "report names (officers' conduct report)")


class RerouteIn(Schema):
    agency: str | None = Field(None, max_length=50, description="None: back to the mall")
    reason: str = Field(..., max_length=20000)


class FilerIn(Schema):
    key: str = Field(..., max_length=32)
    message: str = Field("", max_length=20000)
    rating: int | None = None


class LaporIn(Schema):
    lapor_id: str = Field(..., max_length=100)


class ComplaintListQuery(Schema):
    status: str | None = Field(None, max_length=20)
    agency: str | None = Field(None, max_length=50)
    overdue: bool | None = None


def _complaint_out(complaint, *, filer: bool, staff=None) -> dict:
    today = site_today(complaint.site)
    calendar = WorkingCalendar.for_site(complaint.site)
    out = {"tracking_code": complaint.tracking_code, "kind": complaint.kind,
           "national_class": LAPOR_CLASS[complaint.kind], "status": complaint.status,
           "agency": complaint.agency.slug if complaint.agency_id else None,
           "service": complaint.service.code if complaint.service_id else None,
           "submitted_on": complaint.submitted_on.isoformat(),
           "due_date": (complaint.due_date.isoformat()
                        if complaint.status not in cstates.FINAL else None),
           "final_due_date": complaint.final_due_date.isoformat(),
           "overdue": selectors.complaint_is_overdue(complaint, today),
           "anonymous": complaint.anonymous, "confidential": complaint.confidential,
           "responses": [r.__dict__ for r in selectors.complaint_responses(
               complaint, filer=filer or staff is not None)],
           "body": complaint.body if filer or staff is not None else None, "filer": filer,
           "rating": complaint.rating if filer or staff is not None else None,
           "can_reopen": filer and selectors.complaint_can_reopen(complaint, calendar, today)}
    if staff is not None:
        identity = selectors.identity_for_staff(complaint)
        out.update({"channel": complaint.channel,
                    "identity": identity.__dict__ if identity else None,
                    "officer": complaint.officer.username if complaint.officer_id else None,
                    "lapor_id": complaint.lapor_id, "escalated": bool(complaint.escalated_at),
                    "next_statuses": [cstates.TRANSITIONS[(complaint.status, action)]
                                      for action in cstates.allowed_actions(complaint.status)]})
    return out


def _filer(request: HttpRequest, tracking_code: str, key: str):
    return services.complaint_for_filer(tracking_code=tracking_code, key=key,
                                        client=client_ip(request))


@router.post("/sites/{site}/complaints", response={201: ComplaintCreatedOut}, auth=None,
             summary="File a complaint, suggestion or information request")
@idempotent
def complaint_submit(request: HttpRequest, site: str, payload: ComplaintIn):
    site_obj = access_site(site)
    agency = access_agency(None, site_obj, payload.agency) if payload.agency else None
    service = access_service(None, site_obj, payload.service) if payload.service else None
    ticket = None
    if payload.ticket:
        ticket = Ticket.objects.filter(public_id=payload.ticket, site=site_obj).first()
        if ticket is None:
            raise Invalid.for_fields({"ticket": _("Unknown ticket.")})
    filed = services.complaint_submit(
        site=site_obj, kind=payload.kind, body=payload.body, agency=agency, service=service,
        ticket=ticket, name=payload.name or "", contact=payload.contact or "",
        anonymous=payload.anonymous, confidential=payload.confidential,
        actor=optional_user(request), api=True)
    complaint = filed.complaint
    return Status(201, {"tracking_code": complaint.tracking_code, "status": complaint.status,
                        "due_date": complaint.due_date.isoformat(),
                        "final_due_date": complaint.final_due_date.isoformat(),
                        "filer_key": filed.filer_key})


@router.get("/complaints/{tracking_code}", response=ComplaintOut, auth=None,
            summary="Follow a report: status and answers; its words only to the filer "
                    "(X-Filer-Key), a confidential report's answers too")
def complaint_view(request: HttpRequest, tracking_code: str):
    key = request.headers.get("X-Filer-Key")
    if key:
        return _complaint_out(_filer(request, tracking_code, key), filer=True)
    return _complaint_out(access_complaint_public(tracking_code), filer=False)


@router.post("/complaints/{tracking_code}/respond", response=ComplaintStaffOut, auth=bearer,
             summary="Answer or move a report on (agency admin, mall admin)")
def complaint_respond(request: HttpRequest, tracking_code: str, payload: RespondIn):
    complaint = access_complaint_staff(request.auth, tracking_code)
    officer = None
    if payload.officer:
        officer = User.objects.filter(site_id=complaint.site_id,
                                      username=payload.officer).first()
        if officer is None:
            raise Invalid.for_fields({"officer": _("Unknown officer.")})
    complaint = services.complaint_respond(complaint=complaint, actor=request.auth,
                                           status=payload.status, message=payload.message,
                                           officer=officer)
    return _complaint_out(complaint, filer=False, staff=request.auth)


@router.post("/complaints/{tracking_code}/reroute", response=ComplaintStaffOut, auth=bearer,
             summary="Route a report to another agency, or back to the mall, with a reason")
def complaint_reroute(request: HttpRequest, tracking_code: str, payload: RerouteIn):
    complaint = access_complaint_staff(request.auth, tracking_code)
    agency = access_agency(None, complaint.site, payload.agency) if payload.agency else None
    complaint = services.complaint_reroute(complaint=complaint, actor=request.auth,
                                           agency=agency, reason=payload.reason)
    return _complaint_out(complaint, filer=False, staff=request.auth)


@router.put("/complaints/{tracking_code}/lapor", response=ComplaintStaffOut, auth=bearer,
            summary="Record the SP4N-LAPOR! tracking ID (mall admin)")
def complaint_lapor(request: HttpRequest, tracking_code: str, payload: LaporIn):
    complaint = access_complaint_staff(request.auth, tracking_code)
    complaint = services.complaint_set_lapor_id(complaint=complaint, actor=request.auth,
                                                lapor_id=payload.lapor_id)
    return _complaint_out(complaint, filer=False, staff=request.auth)


@router.get("/sites/{site}/complaints", response=list[ComplaintStaffOut], auth=bearer,
            summary="The staff's reports: the mall admin all, an agency its own")
def complaint_list(request: HttpRequest, site: str, filters: Query[ComplaintListQuery]):
    site_obj = access_site(site)
    reports = selectors.complaints_for_staff(request.auth, site_obj)
    if filters.status:
        reports = reports.filter(status=filters.status)
    if filters.agency:
        reports = reports.filter(agency=access_agency(None, site_obj, filters.agency))
    if filters.overdue:
        reports = reports.filter(selectors.complaint_overdue_q(site_today(site_obj)))
    return [_complaint_out(c, filer=False, staff=request.auth)
            for c in reports.select_related("site", "officer")[:500]]


@router.get("/sites/{site}/complaints/export", auth=bearer,
            summary="Export for SP4N-LAPOR! (CSV or JSON; mall admin)",
            response={200: None})
def complaint_export(request: HttpRequest, site: str, filters: Query[ExportQuery]):
    site_obj = access_site(site)
    check_can_export(request.auth, site_obj)
    errors: dict[str, str] = {}
    date_from = _day(filters.from_, "from", errors)
    date_to = _day(filters.to, "to", errors)
    if filters.format not in ("csv", "json"):
        errors["format"] = _("Choose csv or json.")
    raise_field_errors(errors)
    rows = lapor.export_rows(site=site_obj, date_from=date_from, date_to=date_to)
    return lapor.export_response(rows, fmt=filters.format, site=site_obj)


def _filer_action(request, tracking_code, payload: FilerIn, action):
    complaint = _filer(request, tracking_code, payload.key)
    return _complaint_out(action(complaint), filer=True)


@router.post("/complaints/{tracking_code}/reply", response=ComplaintOut, auth=None,
             summary="The filer writes back on an answer")
def complaint_reply(request: HttpRequest, tracking_code: str, payload: FilerIn):
    return _filer_action(request, tracking_code, payload, lambda c: services.complaint_reply(
        complaint=c, message=payload.message))


@router.post("/complaints/{tracking_code}/close", response=ComplaintOut, auth=None,
             summary="The filer accepts the answer (and may rate the handling 1-5)")
def complaint_accept(request: HttpRequest, tracking_code: str, payload: FilerIn):
    return _filer_action(request, tracking_code, payload, lambda c: services.complaint_accept(
        complaint=c, rating=payload.rating, message=payload.message))


@router.post("/complaints/{tracking_code}/reopen", response=ComplaintOut, auth=None,
             summary="The filer reopens a closed report within the window")
def complaint_reopen(request: HttpRequest, tracking_code: str, payload: FilerIn):
    return _filer_action(request, tracking_code, payload, lambda c: services.complaint_reopen(
        complaint=c, message=payload.message))


@router.post("/complaints/{tracking_code}/rate", response=ComplaintOut, auth=None,
             summary="The filer rates the handling of a closed report (1-5)")
def complaint_rate(request: HttpRequest, tracking_code: str, payload: FilerIn):
    return _filer_action(request, tracking_code, payload, lambda c: services.complaint_rate(
        complaint=c, rating=payload.rating))


@router.post("/complaints/{tracking_code}/anonymous", response=ComplaintOut, auth=None,
             summary="The filer turns anonymous: name and contact erased")
def complaint_anonymous(request: HttpRequest, tracking_code: str, payload: FilerIn):
    return _filer_action(request, tracking_code, payload,
                         lambda c: services.complaint_make_anonymous(complaint=c))


ATTACH = {"requestBody": {"content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["key", "file"],
    "properties": {"key": {"type": "string"}, "message": {"type": "string"},
                   "file": {"type": "string", "format": "binary",
                            "description": "A photo or PDF (JPEG, PNG, PDF); up to 3"}}}}}}}


@router.post("/complaints/{tracking_code}/files", response=ComplaintOut, auth=None,
             summary="The filer adds photos or PDFs with a reply", openapi_extra=ATTACH)
def complaint_files(request: HttpRequest, tracking_code: str):
    check_upload_size(request)
    complaint = _filer(request, tracking_code, str(request.POST.get("key", ""))[:32])
    files = request.FILES.getlist("file")
    if not files:
        raise Invalid.for_fields({"file": _("Attach a photo or a PDF.")})
    message = str(request.POST.get("message", ""))[:20000] or _("(files added)")
    complaint = services.complaint_reply(complaint=complaint, message=message, files=files)
    return _complaint_out(complaint, filer=True)


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
