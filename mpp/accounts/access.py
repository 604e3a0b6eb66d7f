"""The one place that decides who may see and change what.

`access_*` helpers return the object asked for or raise NotFound/Forbidden; `can_*` answer
yes or no; `*_queryset` narrow a queryset to what a user may see. Views, API handlers and
the admin all call these: an agency's staff never reach another agency's data.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mpp.catalog.models import Agency, Counter, Service, Site
from mpp.errors import Forbidden, NotFound, Unauthenticated
from mpp.rows import Loader, fetch_one

from .models import ADMIN_ROLES, AGENCY_ROLES, ApiToken, Role, User

_SITE = Loader(Site)
_COUNTER = Loader(Counter)
_SERVICE = Loader(Service)
_AGENCY = Loader(Agency)


def _is_platform(user) -> bool:
    return bool(user and user.is_authenticated and user.is_superuser)


def require_user(user) -> User:
    if user is None or not user.is_authenticated or not user.is_active:
        raise Unauthenticated()
    return user


def is_site_admin(user, site: Site) -> bool:
    return _is_platform(user) or (
        user is not None
        and user.is_authenticated
        and user.role == Role.MALL_ADMIN
        and user.site_id == site.pk
    )


def can_manage_agency(user, agency: Agency) -> bool:
    """Change the agency's hours, services, counters and staff."""
    if user is None or not user.is_authenticated:
        return False
    return is_site_admin(user, agency.site) or (
        user.role == Role.AGENCY_ADMIN and user.agency_id == agency.pk
    )


def can_view_agency_internal(user, agency: Agency) -> bool:
    """See the agency's internal data: staff, the management part of service standards."""
    if user is None or not user.is_authenticated:
        return False
    return can_manage_agency(user, agency) or (
        user.role == Role.OFFICER and user.agency_id == agency.pk
    )


def can_operate_counter(user, counter: Counter) -> bool:
    """Open, close and call at a counter: its agency's officers and admins, the mall admin."""
    if user is None or not user.is_authenticated:
        return False
    return is_site_admin(user, counter.site) or (
        user.role in (Role.OFFICER, Role.AGENCY_ADMIN) and user.agency_id == counter.agency_id
    )


# --- lookups that raise ------------------------------------------------------------------

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
    if not _is_platform(user) and user.site_id != site.pk:
        raise Forbidden(_("You do not work at this site."))
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


def access_counter(user, site: Site, code: str, *, operate: bool = False,
                   manage: bool = False) -> Counter:
    # Plain SQL: every counter action starts here (its agency loads if a check needs it).
    row = fetch_one(f"SELECT {_COUNTER.columns('c')} FROM {Counter._meta.db_table} c "
                    f"WHERE c.site_id = %s AND c.code = %s", [site.pk, code])
    if row is None:
        raise NotFound(_("Unknown counter %(code)s.") % {"code": code}, code="unknown_counter")
    counter = _COUNTER.load(row)
    counter.site = site  # the same row: no need to fetch it again
    if user is None:
        return counter
    if manage and not can_manage_agency(user, counter.agency):
        raise Forbidden(_("This counter belongs to another agency."))
    if operate and not can_operate_counter(user, counter):
        raise Forbidden(_("This counter belongs to another agency."))
    return counter


def access_site_counter(user, slug: str, code: str, *, operate: bool = False) -> Counter:
    """`access_site_staff` then `access_counter` in one query (the counter with its site):
    the same answers, in the same order, for the console's every press."""
    user = require_user(user)
    row = fetch_one(
        f"SELECT {_COUNTER.columns('c')}, {_SITE.columns('s')} "
        f"FROM {Counter._meta.db_table} c JOIN {Site._meta.db_table} s ON s.id = c.site_id "
        f"WHERE s.slug = %s AND c.code = %s", [slug, code])
    if row is None:  # which is missing, or not theirs: the answers of the two steps
        site = access_site_staff(user, slug)
        return access_counter(user, site, code, operate=operate)
    counter = _COUNTER.load(row)
    counter.site = _SITE.load(row, _COUNTER.width)
    if not _is_platform(user) and user.site_id != counter.site_id:
        raise Forbidden(_("You do not work at this site."))
    if operate and not can_operate_counter(user, counter):
        raise Forbidden(_("This counter belongs to another agency."))
    return counter


# --- scoping querysets (admin, lists) ----------------------------------------------------------

def agencies_queryset(user, queryset: QuerySet | None = None) -> QuerySet:
    """Agencies whose data the user may see as staff."""
    queryset = Agency.objects.all() if queryset is None else queryset
    if _is_platform(user):
        return queryset
    if user is None or not user.is_authenticated or not user.role:
        return queryset.none()
    if user.role == Role.MALL_ADMIN:
        return queryset.filter(site_id=user.site_id)
    if user.role in (Role.AGENCY_ADMIN, Role.OFFICER):
        return queryset.filter(pk=user.agency_id)
    return queryset.none()


def scope_queryset(user, queryset: QuerySet, *, agency_field: str = "agency",
                   site_field: str = "site") -> QuerySet:
    """Narrow rows that belong to an agency (services, counters, staff) to what `user` sees."""
    if _is_platform(user):
        return queryset
    if user is None or not user.is_authenticated or not user.role:
        return queryset.none()
    if user.role == Role.MALL_ADMIN:
        return queryset.filter(**{f"{site_field}_id": user.site_id})
    if user.role in (Role.AGENCY_ADMIN, Role.OFFICER):
        return queryset.filter(**{f"{agency_field}_id": user.agency_id})
    return queryset.none()


# --- the back office (Django admin) -----------------------------------------------------------

def can_use_back_office(user) -> bool:
    """Who may enter the admin: superusers, and active mall and agency admins bound to a site.

    `user_create` sets `is_staff` for those two roles; the admin site checks this helper too,
    so a staff flag set by hand on an officer, kiosk or integrator opens nothing."""
    if _is_platform(user):
        return bool(user.is_active)
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.role in ADMIN_ROLES
        and user.site_id
        and (user.role != Role.AGENCY_ADMIN or user.agency_id)
    )


def managed_agencies_queryset(user, queryset: QuerySet | None = None) -> QuerySet:
    """Agencies whose services, counters and staff `user` may change (not merely see)."""
    queryset = Agency.objects.all() if queryset is None else queryset
    if _is_platform(user):
        return queryset
    if not can_use_back_office(user):
        return queryset.none()
    if user.role == Role.MALL_ADMIN:
        return queryset.filter(site_id=user.site_id)
    return queryset.filter(pk=user.agency_id)


def sites_queryset(user, queryset: QuerySet | None = None) -> QuerySet:
    """Sites whose settings `user` may see and change in the back office."""
    queryset = Site.objects.all() if queryset is None else queryset
    if _is_platform(user):
        return queryset
    if can_use_back_office(user) and user.role == Role.MALL_ADMIN:
        return queryset.filter(pk=user.site_id)
    return queryset.none()


def users_queryset(user, queryset: QuerySet | None = None) -> QuerySet:
    """Accounts `user` manages: a mall admin their site's, an agency admin their agency's."""
    queryset = User.objects.all() if queryset is None else queryset
    if _is_platform(user):
        return queryset
    if not can_use_back_office(user):
        return queryset.none()
    if user.role == Role.MALL_ADMIN:
        return queryset.filter(site_id=user.site_id, is_superuser=False)
    return queryset.filter(agency_id=user.agency_id, is_superuser=False)


def can_manage_user(actor, user: User) -> bool:
    return users_queryset(actor, User.objects.filter(pk=user.pk)).exists()


def tokens_queryset(user, queryset: QuerySet | None = None) -> QuerySet:
    """API tokens of the accounts `user` manages."""
    queryset = ApiToken.objects.all() if queryset is None else queryset
    if _is_platform(user):
        return queryset
    return queryset.filter(user__in=users_queryset(user))


def assignable_roles(user) -> list[str]:
    """Roles `user` may give to a new account: never one above their own."""
    if _is_platform(user):
        return list(Role.values)
    if not can_use_back_office(user):
        return []
    if user.role == Role.MALL_ADMIN:
        return list(Role.values)
    return [role.value for role in AGENCY_ROLES]


def staff_assignment_errors(actor, *, role: str, site: Site | None,
                            agency: Agency | None) -> dict[str, str]:
    """Why `actor` may not create an account with this role, site and agency (empty: may)."""
    errors: dict[str, str] = {}
    if role and role not in assignable_roles(actor):
        errors["role"] = _("You may not create an account with this role.")
    if _is_platform(actor):
        return errors
    if site is not None and site.pk != getattr(actor, "site_id", None):
        errors["site"] = _("You do not work at this site.")
    if agency is not None and not can_manage_agency(actor, agency):
        errors["agency"] = _("This belongs to another agency.")
    if role in AGENCY_ROLES and agency is None and actor.role == Role.AGENCY_ADMIN:
        errors.setdefault("agency", _("This role belongs to one agency: choose it."))
    return errors


# --- the queue ------------------------------------------------------------------------------

TICKET_ISSUERS = (Role.KIOSK, Role.FRONT_DESK, Role.INTEGRATOR, Role.MALL_ADMIN)


def access_ticket_issuer(user, site: Site):
    """Kiosks, the front desk, integrators and the mall admin issue walk-in tickets."""
    user = require_user(user)
    if _is_platform(user):
        return user
    if user.site_id != site.pk:
        raise Forbidden(_("You do not work at this site."))
    if user.role not in TICKET_ISSUERS:
        raise Forbidden(_("Only a kiosk, the front desk or an integrator issues tickets."))
    return user


def access_ticket(user, public_id: str, *, operate: bool = False):
    """A ticket by its public id; with operate=True only staff of the agency now serving it
    (or the mall admin) may act on it."""
    from mpp.queueing.models import Ticket

    ticket = (
        Ticket.objects.filter(public_id=public_id)
        .select_related("service__agency__site", "counter", "site")
        .first()
    )
    if ticket is None:
        raise NotFound(_("Unknown ticket %(id)s.") % {"id": public_id}, code="unknown_ticket")
    if operate:
        user = require_user(user)
        agency = ticket.service.agency
        allowed = is_site_admin(user, ticket.site) or (
            user.role in (Role.OFFICER, Role.AGENCY_ADMIN) and user.agency_id == agency.pk
        )
        if not allowed:
            raise Forbidden(_("This ticket is in another agency's queue."))
    return ticket


def access_ticket_for_kiosk(user, public_id: str):
    """A ticket a kiosk may print on its own printer: any ticket of the kiosk's site (the kiosk
    that issued it, or another kiosk in the building)."""
    user = require_user(user)
    ticket = access_ticket(None, public_id)
    if user.role != Role.KIOSK:
        raise Forbidden(_("Only a kiosk prints tickets."))
    if user.site_id != ticket.site_id:
        raise Forbidden(_("This ticket belongs to another site."))
    return ticket
