"""A kiosk's printer settings, checked: what `services.kiosk_printer_set` writes and the back
office validates (`kiosk_printer_validate`). Host names, ports, USB ids in hex, paper widths,
and the header and footer lines that fit the paper."""

from __future__ import annotations

import ipaddress
import re

from django.utils.translation import gettext as _

from mpp.accounts.models import Role, User
from mpp.catalog.models import Site
from mpp.errors import Invalid

from .models import PAPER_WIDTHS, KioskPrinter, PrinterKind

_HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$",
                       re.IGNORECASE)
PRINTER_FIELDS = ("kind", "host", "port", "usb_vendor_id", "usb_product_id", "usb_in_endpoint",
                  "usb_out_endpoint", "paper_width", "header", "footer", "active")
PRINTER_TEXT_LINES = 5
PRINTER_TEXT_LINE_LENGTH = 48  # the columns of font A on 80 mm paper


def _hex_id(value, *, digits: int) -> str | None:
    """ "0x04B8", "04b8" or "4b8" -> "04b8"; None when it is not 1..`digits` hex digits."""
    text = str(value).strip().lower()
    text = text[2:] if text.startswith("0x") else text
    if not re.fullmatch(rf"[0-9a-f]{{1,{digits}}}", text) or int(text, 16) == 0:
        return None
    return text.zfill(digits)


def _int_or_none(value) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _text_lines(value) -> str | None:
    lines = value if isinstance(value, (list, tuple)) else str(value or "").splitlines()
    lines = [str(line).rstrip() for line in lines]
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) > PRINTER_TEXT_LINES or any(len(line) > PRINTER_TEXT_LINE_LENGTH for line in lines):
        return None
    return "\n".join(lines)


def kiosk_printer_validate(*, kiosk: User | None, site: Site | None = None,
                           **data) -> KioskPrinter:
    """The kiosk's printer with `data` applied and checked, not saved: fields not given keep
    their value (or the default); `site`, when given, is the site the kiosk must belong to.
    Invalid naming every wrong field (the kiosk and unknown fields first). Reads only."""
    errors: dict[str, str] = {}
    unknown = sorted(set(data) - set(PRINTER_FIELDS))
    for key in unknown:
        errors[key] = _("Unknown field.")
    if kiosk is None or getattr(kiosk, "role", None) != Role.KIOSK:
        errors["kiosk"] = _("Choose a kiosk device account.")
    elif site is not None and kiosk.site_id != site.pk:
        errors["kiosk"] = _("This kiosk belongs to another site.")
    if errors:
        raise Invalid.for_fields(errors)

    printer = KioskPrinter.objects.filter(kiosk=kiosk).first() or KioskPrinter(kiosk=kiosk)
    values = {field: getattr(printer, field) for field in PRINTER_FIELDS}
    values.update(data)

    kind = str(values["kind"] or "").strip()
    if kind not in PrinterKind.values:
        errors["kind"] = _("Choose browser, network or usb.")

    host = str(values["host"] or "").strip()
    if host:
        try:
            ipaddress.ip_address(host)
        except ValueError:
            if not _HOSTNAME.match(host):
                errors["host"] = _("Enter an IP address or a host name.")
    elif kind == PrinterKind.NETWORK:
        errors["host"] = _("A network printer needs its IP address or host name.")

    port = _int_or_none(values["port"])
    if port is None or not 1 <= port <= 65535:
        errors["port"] = _("Enter a port from 1 to 65535 (printers usually listen on 9100).")

    hex_values = {}
    for field, digits in (("usb_vendor_id", 4), ("usb_product_id", 4), ("usb_in_endpoint", 2),
                          ("usb_out_endpoint", 2)):
        raw = str(values[field] or "").strip()
        if not raw:
            hex_values[field] = ""
            if kind == PrinterKind.USB and field in ("usb_vendor_id", "usb_product_id"):
                errors[field] = _("A USB printer needs its vendor and product id (hex).")
            continue
        parsed = _hex_id(raw, digits=digits)
        if parsed is None:
            errors[field] = _("Enter up to %(digits)s hex digits, e.g. %(example)s.") % {
                "digits": digits, "example": "04b8" if digits == 4 else "01"}
        hex_values[field] = parsed or ""

    width = _int_or_none(values["paper_width"])
    if width not in PAPER_WIDTHS:
        errors["paper_width"] = _("Choose a paper width of 58 or 80 mm.")

    texts = {}
    for field in ("header", "footer"):
        text = _text_lines(values[field])
        if text is None:
            errors[field] = _("At most %(lines)s lines of %(length)s characters.") % {
                "lines": PRINTER_TEXT_LINES, "length": PRINTER_TEXT_LINE_LENGTH}
        texts[field] = text or ""

    active = values["active"]
    if not isinstance(active, bool):
        errors["active"] = _("Choose yes or no.")

    if errors:
        raise Invalid.for_fields(errors)

    printer.kind, printer.host, printer.port = kind, host, port
    for field, value in hex_values.items():
        setattr(printer, field, value)
    printer.paper_width = width
    printer.header, printer.footer = texts["header"], texts["footer"]
    printer.active = active
    return printer

