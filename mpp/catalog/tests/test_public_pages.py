"""The public catalog as a citizen sees it on a cheap phone: the MPP's agencies and services,
a search box that works with and without JavaScript, and each service's published standard."""

from __future__ import annotations

import pytest
from django.conf import settings

from mpp.catalog import services as catalog

pytestmark = pytest.mark.django_db

SITE = "/s/kota-uji/"


def english(client):
    """The citizen taps "English" in the header."""
    response = client.post("/i18n/setlang/", {"language": "en", "next": SITE})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    return client


# --- the site page ------------------------------------------------------------------------

def test_site_page_lists_agencies_with_kind_days_hours_and_their_services(mall, client):
    response = client.get(SITE)
    assert response.status_code == 200
    assert response.templates[0].name == "catalog/site.html"
    html = response.content.decode()
    assert '<html lang="id">' in html
    for name in ["Dinas Kependudukan dan Pencatatan Sipil", "Kantor Bersama Samsat",
                 "PT PLN (Persero) UP3", "Penerbitan KTP-el Baru", "Penerbitan Kartu Keluarga",
                 "Pembayaran PKB Tahunan", "Pasang Baru Listrik"]:
        assert name in html
    # Open days and hours in words, the Indonesian way.
    assert "Senin–Jumat 08.00–15.00" in html
    assert "Selasa, Kamis 08.00–15.00" in html
    assert 'href="/s/kota-uji/layanan/ktp-el-baru/"' in html
    assert 'href="/s/kota-uji/instansi/samsat/"' in html


def test_site_page_in_english_names_days_and_kinds_in_english(mall, client):
    html = english(client).get(SITE).content.decode()
    assert '<html lang="en">' in html
    assert "Monday–Friday 08:00–15:00" in html
    assert "Tuesday, Thursday 08:00–15:00" in html
    assert "Regional government unit (OPD)" in html
    assert "Central government office (instansi vertikal)" in html


def test_inactive_services_and_agencies_are_not_shown(mall, client):
    catalog.service_update(service=mall.kk, active=False)
    catalog.agency_update(agency=mall.pln, active=False)
    html = client.get(SITE).content.decode()
    assert "Penerbitan Kartu Keluarga" not in html
    assert "PT PLN (Persero) UP3" not in html
    assert "Penerbitan KTP-el Baru" in html
    assert client.get("/s/kota-uji/layanan/kk-baru/").status_code == 404
    assert client.get("/s/kota-uji/layanan/pasang-baru/").status_code == 404
    assert client.get("/s/kota-uji/instansi/pln/").status_code == 404


# --- search -------------------------------------------------------------------------------

def test_search_by_service_name_without_javascript_returns_the_whole_page(mall, client):
    response = client.get(SITE, {"q": "kartu keluarga"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<!doctype html>")
    assert "Penerbitan Kartu Keluarga" in html
    assert "Penerbitan KTP-el Baru" not in html
    assert "Kantor Bersama Samsat" not in html  # agencies without a match are left out
    assert 'value="kartu keluarga"' in html  # the box keeps what was typed
    assert "HX-Request" in response["Vary"]


def test_search_with_htmx_returns_only_the_results(mall, client):
    response = client.get(SITE, {"q": "kartu keluarga"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "catalog/_results.html"
    html = response.content.decode()
    assert "<html" not in html and "<form" not in html
    assert "Penerbitan Kartu Keluarga" in html
    assert "Penerbitan KTP-el Baru" not in html
    assert 'role="status"' in html
    # The language switch learns the new address (htmx pushes it into the address bar).
    assert ('<input type="hidden" name="next" id="lang-next" '
            'value="/s/kota-uji/?q=kartu+keluarga" hx-swap-oob="true">') in html


def test_htmx_history_restore_gets_the_whole_page(mall, client):
    response = client.get(SITE, {"q": "kartu"}, HTTP_HX_REQUEST="true",
                          HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in response.content.decode()


def test_search_by_requirement_finds_every_service_asking_for_it(mall, client):
    html = client.get(SITE, {"q": "STNK"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Pembayaran PKB Tahunan" in html
    assert "Penerbitan KTP-el Baru" not in html
    html = client.get(SITE, {"q": "buku nikah"}).content.decode()
    assert "Penerbitan Kartu Keluarga" in html
    assert "Pasang Baru Listrik" not in html


def test_search_by_agency_name(mall, client):
    html = client.get(SITE, {"q": "samsat"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Pembayaran PKB Tahunan" in html
    assert "Penerbitan KTP-el Baru" not in html


def test_search_without_match_says_so(mall, client):
    html = english(client).get(SITE, {"q": "paspor"}).content.decode()
    assert "No service matches “paspor”" in html
    assert "0 services found." in html


def test_agency_filter_keeps_one_agency_and_combines_with_the_query(mall, client):
    html = client.get(SITE, {"agency": "disdukcapil"}).content.decode()
    assert "Penerbitan KTP-el Baru" in html and "Penerbitan Kartu Keluarga" in html
    assert "Pembayaran PKB Tahunan" not in html and "Pasang Baru Listrik" not in html
    assert '<option value="disdukcapil" selected>' in html
    # "KTP-el" is a requirement of Samsat's and PLN's services too, but the filter holds.
    html = client.get(SITE, {"agency": "disdukcapil", "q": "ktp"},
                      HTTP_HX_REQUEST="true").content.decode()
    assert "Penerbitan KTP-el Baru" in html
    assert "Pembayaran PKB Tahunan" not in html and "Pasang Baru Listrik" not in html


def test_an_unknown_agency_filter_or_odd_query_is_not_an_error(mall, client):
    assert client.get(SITE, {"agency": "tidak-ada"}).status_code == 200
    assert client.get(SITE, {"q": "%_' OR 1=1 --" + "x" * 500}).status_code == 200


# --- the service page ---------------------------------------------------------------------

def test_service_page_shows_the_published_standard(mall, client):
    catalog.service_update(service=mall.kk, fee=50000, fee_note="per dokumen",
                           procedure="Ambil nomor antrean\nSerahkan berkas",
                           complaint_handling="Meja pengaduan lantai 1")
    response = client.get("/s/kota-uji/layanan/kk-baru/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Penerbitan Kartu Keluarga</h1>" in html
    assert "<li>Buku nikah</li>" in html and "<li>Surat pindah</li>" in html
    assert "Ambil nomor antrean<br>Serahkan berkas" in html
    assert "Rp50.000" in html and "per dokumen" in html
    assert "Meja pengaduan lantai 1" in html
    assert "Loket 1" in html  # the counter that serves it
    assert "Senin–Jumat 08.00–15.00" in html
    for number in range(1, 15):  # the 14 components
        assert f'<span class="num">{number}.</span>' in html


def test_service_page_in_english(mall, client):
    html = english(client).get("/s/kota-uji/layanan/ktp-el-baru/").content.decode()
    assert "1 working day" in html
    assert "Free" in html
    assert "Requirements" in html and "Legal basis" in html and "UU 24/2013" in html
    assert "Direct service at a counter" in html
    html = client.get("/s/kota-uji/layanan/pasang-baru/").content.decode()
    assert "5 working days" in html
    assert "E-service (online)" in html


def test_a_zero_fee_with_a_note_shows_the_note_not_free(mall, client):
    html = english(client).get("/s/kota-uji/layanan/pkb-tahunan/").content.decode()
    assert "Sesuai tagihan PKB" in html


def test_agency_page_lists_its_services_and_counters(mall, client):
    response = client.get("/s/kota-uji/instansi/disdukcapil/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Penerbitan KTP-el Baru" in html and "Penerbitan Kartu Keluarga" in html
    assert "Pembayaran PKB Tahunan" not in html
    assert "Loket 1" in html


# --- languages ----------------------------------------------------------------------------

def test_language_switch_to_english_and_back(mall, client):
    html = client.get(SITE).content.decode()
    assert '<html lang="id">' in html
    assert 'action="/i18n/setlang/"' in html and "csrfmiddlewaretoken" in html
    assert 'name="next" id="lang-next" value="/s/kota-uji/"' in html

    response = client.post("/i18n/setlang/", {"language": "en", "next": SITE})
    assert response.status_code == 302 and response["Location"] == SITE
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in client.get(SITE).content.decode()

    client.post("/i18n/setlang/", {"language": "id", "next": SITE})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "id"
    assert '<html lang="id">' in client.get(SITE).content.decode()


def test_language_switch_keeps_the_search(mall, client):
    html = client.get(SITE, {"q": "ktp"}).content.decode()
    assert 'name="next" id="lang-next" value="/s/kota-uji/?q=ktp"' in html
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/s/kota-uji/?q=ktp"})
    assert response["Location"] == "/s/kota-uji/?q=ktp"


def test_language_switch_enforces_csrf(mall):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/i18n/setlang/", {"language": "en", "next": SITE}).status_code == 403
    strict.get(SITE)
    token = strict.cookies[settings.CSRF_COOKIE_NAME].value
    response = strict.post("/i18n/setlang/",
                           {"language": "en", "next": SITE, "csrfmiddlewaretoken": token})
    assert response.status_code == 302


# --- not found ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "/s/tidak-ada/",
    "/s/tidak-ada/layanan/ktp-el-baru/",
    "/s/kota-uji/layanan/tidak-ada/",
    "/s/kota-uji/instansi/tidak-ada/",
])
def test_unknown_site_service_or_agency_is_the_404_page(mall, client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert '<html lang="id">' in response.content.decode()


def test_a_service_of_another_site_is_not_found_here(mall, client):
    other = catalog.site_create(slug="kota-lain", name="MPP Kota Lain")
    agency = catalog.agency_create(site=other, slug="dpmptsp", name="DPMPTSP", kind="opd")
    catalog.service_create(agency=agency, code="izin-usaha", name="Izin Usaha", prefix="P")
    assert client.get("/s/kota-uji/layanan/izin-usaha/").status_code == 404
    assert client.get("/s/kota-lain/layanan/izin-usaha/").status_code == 200
    assert client.get("/s/kota-uji/instansi/dpmptsp/").status_code == 404


# --- a big MPP ----------------------------------------------------------------------------

def test_queries_stay_few_for_an_mpp_with_many_services(mall, client, django_assert_max_num_queries):
    # Pandeglang has 153 service types from 21 agencies.
    for number in range(1, 19):
        agency = catalog.agency_create(site=mall.site, slug=f"instansi-{number}",
                                       name=f"Instansi {number}", kind="opd")
        for index in range(8):
            service = catalog.service_create(
                agency=agency, code=f"layanan-{number}-{index}", name=f"Layanan {number}.{index}",
                prefix=f"Z{number}"[:3] if number < 10 else f"Y{number - 10}",
                requirements=["KTP-el", f"Berkas {index}"],
            )
        catalog.counter_create(agency=agency, code=f"K{number}", name=f"Loket {number + 2}",
                               services=[service])
    with django_assert_max_num_queries(4):
        html = client.get(SITE).content.decode()
    assert html.count('href="/s/kota-uji/layanan/') == 148
    with django_assert_max_num_queries(4):
        html = client.get(SITE, {"q": "berkas"}, HTTP_HX_REQUEST="true").content.decode()
    assert html.count('href="/s/kota-uji/layanan/') == 144
    with django_assert_max_num_queries(3):
        assert client.get("/s/kota-uji/layanan/layanan-18-7/").status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get("/s/kota-uji/instansi/instansi-18/").status_code == 200
