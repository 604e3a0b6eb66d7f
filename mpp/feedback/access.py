"""Who may see a complaint: the public by tracking code (status and, unless confidential,
the staff's answers), the filer with the key (services.complaint_for_filer), staff through
`selectors.complaints_for_staff` (the mall admin every report of the site, an agency's
staff those routed to their agency). A report outside a staff member's reach is answered
404, as an unknown code is: its existence is not told to another agency."""

from __future__ import annotations

from django.utils.translation import gettext as _

from mpp.accounts.access import is_site_admin_of, require_user
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
