"""The survey's screens: the ticket page of a done visit leads to the survey, answered once;
a visit not done yet gets no form; the front desk types in paper questionnaires for any
agency, an agency's admin for their own, an officer or a kiosk for none."""

from __future__ import annotations

from django.test import Client

from mpp.feedback.models import SurveyResponse
from mpp.queueing import services as queue

from .test_survey_api import done_ticket

ANSWERS = {f"U{n}": str(1 + n % 4) for n in range(1, 10)}


def english(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["mpp_lang"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def test_a_done_ticket_leads_to_the_survey_once(mall, tuesday_morning):
    ticket = done_ticket(mall)
    phone = english()
    page = phone.get(f"/antrean/t/{ticket.public_id}/").content.decode()
    assert 'data-testid="survey-link"' in page
    survey = f"/survei/t/{ticket.public_id}/"
    form = phone.get(survey)
    assert form.status_code == 200 and b'data-testid="question-U9"' in form.content
    assert mall.users["dewi"].username.encode() not in form.content  # never the officer
    sent = phone.post(survey, {**ANSWERS, "officer_rating": "5", "comment": "Cepat <b>x</b>",
                               "gender": "P", "age_band": "30-39"})
    assert sent.status_code == 302 and sent["Location"].endswith("?terima=1")
    response = SurveyResponse.objects.get()
    assert response.answers() == {key: int(value) for key, value in ANSWERS.items()}
    assert (response.officer_rating, response.gender, response.age_band) == (5, "P", "30-39")
    assert response.source == "ticket" and response.officer == mall.users["dewi"]
    again = phone.post(survey, ANSWERS)  # sent again (a back button): thanked, not stored
    assert b'data-testid="survey-thanks"' in again.content
    assert SurveyResponse.objects.count() == 1
    after = phone.get(f"/antrean/t/{ticket.public_id}/").content.decode()
    assert 'data-testid="survey-done"' in after and 'data-testid="survey-link"' not in after


def test_a_visit_not_done_gets_no_form(mall, tuesday_morning):
    ticket = queue.ticket_issue(service=mall.ktp)
    assert 'survey-link' not in english().get(f"/antrean/t/{ticket.public_id}/").content.decode()
    page = english().get(f"/survei/t/{ticket.public_id}/")
    assert b'data-testid="survey-not-yet"' in page.content and b"survey-form" not in page.content
    posted = english().post(f"/survei/t/{ticket.public_id}/", ANSWERS)
    assert b"survey-form" not in posted.content and not SurveyResponse.objects.exists()
    assert english().get("/survei/t/TIDAKADA/").status_code == 404


def test_errors_name_the_question_and_keep_the_answers(mall, tuesday_morning):
    ticket = done_ticket(mall)
    partial = {key: value for key, value in ANSWERS.items() if key != "U4"}
    page = english().post(f"/survei/t/{ticket.public_id}/", {**partial, "gender": "X"})
    assert page.status_code == 422
    html = page.content.decode()
    assert 'href="#q-U4"' in html and 'href="#q-gender"' in html
    assert f'name="U1" value="{ANSWERS["U1"]}" checked' in html
    assert not SurveyResponse.objects.exists()


def test_a_service_is_rated_without_a_ticket(mall, tuesday_morning):
    url = f"/s/kota-uji/survei/{mall.pkb.code}/"
    assert english().get(url).status_code == 200
    sent = english().post(url, ANSWERS)
    assert sent.status_code == 302
    response = SurveyResponse.objects.get()
    assert response.source == "service" and response.service == mall.pkb
    assert response.ticket is None and response.officer is None


def test_the_front_desk_types_in_paper_forms(mall, tuesday_morning):
    ticket = done_ticket(mall)
    desk = english(mall.users["frontdesk"])
    url = "/umpan-balik/kota-uji/survei/kertas/"
    assert desk.get(url).status_code == 200
    by_service = desk.post(url, {"service": mall.pkb.code, **ANSWERS})
    assert by_service.status_code == 302 and "tersimpan=" in by_service["Location"]
    by_number = desk.post(url, {"ticket": ticket.display_number, **ANSWERS,
                                "officer_rating": "4"})
    assert by_number.status_code == 302
    assert list(SurveyResponse.objects.values_list("source", flat=True)) == ["paper"] * 2
    on_ticket = SurveyResponse.objects.get(ticket=ticket)
    assert on_ticket.entered_by == mall.users["frontdesk"]
    assert on_ticket.officer == mall.users["dewi"] and on_ticket.officer_rating == 4
    twice = desk.post(url, {"ticket": ticket.public_id, **ANSWERS})
    assert twice.status_code == 409


def test_who_may_type_in_paper_forms(mall, tuesday_morning):
    url = "/umpan-balik/kota-uji/survei/kertas/"
    sari = english(mall.users["sari"])
    assert sari.post(url, {"service": mall.ktp.code, **ANSWERS}).status_code in (403, 422)
    assert sari.post(url, {"service": mall.pkb.code, **ANSWERS}).status_code == 302
    assert english(mall.users["dewi"]).get(url).status_code == 403  # officers are rated
    assert english(mall.users["kiosk"]).get(url).status_code == 403
    assert SurveyResponse.objects.count() == 1
