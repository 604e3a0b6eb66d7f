"""The summary as a spreadsheet: CSV and XLSX, one row per agency and per service under the
period's totals. Names come from the catalog (typed by agency admins): every text cell is
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


def summary_response(report: dict, *, site, fmt: str) -> HttpResponse:
    name = f"ringkasan-{site.slug}-{report['from']}-{report['to']}"
    rows = summary_rows(report, site_name=site.name)
    if fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.title = _("Summary")[:31]
        xlsx_row(sheet, [site.name, f"{report['from']} - {report['to']}"])
        xlsx_row(sheet, _columns())
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
    writer.writerow(_columns())
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
