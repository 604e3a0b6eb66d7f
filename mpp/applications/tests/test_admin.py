"""The back office's application list: read-only, each agency sees its own, NIK masked."""

from __future__ import annotations

from django.test import Client

from mpp.applications import services

from .conftest import AGUS, SITI, pdf_bytes, served_ticket, upload


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["mpp_lang"] = "en"
    client.force_login(user)
    return client


def test_each_agency_sees_its_own_applications(mall, clock):
    kk = services.application_receive(ticket=served_ticket(mall), actor=mall.users["dewi"],
                                      applicant_name="Siti Rahmawati", nik=SITI)
    listrik = services.application_submit(
        service=mall.pasang_baru, applicant_name="Agus Salim", nik=AGUS, phone="081234567890",
        files={"req_1": upload("ktp.pdf", pdf_bytes())})
    url = "/admin/applications/application/"
    hendra = signed_in(mall.users["hendra"]).get(url).content.decode()
    assert kk.display_code in hendra and listrik.display_code not in hendra
    assert SITI not in hendra
    sari = signed_in(mall.users["sari"]).get(url).content.decode()
    assert kk.display_code not in sari and listrik.display_code not in sari
    rina = signed_in(mall.users["rina"]).get(url).content.decode()
    assert kk.display_code in rina and listrik.display_code in rina
    page = signed_in(mall.users["sari"]).get(f"{url}{kk.pk}/change/")
    assert page.status_code in (302, 403, 404)


def test_the_list_is_read_only(mall, clock):
    application = services.application_receive(
        ticket=served_ticket(mall), actor=mall.users["dewi"], applicant_name="Siti Rahmawati",
        nik=SITI)
    hendra = signed_in(mall.users["hendra"])
    url = f"/admin/applications/application/{application.pk}/change/"
    page = hendra.get(url)
    assert page.status_code == 200 and "3201********0001" in page.content.decode()
    assert SITI not in page.content.decode()
    hendra.post(url, {"status": "collected"})
    application.refresh_from_db()
    assert application.status == "received"
