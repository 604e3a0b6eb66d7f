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
                           name=f"rekap-{site.slug}-{period}", fmt=fmt)


def summary_response(report: dict, *, site, fmt: str) -> HttpResponse:
    return _table_response(summary_rows(report, site_name=site.name),
                           title=[site.name, f"{report['from']} - {report['to']}"],
                           columns=_columns(),
                           name=f"ringkasan-{site.slug}-{report['from']}-{report['to']}",
                           fmt=fmt)


def _table_response(rows: list[list], *, title: list, columns: list, name: str,
                    fmt: str) -> HttpResponse:
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
