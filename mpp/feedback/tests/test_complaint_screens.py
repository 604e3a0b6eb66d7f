"""The complaint screens: a citizen files one on the portal with a photo and follows it from
the same phone; the kiosk and the front desk file for people and keep nothing; an agency's
admin answers from the worklist; nobody of another agency opens it; attachments are judged
by their content and served to the staff who handle the report only."""

from __future__ import annotations

import base64

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mpp.feedback.models import Complaint, ComplaintFile

# a 1x1 PNG
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8Dw"
                       "HwAFBQIAX8jx0gAAAABJRU5ErkJggg==")
BODY = "Lantai ruang tunggu licin dan tidak ada tanda peringatan."


def english(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["mpp_lang"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def photo(name="lantai.jpg", data=PNG):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def test_a_citizen_files_with_a_photo_and_follows_it(mall, tuesday_morning, files_dir):
    phone = english()
    form = phone.get("/s/kota-uji/aduan/")
    assert form.status_code == 200 and b"complaint-form" in form.content
    sent = phone.post("/s/kota-uji/aduan/", {"kind": "complaint", "agency": "disdukcapil",
                                             "body": BODY, "files": [photo()]})
    complaint = Complaint.objects.get()
    assert sent.status_code == 302 and sent["Location"] == f"/aduan/{complaint.tracking_code}/"
    assert complaint.channel == "portal" and complaint.files.count() == 1
    attached = complaint.files.get()
    assert attached.content_type == "image/png"  # judged by content, not by ".jpg"
    page = phone.get(sent["Location"]).content.decode()
    assert 'data-testid="filer-key"' in page and BODY in page
    assert "Friday, 27 November 2026" in page  # the verification's deadline, as people read
    assert BODY not in Client().get(sent["Location"]).content.decode()  # another phone


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_kept(mall, tuesday_morning,
                                                                files_dir):
    sent = english().post("/s/kota-uji/aduan/", {
        "kind": "complaint", "agency": "disdukcapil", "body": BODY,
        "files": [photo("foto.jpg", b"MZ\x90\x00 not an image")]})
    assert sent.status_code == 422 and b"PDF, JPEG or PNG" in sent.content
    assert BODY.encode() in sent.content  # what they wrote stays in the form
    assert not Complaint.objects.exists() and not ComplaintFile.objects.exists()
    assert not files_dir.exists() or not any(p.is_file() for p in files_dir.rglob("*"))


def test_the_kiosk_files_for_a_citizen_and_keeps_no_key(mall, tuesday_morning, files_dir):
    kiosk = english(mall.users["kiosk"])
    sent = kiosk.post("/s/kota-uji/aduan/", {"kind": "suggestion", "body": BODY})
    complaint = Complaint.objects.get()
    assert complaint.channel == "kiosk" and complaint.entered_by is None
    assert complaint.agency is None  # not sure: the mall routes it
    first = kiosk.get(sent["Location"]).content.decode()
    assert 'data-testid="filer-key"' in first
    assert BODY not in kiosk.get(sent["Location"]).content.decode()  # the next citizen


def test_an_agency_admin_answers_from_the_worklist(api, mall, tuesday_morning, files_dir):
    english().post("/s/kota-uji/aduan/", {"kind": "complaint", "agency": "disdukcapil",
                                          "body": BODY, "files": [photo()]})
    complaint = Complaint.objects.get()
    hendra = english(mall.users["hendra"])
    worklist = hendra.get("/umpan-balik/kota-uji/aduan/").content.decode()
    assert complaint.display_code in worklist
    assert complaint.display_code not in english(mall.users["sari"]).get(
        "/umpan-balik/kota-uji/aduan/").content.decode()
    detail = f"/umpan-balik/kota-uji/aduan/{complaint.tracking_code}/"
    assert english(mall.users["sari"]).get(detail).status_code == 404
    empty = hendra.post(detail, {"action": "answer", "message": ""})
    assert empty.status_code == 422
    done = hendra.post(detail, {"action": "answer", "message": "Sudah dipasang tanda."})
    assert done.status_code == 302
    assert api().get(f"complaints/{complaint.tracking_code}").json()["status"] == "answered"
    attachment = f"{detail}berkas/{complaint.files.get().pk}"
    served = hendra.get(attachment)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert english(mall.users["sari"]).get(attachment).status_code == 404
    assert english().get(attachment).status_code == 302  # sign in first


def test_the_mall_routes_from_the_worklist_and_exports(mall, tuesday_morning, files_dir):
    english().post("/s/kota-uji/aduan/", {"kind": "information", "body": BODY})
    complaint = Complaint.objects.get()
    rina = english(mall.users["rina"])
    detail = f"/umpan-balik/kota-uji/aduan/{complaint.tracking_code}/"
    assert rina.post(detail, {"action": "verify", "agency": "samsat"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.agency == mall.samsat and complaint.status == "in_progress"
    export = rina.get("/umpan-balik/kota-uji/aduan/ekspor.csv")
    assert export.status_code == 200 and b"permintaan_informasi" in export.content
    assert english(mall.users["hendra"]).get(
        "/umpan-balik/kota-uji/aduan/ekspor.csv").status_code == 403


def test_the_filer_opens_it_on_another_phone_with_the_key(mall, tuesday_morning, files_dir):
    phone = english()
    phone.post("/s/kota-uji/aduan/", {"kind": "complaint", "body": BODY})
    complaint = Complaint.objects.get()
    key = phone.session["complaint_keys"][complaint.tracking_code]
    other = english()
    wrong = other.post("/aduan/", {"kode": complaint.tracking_code, "kunci": "ZZZZ-ZZZZ"})
    assert wrong.status_code == 404
    opened = other.post("/aduan/", {"kode": complaint.display_code, "kunci": key.lower()})
    assert opened.status_code == 302
    assert BODY in other.get(opened["Location"]).content.decode()
