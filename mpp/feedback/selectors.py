"""Reads of feedback: the IKM of a site, an agency or a service over a period; complaints:
the overdue rule, the identity's one door, the staff's worklist, the messages a filer or the
public may read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from mpp.accounts.access import is_platform
from mpp.accounts.models import Role
from mpp.catalog.calendar import WorkingCalendar, site_zone
from mpp.queueing import states as ticket_states
from mpp.queueing.models import Ticket

from . import complaint_states as cstates
from . import ikm
from .models import Complaint, SurveyResponse


def ikm_report(*, site_id: int, date_from: date, date_to: date, agency_id: int | None = None,
               service_id: int | None = None) -> ikm.Index:
    """The index over the responses of the period (the site's local dates, inclusive), with
    the minimum sample for the population served in it (the tickets done)."""
    responses = SurveyResponse.objects.filter(site_id=site_id, submitted_on__gte=date_from,
                                              submitted_on__lte=date_to)
    served = Ticket.objects.filter(site_id=site_id, day__gte=date_from, day__lte=date_to,
                                   status=ticket_states.DONE)
    if agency_id is not None:
        responses = responses.filter(agency_id=agency_id)
        served = served.filter(service__agency_id=agency_id)
    if service_id is not None:
        responses = responses.filter(service_id=service_id)
        served = served.filter(service_id=service_id)
    totals = responses.aggregate(
        respondents=Count("id"), **{key: Sum(key.lower()) for key in ikm.KEYS})
    return ikm.index_of(sums={key: totals[key] or 0 for key in ikm.KEYS},
                        respondents=totals["respondents"], population=served.count())


# --- survey ---------------------------------------------------------------------------------

def survey_exists_for_ticket(*, ticket_id: int) -> bool:
    """The visit of this ticket is rated already (a ticket is rated once)."""
    return SurveyResponse.objects.filter(ticket_id=ticket_id).exists()


_TICKET_NUMBER = re.compile(r"(?P<prefix>[A-Z]{1,3})[\s-]*(?P<number>\d{1,5})")


def survey_ticket_by_reference(*, site_id: int, reference: str, day: date) -> Ticket | None:
    """The ticket a paper form names at the site: its id (the twelve characters of the slip's
    QR link, or the link itself) or its number on the slip ("A-001", "A001", "a 1"), a number being `day`'s."""
    text = reference.strip()[:200]
    if "/t/" in text:  # the QR's link, scanned into the field
        text = text.rsplit("/t/", 1)[1].strip("/")
    text = text[:32]
    if not text:
        return None
    tickets = Ticket.objects.filter(site_id=site_id).select_related("service__agency", "site")
    found = tickets.filter(public_id=text).first()
    if found is not None:
        return found
    match = _TICKET_NUMBER.fullmatch(text.upper())
    if match is None:
        return None
    return tickets.filter(day=day, prefix=match["prefix"], number=int(match["number"])).first()


# --- complaints -------------------------------------------------------------------------------

def complaint_overdue_q(today: date) -> Q:
    """The one rule: a report is overdue while the move is the MPP's or the provider's
    (submitted, in progress) and its step's deadline or its final resolution's has passed."""
    return Q(status__in=cstates.PROVIDER_STEPS) & (
        Q(due_date__lt=today) | Q(final_due_date__lt=today))


def complaint_is_overdue(complaint: Complaint, today: date) -> bool:
    return complaint.status in cstates.PROVIDER_STEPS and (
        complaint.due_date < today or complaint.final_due_date < today)


@dataclass(frozen=True)
class Identity:
    name: str
    phone: str
    email: str


def identity_for_staff(complaint: Complaint) -> Identity | None:
    """Who filed it, for the staff who handle it: nothing at all for an anonymous report (nor
    for staff who typed it in for a citizen: they are `entered_by`, never the identity). The
    one door every staff screen, the API, the admin and the exports read the identity by."""
    if complaint.anonymous:
        return None
    return Identity(name=complaint.name, phone=complaint.phone, email=complaint.email)


def complaints_visible(user, queryset: QuerySet | None = None) -> QuerySet:
    """The one rule of which reports a staff member sees (screens, API, admin): the platform
    all, the mall admin all of their site's, an agency's admin and officers (to read) those
    routed to their agency; nobody else any."""
    reports = Complaint.objects.all() if queryset is None else queryset
    if is_platform(user):
        return reports
    if user is None or not user.is_authenticated:
        return reports.none()
    if user.role == Role.MALL_ADMIN:
        return reports.filter(site_id=user.site_id)
    if user.role in (Role.AGENCY_ADMIN, Role.OFFICER) and user.agency_id:
        return reports.filter(site_id=user.site_id, agency_id=user.agency_id)
    return reports.none()


def complaints_for_staff(user, site) -> QuerySet:
    """The reports of `site` a staff member works (`complaints_visible`)."""
    return complaints_visible(user).filter(site=site).select_related("agency", "service")


@dataclass(frozen=True)
class Response:
    at: datetime
    action: str
    status: str
    by: str  # filer | agency | mall
    agency: str | None
    message: str


def complaint_responses(complaint: Complaint, *, filer: bool) -> list[Response]:
    """The messages on a report in order: staff's answers and notes (named by agency, never
    by person), and, for the filer only, their own replies. A confidential report's messages
    are the filer's only."""
    if complaint.confidential and not filer:
        return []
    shown = []
    for event in complaint.events.select_related("agency").order_by("at", "id"):
        if not event.message or (event.by_filer and not filer):
            continue
        if event.action == cstates.CREATE:
            continue  # the body: shown as such, to the filer only
        by = "filer" if event.by_filer else ("agency" if event.agency_id else "mall")
        shown.append(Response(at=event.at, action=event.action, status=event.to_status,
                              by=by, agency=(event.agency.short_name or event.agency.name)
                              if event.agency_id and not event.by_filer else None,
                              message=event.message))
    return shown


def complaint_can_reopen(complaint: Complaint, calendar: WorkingCalendar,
                         today: date) -> bool:
    if complaint.status != cstates.CLOSED or complaint.closed_at is None:
        return False
    closed_on = timezone.localtime(complaint.closed_at, site_zone(complaint.site)).date()
    return calendar.working_days_between(closed_on, today) <= \
        settings.MPP_COMPLAINT_REOPEN_DAYS
