"""The back office's booking list: read-only, each agency sees its own, NIK masked."""

import pytest
from django.test import Client

from mpp.catalog import services as catalog

from .conftest import AGUS, SITI

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["mpp_lang"] = "en"
    client.force_login(user)
    return client


def test_each_agency_sees_its_own_bookings(mall, clock, book):
    catalog.service_update(service=mall.pkb, bookable=True)
    ktp = book()
    pkb = book(service=mall.pkb, nik=AGUS, date="2026-11-26", name="Agus Salim")
    url = "/admin/bookings/booking/"
    hendra = signed_in(mall.users["hendra"]).get(url).content.decode()
    assert ktp.display_code in hendra and pkb.display_code not in hendra
    assert "3201********0001" in hendra and SITI not in hendra
    sari = signed_in(mall.users["sari"]).get(url).content.decode()
    assert pkb.display_code in sari and ktp.display_code not in sari
    rina = signed_in(mall.users["rina"]).get(url).content.decode()
    assert ktp.display_code in rina and pkb.display_code in rina


def test_the_list_is_read_only(mall, clock, book):
    booking = book()
    hendra = signed_in(mall.users["hendra"])
    page = hendra.get(f"/admin/bookings/booking/{booking.pk}/change/")
    assert page.status_code == 200
    assert SITI not in page.content.decode()
    assert hendra.post(f"/admin/bookings/booking/{booking.pk}/change/",
                       {"name": "X"}).status_code == 403
    assert hendra.get("/admin/bookings/booking/add/").status_code == 403
    sari = signed_in(mall.users["sari"])
    assert sari.get(f"/admin/bookings/booking/{booking.pk}/change/").status_code == 403
    assert signed_in(mall.users["dewi"]).get("/admin/bookings/booking/").status_code in (302, 403)
