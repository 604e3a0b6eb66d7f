"""Every write to feedback.

`survey_submit` checks everything first and writes one row; a ticket is rated once (the
row's unique ticket: two submissions at once make one), and only once it is done. The
complaints' services follow below (their own introduction there)."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mpp import ratelimit
from mpp.accounts.access import is_site_admin_of, require_user
from mpp.accounts.models import Role
from mpp.catalog.calendar import WorkingCalendar, site_today, site_zone
from mpp.catalog.models import Agency, Service, Site
from mpp.errors import Conflict, Forbidden, Invalid, NotFound, raise_field_errors
from mpp.lib import uploads
from mpp.lib.codes import code_new, code_normalize
from mpp.lib.phone import phone_parse
from mpp.lib.text import text_storable
from mpp.queueing import states as ticket_states
from mpp.queueing.models import Ticket, TicketEvent

from . import complaint_states as cstates
from . import ikm, notify
from .models import (
    PROFILE_FIELDS,
    Complaint,
    ComplaintChannel,
    ComplaintEvent,
    ComplaintFile,
    ComplaintKind,
    ComplaintStatus,
    Source,
    SurveyResponse,
)

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


# --- complaints, suggestions, information requests -------------------------------------------
#
# `complaint_submit` files one (portal, kiosk, front desk, API) and hands the filer a key:
# the tracking code shows a report's status to anyone who has it, the code with the key shows
# the filer their own words and lets them reply, accept, reopen, rate or turn anonymous
# (limited per code and per client; a wrong key and an unknown code answered alike). Staff
# move it through one service per named transition (`complaint_verify`, `_answer`, `_note`,
# `_reject`, `_close`, `_reroute`), each validating first and writing its event row under the
# report's row lock (`_complaint_change`). `complaints_sweep` (a periodic job) auto-closes
# answered reports the filer left alone and escalates overdue ones to the mall admins, once per
# deadline. Deadlines count working days of the site's calendar (`complaint_deadline`).
# Notices (notify.py) never carry the identity or the report's words.

BODY_MIN, BODY_MAX = 10, 5000
MESSAGE_MAX = 5000
FILES_MAX = 3
FILER_NAME_MAX = 100


def _key_digest(key: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"complaint:{key}".encode(),
                    hashlib.sha256).hexdigest()


def complaint_deadline(*, calendar: WorkingCalendar, start: date, step: str) -> date:
    """The day a step started on `start` is due: `MPP_COMPLAINT_DAYS[step]` working days
    later (verification, answer, auto_close, final)."""
    return calendar.add_working_days(start, settings.MPP_COMPLAINT_DAYS[step])


def _text(value: object, *, field: str, errors: dict[str, str], required: bool,
          maximum: int, minimum: int = 1, missing: str | None = None) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        if required:
            errors[field] = missing or _("Write a message.")
    elif not text_storable(text):
        errors[field] = _("The text holds characters that cannot be stored.")
    elif len(text) < minimum:
        errors[field] = _("Write at least %(min)s characters.") % {"min": minimum}
    elif len(text) > maximum:
        errors[field] = _("At most %(max)s characters.") % {"max": maximum}
    return text


def _contact_clean(contact: object, errors: dict[str, str]) -> tuple[str, str]:
    """(phone, e-mail) from one contact field: an e-mail address or an Indonesian mobile."""
    text = contact.strip() if isinstance(contact, str) else ""
    if not text:
        return "", ""
    if "@" in text:
        try:
            validate_email(text)
        except ValidationError:
            errors["contact"] = _("Enter a valid e-mail address or mobile number.")
            return "", ""
        return "", text[:254]
    phone = phone_parse(text, mobile_only=True)
    if phone is None:
        errors["contact"] = _("Enter a valid e-mail address or mobile number.")
        return "", ""
    return phone, ""


def _attachments_check(files: list, errors: dict[str, str]) -> list[tuple[str, object]]:
    if len(files) > FILES_MAX:
        errors["files"] = _("Attach at most %(n)s files.") % {"n": FILES_MAX}
        return []
    checked = []
    for number, upload in enumerate(files, start=1):
        kind, refusal = uploads.upload_refusal(upload)
        if refusal:
            errors[f"files.{number}"] = refusal
        else:
            checked.append((kind, upload))
    return checked


def _attachments_store(complaint: Complaint, checked, *, event, now, written: list[str]):
    store = uploads.FileStore()
    for kind, upload in checked:
        stored = store.save(upload.chunks(), extension=uploads.EXTENSIONS[kind])
        written.append(stored.name)
        ComplaintFile.objects.create(complaint=complaint, event=event, content_type=kind,
                                     size=stored.size, sha256=stored.sha256,
                                     stored_name=stored.name, uploaded_at=now)


def _channel_of(actor) -> str:
    """Where a report came in, from who is signed in (never from what the client says)."""
    role = getattr(actor, "role", None) if getattr(actor, "is_authenticated", False) else None
    if role == Role.KIOSK:
        return ComplaintChannel.KIOSK
    if role in (Role.FRONT_DESK, Role.MALL_ADMIN, Role.AGENCY_ADMIN, Role.OFFICER):
        return ComplaintChannel.DESK
    return ComplaintChannel.PORTAL


@dataclass(frozen=True)
class Filed:
    complaint: Complaint
    filer_key: str  # shown once to the filer; only its digest is kept


def complaint_submit(*, site: Site, kind: object, body: object, agency: Agency | None = None,
                     service: Service | None = None, ticket: Ticket | None = None,
                     name: object = "", contact: object = "", anonymous: object = False,
                     confidential: object = False, actor=None, api: bool = False,
                     files: list | None = None) -> Filed:
    """File a report at `site`. The channel comes from `actor` (a kiosk device, staff typing a
    paper form at the desk, nobody: the portal; `api` for the API's callers); staff who file
    for a citizen are recorded as `entered_by`, never as the identity. Anonymous: the name is
    not kept, nor the contact (the filer follows it with the tracking code and key, and no
    notice row ties a number to it). Everything is checked first
    (422 naming the field); nothing is written when anything is wrong."""
    errors: dict[str, str] = {}
    if kind not in ComplaintKind.values:
        errors["kind"] = _("Choose complaint, suggestion or information request.")
    text = _text(body, field="body", errors=errors, required=True, maximum=BODY_MAX,
                 minimum=BODY_MIN, missing=_("Write what happened or what you suggest."))
    if not isinstance(anonymous, bool):
        errors["anonymous"] = _("Answer yes or no.")
    if not isinstance(confidential, bool):
        errors["confidential"] = _("Answer yes or no.")
    filer_name = _text(name, field="name", errors=errors, required=False,
                       maximum=FILER_NAME_MAX)
    phone, email = _contact_clean(contact, errors)
    if agency is not None and agency.site_id != site.pk:
        errors["agency"] = _("This agency is not at this MPP.")
    if service is not None:
        if service.site_id != site.pk:
            errors["service"] = _("This service is not at this MPP.")
        elif agency is not None and service.agency_id != agency.pk:
            errors["service"] = _("This service belongs to another agency.")
        else:
            agency = agency or service.agency
    if ticket is not None:
        if ticket.site_id != site.pk:
            errors["ticket"] = _("This ticket is not from this MPP.")
        elif (site_today(site) - ticket.day).days > settings.MPP_COMPLAINT_FILING_DAYS:
            errors["ticket"] = _("A complaint about a visit is filed within %(days)s days of "
                                 "it.") % {"days": settings.MPP_COMPLAINT_FILING_DAYS}
    checked = _attachments_check(list(files or []), errors)
    raise_field_errors(errors)
    if ticket is not None and service is None:
        service = Service.objects.select_related("agency").get(pk=ticket.service_id)
        agency = agency or service.agency
    officer = _served_by(ticket) if ticket is not None else None
    now = timezone.now()
    today = site_today(site)
    calendar = WorkingCalendar.for_site(site)
    channel = ComplaintChannel.API if api and _channel_of(actor) == ComplaintChannel.PORTAL \
        else _channel_of(actor)
    entered_by = actor if channel in (ComplaintChannel.DESK,) else None
    written: list[str] = []
    try:
        for _attempt in range(5):
            key = code_new()
            try:
                with transaction.atomic():
                    complaint = Complaint.objects.create(
                        tracking_code=code_new(), filer_key_digest=_key_digest(key),
                        site=site, agency=agency, service=service, ticket=ticket,
                        officer=officer, kind=kind, channel=channel, body=text,
                        anonymous=anonymous, confidential=confidential,
                        name="" if anonymous else filer_name,
                        phone="" if anonymous else phone, email="" if anonymous else email,
                        entered_by=entered_by, submitted_at=now, submitted_on=today,
                        step_started_on=today,
                        due_date=complaint_deadline(calendar=calendar, start=today,
                                                    step=cstates.STEP[cstates.SUBMITTED]),
                        final_due_date=complaint_deadline(calendar=calendar, start=today,
                                                          step="final"))
                    event = _complaint_event(complaint, action=cstates.CREATE, from_status="",
                                             actor=entered_by, at=now, by_filer=True,
                                             agency=agency,
                                             data={"channel": channel,
                                                   "files": len(checked)})
                    _attachments_store(complaint, checked, event=event, now=now,
                                       written=written)
                    notify.complaint_filed(complaint)
                return Filed(complaint=complaint, filer_key=key)
            except IntegrityError as error:
                uploads.FileStore().discard(written)
                written.clear()
                if "tracking_code" not in str(error):
                    raise
        raise Conflict(_("Please try again."), code="conflict")
    except BaseException:
        uploads.FileStore().discard(written)
        raise


def _complaint_event(complaint: Complaint, *, action: str, from_status: str, actor, at,
                     message: str = "", by_filer: bool = False, agency=None,
                     data: dict | None = None) -> ComplaintEvent:
    return ComplaintEvent.objects.create(
        complaint=complaint, action=action, from_status=from_status,
        to_status=complaint.status, message=message, by_filer=by_filer,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        agency=agency, at=at, data=data or {})


def _step_starts(complaint: Complaint, *, calendar: WorkingCalendar, today: date) -> None:
    """The status just changed: its step starts today, with its deadline."""
    step = cstates.STEP.get(complaint.status)
    complaint.step_started_on = today
    if step is not None:
        complaint.due_date = complaint_deadline(calendar=calendar, start=today, step=step)


def _complaint_change(*, complaint: Complaint, action: str, actor, message: str = "",
                      by_filer: bool = False, check=None, change=None,
                      files: list | None = None) -> Complaint:
    """The one door of every change: lock the row, check the transition (409
    `invalid_transition`) and `check(locked)`, apply it and `change(locked, ...)`, write the
    event row and request the notices, all in one transaction."""
    errors: dict[str, str] = {}
    checked = _attachments_check(list(files or []), errors)
    raise_field_errors(errors)
    written: list[str] = []
    try:
        with transaction.atomic():
            locked = (Complaint.objects.select_for_update(of=("self",)).select_related("site", "agency")
                      .get(pk=complaint.pk))
            before = locked.status
            if action in cstates.ACTIONS:
                try:
                    locked.status = cstates.next_status(before, action)
                except cstates.InvalidTransition:
                    raise _complaint_invalid(locked, action) from None
            elif before in cstates.FINAL:
                raise _complaint_invalid(locked, action)
            if check is not None:
                check(locked)
            now = timezone.now()
            today = site_today(locked.site)
            calendar = WorkingCalendar.for_site(locked.site)
            if locked.status != before:
                _step_starts(locked, calendar=calendar, today=today)
            extra = change(locked, now=now, today=today, calendar=calendar) if change else {}
            locked.save()
            event = _complaint_event(locked, action=action, from_status=before, actor=actor,
                                     at=now, message=message, by_filer=by_filer,
                                     agency=(extra or {}).get("agency", locked.agency),
                                     data=(extra or {}).get("data"))
            _attachments_store(locked, checked, event=event, now=now, written=written)
            notify.complaint_changed(locked, action=action, event=event)
        return locked
    except BaseException:
        uploads.FileStore().discard(written)
        raise


def _complaint_invalid(complaint: Complaint, action: str) -> Conflict:
    return Conflict(_("This report is %(status)s: that cannot be done now.") % {
        "status": ComplaintStatus(complaint.status).label}, code="invalid_transition",
        extra={"status": complaint.status})


def _staff_check(actor, complaint: Complaint, action: str) -> None:
    """The mall admin works every report of the site; an agency's admin those routed to the
    agency, short of rejecting or closing them (the mall's complaint desk decides those)."""
    user = require_user(actor)
    if is_site_admin_of(user, complaint.site_id):
        return
    if user.role == Role.AGENCY_ADMIN and user.site_id == complaint.site_id and (
            complaint.agency_id is not None and user.agency_id == complaint.agency_id):
        if action in (cstates.REJECT, cstates.CLOSE):
            raise Forbidden(_("Only the MPP's complaint desk rejects or closes a report."))
        return
    if user.role == Role.OFFICER and user.agency_id == complaint.agency_id:
        raise Forbidden(_("Your agency's admin answers its reports."))
    raise Forbidden(_("This report is not for your agency."))


def _message(message: object, *, action: str) -> str:
    errors: dict[str, str] = {}
    text = _text(message, field="message", errors=errors,
                 required=action in cstates.MESSAGE_REQUIRED, maximum=MESSAGE_MAX,
                 missing=_("Write the message the filer will read."))
    raise_field_errors(errors)
    return text


def _officer_check(officer, agency_id: int | None, site_id: int) -> None:
    if officer is not None and (officer.site_id != site_id or officer.role not in (
            Role.OFFICER, Role.AGENCY_ADMIN) or (agency_id and officer.agency_id != agency_id)):
        raise Invalid.for_fields({"officer": _("Name an officer of the report's agency.")})


def complaint_verify(*, complaint: Complaint, actor, message: object = "",
                     agency: Agency | None = None, officer=None) -> Complaint:
    """Verified and routed (to `agency`, or kept where it is): the provider's answer is due in
    MPP_COMPLAINT_DAYS["answer"] working days. Routing to another agency is the mall's."""
    text = _message(message, action=cstates.VERIFY)

    def check(locked):
        _staff_check(actor, locked, cstates.VERIFY)
        if agency is not None and agency.pk != locked.agency_id:
            if not is_site_admin_of(actor, locked.site_id):
                raise Forbidden(_("Only the MPP's complaint desk routes reports."))
            if agency.site_id != locked.site_id:
                raise Invalid.for_fields({"agency": _("This agency is not at this MPP.")})
        _officer_check(officer, agency.pk if agency else locked.agency_id, locked.site_id)

    def change(locked, **_kw):
        if agency is not None:
            locked.agency = agency
        if officer is not None:
            locked.officer = officer
        return {"agency": locked.agency}

    return _complaint_change(complaint=complaint, action=cstates.VERIFY, actor=actor,
                             message=text, check=check, change=change)


def complaint_reroute(*, complaint: Complaint, actor, agency: Agency | None,
                      reason: object) -> Complaint:
    """Routed elsewhere with a reason: to another agency, or back to the mall (`agency` None).
    The mall admin routes anywhere; an agency's admin only away from their own agency. A
    report being handled starts its answer clock again at its new agency."""
    errors: dict[str, str] = {}
    text = _text(reason, field="reason", errors=errors, required=True, maximum=MESSAGE_MAX,
                 missing=_("Say why it goes elsewhere."))
    raise_field_errors(errors)

    def check(locked):
        _staff_check(actor, locked, cstates.REROUTE)
        if agency is not None and agency.site_id != locked.site_id:
            raise Invalid.for_fields({"agency": _("This agency is not at this MPP.")})
        if (agency.pk if agency else None) == locked.agency_id:
            raise Invalid.for_fields({"agency": _("The report is there already.")})

    def change(locked, *, today, calendar, **_kw):
        source = locked.agency
        locked.agency = agency
        if locked.service_id and (agency is None or locked.service.agency_id != agency.pk):
            locked.service = None
        if locked.status == cstates.IN_PROGRESS:
            _step_starts(locked, calendar=calendar, today=today)
        return {"agency": agency, "data": {"from_agency": source.slug if source else None,
                                            "to_agency": agency.slug if agency else None}}

    return _complaint_change(complaint=complaint, action=cstates.REROUTE, actor=actor,
                             message=text, check=check, change=change)


def complaint_answer(*, complaint: Complaint, actor, message: object) -> Complaint:
    """The provider's answer (from submitted too: answering verifies). The filer then has
    MPP_COMPLAINT_DAYS["auto_close"] working days to reply before it closes by itself."""
    text = _message(message, action=cstates.ANSWER)

    def check(locked):
        _staff_check(actor, locked, cstates.ANSWER)

    def change(locked, *, now, **_kw):
        locked.answered_at = now
        return {"agency": locked.agency}

    return _complaint_change(complaint=complaint, action=cstates.ANSWER, actor=actor,
                             message=text, check=check, change=change)


def complaint_note(*, complaint: Complaint, actor, message: object) -> Complaint:
    """An interim note to the filer while it is handled (the status stays)."""
    text = _message(message, action=cstates.ANSWER)

    def check(locked):
        _staff_check(actor, locked, cstates.NOTE)
        if locked.status != cstates.IN_PROGRESS:
            raise _complaint_invalid(locked, cstates.NOTE)

    return _complaint_change(complaint=complaint, action=cstates.NOTE, actor=actor,
                             message=text, check=check)


def complaint_reject(*, complaint: Complaint, actor, message: object) -> Complaint:
    """Not processed (not a matter of this MPP, no content, a duplicate), with the reason."""
    text = _message(message, action=cstates.REJECT)

    def check(locked):
        _staff_check(actor, locked, cstates.REJECT)

    def change(locked, *, now, **_kw):
        locked.closed_at = now
        return {}

    return _complaint_change(complaint=complaint, action=cstates.REJECT, actor=actor,
                             message=text, check=check, change=change)


def complaint_close(*, complaint: Complaint, actor, message: object = "") -> Complaint:
    """Closed by the mall's complaint desk (resolved)."""
    text = _message(message, action=cstates.CLOSE)

    def check(locked):
        _staff_check(actor, locked, cstates.CLOSE)

    def change(locked, *, now, **_kw):
        locked.closed_at = now
        return {}

    return _complaint_change(complaint=complaint, action=cstates.CLOSE, actor=actor,
                             message=text, check=check, change=change)


RESPOND = {cstates.VERIFY: complaint_verify, cstates.ANSWER: complaint_answer,
           cstates.NOTE: complaint_note, cstates.REJECT: complaint_reject,
           cstates.CLOSE: complaint_close}


def complaint_respond(*, complaint: Complaint, actor, status: object, message: object,
                      officer=None) -> Complaint:
    """The respond API's door: `status` is the status wanted; the action leading there is the
    named transition called (409 `invalid_transition` when none does). `officer`: named on
    verifying only (422 otherwise)."""
    if status not in cstates.STATUSES:
        raise Invalid.for_fields({"status": _("Unknown status; one of: %(statuses)s.") % {
            "statuses": ", ".join(cstates.STATUSES)}})
    try:
        action = cstates.action_for(complaint.status, status)
    except cstates.InvalidTransition:
        _staff_check(actor, complaint, cstates.NOTE)  # 403 before 409 for strangers
        raise _complaint_invalid(complaint, f"-> {status}") from None
    if action == cstates.VERIFY:
        return complaint_verify(complaint=complaint, actor=actor, message=message,
                                officer=officer)
    if officer is not None:
        raise Invalid.for_fields({"officer": _("An officer is named when verifying.")})
    return RESPOND[action](complaint=complaint, actor=actor, message=message)


# --- the filer ---------------------------------------------------------------------------------

def complaint_for_filer(*, tracking_code: str, key: str, client: str) -> Complaint:
    """The report when `key` is its filer's: a wrong key and an unknown code get the same 404,
    and count against the code and the client (429 past their limit, before comparing)."""
    ident = code_normalize(tracking_code) or str(tracking_code)[:32]
    ratelimit.guesses_check(code=f"complaint:{ident}", client=client, message=_(
        "Too many wrong attempts for this tracking code. Try again in %(minutes)s minutes, or "
        "ask at the MPP's front desk."))
    complaint = None
    if code_normalize(tracking_code) is not None:
        complaint = (Complaint.objects.select_related("site", "agency", "service")
                     .filter(tracking_code=ident).first())
    given = _key_digest(code_normalize(key) or "-") if isinstance(key, str) else "-"
    expected = complaint.filer_key_digest if complaint else "0" * 64
    if complaint is None or not hmac.compare_digest(given, expected):
        ratelimit.guesses_fail(code=f"complaint:{ident}", client=client)
        raise NotFound(_("No report matches this tracking code and key."),
                       code="unknown_complaint")
    return complaint


def complaint_reply(*, complaint: Complaint, message: object,
                    files: list | None = None) -> Complaint:
    """The filer answers back: it is handled again, the answer due anew."""
    text = _message(message, action=cstates.REPLY)
    return _complaint_change(complaint=complaint, action=cstates.REPLY, actor=None,
                             message=text, by_filer=True, files=files)


def _rating_check(rating: object) -> int | None:
    if rating is None:
        return None
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise Invalid.for_fields({"rating": _("Rate the handling from 1 to 5.")})
    return rating


def complaint_accept(*, complaint: Complaint, rating: object = None,
                     message: object = "") -> Complaint:
    """The filer is satisfied with the answer: closed, with their rating of the handling."""
    value = _rating_check(rating)
    text = _message(message, action=cstates.CLOSE)

    def change(locked, *, now, **_kw):
        locked.closed_at = now
        if value is not None:
            locked.rating = value
        return {"data": {"rating": value} if value else {}}

    return _complaint_change(complaint=complaint, action=cstates.CLOSE, actor=None,
                             message=text, by_filer=True, change=change)


def complaint_reopen(*, complaint: Complaint, message: object,
                     files: list | None = None) -> Complaint:
    """The filer reopens a closed report within MPP_COMPLAINT_REOPEN_DAYS working days of its
    closing (409 `reopen_window_passed` after): handled again, the answer due anew."""
    text = _message(message, action=cstates.REOPEN)

    def check(locked):
        closed_on = timezone.localtime(locked.closed_at, site_zone(locked.site)).date()
        calendar = WorkingCalendar.for_site(locked.site)
        if calendar.working_days_between(closed_on, site_today(locked.site)) > \
                settings.MPP_COMPLAINT_REOPEN_DAYS:
            raise Conflict(_("A report can be reopened within %(days)s working days of its "
                             "closing; please file a new one.") % {
                "days": settings.MPP_COMPLAINT_REOPEN_DAYS}, code="reopen_window_passed")

    def change(locked, **_kw):
        locked.closed_at = None
        locked.answered_at = None
        locked.rating = None
        return {}

    return _complaint_change(complaint=complaint, action=cstates.REOPEN, actor=None,
                             message=text, by_filer=True, check=check, change=change,
                             files=files)


def complaint_rate(*, complaint: Complaint, rating: object) -> Complaint:
    """The filer rates the handling of a closed report (once; a reopen clears it)."""
    value = _rating_check(rating)
    if value is None:
        raise Invalid.for_fields({"rating": _("Rate the handling from 1 to 5.")})

    def check(locked):
        if locked.status != cstates.CLOSED:
            raise _complaint_invalid(locked, cstates.RATE)
        if locked.rating is not None:
            raise Conflict(_("The handling is rated already. Thank you!"),
                           code="already_rated")

    def change(locked, **_kw):
        locked.rating = value
        return {"data": {"rating": value}}

    with transaction.atomic():
        # closed is final for staff, not for the filer's rating: a rate is no transition
        locked = Complaint.objects.select_for_update(of=("self",)).select_related("site").get(
            pk=complaint.pk)
        check(locked)
        change(locked)
        locked.save(update_fields=["rating"])
        _complaint_event(locked, action=cstates.RATE, from_status=locked.status, actor=None,
                         at=timezone.now(), by_filer=True, data={"rating": value})
    return locked


def complaint_make_anonymous(*, complaint: Complaint) -> Complaint:
    """The filer turns anonymous: the name and contact are erased. Staff never saw the identity
    in a notice (notify.py puts none in staff's notices), and from now on no screen, API,
    admin or export shows it."""
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if not locked.anonymous:
            locked.anonymous = True
            locked.name = locked.phone = locked.email = ""
            locked.save(update_fields=["anonymous", "name", "phone", "email"])
            _complaint_event(locked, action="anonymous", from_status=locked.status, actor=None,
                             at=timezone.now(), by_filer=True)
    return locked


# --- the clock ---------------------------------------------------------------------------------

def complaints_sweep(*, site: Site | None = None) -> dict[str, int]:
    """Auto-close answered reports whose filer did not reply in time, and escalate overdue
    ones to the mall admins once per deadline. Each report in its own transaction, under its
    lock; safe to run concurrently with itself and with the staff's and filers' changes."""
    from .selectors import complaint_overdue_q

    done = {"auto_closed": 0, "escalated": 0}
    sites = [site] if site is not None else list(Site.objects.all())
    for current in sites:
        today = site_today(current)
        stale = Complaint.objects.filter(site=current, status=cstates.ANSWERED,
                                         due_date__lt=today).values_list("pk", flat=True)
        for pk in list(stale):
            try:
                _complaint_change(complaint=Complaint(pk=pk), action=cstates.AUTO_CLOSE,
                                  actor=None, change=_auto_closed)
            except Conflict:
                continue  # the filer replied meanwhile
            done["auto_closed"] += 1
        overdue = Complaint.objects.filter(complaint_overdue_q(today), site=current)
        for pk in list(overdue.values_list("pk", flat=True)):
            if _escalate(pk, today=today):
                done["escalated"] += 1
    return done


def _auto_closed(locked, *, now, **_kw):
    locked.closed_at = now
    return {"data": {"auto": True}}


def _escalation_of(complaint: Complaint, today: date) -> str:
    if complaint.final_due_date < today:
        return f"final:{complaint.final_due_date.isoformat()}"
    return f"{complaint.status}:{complaint.due_date.isoformat()}"


def _escalate(pk: int, *, today: date) -> bool:
    from .selectors import complaint_is_overdue

    with transaction.atomic():
        locked = Complaint.objects.select_for_update(of=("self",)).select_related("site", "agency").get(
            pk=pk)
        if not complaint_is_overdue(locked, today):
            return False
        mark = _escalation_of(locked, today)
        if locked.escalated_for == mark:
            return False
        locked.escalated_for, locked.escalated_at = mark, timezone.now()
        locked.save(update_fields=["escalated_for", "escalated_at"])
        event = _complaint_event(locked, action=cstates.ESCALATE, from_status=locked.status,
                                 actor=None, at=locked.escalated_at, agency=locked.agency,
                                 data={"deadline": mark})
        notify.complaint_changed(locked, action=cstates.ESCALATE, event=event)
    return True


def complaint_set_lapor_id(*, complaint: Complaint, actor, lapor_id: object) -> Complaint:
    """The national tracking ID SP4N-LAPOR! gave the report (by hand, or from the adapter)."""
    user = require_user(actor)
    if not is_site_admin_of(user, complaint.site_id):
        raise Forbidden(_("Only the MPP's complaint desk hands reports to SP4N-LAPOR!."))
    errors: dict[str, str] = {}
    text = _text(lapor_id, field="lapor_id", errors=errors, required=True, maximum=40,
                 missing=_("Enter the national tracking ID."))
    raise_field_errors(errors)
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        locked.lapor_id, locked.lapor_sent_at = text, locked.lapor_sent_at or timezone.now()
        locked.save(update_fields=["lapor_id", "lapor_sent_at"])
        _complaint_event(locked, action=cstates.HAND_OVER, from_status=locked.status,
                         actor=user, at=locked.lapor_sent_at, data={"lapor_id": text})
    return locked


def complaints_hand_over(*, site: Site | None = None) -> dict[str, int]:
    """Send the reports not handed over yet through the configured adapter and record the
    national tracking ID each gets; a failure leaves the report for the next run."""
    from . import lapor

    adapter = lapor.adapter_get()
    done = {"sent": 0, "failed": 0}
    if adapter is None:
        return done
    reports = Complaint.objects.filter(lapor_id="").exclude(status=cstates.REJECTED)
    if site is not None:
        reports = reports.filter(site=site)
    for complaint in reports.select_related("site", "agency", "service"):
        try:
            national_id = str(adapter.send(lapor.report_of(complaint)))[:40]
        except lapor.HandOverFailed:
            done["failed"] += 1
            continue
        with transaction.atomic():
            updated = Complaint.objects.filter(pk=complaint.pk, lapor_id="").update(
                lapor_id=national_id, lapor_sent_at=timezone.now())
            if updated:
                _complaint_event(complaint, action=cstates.HAND_OVER,
                                 from_status=complaint.status, actor=None, at=timezone.now(),
                                 data={"lapor_id": national_id})
        done["sent"] += 1
    return done
