"""Bad catalog input gets a message naming the field, and nothing is saved."""

import pytest

from mpp.catalog import services as catalog
from mpp.catalog.models import Agency, Service, Site
from mpp.errors import Invalid

pytestmark = pytest.mark.django_db

SITE = "sites/kota-uji"


def test_a_service_code_that_clashes(mall, api):
    response = api(mall.users["rina"]).post(
        f"{SITE}/services", {"code": "kk-baru", "name": "Lagi", "prefix": "C", "agency": "pln"})
    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) == {"code"}
    assert Service.objects.filter(code="kk-baru").count() == 1


def test_a_prefix_that_another_agency_uses(mall, api):
    response = api(mall.users["rina"]).post(
        f"{SITE}/services", {"code": "tambah-daya", "name": "Tambah Daya", "prefix": "A",
                             "agency": "pln"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert "prefix" in error["fields"] and "Disdukcapil" in error["fields"]["prefix"]
    assert not Service.objects.filter(code="tambah-daya").exists()


def test_services_of_one_agency_may_share_its_prefix(mall):
    service = catalog.service_create(agency=mall.disdukcapil, code="akta", name="Akta",
                                     prefix="a")
    assert service.prefix == "A"


@pytest.mark.parametrize("prefix", ["1A", "ABCD", "A-", ""])
def test_malformed_prefixes(mall, prefix):
    with pytest.raises(Invalid) as error:
        catalog.service_create(agency=mall.pln, code="x", name="X", prefix=prefix)
    assert "prefix" in error.value.fields


def test_a_quota_below_zero(mall, api):
    response = api(mall.users["hendra"]).patch(
        f"{SITE}/services/ktp-el-baru", {"walkin_quota": -1, "name": "Diubah"})
    assert response.status_code == 422
    assert "walkin_quota" in response.json()["error"]["fields"]
    service = Service.objects.get(code="ktp-el-baru")
    assert (service.walkin_quota, service.name) == (100, "Penerbitan KTP-el Baru")


def test_bad_channels_and_types_name_the_field(mall, api):
    hendra = api(mall.users["hendra"])
    response = hendra.patch(f"{SITE}/services/ktp-el-baru", {"channels": ["telepati"]})
    assert response.status_code == 422 and "channels" in response.json()["error"]["fields"]
    response = hendra.patch(f"{SITE}/services/ktp-el-baru", {"slot_minutes": "setengah jam"})
    assert response.status_code == 422 and "slot_minutes" in response.json()["error"]["fields"]
    response = hendra.patch(f"{SITE}/services/ktp-el-baru", {"slot_capacity": 0})
    assert response.status_code == 422 and "slot_capacity" in response.json()["error"]["fields"]


def test_malformed_and_oversized_bodies(mall, api):
    hendra = api(mall.users["hendra"])
    response = hendra.patch(f"{SITE}/services/ktp-el-baru", "{not json")
    assert response.status_code in (400, 422)
    assert response.json()["error"]["code"] in ("bad_request", "invalid")
    huge = '{"procedure": "' + "x" * (6 * 1024 * 1024) + '"}'
    response = hendra.patch(f"{SITE}/services/ktp-el-baru", huge)
    assert response.status_code in (400, 413)
    assert "error" in response.json()


def test_an_unknown_timezone(db):
    with pytest.raises(Invalid) as error:
        catalog.site_create(slug="jayapura", name="MPP Jayapura", timezone="Asia/Tokyo")
    assert "timezone" in error.value.fields
    assert not Site.objects.filter(slug="jayapura").exists()


def test_agency_slug_clash_kind_and_open_days(mall):
    with pytest.raises(Invalid) as error:
        catalog.agency_create(site=mall.site, slug="samsat", name="Samsat 2", kind="vertical")
    assert set(error.value.fields) == {"slug"}
    with pytest.raises(Invalid) as error:
        catalog.agency_create(site=mall.site, slug="bnn", name="BNN", kind="militer",
                              open_days=[0, 8])
    assert set(error.value.fields) == {"kind", "open_days"}
    assert not Agency.objects.filter(slug="bnn").exists()


def test_agency_hours_must_be_ordered(mall, api):
    response = api(mall.users["sari"]).patch(
        f"{SITE}/agencies/samsat", {"opens_at": "15:00", "closes_at": "08:00"})
    assert response.status_code == 422
    assert "closes_at" in response.json()["error"]["fields"]


def test_english_messages_on_request(mall, api):
    response = api(mall.users["hendra"], language="en").patch(
        f"{SITE}/services/ktp-el-baru", {"walkin_quota": -1})
    assert response.json()["error"]["fields"]["walkin_quota"] == "Must be zero or more."


def test_a_standard_too_long_for_a_public_page(mall, api):
    """Hendra pastes a whole regulation as requirements: a public service page must stay a
    page (before, 100,000 requirements were stored and the page weighed a megabyte)."""
    hendra = api(mall.users["hendra"])
    url = f"{SITE}/services/ktp-el-baru"
    for body, field in (
        ({"requirements": [f"Syarat {n}" for n in range(101)]}, "requirements"),
        ({"requirements": ["Fotokopi KK " + "x" * 500]}, "requirements"),
        ({"procedure": "Langkah. " * 1200}, "procedure"),
        ({"legal_basis": "x" * 10_001}, "legal_basis"),
    ):
        response = hendra.patch(url, body)
        assert response.status_code == 422, body
        assert field in response.json()["error"]["fields"]
    ktp = Service.objects.get(code="ktp-el-baru")
    assert ktp.requirements == ["Fotokopi KK", "Surat pengantar RT/RW"]

    # a long but real standard still fits
    response = hendra.patch(url, {"requirements": [f"Syarat {n}" for n in range(100)],
                                  "procedure": "x" * 10_000})
    assert response.status_code == 200, response.json()


def test_an_agency_description_has_a_size_too(mall):
    with pytest.raises(Invalid) as error:
        catalog.agency_update(agency=mall.pln, description="x" * 10_001)
    assert "description" in error.value.fields
