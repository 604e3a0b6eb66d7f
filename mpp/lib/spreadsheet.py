"""Cells that a spreadsheet shows as text, never runs as a formula.

An agency admin can name a service `=HYPERLINK("http://...","Klik")`; the mall admin who
opens the export in Excel or LibreOffice would get a live formula (OWASP: CSV injection).
`csv_cell` prefixes a text that a spreadsheet would evaluate (it starts with = + - @, a tab
or a carriage return) with an apostrophe, the mark spreadsheets themselves use for "this is
text"; `csv_text` takes it off again on import, so an exported file imports to the same text.
A text that starts with an apostrophe gets a second one, so that one is always removed.
`xlsx_row` stores every text of an XLSX row as a string cell, which no spreadsheet runs.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def csv_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith((*FORMULA_STARTS, QUOTE)):
        return QUOTE + value
    return value


def csv_text(text: str) -> str:
    """The text of a cell read back from a CSV file (or typed in a spreadsheet)."""
    return text[1:] if text.startswith(QUOTE) else text


def xlsx_row(sheet, values: list[Any]) -> None:
    """Append `values` to an openpyxl worksheet, every text as a string cell."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
