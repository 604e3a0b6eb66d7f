"""Who may see a complaint: the public by tracking code (status and, unless confidential,
the staff's answers), the filer with the key (services.complaint_for_filer), staff through
`selectors.complaints_for_staff` (the mall admin every report of the site, an agency's
staff those routed to their agency). A report outside a staff member's reach is answered
404, as an unknown code is: its existence is not told to another agency."""

from __future__ import annotations

from django.utils.translation import gettext as _

from mpp.accounts.access import is_platform, is_site_admin_of, require_user
from mpp.accounts.models import Role
from mpp.catalog.access import access_site_staff
from mpp.errors import Forbidden, NotFound
from mpp.lib.codes import code_normalize

from . import selectors
from .models import Complaint


def _unknown() -> NotFound:
    return NotFound(_("No report has this tracking code."), code="unknown_complaint")


def access_complaint_public(tracking_code: str) -> Complaint:
    code = code_normalize(tracking_code)
    complaint = code and (Complaint.objects.select_related("site", "agency", "service")
                          .filter(tracking_code=code).first())
    if not complaint:
        raise _unknown()
    return complaint


def access_complaint_staff(user, tracking_code: str, *, site=None) -> Complaint:
    user = require_user(user)
    code = code_normalize(tracking_code)
    complaint = code and (Complaint.objects.select_related("site", "agency", "service",
                                                           "officer")
                          .filter(tracking_code=code).first())
    if not complaint or (site is not None and complaint.site_id != site.pk):
        raise _unknown()
    if not selectors.complaints_for_staff(user, complaint.site).filter(
            pk=complaint.pk).exists():
        raise _unknown()
    return complaint


def check_can_export(user, site) -> None:
    """Hand-over to SP4N-LAPOR! is the mall's complaint desk's."""
    user = require_user(user)
    if not is_site_admin_of(user, site.pk):
        raise Forbidden(_("Only the MPP's complaint desk exports reports."))


# --- survey ------------------------------------------------------------------------------

PAPER_SURVEY_SITE_ROLES = (Role.FRONT_DESK, Role.MALL_ADMIN)  # any agency of their site


def can_enter_paper_survey(user, service) -> bool:
    """Type in a paper questionnaire about `service`: the site's front desk and mall admin,
    the admin of the service's agency. Not an officer (the answers rate the officers), not a
    kiosk."""
    if is_platform(user):
        return True
    if user is None or not user.is_authenticated or user.site_id != service.site_id:
        return False
    return user.role in PAPER_SURVEY_SITE_ROLES or (
        user.role == Role.AGENCY_ADMIN and user.agency_id == service.agency_id)


def access_paper_survey_site(user, slug: str):
    """The paper questionnaires' screen of a site, for who may type in one."""
    user = require_user(user)
    site = access_site_staff(user, slug)
    if not is_platform(user) and user.role not in (*PAPER_SURVEY_SITE_ROLES,
                                                   Role.AGENCY_ADMIN):
        raise Forbidden(_("Only the front desk and the admins type in survey forms."))
    return site


def check_can_enter_paper_survey(user, service) -> None:
    if not can_enter_paper_survey(require_user(user), service):
        raise Forbidden(_("This service belongs to another agency."))
