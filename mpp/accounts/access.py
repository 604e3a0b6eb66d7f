"""Who may see and change what: the generic rules, on roles and scopes.

A user has one role at one site, and an agency for the agency roles (`accounts.models`). The
helpers here decide from that alone, by ids, for the objects of any app: is the user the
platform, the site's admin, on the agency's staff; and they narrow querysets to what a user
may see. Each app builds the checks of its own objects on them, in its own `access.py`: the
catalog's sites, agencies, services and counters (`mpp.catalog.access`), the queue's tickets,
counters at work and screens (`mpp.queueing.access`), bookings (`mpp.bookings.access`).

`access_*` return the object asked for or raise NotFound/Forbidden; `can_*` answer yes or no;
`check_*` raise or return None; `*_queryset` narrow a queryset to what a user may see. Views,
API handlers and the admin all call these: an agency's staff never reach another agency's data.

This module imports no other app: accounts sit below the catalog in the layers (a user's site
and agency are catalog rows that `accounts.models` names by string only), so the defaults of
the querysets below come from the user's own relations.
"""

from __future__ import annotations

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from mpp.errors import Forbidden, Unauthenticated

from .models import ADMIN_ROLES, AGENCY_ROLES, ApiToken, Role, User

# The roles that work at an agency's counters, for the agency they belong to.
AGENCY_STAFF_ROLES = (Role.OFFICER, Role.AGENCY_ADMIN)


def _related(field: str) -> QuerySet:
    """All rows of the model that `User.<field>` points at (the catalog's Site or Agency)."""
    return User._meta.get_field(field).related_model._default_manager.all()


def is_platform(user) -> bool:
    """A superuser: runs the platform, sees every site."""
    return bool(user and user.is_authenticated and user.is_superuser)


def require_user(user) -> User:
    if user is None or not user.is_authenticated or not user.is_active:
        raise Unauthenticated()
    return user


def works_at(user, site_id: int) -> bool:
    """The user works at this site (the platform works everywhere)."""
    return is_platform(user) or (
        user is not None and user.is_authenticated and user.site_id == site_id
    )


def check_works_at(user, site_id: int) -> None:
    if not works_at(user, site_id):
        raise Forbidden(_("You do not work at this site."))


def is_site_admin_of(user, site_id: int) -> bool:
    return is_platform(user) or (
        user is not None
        and user.is_authenticated
        and user.role == Role.MALL_ADMIN
        and user.site_id == site_id
    )


def is_site_admin(user, site: Model) -> bool:
    return is_site_admin_of(user, site.pk)


def can_manage_agency(user, agency: Model) -> bool:
    """Change the agency's hours, services, counters and staff."""
    if user is None or not user.is_authenticated:
        return False
    return is_site_admin_of(user, agency.site_id) or (
        user.role == Role.AGENCY_ADMIN and user.agency_id == agency.pk
    )


def can_view_agency_internal(user, agency: Model) -> bool:
    """See the agency's internal data: staff, the management part of service standards."""
    if user is None or not user.is_authenticated:
        return False
    return can_manage_agency(user, agency) or (
        user.role == Role.OFFICER and user.agency_id == agency.pk
    )


def can_serve_for_agency(user, *, site_id: int, agency_id: int) -> bool:
    """Work the agency's queue (call, serve, transfer): its officers and admins, the mall
    admin of its site, the platform."""
    if user is None or not user.is_authenticated:
        return False
    return is_site_admin_of(user, site_id) or (
        user.role in AGENCY_STAFF_ROLES and user.agency_id == agency_id
    )


# --- scoping querysets (admin, lists) ----------------------------------------------------------

def agencies_queryset(user, queryset: QuerySet | None = None) -> QuerySet:
    """Agencies whose data the user may see as staff."""
    queryset = _related("agency") if queryset is None else queryset
    if is_platform(user):
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
    if is_platform(user):
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
    if is_platform(user):
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
    queryset = _related("agency") if queryset is None else queryset
    if is_platform(user):
        return queryset
    if not can_use_back_office(user):
        return queryset.none()
    if user.role == Role.MALL_ADMIN:
        return queryset.filter(site_id=user.site_id)
    return queryset.filter(pk=user.agency_id)


def sites_queryset(user, queryset: QuerySet | None = None) -> QuerySet:
    """Sites whose settings `user` may see and change in the back office."""
    queryset = _related("site") if queryset is None else queryset
    if is_platform(user):
        return queryset
    if can_use_back_office(user) and user.role == Role.MALL_ADMIN:
        return queryset.filter(pk=user.site_id)
    return queryset.none()


def users_queryset(user, queryset: QuerySet | None = None) -> QuerySet:
    """Accounts `user` manages: a mall admin their site's, an agency admin their agency's."""
    queryset = User.objects.all() if queryset is None else queryset
    if is_platform(user):
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
    if is_platform(user):
        return queryset
    return queryset.filter(user__in=users_queryset(user))


def assignable_roles(user) -> list[str]:
    """Roles `user` may give to a new account: never one above their own."""
    if is_platform(user):
        return list(Role.values)
    if not can_use_back_office(user):
        return []
    if user.role == Role.MALL_ADMIN:
        return list(Role.values)
    return [role.value for role in AGENCY_ROLES]


def staff_assignment_errors(actor, *, role: str, site: Model | None,
                            agency: Model | None) -> dict[str, str]:
    """Why `actor` may not create an account with this role, site and agency (empty: may)."""
    errors: dict[str, str] = {}
    if role and role not in assignable_roles(actor):
        errors["role"] = _("You may not create an account with this role.")
    if is_platform(actor):
        return errors
    if site is not None and site.pk != getattr(actor, "site_id", None):
        errors["site"] = _("You do not work at this site.")
    if agency is not None and not can_manage_agency(actor, agency):
        errors["agency"] = _("This belongs to another agency.")
    if role in AGENCY_ROLES and agency is None and actor.role == Role.AGENCY_ADMIN:
        errors.setdefault("agency", _("This role belongs to one agency: choose it."))
    return errors
