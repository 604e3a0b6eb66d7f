"""Reads of feedback: the IKM of a site, an agency or a service over a period."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Sum

from mpp.queueing import states as ticket_states
from mpp.queueing.models import Ticket

from . import ikm
from .models import SurveyResponse


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
