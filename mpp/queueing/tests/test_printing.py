"""Kiosk tickets on paper: the receipt's words, ESC/POS bytes for thermal printers, a network
printer that answers (a local TCP server stands in for it) and one that does not."""

from __future__ import annotations

import socket
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from escpos.printer import Dummy

from mpp.conftest import build_mall
from mpp.errors import Conflict, Invalid
from mpp.queueing import printing
from mpp.queueing import services as queue
from mpp.queueing.models import KioskPrinter, Lane, Ticket

pytestmark = pytest.mark.django_db

QR_STORE = b"\x1d(k"  # GS ( k: the printer's own QR code command (store, then print "1Q0")
QR_PRINT = b"1Q0"
FULL_CUT = b"\x1dV\x00"  # GS V 0
URL = "https://mpp.example/t/abc/"


@pytest.fixture(autouse=True)
def tuesday_morning(monkeypatch):
    """Tuesday 24 Nov 2026, 09:05 WIB: every agency of the test mall is open."""
    instant = datetime(2026, 11, 24, 9, 5, tzinfo=ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr(timezone, "now", lambda: instant)
    return instant


class FakeNetworkPrinter:
    """A printer on port 9100 as far as python-escpos can tell: a local TCP server that
    keeps every byte it receives."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = b""
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        connection, _address = self.server.accept()
        with connection:
            while chunk := connection.recv(4096):
                self.received += chunk

    def wait(self) -> bytes:
        self.thread.join(timeout=5)
        self.server.close()
        return self.received


def closed_port() -> int:
    """A local port nobody listens on: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def the_third_ktp_ticket(mall):
    queue.ticket_issue(service=mall.ktp)
    queue.ticket_issue(service=mall.kk)
    return queue.ticket_issue(service=mall.ktp, actor=mall.users["kiosk"])


# --- the receipt's words --------------------------------------------------------------------

def test_the_receipt_says_everything_in_indonesian_by_default(mall):
    ticket = the_third_ktp_ticket(mall)
    lines = printing.ticket_receipt_lines(ticket, position=2, estimate_minutes=14,
                                          public_url=URL)
    text = printing.receipt_text(lines)
    number = [line for line in lines if line.style == "number"]
    assert [line.text for line in number] == ["A-003"]
    for expected in ["MPP Kota Uji", "Dinas Kependudukan dan Pencatatan Sipil",
                     "Penerbitan KTP-el Baru", "Loket 1", "14 menit", "antrean",
                     "Selasa, 24 November 2026 09.05 WIB", URL]:
        assert expected in text
    assert "2" in next(line.text for line in lines if "Anda" in line.text)
    assert [line.text for line in lines if line.style == "qr"] == [URL]
    assert "minutes" not in text and "Counter" not in text


def test_the_receipt_in_english_when_english_is_active(mall):
    ticket = the_third_ktp_ticket(mall)
    with translation.override("en"):
        text = printing.receipt_text(printing.ticket_receipt_lines(
            ticket, position=2, estimate_minutes=14, public_url=URL))
    assert "Queue number" in text and "Counter: Loket 1" in text
    assert "People ahead of you: 2" in text and "about 14 minutes" in text
    assert "Tuesday, 24 November 2026 09:05 WIB" in text
    assert "scanning the QR code" in text


def test_the_first_in_line_is_next_and_the_priority_lane_is_named(mall):
    ticket = queue.ticket_issue(service=mall.pkb, lane=Lane.PRIORITY)
    with translation.override("en"):
        text = printing.receipt_text(printing.ticket_receipt_lines(
            ticket, position=0, estimate_minutes=0, public_url=URL))
    assert "B-001" in text and "Priority lane" in text and "you are next" in text
    assert "Counter: Loket 2" in text


def test_a_makassar_mpp_prints_wita_time(db):
    mall = build_mall("kota-timur", timezone="Asia/Makassar")
    ticket = queue.ticket_issue(service=mall.ktp)
    text = printing.receipt_text(printing.ticket_receipt_lines(
        ticket, position=0, estimate_minutes=0, public_url=URL))
    assert "24 November 2026 10.05 WITA" in text


# --- ESC/POS bytes --------------------------------------------------------------------------

def test_the_escpos_output_has_the_number_a_native_qr_code_and_a_cut(mall):
    ticket = the_third_ktp_ticket(mall)
    printer = queue.kiosk_printer_set(kiosk=mall.users["kiosk"], kind="network",
                                      host="192.168.1.50", paper_width=58,
                                      header="Selamat datang", footer="Terima kasih")
    dummy = Dummy()
    printing.ticket_print(ticket=ticket, printer=printer, public_url=URL, position=2,
                          estimate_minutes=14, device=dummy)
    output = dummy.output
    assert output.startswith(b"\x1b@")  # ESC @: initialise
    assert b"A-003" in output and b"Penerbitan KTP-el Baru" in output
    length = (len(URL) + 3).to_bytes(2, "little")  # pL pH: data + "1P0"
    assert QR_STORE + length + b"1P0" + URL.encode() in output  # the URL in the QR's store
    assert QR_PRINT in output
    assert output.endswith(FULL_CUT)
    assert b"Selamat datang" in output and b"Terima kasih" in output
    assert b"-" * 32 + b"\n" in output and b"-" * 33 not in output  # 58 mm: 32 columns


# --- a real network printer and the API -----------------------------------------------------

def test_the_kiosk_prints_on_its_network_printer_through_the_api(mall, api):
    fake = FakeNetworkPrinter()
    queue.kiosk_printer_set(kiosk=mall.users["kiosk"], kind="network", host="127.0.0.1",
                            port=fake.port)
    kiosk = api(mall.users["kiosk"])
    ticket = kiosk.post("sites/kota-uji/tickets", {"service": "ktp-el-baru"}).json()

    response = kiosk.post(f"tickets/{ticket['id']}/print")
    assert response.status_code == 200 and response.json() == {"printed": True}
    received = fake.wait()
    assert b"A-001" in received
    assert f"http://testserver/antrean/t/{ticket['id']}/".encode() in received
    assert QR_PRINT in received and received.endswith(FULL_CUT)


def test_any_kiosk_of_the_site_may_print_the_ticket(mall, api):
    from mpp.accounts.models import Role
    from mpp.accounts.services import user_create

    second = user_create(username="kota-uji-kiosk2", password="rahasia-uji-123",
                         role=Role.KIOSK, site=mall.site, check_password=False)
    fake = FakeNetworkPrinter()
    queue.kiosk_printer_set(kiosk=second, kind="network", host="127.0.0.1", port=fake.port)
    ticket = queue.ticket_issue(service=mall.pkb, actor=mall.users["kiosk"])
    assert api(second).post(f"tickets/{ticket.public_id}/print").json() == {"printed": True}
    assert b"B-001" in fake.wait()


def test_a_printer_that_refuses_is_a_409_and_the_ticket_stays(mall, api):
    queue.kiosk_printer_set(kiosk=mall.users["kiosk"], kind="network", host="127.0.0.1",
                            port=closed_port())
    kiosk = api(mall.users["kiosk"])
    ticket = kiosk.post("sites/kota-uji/tickets", {"service": "ktp-el-baru"}).json()

    response = kiosk.post(f"tickets/{ticket['id']}/print")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "printer_unavailable" and error["fallback"] == "browser"
    assert "Printer karcis tidak merespons" in error["message"]
    assert Ticket.objects.get(public_id=ticket["id"]).display_number == "A-001"

    english = api(mall.users["kiosk"], language="en").post(f"tickets/{ticket['id']}/print")
    assert english.json()["error"]["message"].startswith("The ticket printer does not answer")


def test_a_kiosk_without_a_thermal_printer_is_told_to_use_the_browser(mall, api):
    ticket = queue.ticket_issue(service=mall.ktp)
    kiosk = api(mall.users["kiosk"])
    assert kiosk.post(f"tickets/{ticket.public_id}/print").json()["error"]["code"] == (
        "printer_unavailable")
    queue.kiosk_printer_set(kiosk=mall.users["kiosk"], kind="browser")
    assert kiosk.post(f"tickets/{ticket.public_id}/print").status_code == 409


def test_an_unreachable_printer_raises_the_domain_error_in_time(mall):
    ticket = queue.ticket_issue(service=mall.ktp)
    printer = queue.kiosk_printer_set(kiosk=mall.users["kiosk"], kind="network",
                                      host="127.0.0.1", port=closed_port())
    with pytest.raises(Conflict) as error:
        printing.ticket_print(ticket=ticket, printer=printer, public_url=URL, position=0,
                              estimate_minutes=0)
    assert error.value.code == "printer_unavailable"


def test_another_site_s_kiosk_and_an_officer_cannot_print_the_ticket(mall, api):
    other = build_mall("kota-lain")
    ticket = queue.ticket_issue(service=mall.ktp)
    assert api(other.users["kiosk"]).post(f"tickets/{ticket.public_id}/print").status_code == 403
    assert api(mall.users["dewi"]).post(f"tickets/{ticket.public_id}/print").status_code == 403
    assert api().post(f"tickets/{ticket.public_id}/print").status_code == 401
    assert api(mall.users["kiosk"]).post("tickets/nope/print").status_code == 404


# --- configuring a kiosk's printer ------------------------------------------------------------

@pytest.mark.parametrize("data, field", [
    ({"kind": "laser"}, "kind"),
    ({"kind": "network", "host": "printer lobby!"}, "host"),
    ({"kind": "network"}, "host"),
    ({"kind": "network", "host": "10.0.0.7", "port": 70000}, "port"),
    ({"kind": "network", "host": "10.0.0.7", "port": "sembilan"}, "port"),
    ({"kind": "usb", "usb_vendor_id": "zz", "usb_product_id": "0202"}, "usb_vendor_id"),
    ({"kind": "usb", "usb_vendor_id": "04b8"}, "usb_product_id"),
    ({"kind": "usb", "usb_vendor_id": "04b8", "usb_product_id": "0202",
      "usb_out_endpoint": "1ff"}, "usb_out_endpoint"),
    ({"paper_width": 57}, "paper_width"),
    ({"header": "\n".join(["baris"] * 6)}, "header"),
    ({"colour": "red"}, "colour"),
])
def test_bad_printer_settings_name_the_field_and_write_nothing(mall, data, field):
    with pytest.raises(Invalid) as error:
        queue.kiosk_printer_set(kiosk=mall.users["kiosk"], **data)
    assert field in error.value.fields
    assert not KioskPrinter.objects.exists()


def test_only_a_kiosk_of_the_site_gets_a_printer(mall):
    other = build_mall("kota-lain")
    with pytest.raises(Invalid) as error:
        queue.kiosk_printer_set(kiosk=mall.users["dewi"], kind="browser")
    assert "kiosk" in error.value.fields
    with pytest.raises(Invalid) as error:
        queue.kiosk_printer_set(kiosk=other.users["kiosk"], site=mall.site, kind="browser")
    assert "kiosk" in error.value.fields
    assert not KioskPrinter.objects.exists()


def test_the_settings_are_checked_without_writing(mall):
    """The back office checks a form before it saves: the cleaned printer, not written."""
    from mpp.queueing.printers import kiosk_printer_validate

    printer = kiosk_printer_validate(kiosk=mall.users["kiosk"], site=mall.site, kind="network",
                                     host=" printer-lantai1.mpp.local ", port="9101")
    assert (printer.kind, printer.host, printer.port, printer.pk) == (
        "network", "printer-lantai1.mpp.local", 9101, None)
    assert not KioskPrinter.objects.exists()


def test_usb_ids_are_kept_as_four_hex_digits_and_changes_keep_the_rest(mall):
    printer = queue.kiosk_printer_set(kiosk=mall.users["kiosk"], site=mall.site, kind="usb",
                                      usb_vendor_id="0x04B8", usb_product_id="202",
                                      usb_out_endpoint="0x1", paper_width="58")
    assert (printer.usb_vendor_id, printer.usb_product_id, printer.usb_out_endpoint,
            printer.paper_width) == ("04b8", "0202", "01", 58)
    device = printing.printer_device(printer)
    assert (device.usb_args, device.out_ep) == ({"idVendor": 0x04B8, "idProduct": 0x0202}, 1)
    again = queue.kiosk_printer_set(kiosk=mall.users["kiosk"], active=False)
    assert again.pk == printer.pk and again.kind == "usb" and again.active is False
    assert KioskPrinter.objects.count() == 1


# --- the back office --------------------------------------------------------------------------

def test_rina_sets_up_the_kiosk_printer_in_the_back_office(mall, client):
    client.force_login(mall.users["rina"])
    url = "/admin/queueing/kioskprinter/add/"
    form = {"kiosk": mall.users["kiosk"].pk, "kind": "network", "paper_width": "80",
            "host": "10.0.0.7", "port": "70000", "header": "", "footer": "", "active": "on"}
    page = client.post(url, form)
    assert page.status_code == 200 and not KioskPrinter.objects.exists()
    assert "65535" in page.content.decode()
    response = client.post(url, {**form, "port": "9100"})
    assert response.status_code == 302
    printer = KioskPrinter.objects.get()
    assert (printer.kiosk, printer.host, printer.port) == (mall.users["kiosk"], "10.0.0.7", 9100)


def test_agency_admins_and_other_sites_do_not_see_kiosk_printers(mall, client):
    printer = queue.kiosk_printer_set(kiosk=mall.users["kiosk"], kind="browser")
    client.force_login(mall.users["hendra"])
    assert client.get("/admin/queueing/kioskprinter/").status_code == 403
    other = build_mall("kota-lain")
    client.force_login(other.users["rina"])
    assert client.get("/admin/queueing/kioskprinter/").status_code == 200
    assert client.get(f"/admin/queueing/kioskprinter/{printer.pk}/change/").status_code == 403


def test_a_usb_printer_that_is_not_plugged_in_is_the_same_domain_error(mall):
    ticket = queue.ticket_issue(service=mall.ktp)
    printer = queue.kiosk_printer_set(kiosk=mall.users["kiosk"], kind="usb",
                                      usb_vendor_id="ffff", usb_product_id="fffe")
    with pytest.raises(Conflict) as error:
        printing.ticket_print(ticket=ticket, printer=printer, public_url=URL, position=0,
                              estimate_minutes=0)
    assert error.value.code == "printer_unavailable"
