"""Reads of applications: the overdue rule (once, for Python and SQL), the agency's
worklist, the public tracking view, the verification of a signed PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from mpp.catalog.calendar import site_today
from mpp.lib import signing
from mpp.lib.codes import code_normalize

from . import states
from .models import Application, SignedDocument, Status

# --- overdue: the one rule ------------------------------------------------------------------

def overdue_q(*, today: date) -> Q:
    """Overdue, in SQL: the clock runs (not waiting for the citizen, not ready or closed) and
    the due date is past."""
    return Q(status__in=states.CLOCK_RUNNING, due_date__lt=today)


def is_overdue(*, application: Application, today: date | None = None) -> bool:
    """The same rule on one application (`today`: the site's local date)."""
    today = today or site_today(application.site)
    return application.status in states.CLOCK_RUNNING and application.due_date < today


# --- the worklist -----------------------------------------------------------------------------

def worklist(*, queryset: QuerySet, today: date, status: str | None = None,
             service_code: str | None = None) -> QuerySet:
    """Applications (already scoped to what the user may see) by due date, overdue first,
    closed ones last; filtered by status and service. Each row carries `overdue_flag`."""
    queryset = queryset.select_related("service", "agency", "site")
    if status:
        queryset = queryset.filter(status=status)
    if service_code:
        queryset = queryset.filter(service__code=service_code)
    return queryset.annotate(
        overdue_flag=Case(When(overdue_q(today=today), then=Value(1)), default=Value(0),
                          output_field=IntegerField()),
        open_flag=Case(When(status__in=states.FINAL, then=Value(0)), default=Value(1),
                       output_field=IntegerField()),
    ).order_by("-overdue_flag", "-open_flag", "due_date", "id")


# --- the public view --------------------------------------------------------------------------

@dataclass(frozen=True)
class TimelineEntry:
    status: str
    at: object
    note: str

    @property
    def label(self) -> str:
        return str(Status(self.status).label)


def timeline(*, application: Application) -> list[TimelineEntry]:
    return [TimelineEntry(status=event.to_status, at=event.at, note=event.note)
            for event in application.events.all()
            if event.to_status and event.action != "attach_result"]


def track_view(*, application: Application) -> dict:
    """What anyone with the tracking code sees: no NIK, name or phone."""
    return {
        "tracking_code": application.tracking_code,
        "service": application.service.code,
        "service_name": application.service.name,
        "agency": application.agency.slug,
        "agency_name": application.agency.short_name or application.agency.name,
        "status": application.status,
        "channel": application.channel,
        "due_date": application.due_date.isoformat(),
        "due_date_initial": application.due_date_initial.isoformat(),
        "overdue": is_overdue(application=application),
        "missing": application.missing_note if application.status == states.INCOMPLETE
        else "",
        "timeline": [{"status": e.status, "at": e.at, "note": e.note}
                     for e in timeline(application=application)],
    }


def signed_document_by_code(*, code: str) -> SignedDocument | None:
    clean = code_normalize(code)
    if clean is None:
        return None
    return (SignedDocument.objects.select_related("application__agency", "application__service",
                                                  "site")
            .filter(code=clean).first())


# --- verification -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Verdict:
    status: str
    document: SignedDocument | None
    signed_by: str | None
    signed_at: object | None


def document_verify(*, data: bytes) -> Verdict:
    """Valid, tampered or unknown (contract: POST /api/v1/verify); `document` is the signed
    document of ours the file's signature belongs to. signing.NotPdf for a file that is not
    a PDF."""
    fingerprints = set(SignedDocument.objects.values_list("signer_fingerprint", flat=True)
                       .distinct())

    def is_ours(signature_id: str, fingerprint: str | None) -> bool:
        return (fingerprint is not None and fingerprint in fingerprints) or (
            SignedDocument.objects.filter(signature_id=signature_id).exists())

    result = signing.pdf_verify(data, is_ours=is_ours)
    document = None
    if result.signature_id:
        document = (SignedDocument.objects.select_related("application__agency", "site")
                    .filter(signature_id=result.signature_id).first())
    return Verdict(status=result.status, document=document,
                   signed_by=result.signed_by or (document.signer_name if document else None),
                   signed_at=result.signed_at or (document.signed_at if document else None))
