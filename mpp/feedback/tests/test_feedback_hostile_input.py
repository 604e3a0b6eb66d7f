"""Text no database stores (a NUL) and over-long or mistyped fields in every feedback
endpoint: a 4xx in the contract's shape on SQLite and PostgreSQL alike, never a 500, nothing
half written."""

from __future__ import annotations

import pytest

from mpp.feedback.models import Complaint, ComplaintEvent, SurveyResponse

from .conftest import file_report
from .test_survey_api import ALL_FOUR, done_ticket

HOSTILE = ["Antrean\x00dilewati panjang", "x" * 25000, 12, None, ["a"], {"a": 1}]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("field", ["kind", "agency", "service", "ticket", "body", "name",
                                   "contact", "anonymous", "confidential"])
def test_filing(api, mall, tuesday_morning, field, value):
    body = {"kind": "complaint", "body": "Antrean tidak dipanggil berurutan.", field: value}
    answer = api().post("sites/kota-uji/complaints", body)
    if answer.status_code == 201:  # a value that is fine for this field (None: left out)
        assert value is None  # left out: the field is optional
        return
    assert 400 <= answer.status_code < 500, answer.content
    assert "error" in answer.json()
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("value", HOSTILE)
def test_answers_and_the_filers_steps(api, mall, tuesday_morning, value):
    filed = file_report(api)
    code, key = filed["tracking_code"], filed["filer_key"]
    hendra = api(mall.users["hendra"])
    events = ComplaintEvent.objects.count()
    for path, body, who in (
            (f"complaints/{code}/respond", {"status": value, "message": "ok"}, hendra),
            (f"complaints/{code}/respond", {"status": "answered", "message": value}, hendra),
            (f"complaints/{code}/reroute", {"agency": value or 0, "reason": "x"}, hendra),
            (f"complaints/{code}/reply", {"key": value, "message": "x"}, api()),
            (f"complaints/{code}/reply", {"key": key, "message": value}, api()),
            (f"complaints/{code}/rate", {"key": key, "rating": value}, api()),
            (f"complaints/{value}/respond", {"status": "answered", "message": "x"}, hendra)):
        if not isinstance(value, str) and "{" in path:
            continue
        answer = who.post(path, body)
        assert 400 <= answer.status_code < 500, (path, body, answer.content)
    assert ComplaintEvent.objects.count() == events


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("field", ["answers", "officer_rating", "comment", "profile",
                                   "ticket"])
def test_survey(api, mall, tuesday_morning, field, value):
    ticket = done_ticket(mall)
    body = {"ticket": ticket.public_id, "answers": ALL_FOUR, field: value}
    answer = api().post("surveys", body)
    if answer.status_code == 201:
        assert value is None  # left out: the field is optional
        return
    assert 400 <= answer.status_code < 500, answer.content
    assert not SurveyResponse.objects.exists()
