"""Who may work the queue: issue tickets, act on them, work at a counter, use its screens.

Built on the generic role and scope rules of `mpp.accounts.access` and the catalog's lookups
(`mpp.catalog.access`, whose `access_site`, `access_site_staff` and `access_service` are
re-exported here, so that the queue's interface needs one module: `from . import access`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from mpp.accounts.access import (
    can_serve_for_agency,
    is_platform,
    require_user,
)
from mpp.accounts.models import Role
from mpp.catalog import access as catalog_access
from mpp.catalog.access import access_service, access_site, access_site_staff
from mpp.catalog.models import Counter, Site
from mpp.errors import Forbidden, NotFound

from .models import Ticket

__all__ = [
    "CONSOLE_ROLES", "KIOSK_SCREEN_ROLES", "TICKET_ISSUERS", "access_console_counters",
    "access_counter", "access_kiosk_screen", "access_service", "access_site",
    "access_site_counter", "access_site_staff", "access_ticket", "access_ticket_for_kiosk",
    "access_ticket_issuer", "can_operate_counter", "can_print_on_device",
    "check_operates_counter", "check_serves_ticket",
]

TICKET_ISSUERS = (Role.KIOSK, Role.FRONT_DESK, Role.INTEGRATOR, Role.MALL_ADMIN)
KIOSK_SCREEN_ROLES = (Role.KIOSK, Role.FRONT_DESK, Role.MALL_ADMIN)
CONSOLE_ROLES = (Role.OFFICER, Role.AGENCY_ADMIN, Role.MALL_ADMIN)


# --- counters ---------------------------------------------------------------------------------

def can_operate_counter(user, counter: Counter) -> bool:
    """Open, close and call at a counter: its agency's officers and admins, the mall admin."""
    return can_serve_for_agency(user, site_id=counter.site_id, agency_id=counter.agency_id)


def access_counter(user, site: Site, code: str, *, operate: bool = False,
                   manage: bool = False) -> Counter:
    """The catalog's `access_counter`; with operate=True only who may work at it."""
    counter = catalog_access.access_counter(user, site, code, manage=manage)
    if user is not None and operate and not can_operate_counter(user, counter):
        raise Forbidden(_("This counter belongs to another agency."))
    return counter


def access_site_counter(user, slug: str, code: str, *, operate: bool = False) -> Counter:
    """`access_site_staff` then `access_counter` in one query (the counter with its site):
    the same answers, in the same order, for the console's every press."""
    user = require_user(user)
    counter = catalog_access.counter_site_row(slug, code)
    if counter is None:  # which is missing, or not theirs: the answers of the two steps
        site = access_site_staff(user, slug)
        return access_counter(user, site, code, operate=operate)
    if not is_platform(user) and user.site_id != counter.site_id:
        raise Forbidden(_("You do not work at this site."))
    if operate and not can_operate_counter(user, counter):
        raise Forbidden(_("This counter belongs to another agency."))
    return counter


def access_console_counters(user, counters) -> list[Counter]:
    """The counters (of one site, already checked with `access_site_staff`) that the user may
    work at; Forbidden when there is none and the user's role never works at one."""
    mine = [counter for counter in counters if can_operate_counter(user, counter)]
    if not mine and user.role not in CONSOLE_ROLES and not user.is_superuser:
        raise Forbidden(_("Only counter officers use the console."))
    return mine


# --- tickets ----------------------------------------------------------------------------------

def access_ticket_issuer(user, site: Site):
    """Kiosks, the front desk, integrators and the mall admin issue walk-in tickets."""
    user = require_user(user)
    if is_platform(user):
        return user
    if user.site_id != site.pk:
        raise Forbidden(_("You do not work at this site."))
    if user.role not in TICKET_ISSUERS:
        raise Forbidden(_("Only a kiosk, the front desk or an integrator issues tickets."))
    return user


def access_kiosk_screen(user, site: Site):
    """The kiosk screen (and the check-in screen) of a site: a ticket issuer that stands in
    the building, that is the site's kiosks, front desk and admin (not an integrator)."""
    access_ticket_issuer(user, site)
    if not user.is_superuser and user.role not in KIOSK_SCREEN_ROLES:
        raise Forbidden(_("Only a kiosk or the front desk takes tickets here."))
    return user


def access_ticket(user, public_id: str, *, operate: bool = False) -> Ticket:
    """A ticket by its public id; with operate=True only staff of the agency now serving it
    (or the mall admin) may act on it."""
    ticket = (
        Ticket.objects.filter(public_id=public_id)
        .select_related("service__agency__site", "counter", "site")
        .first()
    )
    if ticket is None:
        raise NotFound(_("Unknown ticket %(id)s.") % {"id": public_id}, code="unknown_ticket")
    if operate:
        check_serves_ticket(require_user(user), ticket)
    return ticket


def check_serves_ticket(user, ticket: Ticket) -> None:
    """Forbidden unless the user may act on the ticket (call, serve, transfer it): staff of
    the agency whose queue it is in now, the site's mall admin, the platform."""
    if not can_serve_for_agency(user, site_id=ticket.site_id,
                                agency_id=ticket.service.agency_id):
        raise Forbidden(_("This ticket is in another agency's queue."))


def check_operates_counter(user, counter: Counter) -> None:
    """Forbidden unless the user may work at the counter (`can_operate_counter`)."""
    if not can_operate_counter(user, counter):
        raise Forbidden(_("This counter belongs to another agency."))


def access_ticket_for_kiosk(user, public_id: str) -> Ticket:
    """A ticket a kiosk may print on its own printer: any ticket of the kiosk's site (the kiosk
    that issued it, or another kiosk in the building)."""
    user = require_user(user)
    ticket = access_ticket(None, public_id)
    if not can_print_on_device(user):
        raise Forbidden(_("Only a kiosk prints tickets."))
    if user.site_id != ticket.site_id:
        raise Forbidden(_("This ticket belongs to another site."))
    return ticket


def can_print_on_device(user) -> bool:
    """Only a kiosk has a ticket printer of its own (the front desk prints from the browser)."""
    return user.role == Role.KIOSK
