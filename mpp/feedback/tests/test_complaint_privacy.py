"""Anonymity and confidentiality, tested by the failures peers shipped: an "anonymous"
report whose e-mail reached the agency, a notice sent before the filer switched to
anonymous, the front desk's own details standing in for the citizen's, a confidential text
on a public page. And every citizen's text inert on every screen."""

from __future__ import annotations

from django.test import Client

from mpp.feedback.models import Complaint
from mpp.notifications.models import Notification

from .conftest import file_report

NAME, EMAIL, PHONE = "Sumiati Wulandari", "sumiati@contoh.id", "081298765432"
SECRET = "Petugas loket meminta uang pelicin Rp50.000."


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["mpp_lang"] = "en"
    client.force_login(user)
    return client


def every_staff_path(api, mall, code: str) -> str:
    """What the agency's and the mall's staff can read of a report, all of it."""
    admin_id = Complaint.objects.get(tracking_code=code).pk
    parts = []
    for persona in ("hendra", "rina"):
        parts.append(api(mall.users[persona]).get("sites/kota-uji/complaints").content.decode())
        parts.append(signed_in(mall.users[persona]).get(
            f"/umpan-balik/kota-uji/aduan/{code}/").content.decode())
        parts.append(signed_in(mall.users[persona]).get(
            f"/admin/feedback/complaint/{admin_id}/change/").content.decode())
        parts.append(signed_in(mall.users[persona]).get(
            "/admin/feedback/complaint/").content.decode())
    rina = api(mall.users["rina"])
    parts.append(rina.get("sites/kota-uji/complaints/export?format=csv").content.decode())
    parts.append(rina.get("sites/kota-uji/complaints/export?format=json").content.decode())
    parts += [f"{n.recipient} {n.subject} {n.body}" for n in Notification.objects.filter(
        kind__in=("complaint_staff", "complaint_escalated"))]
    return "\n".join(parts)


def identity_absent(text: str) -> bool:
    return not any(part in text for part in (NAME, "Sumiati", EMAIL, "98765432", "8129876"))


def test_an_anonymous_report_keeps_no_identity_anywhere(api, staff_mail, tuesday_morning):
    mall = staff_mail
    filed = file_report(api, anonymous=True, name=NAME, contact=EMAIL)
    stored = Complaint.objects.get()
    assert (stored.name, stored.phone, stored.email) == ("", "", "")
    code = filed["tracking_code"]
    api(mall.users["hendra"]).post(f"complaints/{code}/respond",
                                   {"status": "answered", "message": "Kami cek."})
    staff_sees = every_staff_path(api, mall, code)
    assert "Anonymous" in staff_sees or "anonim" in staff_sees.lower()
    assert identity_absent(staff_sees)
    assert Notification.objects.filter(kind="complaint_staff").exists()
    assert not Notification.objects.filter(recipient__icontains="sumiati").exists()


def test_turning_anonymous_later_leaves_no_earlier_notice_with_the_identity(
        api, staff_mail, tuesday_morning):
    mall = staff_mail
    filed = file_report(api, name=NAME, contact=EMAIL)
    code, key = filed["tracking_code"], filed["filer_key"]
    staff_notices = Notification.objects.filter(kind="complaint_staff")
    assert staff_notices.count() == 2  # the mall admin and Disdukcapil's admin
    hendra_view = api(mall.users["hendra"]).get("sites/kota-uji/complaints").json()[0]
    assert hendra_view["identity"]["name"] == NAME  # not anonymous yet: the agency may know
    assert api().post(f"complaints/{code}/anonymous", {"key": key}).status_code == 200
    assert identity_absent(every_staff_path(api, mall, code))
    stored = Complaint.objects.get()
    assert (stored.name, stored.phone, stored.email) == ("", "", "")


def test_the_front_desk_filing_for_a_citizen_is_never_the_identity(api, staff_mail,
                                                                    tuesday_morning):
    mall = staff_mail
    desk = mall.users["frontdesk"]
    desk.email, desk.first_name = "loket.depan@mpp.example.id", "Yanti"
    desk.save()
    client = signed_in(desk)
    page = client.post("/s/kota-uji/aduan/", {
        "kind": "complaint", "agency": "disdukcapil", "body": SECRET, "name": NAME,
        "contact": PHONE, "anonymous": "1"})
    assert page.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.channel == "desk" and complaint.entered_by == desk
    assert (complaint.name, complaint.phone, complaint.email) == ("", "", "")
    staff_sees = every_staff_path(api, mall, complaint.tracking_code)
    assert identity_absent(staff_sees)
    assert "loket.depan" not in staff_sees and "Yanti" not in staff_sees
    assert desk.username not in api().get(f"complaints/{complaint.tracking_code}").content.decode()
    # the desk hands the key over; its own session does not become the filer's
    track = client.get(f"/aduan/{complaint.tracking_code}/").content.decode()
    assert "filer-key" in track  # shown once, to write on the citizen's slip
    again = client.get(f"/aduan/{complaint.tracking_code}/").content.decode()
    assert SECRET not in again and "filer-key" not in again


def test_a_desk_report_with_identity_names_the_citizen_not_the_desk(api, staff_mail,
                                                                    tuesday_morning):
    mall = staff_mail
    signed_in(mall.users["frontdesk"]).post("/s/kota-uji/aduan/", {
        "kind": "suggestion", "agency": "samsat", "body": "Tambah kursi di ruang tunggu.",
        "name": NAME, "contact": PHONE})
    view = api(mall.users["sari"]).get("sites/kota-uji/complaints").json()[0]
    assert view["identity"] == {"name": NAME, "phone": "+6281298765432", "email": ""}
    assert view["channel"] == "desk"


def test_a_confidential_report_shows_nothing_of_its_text_in_public(api, mall,
                                                                   tuesday_morning):
    filed = file_report(api, confidential=True, body=SECRET)
    code, key = filed["tracking_code"], filed["filer_key"]
    api(mall.users["hendra"]).post(f"complaints/{code}/respond", {
        "status": "answered", "message": "Petugas yang meminta Rp50.000 sudah diperiksa."})
    public_api = api().get(f"complaints/{code}").json()
    assert public_api["body"] is None and public_api["responses"] == []
    stranger = Client().get(f"/aduan/{code}/").content.decode()
    assert "50.000" not in stranger and "Petugas" not in stranger
    own = api().get(f"complaints/{code}", HTTP_X_FILER_KEY=key).json()
    assert own["body"] == SECRET and len(own["responses"]) == 1


def test_a_non_confidential_body_is_still_the_filers_own(api, mall, tuesday_morning):
    code = file_report(api, body=SECRET)["tracking_code"]
    assert "50.000" not in Client().get(f"/aduan/{code}/").content.decode()
    assert api().get(f"complaints/{code}").json()["body"] is None


def test_every_citizen_text_is_inert(api, mall, tuesday_morning):
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    filed = file_report(api, body=f"Laporan {script}", name=f"Budi {script}")
    code, key = filed["tracking_code"], filed["filer_key"]
    api().post(f"complaints/{code}/respond", {"status": "answered", "message": "x"})
    rina = signed_in(mall.users["rina"])
    pk = Complaint.objects.get().pk
    pages = [rina.get(f"/umpan-balik/kota-uji/aduan/{code}/"),
             rina.get(f"/admin/feedback/complaint/{pk}/change/"),
             rina.get("/umpan-balik/kota-uji/aduan/")]
    filer = Client()
    filer.post("/aduan/", {"kode": code, "kunci": key})
    pages.append(filer.get(f"/aduan/{code}/"))
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in pages[0].content.decode()
    assert "&lt;script&gt;" in pages[3].content.decode()
