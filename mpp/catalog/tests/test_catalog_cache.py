"""A city app polling the catalog: the lists are rendered once per catalog version, carry an
ETag, answer 304 to a client that has them, and change as soon as an agency or service does."""

import pytest
from django.contrib.admin.sites import site as admin_site
from django.test import RequestFactory

from mpp.catalog import services as catalog
from mpp.catalog.models import Service

pytestmark = pytest.mark.django_db
SERVICES, AGENCIES = "sites/kota-uji/services", "sites/kota-uji/agencies"


def codes(response):
    return [service["code"] for service in response.json()]


def test_an_unchanged_catalog_is_a_304_and_a_change_is_seen_at_once(mall, api):
    city_app = api()
    first = city_app.get(SERVICES)
    assert first.status_code == 200 and first["Cache-Control"] == "no-cache"
    tag = first["ETag"]
    again = city_app.get(SERVICES, HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 304 and again["ETag"] == tag and again.content == b""
    assert city_app.get(SERVICES).content == first.content  # from the cache, the same bytes

    catalog.service_update(service=mall.kk, name="Penerbitan KK Baru")
    changed = city_app.get(SERVICES, HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200 and changed["ETag"] != tag
    assert next(s for s in changed.json() if s["code"] == "kk-baru")["name"] == (
        "Penerbitan KK Baru")

    catalog.service_update(service=mall.kk, active=False)
    assert "kk-baru" not in codes(city_app.get(SERVICES))
    catalog.agency_update(agency=mall.samsat, short_name="Samsat Kota")
    samsat = next(a for a in city_app.get(AGENCIES).json() if a["slug"] == "samsat")
    assert samsat["short_name"] == "Samsat Kota"


def test_each_agency_filter_and_language_is_its_own_list(mall, api):
    disdukcapil = api().get(f"{SERVICES}?agency=disdukcapil")
    assert codes(disdukcapil) == ["ktp-el-baru", "kk-baru"]
    assert codes(api().get(f"{SERVICES}?agency=samsat")) == ["pkb-tahunan"]
    assert api(language="en").get(SERVICES)["ETag"] != api().get(SERVICES)["ETag"]
    assert disdukcapil["ETag"] != api().get(SERVICES)["ETag"]
    # a search is answered afresh, never from the cache
    assert codes(api().get(f"{SERVICES}?q=ktp")) == ["ktp-el-baru"]


def test_a_new_service_and_an_admin_delete_move_the_version(mall, api, django_user_model):
    tag = api().get(SERVICES)["ETag"]
    catalog.service_create(agency=mall.pln, code="tambah-daya", name="Tambah Daya",
                           prefix="C", requirements=["KTP-el"])
    listed = api().get(SERVICES, HTTP_IF_NONE_MATCH=tag)
    assert listed.status_code == 200 and "tambah-daya" in codes(listed)

    root = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    request = RequestFactory().post("/")
    request.user = root
    model_admin = admin_site._registry[Service]
    model_admin.delete_model(request, Service.objects.get(code="tambah-daya"))
    assert "tambah-daya" not in codes(api().get(SERVICES))
    model_admin.delete_queryset(request, Service.objects.filter(code="pasang-baru"))
    assert "pasang-baru" not in codes(api().get(SERVICES))
