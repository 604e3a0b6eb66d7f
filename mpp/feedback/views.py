"""The feedback screens: the satisfaction survey (public, from a done ticket's page, and
the front desk's paper form), complaints and suggestions (the portal, the front desk, the
staff's worklist), and the back office's IKM and officers' reports. Thin: parse,
`access_*`, one service or selector, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mpp.accounts.access import is_site_admin_of
from mpp.accounts.models import Role, User
from mpp.catalog import selectors as catalog_selectors
from mpp.catalog.access import access_site, access_site_staff
from mpp.catalog.calendar import WorkingCalendar, site_today
from mpp.catalog.models import Agency
from mpp.errors import DomainError, Invalid
from mpp.lib import uploads
from mpp.lib.client import client_ip
from mpp.lib.codes import code_display, code_normalize
from mpp.queueing import states as ticket_states
from mpp.queueing.access import access_ticket
from mpp.queueing.screens import error_text, screen, signed_in
from mpp.ratelimit import limit_citizen_requests

from . import complaint_states as cstates
from . import ikm, lapor, selectors, services
from .access import (
    access_complaint_public,
    access_complaint_staff,
    access_paper_survey_site,
    can_enter_paper_survey,
    check_can_enter_paper_survey,
    check_can_export,
)
from .models import PROFILE_FIELDS, Complaint, ComplaintKind, ComplaintStatus, SurveyResponse

# --- survey ------------------------------------------------------------------------------

SURVEY_ELEMENTS = dict(ikm.ELEMENTS)
SURVEY_RATINGS = (1, 2, 3, 4, 5)


def _survey_number(text: str) -> int | str | None:
    """A typed or chosen answer: its number, or what was sent (for the service to refuse)."""
    text = text.strip()
    return int(text) if text.isdigit() else (text or None)


def _survey_values(request: HttpRequest) -> dict:
    """The survey's fields as the form sent them, kept to show them again."""
    post = request.POST
    return {"answers": {key: (post.get(key) or "")[:4] for key in ikm.KEYS},
            "officer_rating": (post.get("officer_rating") or "")[:4],
            "comment": (post.get("comment") or "")[:services.COMMENT_MAX + 500],
            "profile": {name: (post.get(name) or "")[:16] for name in PROFILE_FIELDS}}


def _survey_submit(values: dict, **about):
    """One call of `services.survey_submit` with what the form sent."""
    return services.survey_submit(
        answers={key: _survey_number(value) for key, value in values["answers"].items()},
        officer_rating=_survey_number(values["officer_rating"]),
        comment=values["comment"], profile=values["profile"], **about)


def _survey_errors(error: DomainError) -> dict[str, str]:
    """The service's fields ("answers.U3", "profile.gender") as the form's ("U3", "gender")."""
    return {name.split(".", 1)[-1]: text for name, text in error.fields.items()}


def _survey_form(values: dict | None, errors: dict[str, str]) -> dict:
    """The questions, the officer's rating and the profile, with what was chosen and the
    message next to each."""
    values = values or {"answers": {}, "officer_rating": "", "comment": "", "profile": {}}
    questions = [{
        "key": key, "name": SURVEY_ELEMENTS[key], "text": ikm.QUESTIONS[key],
        "choices": [(str(number), label) for number, label in
                    enumerate(ikm.ANSWERS[key], start=ikm.LOWEST)],
        "chosen": values["answers"].get(key, ""), "error": errors.get(key, "")}
        for key in ikm.KEYS]
    profile = [{
        "name": name, "label": SurveyResponse._meta.get_field(name).verbose_name,
        "choices": choices.choices, "chosen": values["profile"].get(name, ""),
        "error": errors.get(name, "")} for name, choices in PROFILE_FIELDS.items()]
    return {"questions": questions, "profile": profile, "values": values, "errors": errors,
            "ratings": [str(number) for number in SURVEY_RATINGS],
            "profile_open": any(part["chosen"] or part["error"] for part in profile),
            "problems": [(f"q-{item['key']}", item["error"]) for item in questions
                         if item["error"]] + [
                (f"q-{name}", errors[name]) for name in ("officer_rating", "comment",
                                                          *PROFILE_FIELDS) if name in errors]}


def _survey_private(response: HttpResponse) -> HttpResponse:
    """The ticket's id is the page's only key: never cached, never sent to another site."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


@screen
@require_http_methods(["GET", "HEAD", "POST"])
@limit_citizen_requests
def survey_ticket(request: HttpRequest, public_id: str) -> HttpResponse:
    """/survei/t/<ticket>/: the satisfaction survey of a visit, from the ticket's page once
    it is done; once per ticket, then a thank-you."""
    ticket = access_ticket(None, public_id[:16])
    context = {"site": ticket.site, "service": ticket.service,
               "agency": ticket.service.agency, "ticket": ticket,
               "ticket_url": reverse("queueing:ticket", kwargs={"public_id": ticket.public_id})}
    if request.GET.get("terima") == "1" or selectors.survey_exists_for_ticket(
            ticket_id=ticket.pk):
        return _survey_private(render(request, "feedback/survey_thanks.html", {
            **context, "just_now": request.GET.get("terima") == "1"}))
    if ticket.status != ticket_states.DONE:
        return _survey_private(render(request, "feedback/survey_not_yet.html", context))
    values, errors, message, status = None, {}, "", 200
    if request.method == "POST":
        values = _survey_values(request)
        try:
            _survey_submit(values, ticket=ticket)
        except DomainError as error:
            if error.code in ("already_rated", "not_done"):
                return redirect("feedback_public:survey_ticket", public_id=ticket.public_id)
            errors, message, status = _survey_errors(error), error_text(error), error.status
        else:
            return redirect(reverse("feedback_public:survey_ticket",
                                    kwargs={"public_id": ticket.public_id}) + "?terima=1")
    return _survey_private(render(request, "feedback/survey_form.html", {
        **context, **_survey_form(values, errors), "message": message,
        "visit_day": ticket.day}, status=status))


@require_http_methods(["GET", "HEAD", "POST"])
@limit_citizen_requests
def survey_service(request: HttpRequest, site: str, code: str) -> HttpResponse:
    """/s/<site>/survei/<service>/: the same survey about a service, without a ticket."""
    service = catalog_selectors.service_public(site_slug=site, code=code[:50])
    if service is None:
        raise Http404
    context = {"site": service.site, "service": service, "agency": service.agency}
    if request.GET.get("terima") == "1":
        return render(request, "feedback/survey_thanks.html", {**context, "just_now": True})
    values, errors, message, status = None, {}, "", 200
    if request.method == "POST":
        values = _survey_values(request)
        try:
            _survey_submit(values, service=service)
        except DomainError as error:
            errors, message, status = _survey_errors(error), error_text(error), error.status
        else:
            return redirect(reverse("feedback_public:survey_service", kwargs={
                "site": service.site.slug, "code": service.code}) + "?terima=1")
    return render(request, "feedback/survey_form.html", {
        **context, **_survey_form(values, errors), "message": message}, status=status)


@screen
@require_http_methods(["GET", "HEAD", "POST"])
def survey_paper(request: HttpRequest, site: str) -> HttpResponse:
    """/umpan-balik/<site>/survei/kertas/: the front desk types in the paper questionnaires,
    one after another; the ticket's number (or id) when the paper carries it, else the
    service."""
    user = signed_in(request)
    site_obj = access_paper_survey_site(user, site)
    services_here = list(catalog_selectors.service_search(site=site_obj))
    choices = [service for service in services_here if can_enter_paper_survey(user, service)]
    chosen = (request.GET.get("layanan") or "")[:50]
    ticket_ref, values, errors, message, status = "", None, {}, "", 200
    if request.method == "POST":
        chosen = (request.POST.get("service") or "")[:50]
        ticket_ref = (request.POST.get("ticket") or "")[:200]
        values = _survey_values(request)
        try:
            ticket = service = None
            if ticket_ref.strip():
                ticket = selectors.survey_ticket_by_reference(
                    site_id=site_obj.pk, reference=ticket_ref, day=site_today(site_obj))
                if ticket is None:
                    raise Invalid.for_fields({"ticket": _(
                        "No ticket of today has this number, nor any ticket this id.")},
                        name_field=False)
                check_can_enter_paper_survey(user, ticket.service)
            else:
                service = next((s for s in services_here if s.code == chosen), None)
                if service is None:
                    raise Invalid.for_fields({"service": _(
                        "Choose the service, or type the ticket's number.")}, name_field=False)
                check_can_enter_paper_survey(user, service)
            saved = _survey_submit(values, ticket=ticket, service=service, entered_by=user)
        except DomainError as error:
            errors, message, status = _survey_errors(error), error_text(error), error.status
        else:
            return redirect(reverse("feedback:survey_paper", kwargs={"site": site_obj.slug})
                            + "?" + urlencode({"layanan": saved.service.code,
                                               "tersimpan": saved.pk}))
    saved_id = (request.GET.get("tersimpan") or "")[:12]
    return render(request, "feedback/survey_paper.html", {
        "site": site_obj, "choices": choices, "chosen": chosen, "ticket_ref": ticket_ref,
        "saved": saved_id if saved_id.isdigit() else "", **_survey_form(values, errors),
        "message": message}, status=status)



# --- reports (IKM, officers' conduct) ----------------------------------------------------


# --- complaints --------------------------------------------------------------------------

SESSION_KEYS = "complaint_keys"  # {tracking code: filer key} of the reports filed here
KIND_FIELDS = ("kind", "agency", "body", "name", "contact")


def _filer_keys(request: HttpRequest) -> dict:
    keys = request.session.get(SESSION_KEYS)
    return keys if isinstance(keys, dict) else {}


@require_http_methods(["GET", "HEAD", "POST"])
@limit_citizen_requests
def complaint_new(request: HttpRequest, site: str) -> HttpResponse:
    """/s/<site>/aduan/: file a complaint, suggestion or information request (phone first,
    photos or PDFs attached). Signed in at the kiosk it is the kiosk's channel; staff signed
    in type a paper form for a citizen, and the key is shown to hand over, not kept for them."""
    site_obj = access_site(site)
    agencies = list(Agency.objects.filter(site=site_obj).order_by("name"))
    values = {name: "" for name in KIND_FIELDS}
    values["kind"] = request.GET.get("jenis", "complaint")[:20]
    values["agency"] = request.GET.get("instansi", "")[:50]
    flags = {"anonymous": False, "confidential": False}
    errors: dict[str, str] = {}
    message, status = "", 200
    if request.method == "POST":
        uploads.check_upload_size(request)
        values = {name: (request.POST.get(name) or "")[:6000] for name in KIND_FIELDS}
        flags = {name: request.POST.get(name) == "1" for name in flags}
        agency = next((a for a in agencies if a.slug == values["agency"]), None)
        actor = request.user if request.user.is_authenticated else None
        try:
            if values["agency"] and agency is None:
                raise Invalid.for_fields({"agency": _("Choose an agency from the list.")})
            filed = services.complaint_submit(
                site=site_obj, kind=values["kind"], body=values["body"], agency=agency,
                name=values["name"], contact=values["contact"], actor=actor,
                files=request.FILES.getlist("files"), **flags)
        except DomainError as error:
            errors, message, status = dict(error.fields), error_text(error), error.status
        else:
            code = filed.complaint.tracking_code
            if actor is None:  # a kiosk or the desk hands the key over and keeps nothing
                keys = _filer_keys(request)
                keys[code] = filed.filer_key
                request.session[SESSION_KEYS] = dict(list(keys.items())[-20:])
            request.session["complaint_new"] = {"code": code, "key": filed.filer_key}
            return redirect("feedback_public:complaint_track", code=code)
    return render(request, "feedback/complaint_new.html", {
        "site": site_obj, "agencies": agencies, "values": values, "flags": flags,
        "errors": errors, "message": message, "kinds": ComplaintKind.choices,
        "max_mb": settings.MPP_UPLOAD_MAX_BYTES // (1024 * 1024),
        "files_max": services.FILES_MAX}, status=status)


FILER_ACTIONS = {
    "reply": lambda c, post, files: services.complaint_reply(
        complaint=c, message=post.get("message", "")[:6000], files=files),
    "accept": lambda c, post, files: services.complaint_accept(
        complaint=c, rating=_int(post.get("rating")), message=post.get("message", "")[:6000]),
    "reopen": lambda c, post, files: services.complaint_reopen(
        complaint=c, message=post.get("message", "")[:6000], files=files),
    "rate": lambda c, post, files: services.complaint_rate(complaint=c,
                                                           rating=_int(post.get("rating"))),
    "anonymous": lambda c, post, files: services.complaint_make_anonymous(complaint=c),
}


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_http_methods(["GET", "HEAD", "POST"])
@limit_citizen_requests
def complaint_find(request: HttpRequest) -> HttpResponse:
    """/aduan/: follow a report by its tracking code (and key, for the filer's view)."""
    code = (request.GET.get("kode") or request.POST.get("kode") or "")[:40]
    error, status = "", 200
    if request.method == "POST" and request.POST.get("kunci"):
        try:
            complaint = services.complaint_for_filer(
                tracking_code=code, key=request.POST.get("kunci", "")[:40],
                client=client_ip(request))
        except DomainError as failure:
            error, status = error_text(failure), failure.status
        else:
            keys = _filer_keys(request)
            keys[complaint.tracking_code] = code_normalize(request.POST["kunci"])
            request.session[SESSION_KEYS] = dict(list(keys.items())[-20:])
            return redirect("feedback_public:complaint_track", code=complaint.tracking_code)
    elif code:
        clean = code_normalize(code)
        if clean and Complaint.objects.filter(tracking_code=clean).exists():
            return redirect("feedback_public:complaint_track", code=clean)
        error, status = _("No report has this tracking code."), 404
    return render(request, "feedback/complaint_find.html", {"code": code, "error": error},
                  status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@limit_citizen_requests
def complaint_track(request: HttpRequest, code: str) -> HttpResponse:
    """/aduan/<code>/: where a report stands. The filer (the key kept by this browser when
    they filed, or typed in) reads their own words and replies, accepts, reopens, rates."""
    public = access_complaint_public(code)
    if code != public.tracking_code:
        return redirect("feedback_public:complaint_track", code=public.tracking_code)
    key = _filer_keys(request).get(public.tracking_code)
    complaint, filer = public, False
    message, errors, status = "", {}, 200
    if key:
        try:
            complaint = services.complaint_for_filer(tracking_code=public.tracking_code,
                                                     key=key, client=client_ip(request))
            filer = True
        except DomainError:
            pass
    if request.method == "POST" and filer:
        action = FILER_ACTIONS.get(request.POST.get("action", ""))
        try:
            if action is None:
                raise Invalid.for_fields({"action": _("Choose what to do.")})
            uploads.check_upload_size(request)
            action(complaint, request.POST, request.FILES.getlist("files"))
        except DomainError as error:
            errors, message, status = dict(error.fields), error_text(error), error.status
        else:
            return redirect(reverse("feedback_public:complaint_track",
                                    kwargs={"code": public.tracking_code}) + "?ok=1")
        complaint.refresh_from_db()
    new = request.session.pop("complaint_new", None)
    new = new if isinstance(new, dict) and new.get("code") == public.tracking_code else None
    today = site_today(complaint.site)
    calendar = WorkingCalendar.for_site(complaint.site)
    return render(request, "feedback/complaint_track.html", {
        "site": complaint.site, "complaint": complaint, "filer": filer,
        "code": code_display(complaint.tracking_code),
        "new_key": code_display(new["key"]) if new else "",
        "responses": selectors.complaint_responses(complaint, filer=filer),
        "overdue": selectors.complaint_is_overdue(complaint, today),
        "can_reopen": filer and selectors.complaint_can_reopen(complaint, calendar, today),
        "message": message, "errors": errors, "ok": request.GET.get("ok") == "1"},
        status=status)


# staff

def _staff_site(request: HttpRequest, site: str):
    user = signed_in(request)
    return user, access_site_staff(user, site)


@screen
@require_GET
def complaint_worklist(request: HttpRequest, site: str) -> HttpResponse:
    """/umpan-balik/<site>/aduan/: the reports to handle, overdue first."""
    user, site_obj = _staff_site(request, site)
    today = site_today(site_obj)
    reports = selectors.complaints_for_staff(user, site_obj)
    status = request.GET.get("status", "open")[:20]
    if status == "open":
        reports = reports.exclude(status__in=cstates.FINAL)
    elif status == "overdue":
        reports = reports.filter(selectors.complaint_overdue_q(today))
    elif status in cstates.STATUSES:
        reports = reports.filter(status=status)
    rows = [(c, selectors.complaint_is_overdue(c, today)) for c in reports[:300]]
    rows.sort(key=lambda row: (not row[1], row[0].due_date, row[0].pk))
    return render(request, "feedback/complaint_worklist.html", {
        "site": site_obj, "rows": rows, "status": status, "statuses": ComplaintStatus.choices,
        "can_export": is_site_admin_of(user, site_obj.pk)})


@screen
@require_http_methods(["GET", "HEAD", "POST"])
def complaint_detail(request: HttpRequest, site: str, code: str) -> HttpResponse:
    """/umpan-balik/<site>/aduan/<code>/: one report, its messages and the next steps."""
    user, site_obj = _staff_site(request, site)
    complaint = access_complaint_staff(user, code, site=site_obj)
    agencies = list(Agency.objects.filter(site=site_obj).order_by("name"))
    message, errors, status = "", {}, 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        text = request.POST.get("message", "")[:6000]
        target = next((a for a in agencies if a.slug == request.POST.get("agency")), None)
        try:
            if action == "verify":
                named = (User.objects.filter(site=site_obj, username=request.POST.get(
                    "officer", "")[:150]).first() if request.POST.get("officer") else None)
                services.complaint_verify(complaint=complaint, actor=user, message=text,
                                          agency=target, officer=named)
            elif action == "reroute":
                services.complaint_reroute(complaint=complaint, actor=user, agency=target,
                                           reason=text)
            elif action in STAFF_RESPONSES:
                STAFF_RESPONSES[action](complaint=complaint, actor=user, message=text)
            elif action == "lapor":
                services.complaint_set_lapor_id(complaint=complaint, actor=user,
                                                lapor_id=request.POST.get("lapor_id", "")[:100])
            else:
                raise Invalid.for_fields({"action": _("Choose what to do.")})
        except DomainError as error:
            errors, message, status = dict(error.fields), error_text(error), error.status
        else:
            return redirect("feedback:complaint_detail", site=site_obj.slug,
                            code=complaint.tracking_code)
        complaint.refresh_from_db()
    today = site_today(site_obj)
    return render(request, "feedback/complaint_detail.html", {
        "site": site_obj, "complaint": complaint, "code": code_display(complaint.tracking_code),
        "identity": selectors.identity_for_staff(complaint),
        "responses": selectors.complaint_responses(complaint, filer=True),
        "files": list(complaint.files.all()),
        "overdue": selectors.complaint_is_overdue(complaint, today),
        "actions": cstates.allowed_actions(complaint.status),
        "is_mall": is_site_admin_of(user, site_obj.pk), "agencies": agencies,
        "officers": User.objects.filter(site=site_obj, agency_id=complaint.agency_id,
                                        role=Role.OFFICER).order_by("username")
        if complaint.agency_id else [],
        "open": complaint.status not in cstates.FINAL,
        "message": message, "errors": errors}, status=status)


STAFF_RESPONSES = {"answer": services.complaint_answer, "note": services.complaint_note,
                   "reject": services.complaint_reject, "close": services.complaint_close}


@screen
@require_GET
def complaint_file(request: HttpRequest, site: str, code: str, file_id: int) -> HttpResponse:
    """An attachment, to the staff who handle the report."""
    user, site_obj = _staff_site(request, site)
    complaint = access_complaint_staff(user, code, site=site_obj)
    attached = complaint.files.filter(pk=file_id).first()
    if attached is None:
        raise Http404
    response = HttpResponse(uploads.FileStore().read(attached.stored_name),
                            content_type=attached.content_type)
    response["Content-Disposition"] = (
        f'inline; filename="{complaint.tracking_code}-{attached.pk}.'
        f'{uploads.EXTENSIONS[attached.content_type]}"')
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@screen
@require_GET
def complaint_export(request: HttpRequest, site: str, fmt: str) -> HttpResponse:
    """/umpan-balik/<site>/aduan/ekspor.<csv|json>: the SP4N-LAPOR! export (mall admin)."""
    user, site_obj = _staff_site(request, site)
    check_can_export(user, site_obj)
    if fmt not in ("csv", "json"):
        raise Http404
    return lapor.export_response(lapor.export_rows(site=site_obj), fmt=fmt, site=site_obj)
