"""Applications test helpers: a clock, citizens' NIKs, files as citizens upload them, and the
MPP's files and signing keys in a folder of the test's own."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mpp.lib import signing
from mpp.queueing import services as queue

WIB = ZoneInfo("Asia/Jakarta")
SITI = "3201014107900001"    # a woman (day 41 = the 1st), born 1 July 1990
AGUS = "3201011203850002"    # a man born 12 March 1985


class Clock:
    def __init__(self, monkeypatch, start: datetime):
        self.now = start
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def set(self, year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
        self.now = datetime(year, month, day, hour, minute, tzinfo=WIB)
        return self.now


@pytest.fixture
def clock(monkeypatch):
    """Monday 23 Nov 2026, 09:00 WIB; `clock.set(y, m, d)` moves it."""
    return Clock(monkeypatch, datetime(2026, 11, 23, 9, 0, tzinfo=WIB))


@pytest.fixture(autouse=True)
def mpp_files(settings, tmp_path):
    """Uploaded files and the self-made signing keys of each test in its own folder."""
    settings.MPP_FILES_DIR = tmp_path / "files"
    settings.DATA_DIR = tmp_path / "data"
    signing.signer_reset()
    yield settings.MPP_FILES_DIR
    signing.signer_reset()


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def pdf_bytes(text: str = "KTP-el") -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, text)
    return bytes(pdf.output())


def png_bytes() -> bytes:
    import segno

    out = io.BytesIO()
    segno.make("foto").save(out, kind="png")
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def served_ticket(mall, service=None, officer=None):
    """A citizen's ticket called and being served at Disdukcapil's counter by Dewi."""
    service = service or mall.kk
    officer = officer or mall.users["dewi"]
    counter = queue.counter_set_open(counter=mall.loket_disdukcapil, is_open=True)
    queue.ticket_issue(service=service)
    ticket = queue.ticket_call_next(counter=counter, actor=officer)
    return queue.ticket_start(ticket=ticket, actor=officer)
