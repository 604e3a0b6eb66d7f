"""Staff of one agency can neither read nor change another agency's data through the API."""

import pytest

from mpp.catalog.models import Agency, Counter, Service
from mpp.conftest import build_mall

pytestmark = pytest.mark.django_db

SITE = "sites/kota-uji"


def test_dewi_reads_her_agency_s_full_standard_but_not_samsat_s(mall, api):
    dewi = api(mall.users["dewi"])
    assert dewi.get(f"{SITE}/services/ktp-el-baru/standard").status_code == 200
    response = dewi.get(f"{SITE}/services/pkb-tahunan/standard")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_an_officer_cannot_change_even_her_own_agency_s_catalog(mall, api):
    response = api(mall.users["dewi"]).patch(f"{SITE}/services/ktp-el-baru", {"walkin_quota": 1})
    assert response.status_code == 403
    assert Service.objects.get(code="ktp-el-baru").walkin_quota == 100


def test_hendra_manages_disdukcapil_and_nothing_of_samsat(mall, api):
    hendra = api(mall.users["hendra"])
    ok = hendra.patch(f"{SITE}/services/ktp-el-baru", {"walkin_quota": 150})
    assert ok.status_code == 200 and ok.json()["walkin_quota"] == 150

    assert hendra.patch(f"{SITE}/services/pkb-tahunan", {"walkin_quota": 1}).status_code == 403
    assert hendra.get(f"{SITE}/services/pkb-tahunan/standard").status_code == 403
    assert hendra.get(f"{SITE}/agencies/samsat/staff").status_code == 403
    assert hendra.patch(f"{SITE}/agencies/samsat", {"open_days": [1, 2, 3]}).status_code == 403
    assert hendra.patch(f"{SITE}/counters/L02", {"name": "Punya Disdukcapil"}).status_code == 403
    forged = hendra.post(f"{SITE}/services", {"code": "x", "name": "X", "prefix": "B",
                                              "agency": "samsat"})
    assert forged.status_code == 403
    assert hendra.post(f"{SITE}/counters", {"code": "L09", "name": "Loket 9",
                                            "agency": "samsat"}).status_code == 403

    assert Service.objects.get(code="pkb-tahunan").walkin_quota is None
    assert Agency.objects.get(slug="samsat").open_days == [2, 4]
    assert Counter.objects.get(code="L02").name == "Loket 2"
    assert not Service.objects.filter(code="x").exists()
    assert not Counter.objects.filter(code="L09").exists()


def test_hendra_cannot_put_samsat_s_service_on_his_counter(mall, api):
    response = api(mall.users["hendra"]).patch(
        f"{SITE}/counters/L01", {"services": ["ktp-el-baru", "pkb-tahunan"]}
    )
    assert response.status_code == 422
    assert "services" in response.json()["error"]["fields"]
    assert list(Counter.objects.get(code="L01").services.values_list("code", flat=True)) == [
        "ktp-el-baru", "kk-baru"]


def test_hendra_creates_services_for_his_own_agency_by_default(mall, api):
    response = api(mall.users["hendra"]).post(
        f"{SITE}/services",
        {"code": "akta-lahir", "name": "Akta Kelahiran", "prefix": "A",
         "requirements": ["Surat keterangan lahir"]},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["agency"] == "disdukcapil"


def test_staff_lists_are_the_agency_s_own(mall, api):
    names = [u["username"] for u in api(mall.users["hendra"]).get(
        f"{SITE}/agencies/disdukcapil/staff").json()]
    assert names == ["kota-uji-dewi", "kota-uji-disdukcapil-admin"]
    assert api(mall.users["dewi"]).get(f"{SITE}/agencies/disdukcapil/staff").status_code == 403


def test_the_mall_admin_manages_every_agency_of_her_site(mall, api):
    rina = api(mall.users["rina"])
    assert rina.patch(f"{SITE}/services/pkb-tahunan", {"online_quota": 20}).status_code == 200
    assert rina.patch(f"{SITE}/agencies/samsat", {"open_days": [2, 4, 5]}).status_code == 200
    assert rina.get(f"{SITE}/agencies/samsat/staff").status_code == 200
    created = rina.post(f"{SITE}/counters", {"code": "L03", "name": "Loket 3", "agency": "pln",
                                             "services": ["pasang-baru"]})
    assert created.status_code == 201
    assert created.json()["services"] == ["pasang-baru"]


def test_another_site_s_admin_reaches_nothing_here(mall, api):
    other = build_mall(slug="kota-lain")
    stranger = api(other.users["rina"])
    assert stranger.get(f"{SITE}/services/ktp-el-baru/standard").status_code == 403
    assert stranger.patch(f"{SITE}/services/ktp-el-baru", {"fee": 5}).status_code == 403
    assert Service.objects.get(site=mall.site, code="ktp-el-baru").fee == 0


@pytest.mark.parametrize("persona", ["kiosk", "frontdesk", "cityapp"])
def test_devices_and_front_desk_see_no_agency_internals(mall, api, persona):
    client = api(mall.users[persona])
    assert client.get(f"{SITE}/services/ktp-el-baru/standard").status_code == 403
    assert client.patch(f"{SITE}/services/ktp-el-baru", {"fee": 5}).status_code == 403


def test_without_a_token_staff_endpoints_are_401(mall, api):
    response = api().get(f"{SITE}/services/ktp-el-baru/standard")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
