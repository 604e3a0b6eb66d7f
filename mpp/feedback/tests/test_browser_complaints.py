"""In a real browser: Wulan, on a 360 px phone, reports a slippery floor with a photo, gets
her tracking code and key, and reads the answer Disdukcapil's admin wrote. Debian's chromium
through Playwright; select with `-m browser`."""

from __future__ import annotations

from pathlib import Path

from django.db import connections

from mpp.browser_testing import PYTESTMARK, browser, csp_violations  # noqa: F401
from mpp.conftest import build_mall
from mpp.feedback import services
from mpp.feedback.models import Complaint

from .test_complaint_screens import PNG

PHONE = {"width": 360, "height": 740}
SCREENS = Path(__file__).resolve().parents[3] / "docs" / "screens"

pytestmark = PYTESTMARK


def test_a_complaint_with_a_photo_on_a_phone(live_server, browser, tmp_path, settings):
    try:
        mall = build_mall()
        settings.MPP_FILES_DIR = tmp_path / "files"
        picture = tmp_path / "lantai.png"
        picture.write_bytes(PNG)
        phone = browser.new_context(locale="id-ID", viewport=PHONE, is_mobile=True,
                                    has_touch=True).new_page()
        violations = csp_violations(phone)
        phone.goto(f"{live_server.url}/s/kota-uji/")
        phone.click("[data-testid=complaint-link]")
        phone.wait_for_selector("[data-testid=complaint-form]")
        phone.check("input[name=kind][value=complaint]")
        phone.select_option("#agency", "disdukcapil")
        phone.fill("#body", "Lantai ruang tunggu licin, tidak ada tanda peringatan.")
        phone.set_input_files("[data-testid=complaint-files]", str(picture))
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        SCREENS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(SCREENS / "complaint.png"), full_page=True)
        phone.click("[data-testid=complaint-submit]")
        phone.wait_for_selector("[data-testid=filer-key]")
        complaint = Complaint.objects.get()
        assert phone.text_content("[data-testid=tracking-code]") == complaint.display_code
        assert complaint.files.count() == 1 and complaint.channel == "portal"
        services.complaint_answer(complaint=complaint, actor=mall.users["hendra"],
                                  message="Terima kasih, tanda peringatan sudah dipasang.")
        phone.reload()
        assert "tanda peringatan sudah dipasang" in phone.text_content(
            "[data-testid=complaint-messages]")
        phone.click("[data-testid=accept]")
        phone.wait_for_url("**/?ok=1")
        complaint.refresh_from_db()
        assert complaint.status == "closed"
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert violations == []
    finally:
        connections.close_all()
