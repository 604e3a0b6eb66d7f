"""The summary and the recap as CSV, XLSX and a signed PDF: one row per agency and per
service under the period's totals (the summary), per month and agency (the recap). Names come from the catalog (typed by agency admins): every text cell is
written as text (`mpp/lib/spreadsheet.py`), never run as a formula."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from mpp.lib.spreadsheet import csv_cell, xlsx_row


def _columns() -> list[str]:
    return [_("Level"), _("Code"), _("Name"), _("Visitors"), _("Tickets issued"),
            _("Transferred in"), _("Served"), _("No-shows"), _("Cancelled"),
            _("Average wait (minutes)"), _("Average service (minutes)"),
            _("Applications received"), _("Applications completed"), _("Applications overdue"),
            _("Complaints received"), _("Complaints resolved"), _("Complaints overdue")]


def _row(level: str, code: str, name: str, figures: dict) -> list:
    tickets, apps, complaints = (figures["tickets"], figures["applications"],
                                 figures["complaints"])
    return [level, code, name, figures["visitors"], tickets["issued"],
            tickets["transferred_in"], tickets["served"], tickets["no_show"],
            tickets["cancelled"], figures["avg_wait_minutes"], figures["avg_service_minutes"],
            apps["received"], apps["completed"], apps["overdue"], complaints["received"],
            complaints["resolved"], complaints["overdue"]]


def summary_rows(report: dict, *, site_name: str) -> list[list]:
    rows = [_row(_("Site"), "", site_name, report)]
    rows += [_row(_("Agency"), item["agency"], item["name"], item)
             for item in report["by_agency"]]
    rows += [_row(_("Service"), item["service"], item["name"], item)
             for item in report["by_service"]]
    return rows


def _recap_columns() -> list[str]:
    return [_("Month"), _("Agency"), _("Visitors"), _("Tickets issued"), _("Served"),
            _("No-shows"), _("Cancelled"), _("Bookings"), _("Checked in"), _("Show rate"),
            _("Applications received"), _("Applications completed"), _("Applications overdue"),
            _("Complaints received"), _("Complaints resolved"), _("IKM respondents"),
            _("IKM score"), _("IKM grade")]


def _recap_row(month: str, agency: str, item: dict) -> list:
    tickets, bookings, apps = item["tickets"], item["bookings"], item["applications"]
    return [month, agency, item["visitors"], tickets["issued"], tickets["served"],
            tickets["no_show"], tickets["cancelled"], bookings["booked"],
            bookings["checked_in"], bookings["show_rate"], apps["received"], apps["completed"],
            apps["overdue"], item["complaints"]["received"], item["complaints"]["resolved"],
            item["ikm"]["respondents"], item["ikm"]["score"], item["ikm"]["grade"]]


def recap_response(report: dict, *, site, fmt: str) -> HttpResponse:
    rows = []
    for month in report["months"]:
        rows.append(_recap_row(month["month"], _("All"), month))
        rows += [_recap_row(month["month"], item["name"], item) for item in month["by_agency"]]
    period = report["year"] if not report["month"] else f"{report['year']}-{report['month']:02d}"
    return _table_response(rows, title=[site.name, str(period)], columns=_recap_columns(),
                           name=f"rekap-{site.slug}-{period}", fmt=fmt, site=site)


def summary_response(report: dict, *, site, fmt: str) -> HttpResponse:
    return _table_response(summary_rows(report, site_name=site.name),
                           title=[site.name, f"{report['from']} - {report['to']}"],
                           columns=_columns(),
                           name=f"ringkasan-{site.slug}-{report['from']}-{report['to']}",
                           fmt=fmt, site=site)


def _latin(text: object) -> str:
    """fpdf2's core fonts print Latin-1 only: anything else becomes "?" on paper."""
    return ("" if text is None else str(text)).encode("latin-1", "replace").decode("latin-1")


def _table_pdf(rows: list[list], *, title: list, columns: list, site) -> bytes:
    """A landscape A4 table a regent's office files: the MPP, the period, the figures; signed
    by the MPP (mpp/lib/signing.py), so that a copy can be checked at /api/v1/verify."""
    from fpdf import FPDF

    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_title(_latin(" ".join(str(part) for part in title)))
    pdf.set_author(_latin(site.name))
    pdf.set_creator("MPP")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("helvetica", "B", 13)
    pdf.multi_cell(width, 7, _latin(title[0]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 10)
    pdf.multi_cell(width, 6, _latin(" ".join(str(part) for part in title[1:])),
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    first = 58.0
    rest = (width - first) / max(len(columns) - 1, 1)
    pdf.set_font("helvetica", "B", 6.5)
    with pdf.table(col_widths=[first] + [rest] * (len(columns) - 1), line_height=3.6,
                   text_align="LEFT") as table:
        header = table.row()
        for column in columns:
            header.cell(_latin(column))
        pdf.set_font("helvetica", "", 7)
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(_latin("" if value is None else value))
    return bytes(pdf.output())


def _table_response(rows: list[list], *, title: list, columns: list, name: str,
                    fmt: str, site=None) -> HttpResponse:
    if fmt == "pdf":
        from mpp.lib.signing import pdf_sign

        signed = pdf_sign(_table_pdf(rows, title=title, columns=columns, site=site),
                          reason=_("Official recap"), location=site.name)
        response = HttpResponse(signed.data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    if fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.title = _("Summary")[:31]
        xlsx_row(sheet, title)
        xlsx_row(sheet, columns)
        for row in rows:
            xlsx_row(sheet, row)
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
