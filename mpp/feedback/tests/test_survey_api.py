"""The survey from a citizen's phone after her visit, and the IKM as the mall admin and the
agencies read it."""

from __future__ import annotations

from mpp.feedback.models import SurveyResponse
from mpp.queueing import services as queue

ALL_FOUR = {f"U{n}": 4 for n in range(1, 10)}


def done_ticket(mall, clock=None):
    dewi = mall.users["dewi"]
    counter = queue.counter_set_open(counter=mall.loket_disdukcapil, is_open=True)
    queue.ticket_issue(service=mall.ktp)
    ticket = queue.ticket_call_next(counter=counter, actor=dewi)
    queue.ticket_start(ticket=ticket, actor=dewi)
    return queue.ticket_finish(ticket=ticket, actor=dewi)


def test_a_done_ticket_is_rated_once(api, mall, tuesday_morning):
    ticket = done_ticket(mall)
    answer = api().post("surveys", {"ticket": ticket.public_id, "answers": ALL_FOUR,
                                    "officer_rating": 5, "comment": "<b>Cepat</b>"})
    assert answer.status_code == 201, answer.content
    response = SurveyResponse.objects.get()
    assert response.officer == mall.users["dewi"] and response.answers() == ALL_FOUR
    again = api().post("surveys", {"ticket": ticket.public_id, "answers": ALL_FOUR})
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_rated"


def test_a_ticket_not_done_cannot_be_rated(api, mall, tuesday_morning):
    ticket = queue.ticket_issue(service=mall.ktp)
    answer = api().post("surveys", {"ticket": ticket.public_id, "answers": ALL_FOUR})
    assert answer.status_code == 409 and answer.json()["error"]["code"] == "not_done"
    assert not SurveyResponse.objects.exists()


def test_bad_answers_name_the_element(api, mall, tuesday_morning):
    ticket = done_ticket(mall)
    for answers, field in (({**ALL_FOUR, "U3": 5}, "answers.U3"),
                           ({k: v for k, v in ALL_FOUR.items() if k != "U9"}, "answers.U9"),
                           ({**ALL_FOUR, "U10": 2}, "answers.U10"),
                           ({**ALL_FOUR, "U1": True}, "answers.U1")):
        answer = api().post("surveys", {"ticket": ticket.public_id, "answers": answers})
        assert answer.status_code == 422 and field in answer.json()["error"]["fields"]
    bad_rating = api().post("surveys", {"ticket": ticket.public_id, "answers": ALL_FOUR,
                                        "officer_rating": 9})
    assert bad_rating.status_code == 422
    assert not SurveyResponse.objects.exists()


def test_the_ikm_per_site_and_per_agency(api, mall, tuesday_morning):
    for answers in (ALL_FOUR, {**ALL_FOUR, "U4": 2}):
        api().post("surveys", {"ticket": done_ticket(mall).public_id, "answers": answers})
    rina = api(mall.users["rina"]).get("sites/kota-uji/reports/ikm?from=2026-11-01")
    assert rina.status_code == 200, rina.content
    body = rina.json()
    assert body["respondents"] == 2 and body["nrr"]["U4"] == 3.0
    assert body["score"] == round((8 * 4 + 3) / 9 * 25, 2) and body["grade"] == "A"
    assert body["minimum_sample"] == 2 and body["sample_sufficient"] is True
    hendra = api(mall.users["hendra"])
    assert hendra.get("sites/kota-uji/reports/ikm").json()["respondents"] == 2
    assert hendra.get("sites/kota-uji/reports/ikm?agency=samsat").status_code == 403
    sari = api(mall.users["sari"]).get("sites/kota-uji/reports/ikm").json()
    assert sari["respondents"] == 0 and sari["grade"] is None
    assert api(mall.users["kiosk"]).get("sites/kota-uji/reports/ikm").status_code == 403
    assert api().get("sites/kota-uji/reports/ikm").status_code == 401
    assert api(mall.users["rina"]).get(
        "sites/kota-uji/reports/ikm?from=2026-13-01").status_code == 422
