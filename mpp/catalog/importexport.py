"""Import and export of a site's service catalog as CSV or XLSX.

One row per service; the first row names the columns (any order; unknown columns are an
error, missing optional columns keep the service's current value or the default):

| column | content |
|---|---|
| agency | the agency's slug (required) |
| code | the service code, unique in the site (required): an existing code is updated |
| name | the service name (required) |
| prefix | ticket prefix, 1-3 capital letters or digits starting with a letter (required) |
| channels | any of direct, e_service, self_service, separated by "," or ";" |
| requirements | one requirement per line, or separated by ";" |
| procedure, completion_days, completion_note, fee, fee_note, product, complaint_handling | the standard as shown to citizens (components 1-6) |
| legal_basis, facilities, officer_competence, internal_supervision, officer_count, service_guarantee, security_guarantee, performance_evaluation | the standard for management (components 7-14) |
| walkin_quota, online_quota | whole numbers; empty means no limit |
| slot_minutes, slot_capacity, expected_minutes, position | whole numbers |
| bookable, tracked, active | yes/no (also ya/tidak, true/false, 1/0) |

CSV files are UTF-8 (a BOM is fine), separated by "," or ";". Row numbers in the report are
the spreadsheet's: the header is row 1.

Every row is checked first, with the catalog's own `service_validate` (plus the checks that
span rows: a code twice in the file, one prefix for two agencies); when any row is bad the
report lists every bad row's number, column and message and nothing is written. Otherwise
all rows are created or updated through `service_create` / `service_update` in one
transaction. With an `actor` (the back office), only rows of agencies the actor manages are
accepted; the command line imports as the platform.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mpp.accounts import access
from mpp.errors import Invalid
from mpp.lib.spreadsheet import csv_cell, csv_text, xlsx_row
from mpp.lib.text import text_storable

from . import services as catalog
from .models import Agency, Service, Site

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

TEXT_COLUMNS = [
    "procedure", "completion_note", "fee_note", "product", "complaint_handling", "legal_basis",
    "facilities", "officer_competence", "internal_supervision", "service_guarantee",
    "security_guarantee", "performance_evaluation",
]
INT_COLUMNS = ["completion_days", "fee", "officer_count", "slot_minutes", "slot_capacity",
               "expected_minutes", "position"]
OPTIONAL_INT_COLUMNS = ["walkin_quota", "online_quota"]
BOOL_COLUMNS = ["bookable", "tracked", "active"]
COLUMNS = [
    "agency", "code", "name", "prefix", "channels", "requirements",
    "procedure", "completion_days", "completion_note", "fee", "fee_note", "product",
    "complaint_handling",
    "legal_basis", "facilities", "officer_competence", "internal_supervision", "officer_count",
    "service_guarantee", "security_guarantee", "performance_evaluation",
    "walkin_quota", "online_quota", "bookable", "slot_minutes", "slot_capacity",
    "expected_minutes", "tracked", "position", "active",
]
REQUIRED_COLUMNS = ["agency", "code", "name", "prefix"]
TRUE = {"1", "yes", "y", "true", "ya", "benar", "x"}
FALSE = {"0", "no", "n", "false", "tidak", "salah", ""}


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = _("row %(row)d") % {"row": self.row} if self.row else _("file")
        return f"{where}, {self.column or '-'}: {self.message}"


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> list[int]:
        return sorted({error.row for error in self.errors})

    def as_text(self) -> str:
        if self.ok:
            return _("%(created)d services created, %(updated)d updated.") % {
                "created": len(self.created), "updated": len(self.updated)}
        lines = [nothing_imported(len(self.bad_rows))]
        lines += [str(error) for error in self.errors]
        return "\n".join(lines)


def nothing_imported(count: int) -> str:
    return ngettext("Nothing was imported: %(count)d row has errors.",
                    "Nothing was imported: %(count)d rows have errors.", count) % {"count": count}


# --- export ---------------------------------------------------------------------------------

def _cell(service: Service, column: str) -> Any:
    if column == "agency":
        return service.agency.slug
    value = getattr(service, column)
    if column == "channels":
        return ", ".join(value or [])
    if column == "requirements":
        return "\n".join(value or [])
    if column in BOOL_COLUMNS:
        return "yes" if value else "no"
    if value is None:
        return ""
    return value


def services_export(*, site: Site | None = None, agency_queryset: QuerySet | None = None,
                    format: str = "csv") -> bytes:
    """The services of `site` (or of the agencies in `agency_queryset`) as CSV or XLSX."""
    if format not in FORMATS:
        raise Invalid(_("Unknown format %(format)s: use csv or xlsx.") % {"format": format},
                      fields={"format": _("Use csv or xlsx.")})
    services = Service.objects.select_related("agency").order_by(
        "site", "agency__position", "agency__name", "position", "code")
    if site is not None:
        services = services.filter(site=site)
    if agency_queryset is not None:
        services = services.filter(agency__in=agency_queryset)
    rows = [[_cell(service, column) for column in COLUMNS] for service in services]
    if format == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerows([csv_cell(value) for value in row] for row in rows)
        return out.getvalue().encode("utf-8-sig")
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "services"
    sheet.append(COLUMNS)
    for row in rows:
        xlsx_row(sheet, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- reading a file -------------------------------------------------------------------------

class _BadFile(Exception):
    pass


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_rows(content: bytes, filename: str) -> list[list[str]]:
    is_xlsx = filename.lower().endswith((".xlsx", ".xlsm")) or content[:2] == b"PK"
    if is_xlsx:
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise _BadFile(_("This is not a readable XLSX file (%(error)s).") % {
                "error": error.__class__.__name__}) from error
        sheet = book.worksheets[0]
        rows = [[_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
        return rows
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _BadFile(_("Save the CSV file as UTF-8.")) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return [[csv_text(cell.strip()) for cell in row]
            for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _split_list(text: str) -> list[str]:
    parts = text.replace("\r", "\n").replace(";", "\n").split("\n")
    return [part.strip() for part in parts if part.strip()]


def _parse_row(values: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    """Turn the row's texts into the service's fields; unreadable cells go to `errors`."""
    data: dict[str, Any] = {}
    for column, raw in values.items():
        if not text_storable(raw):
            errors[column] = _("This cell holds characters that are not allowed (a NUL).")
            continue
        if column in ("agency",):
            continue
        if column in ("code", "name", "prefix", *TEXT_COLUMNS):
            data[column] = raw
        elif column == "channels":
            data[column] = [part.strip() for part in raw.replace(";", ",").split(",")
                            if part.strip()]
        elif column == "requirements":
            data[column] = _split_list(raw)
        elif column in INT_COLUMNS or column in OPTIONAL_INT_COLUMNS:
            if raw == "" and column in OPTIONAL_INT_COLUMNS:
                data[column] = None
                continue
            try:
                data[column] = int(raw)
            except ValueError:
                errors[column] = _("Write a whole number, not %(value)r.") % {"value": raw}
        elif column in BOOL_COLUMNS:
            if raw.lower() in TRUE:
                data[column] = True
            elif raw.lower() in FALSE:
                data[column] = False
            else:
                errors[column] = _("Write yes or no, not %(value)r.") % {"value": raw}
    for column in REQUIRED_COLUMNS[1:]:
        if not values.get(column):
            errors.setdefault(column, _("This column is required."))
    return data


# --- import ---------------------------------------------------------------------------------

@dataclass
class _Row:
    number: int
    agency: Agency
    existing: Service | None
    data: dict[str, Any]


def services_import(*, site: Site, content: bytes, filename: str = "", actor=None
                    ) -> ImportReport:
    """Create or update the services in a CSV/XLSX file: all rows or none (see module doc)."""
    report = ImportReport()
    try:
        rows = _read_rows(content, filename)
    except _BadFile as error:
        report.errors.append(RowError(0, "", str(error)))
        return report
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        report.errors.append(RowError(0, "", _("The file is empty.")))
        return report
    header = [column.strip().lower() for column in rows[0]]
    unknown = [column for column in header if column and column not in COLUMNS]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    for column in unknown:
        report.errors.append(RowError(1, column, _("Unknown column.")))
    for column in missing:
        report.errors.append(RowError(1, column, _("This column is missing.")))
    dupes = {column for column in header if column and header.count(column) > 1}
    for column in sorted(dupes):
        report.errors.append(RowError(1, column, _("This column appears twice.")))
    if report.errors:
        return report

    agencies = {agency.slug: agency for agency in Agency.objects.filter(site=site)}
    existing = {s.code: s for s in Service.objects.filter(site=site).select_related("agency")}
    seen_codes: dict[str, int] = {}
    prefix_owner: dict[str, tuple[int, int]] = {}  # prefix -> (agency pk, row)
    parsed: list[_Row] = []
    for index, raw_row in enumerate(rows[1:], start=2):
        if not any(cell for cell in raw_row):
            continue
        values = {column: (raw_row[i] if i < len(raw_row) else "")
                  for i, column in enumerate(header) if column}
        errors: dict[str, str] = {}
        data = _parse_row(values, errors)
        slug = values.get("agency", "")
        agency = agencies.get(slug)
        if agency is None:
            errors["agency"] = (_("Unknown agency %(slug)s.") % {"slug": slug} if slug
                                else _("This column is required."))
        elif actor is not None and not access.can_manage_agency(actor, agency):
            errors["agency"] = _("This belongs to another agency.")
        code = values.get("code", "")
        if code:
            if code in seen_codes:
                errors.setdefault("code", _("Code %(code)s is also on row %(row)d.") % {
                    "code": code, "row": seen_codes[code]})
            else:
                seen_codes[code] = index
        current = existing.get(code)
        if current is not None and agency is not None and current.agency_id != agency.pk:
            errors.setdefault("agency", _(
                "Service %(code)s belongs to %(agency)s; an import does not move services.")
                % {"code": code, "agency": current.agency})
        if current is not None and actor is not None and not access.can_manage_agency(
                actor, current.agency):
            errors.setdefault("code", _("This service belongs to another agency."))
        if agency is not None and "agency" not in errors:
            if current is not None:
                probe = Service.objects.get(pk=current.pk)
            else:
                probe = Service(site_id=site.pk, agency=agency)
            # service_validate checks each field and the clashes with the database.
            service_errors = catalog.service_validate(
                service=probe, data={k: v for k, v in data.items() if k not in errors})
            for column, message in service_errors.items():
                if column == "code" and code in seen_codes and seen_codes[code] != index:
                    continue
                errors.setdefault(column, message)
            prefix = probe.prefix
            if prefix and "prefix" not in errors:
                owner = prefix_owner.get(prefix)
                if owner and owner[0] != agency.pk:
                    errors["prefix"] = _(
                        "Prefix %(prefix)s is also given to another agency on row %(row)d.") % {
                        "prefix": prefix, "row": owner[1]}
                else:
                    prefix_owner.setdefault(prefix, (agency.pk, index))
            data = {k: getattr(probe, k) if k in catalog.SERVICE_FIELDS else v
                    for k, v in data.items()}
        order = {column: position for position, column in enumerate(COLUMNS)}
        for column in sorted(errors, key=lambda name: order.get(name, len(order))):
            report.errors.append(RowError(index, column, errors[column]))
        if not errors:
            parsed.append(_Row(index, agency, current, data))
    if report.errors:
        return report
    if not parsed:
        report.errors.append(RowError(0, "", _("The file has no rows of services.")))
        return report

    try:
        with transaction.atomic():
            for row in parsed:
                try:
                    if row.existing is not None:
                        catalog.service_update(service=row.existing, **row.data)
                        report.updated.append(row.data.get("code") or row.existing.code)
                    else:
                        catalog.service_create(agency=row.agency, **row.data)
                        report.created.append(row.data["code"])
                except Invalid as error:
                    for column, message in (error.fields or {"": str(error.message)}).items():
                        report.errors.append(RowError(row.number, column, message))
                    raise
    except Invalid:
        report.created.clear()
        report.updated.clear()
    return report


def report_rows(report: ImportReport) -> Iterable[tuple[int, str, str]]:
    return ((error.row, error.column, error.message) for error in report.errors)
