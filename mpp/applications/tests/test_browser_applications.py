"""In a real browser: Siti applies online on a 360 px phone with her documents (checked as she
chooses them, sent with their progress), gets her tracking code and signed receipt; at the
kiosk, her code typed on the on-screen keys shows the status slip. Debian's chromium through
Playwright; select with `-m browser`."""

from __future__ import annotations

from django.db import connections

from mpp.applications.models import Application
from mpp.browser_testing import PYTESTMARK, browser, csp_violations, sign_in  # noqa: F401
from mpp.conftest import build_mall

from .conftest import SITI, pdf_bytes

PHONE = {"width": 360, "height": 740}

pytestmark = PYTESTMARK


def test_an_e_service_application_on_a_phone_with_uploads(live_server, browser, tmp_path,
                                                          settings):
    try:
        build_mall()
        settings.MPP_UPLOAD_MAX_BYTES = 200_000
        document = tmp_path / "ktp.pdf"
        document.write_bytes(pdf_bytes("KTP-el Siti"))
        too_big = tmp_path / "besar.pdf"
        too_big.write_bytes(b"%PDF-1.4\n" + b"0" * 300_000)
        phone = browser.new_context(locale="id-ID", viewport=PHONE, is_mobile=True,
                                    has_touch=True).new_page()
        violations = csp_violations(phone)
        phone.goto(f"{live_server.url}/s/kota-uji/layanan/pasang-baru/")
        phone.click("[data-testid=apply-online]")
        phone.wait_for_selector("#req_1")
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        phone.set_input_files("#req_1", str(too_big))
        phone.wait_for_selector(".upload .upload__state.field-error")  # told at once
        phone.set_input_files("#req_1", str(document))
        phone.wait_for_function(
            "document.querySelector('.upload__state').textContent.includes('ktp.pdf')")
        phone.fill("#applicant_name", "Siti Rahmawati")
        phone.fill("#nik", SITI)
        phone.fill("#phone", "0812-3456-7890")
        phone.click("[data-testid=apply-submit]")
        phone.wait_for_selector("[data-testid=tracking-code]")
        application = Application.objects.get()
        assert phone.text_content("[data-testid=tracking-code]") == application.display_code
        assert phone.is_visible("[data-testid=receipt-link]")
        assert application.files.get().requirement == 1
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert violations == []
    finally:
        connections.close_all()


def test_the_kiosk_looks_up_a_status_by_tracking_code(live_server, browser, api):
    try:
        mall = build_mall()
        from django.core.files.uploadedfile import SimpleUploadedFile

        from mpp.applications import services

        application = services.application_submit(
            service=mall.pasang_baru, applicant_name="Siti Rahmawati", nik=SITI,
            phone="0812-3456-7890",
            files={"req_1": SimpleUploadedFile("k.pdf", pdf_bytes(), "application/pdf")})
        kiosk = sign_in(browser, live_server.url, mall.users["kiosk"].username,
                        viewport={"width": 1080, "height": 1920}, has_touch=True)
        kiosk.goto(f"{live_server.url}/antrean/kota-uji/kiosk/")
        kiosk.click("[data-testid=kiosk-status-link]")
        kiosk.wait_for_selector(".keypad")
        for key in application.tracking_code:
            kiosk.click(f".keypad__key[data-key='{key}']")
        assert kiosk.input_value("[data-testid=kiosk-code]") == application.display_code
        kiosk.click("[data-testid=kiosk-show]")
        kiosk.wait_for_selector("[data-testid=status-slip]")
        slip = kiosk.text_content("[data-testid=status-slip]")
        assert application.display_code in slip and "Siti" not in slip
        assert kiosk.csp_violations == []
    finally:
        connections.close_all()
