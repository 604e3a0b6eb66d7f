"""The complaint clock in working days of the site's calendar: national holidays, cuti
bersama and the site's own closed days skipped; overdue reports escalated to the mall
admin once per deadline; answered reports closed when the filer stays silent; reopened
within the window only."""

from __future__ import annotations

from datetime import date

from mpp.catalog import services as catalog
from mpp.feedback import services
from mpp.feedback.models import Complaint, ComplaintEvent
from mpp.notifications.models import Notification

from .conftest import file_report


def due(filed) -> date:
    return date.fromisoformat(filed["due_date"])


def test_verification_skips_christmas_and_its_cuti_bersama(api, mall, clock):
    clock.set(2026, 12, 23)  # Wednesday; 24 Dec cuti bersama, 25 Dec Natal, then a weekend
    assert due(file_report(api)) == date(2026, 12, 30)


def test_verification_skips_nyepi_and_lebaran(api, mall, clock):
    clock.set(2026, 3, 17)  # Tuesday; 18-24 March: Nyepi, Idul Fitri and their cuti bersama
    assert due(file_report(api)) == date(2026, 3, 27)


def test_the_sites_own_closed_day_counts_too(api, mall, clock):
    catalog.closed_day_add(site=mall.site, date=date(2026, 11, 26), reason="Banjir")
    assert due(file_report(api)) == date(2026, 11, 30)  # filed Tue 24 Nov


def test_the_final_deadline_is_sixty_working_days(api, mall, clock):
    filed = file_report(api)
    assert filed["final_due_date"] == "2027-02-23"  # past 24-25 Dec, 1 and 5 Jan, 5 Feb


def test_overdue_is_escalated_once_per_deadline(api, staff_mail, clock):
    mall = staff_mail
    code = file_report(api)["tracking_code"]  # verification due Fri 27 Nov
    clock.set(2026, 11, 27)
    assert services.complaints_sweep()["escalated"] == 0
    clock.set(2026, 11, 30)
    assert services.complaints_sweep()["escalated"] == 1
    assert services.complaints_sweep()["escalated"] == 0
    escalations = Notification.objects.filter(kind="complaint_escalated")
    assert [n.recipient for n in escalations] == ["rina@mpp.example.id"]
    listed = api(mall.users["rina"]).get("sites/kota-uji/complaints?overdue=true").json()
    assert [c["tracking_code"] for c in listed] == [code] and listed[0]["escalated"]
    api(mall.users["hendra"]).post(f"complaints/{code}/respond", {"status": "in_progress"})
    assert Complaint.objects.get().due_date == date(2026, 12, 7)  # the answer, 5 days on
    clock.set(2026, 12, 8)
    assert services.complaints_sweep()["escalated"] == 1  # the answer's deadline: again
    assert Notification.objects.filter(kind="complaint_escalated").count() == 2
    assert ComplaintEvent.objects.filter(action="escalate").count() == 2


def test_a_late_final_resolution_is_overdue_even_with_the_step_on_time(api, mall, clock,
                                                                      settings):
    settings.MPP_COMPLAINT_DAYS = {**settings.MPP_COMPLAINT_DAYS, "final": 4}
    code = file_report(api)["tracking_code"]
    clock.set(2026, 11, 27)
    api(mall.users["hendra"]).post(f"complaints/{code}/respond", {"status": "in_progress"})
    clock.set(2026, 12, 1)  # the answer is due 4 Dec, the final resolution was due 30 Nov
    view = api(mall.users["rina"]).get("sites/kota-uji/complaints").json()[0]
    assert view["overdue"] is True
    assert services.complaints_sweep()["escalated"] == 1


def test_an_answer_left_alone_closes_itself(api, mall, clock):
    filed = file_report(api, contact="081234567890")
    code = filed["tracking_code"]
    api(mall.users["hendra"]).post(f"complaints/{code}/respond",
                                   {"status": "answered", "message": "Sudah kami perbaiki."})
    assert Complaint.objects.get().due_date == date(2026, 12, 8)  # 10 working days
    clock.set(2026, 12, 8)
    assert services.complaints_sweep()["auto_closed"] == 0
    clock.set(2026, 12, 9)
    assert services.complaints_sweep()["auto_closed"] == 1
    complaint = Complaint.objects.get()
    assert complaint.status == "closed" and complaint.closed_at is not None
    assert ComplaintEvent.objects.filter(action="auto_close").count() == 1
    assert Notification.objects.filter(kind="complaint_closed").count() == 1
    assert services.complaints_sweep()["auto_closed"] == 0


def test_reopened_within_the_window_not_after(api, mall, clock):
    filed = file_report(api)
    code, key = filed["tracking_code"], filed["filer_key"]
    api(mall.users["hendra"]).post(f"complaints/{code}/respond",
                                   {"status": "answered", "message": "Selesai."})
    api().post(f"complaints/{code}/close", {"key": key})  # closed Tue 24 Nov
    clock.set(2026, 12, 8)  # 10 working days later
    reopened = api().post(f"complaints/{code}/reopen", {"key": key, "message": "Terulang."})
    assert reopened.status_code == 200 and reopened.json()["status"] == "in_progress"
    assert Complaint.objects.get().due_date == date(2026, 12, 15)
    api(mall.users["hendra"]).post(f"complaints/{code}/respond",
                                   {"status": "answered", "message": "Kami tangani."})
    api().post(f"complaints/{code}/close", {"key": key, "rating": 2})  # closed Tue 8 Dec
    clock.set(2026, 12, 23)  # 11 Dec ... 22 Dec: 10 working days; 23 Dec is the 11th
    late = api().post(f"complaints/{code}/reopen", {"key": key, "message": "Lagi."})
    assert late.status_code == 409 and late.json()["error"]["code"] == "reopen_window_passed"
    no_message = api().post(f"complaints/{code}/reopen", {"key": key, "message": ""})
    assert no_message.status_code == 422


def test_a_visit_is_complained_about_within_thirty_days(api, mall, clock):
    from mpp.queueing import services as queue

    ticket = queue.ticket_issue(service=mall.ktp)
    clock.set(2026, 12, 24)  # 30 days later: still in time
    assert api().post("sites/kota-uji/complaints", {
        "kind": "complaint", "ticket": ticket.public_id,
        "body": "Saya dilayani dengan kasar."}).status_code == 201
    clock.set(2026, 12, 25)
    late = api().post("sites/kota-uji/complaints", {
        "kind": "complaint", "ticket": ticket.public_id, "body": "Saya dilayani dengan kasar."})
    assert late.status_code == 422 and "ticket" in late.json()["error"]["fields"]
    assert Complaint.objects.get().agency == mall.disdukcapil  # from the ticket's service

