"""A citizen's complaint through the API: filed, followed by code (the public) and by code
and key (the filer), verified, answered, replied to, closed and rated; staff of another
agency never reach it; the mall routes and re-routes it."""

from __future__ import annotations

from mpp.feedback.models import Complaint, ComplaintEvent

from .conftest import file_report

STEPS = "complaints/{code}/respond"


def test_filed_with_its_deadlines_and_a_key(api, mall, tuesday_morning):
    filed = file_report(api)
    assert filed["status"] == "submitted"
    assert filed["due_date"] == "2026-11-27"  # Tue + 3 working days
    assert len(filed["filer_key"]) == 8 and filed["filer_key"] != filed["tracking_code"]
    complaint = Complaint.objects.get()
    assert complaint.channel == "api" and complaint.agency == mall.disdukcapil
    assert filed["filer_key"] not in complaint.filer_key_digest


def test_the_public_sees_the_status_the_filer_their_words(api, mall, tuesday_morning):
    filed = file_report(api)
    code, key = filed["tracking_code"], filed["filer_key"]
    public = api().get(f"complaints/{code}").json()
    assert public["status"] == "submitted" and public["body"] is None
    own = api().get(f"complaints/{code}", HTTP_X_FILER_KEY=key).json()
    assert own["filer"] is True and "dilewati" in own["body"]
    wrong = api().get(f"complaints/{code}", HTTP_X_FILER_KEY="ZZZZZZZZ")
    unknown = api().get("complaints/ZZZZZZZZ", HTTP_X_FILER_KEY=key)
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()


def test_answered_replied_answered_closed_rated(api, mall, tuesday_morning):
    filed = file_report(api)
    code, key = filed["tracking_code"], filed["filer_key"]
    hendra = api(mall.users["hendra"])
    verified = hendra.post(STEPS.format(code=code), {"status": "in_progress", "message": ""})
    assert verified.status_code == 200, verified.content
    assert verified.json()["status"] == "in_progress"
    assert verified.json()["due_date"] == "2026-12-01"  # the answer: 5 working days
    answered = hendra.post(STEPS.format(code=code),
                           {"status": "answered", "message": "Maaf, petugas sudah ditegur."})
    assert answered.json()["status"] == "answered"
    public = api().get(f"complaints/{code}").json()
    assert [r["message"] for r in public["responses"]] == ["Maaf, petugas sudah ditegur."]
    assert public["responses"][0]["agency"] and "hendra" not in str(public)
    reply = api().post(f"complaints/{code}/reply", {"key": key, "message": "Belum selesai."})
    assert reply.json()["status"] == "in_progress"
    assert "Belum selesai." not in str(api().get(f"complaints/{code}").json())  # filer's own
    hendra.post(STEPS.format(code=code), {"status": "answered", "message": "Sudah kami urus."})
    closed = api().post(f"complaints/{code}/close", {"key": key, "rating": 4})
    assert closed.json()["status"] == "closed" and closed.json()["rating"] == 4
    again = api().post(f"complaints/{code}/rate", {"key": key, "rating": 5})
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_rated"
    actions = list(ComplaintEvent.objects.values_list("action", flat=True))
    assert actions == ["create", "verify", "answer", "reply", "answer", "close"]


def test_a_transition_that_does_not_exist_is_409(api, mall, tuesday_morning):
    code = file_report(api)["tracking_code"]
    early = api(mall.users["rina"]).post(STEPS.format(code=code),
                                         {"status": "closed", "message": "x"})
    assert early.status_code == 409  # not from submitted: verify, answer or reject it
    api(mall.users["hendra"]).post(STEPS.format(code=code), {"status": "in_progress"})
    answer = api(mall.users["hendra"]).post(STEPS.format(code=code),
                                            {"status": "closed", "message": "x"})
    assert answer.status_code == 403  # closing is the mall's
    bad = api(mall.users["rina"]).post(STEPS.format(code=code),
                                       {"status": "submitted", "message": "x"})
    assert bad.status_code == 409 and bad.json()["error"]["code"] == "invalid_transition"
    unknown = api(mall.users["rina"]).post(STEPS.format(code=code),
                                           {"status": "done", "message": "x"})
    assert unknown.status_code == 422
    empty = api(mall.users["rina"]).post(STEPS.format(code=code),
                                         {"status": "answered", "message": "  "})
    assert empty.status_code == 422 and "message" in empty.json()["error"]["fields"]


def test_another_agency_never_reaches_it(api, mall, tuesday_morning):
    code = file_report(api)["tracking_code"]
    sari = api(mall.users["sari"])
    assert sari.post(STEPS.format(code=code),
                     {"status": "answered", "message": "x"}).status_code == 404
    listed = sari.get("sites/kota-uji/complaints").json()
    assert listed == []
    assert len(api(mall.users["hendra"]).get("sites/kota-uji/complaints").json()) == 1
    assert api(mall.users["dewi"]).post(STEPS.format(code=code),
                                        {"status": "answered", "message": "x"}).status_code \
        == 403  # her agency's report, but answering is its admin's
    assert api().post(STEPS.format(code=code), {"status": "answered",
                                                "message": "x"}).status_code == 401


def test_the_mall_routes_an_unsure_report_and_reroutes_with_a_reason(api, mall,
                                                                      tuesday_morning):
    code = file_report(api, agency=None)["tracking_code"]
    rina = api(mall.users["rina"])
    assert api(mall.users["hendra"]).get("sites/kota-uji/complaints").json() == []
    routed = rina.post(f"complaints/{code}/reroute", {"agency": "disdukcapil",
                                                      "reason": "Soal KTP-el."})
    assert routed.status_code == 200 and routed.json()["agency"] == "disdukcapil"
    no_reason = api(mall.users["hendra"]).post(f"complaints/{code}/reroute",
                                               {"agency": "samsat", "reason": ""})
    assert no_reason.status_code == 422
    moved = api(mall.users["hendra"]).post(f"complaints/{code}/reroute",
                                           {"agency": "samsat", "reason": "Soal pajak."})
    assert moved.status_code == 200 and moved.json()["agency"] == "samsat"
    assert api(mall.users["hendra"]).get("sites/kota-uji/complaints").json() == []
    answered = api(mall.users["sari"]).post(STEPS.format(code=code),
                                            {"status": "answered", "message": "Sudah."})
    assert answered.status_code == 200
    event = ComplaintEvent.objects.get(action="reroute", data__to_agency="samsat")
    assert event.message == "Soal pajak." and event.data["from_agency"] == "disdukcapil"


def test_bad_input_is_named(api, mall, tuesday_morning):
    for body, field in (({"kind": "praise"}, "kind"), ({"body": "pendek"}, "body"),
                        ({"contact": "bukan-kontak"}, "contact"),
                        ({"agency": "tidak-ada"}, None), ({"body": "ok\x00" * 5}, "body")):
        answer = api().post("sites/kota-uji/complaints", {
            "kind": "complaint", "agency": "disdukcapil",
            "body": "Antrean tidak dipanggil berurutan.", **body})
        assert answer.status_code in (404, 422), (body, answer.content)
        if field:
            assert field in answer.json()["error"]["fields"], answer.content
    assert not Complaint.objects.exists()


def test_the_lapor_export_carries_the_national_class(api, mall, tuesday_morning):
    file_report(api, kind="suggestion", body="=HYPERLINK(\"http://x\",\"klik\") tambah kursi")
    rina = api(mall.users["rina"])
    csv_text = rina.get("sites/kota-uji/complaints/export?format=csv").content.decode()
    assert "aspirasi" in csv_text and "'=HYPERLINK" in csv_text
    rows = rina.get("sites/kota-uji/complaints/export?format=json").json()
    assert rows[0]["national_class"] == "aspirasi" and rows[0]["lapor_id"] == ""
    code = rows[0]["tracking_code"]
    rina.put(f"complaints/{code}/lapor", {"lapor_id": "LAPOR-2026-0001"}, )
    assert Complaint.objects.get().lapor_id == "LAPOR-2026-0001"
    assert api(mall.users["hendra"]).get(
        "sites/kota-uji/complaints/export?format=csv").status_code == 403


def test_verifying_names_the_officer_of_the_agency(api, mall, tuesday_morning):
    code = file_report(api)["tracking_code"]
    hendra = api(mall.users["hendra"])
    wrong = hendra.post(STEPS.format(code=code), {"status": "in_progress",
                                                  "officer": mall.users["budi"].username})
    assert wrong.status_code == 422 and "officer" in wrong.json()["error"]["fields"]
    named = hendra.post(STEPS.format(code=code), {"status": "in_progress",
                                                  "officer": mall.users["dewi"].username})
    assert named.status_code == 200 and named.json()["officer"] == mall.users["dewi"].username
    assert Complaint.objects.get().officer == mall.users["dewi"]
