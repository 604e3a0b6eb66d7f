"""The public catalog as a citizen's phone and a city app see it."""

import pytest

pytestmark = pytest.mark.django_db


def test_sites_list_slug_name_timezone(mall, api):
    response = api().get("sites")
    assert response.status_code == 200
    assert response.json() == [{"slug": "kota-uji", "name": "MPP Kota Uji", "timezone": "Asia/Jakarta"}]


def test_agencies_carry_kind_and_open_weekdays(mall, api):
    body = api().get("sites/kota-uji/agencies").json()
    samsat = next(a for a in body if a["slug"] == "samsat")
    assert samsat["kind"] == "vertical"
    assert samsat["open_days"] == [2, 4]
    assert {a["slug"] for a in body} == {"disdukcapil", "samsat", "pln"}


def test_services_carry_the_published_standard(mall, api):
    body = api().get("sites/kota-uji/services").json()
    ktp = next(s for s in body if s["code"] == "ktp-el-baru")
    assert ktp == {
        "code": "ktp-el-baru",
        "name": "Penerbitan KTP-el Baru",
        "agency": "disdukcapil",
        "prefix": "A",
        "channels": ["direct"],
        "standard": {
            "requirements": ["Fotokopi KK", "Surat pengantar RT/RW"],
            "procedure": "Rekam biometrik",
            "completion_days": 1,
            "fee": 0,
            "product": "KTP-el",
            "legal_basis": "UU 24/2013",
            "complaint_handling": "",
        },
        "bookable": True,
        "tracked": True,
    }


def test_service_search_by_words_and_agency(mall, api):
    names = lambda r: [s["code"] for s in r.json()]  # noqa: E731
    assert names(api().get("sites/kota-uji/services?q=ktp")) == ["ktp-el-baru"]
    assert names(api().get("sites/kota-uji/services?q=samsat")) == ["pkb-tahunan"]
    assert names(api().get("sites/kota-uji/services?agency=disdukcapil")) == ["ktp-el-baru", "kk-baru"]
    assert names(api().get("sites/kota-uji/services?q=kartu+keluarga&agency=disdukcapil")) == ["kk-baru"]
    assert api().get("sites/kota-uji/services?agency=nope").status_code == 404


def test_counters_list_services_in_call_order(mall, api):
    body = api().get("sites/kota-uji/counters").json()
    assert body[0] == {"code": "L01", "name": "Loket 1", "agency": "disdukcapil", "floor": "1",
                       "services": ["ktp-el-baru", "kk-baru"], "open": False}


def test_unknown_site_is_a_404_in_the_contract_shape(db, api):
    response = api().get("sites/atlantis/agencies")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_site"


def test_error_messages_in_indonesian_by_default_and_english_on_request(db, api):
    indonesian = api().get("sites/atlantis/services").json()["error"]["message"]
    assert indonesian == "MPP atlantis tidak dikenal."
    english = api(language="en").get("sites/atlantis/services").json()["error"]["message"]
    assert english == "Unknown site atlantis."
