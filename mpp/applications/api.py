"""Applications: document tracking, e-service, signed receipts (contract: "Applications").

Officers take in papers from a served ticket; citizens apply online (multipart, one file per
requirement, `req_<n>`), follow their application by tracking code and add missing documents
with their NIK; anyone verifies a signed PDF. Staff around the contract: the worklist, one
application with its files, the receipt, the result document."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from mpp.catalog.access import access_service, access_site
from mpp.catalog.calendar import site_today
from mpp.errors import Invalid, NotFound
from mpp.lib import signing, uploads
from mpp.lib.api_auth import bearer, optional_user
from mpp.lib.client import client_ip
from mpp.queueing.access import access_ticket
from mpp.web.idempotency import idempotent

from . import access, selectors, services, states
from .models import Application, SignedDocument

router = Router(tags=["applications"])


class ReceiveIn(Schema):
    applicant_name: str = Field(..., max_length=200, examples=["Siti Rahmawati"])
    nik: str = Field(..., max_length=32, examples=["3201014107900001"])
    phone: str | None = Field(None, max_length=32, examples=["0812-3456-7890"])
    email: str | None = Field(None, max_length=254, examples=["siti@example.id"])


class CreatedOut(Schema):
    tracking_code: str = Field(..., examples=["K7QX3MZA"])
    status: str = Field(..., examples=["received"])
    channel: str = Field(..., examples=["direct"])
    due_date: str = Field(..., examples=["2026-12-14"])
    receipt_url: str = Field(..., description="The signed receipt (PDF), no login needed")
    track_url: str = Field(..., examples=["/api/v1/track/K7QX3MZA"])


class StatusIn(Schema):
    status: str = Field(..., max_length=20, examples=["incomplete"])
    note: str | None = Field(None, max_length=2000,
                             examples=["Fotokopi KK belum dilampirkan."])


class TimelineOut(Schema):
    status: str
    at: datetime
    note: str


class TrackOut(Schema):
    tracking_code: str
    service: str
    agency: str
    status: str
    channel: str
    due_date: str
    overdue: bool
    timeline: list[TimelineOut]
    service_name: str
    agency_name: str
    due_date_initial: str
    missing: str = Field("", description="What is missing, while the status is incomplete")


class FileOut(Schema):
    id: int
    kind: str
    requirement: int | None
    requirement_text: str
    content_type: str
    size: int
    uploaded_at: datetime


class ApplicationOut(TrackOut):
    applicant_name: str
    nik_masked: str
    phone_masked: str
    received_at: datetime
    paused_since: str | None
    paused_days: int
    files: list[FileOut]
    next_statuses: list[str]
    receipt_url: str


class VerifyDocumentOut(Schema):
    kind: str
    tracking_code: str
    agency: str | None = None
    code: str | None = None


class VerifyOut(Schema):
    status: str = Field(..., examples=["valid"])
    signed_by: str | None = None
    signed_at: datetime | None = None
    document: VerifyDocumentOut | None = None


class WorklistQuery(Schema):
    status: str | None = Field(None, max_length=20)
    service: str | None = Field(None, max_length=50)


def base_url(request: HttpRequest) -> str:
    """Where links printed on PDFs point: MPP_PUBLIC_URL, or this request's address."""
    return settings.MPP_PUBLIC_URL or request.build_absolute_uri("/").rstrip("/")


def receipt_path(application: Application) -> str:
    return f"/api/v1/receipts/{application.receipt_secret}.pdf"


def created_out(application: Application) -> dict:
    return {"tracking_code": application.tracking_code, "status": application.status,
            "channel": application.channel, "due_date": application.due_date.isoformat(),
            "receipt_url": receipt_path(application),
            "track_url": f"/api/v1/track/{application.tracking_code}"}


def staff_out(application: Application) -> dict:
    from mpp.lib.phone import phone_mask

    return {**selectors.track_view(application=application),
            "applicant_name": application.applicant_name,
            "nik_masked": application.nik_masked,
            "phone_masked": phone_mask(application.phone) if application.phone else "",
            "received_at": application.received_at,
            "paused_since": (application.paused_since.isoformat()
                             if application.paused_since else None),
            "paused_days": application.paused_days,
            "files": list(application.files.all()),
            "next_statuses": states.next_statuses(application.status),
            "receipt_url": receipt_path(application)}


def _files(request: HttpRequest) -> dict:
    return {name: request.FILES[name] for name in request.FILES
            if name.startswith("req_")}


def _form(request: HttpRequest, name: str) -> str | None:
    value = request.POST.get(name)
    return value if value is None else str(value)[:1000]


MULTIPART = {"requestBody": {"content": {"multipart/form-data": {"schema": {
    "type": "object",
    "required": ["service", "applicant_name", "nik", "phone"],
    "properties": {
        "service": {"type": "string", "example": "ktp-el-baru"},
        "applicant_name": {"type": "string", "maxLength": 200},
        "nik": {"type": "string", "example": "3201014107900001"},
        "phone": {"type": "string", "example": "0812-3456-7890"},
        "email": {"type": "string"},
        "req_1": {"type": "string", "format": "binary",
                  "description": "The file for requirement 1 of the service's standard; "
                                 "req_2, req_3, ... for the others (PDF, JPEG or PNG)"},
    }}}}}}

DOCUMENTS = {"requestBody": {"content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["nik"],
    "properties": {"nik": {"type": "string"},
                   "req_1": {"type": "string", "format": "binary",
                             "description": "A missing requirement's file (req_<n>)"}}}}}}}

VERIFY = {"requestBody": {"content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary"}}}}}}}


@router.post("/tickets/{ticket_id}/application", response={201: CreatedOut}, auth=bearer,
             summary="Take in a citizen's papers from the ticket being served (officer)")
@idempotent
def application_receive(request: HttpRequest, ticket_id: str, payload: ReceiveIn):
    ticket = access_ticket(request.auth, ticket_id, operate=True)
    application = services.application_receive(
        ticket=ticket, actor=request.auth, applicant_name=payload.applicant_name,
        nik=payload.nik, phone=payload.phone, email=payload.email)
    return Status(201, created_out(application))


class DeskIn(ReceiveIn):
    service: str = Field(..., max_length=50, examples=["kk-baru"])


@router.post("/sites/{site}/applications/direct", response={201: CreatedOut}, auth=bearer,
             summary="Take in papers at the front desk, without a ticket (direct channel)")
@idempotent
def application_receive_at_desk(request: HttpRequest, site: str, payload: DeskIn):
    site_obj = access_site(site)
    service = access_service(None, site_obj, payload.service)
    application = services.application_receive_at_desk(
        service=service, actor=request.auth, applicant_name=payload.applicant_name,
        nik=payload.nik, phone=payload.phone, email=payload.email)
    return Status(201, created_out(application))


@router.post("/sites/{site}/applications", response={201: CreatedOut}, auth=None,
             summary="Apply online (e-service): one file per requirement, req_<n>",
             openapi_extra=MULTIPART)
def application_submit(request: HttpRequest, site: str):
    uploads.check_upload_size(request)
    site_obj = access_site(site)
    code = _form(request, "service")
    if not code:
        raise Invalid.for_fields({"service": _("Choose the service.")})
    service = access_service(None, site_obj, code)
    application = services.application_submit(
        service=service, applicant_name=_form(request, "applicant_name") or "",
        nik=_form(request, "nik") or "", phone=_form(request, "phone") or "",
        email=_form(request, "email"), files=_files(request),
        actor=optional_user(request))
    return Status(201, created_out(application))


@router.get("/track/{tracking_code}", response=TrackOut, auth=None,
            summary="Follow an application (no NIK, name or phone)")
def track(request: HttpRequest, tracking_code: str):
    return selectors.track_view(
        application=access.access_application_public(tracking_code))


@router.post("/applications/{tracking_code}/documents", response=TrackOut, auth=None,
             summary="Add the missing documents, with the applicant's NIK",
             openapi_extra=DOCUMENTS)
def application_documents(request: HttpRequest, tracking_code: str):
    uploads.check_upload_size(request)
    application = services.application_add_documents(
        tracking_code=tracking_code, nik=_form(request, "nik") or "", files=_files(request),
        client=client_ip(request))
    return selectors.track_view(application=application)


@router.post("/applications/{tracking_code}/status", response=ApplicationOut, auth=bearer,
             summary="Move an application on (officer, agency admin)")
def application_status(request: HttpRequest, tracking_code: str, payload: StatusIn):
    application = access.access_application(request.auth, tracking_code)
    application = services.application_set_status(
        application=application, actor=request.auth, status=payload.status,
        note=payload.note)
    return staff_out(application)


@router.get("/applications", response=list[ApplicationOut], auth=bearer,
            summary="The worklist: the agency's applications, overdue first, by due date")
def application_list(request: HttpRequest, filters: Query[WorklistQuery]):
    user = request.auth
    queryset = access.applications_queryset(user).prefetch_related("files", "events")
    site = user.site if user.site_id else None
    today = site_today(site) if site else None
    if today is None:
        raise Invalid(_("The worklist is per site; sign in as the site's staff."))
    rows = selectors.worklist(queryset=queryset, today=today, status=filters.status,
                              service_code=filters.service)[:500]
    return [staff_out(application) for application in rows]


@router.get("/applications/{tracking_code}", response=ApplicationOut, auth=bearer,
            summary="One application with its files (the agency's staff)")
def application_detail(request: HttpRequest, tracking_code: str):
    return staff_out(access.access_application(request.auth, tracking_code))


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _receipt_response(request: HttpRequest, application: Application) -> HttpResponse:
    document = services.receipt_ensure(application=application, base_url=base_url(request))
    return _pdf(uploads.FileStore().read(document.stored_name),
                f"tanda-terima-{application.tracking_code}.pdf")


@router.get("/receipts/{secret}.pdf", auth=None, include_in_schema=True,
            summary="The signed receipt by its unguessable link (receipt_url)")
def receipt_public(request: HttpRequest, secret: str):
    application = (Application.objects.select_related("site", "agency", "service")
                   .filter(receipt_secret=secret[:64]).first())
    if application is None:
        raise NotFound(_("Unknown receipt."), code="unknown_receipt")
    return _receipt_response(request, application)


@router.get("/applications/{tracking_code}/receipt.pdf", auth=bearer,
            summary="The signed receipt (the agency's staff)")
def receipt_staff(request: HttpRequest, tracking_code: str):
    return _receipt_response(request, access.access_application(request.auth, tracking_code))


@router.get("/applications/{tracking_code}/files/{file_id}", auth=bearer,
            summary="A file of an application (the agency's staff)")
def application_file(request: HttpRequest, tracking_code: str, file_id: int):
    application = access.access_application(request.auth, tracking_code)
    item = application.files.filter(pk=file_id).first()
    if item is None:
        raise NotFound(_("Unknown file."), code="unknown_file")
    response = HttpResponse(uploads.FileStore().read(item.stored_name),
                            content_type=item.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{application.tracking_code}-{item.kind}-{item.pk}.'
        f'{uploads.EXTENSIONS.get(item.content_type, "bin")}"')
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.post("/applications/{tracking_code}/result", response={201: VerifyDocumentOut},
             auth=bearer, openapi_extra=VERIFY,
             summary="Attach the result document (PDF) of a ready application: signed")
def application_result(request: HttpRequest, tracking_code: str):
    uploads.check_upload_size(request)
    application = access.access_application(request.auth, tracking_code)
    document = services.application_attach_result(
        application=application, actor=request.auth, upload=request.FILES.get("file"),
        base_url=base_url(request))
    return Status(201, {"kind": document.kind, "tracking_code": application.tracking_code,
                        "agency": application.agency.slug, "code": document.code})


@router.get("/applications/{tracking_code}/result.pdf", auth=bearer,
            summary="The signed result document (the agency's staff)")
def result_staff(request: HttpRequest, tracking_code: str):
    application = access.access_application(request.auth, tracking_code)
    document = (SignedDocument.objects.filter(application=application, kind="result")
                .order_by("-signed_at", "-id").first())
    if document is None:
        raise NotFound(_("No result document yet."), code="no_result")
    return _pdf(uploads.FileStore().read(document.stored_name),
                f"hasil-{application.tracking_code}.pdf")


class NikIn(Schema):
    nik: str = Field(..., max_length=32, examples=["3201014107900001"])


@router.post("/applications/{tracking_code}/result.pdf", auth=None,
             summary="The signed result document, for the applicant (with the NIK)")
def result_applicant(request: HttpRequest, tracking_code: str, payload: NikIn):
    document = services.result_for_applicant(tracking_code=tracking_code, nik=payload.nik,
                                             client=client_ip(request))
    return _pdf(uploads.FileStore().read(document.stored_name),
                f"hasil-{document.application.tracking_code}.pdf")


def verify_out(verdict: selectors.Verdict) -> dict:
    document = verdict.document
    return {"status": verdict.status, "signed_by": verdict.signed_by,
            "signed_at": verdict.signed_at,
            "document": None if document is None else {
                "kind": document.kind, "tracking_code": document.application.tracking_code,
                "agency": document.application.agency.slug, "code": document.code}}


@router.post("/verify", response=VerifyOut, auth=None, openapi_extra=VERIFY,
             summary="Is this PDF one the MPP signed, untouched? valid, tampered or unknown")
def verify(request: HttpRequest):
    uploads.check_upload_size(request)
    upload = request.FILES.get("file")
    if upload is None:
        raise Invalid.for_fields({"file": _("Attach the PDF to check.")})
    if upload.size > settings.MPP_UPLOAD_MAX_BYTES:
        raise Invalid.for_fields({"file": _("The file is larger than %(mb)s MB.") % {
            "mb": settings.MPP_UPLOAD_MAX_BYTES // (1024 * 1024)}})
    try:
        verdict = selectors.document_verify(data=upload.read())
    except signing.NotPdf:
        raise Invalid.for_fields({"file": _("This file is not a PDF.")}) from None
    return verify_out(verdict)
