"""Handing reports to SP4N-LAPOR!, the national complaint system: an export (CSV, JSON) with
the national classes (aspirasi, pengaduan, permintaan informasi) and a field for the
national tracking ID, and the interface of an outbound adapter for its future API.

`LaporReport` is the one shape of a handed-over report: the export's rows and what an
adapter is given. An anonymous report carries no identity; a confidential one says so (the
national system keeps it from the public in turn). Export cells go through `csv_cell`, so
that a report that starts with "=" stays text in a spreadsheet.

An adapter is a class named by `MPP_LAPOR_ADAPTER` (a dotted path) with
`send(report: LaporReport) -> str`, the national tracking ID, raising `HandOverFailed` when
the national system refuses or cannot be reached; `services.complaints_hand_over` calls it
for the reports not handed over yet and records the ID.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Protocol

from django.conf import settings
from django.http import HttpResponse
from django.utils.module_loading import import_string

from mpp.lib.spreadsheet import csv_cell

from .models import LAPOR_CLASS, Complaint
from .selectors import identity_for_staff

TITLE_MAX = 100


@dataclass(frozen=True)
class LaporReport:
    tracking_code: str
    lapor_id: str
    national_class: str
    title: str
    body: str
    submitted_at: str
    site: str
    agency: str
    service: str
    status: str
    anonymous: bool
    confidential: bool
    reporter_name: str
    reporter_phone: str
    reporter_email: str
    channel: str
    final_due_date: str
    last_answer: str


FIELDS = list(LaporReport.__dataclass_fields__)


class HandOverFailed(Exception):
    pass


class Adapter(Protocol):
    def send(self, report: LaporReport) -> str: ...


def adapter_get() -> Adapter | None:
    path = settings.MPP_LAPOR_ADAPTER
    return import_string(path)() if path else None


def report_of(complaint: Complaint) -> LaporReport:
    identity = identity_for_staff(complaint)
    answer = (complaint.events.filter(by_filer=False).exclude(message="")
              .order_by("-at", "-id").values_list("message", flat=True).first())
    first_line = complaint.body.strip().splitlines()[0] if complaint.body.strip() else ""
    return LaporReport(
        tracking_code=complaint.tracking_code, lapor_id=complaint.lapor_id,
        national_class=LAPOR_CLASS[complaint.kind],
        title=first_line[:TITLE_MAX], body=complaint.body,
        submitted_at=complaint.submitted_at.isoformat(), site=complaint.site.name,
        agency=complaint.agency.name if complaint.agency_id else "",
        service=complaint.service.name if complaint.service_id else "",
        status=complaint.status, anonymous=complaint.anonymous,
        confidential=complaint.confidential,
        reporter_name=identity.name if identity else "",
        reporter_phone=identity.phone if identity else "",
        reporter_email=identity.email if identity else "",
        channel=complaint.channel, final_due_date=complaint.final_due_date.isoformat(),
        last_answer=answer or "")


def export_rows(*, site, date_from: date | None = None,
                date_to: date | None = None) -> list[LaporReport]:
    reports = Complaint.objects.filter(site=site).select_related("site", "agency", "service")
    if date_from:
        reports = reports.filter(submitted_on__gte=date_from)
    if date_to:
        reports = reports.filter(submitted_on__lte=date_to)
    return [report_of(complaint) for complaint in reports.order_by("submitted_at", "id")]


def export_response(rows: list[LaporReport], *, fmt: str, site) -> HttpResponse:
    name = f"lapor-{site.slug}"
    if fmt == "json":
        response = HttpResponse(json.dumps([asdict(row) for row in rows], ensure_ascii=False,
                                           indent=1), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FIELDS)
    for row in rows:
        writer.writerow([csv_cell(value) for value in asdict(row).values()])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
