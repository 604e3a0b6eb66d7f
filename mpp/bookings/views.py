"""The citizen booking portal (mounted under /s/<site>/) and the check-in screen of the kiosk
and the front desk (mounted under /antrean/<site>/).

Server-rendered, mobile-first, working without JavaScript: every step is a link or a plain
form; htmx only swaps the date's slot list and the form in place. Writes go through
`mpp.bookings.services`, reads through `selectors` / `portal_selectors`, permissions through
the kiosk screen's own access rule (`mpp.queueing.screens.kiosk_user`). A `DomainError` is
shown next to the field it names, with everything typed kept; never a 500.
"""

from __future__ import annotations

import re
from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mpp.catalog import selectors as catalog_selectors
from mpp.catalog.models import Site
from mpp.errors import DomainError, Invalid
from mpp.lib.client import client_ip
from mpp.lib.codes import code_display, code_normalize, code_qr_svg
from mpp.lib.phone import phone_mask
from mpp.lib.privacy import name_mask
from mpp.queueing import screens as queue_screens
from mpp.queueing.models import Ticket
from mpp.ratelimit import limit_citizen_requests

from . import portal_selectors, selectors, services, states
from .models import Booking, Channel

FIELDS = ("date", "slot", "name", "nik", "phone", "email")
SUGGESTION_RE = re.compile(r"^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})$")


# --- helpers ----------------------------------------------------------------------------------

def _hx_target(request: HttpRequest) -> str:
    return request.headers.get("HX-Target", "") if queue_screens.is_htmx(request) else ""


def _site_or_404(slug: str) -> Site:
    site = catalog_selectors.site_by_slug(slug=slug)
    if site is None:
        raise Http404(_("There is no such MPP."))
    return site


def _service_or_404(site: Site, code: str):
    service = portal_selectors.bookable_service(site=site, code=code)
    if service is None:
        raise Http404(_("This service cannot be booked online at this MPP."))
    return service


def _clock(moment) -> str:
    """08.30 in Indonesian, 08:30 in English: how a time is written and read aloud."""
    separator = "." if (get_language() or "id").startswith("id") else ":"
    return moment.strftime(f"%H{separator}%M")


def _parse_day(value) -> date | None:
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def _vary(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def _chooser(service, *, base_url: str, day_param, slot: str = "", now=None) -> dict:
    """The date picker and the slot list: the horizon's days (closed ones with their reason)
    and the chosen day's slots with the places still free."""
    now = now or timezone.now()
    days = portal_selectors.booking_days(service, now=now)
    by_iso = {day.iso: day for day in days}
    wanted = _parse_day(day_param)
    chosen = by_iso.get(wanted.isoformat()) if wanted else None
    if chosen is None or not chosen.open:
        # A closed or unknown day asked for: say so, and still show that day's reason.
        first = portal_selectors.first_bookable_day(days)
        if chosen is None:
            chosen = by_iso.get(first.isoformat()) if first else None
    slots = []
    if chosen is not None and chosen.open:
        result = selectors.availability(service=service, day=chosen.date, now=now)
        slots = [{**row, "label": f"{row['start']}–{row['end']}",
                  "checked": row["start"] == slot} for row in result["slots"]]
    return {"days": days, "chosen": chosen, "slots": slots, "base_url": base_url,
            "any_free": any(row["remaining"] > 0 for row in slots)}


def _booking_context(booking: Booking) -> dict:
    opens, closes = portal_selectors.booking_local_window(booking)
    return {
        "booking": booking, "service": booking.service, "agency": booking.service.agency,
        "code": code_display(booking.code), "qr": code_qr_svg(booking.code, scale=6),
        "slot_label": f"{_clock(booking.slot_start)}–{_clock(booking.slot_end)}",
        "opens": _clock(opens), "closes": _clock(closes),
        "phone_masked": phone_mask(booking.phone),
        "name_masked": name_mask(booking.name),
        "requirements": list(booking.service.requirements or []),
        "ticket_url": (reverse("queueing:ticket", kwargs={"public_id": booking.ticket.public_id})
                       if booking.ticket_id else ""),
        "active": booking.status in states.ACTIVE,
        "changeable": booking.status == states.CONFIRMED,
    }


def _errors_of(error: DomainError) -> tuple[dict, str, list]:
    """(errors by field, the summary message, the suggested slots) of a service's refusal."""
    fields = dict(error.fields)
    message = str(error.message)
    if isinstance(error, Invalid) and fields:
        message = _("Please correct the marked fields.")
    suggestions = [{**item, "day": _parse_day(item.get("date"))}
                   for item in error.extra.get("suggestions") or []]
    return fields, message, suggestions


def _suggestion_choice(request: HttpRequest) -> tuple[str, str] | None:
    match = SUGGESTION_RE.match(request.POST.get("suggest", ""))
    return (match.group(1), match.group(2)) if match else None


# --- the booking form -------------------------------------------------------------------------

@require_http_methods(["GET", "HEAD", "POST"])
@limit_citizen_requests
def book(request: HttpRequest, site: str, code: str) -> HttpResponse:
    """/s/<site>/pesan/<service>/: choose a date and a slot, fill in who comes, book."""
    site_obj = _site_or_404(site)
    service = _service_or_404(site_obj, code)
    base_url = reverse("portal:book", kwargs={"site": site_obj.slug, "code": service.code})
    values = {name: "" for name in FIELDS}
    errors: dict[str, str] = {}
    message, suggestions, status = "", [], 200

    if request.method == "POST":
        values.update({name: (request.POST.get(name) or "")[:300] for name in FIELDS})
        picked = _suggestion_choice(request)
        if picked:
            values["date"], values["slot"] = picked
        try:
            booking = services.booking_create(
                service=service, date=values["date"], slot=values["slot"] or None,
                name=values["name"], nik=values["nik"], phone=values["phone"],
                email=values["email"], channel=Channel.PORTAL,
                actor=request.user if request.user.is_authenticated else None)
        except DomainError as error:
            errors, message, suggestions = _errors_of(error)
            status = error.status
        else:
            target = reverse("portal:booking", kwargs={"site": site_obj.slug,
                                                       "code": booking.code}) + "?baru=1"
            if queue_screens.is_htmx(request):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
                return response
            return redirect(target)
        if not values["slot"] and "slot" not in errors and "date" not in errors:
            errors["slot"] = _("Choose a slot.")
        day_param = values["date"]
    else:
        day_param = request.GET.get("tanggal", "")
        values["slot"] = request.GET.get("slot", "")[:5]

    chooser = _chooser(service, base_url=base_url, day_param=day_param, slot=values["slot"])
    context = {
        "site": site_obj, "service": service, "agency": service.agency, **chooser,
        "values": values, "errors": errors, "message": message, "suggestions": suggestions,
        "form_url": base_url, "asked_day": day_param,
    }
    target = _hx_target(request)
    if target == "when":
        return _vary(render(request, "bookings/portal/_when.html", context))
    if target == "book-form":
        return _vary(render(request, "bookings/portal/_book_form.html", context))
    return _vary(render(request, "bookings/portal/book.html", context, status=status))


# --- finding a booking, its page, cancel and reschedule ---------------------------------------

@require_GET
@limit_citizen_requests
def find(request: HttpRequest, site: str) -> HttpResponse:
    """/s/<site>/pesanan/: find a booking by its code as typed."""
    site_obj = _site_or_404(site)
    typed = (request.GET.get("kode") or "").strip()[:40]
    error = ""
    if typed:
        booking = portal_selectors.booking_on_site(site=site_obj, code=typed)
        if booking is not None:
            return redirect("portal:booking", site=site_obj.slug, code=booking.code)
        if code_normalize(typed) is None:
            error = _("A booking code has 8 letters and digits, e.g. K7QX-3MZA (there is no "
                      "0, O, 1, I or L in a code).")
        else:
            error = _("No booking at this MPP has the code %(code)s: check it and type it "
                      "again.") % {"code": code_display(code_normalize(typed))}
    return render(request, "bookings/portal/find.html",
                  {"site": site_obj, "typed": typed, "error": error},
                  status=404 if error else 200)


def _booking_or_404(site_obj: Site, code: str) -> Booking:
    booking = portal_selectors.booking_on_site(site=site_obj, code=code)
    if booking is None:
        raise Http404(_("No booking at this MPP has this code."))
    return booking


def _booking_page(request, site_obj: Site, booking: Booking, *, status: int = 200,
                  **extra) -> HttpResponse:
    booking = (Booking.objects.select_related("service__agency", "service__site", "site",
                                              "ticket").get(pk=booking.pk))
    context = {"site": site_obj, **_booking_context(booking),
               "is_new": request.GET.get("baru") == "1", "today": portal_selectors
               .booking_is_today(booking), **extra}
    response = render(request, "bookings/portal/booking.html", context, status=status)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


@require_GET
@limit_citizen_requests(every_request=True)
def booking_page(request: HttpRequest, site: str, code: str) -> HttpResponse:
    """/s/<site>/pesanan/<code>/: the confirmation and, later, the booking's status."""
    site_obj = _site_or_404(site)
    booking = _booking_or_404(site_obj, code)
    if code != booking.code:
        return redirect("portal:booking", site=site_obj.slug, code=booking.code)
    return _booking_page(request, site_obj, booking)


@require_POST
@limit_citizen_requests
def booking_cancel(request: HttpRequest, site: str, code: str) -> HttpResponse:
    site_obj = _site_or_404(site)
    booking = _booking_or_404(site_obj, code)
    try:
        services.booking_cancel(code=booking.code, nik=request.POST.get("nik", "")[:40],
                                client=client_ip(request),
                                actor=request.user if request.user.is_authenticated else None)
    except DomainError as error:
        fields = dict(error.fields) or {"nik": str(error.message)}
        return _booking_page(request, site_obj, booking, status=error.status,
                             cancel_errors=fields, cancel_open=True)
    return redirect(reverse("portal:booking", kwargs={"site": site_obj.slug,
                                                      "code": booking.code}) + "?batal=1")


@require_http_methods(["GET", "HEAD", "POST"])
@limit_citizen_requests
def booking_reschedule(request: HttpRequest, site: str, code: str) -> HttpResponse:
    """/s/<site>/pesanan/<code>/ubah/: another date or slot, confirmed with the NIK."""
    site_obj = _site_or_404(site)
    booking = _booking_or_404(site_obj, code)  # with its service, agency and site
    service = booking.service
    service.site = booking.site  # the same row
    base_url = reverse("portal:reschedule", kwargs={"site": site_obj.slug, "code": booking.code})
    values = {"date": "", "slot": "", "nik": ""}
    errors: dict[str, str] = {}
    message, suggestions, status = "", [], 200
    if request.method == "POST":
        values.update({name: (request.POST.get(name) or "")[:40] for name in values})
        picked = _suggestion_choice(request)
        if picked:
            values["date"], values["slot"] = picked
        try:
            services.booking_reschedule(
                code=booking.code, nik=values["nik"], date=values["date"],
                client=client_ip(request),
                slot=values["slot"] or None,
                actor=request.user if request.user.is_authenticated else None)
        except DomainError as error:
            errors, message, suggestions = _errors_of(error)
            if error.code == "not_found" and "nik" not in errors:
                errors["nik"] = str(error.message)
            status = error.status
        else:
            target = reverse("portal:booking", kwargs={"site": site_obj.slug,
                                                       "code": booking.code}) + "?ubah=1"
            if queue_screens.is_htmx(request):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
                return response
            return redirect(target)
        day_param = values["date"]
    else:
        day_param = request.GET.get("tanggal", "") or booking.date.isoformat()
        values["slot"] = request.GET.get("slot", "")[:5]
    chooser = _chooser(service, base_url=base_url, day_param=day_param, slot=values["slot"])
    context = {
        "site": site_obj, **_booking_context(booking), **chooser, "values": values,
        "errors": errors, "message": message, "suggestions": suggestions,
        "form_url": base_url, "asked_day": day_param,
    }
    target = _hx_target(request)
    if target == "when":
        return _vary(render(request, "bookings/portal/_when.html", context))
    if target == "reschedule-form":
        return _vary(render(request, "bookings/portal/_reschedule_form.html", context))
    response = render(request, "bookings/portal/reschedule.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return _vary(response)


# --- the check-in screen (kiosk and front desk) -----------------------------------------------

def _code_from_scan(typed: str) -> str:
    """What a scanner or a person typed: the code itself, or an address ending with it."""
    typed = (typed or "").strip()[:200]
    if "/" in typed:
        parts = [part for part in typed.split("/") if part]
        typed = parts[-1] if parts else ""
    return typed


def _checkin_render(request, site_obj: Site, context: dict, status: int = 200) -> HttpResponse:
    context = {"site": site_obj,
               "checkin_url": reverse("bookings:check_in", kwargs={"site": site_obj.slug}),
               **context}
    if queue_screens.is_htmx(request):
        response = render(request, "bookings/checkin/_step.html", context)
    else:
        response = render(request, "bookings/checkin/page.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@queue_screens.screen
@require_http_methods(["GET", "HEAD", "POST"])
def check_in(request: HttpRequest, site: str) -> HttpResponse:
    """/antrean/<site>/lapor-hadir/: type or scan the booking code, get the ticket."""
    user, site_obj = queue_screens.kiosk_user(request, site)
    if request.method != "POST":
        return _checkin_render(request, site_obj, {})
    typed = _code_from_scan(request.POST.get("kode", ""))
    booking = portal_selectors.booking_on_site(site=site_obj, code=typed)
    if booking is None:
        if not typed:
            error = _("Type or scan the booking code.")
        elif code_normalize(typed) is None:
            error = _("%(typed)s is not a booking code: a code has 8 letters and digits, "
                      "e.g. K7QX-3MZA.") % {"typed": typed[:20]}
        else:
            error = _("No booking at this MPP has the code %(code)s. Check it, or take a "
                      "walk-in number.") % {"code": code_display(code_normalize(typed))}
        return _checkin_render(request, site_obj, {"error": error, "kind": "unknown",
                                                   "typed": typed[:20]}, status=404)
    try:
        ticket = services.booking_check_in(booking=booking, actor=user)
    except DomainError as failure:
        context = {"error": str(failure.message), "kind": failure.code,
                   "typed": code_display(booking.code)}
        if failure.code in ("too_early", "too_late"):
            opens, closes = portal_selectors.booking_local_window(booking)
            context.update({"opens": _clock(opens), "closes": _clock(closes),
                            "slot_day": booking.date})
        elif failure.code == "already_checked_in" and booking.ticket_id:
            context["ticket_url"] = reverse("queueing:ticket",
                                            kwargs={"public_id": booking.ticket.public_id})
        elif booking.status == states.CANCELLED:
            context["error"] = _("Booking %(code)s was cancelled: it cannot be checked "
                                 "in.") % {"code": code_display(booking.code)}
        return _checkin_render(request, site_obj, context, status=failure.status)
    ticket = Ticket.objects.select_related("service__agency", "counter", "site").get(pk=ticket.pk)
    context = queue_screens.ticket_context(request, ticket)
    context["print_error"] = queue_screens.print_on_device(request, ticket, context["public_url"])
    context.update({"checked_in": booking, "booking_code": code_display(booking.code)})
    return _checkin_render(request, site_obj, context)
