"""What complaints tell people, through the notifications app, after the transaction commits.

- The filer (when they left a contact and are not anonymous): received, answered, closed;
  with the tracking code, never the key.
- Staff (by e-mail, to those who have one): the mall admins of a new report and of an
  overdue one; the agency's admins when a report reaches their agency and when its filer
  replies or reopens it. A staff notice names the report by its code, kind, agency and
  deadline and links to it: it never carries the identity or the report's words, so that
  neither an anonymous filer's address nor a confidential text sits in a mailbox, and a notice
  sent before the filer turned anonymous says nothing it should not have.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from mpp.accounts.models import Role, User
from mpp.notifications.models import Kind
from mpp.notifications.services import notification_request

from . import complaint_states as cstates
from .models import Complaint, ComplaintEvent, ComplaintKind


def _facts(complaint: Complaint) -> dict:
    agency = complaint.agency
    return {"code": complaint.display_code, "kind": ComplaintKind(complaint.kind).label,
            "site": complaint.site.name,
            "agency": (agency.short_name or agency.name) if agency else _("the MPP"),
            "due": formats.date_format(complaint.due_date, "j F Y"),
            "link": (settings.MPP_PUBLIC_URL or "") + reverse(
                "feedback:complaint_detail", args=[complaint.site.slug,
                                                   complaint.tracking_code])}


def _to_filer(complaint: Complaint, *, kind: str, key: str, subject: str, body: str) -> None:
    if complaint.anonymous or not (complaint.phone or complaint.email):
        return
    notification_request(site=complaint.site, kind=kind,
                         dedupe_key=f"complaint:{complaint.pk}:{key}", subject=subject,
                         body=body, email=complaint.email or None,
                         phone=complaint.phone or None)


def _staff(complaint: Complaint, *, mall: bool, agency: bool):
    people = User.objects.filter(site_id=complaint.site_id, is_active=True).exclude(email="")
    wanted = []
    if mall:
        wanted += list(people.filter(role=Role.MALL_ADMIN))
    if agency and complaint.agency_id:
        wanted += list(people.filter(role=Role.AGENCY_ADMIN, agency_id=complaint.agency_id))
    return wanted


def _to_staff(complaint: Complaint, *, people, kind: str, key: str, subject: str,
              body: str) -> None:
    for person in people:
        notification_request(site=complaint.site, kind=kind,
                             dedupe_key=f"complaint:{complaint.pk}:{key}:{person.pk}",
                             subject=subject, body=body, email=person.email)


def complaint_filed(complaint: Complaint) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        facts = _facts(complaint)
        _to_filer(complaint, kind=Kind.COMPLAINT_RECEIVED, key="received",
                  subject=_("Report %(code)s received") % facts,
                  body=_("Your report to %(site)s is received. Tracking code: %(code)s. It is "
                         "verified by %(due)s.") % facts)
        _to_staff(complaint, people=_staff(complaint, mall=True, agency=True),
                  kind=Kind.COMPLAINT_STAFF, key="filed",
                  subject=_("New report %(code)s (%(kind)s)") % facts,
                  body=_("A new report %(code)s (%(kind)s) for %(agency)s is waiting for "
                         "verification by %(due)s: %(link)s") % facts)


def complaint_changed(complaint: Complaint, *, action: str, event: ComplaintEvent) -> None:
    """Inside the change's transaction: the notices it calls for."""
    with translation.override(settings.LANGUAGE_CODE):
        facts = _facts(complaint)
        key = f"{action}:{event.pk}"
        if action == cstates.ANSWER:
            _to_filer(complaint, kind=Kind.COMPLAINT_ANSWERED, key=key,
                      subject=_("Report %(code)s answered") % facts,
                      body=_("%(agency)s answered your report %(code)s. Read it and reply "
                             "or close it by %(due)s.") % facts)
        elif action in (cstates.CLOSE, cstates.AUTO_CLOSE, cstates.REJECT) and (
                not event.by_filer):
            _to_filer(complaint, kind=Kind.COMPLAINT_CLOSED, key=key,
                      subject=_("Report %(code)s closed") % facts,
                      body=_("Your report %(code)s is closed. You can read the outcome with "
                             "its tracking code.") % facts)
        elif action in (cstates.VERIFY, cstates.REROUTE) and complaint.agency_id:
            _to_staff(complaint, people=_staff(complaint, mall=False, agency=True),
                      kind=Kind.COMPLAINT_STAFF, key=key,
                      subject=_("Report %(code)s for %(agency)s") % facts,
                      body=_("Report %(code)s (%(kind)s) is routed to %(agency)s. Answer it by "
                             "%(due)s: %(link)s") % facts)
        elif action in (cstates.REPLY, cstates.REOPEN):
            _to_staff(complaint, people=_staff(complaint, mall=not complaint.agency_id,
                                               agency=True),
                      kind=Kind.COMPLAINT_STAFF, key=key,
                      subject=_("Report %(code)s: the filer wrote again") % facts,
                      body=_("The filer of report %(code)s wrote again. Answer by %(due)s: "
                             "%(link)s") % facts)
        elif action == cstates.ESCALATE:
            _to_staff(complaint, people=_staff(complaint, mall=True, agency=False),
                      kind=Kind.COMPLAINT_ESCALATED, key=key,
                      subject=_("Report %(code)s is overdue") % facts,
                      body=_("Report %(code)s (%(kind)s, %(agency)s) is past its deadline: "
                             "%(link)s") % facts)
