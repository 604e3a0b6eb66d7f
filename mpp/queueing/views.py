"""The queue screens, mounted at /antrean/: the kiosk, the counter console, the display board
and the citizen's ticket page. Server-rendered; htmx swaps the steps and panels, and three
small scripts (static/queueing/) add the live parts: the event stream, the voice call, the
keyboard shortcuts.

Views stay thin: permissions come from `mpp.queueing.access`, writes from
`mpp.queueing.services`, estimates from `mpp.queueing.selectors`. A `DomainError` from a
service is shown as a message in the page (never a 500); another agency's counter or ticket
answers a 403/404 page and changes nothing.
"""

from __future__ import annotations

import logging

from django.db.models import Count, Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mpp.accounts.models import Role
from mpp.catalog import selectors as catalog_selectors
from mpp.catalog.calendar import WorkingCalendar, site_today
from mpp.catalog.models import Counter, Service, Site
from mpp.errors import DomainError, Forbidden, Invalid, NotFound
from mpp.feedback.selectors import survey_exists_for_ticket

from . import access, selectors, services, states
from .models import DisplaySettings, Lane, Source, Ticket
from .screens import (
    error_text,
    is_htmx,
    kiosk_user,
    print_on_device,
    screen,
    signed_in,
    site_time,
    ticket_context,
)

log = logging.getLogger(__name__)

DISPLAY_CALLS = 5  # the latest call, large, and the four before it
LIVE_STATUSES = (states.CALLED, states.SERVING)
SOURCES = {Role.KIOSK: Source.KIOSK, Role.FRONT_DESK: Source.FRONT_DESK}


# --- the kiosk (the machinery the screens share is in screens.py) -------------------------

def _agency_state(agency, calendar=None) -> tuple[bool, str]:
    """Whether an agency takes walk-ins now: the engine's own opening check."""
    has_services = getattr(agency, "has_services", None)
    if has_services is None:
        has_services = agency.services.filter(active=True).exists()
    if not has_services:
        return False, _("This agency offers no service here yet.")
    return services.agency_open_now(agency=agency, calendar=calendar)


def _kiosk_render(request, site, step: str, context: dict, status: int = 200) -> HttpResponse:
    context = {"site": site, "step": step, "step_template": f"queueing/kiosk/_{step}.html",
               **context}
    if is_htmx(request):
        return render(request, context["step_template"], context, status=status)
    return render(request, "queueing/kiosk/page.html", context, status=status)


def _kiosk_agencies(site) -> list[dict]:
    """Every agency with whether it takes walk-ins now: two queries for the whole building."""
    calendar = WorkingCalendar.for_site(site)
    agencies = catalog_selectors.agency_list(site=site).annotate(has_services=Exists(
        Service.objects.filter(agency=OuterRef("pk"), active=True)))
    rows = []
    for agency in agencies:
        agency.site = site
        is_open, why = _agency_state(agency, calendar)
        rows.append({"agency": agency, "open": is_open, "why": why})
    return rows


@screen
@require_GET
def kiosk(request: HttpRequest, site: str) -> HttpResponse:
    _user, site_obj = kiosk_user(request, site)
    agencies = _kiosk_agencies(site_obj)
    all_closed = bool(agencies) and not any(row["open"] for row in agencies)
    closed_reason = ""
    if all_closed:
        # One reason for the whole building when it is closed today (holiday, weekend).
        reasons = {row["why"] for row in agencies}
        closed_reason = reasons.pop() if len(reasons) == 1 else _(
            "No agency takes walk-in tickets right now.")
    return _kiosk_render(request, site_obj, "agencies",
                         {"agencies": agencies, "closed_reason": closed_reason})


@screen
@require_GET
def kiosk_agency(request: HttpRequest, site: str, agency: str) -> HttpResponse:
    _user, site_obj = kiosk_user(request, site)
    agency_obj = catalog_selectors.agency_public(site=site_obj, slug=agency)
    if agency_obj is None:
        raise NotFound(_("There is no such agency at this MPP."))
    is_open, why = _agency_state(agency_obj)
    service_list = list(catalog_selectors.service_search(site=site_obj, agency=agency_obj.slug))
    return _kiosk_render(request, site_obj, "services", {
        "agency": agency_obj, "services": service_list, "open": is_open, "why": why})


@screen
@require_GET
def kiosk_service(request: HttpRequest, site: str, code: str) -> HttpResponse:
    _user, site_obj = kiosk_user(request, site)
    service = catalog_selectors.service_public(site_slug=site_obj.slug, code=code)
    if service is None:
        raise NotFound(_("There is no such service at this MPP."))
    is_open, why = services.service_open_now(service=service)
    return _kiosk_render(request, site_obj, "service", {
        "service": service, "agency": service.agency, "open": is_open, "why": why,
        "lanes": [(Lane.REGULAR, Lane.REGULAR.label), (Lane.PRIORITY, Lane.PRIORITY.label)]})


@screen
@require_POST
def kiosk_take(request: HttpRequest, site: str) -> HttpResponse:
    user, site_obj = kiosk_user(request, site)
    code = (request.POST.get("service") or "").strip()
    service = catalog_selectors.service_public(site_slug=site_obj.slug, code=code)
    if service is None:
        return _kiosk_render(request, site_obj, "agencies", {
            "agencies": _kiosk_agencies(site_obj),
            "error": _("Choose a service first.")}, status=200 if is_htmx(request) else 422)
    lane = request.POST.get("lane") or Lane.REGULAR
    try:
        ticket = services.ticket_issue(service=service, lane=lane,
                                       source=SOURCES.get(user.role, Source.STAFF), actor=user)
    except DomainError as error:
        is_open, why = services.service_open_now(service=service)
        return _kiosk_render(request, site_obj, "service", {
            "service": service, "agency": service.agency, "open": is_open, "why": why,
            "lanes": [(Lane.REGULAR, Lane.REGULAR.label),
                      (Lane.PRIORITY, Lane.PRIORITY.label)],
            "error": error_text(error)}, status=200 if is_htmx(request) else error.status)
    ticket = Ticket.objects.select_related("service__agency", "counter").get(pk=ticket.pk)
    context = ticket_context(request, ticket)
    context["print_error"] = print_on_device(request, ticket, context["public_url"])
    return _kiosk_render(request, site_obj, "ticket", context)


# --- the counter console --------------------------------------------------------------------

def _officer_site(request: HttpRequest, slug: str):
    user = signed_in(request)
    site = access.access_site_staff(user, slug)
    return user, site


@screen
@require_GET
def console_pick(request: HttpRequest, site: str) -> HttpResponse:
    user, site_obj = _officer_site(request, site)
    counters = access.access_console_counters(
        user, catalog_selectors.counter_list(site=site_obj))
    return render(request, "queueing/console/pick.html",
                  {"site": site_obj, "counters": counters})


def _console_context(counter: Counter, *, message: str = "", error: str = "") -> dict:
    day = site_today(counter.site)
    current = (Ticket.objects.filter(counter=counter, day=day, status__in=LIVE_STATUSES)
               .select_related("service__agency").order_by("-called_at").first())
    served = list(counter.services.filter(active=True).order_by("counterservice__position"))
    waiting = (Ticket.objects.filter(service__in=served, day=day, status=states.WAITING)
               .count())
    transfer_targets = list(catalog_selectors.service_search(site=counter.site))
    if current is not None:
        current.allowed = states.allowed_actions(current.status)
    return {
        "site": counter.site, "counter": counter, "current": current, "waiting": waiting,
        "served": served, "transfer_targets": transfer_targets, "message": message,
        "error": error, "done_today": Ticket.objects.filter(
            counter=counter, day=day, status=states.DONE).count(),
    }


@screen
@require_GET
def console(request: HttpRequest, site: str, counter: str) -> HttpResponse:
    user, site_obj = _officer_site(request, site)
    counter_obj = access.access_counter(user, site_obj, counter, operate=True)
    context = _console_context(counter_obj)
    context["events_url"] = _events_url(site_obj)
    if is_htmx(request):
        return render(request, "queueing/console/_panel.html", context)
    return render(request, "queueing/console/page.html", context)


def _events_url(site: Site) -> str:
    """The site's live event stream (mpp.realtime)."""
    return reverse("api-v1:site_events", kwargs={"site": site.slug})


# The console's buttons on a ticket (the form's `action`) and the service each one runs.
CONSOLE_ACTIONS = {
    "recall": services.ticket_recall, "start": services.ticket_start,
    "finish": services.ticket_finish, "no_show": services.ticket_mark_no_show,
}


def _console_act(request, user, counter: Counter) -> tuple[str, str]:
    """Run one console button; (message, error)."""
    action = request.POST.get("action", "")
    if action in ("open", "close"):
        services.counter_set_open(counter=counter, is_open=action == "open", actor=user)
        return (_("The counter is open.") if action == "open"
                else _("The counter is closed.")), ""
    if action == "call":
        ticket = services.ticket_call_next(counter=counter, actor=user)
        if ticket is None:
            return "", _("Nobody is waiting for this counter.")
        return _("Called %(number)s.") % {"number": ticket.display_number}, ""
    if action not in CONSOLE_ACTIONS and action != "transfer":
        raise Invalid(fields={"action": _("Unknown action.")})
    public_id = request.POST.get("ticket", "")
    ticket = access.access_ticket(user, public_id, operate=True)
    if ticket.counter_id != counter.pk:
        raise Invalid(fields={"ticket": _("This ticket is not at this counter any more.")})
    if action == "transfer":
        code = (request.POST.get("service") or "").strip().split(" ")[0]
        if not code:
            raise Invalid(fields={"service": _("Choose the service to transfer to.")})
        try:
            target = access.access_service(None, counter.site, code)
        except NotFound:
            raise Invalid(fields={"service": _("Unknown service %(code)s.") % {
                "code": code}}) from None
        ticket = services.ticket_transfer(ticket=ticket, to_service=target, actor=user)
    else:
        ticket = CONSOLE_ACTIONS[action](ticket=ticket, actor=user)
    done = {
        "recall": _("Called %(number)s again."),
        "start": _("Serving %(number)s."),
        "finish": _("%(number)s is done."),
        "no_show": _("%(number)s did not come."),
        "transfer": _("%(number)s moved to %(service)s."),
    }[action]
    if ticket.status == states.NO_SHOW and action == "recall":
        done = _("%(number)s was called too often and is now marked as not present.")
    return done % {"number": ticket.display_number, "service": ticket.service.name}, ""


@screen
@require_POST
def console_act(request: HttpRequest, site: str, counter: str) -> HttpResponse:
    user, site_obj = _officer_site(request, site)
    counter_obj = access.access_counter(user, site_obj, counter, operate=True)
    try:
        message, error = _console_act(request, user, counter_obj)
        status = 200
    except (Forbidden, NotFound):
        raise
    except DomainError as failure:
        message, error, status = "", error_text(failure), failure.status
    counter_obj.refresh_from_db()
    context = _console_context(counter_obj, message=message, error=error)
    if is_htmx(request):
        return render(request, "queueing/console/_panel.html", context)
    context["events_url"] = _events_url(site_obj)
    return render(request, "queueing/console/page.html", context, status=status)


# --- the display board ----------------------------------------------------------------------

def _board(site: Site, *, floor: str, agency: str) -> dict:
    day = site_today(site)
    calls = Ticket.objects.filter(site=site, day=day, called_at__isnull=False,
                                  counter__isnull=False)
    waiting = Ticket.objects.filter(site=site, day=day, status=states.WAITING)
    if floor:
        calls = calls.filter(counter__floor=floor)
        waiting = waiting.filter(service__counters__floor=floor).distinct()
    if agency:
        calls = calls.filter(service__agency__slug=agency)
        waiting = waiting.filter(service__agency__slug=agency)
    calls = list(calls.select_related("counter", "service__agency")
                 .order_by("-called_at", "-id")[:DISPLAY_CALLS])
    counts = (waiting.values("service__agency__short_name", "service__agency__name",
                             "service__agency__position")
              .annotate(n=Count("id", distinct=True))
              .order_by("service__agency__position", "service__agency__name"))
    return {
        "calls": calls,
        "waiting": [{"agency": row["service__agency__short_name"]
                     or row["service__agency__name"], "count": row["n"]} for row in counts],
    }


def _board_filters(request, site: Site) -> dict:
    floor = (request.GET.get("lantai") or "").strip()[:20]
    agency = (request.GET.get("instansi") or "").strip()[:50]
    agency_obj = catalog_selectors.agency_public(site=site, slug=agency) if agency else None
    return {"floor": floor, "agency": agency_obj.slug if agency_obj else "",
            "agency_obj": agency_obj, "unknown_agency": bool(agency and agency_obj is None)}


@screen
@require_GET
def display(request: HttpRequest, site: str) -> HttpResponse:
    site_obj = access.access_site(site)
    filters = _board_filters(request, site_obj)
    settings_row = DisplaySettings.objects.filter(site=site_obj).first()
    context = {
        "site": site_obj, **filters,
        **_board(site_obj, floor=filters["floor"], agency=filters["agency"]),
        "running_text": settings_row.running_text if settings_row else "",
        "events_url": _events_url(site_obj),
        "board_url": reverse("queueing:display_board", kwargs={"site": site_obj.slug}),
        "query": request.GET.urlencode(),
    }
    template = "queueing/display/_board.html" if is_htmx(request) else \
        "queueing/display/page.html"
    return render(request, template, context)


@screen
@require_GET
def display_board(request: HttpRequest, site: str) -> HttpResponse:
    """The board's calls and counts alone (after a reconnect, or a call event)."""
    site_obj = access.access_site(site)
    filters = _board_filters(request, site_obj)
    return render(request, "queueing/display/_board.html", {
        "site": site_obj, **filters,
        **_board(site_obj, floor=filters["floor"], agency=filters["agency"])})


# --- the citizen's ticket page --------------------------------------------------------------

@screen
@require_http_methods(["GET", "HEAD"])
def ticket_page(request: HttpRequest, public_id: str) -> HttpResponse:
    ticket = access.access_ticket(None, public_id)
    position = selectors.ticket_position(ticket)
    context = {
        "ticket": ticket, "site": ticket.site, "service": ticket.service,
        "agency": ticket.service.agency, "position": position,
        "wait": selectors.ticket_estimated_wait(ticket),
        "final": ticket.status in states.FINAL,
        "status_url": reverse("queueing:ticket", kwargs={"public_id": ticket.public_id}),
        "counters": list(ticket.service.counters.order_by("code")),
        "updated_local": site_time(ticket.site, timezone.now()),
        "rated": ticket.status == states.DONE and survey_exists_for_ticket(ticket_id=ticket.pk),
    }
    template = "queueing/ticket/_status.html" if is_htmx(request) else \
        "queueing/ticket/page.html"
    # htmx stops polling on a 286: a finished ticket will not change any more.
    status = 286 if is_htmx(request) and context["final"] else 200
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    # The ticket's address is its only key: never sent to another site. Same-origin keeps the
    # Origin header on the page's own forms (the language switch), which CSRF needs.
    response["Referrer-Policy"] = "same-origin"
    return response


def root(request: HttpRequest, site: str) -> HttpResponse:
    """/antrean/<site>/: the signed-in user's own screen, else the display board."""
    if request.user.is_authenticated:
        from mpp.accounts.views import home_for
        return redirect(home_for(request.user))
    return redirect("queueing:display", site=site)
