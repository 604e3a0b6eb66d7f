"""Printing a kiosk ticket: the receipt's lines, and ESC/POS thermal printers (python-escpos).

`ticket_receipt_lines` is pure: what a ticket says, in the active language (Indonesian by
default). `receipt_render` writes those lines to any python-escpos printer (the library's
`Dummy` collects the bytes); `ticket_print` renders to bytes first, then opens the kiosk's
network or USB printer, sends them in one go, and closes it. A printer that does not answer
within PRINT_TIMEOUT_SECONDS is a `Conflict(code="printer_unavailable")`, never a 500.

Print only after the ticket's transaction committed (`services.ticket_issue` commits its own):
the ticket exists whatever the printer does, and a kiosk whose printer failed shows the ticket
on screen and offers the browser's print dialog (the error carries `"fallback": "browser"`).

The QR code points to the ticket's public page (`queueing:ticket`), which follows the ticket
live and later opens the satisfaction survey (SKM).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language, gettext, gettext_noop

from mpp.catalog.calendar import site_zone
from mpp.catalog.models import Counter, Timezone
from mpp.errors import Conflict

from .models import KioskPrinter, Lane, PrinterKind, Ticket

if TYPE_CHECKING:  # pragma: no cover
    from escpos.escpos import Escpos

PRINT_TIMEOUT_SECONDS = 3
COLUMNS = {58: 32, 80: 48}  # characters per line in font A
NUMBER_SIZE = {58: 3, 80: 4}  # the ticket number's magnification
QR_SIZE = {58: 5, 80: 7}  # QR module size in dots

TIMEZONE_ABBREVIATIONS = {Timezone.WIB: "WIB", Timezone.WITA: "WITA", Timezone.WIT: "WIT"}


def _t(message: str, **params) -> str:
    text = gettext(message)
    return text % params if params else text


@dataclass(frozen=True)
class ReceiptLine:
    """One line of a ticket. `style`: title, text, strong, label, number, rule, qr, small."""

    text: str
    style: str = "text"


def ticket_public_path(ticket: Ticket) -> str:
    return reverse("queueing:ticket", kwargs={"public_id": ticket.public_id})


def _local_time(ticket: Ticket) -> str:
    local = ticket.arrived_at.astimezone(site_zone(ticket.site))
    indonesian = (get_language() or "id").split("-")[0] == "id"
    clock = local.strftime("%H.%M" if indonesian else "%H:%M")
    zone = TIMEZONE_ABBREVIATIONS.get(ticket.site.timezone, ticket.site.timezone)
    return f"{formats.date_format(local, 'l, j F Y')} {clock} {zone}"


def _counter_names(ticket: Ticket) -> list[str]:
    if ticket.counter_id:
        return [ticket.counter.name]
    return list(Counter.objects.filter(services=ticket.service_id).order_by("code")
                .values_list("name", flat=True).distinct())


def ticket_receipt_lines(ticket: Ticket, *, position: int, estimate_minutes: int,
                         public_url: str) -> list[ReceiptLine]:
    """What a ticket says, top to bottom, in the active language."""
    service = ticket.service
    agency = service.agency
    counters = _counter_names(ticket)
    lines = [
        ReceiptLine(ticket.site.name, "title"),
        ReceiptLine(agency.name),
        ReceiptLine("", "rule"),
        ReceiptLine(_t(gettext_noop("Queue number")), "label"),
        ReceiptLine(ticket.display_number, "number"),
        ReceiptLine(service.name, "strong"),
    ]
    if ticket.lane == Lane.PRIORITY:
        lines.append(ReceiptLine(_t(gettext_noop("Priority lane")), "strong"))
    elif ticket.lane == Lane.APPOINTMENT:
        lines.append(ReceiptLine(_t(gettext_noop("Appointment (booked online)")), "strong"))
    lines.append(ReceiptLine("", "rule"))
    if counters:
        lines.append(ReceiptLine(_t(gettext_noop("Counter: %(counters)s"),
                                    counters=", ".join(counters))))
    else:
        lines.append(ReceiptLine(_t(gettext_noop("Counter: announced when called"))))
    lines.append(ReceiptLine(_t(gettext_noop("People ahead of you: %(count)s"), count=position)))
    if position <= 0:
        lines.append(ReceiptLine(_t(gettext_noop("Estimated wait: you are next"))))
    else:
        lines.append(ReceiptLine(_t(gettext_noop("Estimated wait: about %(minutes)s minutes"),
                                    minutes=max(estimate_minutes, 1))))
    lines += [
        ReceiptLine(_t(gettext_noop("Taken: %(when)s"), when=_local_time(ticket))),
        ReceiptLine(public_url, "qr"),
        ReceiptLine(public_url, "small"),
        ReceiptLine(_t(gettext_noop(
            "Keep this ticket. Follow your queue by scanning the QR code."))),
        ReceiptLine(_t(gettext_noop(
            "After your service, the same code opens the satisfaction survey (SKM)."))),
    ]
    return lines


def receipt_text(lines: list[ReceiptLine]) -> str:
    """The receipt as plain text (logs, tests, a text-only preview)."""
    return "\n".join(line.text for line in lines if line.style not in ("rule", "qr"))


# --- ESC/POS --------------------------------------------------------------------------------

def receipt_render(device: Escpos, lines: list[ReceiptLine], *, paper_width: int = 80,
                   header: list[str] = (), footer: list[str] = ()) -> None:
    """Write the receipt to a python-escpos printer: big number, native QR code, cut."""
    columns = COLUMNS.get(paper_width, 48)
    device.hw("INIT")
    device.set_with_default(align="center")
    for text in header:
        device.textln(text[:columns])
    for line in lines:
        if line.style == "rule":
            device.set_with_default(align="center")
            device.textln("-" * columns)
        elif line.style == "number":
            size = NUMBER_SIZE.get(paper_width, 4)
            device.set(align="center", bold=True, custom_size=True, width=size, height=size)
            device.textln(line.text)
            device.set_with_default(align="center")
        elif line.style == "qr":
            device.set_with_default(align="center")
            device.ln()
            device.qr(line.text, native=True, size=QR_SIZE.get(paper_width, 7))
        else:
            bold = line.style in ("title", "strong", "label")
            tall = line.style == "title"
            font = "b" if line.style == "small" else "a"
            device.set_with_default(align="center", bold=bold, double_height=tall, font=font)
            width = columns + (columns // 3 if font == "b" else 0)
            for part in textwrap.wrap(line.text, width) or [""]:
                device.textln(part)
    device.set_with_default(align="center")
    for text in footer:
        device.textln(text[:columns])
    device.cut()


def receipt_bytes(lines: list[ReceiptLine], *, printer: KioskPrinter | None = None) -> bytes:
    """The ESC/POS bytes of a receipt, rendered on python-escpos's Dummy printer."""
    from escpos.printer import Dummy

    dummy = Dummy()
    receipt_render(dummy, lines, paper_width=printer.paper_width if printer else 80,
                   header=printer.header_lines if printer else (),
                   footer=printer.footer_lines if printer else ())
    return dummy.output


def printer_device(printer: KioskPrinter) -> Escpos:
    """The python-escpos connection for a network or USB kiosk printer (not yet opened)."""
    if printer.kind == PrinterKind.NETWORK:
        from escpos.printer import Network

        return Network(printer.host, printer.port, timeout=PRINT_TIMEOUT_SECONDS)
    if printer.kind == PrinterKind.USB:
        from escpos.printer import Usb

        endpoints = {}
        if printer.usb_in_endpoint:
            endpoints["in_ep"] = int(printer.usb_in_endpoint, 16)
        if printer.usb_out_endpoint:
            endpoints["out_ep"] = int(printer.usb_out_endpoint, 16)
        return Usb(int(printer.usb_vendor_id, 16), int(printer.usb_product_id, 16),
                   timeout=PRINT_TIMEOUT_SECONDS * 1000, **endpoints)  # pyusb counts in ms
    raise ValueError(f"no ESC/POS device for a {printer.kind} printer")


def _unavailable(message: str, **extra) -> Conflict:
    return Conflict(message, code="printer_unavailable", extra={"fallback": "browser", **extra})


def ticket_print(*, ticket: Ticket, printer: KioskPrinter | None, public_url: str,
                 position: int, estimate_minutes: int, device: Escpos | None = None) -> None:
    """Print a ticket on the kiosk's thermal printer (or on `device`, e.g. a Dummy).

    Raises Conflict(code="printer_unavailable") when the kiosk has no active thermal printer
    or it does not answer within PRINT_TIMEOUT_SECONDS."""
    if device is None and (printer is None or not printer.active
                           or printer.kind == PrinterKind.BROWSER):
        raise _unavailable(_t(gettext_noop(
            "This kiosk has no ticket printer: print the ticket from the browser.")))
    lines = ticket_receipt_lines(ticket, position=position, estimate_minutes=estimate_minutes,
                                 public_url=public_url)
    data = receipt_bytes(lines, printer=printer)
    if device is not None:
        device._raw(data)  # python-escpos' documented way to replay a Dummy's output
        return
    from escpos.exceptions import Error as EscposError

    device = printer_device(printer)
    try:
        device.open()
        device._raw(data)
    except (EscposError, OSError, ValueError) as error:  # refused, timeout, no USB backend
        raise _unavailable(_t(gettext_noop(
            "The ticket printer does not answer. Your ticket is on the screen: print it from "
            "the browser or note its number."))) from error
    finally:
        try:
            device.close()
        except Exception:  # noqa: BLE001 - closing a dead connection must not hide the error
            pass


def kiosk_printer_of(kiosk) -> KioskPrinter | None:
    return KioskPrinter.objects.filter(kiosk=kiosk).first()


def ticket_print_for_kiosk(*, ticket: Ticket, kiosk, public_url: str) -> None:
    """What a kiosk screen or the API calls after issuing: the kiosk's own printer, the
    ticket's current position and estimate."""
    from . import selectors

    position = selectors.ticket_position(ticket)
    ticket_print(ticket=ticket, printer=kiosk_printer_of(kiosk), public_url=public_url,
                 position=position,
                 estimate_minutes=selectors.ticket_estimated_wait(ticket))
