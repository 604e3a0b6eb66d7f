"""Citizens and staff racing on feedback, on both databases: a ticket rated once when its
survey is sent from several phones at once; one transition of a report wins; two sweeps
escalate a report once; the filer's reply and the auto-close do not both happen."""

from __future__ import annotations

import pytest

from mpp.conftest import build_mall
from mpp.errors import Conflict
from mpp.feedback import services
from mpp.feedback.models import Complaint, ComplaintEvent, SurveyResponse
from mpp.queueing.tests.test_races import in_threads, open_hours  # noqa: F401 (fixture)

from .test_survey_api import ALL_FOUR, done_ticket

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 8


def _report(mall):
    return services.complaint_submit(site=mall.site, kind="complaint", agency=mall.disdukcapil,
                                     body="Antrean saya dilewati di loket KTP-el.")


def test_one_survey_per_ticket_when_sent_at_once(open_hours):
    mall = build_mall()
    ticket = done_ticket(mall)
    refused = []

    def send(index):
        try:
            services.survey_submit(answers=ALL_FOUR, ticket=ticket, officer_rating=5)
        except Conflict as error:
            refused.append(error.code)

    assert in_threads(THREADS, send) == []
    assert SurveyResponse.objects.count() == 1
    assert refused == ["already_rated"] * (THREADS - 1)


def test_one_transition_of_a_report_wins(open_hours):
    mall = build_mall()
    complaint = _report(mall).complaint
    outcomes = []

    def move(index):
        try:
            if index % 2:
                services.complaint_answer(complaint=complaint, actor=mall.users["hendra"],
                                          message=f"Jawaban {index}")
                outcomes.append("answered")
            else:
                services.complaint_reject(complaint=complaint, actor=mall.users["rina"],
                                          message=f"Bukan wewenang {index}")
                outcomes.append("rejected")
        except Conflict:
            outcomes.append("refused")

    assert in_threads(THREADS, move) == []
    winners = [o for o in outcomes if o != "refused"]
    assert len(winners) == 1
    assert Complaint.objects.get().status == winners[0]
    assert ComplaintEvent.objects.exclude(action="create").count() == 1


def test_two_sweeps_escalate_once(open_hours, monkeypatch):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    mall = build_mall()
    _report(mall)
    later = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr(timezone, "now", lambda: later)
    counts = []
    assert in_threads(4, lambda index: counts.append(
        services.complaints_sweep()["escalated"])) == []
    assert sum(counts) == 1
    assert ComplaintEvent.objects.filter(action="escalate").count() == 1


def test_the_filers_reply_and_the_auto_close_do_not_both_happen(open_hours, monkeypatch):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    mall = build_mall()
    complaint = _report(mall).complaint
    services.complaint_answer(complaint=complaint, actor=mall.users["hendra"], message="OK")
    later = datetime(2026, 12, 9, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr(timezone, "now", lambda: later)
    outcomes = []

    def act(index):
        if index % 2:
            outcomes.append(services.complaints_sweep()["auto_closed"])
        else:
            try:
                services.complaint_reply(complaint=complaint, message="Belum beres.")
                outcomes.append("replied")
            except Conflict:
                outcomes.append("refused")

    assert in_threads(4, act) == []
    events = list(ComplaintEvent.objects.exclude(action__in=("create", "answer"))
                  .values_list("action", flat=True))
    assert events in (["auto_close"], ["reply"])
    status = Complaint.objects.get().status
    assert status == ("closed" if events == ["auto_close"] else "in_progress")
