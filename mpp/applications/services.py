"""Every write to applications.

- Creating one: `application_receive` (direct: an officer from a served ticket, or the front
  desk) and `application_submit` (e-service: the citizen online, one file per requirement).
  Each validates every field and file first and writes nothing when anything is wrong: the
  files go to the store only after that, and are removed again when the transaction fails.
- One service per named transition (`application_verify`, `_process`, `_request_documents`,
  `_resume`, `_mark_ready`, `_collect`, `_reject`), each checking its rules and writing its
  event row under the application's row lock through `_transition`; `application_set_status`
  is the status API's door to them. The working-day clock (due date, pause, extension) is
  computed here with the site's calendar (`WorkingCalendar`), the one calendar function for
  the deadline and the pause.
- The citizen adds missing documents with the NIK (`application_add_documents`): limited per
  tracking code and per client, a wrong NIK and an unknown code answered alike.
- Signed PDFs: `receipt_ensure` (the tanda terima, made once) and `application_attach_result`.

Notices to the citizen (received, incomplete, ready, rejected) are requested inside the
transaction and sent after it commits, once each (mpp/applications/notify.py).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mpp import ratelimit
from mpp.catalog.calendar import WorkingCalendar, site_today
from mpp.catalog.models import Channel, Service
from mpp.errors import Conflict, Forbidden, Invalid, NotFound, raise_field_errors
from mpp.lib import uploads
from mpp.lib.codes import code_new, code_normalize
from mpp.lib.nik import nik_check, nik_digest, nik_mask, nik_matches
from mpp.lib.phone import phone_parse
from mpp.lib.signing import pdf_sign
from mpp.queueing import states as ticket_states
from mpp.queueing.models import Ticket

from . import access, notify, receipts, states
from .models import (
    Application,
    ApplicationEvent,
    ApplicationFile,
    DocumentKind,
    FileKind,
    SignedDocument,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from mpp.accounts.models import User

log = logging.getLogger(__name__)

NAME_MAX = 200
NOTE_MAX = 2000
NO_DIGEST = "0" * 64  # compared against for an unknown code, so that it takes as long
SERVED = (ticket_states.SERVING, ticket_states.DONE)


# --- cleaning ---------------------------------------------------------------------------------

@dataclass
class Applicant:
    name: str
    nik: str
    phone: str
    email: str


def _applicant_clean(*, name: object, nik: object, phone: object, email: object,
                     phone_required: bool, errors: dict[str, str]) -> Applicant:
    clean_name = name.strip() if isinstance(name, str) else ""
    if not clean_name:
        errors["applicant_name"] = _("Enter the applicant's name.")
    elif len(clean_name) > NAME_MAX:
        errors["applicant_name"] = _("The name is at most %(max)s characters.") % {
            "max": NAME_MAX}
    check = nik_check(nik)
    if not check.valid:
        errors["nik"] = check.error
    clean_phone = ""
    if phone not in (None, ""):
        clean_phone = phone_parse(phone, mobile_only=True) or ""
        if not clean_phone:
            errors["phone"] = _("Enter an Indonesian mobile number, e.g. 0812-3456-7890.")
    elif phone_required:
        errors["phone"] = _("Enter a mobile number: the MPP tells you when it is ready.")
    clean_email = email.strip() if isinstance(email, str) else ""
    if clean_email:
        try:
            if len(clean_email) > 254:
                raise ValidationError("")
            validate_email(clean_email)
        except ValidationError:
            errors["email"] = _("Enter a valid e-mail address, or leave it empty.")
    return Applicant(name=clean_name, nik=check.nik, phone=clean_phone, email=clean_email)


def _note_clean(note: object, *, required: bool, errors: dict[str, str]) -> str:
    text = note.strip() if isinstance(note, str) else ""
    if required and not text:
        errors["note"] = _("Say why: the citizen reads this note.")
    elif len(text) > NOTE_MAX:
        errors["note"] = _("The note is at most %(max)s characters.") % {"max": NOTE_MAX}
    return text


@dataclass
class CheckedFile:
    field: str
    requirement: int
    requirement_text: str
    content_type: str
    upload: UploadedFile


def files_check(*, service: Service, files: dict[str, UploadedFile], required: list[int],
                errors: dict[str, str]) -> list[CheckedFile]:
    """The uploads `req_<n>` for the n-th requirement of the service's standard (1-based):
    every one in `required` present, none other than the standard's, each a PDF, JPEG or PNG
    by its content and within MPP_UPLOAD_MAX_BYTES; the scanner passes each. Fills `errors`
    naming the field; returns the files in requirement order."""
    requirements = list(service.requirements or [])
    checked: list[CheckedFile] = []
    for field in sorted(files):
        number = field[4:] if field.startswith("req_") else ""
        if not number.isdigit() or not 1 <= int(number) <= len(requirements):
            errors[field] = _("This service has no requirement %(field)s.") % {"field": field}
    for number in required:
        if f"req_{number}" not in files:
            errors[f"req_{number}"] = _("Attach the document for requirement %(n)s: "
                                        "%(text)s.") % {"n": number,
                                                        "text": requirements[number - 1]}
    for field in sorted(files, key=lambda name: int(name[4:]) if name[4:].isdigit() else 0):
        if field in errors:
            continue
        upload, number = files[field], int(field[4:])
        kind, refusal = uploads.upload_refusal(upload)
        if refusal:
            errors[field] = refusal
            continue
        checked.append(CheckedFile(field=field, requirement=number,
                                   requirement_text=str(requirements[number - 1])[:500],
                                   content_type=kind, upload=upload))
    return checked


def _store_files(application: Application, checked: list[CheckedFile], *, actor,
                 now: datetime, written: list[str]) -> None:
    store = uploads.FileStore()
    for item in checked:
        stored = store.save(item.upload.chunks(),
                            extension=uploads.EXTENSIONS[item.content_type])
        written.append(stored.name)
        ApplicationFile.objects.create(
            application=application, kind=FileKind.REQUIREMENT, requirement=item.requirement,
            requirement_text=item.requirement_text, content_type=item.content_type,
            size=stored.size, sha256=stored.sha256, stored_name=stored.name, uploaded_at=now,
            uploaded_by=_person(actor))


def _person(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


# --- the clock --------------------------------------------------------------------------------

def due_date_compute(*, service: Service, received_on, calendar: WorkingCalendar | None = None):
    """The due date: the service standard's working days after the day it was received, in the
    site's calendar (national holidays, cuti bersama, the site's closed days, its open
    weekdays). Received on a closed day, the count starts on the next working day."""
    calendar = calendar or WorkingCalendar.for_site(service.site)
    return calendar.add_working_days(received_on, service.completion_days)


# --- create -----------------------------------------------------------------------------------

def _create(*, service: Service, channel: str, applicant: Applicant, actor, ticket=None,
            checked: list[CheckedFile] = ()) -> Application:
    now = timezone.now()
    site = service.site
    today = site_today(site)
    due = due_date_compute(service=service, received_on=today)
    written: list[str] = []
    try:
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    application = Application.objects.create(
                        tracking_code=code_new(), site=site, agency_id=service.agency_id,
                        service=service, channel=channel, status=states.RECEIVED,
                        applicant_name=applicant.name, nik_digest=nik_digest(applicant.nik),
                        nik_masked=nik_mask(applicant.nik), phone=applicant.phone,
                        email=applicant.email, ticket=ticket, received_at=now,
                        received_on=today, due_date_initial=due, due_date=due,
                        receipt_secret=secrets.token_urlsafe(32), created_by=_person(actor))
                    _store_files(application, list(checked), actor=actor, now=now,
                                 written=written)
                    _event(application, action=states.CREATE, from_status="", actor=actor,
                           at=now, data={"channel": channel,
                                         "files": [item.field for item in checked]})
                    notify.application_received(application)
                return application
            except IntegrityError as error:
                uploads.FileStore().discard(written)
                written.clear()
                text = str(error)
                if "ticket" in text:
                    raise _exists_for_ticket(ticket) from None
                if "tracking_code" not in text and "receipt_secret" not in text:
                    raise
                # a code collision (1 in ~10^11 per live application): draw again
        raise Conflict(_("Please try again."), code="conflict")
    except BaseException:
        uploads.FileStore().discard(written)
        raise


def _exists_for_ticket(ticket) -> Conflict:
    existing = Application.objects.filter(ticket=ticket).first()
    return Conflict(_("An application was already received for this ticket."),
                    code="application_exists",
                    extra={"tracking_code": existing.tracking_code if existing else None})


def application_receive(*, ticket: Ticket, actor: User, applicant_name: str, nik: str,
                        phone: str | None = None, email: str | None = None) -> Application:
    """An officer takes in a citizen's papers ("Terima berkas") from the ticket being served
    (or served today): a `direct` application of the ticket's service, with its due date.
    Only staff of the agency serving the ticket; one application per ticket (409
    `application_exists`, with its tracking code)."""
    ticket = Ticket.objects.select_related("service__site", "service__agency").get(pk=ticket.pk)
    access.check_can_receive(actor, ticket.service.agency)
    if ticket.status not in SERVED:
        raise Conflict(_("Take in the papers of a ticket being served (this one is %(status)s).")
                       % {"status": ticket.get_status_display().lower()},
                       code="ticket_not_served")
    errors: dict[str, str] = {}
    applicant = _applicant_clean(name=applicant_name, nik=nik, phone=phone, email=email,
                                 phone_required=False, errors=errors)
    raise_field_errors(errors)
    if Application.objects.filter(ticket=ticket).exists():
        raise _exists_for_ticket(ticket)
    return _create(service=ticket.service, channel=Channel.DIRECT, applicant=applicant,
                   actor=actor, ticket=ticket)


def application_receive_at_desk(*, service: Service, actor: User, applicant_name: str,
                                nik: str, phone: str | None = None,
                                email: str | None = None) -> Application:
    """The front desk (or an agency's officer without a ticket) takes in a citizen's papers
    for a service of any agency: a `direct` application with its due date."""
    service = Service.objects.select_related("site", "agency").get(pk=service.pk)
    access.check_can_take_in_at_desk(actor, service)
    if not service.active or not service.agency.active:
        raise Conflict(_("%(service)s is no longer offered.") % {"service": service.name},
                       code="service_inactive")
    errors: dict[str, str] = {}
    applicant = _applicant_clean(name=applicant_name, nik=nik, phone=phone, email=email,
                                 phone_required=False, errors=errors)
    raise_field_errors(errors)
    return _create(service=service, channel=Channel.DIRECT, applicant=applicant, actor=actor)


def application_submit(*, service: Service, applicant_name: str, nik: str, phone: str,
                       email: str | None = None, files: dict[str, UploadedFile],
                       actor: User | None = None) -> Application:
    """A citizen applies online (e-service): the service must offer the `e_service` channel
    (409 `channel_unavailable`); every field and one file per requirement are checked first
    (422 naming the field: `req_<n>` for a missing file, a type other than PDF, JPEG or PNG,
    a file over the limit, one the scanner refuses). Nothing is stored when anything is
    refused."""
    service = Service.objects.select_related("site", "agency").get(pk=service.pk)
    if not service.active or Channel.E_SERVICE not in (service.channels or []):
        raise Conflict(_("%(service)s cannot be applied for online; please come to the MPP.")
                       % {"service": service.name}, code="channel_unavailable")
    errors: dict[str, str] = {}
    applicant = _applicant_clean(name=applicant_name, nik=nik, phone=phone, email=email,
                                 phone_required=True, errors=errors)
    required = list(range(1, len(service.requirements or []) + 1))
    checked = files_check(service=service, files=files, required=required, errors=errors)
    raise_field_errors(errors)
    return _create(service=service, channel=Channel.E_SERVICE, applicant=applicant,
                   actor=actor, checked=checked)


# --- transitions ------------------------------------------------------------------------------

def _event(application: Application, *, action: str, from_status: str, actor, at: datetime,
           note: str = "", data: dict | None = None) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application, action=action, from_status=from_status,
        to_status=application.status, note=note, actor=_person(actor), at=at,
        data=data or {})


def _invalid(application: Application, action: str) -> Conflict:
    return Conflict(
        _("An application that is %(status)s cannot be changed this way.") % {
            "status": application.get_status_display().lower()},
        code="invalid_transition",
        extra={"allowed": states.next_statuses(application.status)})


def _transition(*, application: Application, action: str, actor, note: str = "",
                change=None, citizen: bool = False) -> Application:
    """The one way an application changes status: lock its row, check the table (409
    `invalid_transition`, nothing written), apply the action's timestamps and `change`
    (a function of the locked row and the moment), save, write the event row."""
    now = timezone.now()
    with transaction.atomic():
        locked = (Application.objects.select_for_update(of=("self",))
                  .select_related("site", "agency", "service").get(pk=application.pk))
        if not citizen:
            access.check_can_act(actor, locked)
        try:
            new_status = states.next_status(locked.status, action)
        except states.InvalidTransition:
            raise _invalid(locked, action) from None
        before = locked.status
        locked.status = new_status
        for field in states.EFFECTS[action].sets:
            setattr(locked, field, now)
        data = change(locked, now) if change is not None else {}
        locked.save()
        _event(locked, action=action, from_status=before, actor=None if citizen else actor,
               at=now, note=note, data=data or {})
        notify.application_changed(locked, action=action, note=note)
    return locked


def _with_note(action: str, note: object) -> str:
    errors: dict[str, str] = {}
    text = _note_clean(note, required=action in states.NOTE_REQUIRED, errors=errors)
    raise_field_errors(errors)
    return text


def application_verify(*, application: Application, actor: User,
                       note: str = "") -> Application:
    return _transition(application=application, action=states.VERIFY, actor=actor,
                       note=_with_note(states.VERIFY, note))


def application_process(*, application: Application, actor: User,
                        note: str = "") -> Application:
    return _transition(application=application, action=states.PROCESS, actor=actor,
                       note=_with_note(states.PROCESS, note))


def application_request_documents(*, application: Application, actor: User,
                                  note: str) -> Application:
    """Berkas kurang: the note says what is missing; the clock stops today."""
    note = _with_note(states.REQUEST_DOCUMENTS, note)

    def pause(locked: Application, now: datetime) -> dict:
        locked.paused_since = site_today(locked.site)
        locked.missing_note = note
        return {"paused_since": locked.paused_since.isoformat()}

    return _transition(application=application, action=states.REQUEST_DOCUMENTS, actor=actor,
                       note=note, change=pause)


def _resume(locked: Application, now: datetime) -> dict:
    """The clock runs again: the due date moves by the working days spent waiting (after the
    day the documents were asked for, up to and including today)."""
    calendar = WorkingCalendar.for_site(locked.site)
    since, today = locked.paused_since, site_today(locked.site)
    waited = calendar.working_days_between(since, today) if since else 0
    before = locked.due_date
    if waited:
        locked.due_date = calendar.add_working_days(locked.due_date, waited)
    locked.paused_days += waited
    locked.paused_since = None
    locked.missing_note = ""
    return {"waited_working_days": waited, "due_date_before": before.isoformat(),
            "due_date": locked.due_date.isoformat()}


def application_resume(*, application: Application, actor: User | None,
                       note: str = "", citizen: bool = False) -> Application:
    """The missing documents came (at a counter, or online by the citizen): back to
    verifying, the clock runs again."""
    return _transition(application=application, action=states.RESUME, actor=actor,
                       note=_with_note(states.RESUME, note), change=_resume, citizen=citizen)


def application_mark_ready(*, application: Application, actor: User,
                           note: str = "") -> Application:
    return _transition(application=application, action=states.MARK_READY, actor=actor,
                       note=_with_note(states.MARK_READY, note))


def application_collect(*, application: Application, actor: User,
                        note: str = "") -> Application:
    return _transition(application=application, action=states.COLLECT, actor=actor,
                       note=_with_note(states.COLLECT, note))


def application_reject(*, application: Application, actor: User, note: str) -> Application:
    return _transition(application=application, action=states.REJECT, actor=actor,
                       note=_with_note(states.REJECT, note))


BY_ACTION = {
    states.VERIFY: application_verify,
    states.PROCESS: application_process,
    states.REQUEST_DOCUMENTS: application_request_documents,
    states.RESUME: application_resume,
    states.MARK_READY: application_mark_ready,
    states.COLLECT: application_collect,
    states.REJECT: application_reject,
}


def application_set_status(*, application: Application, actor: User, status: str,
                           note: str | None = None) -> Application:
    """The status API: the named transition that leads to `status` (422 for a status that is
    not one, 409 `invalid_transition` when none leads there from the current one)."""
    access.check_can_act(actor, application)
    if status not in states.STATUSES:
        raise Invalid.for_fields({"status": _("Unknown status; one of: %(statuses)s.") % {
            "statuses": ", ".join(states.STATUSES)}})
    # the status now, not the caller's copy's; `_transition` checks it again under the lock
    application = Application.objects.select_related("site", "agency", "service").get(
        pk=application.pk)
    try:
        action = states.action_for(application.status, status)
    except states.InvalidTransition:
        raise _invalid(application, status) from None
    return BY_ACTION[action](application=application, actor=actor, note=note or "")


# --- the citizen ------------------------------------------------------------------------------

def _for_citizen(code: str, nik: str, *, client: str) -> Application:
    """The application with tracking code `code` when `nik` is the applicant's: a wrong NIK
    and an unknown code get the same answer (403, as the contract says for a wrong NIK) and
    count against the code and the client; past their limit, 429 before anything is
    compared."""
    ident = code_normalize(code) or str(code)[:32]
    ratelimit.guesses_check(code=ident, client=client, message=_(
        "Too many wrong attempts for this tracking code. Try again in %(minutes)s minutes, or "
        "ask at the MPP's front desk."))
    application = None
    if code_normalize(code) is not None:
        application = (Application.objects.select_related("site", "agency", "service")
                       .filter(tracking_code=ident).first())
    if not nik_matches(nik, application.nik_digest if application else NO_DIGEST) or (
            application is None):
        ratelimit.guesses_fail(code=ident, client=client)
        message = _("The NIK does not match this tracking code.")
        raise Forbidden(message, code="nik_mismatch", fields={"nik": message})
    return application


def application_add_documents(*, tracking_code: str, nik: str, files: dict[str, UploadedFile],
                              client: str) -> Application:
    """The citizen adds the missing documents with the applicant's NIK: the files are checked
    as on submission (at least one), stored, and the application goes back to verifying with
    its clock running again (409 `invalid_transition` unless it is waiting for documents)."""
    application = _for_citizen(tracking_code, nik, client=client)
    if application.status != states.INCOMPLETE:
        raise _invalid(application, states.RESUME)
    errors: dict[str, str] = {}
    if not files:
        errors["files"] = _("Attach at least one missing document (req_<n>).")
    checked = files_check(service=application.service, files=files, required=[],
                          errors=errors)
    raise_field_errors(errors)
    written: list[str] = []
    try:
        with transaction.atomic():
            _store_files(application, checked, actor=None, now=timezone.now(), written=written)
            return application_resume(application=application, actor=None, citizen=True,
                                      note=_("Documents added online: %(fields)s") % {
                                          "fields": ", ".join(i.field for i in checked)})
    except BaseException:
        uploads.FileStore().discard(written)
        raise


def result_for_applicant(*, tracking_code: str, nik: str, client: str) -> SignedDocument:
    """The signed result document, for the applicant who proves the NIK (the same door and
    limits as adding documents); 404 `no_result` until the agency attached one."""
    application = _for_citizen(tracking_code, nik, client=client)
    document = (SignedDocument.objects.filter(application=application,
                                              kind=DocumentKind.RESULT)
                .order_by("-signed_at", "-id").first())
    if document is None:
        raise NotFound(_("No result document yet."), code="no_result")
    return document


# --- signed PDFs ------------------------------------------------------------------------------

def _sign_and_keep(*, application: Application, kind: str, build) -> SignedDocument:
    """Make a PDF (`build(code)` with the verification code it prints), sign it, keep it."""
    code = code_new()
    data = build(code)
    signed = pdf_sign(data, reason=str(DocumentKind(kind).label),
                      location=application.site.name)
    stored = uploads.FileStore().save([signed.data], extension="pdf")
    try:
        return SignedDocument.objects.create(
            code=code, site=application.site, application=application, kind=kind,
            signature_id=signed.signature_id, signer_fingerprint=signed.signer_fingerprint,
            signer_name=signed.signer_name[:200], signed_at=timezone.now(),
            sha256=stored.sha256, stored_name=stored.name)
    except BaseException:
        uploads.FileStore().discard([stored.name])
        raise


def receipt_ensure(*, application: Application, base_url: str) -> SignedDocument:
    """The application's receipt (tanda terima), signed once and kept: every later request
    gets the same bytes. `base_url` is where the QR's verification link points."""
    existing = SignedDocument.objects.filter(application=application,
                                             kind=DocumentKind.RECEIPT).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        locked = (Application.objects.select_for_update(of=("self",))
                  .select_related("site", "agency", "service").get(pk=application.pk))
        existing = SignedDocument.objects.filter(application=locked,
                                                 kind=DocumentKind.RECEIPT).first()
        if existing is not None:
            return existing
        return _sign_and_keep(
            application=locked, kind=DocumentKind.RECEIPT,
            build=lambda code: receipts.receipt_pdf(application=locked, verify_code=code,
                                                    base_url=base_url))


def application_attach_result(*, application: Application, actor: User, upload: UploadedFile,
                              base_url: str) -> SignedDocument:
    """The agency's result document (a PDF) for an application that is ready: signed by the
    MPP with a verification stamp, kept, and shown to the applicant who proves the NIK."""
    access.check_can_act(actor, application)
    errors: dict[str, str] = {}
    if upload is None:
        errors["file"] = _("Attach the result document (PDF).")
    elif upload.size > settings.MPP_UPLOAD_MAX_BYTES:
        errors["file"] = _("The file is larger than %(mb)s MB.") % {
            "mb": settings.MPP_UPLOAD_MAX_BYTES // (1024 * 1024)}
    else:
        upload.seek(0)
        if uploads.upload_kind(upload.read(16)) != uploads.PDF:
            errors["file"] = _("The result document must be a PDF.")
        upload.seek(0)
    raise_field_errors(errors)
    with transaction.atomic():
        locked = (Application.objects.select_for_update(of=("self",))
                  .select_related("site", "agency", "service").get(pk=application.pk))
        if locked.status != states.READY:
            raise Conflict(_("A result document is attached once the application is ready."),
                           code="invalid_transition")
        data = upload.read()
        document = _sign_and_keep(
            application=locked, kind=DocumentKind.RESULT,
            build=lambda code: receipts.stamp_pdf(data, application=locked, verify_code=code,
                                                  base_url=base_url))
        _event(locked, action="attach_result", from_status=locked.status, actor=actor,
               at=document.signed_at, data={"document": document.code})
    return document
