"""In a real browser: after her service, Wulan opens her ticket's page on a 360 px phone
(the slip's QR), taps "rate", answers the nine questions and the officer's rating, and is
thanked; the ticket page then says the visit is rated. Debian's chromium through Playwright;
select with `-m browser`."""

from __future__ import annotations

from pathlib import Path

from django.db import connections

from mpp.browser_testing import PYTESTMARK, browser, csp_violations  # noqa: F401
from mpp.conftest import build_mall
from mpp.feedback.models import SurveyResponse
from mpp.queueing.tests.test_races import open_hours  # noqa: F401 (fixture)

from .test_survey_api import done_ticket

PHONE = {"width": 360, "height": 740}
SCREENS = Path(__file__).resolve().parents[3] / "docs" / "screens"

pytestmark = PYTESTMARK


def test_the_survey_reached_from_a_done_tickets_page(live_server, browser, open_hours):
    try:
        mall = build_mall()
        ticket = done_ticket(mall)
        phone = browser.new_context(locale="id-ID", viewport=PHONE, is_mobile=True,
                                    has_touch=True).new_page()
        violations = csp_violations(phone)
        phone.goto(f"{live_server.url}/antrean/t/{ticket.public_id}/")
        phone.click("[data-testid=survey-link]")
        phone.wait_for_selector("[data-testid=survey-form]")
        for number in range(1, 10):
            phone.click(f"[data-testid=question-U{number}] .survey-option:nth-child(4)")
        phone.click(".survey-star:nth-child(5)")
        phone.fill("[data-testid=survey-comment]", "Petugasnya ramah dan cepat.")
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        SCREENS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(SCREENS / "survey.png"), full_page=True)
        phone.click("[data-testid=survey-submit]")
        phone.wait_for_selector("[data-testid=survey-thanks]")
        response = SurveyResponse.objects.get()
        assert response.answers() == {f"U{n}": 4 for n in range(1, 10)}
        assert response.officer_rating == 5
        phone.goto(f"{live_server.url}/antrean/t/{ticket.public_id}/")
        phone.wait_for_selector("[data-testid=survey-done]")
        assert violations == []
    finally:
        connections.close_all()
