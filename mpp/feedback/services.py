"""Every write to feedback. `survey_submit` checks everything first and writes one row; a
ticket is rated once (the row's unique ticket: two submissions at once make one), and only
once it is done."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mpp.catalog.calendar import site_today
from mpp.catalog.models import Service
from mpp.errors import Conflict, raise_field_errors
from mpp.queueing import states as ticket_states
from mpp.queueing.models import Ticket, TicketEvent

from . import ikm
from .models import PROFILE_FIELDS, Source, SurveyResponse

COMMENT_MAX = 2000


def answers_check(*, answers: object, errors: dict[str, str]) -> dict[str, int]:
    """Every element U1-U9 answered 1 to 4, none other; fills `errors` ("answers.U3")."""
    if not isinstance(answers, dict):
        errors["answers"] = _("Answer the nine elements U1-U9, each 1 to 4.")
        return {}
    clean: dict[str, int] = {}
    for key in answers:
        if key not in ikm.KEYS:
            errors[f"answers.{str(key)[:10]}"] = _("Unknown element; the elements are U1-U9.")
    for key in ikm.KEYS:
        value = answers.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not (
                ikm.LOWEST <= value <= ikm.HIGHEST):
            errors[f"answers.{key}"] = _("Answer %(key)s with 1, 2, 3 or 4.") % {"key": key}
        else:
            clean[key] = value
    return clean


def profile_check(*, profile: object, errors: dict[str, str]) -> dict[str, str]:
    """The respondent's optional profile (gender, age_band, education, occupation): each
    part empty or one of its choices; fills `errors` ("profile.gender")."""
    if profile in (None, ""):
        return {}
    if not isinstance(profile, dict):
        errors["profile"] = _("The profile is a set of answers (gender, age, ...).")
        return {}
    clean: dict[str, str] = {}
    for key in profile:
        if key not in PROFILE_FIELDS:
            errors[f"profile.{str(key)[:12]}"] = _("Unknown part of the profile.")
    for key, choices in PROFILE_FIELDS.items():
        value = profile.get(key)
        if value in (None, ""):
            continue
        if not isinstance(value, str) or value not in choices.values:
            errors[f"profile.{key}"] = _("Choose one of the answers offered.")
        else:
            clean[key] = value
    return clean


def _served_by(ticket: Ticket):
    event = (TicketEvent.objects.filter(ticket=ticket, action__in=(
        ticket_states.FINISH, ticket_states.START), actor__isnull=False)
        .order_by("-at", "-id").select_related("actor").first())
    return event.actor if event else None


def survey_submit(*, answers: object, ticket: Ticket | None = None,
                  service: Service | None = None, officer_rating: object = None,
                  comment: object = "", profile: object = None,
                  entered_by=None) -> SurveyResponse:
    """A citizen's answers for a served ticket (once, after it is done: 409
    `not_done`/`already_rated`) or for a service; 422 naming the field for anything else.
    `entered_by`: the staff member typing in a paper form (the source says so; the officer
    rated is still the one who served the ticket)."""
    errors: dict[str, str] = {}
    if ticket is None and service is None:
        errors["ticket"] = _("Say which ticket (or service) the answers are about.")
    clean = answers_check(answers=answers, errors=errors)
    if officer_rating is not None and (isinstance(officer_rating, bool) or not isinstance(
            officer_rating, int) or not 1 <= officer_rating <= 5):
        errors["officer_rating"] = _("Rate the officer from 1 to 5, or leave it out.")
    text = comment.strip() if isinstance(comment, str) else ""
    if len(text) > COMMENT_MAX:
        errors["comment"] = _("The comment is at most %(max)s characters.") % {
            "max": COMMENT_MAX}
    parts = profile_check(profile=profile, errors=errors)
    raise_field_errors(errors)
    officer = None
    if ticket is not None:
        ticket = Ticket.objects.select_related("service__site").get(pk=ticket.pk)
        if ticket.status != ticket_states.DONE:
            raise Conflict(_("The survey opens once the service is done."), code="not_done")
        if SurveyResponse.objects.filter(ticket=ticket).exists():
            raise _already()
        service = ticket.service
        officer = _served_by(ticket)
    else:
        service = Service.objects.select_related("site").get(pk=service.pk)
    now = timezone.now()
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(
                site_id=service.site_id, agency_id=service.agency_id, service=service,
                ticket=ticket, officer=officer, officer_rating=officer_rating, comment=text,
                submitted_at=now, submitted_on=site_today(service.site),
                source=Source.PAPER if entered_by is not None else (
                    Source.TICKET if ticket is not None else Source.SERVICE),
                entered_by=entered_by, **parts,
                **{key.lower(): value for key, value in clean.items()})
    except IntegrityError:
        if ticket is not None and SurveyResponse.objects.filter(ticket=ticket).exists():
            raise _already() from None
        raise


def _already() -> Conflict:
    return Conflict(_("This visit is rated already. Thank you!"), code="already_rated")
