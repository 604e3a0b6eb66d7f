"""Signing a receipt and verifying signed PDFs, in one process, beside their references.

    .venv/bin/python benchmarks/signing.py [--rounds 30]

On a fresh SQLite database in a temporary MPP_DATA_DIR (the self-made signing key):

1. Receipt: `receipt_ensure` end to end (draw the PDF with fpdf2, sign it with pyHanko, store
   it, write its row), median and p95 of `--rounds` applications; the target is a median
   under 200 ms. Reference, measured in the same run: pyHanko signing the same bytes alone
   (`pdf_sign` on an already drawn receipt), which is what the signature itself costs.
2. Verify: `document_verify` of a 1 MB signed PDF (a receipt with 1 MB of page content, then
   signed), as `POST /api/v1/verify` runs it; the target is under 1 s. Reference: hashing the
   same file's bytes with SHA-256 (what reading the whole file costs at the least).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def _ms(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
    return f"median {statistics.median(values) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="mpp-bench-sign-")
    os.environ.update({"MPP_DATA_DIR": data_dir, "DATABASE_URL": "",
                       "DJANGO_SETTINGS_MODULE": "mpp.settings"})
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from datetime import time as clock

    from mpp.accounts.models import Role
    from mpp.accounts.services import user_create
    from mpp.applications import receipts, selectors, services
    from mpp.catalog import services as catalog
    from mpp.lib import signing
    from mpp.lib.uploads import FileStore
    from mpp.queueing import services as queue

    site = catalog.site_create(slug="bench", name="MPP Bench", timezone="Asia/Jakarta",
                               open_days=[1, 2, 3, 4, 5, 6, 7], opens_at=clock(0),
                               closes_at=clock(23, 59))
    agency = catalog.agency_create(site=site, slug="disdukcapil", name="Disdukcapil",
                                   kind="opd", open_days=[1, 2, 3, 4, 5, 6, 7],
                                   opens_at=clock(0), closes_at=clock(23, 59))
    service = catalog.service_create(agency=agency, code="kk", name="Kartu Keluarga",
                                     prefix="A", requirements=["KTP-el", "Buku nikah"],
                                     completion_days=3)
    counter = catalog.counter_create(agency=agency, code="L1", name="Loket 1",
                                     services=[service])
    officer = user_create(username="dewi", password="bench-password-2026", role=Role.OFFICER,
                          site=site, agency=agency, check_password=False)
    queue.counter_set_open(counter=counter, is_open=True)
    signing.signer_get()  # the key is made once, before the timing

    applications = []
    for n in range(args.rounds + 1):
        queue.ticket_issue(service=service)
        ticket = queue.ticket_start(ticket=queue.ticket_call_next(counter=counter,
                                                                  actor=officer),
                                    actor=officer)
        applications.append(services.application_receive(
            ticket=ticket, actor=officer, applicant_name=f"Warga {n}",
            nik=f"320101120385{n + 1:04d}"))
    services.receipt_ensure(application=applications[0], base_url="https://mpp.example")
    end_to_end, sign_only = [], []
    for application in applications[1:]:
        start = time.perf_counter()
        services.receipt_ensure(application=application, base_url="https://mpp.example")
        end_to_end.append(time.perf_counter() - start)
        drawn = receipts.receipt_pdf(application=application, verify_code="ABCDEFGH",
                                     base_url="https://mpp.example")
        start = time.perf_counter()
        signing.pdf_sign(drawn, reason="Tanda terima", location=site.name)
        sign_only.append(time.perf_counter() - start)

    # a 1 MB signed PDF: a receipt with 1 MB of extra page content, signed and kept as ours
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_compression(False)
    pdf.add_page()
    pdf.set_font("helvetica", size=6)
    line = "Lampiran " + "0123456789" * 12
    for _ in range(7000):  # about 1 MB of uncompressed page content
        pdf.cell(0, 2, line, new_x="LMARGIN", new_y="NEXT")
    big = bytes(pdf.output())
    signed = signing.pdf_sign(big, reason="Hasil", location=site.name)
    from mpp.applications.models import SignedDocument

    stored = FileStore().save([signed.data], extension="pdf")
    SignedDocument.objects.create(
        code="BENCHBIG", site=site, application=applications[0], kind="result",
        signature_id=signed.signature_id, signer_fingerprint=signed.signer_fingerprint,
        signer_name=signed.signer_name, signed_at=django.utils.timezone.now(),
        sha256=stored.sha256, stored_name=stored.name)
    verify, digest = [], []
    for _ in range(max(5, args.rounds // 3)):
        start = time.perf_counter()
        verdict = selectors.document_verify(data=signed.data)
        verify.append(time.perf_counter() - start)
        assert verdict.status == "valid", verdict
        start = time.perf_counter()
        hashlib.sha256(signed.data).hexdigest()
        digest.append(time.perf_counter() - start)

    print(f"Signing and verifying, {args.rounds} receipts, one process, SQLite, "
          f"self-made ECDSA P-256 key")
    print(f"receipt_ensure (draw, sign, store, row)   {_ms(end_to_end)}   target: median < 200 ms")
    print(f"  reference: pyHanko signing alone        {_ms(sign_only)}")
    print(f"verify a signed PDF of {len(signed.data) / 1e6:.2f} MB         {_ms(verify)}"
          f"   target: < 1 s")
    print(f"  reference: SHA-256 of the same bytes    {_ms(digest)}")


if __name__ == "__main__":
    main()
