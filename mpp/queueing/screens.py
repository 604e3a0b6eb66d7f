"""What the queue's screens share, and what other apps' screens reuse (the bookings check-in
screen issues and prints tickets like the kiosk): the `screen` decorator that turns access
errors into pages, the kiosk's access rule, a ticket's page context, printing on the kiosk's
thermal printer, and small helpers (absolute URLs, QR codes, the site's clock)."""

from __future__ import annotations

import functools
import logging
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import segno
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from mpp.catalog.models import Site
from mpp.errors import DomainError, Forbidden, Invalid, NotFound, Unauthenticated

from . import access, selectors
from .models import PrinterKind, Ticket

log = logging.getLogger(__name__)


def absolute_url(request: HttpRequest, name: str, **kwargs) -> str:
    return request.build_absolute_uri(reverse(name, kwargs=kwargs))


def site_time(site: Site, moment):
    """A moment on the site's own clock (WIB, WITA or WIT), for the times printed on screens."""
    try:
        return timezone.localtime(moment, ZoneInfo(site.timezone))
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.localtime(moment)


def qr_svg(url: str) -> str:
    """An inline SVG QR code (no image request, prints sharp)."""
    return segno.make(url, error="m").svg_inline(scale=5, border=2, dark="#000",
                                                 light="#fff")


def is_htmx(request: HttpRequest) -> bool:
    return (request.headers.get("HX-Request") == "true"
            and request.headers.get("HX-History-Restore-Request") != "true")


def screen(view):
    """Turn the access helpers' errors into pages: sign in first, 403 or 404 otherwise."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Unauthenticated:
            return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
        except (Forbidden, NotFound) as error:
            status = 403 if isinstance(error, Forbidden) else 404
            return render(request, "queueing/error.html",
                          {"message": error.message, "status": status}, status=status)
        patch_vary_headers(response, ["HX-Request"])
        return response

    return wrapper


def signed_in(request: HttpRequest):
    if not request.user.is_authenticated:
        raise Unauthenticated()
    return request.user


def error_text(error: DomainError) -> str:
    if isinstance(error, Invalid) and error.fields:
        return " ".join(error.fields.values())
    return str(error.message)


def kiosk_user(request: HttpRequest, slug: str) -> tuple:
    user = signed_in(request)
    site = access.access_site(slug)
    access.access_kiosk_screen(user, site)
    return user, site


def ticket_context(request, ticket: Ticket) -> dict:
    position = selectors.ticket_position(ticket)
    public_url = absolute_url(request, "queueing:ticket", public_id=ticket.public_id)
    counters = [c for c in ticket.service.counters.order_by("code")]
    return {
        "ticket": ticket, "service": ticket.service, "agency": ticket.service.agency,
        "position": position, "wait": selectors.ticket_estimated_wait(ticket),
        "counters": counters, "public_url": public_url, "qr": qr_svg(public_url),
        "issued_local": site_time(ticket.site, ticket.arrived_at),
    }


def print_on_device(request, ticket: Ticket, public_url: str) -> str | None:
    """Send the ticket to the kiosk's ESC/POS printer when it has one (mpp.queueing.printing).
    Returns an error text to show, or None. A kiosk without a thermal printer (or the front
    desk) prints with the browser's print dialog: the page's Print button."""
    from . import printing

    user = request.user
    if not access.can_print_on_device(user):
        return None
    printer = printing.kiosk_printer_of(user)
    if printer is None or not printer.active or printer.kind == PrinterKind.BROWSER:
        return None
    try:
        printing.ticket_print_for_kiosk(ticket=ticket, kiosk=user, public_url=public_url)
    except DomainError as error:  # printer_unavailable: the ticket stays on the screen
        return error_text(error)
    except Exception:  # a paper jam must not lose the ticket: it is already issued
        log.exception("printing ticket %s failed", ticket.public_id)
        return _("The ticket printer does not answer. Print the ticket from the browser or "
                 "note its number.")
    return None
