"""The screens: Dewi takes in papers from the console and moves them on in the worklist; a
citizen follows the application by its code on a phone and adds what is missing; anyone
checks a signed receipt on its verification page. Another agency's officer sees none of it."""

from __future__ import annotations

from django.test import Client

from mpp.applications.models import Application, SignedDocument

from .conftest import AGUS, SITI, pdf_bytes, served_ticket, upload


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_dewi_takes_in_papers_from_the_console_and_moves_them_on(mall, clock):
    ticket = served_ticket(mall)
    dewi = signed_in(mall.users["dewi"])
    console = dewi.get("/antrean/kota-uji/loket/L01/")
    assert console.status_code == 200 and b'data-testid="receive-papers"' in console.content
    page = dewi.get(f"/berkas/kota-uji/terima/{ticket.public_id}/")
    assert page.status_code == 200 and "Surat pindah" in page.content.decode()  # KK's list
    refused = dewi.post(f"/berkas/kota-uji/terima/{ticket.public_id}/",
                        {"applicant_name": "", "nik": "12"})
    assert refused.status_code == 422 and not Application.objects.exists()
    answer = dewi.post(f"/berkas/kota-uji/terima/{ticket.public_id}/",
                       {"applicant_name": "Agus Salim", "nik": AGUS, "phone": ""})
    application = Application.objects.get()
    assert answer.status_code == 302 and application.tracking_code in answer["Location"]
    detail = dewi.get(answer["Location"])
    assert detail.status_code == 200 and "Agus Salim" in detail.content.decode()
    moved = dewi.post(f"/berkas/kota-uji/{application.tracking_code}/",
                      {"status": "incomplete", "note": ""})
    assert moved.status_code == 422  # the note is required
    dewi.post(f"/berkas/kota-uji/{application.tracking_code}/",
              {"status": "incomplete", "note": "Surat pindah"})
    application.refresh_from_db()
    assert application.status == "incomplete"
    worklist = dewi.get("/berkas/kota-uji/")
    assert worklist.status_code == 200 and application.display_code in worklist.content.decode()


def test_budi_sees_nothing_of_disdukcapils_papers(mall, clock):
    ticket = served_ticket(mall)
    budi = signed_in(mall.users["budi"])
    assert budi.get(f"/berkas/kota-uji/terima/{ticket.public_id}/").status_code == 403
    from mpp.applications import services

    application = services.application_receive(ticket=ticket, actor=mall.users["dewi"],
                                               applicant_name="Agus Salim", nik=AGUS)
    assert budi.get(f"/berkas/kota-uji/{application.tracking_code}/").status_code == 403
    assert "Agus" not in budi.get("/berkas/kota-uji/").content.decode()


def test_a_citizen_follows_the_application_and_adds_what_is_missing(mall, clock, api):
    answer = api().client.post("/api/v1/sites/kota-uji/applications", data={
        "service": "pasang-baru", "applicant_name": "Siti Rahmawati", "nik": SITI,
        "phone": "0812-3456-7890", "req_1": upload("ktp.pdf", pdf_bytes())})
    code = answer.json()["tracking_code"]
    api(mall.users["rina"]).post(f"applications/{code}/status",
                                 {"status": "incomplete", "note": "Foto KTP buram"})
    phone = Client()
    found = phone.get(f"/lacak/?kode={code[:4].lower()}-{code[4:].lower()}")
    assert found.status_code == 302 and found["Location"] == f"/lacak/{code}/"
    page = phone.get(f"/lacak/{code}/").content.decode()
    assert "Foto KTP buram" in page and "Siti" not in page and SITI not in page
    wrong = phone.post(f"/lacak/{code}/", {"nik": AGUS,
                                           "req_1": upload("k.pdf", pdf_bytes())})
    assert wrong.status_code == 403
    sent = phone.post(f"/lacak/{code}/", {"nik": SITI, "req_1": upload("k.pdf", pdf_bytes())})
    assert sent.status_code == 302
    assert Application.objects.get().status == "verifying"
    assert phone.get("/lacak/?kode=ZZZZZZZZ").status_code == 404


def test_the_verification_page_checks_a_copy(mall, clock, api):
    from mpp.applications import services

    application = services.application_receive(
        ticket=served_ticket(mall), actor=mall.users["dewi"], applicant_name="Agus Salim",
        nik=AGUS)
    data = api().get(f"/api/v1/receipts/{application.receipt_secret}.pdf").content
    document = SignedDocument.objects.get()
    client = Client()
    page = client.get(f"/v/{document.code}")
    assert page.status_code == 200 and application.display_code in page.content.decode()
    valid = client.post(f"/v/{document.code}", {"file": upload("r.pdf", data)})
    assert 'data-testid="verdict"' in valid.content.decode()
    assert "Genuine" in valid.content.decode() or "Asli" in valid.content.decode()
    changed = data.replace(b"/Title", b"/Titlf", 1)
    tampered = client.post(f"/v/{document.code}", {"file": upload("r.pdf", changed)})
    text = tampered.content.decode()
    assert "Changed" in text or "Diubah" in text
    assert client.get("/v/ZZZZZZZZ").status_code == 404
    original = client.get(f"/v/{document.code}/asli.pdf")
    assert original.status_code == 200 and original.content == data


def test_a_citizen_applies_online_from_the_service_page(mall, clock):
    phone = Client()
    service_page = phone.get("/s/kota-uji/layanan/pasang-baru/").content.decode()
    assert "/s/kota-uji/ajukan/pasang-baru/" in service_page
    assert phone.get("/s/kota-uji/ajukan/kk-baru/").status_code == 404  # no e-service
    form = phone.get("/s/kota-uji/ajukan/pasang-baru/")
    assert form.status_code == 200 and 'name="req_1"' in form.content.decode()
    refused = phone.post("/s/kota-uji/ajukan/pasang-baru/", {
        "applicant_name": "Siti Rahmawati", "nik": SITI, "phone": "0812-3456-7890",
        "req_1": upload("ktp.pdf", b"MZ not a pdf")})
    assert refused.status_code == 422 and not Application.objects.exists()
    assert 'value="Siti Rahmawati"' in refused.content.decode()  # what was typed stays
    sent = phone.post("/s/kota-uji/ajukan/pasang-baru/", {
        "applicant_name": "Siti Rahmawati", "nik": SITI, "phone": "0812-3456-7890",
        "req_1": upload("ktp.pdf", pdf_bytes())})
    application = Application.objects.get()
    assert sent.status_code == 302
    page = phone.get(sent["Location"]).content.decode()
    assert application.display_code in page and 'data-testid="receipt-link"' in page
    # the receipt (with the applicant's name) is linked for this browser only
    other = Client().get(sent["Location"]).content.decode()
    assert 'data-testid="receipt-link"' not in other and "Siti" not in other


def test_the_kiosk_shows_and_prints_the_status_by_code_or_scanned_receipt(mall, clock, api):
    from mpp.applications import services

    application = services.application_receive(
        ticket=served_ticket(mall), actor=mall.users["dewi"], applicant_name="Agus Salim",
        nik=AGUS)
    api().get(f"/api/v1/receipts/{application.receipt_secret}.pdf")
    document = SignedDocument.objects.get()
    from mpp.catalog import services as catalog

    catalog.service_update(service=mall.pkb, channels=["direct", "self_service"],
                           procedure="Scan STNK di anjungan, bayar di bank")
    kiosk = signed_in(mall.users["kiosk"])
    lookup = kiosk.get("/berkas/kota-uji/kiosk/").content.decode()
    assert "Pembayaran PKB Tahunan" in lookup and "Scan STNK di anjungan" in lookup
    assert "Penerbitan KTP-el Baru" not in lookup  # not a self-service
    home = kiosk.get("/antrean/kota-uji/kiosk/").content.decode()
    assert "/berkas/kota-uji/kiosk/" in home
    code = application.tracking_code
    for typed in (f"{code[:4].lower()}-{code[4:]}", f"https://mpp.test/v/{document.code}",
                  f"https://mpp.test/lacak/{code}/"):
        slip = kiosk.get("/berkas/kota-uji/kiosk/", {"kode": typed})
        text = slip.content.decode()
        assert slip.status_code == 200 and 'data-testid="status-slip"' in text, typed
        assert application.display_code in text and "Agus" not in text
    assert kiosk.get("/berkas/kota-uji/kiosk/", {"kode": "ZZZZZZZZ"}).status_code == 404
    # a citizen's phone or another agency's officer is not a kiosk
    assert signed_in(mall.users["budi"]).get("/berkas/kota-uji/kiosk/").status_code == 403


def test_the_front_desk_takes_in_papers_on_its_screen(mall, clock):
    desk = signed_in(mall.users["frontdesk"])
    page = desk.get("/berkas/kota-uji/terima/")
    assert page.status_code == 200 and "Pembayaran PKB Tahunan" in page.content.decode()
    missing = desk.post("/berkas/kota-uji/terima/", {"applicant_name": "Agus", "nik": AGUS})
    assert missing.status_code == 422 and not Application.objects.exists()
    done = desk.post("/berkas/kota-uji/terima/", {"service": "pkb-tahunan",
                                                  "applicant_name": "Agus Salim", "nik": AGUS})
    application = Application.objects.get()
    text = done.content.decode()
    assert done.status_code == 200 and 'data-testid="desk-received"' in text
    assert application.display_code in text and application.receipt_secret in text
    assert application.channel == "direct" and application.agency == mall.samsat
