"""Who may see and change the catalog's objects: sites, agencies, services and counters.

Built on the generic role and scope rules of `mpp.accounts.access`. `access_*` return the
object asked for or raise NotFound/Forbidden (see that module for the naming)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from mpp.accounts.access import (
    can_manage_agency,
    can_view_agency_internal,
    check_works_at,
    require_user,
)
from mpp.accounts.models import Role
from mpp.errors import Forbidden, Invalid, NotFound
from mpp.rows import Loader, fetch_one

from .models import Agency, Counter, Service, Site

_SITE = Loader(Site)
_COUNTER = Loader(Counter)
_SERVICE = Loader(Service)
_AGENCY = Loader(Agency)


def access_site(slug: str) -> Site:
    """A site by slug, for public reads."""
    # Plain SQL: every API call and screen starts here.
    row = fetch_one(f"SELECT {_SITE.columns('s')} FROM {Site._meta.db_table} s "
                    f"WHERE s.slug = %s", [slug])
    if row is None:
        raise NotFound(_("Unknown site %(slug)s.") % {"slug": slug}, code="unknown_site")
    return _SITE.load(row)


def access_site_staff(user, slug: str) -> Site:
    """A site the user works at (or any, for the platform's superusers)."""
    user = require_user(user)
    site = access_site(slug)
    check_works_at(user, site.pk)
    return site


def access_agency(user, site: Site, slug: str, *, manage: bool = False) -> Agency:
    agency = Agency.objects.filter(site=site, slug=slug).select_related("site").first()
    if agency is None:
        raise NotFound(_("Unknown agency %(slug)s.") % {"slug": slug}, code="unknown_agency")
    if user is None:  # a public read
        return agency
    allowed = can_manage_agency(user, agency) if manage else can_view_agency_internal(user, agency)
    if not allowed:
        raise Forbidden(_("This belongs to another agency."))
    return agency


def access_target_agency(user, site: Site, slug: str | None) -> Agency:
    """The agency a create is for: the given one (which the user must manage), or an agency
    admin's own when none is given."""
    if not slug:
        if user.role == Role.AGENCY_ADMIN:
            return user.agency
        raise Invalid(_("agency: choose the agency."),
                      fields={"agency": _("This field is required.")})
    return access_agency(user, site, slug, manage=True)


REPORT_ROLES = (Role.MALL_ADMIN, Role.AGENCY_ADMIN, Role.OFFICER)


def access_report_agency(user, site: Site, slug: str | None) -> Agency | None:
    """Whose figures a report shows: the mall admin reads the whole site (None) or the agency
    asked for; an agency's admin and officers read their own agency's only (another agency
    asked for is 403, none asked for is their own). Other roles read no report."""
    user = require_user(user)
    check_works_at(user, site.pk)
    if not user.is_superuser and user.role not in REPORT_ROLES:
        raise Forbidden(_("Reports are for the MPP's and the agencies' staff."))
    agency = access_agency(None, site, slug) if slug else None
    if user.is_superuser or user.role == Role.MALL_ADMIN:
        return agency
    if agency is not None and agency.pk != user.agency_id:
        raise Forbidden(_("An agency reads its own figures only."))
    return agency or Agency.objects.select_related("site").get(pk=user.agency_id)


def access_service(user, site: Site, code: str, *, manage: bool = False) -> Service:
    # Plain SQL: every ticket taken at a kiosk starts here.
    row = fetch_one(
        f"SELECT {_SERVICE.columns('s')}, {_AGENCY.columns('a')} "
        f"FROM {Service._meta.db_table} s JOIN {Agency._meta.db_table} a "
        f"ON a.id = s.agency_id WHERE s.site_id = %s AND s.code = %s", [site.pk, code])
    if row is None:
        raise NotFound(_("Unknown service %(code)s.") % {"code": code}, code="unknown_service")
    service = _SERVICE.load(row)
    service.agency = _AGENCY.load(row, _SERVICE.width)
    service.site = service.agency.site = site  # the same row: no need to join or fetch it
    if user is None:
        return service
    allowed = (
        can_manage_agency(user, service.agency)
        if manage
        else can_view_agency_internal(user, service.agency)
    )
    if not allowed:
        raise Forbidden(_("This service belongs to another agency."))
    return service


def counter_row(site: Site, code: str) -> Counter:
    """A counter of the site by code, or NotFound (no permission check)."""
    # Plain SQL: every counter action starts here (its agency loads if a check needs it).
    row = fetch_one(f"SELECT {_COUNTER.columns('c')} FROM {Counter._meta.db_table} c "
                    f"WHERE c.site_id = %s AND c.code = %s", [site.pk, code])
    if row is None:
        raise NotFound(_("Unknown counter %(code)s.") % {"code": code}, code="unknown_counter")
    counter = _COUNTER.load(row)
    counter.site = site  # the same row: no need to fetch it again
    return counter


def access_counter(user, site: Site, code: str, *, manage: bool = False) -> Counter:
    """A counter of the site; with manage=True only who manages its agency (rename it, change
    what it serves). Working at a counter is the queue's rule: `mpp.queueing.access`."""
    counter = counter_row(site, code)
    if user is not None and manage and not can_manage_agency(user, counter.agency):
        raise Forbidden(_("This counter belongs to another agency."))
    return counter


def counter_site_row(slug: str, code: str) -> Counter | None:
    """The counter with its site, in one query, by the site's slug and the counter's code; None
    when either is missing."""
    row = fetch_one(
        f"SELECT {_COUNTER.columns('c')}, {_SITE.columns('s')} "
        f"FROM {Counter._meta.db_table} c JOIN {Site._meta.db_table} s ON s.id = c.site_id "
        f"WHERE s.slug = %s AND c.code = %s", [slug, code])
    if row is None:
        return None
    counter = _COUNTER.load(row)
    counter.site = _SITE.load(row, _COUNTER.width)
    return counter
