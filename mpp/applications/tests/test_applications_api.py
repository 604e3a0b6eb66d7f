"""The contract's "Applications" endpoints, as Dewi (an officer of Disdukcapil), Budi (an
officer of Samsat) and a citizen on the portal use them."""

from __future__ import annotations

import pytest

from mpp.applications.models import Application, ApplicationFile
from mpp.notifications.models import Notification

from .conftest import AGUS, SITI, pdf_bytes, png_bytes, served_ticket, stored_files, upload


def receive(api, mall, **body):
    ticket = served_ticket(mall)
    payload = {"applicant_name": "Siti Rahmawati", "nik": SITI, "phone": "0812-3456-7890",
               **body}
    return api(mall.users["dewi"]).post(f"tickets/{ticket.public_id}/application", payload)


def submit(api, mall, files=None, **fields):
    data = {"service": "pasang-baru", "applicant_name": "Siti Rahmawati", "nik": SITI,
            "phone": "0812-3456-7890", **fields}
    data.update(files if files is not None else {"req_1": upload("ktp.pdf", pdf_bytes())})
    return api().client.post("/api/v1/sites/kota-uji/applications", data=data)


# --- direct: "Terima berkas" at the counter ---------------------------------------------------

def test_an_officer_takes_in_papers_from_the_ticket_being_served(api, mall, clock):
    answer = receive(api, mall)
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["status"] == "received" and body["channel"] == "direct"
    assert body["due_date"] == "2026-11-26"  # KK: 3 working days from Monday
    assert body["receipt_url"].startswith("/api/v1/receipts/")
    assert len(body["tracking_code"]) == 8
    assert not set(body["tracking_code"]) & set("01OIL")
    application = Application.objects.get(tracking_code=body["tracking_code"])
    assert application.nik_masked == "3201********0001" and SITI not in str(
        Application.objects.values().get(pk=application.pk))
    assert application.events.get().action == "create"


def test_another_agencys_officer_cannot_take_in_the_papers(api, mall, clock):
    ticket = served_ticket(mall)
    answer = api(mall.users["budi"]).post(f"tickets/{ticket.public_id}/application",
                                          {"applicant_name": "Siti", "nik": SITI})
    assert answer.status_code == 403
    assert not Application.objects.exists()


def test_a_kiosk_cannot_take_in_papers(api, mall, clock):
    ticket = served_ticket(mall)
    answer = api(mall.users["kiosk"]).post(f"tickets/{ticket.public_id}/application",
                                           {"applicant_name": "Siti", "nik": SITI})
    assert answer.status_code == 403


def test_papers_of_a_ticket_still_waiting_are_refused(api, mall, clock):
    from mpp.queueing import services as queue

    ticket = queue.ticket_issue(service=mall.kk)
    answer = api(mall.users["dewi"]).post(f"tickets/{ticket.public_id}/application",
                                          {"applicant_name": "Siti", "nik": SITI})
    assert answer.status_code == 409 and answer.json()["error"]["code"] == "ticket_not_served"


def test_one_application_per_ticket(api, mall, clock):
    first = receive(api, mall)
    ticket = Application.objects.get().ticket
    again = api(mall.users["dewi"]).post(f"tickets/{ticket.public_id}/application",
                                         {"applicant_name": "Siti", "nik": SITI})
    assert again.status_code == 409
    assert again.json()["error"]["tracking_code"] == first.json()["tracking_code"]


def test_a_wrong_nik_names_the_field(api, mall, clock):
    answer = receive(api, mall, nik="123")
    assert answer.status_code == 422
    assert "nik" in answer.json()["error"]["fields"]
    assert not Application.objects.exists()


# --- the status API and the public tracking view ----------------------------------------------

def test_status_changes_and_their_timeline_without_personal_data(api, mall, clock):
    code = receive(api, mall).json()["tracking_code"]
    dewi = api(mall.users["dewi"])
    assert dewi.post(f"applications/{code}/status", {"status": "verifying"}).status_code == 200
    missing = dewi.post(f"applications/{code}/status", {"status": "incomplete"})
    assert missing.status_code == 422 and "note" in missing.json()["error"]["fields"]
    answer = dewi.post(f"applications/{code}/status",
                       {"status": "incomplete", "note": "Surat pindah belum dilampirkan"})
    assert answer.status_code == 200 and answer.json()["status"] == "incomplete"
    wrong = dewi.post(f"applications/{code}/status", {"status": "collected"})
    assert wrong.status_code == 409 and wrong.json()["error"]["code"] == "invalid_transition"
    unknown = dewi.post(f"applications/{code}/status", {"status": "lost"})
    assert unknown.status_code == 422

    track = api().get(f"track/{code.lower()[:4]}-{code.lower()[4:]}")
    assert track.status_code == 200
    body = track.json()
    assert body["status"] == "incomplete" and body["overdue"] is False
    assert [step["status"] for step in body["timeline"]] == ["received", "verifying",
                                                              "incomplete"]
    assert body["timeline"][-1]["note"] == "Surat pindah belum dilampirkan"
    text = track.content.decode()
    for secret in (SITI, "3201********0001", "Siti", "812"):
        assert secret not in text
    assert api().get("track/ZZZZZZZZ").status_code == 404


def test_budi_cannot_move_disdukcapils_application(api, mall, clock):
    code = receive(api, mall).json()["tracking_code"]
    answer = api(mall.users["budi"]).post(f"applications/{code}/status",
                                          {"status": "verifying"})
    assert answer.status_code == 403
    assert Application.objects.get().status == "received"


def test_overdue_shows_in_the_tracking_view(api, mall, clock):
    code = receive(api, mall).json()["tracking_code"]
    clock.set(2026, 11, 27)
    assert api().get(f"track/{code}").json()["overdue"] is True


def test_the_citizen_is_told_once_per_step_after_commit(api, mall, clock, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        code = receive(api, mall).json()["tracking_code"]
    assert callbacks  # the send waits for the commit
    dewi = api(mall.users["dewi"])
    dewi.post(f"applications/{code}/status", {"status": "incomplete", "note": "KK"})
    dewi.post(f"applications/{code}/status", {"status": "verifying"})
    dewi.post(f"applications/{code}/status", {"status": "processing"})
    dewi.post(f"applications/{code}/status", {"status": "ready"})
    kinds = sorted(Notification.objects.values_list("kind", flat=True))
    assert kinds == ["application_incomplete", "application_received", "document_ready"]
    incomplete = Notification.objects.get(kind="application_incomplete")
    assert "KK" in incomplete.body and SITI not in incomplete.body


# --- e-service: online with uploads -----------------------------------------------------------

def test_a_citizen_applies_online_with_a_file_per_requirement(api, mall, clock, mpp_files):
    answer = submit(api, mall)
    assert answer.status_code == 201, answer.content
    assert answer.json()["channel"] == "e_service"
    application = Application.objects.get()
    item = application.files.get()
    assert (item.requirement, item.requirement_text, item.content_type) == (
        1, "KTP-el", "application/pdf")
    [path] = stored_files(mpp_files)
    assert path.name != "ktp.pdf" and "ktp" not in str(path)


def test_an_image_is_accepted_too(api, mall, clock):
    answer = submit(api, mall, files={"req_1": upload("foto.jpg", png_bytes(), "image/jpeg")})
    assert answer.status_code == 201
    assert ApplicationFile.objects.get().content_type == "image/png"  # by content


def test_a_service_without_e_service_is_refused(api, mall, clock):
    answer = submit(api, mall, service="kk-baru",
                    files={"req_1": upload("a.pdf", pdf_bytes()),
                           "req_2": upload("b.pdf", pdf_bytes())})
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "channel_unavailable"


@pytest.mark.parametrize("files, field", [
    ({"req_1": upload("ktp.pdf", b"MZ\x90\x00\x03 an executable")}, "req_1"),
    ({}, "req_1"),
    ({"req_1": upload("ktp.pdf", pdf_bytes()), "req_2": upload("x.pdf", pdf_bytes())},
     "req_2"),
])
def test_refused_uploads_name_the_field_and_store_nothing(api, mall, clock, mpp_files, files,
                                                         field):
    answer = submit(api, mall, files=files)
    assert answer.status_code == 422, answer.content
    assert field in answer.json()["error"]["fields"]
    assert not Application.objects.exists() and not ApplicationFile.objects.exists()
    assert stored_files(mpp_files) == []
    assert not Notification.objects.exists()


def test_a_file_over_the_limit_is_refused(api, mall, clock, settings, mpp_files):
    settings.MPP_UPLOAD_MAX_BYTES = 1000
    answer = submit(api, mall, files={"req_1": upload("big.pdf", b"%PDF-1.7\n" + b"0" * 2000)})
    assert answer.status_code == 422 and "req_1" in answer.json()["error"]["fields"]
    assert stored_files(mpp_files) == [] and not Application.objects.exists()


def test_a_request_over_the_total_limit_is_413(api, mall, clock, settings, mpp_files):
    settings.MPP_UPLOAD_MAX_REQUEST_BYTES = 5000
    answer = submit(api, mall, files={"req_1": upload("big.pdf", b"%PDF-1.7\n" + b"0" * 8000)})
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "too_large"
    assert stored_files(mpp_files) == []


def test_a_missing_phone_and_a_bad_nik_are_named(api, mall, clock):
    answer = submit(api, mall, phone="", nik="99")
    fields = answer.json()["error"]["fields"]
    assert answer.status_code == 422 and {"phone", "nik"} <= set(fields)


# --- the citizen adds the missing documents ---------------------------------------------------

def incomplete_online(api, mall):
    code = submit(api, mall).json()["tracking_code"]
    # PLN has no staff in the test mall: the mall admin (Rina) works its applications
    api(mall.users["rina"]).post(f"applications/{code}/status",
                                 {"status": "incomplete", "note": "Foto KTP buram"})
    return code


def documents(api, code, nik, files=None):
    data = {"nik": nik, **(files if files is not None else {
        "req_1": upload("ktp2.pdf", pdf_bytes("KTP jelas"))})}
    return api().client.post(f"/api/v1/applications/{code}/documents", data=data)


def test_the_citizen_adds_documents_and_the_clock_runs_again(api, mall, clock):
    code = incomplete_online(api, mall)
    clock.set(2026, 11, 25)
    answer = documents(api, code, SITI)
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "verifying"
    application = Application.objects.get()
    assert application.paused_days == 2 and application.files.count() == 2
    assert application.events.last().actor is None


def test_a_wrong_nik_and_an_unknown_code_answer_alike(api, mall, clock):
    code = incomplete_online(api, mall)
    wrong = documents(api, code, AGUS)
    unknown = documents(api, "ZZZZ-ZZZZ", SITI)
    assert wrong.status_code == unknown.status_code == 403
    assert wrong.json() == unknown.json()
    assert Application.objects.get().status == "incomplete"


def test_guessing_the_nik_locks_the_code(api, mall, clock):
    code = incomplete_online(api, mall)
    for _attempt in range(5):
        assert documents(api, code, AGUS).status_code == 403
    locked = documents(api, code, SITI)
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "too_many_attempts"


def test_documents_for_an_application_not_waiting_are_refused(api, mall, clock):
    code = submit(api, mall).json()["tracking_code"]
    answer = documents(api, code, SITI)
    assert answer.status_code == 409


# --- agencies see only their own --------------------------------------------------------------

def test_an_agency_sees_only_its_own_applications(api, mall, clock):
    code = receive(api, mall).json()["tracking_code"]
    submit(api, mall)  # PLN's
    dewi, budi = api(mall.users["dewi"]), api(mall.users["budi"])
    assert [row["tracking_code"] for row in dewi.get("applications").json()] == [code]
    assert budi.get("applications").json() == []
    for path in (f"applications/{code}", f"applications/{code}/receipt.pdf"):
        assert budi.get(path).status_code == 403
    file_id = ApplicationFile.objects.get().pk
    pln_code = ApplicationFile.objects.get().application.tracking_code
    assert dewi.get(f"applications/{pln_code}/files/{file_id}").status_code == 403
    assert len(api(mall.users["rina"]).get("applications").json()) == 2


def test_the_worklist_puts_overdue_first(api, mall, clock):
    first = receive(api, mall).json()["tracking_code"]  # KK, due Thu 26 Nov
    clock.set(2026, 11, 24)
    ticket = served_ticket(mall, service=mall.ktp)
    second = api(mall.users["dewi"]).post(f"tickets/{ticket.public_id}/application", {
        "applicant_name": "Agus", "nik": AGUS}).json()["tracking_code"]  # KTP, due Wed 25
    clock.set(2026, 11, 26)
    rows = api(mall.users["dewi"]).get("applications").json()
    assert [(r["tracking_code"], r["overdue"]) for r in rows] == [(second, True),
                                                                  (first, False)]
    only = api(mall.users["dewi"]).get("applications?service=kk-baru").json()
    assert [r["tracking_code"] for r in only] == [first]


def test_the_front_desk_takes_in_papers_for_any_agency_without_a_ticket(api, mall, clock):
    desk = api(mall.users["frontdesk"])
    answer = desk.post("sites/kota-uji/applications/direct", {
        "service": "pkb-tahunan", "applicant_name": "Agus Salim", "nik": AGUS})
    assert answer.status_code == 201, answer.content
    assert answer.json()["channel"] == "direct"
    application = Application.objects.get()
    assert application.ticket is None and application.agency == mall.samsat
    assert application.created_by == mall.users["frontdesk"]
    # the front desk takes papers in; it does not work them
    code = answer.json()["tracking_code"]
    assert desk.post(f"applications/{code}/status", {"status": "verifying"}).status_code == 403
    # an officer may, for the own agency only; a kiosk never
    budi = api(mall.users["budi"])
    assert budi.post("sites/kota-uji/applications/direct", {
        "service": "pkb-tahunan", "applicant_name": "Agus", "nik": AGUS}).status_code == 201
    assert budi.post("sites/kota-uji/applications/direct", {
        "service": "kk-baru", "applicant_name": "Agus", "nik": AGUS}).status_code == 403
    assert api(mall.users["kiosk"]).post("sites/kota-uji/applications/direct", {
        "service": "kk-baru", "applicant_name": "Agus", "nik": AGUS}).status_code == 403
    assert Application.objects.count() == 2
