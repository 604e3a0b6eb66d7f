"""The screens of applications.

Staff (signed in, the console's look): "Terima berkas" from the ticket being served, the
agency's worklist (overdue first), one application with its files, timeline and next steps.
Citizens (public, phone first): the tracking page by code, where missing documents are added
with the NIK; the verification page of a signed PDF (`/v/<code>`, the QR on every one).
Each view parses, asks `access`, calls one service or selector, renders."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mpp.catalog import selectors as catalog_selectors
from mpp.catalog.access import access_site_staff
from mpp.catalog.calendar import site_today
from mpp.catalog.models import Channel
from mpp.errors import DomainError, TooLarge
from mpp.lib import signing, uploads
from mpp.lib.client import client_ip
from mpp.lib.codes import code_display, code_normalize, code_qr_svg
from mpp.queueing.access import access_kiosk_screen, access_site, access_ticket
from mpp.queueing.screens import error_text, screen, signed_in
from mpp.ratelimit import limit_citizen_requests

from . import access, selectors, services, states
from .api import receipt_path
from .models import Application, Status

FIELDS = ("applicant_name", "nik", "phone", "email")


# --- staff ------------------------------------------------------------------------------------

@screen
@require_http_methods(["GET", "HEAD", "POST"])
def receive(request: HttpRequest, site: str, ticket: str) -> HttpResponse:
    """/berkas/<site>/terima/<ticket>/: the officer takes in the citizen's papers."""
    user = signed_in(request)
    site_obj = access_site_staff(user, site)
    ticket_obj = access_ticket(user, ticket, operate=True)
    if ticket_obj.site_id != site_obj.pk:
        raise Http404
    values = {name: "" for name in FIELDS}
    errors: dict[str, str] = {}
    message, status = "", 200
    if request.method == "POST":
        values = {name: (request.POST.get(name) or "")[:254] for name in FIELDS}
        try:
            application = services.application_receive(ticket=ticket_obj, actor=user, **values)
        except DomainError as error:
            errors, message, status = dict(error.fields), error_text(error), error.status
            if error.code == "application_exists" and error.extra.get("tracking_code"):
                return redirect("applications:detail", site=site_obj.slug,
                                code=error.extra["tracking_code"])
        else:
            return redirect(reverse("applications:detail", kwargs={
                "site": site_obj.slug, "code": application.tracking_code}) + "?baru=1")
    return render(request, "applications/receive.html", {
        "site": site_obj, "ticket": ticket_obj, "values": values, "errors": errors,
        "message": message, "requirements": ticket_obj.service.requirements or []},
        status=status)


@screen
@require_http_methods(["GET", "HEAD", "POST"])
def desk_receive(request: HttpRequest, site: str) -> HttpResponse:
    """/berkas/<site>/terima/: the front desk takes in papers for any agency's service."""
    user = signed_in(request)
    site_obj = access_site_staff(user, site)
    choices = list(catalog_selectors.service_search(site=site_obj))
    values = {name: "" for name in (*FIELDS, "service")}
    errors: dict[str, str] = {}
    message, status, received = "", 200, None
    if request.method == "POST":
        values = {name: (request.POST.get(name) or "")[:254] for name in (*FIELDS, "service")}
        service = next((s for s in choices if s.code == values["service"]), None)
        if service is None:
            errors, message, status = {"service": _("Choose the service.")}, _(
                "Choose the service."), 422
        else:
            try:
                received = services.application_receive_at_desk(
                    service=service, actor=user, **{name: values[name] for name in FIELDS})
            except DomainError as error:
                errors, message, status = dict(error.fields), error_text(error), error.status
    return render(request, "applications/desk.html", {
        "site": site_obj, "choices": choices, "values": values, "errors": errors,
        "message": message, "received": received,
        "receipt_url": receipt_path(received) if received else ""}, status=status)


@screen
@require_GET
def worklist(request: HttpRequest, site: str) -> HttpResponse:
    """/berkas/<site>/: the agency's applications by due date, overdue first."""
    user = signed_in(request)
    site_obj = access_site_staff(user, site)
    status = request.GET.get("status") or None
    if status not in (None, *states.STATUSES):
        status = None
    service = (request.GET.get("layanan") or "")[:50] or None
    queryset = access.applications_queryset(user).filter(site=site_obj)
    rows = list(selectors.worklist(queryset=queryset, today=site_today(site_obj),
                                   status=status, service_code=service)[:300])
    services_seen = sorted({(row.service.code, row.service.name) for row in rows})
    return render(request, "applications/worklist.html", {
        "site": site_obj, "rows": rows, "status": status or "", "service": service or "",
        "statuses": Status.choices, "services": services_seen})


@screen
@require_http_methods(["GET", "HEAD", "POST"])
def detail(request: HttpRequest, site: str, code: str) -> HttpResponse:
    """/berkas/<site>/<code>/: one application, its files and timeline, its next steps."""
    user = signed_in(request)
    site_obj = access_site_staff(user, site)
    application = access.access_application(user, code)
    if application.site_id != site_obj.pk:
        raise Http404
    message, status = "", 200
    if request.method == "POST":
        try:
            application = services.application_set_status(
                application=application, actor=user,
                status=(request.POST.get("status") or "")[:20],
                note=(request.POST.get("note") or "")[:2000])
        except DomainError as error:
            message, status = error_text(error), error.status
        else:
            return redirect("applications:detail", site=site_obj.slug,
                            code=application.tracking_code)
    return render(request, "applications/detail.html", {
        "site": site_obj, "application": application,
        "overdue": selectors.is_overdue(application=application),
        "files": application.files.all(),
        "timeline": selectors.timeline(application=application),
        "next": [(value, Status(value).label, value in ("incomplete", "rejected"))
                 for value in states.next_statuses(application.status)],
        "receipt_url": receipt_path(application), "message": message,
        "is_new": request.GET.get("baru") == "1"}, status=status)


# --- the kiosk: self-service -------------------------------------------------------------------

def _scanned_application(text: str, *, site) -> Application | None:
    """What a citizen typed or scanned: a tracking code, the tracking page's link
    (/lacak/<code>/) or a signed PDF's verification link (/v/<code>, on the receipt)."""
    text = text.strip()
    if "/v/" in text:
        document = selectors.signed_document_by_code(code=text.rsplit("/v/", 1)[1][:12])
        return document.application if document and document.site_id == site.pk else None
    if "/lacak/" in text:
        text = text.rsplit("/lacak/", 1)[1].strip("/")
    clean = code_normalize(text)
    return (Application.objects.select_related("site", "agency", "service")
            .filter(tracking_code=clean, site=site).first() if clean else None)


@screen
@require_GET
def kiosk_status(request: HttpRequest, site: str) -> HttpResponse:
    """/berkas/<site>/kiosk/: a citizen scans or types a tracking code (on-screen keys) and
    sees, and prints, the status slip; the services to do oneself here, with their steps."""
    from mpp.catalog.models import Channel

    site_obj = access_site(site)
    access_kiosk_screen(signed_in(request), site_obj)
    typed = (request.GET.get("kode") or "")[:40]
    application, error = None, ""
    if typed:
        application = _scanned_application(typed, site=site_obj)
        if application is None:
            error = "unknown"
    self_service = [service for service in site_obj.services.select_related("agency")
                    .filter(active=True, agency__active=True).order_by("agency__position",
                                                                       "name")
                    if Channel.SELF_SERVICE in (service.channels or [])]
    return render(request, "applications/kiosk.html", {
        "site": site_obj, "typed": typed, "application": application, "error": error,
        "view": selectors.track_view(application=application) if application else None,
        "keys": list("23456789ABCDEFGHJKMNPQRSTUVWXYZ"), "self_service": self_service},
        status=404 if error else 200)


# --- citizens ---------------------------------------------------------------------------------

ONLINE_FIELDS = ("applicant_name", "nik", "phone", "email")
SESSION_MINE = "applications_mine"  # tracking codes this browser applied for


@require_http_methods(["GET", "HEAD", "POST"])
@limit_citizen_requests
def apply_online(request: HttpRequest, site: str, code: str) -> HttpResponse:
    """/s/<site>/ajukan/<service>/: the e-service form, one upload per requirement; the
    answer is the tracking page with the code and the signed receipt."""

    site_obj = catalog_selectors.site_by_slug(slug=site)
    service = (site_obj.services.select_related("agency", "site")
               .filter(code=code[:50], active=True, agency__active=True).first()
               if site_obj else None)
    if service is None or Channel.E_SERVICE not in (service.channels or []):
        raise Http404
    values = {name: "" for name in ONLINE_FIELDS}
    errors: dict[str, str] = {}
    message, status = "", 200
    if request.method == "POST":
        values = {name: (request.POST.get(name) or "")[:254] for name in ONLINE_FIELDS}
        try:
            if int(request.META.get("CONTENT_LENGTH") or 0) > (
                    settings.MPP_UPLOAD_MAX_REQUEST_BYTES):
                raise TooLarge(_("The upload is larger than %(mb)s MB in all.") % {
                    "mb": settings.MPP_UPLOAD_MAX_REQUEST_BYTES // (1024 * 1024)})
            application = services.application_submit(
                service=service, files={k: v for k, v in request.FILES.items()
                                        if k.startswith("req_")},
                actor=request.user if request.user.is_authenticated else None, **values)
        except DomainError as error:
            errors, message, status = dict(error.fields), error_text(error), error.status
        else:
            # the receipt shows the applicant's name: its link goes to this browser only
            mine = request.session.get(SESSION_MINE, [])[-20:]
            request.session[SESSION_MINE] = [*mine, application.tracking_code]
            return redirect(reverse("applications_public:track",
                                    kwargs={"code": application.tracking_code}) + "?baru=1")
    return render(request, "applications/apply.html", {
        "site": site_obj, "service": service, "agency": service.agency, "values": values,
        "errors": errors, "message": message,
        "requirements": [(number, text, errors.get(f"req_{number}", "")) for number, text
                         in enumerate(service.requirements or [], start=1)],
        "max_mb": settings.MPP_UPLOAD_MAX_BYTES // (1024 * 1024),
        "max_bytes": settings.MPP_UPLOAD_MAX_BYTES}, status=status)


def _application_or_404(code: str) -> Application:
    clean = code_normalize(code)
    application = (Application.objects.select_related("site", "agency", "service")
                   .filter(tracking_code=clean).first() if clean else None)
    if application is None:
        raise Http404
    return application


@require_GET
@limit_citizen_requests
def track_find(request: HttpRequest) -> HttpResponse:
    """/lacak/?kode=...: the form, and the way to a tracking page."""
    code = (request.GET.get("kode") or "")[:40]
    error = ""
    if code:
        clean = code_normalize(code)
        if clean and Application.objects.filter(tracking_code=clean).exists():
            return redirect("applications_public:track", code=clean)
        error = "unknown"
    return render(request, "applications/track_find.html", {"code": code, "error": error},
                  status=404 if error else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@limit_citizen_requests
def track(request: HttpRequest, code: str) -> HttpResponse:
    """/lacak/<code>/: where an application stands; the missing documents go in here."""
    application = _application_or_404(code)
    if code != application.tracking_code:
        return redirect("applications_public:track", code=application.tracking_code)
    errors: dict[str, str] = {}
    message, status = "", 200
    if request.method == "POST" and request.POST.get("hasil"):
        try:
            document = services.result_for_applicant(
                tracking_code=application.tracking_code,
                nik=(request.POST.get("nik") or "")[:40], client=client_ip(request))
        except DomainError as error:
            errors, message, status = dict(error.fields), error_text(error), error.status
        else:
            response = HttpResponse(uploads.FileStore().read(document.stored_name),
                                    content_type="application/pdf")
            response["Content-Disposition"] = (
                f'attachment; filename="hasil-{application.tracking_code}.pdf"')
            response["Cache-Control"] = "private, no-store"
            return response
    elif request.method == "POST":
        try:
            services.application_add_documents(
                tracking_code=application.tracking_code,
                nik=(request.POST.get("nik") or "")[:40],
                files={k: v for k, v in request.FILES.items() if k.startswith("req_")},
                client=client_ip(request))
        except DomainError as error:
            errors, message, status = dict(error.fields), error_text(error), error.status
        else:
            return redirect(reverse("applications_public:track",
                                    kwargs={"code": application.tracking_code}) + "?lengkap=1")
    view = selectors.track_view(application=application)
    requirements = list(enumerate(application.service.requirements or [], start=1))
    return render(request, "applications/track.html", {
        "site": application.site, "application": application, "view": view,
        "code": code_display(application.tracking_code),
        "qr": code_qr_svg(application.tracking_code, scale=5),
        "requirements": requirements, "errors": errors, "message": message,
        "statuses": Status, "done": request.GET.get("lengkap") == "1",
        "is_new": request.GET.get("baru") == "1",
        "has_result": application.signed_documents.filter(kind="result").exists(),
        "receipt_url": (receipt_path(application) if application.tracking_code in
                        request.session.get(SESSION_MINE, []) else "")}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@limit_citizen_requests
def verify_page(request: HttpRequest, code: str) -> HttpResponse:
    """/v/<code>: the signed document the QR names, and an upload box that says whether a
    copy is that document, intact."""
    document = selectors.signed_document_by_code(code=code)
    if document is None:
        raise Http404
    verdict, error, status = None, "", 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None or upload.size > settings.MPP_UPLOAD_MAX_BYTES:
            error, status = "file", 422
        else:
            try:
                verdict = selectors.document_verify(data=upload.read())
            except signing.NotPdf:
                error, status = "not_pdf", 422
    return render(request, "applications/verify.html", {
        "site": document.site, "document": document, "application": document.application,
        "verdict": verdict, "matches": verdict is not None and verdict.document == document,
        "error": error, "original_url": reverse("applications_public:original",
                                                kwargs={"code": document.code})},
        status=status)


@require_GET
@limit_citizen_requests
def original(request: HttpRequest, code: str) -> HttpResponse:
    """/v/<code>/asli.pdf: the signed original, to compare with a paper copy (a receipt shows
    the applicant's name and masked NIK as printed on it; a result document only when the
    agency chose to publish it -- results are served to staff, so only receipts here)."""
    document = selectors.signed_document_by_code(code=code)
    if document is None or document.kind != "receipt":
        raise Http404
    response = HttpResponse(uploads.FileStore().read(document.stored_name),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response

