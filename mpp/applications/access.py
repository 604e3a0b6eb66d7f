"""Who may see and change an application and its files (the applications app's own rules,
on the generic role and scope rules of `mpp.accounts.access`).

An agency's staff (its officers and admins) see and work their agency's applications only;
the mall admin of the site sees and works all of the site's; nobody else sees a citizen's
application beyond the public tracking view (no NIK, name or phone)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mpp.accounts.access import can_serve_for_agency, is_platform, require_user
from mpp.accounts.models import Role
from mpp.errors import Forbidden, NotFound
from mpp.lib.codes import code_normalize

from .models import Application

RECEIVING_ROLES = (Role.OFFICER, Role.AGENCY_ADMIN, Role.MALL_ADMIN)


def can_work_application(user, application: Application) -> bool:
    return can_serve_for_agency(user, site_id=application.site_id,
                                agency_id=application.agency_id)


def check_can_receive(user, agency) -> None:
    """Take in papers for an agency: its officers and admins, the site's mall admin."""
    user = require_user(user)
    if not is_platform(user) and user.role not in RECEIVING_ROLES:
        raise Forbidden(_("Only the agency's officers take in applications."))
    if not can_serve_for_agency(user, site_id=agency.site_id, agency_id=agency.pk):
        raise Forbidden(_("This ticket is in another agency's queue."))


DESK_ROLES = (Role.FRONT_DESK, Role.MALL_ADMIN)


def check_can_take_in_at_desk(user, service) -> None:
    """Take in papers without a ticket: the site's front desk and mall admin for any agency,
    an agency's officers and admins for their own."""
    user = require_user(user)
    if is_platform(user):
        return
    if user.site_id != service.site_id:
        raise Forbidden(_("You do not work at this site."))
    if user.role in DESK_ROLES:
        return
    if user.role in RECEIVING_ROLES and user.agency_id == service.agency_id:
        return
    raise Forbidden(_("Only the front desk or the agency's officers take in applications."))


def check_can_act(user, application: Application) -> None:
    """Change an application's status, attach its result: its agency's staff, the mall
    admin."""
    user = require_user(user)
    if not can_work_application(user, application):
        raise Forbidden(_("This application belongs to another agency."))


def applications_queryset(user, queryset: QuerySet | None = None) -> QuerySet:
    """The applications the user may see as staff (worklist, admin)."""
    queryset = Application.objects.all() if queryset is None else queryset
    if is_platform(user):
        return queryset
    if user is None or not user.is_authenticated:
        return queryset.none()
    if user.role == Role.MALL_ADMIN:
        return queryset.filter(site_id=user.site_id)
    if user.role in (Role.OFFICER, Role.AGENCY_ADMIN) and user.agency_id:
        return queryset.filter(agency_id=user.agency_id)
    return queryset.none()


def _unknown(code) -> NotFound:
    return NotFound(_("Unknown tracking code %(code)s.") % {"code": str(code)[:20]},
                    code="unknown_application")


def access_application_public(code: str) -> Application:
    """An application by its tracking code, for the public tracking view."""
    clean = code_normalize(code)
    application = None
    if clean is not None:
        application = (Application.objects.select_related("site", "agency", "service")
                       .filter(tracking_code=clean).first())
    if application is None:
        raise _unknown(code)
    return application


def access_application(user, code: str) -> Application:
    """An application by its tracking code for staff who may work it: 404 when unknown, 403
    when it is another agency's."""
    user = require_user(user)
    application = access_application_public(code)
    check_can_act(user, application)
    return application
