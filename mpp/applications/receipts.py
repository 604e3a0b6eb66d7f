"""The PDFs of an application, before they are signed: the receipt (tanda terima) drawn with
fpdf2, and the verification stamp (a QR with its link) put on the agency's result document
with pyHanko. Both carry the QR of `/v/<code>`, the document's verification page.

fpdf2's core fonts cover Latin-1: other characters (a name in another script) print as "?"
on the paper; the database and the screens keep them as written.
"""

from __future__ import annotations

import io

import segno
from django.utils import formats, translation
from django.utils.translation import gettext as _

from mpp.catalog.calendar import site_zone

from .models import Application


def verify_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/v/{code}"


def track_url(base_url: str, tracking_code: str) -> str:
    return f"{base_url.rstrip('/')}/lacak/{tracking_code}"


def _latin(text: object) -> str:
    return str(text).encode("latin-1", "replace").decode("latin-1")


def person_date(day) -> str:
    """A date as people read it: "Senin, 7 Desember 2026"."""
    return formats.date_format(day, "l, j F Y")


def receipt_pdf(*, application: Application, verify_code: str, base_url: str,
                language: str = "id") -> bytes:
    """The receipt: the MPP, agency, service, applicant (NIK masked), tracking code, the
    requirements received, the date received and the due date, the QR of its verification
    page; A5, printable on the front desk's printer."""
    from fpdf import FPDF

    site, agency, service = application.site, application.agency, application.service
    files = {f.requirement for f in application.files.all() if f.requirement}
    with translation.override(language):
        pdf = FPDF(orientation="portrait", unit="mm", format=(148, 210))  # A5
        pdf.set_title(_latin(_("Receipt %(code)s") % {"code": application.display_code}))
        pdf.set_author(_latin(site.name))
        pdf.set_creator("MPP")
        pdf.set_auto_page_break(auto=True, margin=12)
        pdf.add_page()
        width = pdf.w - pdf.l_margin - pdf.r_margin
        pdf.set_font("helvetica", "B", 13)
        pdf.multi_cell(width, 6, _latin(site.name), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", "", 10)
        pdf.multi_cell(width, 5, _latin(agency.name), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.set_font("helvetica", "B", 14)
        pdf.cell(width, 8, _latin(_("RECEIPT OF APPLICATION")), align="C",
                 new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", "B", 20)
        pdf.cell(width, 11, application.display_code, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        received = application.received_at.astimezone(site_zone(site))
        rows = [
            (_("Service"), service.name),
            (_("Applicant"), application.applicant_name),
            (_("NIK"), application.nik_masked),
            (_("Channel"), application.get_channel_display()),
            (_("Received"), f"{person_date(received.date())}, {received:%H.%M}"),
            (_("Due date"), person_date(application.due_date)),
        ]
        for label, value in rows:
            pdf.set_font("helvetica", "B", 9)
            pdf.cell(30, 5.5, _latin(label))
            pdf.set_font("helvetica", "", 9)
            pdf.multi_cell(width - 30, 5.5, _latin(value), new_x="LMARGIN", new_y="NEXT")
        requirements = list(service.requirements or [])
        if requirements:
            pdf.ln(2)
            pdf.set_font("helvetica", "B", 9)
            pdf.cell(width, 5.5, _latin(_("Requirements")), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("helvetica", "", 8.5)
            for number, text in enumerate(requirements, start=1):
                mark = "[x]" if (number in files or application.channel == "direct") else "[ ]"
                pdf.multi_cell(width, 4.6, _latin(f"{mark} {number}. {text}"),
                               new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        link = verify_url(base_url, verify_code)
        qr = io.BytesIO()
        segno.make(link, error="m").save(qr, kind="png", scale=6, border=2)
        qr.seek(0)
        top = pdf.get_y()
        if top > pdf.h - 45:
            pdf.add_page()
            top = pdf.get_y()
        pdf.image(qr, x=pdf.l_margin, y=top, w=32, h=32)
        pdf.set_xy(pdf.l_margin + 35, top + 2)
        pdf.set_font("helvetica", "", 8)
        pdf.multi_cell(width - 35, 4.2, _latin(
            _("Signed electronically by %(site)s. Scan the QR or open %(link)s to check that "
              "this receipt is genuine and unchanged. Follow the application at %(track)s.")
            % {"site": site.name, "link": link,
               "track": track_url(base_url, application.tracking_code)}),
            new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())


def stamp_pdf(data: bytes, *, application: Application, verify_code: str,
              base_url: str) -> bytes:
    """The agency's PDF with the verification QR and its link stamped at the foot of its
    first page (an incremental update, signed next)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.stamp import QRStamp, QRStampStyle

    link = verify_url(base_url, verify_code)
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    style = QRStampStyle(stamp_text=_latin(
        _("Verify: %(link)s") % {"link": link}).replace("%", "%%"), border_width=0)
    stamp = QRStamp(writer, link, style, box=BoxConstraints(width=220, height=60))
    stamp.apply(0, 20, 20)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
