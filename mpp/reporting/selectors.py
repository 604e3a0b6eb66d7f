"""Read-only figures over the raw rows of every app: the contract's summary of a period
(`summary`) and the yearly or monthly recap (`recap`, built from month summaries). Nothing here writes; nothing is cached yet (each figure is an aggregate query
over the period's rows).

How things are counted (the one definition; docs/architecture.md "Reports" repeats it):
- a **visitor** is a ticket: one person's visit, through every service it went to (a ticket
  transferred to another agency stays one visitor, and counts as a visitor of both agencies).
  Walk-ins are anonymous, so a person who takes two tickets on one day counts twice;
  e-service applicants who never come are not visitors.
- **tickets issued** to a service are the tickets taken for it (its `issue` events), with
  those transferred into it counted apart (`transferred_in`); **served**, **no-shows** and
  **cancelled** are the finish, no-show and cancel events of the service's queue: each
  counted once, at the service where it happened.
- the period is the site's local days `date_from` to `date_to` inclusive, by the ticket's
  day; waits and service times are averaged over the tickets served, at the service that
  served them (wait: queued there to called; service: started to finished), in minutes.
- **applications**: received in the period; completed (ready or collected) among them;
  overdue among them now (`applications.selectors.overdue_q`). **complaints**: received in
  the period; resolved (closed) among them; overdue among them now
  (`feedback.selectors.complaint_overdue_q`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q

from mpp.applications import selectors as application_selectors
from mpp.applications import states as application_states
from mpp.applications.models import Application
from mpp.bookings import states as booking_states
from mpp.bookings.models import Booking
from mpp.catalog.calendar import site_today
from mpp.catalog.models import Agency, Service, Site
from mpp.feedback import complaint_states
from mpp.feedback import selectors as feedback_selectors
from mpp.feedback.models import Complaint
from mpp.queueing import states as ticket_states
from mpp.queueing.models import Ticket, TicketEvent

TICKET_ACTIONS = {"issue": "issued", ticket_states.TRANSFER: "transferred_in",
                  ticket_states.FINISH: "served", ticket_states.MARK_NO_SHOW: "no_show",
                  ticket_states.CANCEL: "cancelled"}
COMPLETED = (application_states.READY, application_states.COLLECTED)


@dataclass
class Figures:
    visitors: int = 0
    tickets: dict = field(default_factory=lambda: {
        "issued": 0, "transferred_in": 0, "served": 0, "no_show": 0, "cancelled": 0})
    wait_minutes: list = field(default_factory=list)
    service_minutes: list = field(default_factory=list)
    applications: dict = field(default_factory=lambda: {
        "received": 0, "completed": 0, "overdue": 0})
    complaints: dict = field(default_factory=lambda: {
        "received": 0, "resolved": 0, "overdue": 0})

    def out(self) -> dict:
        return {"visitors": self.visitors, "tickets": dict(self.tickets),
                "avg_wait_minutes": _mean(self.wait_minutes),
                "avg_service_minutes": _mean(self.service_minutes),
                "applications": dict(self.applications), "complaints": dict(self.complaints)}


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _minutes(start, end) -> float | None:
    if start is None or end is None or end < start:
        return None
    return (end - start).total_seconds() / 60


def summary(*, site: Site, date_from: date, date_to: date,
            agency: Agency | None = None) -> dict:
    """The contract's summary: the period's totals, `by_agency` and `by_service` (only the
    agency's when `agency` is given)."""
    services = {s.pk: s for s in Service.objects.filter(site=site).select_related("agency")}
    if agency is not None:
        services = {pk: s for pk, s in services.items() if s.agency_id == agency.pk}
    total, by_agency, by_service = Figures(), defaultdict(Figures), defaultdict(Figures)
    in_period = Q(ticket__site=site, ticket__day__gte=date_from, ticket__day__lte=date_to,
                  service_id__in=list(services))

    # tickets by outcome, per service where each event happened
    for row in (TicketEvent.objects.filter(in_period, action__in=list(TICKET_ACTIONS))
                .values("service_id", "action").annotate(n=Count("id"))):
        key = TICKET_ACTIONS[row["action"]]
        service = services[row["service_id"]]
        for figures in (total, by_agency[service.agency_id], by_service[service.pk]):
            figures.tickets[key] += row["n"]

    # visitors: distinct tickets that were in a service's (an agency's, the site's) queue
    visits = set(TicketEvent.objects.filter(in_period).values_list("ticket_id", "service_id")
                 .distinct())
    per_agency: dict[int, set] = defaultdict(set)
    per_service: dict[int, set] = defaultdict(set)
    everyone: set = set()
    for ticket_id, service_id in visits:
        per_service[service_id].add(ticket_id)
        per_agency[services[service_id].agency_id].add(ticket_id)
        everyone.add(ticket_id)
    total.visitors = len(everyone)
    for agency_id, tickets in per_agency.items():
        by_agency[agency_id].visitors = len(tickets)
    for service_id, tickets in per_service.items():
        by_service[service_id].visitors = len(tickets)

    # waits and service times of the tickets served, at the service that served them
    for service_id, queued, called, started, finished in Ticket.objects.filter(
            site=site, day__gte=date_from, day__lte=date_to, status=ticket_states.DONE,
            service_id__in=list(services)).values_list(
            "service_id", "queued_at", "called_at", "started_at", "finished_at"):
        wait, served = _minutes(queued, called), _minutes(started, finished)
        service = services[service_id]
        for figures in (total, by_agency[service.agency_id], by_service[service_id]):
            if wait is not None:
                figures.wait_minutes.append(wait)
            if served is not None:
                figures.service_minutes.append(served)

    today = site_today(site)
    applications = Application.objects.filter(
        site=site, received_on__gte=date_from, received_on__lte=date_to,
        service_id__in=list(services)).values("service_id").annotate(
        received=Count("id"), completed=Count("id", filter=Q(status__in=COMPLETED)),
        overdue=Count("id", filter=application_selectors.overdue_q(today=today)))
    for row in applications:
        service = services[row["service_id"]]
        for figures in (total, by_agency[service.agency_id], by_service[service.pk]):
            for key in ("received", "completed", "overdue"):
                figures.applications[key] += row[key]

    complaints = Complaint.objects.filter(site=site, submitted_on__gte=date_from,
                                          submitted_on__lte=date_to)
    if agency is not None:
        complaints = complaints.filter(agency=agency)
    for row in complaints.values("agency_id").annotate(
            received=Count("id"),
            resolved=Count("id", filter=Q(status=complaint_states.CLOSED)),
            overdue=Count("id", filter=feedback_selectors.complaint_overdue_q(today))):
        targets = [total] + ([by_agency[row["agency_id"]]] if row["agency_id"] else [])
        for figures in targets:
            for key in ("received", "resolved", "overdue"):
                figures.complaints[key] += row[key]

    agencies = {s.agency_id: s.agency for s in services.values()}
    return {
        **total.out(),
        "from": date_from.isoformat(), "to": date_to.isoformat(),
        "by_agency": [{"agency": agencies[pk].slug, "name": agencies[pk].name,
                       **by_agency[pk].out()}
                      for pk in sorted(agencies, key=lambda pk: agencies[pk].name)],
        "by_service": [{"service": services[pk].code, "name": services[pk].name,
                        "agency": services[pk].agency.slug, **by_service[pk].out()}
                       for pk in sorted(by_service, key=lambda pk: (
                           services[pk].agency.name, services[pk].name))],
    }


def _bookings(*, site: Site, date_from: date, date_to: date, agency: Agency | None) -> dict:
    """Bookings for days of the period: made (not cancelled), checked in, no-shows, and the
    show rate: checked in over those whose day came (checked in + no-shows)."""
    bookings = Booking.objects.filter(site=site, date__gte=date_from, date__lte=date_to)
    if agency is not None:
        bookings = bookings.filter(service__agency=agency)
    counts = bookings.aggregate(
        booked=Count("id", filter=~Q(status=booking_states.CANCELLED)),
        checked_in=Count("id", filter=Q(status=booking_states.CHECKED_IN)),
        no_show=Count("id", filter=Q(status=booking_states.NO_SHOW)))
    decided = counts["checked_in"] + counts["no_show"]
    return {**counts, "show_rate": round(counts["checked_in"] / decided, 3) if decided else None}


def _ikm(*, site: Site, date_from: date, date_to: date, agency: Agency | None) -> dict:
    index = feedback_selectors.ikm_report(site_id=site.pk, date_from=date_from,
                                          date_to=date_to,
                                          agency_id=agency.pk if agency else None)
    return {"respondents": index.respondents, "score": index.score if index.respondents
            else None, "grade": index.grade}


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def recap(*, site: Site, year: int, month: int | None = None,
          agency: Agency | None = None) -> dict:
    """The yearly (or monthly) recap: per month, the site's (or the agency's) figures and
    per agency, with bookings and their show rate and the IKM. Each month is the summary of
    its days (`summary`), so the recap's numbers are the summary's by construction."""
    months = [month] if month else list(range(1, 13))
    rows = []
    for number in months:
        first, last = date(year, number, 1), _month_end(year, number)
        report = summary(site=site, date_from=first, date_to=last, agency=agency)
        agencies = []
        for item in report["by_agency"]:
            one = Agency.objects.get(site=site, slug=item["agency"])
            agencies.append({**{key: item[key] for key in (
                "agency", "name", "visitors", "tickets", "applications", "complaints")},
                "bookings": _bookings(site=site, date_from=first, date_to=last, agency=one),
                "ikm": _ikm(site=site, date_from=first, date_to=last, agency=one)})
        rows.append({"month": f"{year}-{number:02d}", **{key: report[key] for key in (
            "visitors", "tickets", "avg_wait_minutes", "avg_service_minutes", "applications",
            "complaints")},
            "bookings": _bookings(site=site, date_from=first, date_to=last, agency=agency),
            "ikm": _ikm(site=site, date_from=first, date_to=last, agency=agency),
            "by_agency": agencies})
    totals = summary(site=site, date_from=date(year, months[0], 1),
                     date_to=_month_end(year, months[-1]), agency=agency)
    return {"year": year, "month": month, "visitors": totals["visitors"],
            "tickets": totals["tickets"], "applications": totals["applications"],
            "complaints": totals["complaints"], "months": rows}
