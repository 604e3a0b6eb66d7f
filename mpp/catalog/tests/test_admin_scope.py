"""The back office is scoped by role: Hendra (Disdukcapil's agency admin) sees and changes only
Disdukcapil; Rina (the mall admin) the whole site; Dewi (an officer) cannot enter at all."""

import pytest
from django.test import Client

from mpp.catalog.models import Agency, Counter, Service

pytestmark = pytest.mark.django_db

SERVICES = "/admin/catalog/service/"
COUNTERS = "/admin/catalog/counter/"


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["mpp_lang"] = "en"  # screens follow the language cookie
    client.force_login(user)
    return client


def service_form(agency, **overrides) -> dict:
    data = {
        "agency": agency.pk, "code": "akta-lahir", "name": "Penerbitan Akta Kelahiran",
        "prefix": "A", "channels": ["direct"], "requirements": "Surat keterangan lahir\nKK",
        "procedure": "", "completion_days": "1", "completion_note": "", "fee": "0",
        "fee_note": "", "product": "Akta kelahiran", "complaint_handling": "",
        "legal_basis": "", "facilities": "", "officer_competence": "",
        "internal_supervision": "", "officer_count": "1", "service_guarantee": "",
        "security_guarantee": "", "performance_evaluation": "", "walkin_quota": "40",
        "online_quota": "", "slot_minutes": "30", "slot_capacity": "5",
        "expected_minutes": "10", "position": "0", "active": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_officer_dewi_cannot_enter_the_back_office(mall):
    response = signed_in(mall.users["dewi"]).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    for name in ("kiosk", "cityapp", "frontdesk"):
        assert signed_in(mall.users[name]).get(SERVICES).status_code == 302


def test_hendra_sees_only_disdukcapil_services(mall):
    response = signed_in(mall.users["hendra"]).get(SERVICES)
    assert response.status_code == 200
    codes = {s.code for s in response.context["cl"].queryset}
    assert codes == {"ktp-el-baru", "kk-baru"}
    assert b"pkb-tahunan" not in response.content


def test_rina_sees_every_agency_of_her_site(mall):
    response = signed_in(mall.users["rina"]).get(SERVICES)
    assert {s.code for s in response.context["cl"].queryset} == {
        "ktp-el-baru", "kk-baru", "pkb-tahunan", "pasang-baru"}
    response = signed_in(mall.users["rina"]).get("/admin/catalog/agency/")
    assert response.context["cl"].queryset.count() == 3


def test_hendra_cannot_open_or_change_a_samsat_service_by_url(mall):
    client = signed_in(mall.users["hendra"])
    url = f"{SERVICES}{mall.pkb.pk}/change/"
    assert client.get(url).status_code == 403
    response = client.post(url, service_form(mall.samsat, code="pkb-tahunan",
                                             name="Diubah Hendra", prefix="B"))
    assert response.status_code == 403
    assert Service.objects.get(pk=mall.pkb.pk).name == "Pembayaran PKB Tahunan"
    assert client.get(f"/admin/catalog/counter/{mall.loket_samsat.pk}/change/").status_code == 403
    assert client.get(f"/admin/catalog/agency/{mall.samsat.pk}/change/").status_code == 403


def test_hendras_add_form_offers_only_disdukcapil_and_refuses_samsat(mall):
    client = signed_in(mall.users["hendra"])
    response = client.get(f"{SERVICES}add/")
    assert list(response.context["adminform"].form.fields["agency"].queryset) == [
        mall.disdukcapil]
    response = client.post(f"{SERVICES}add/", service_form(mall.samsat, prefix="B"))
    assert response.status_code == 200
    assert "agency" in response.context["adminform"].form.errors
    assert not Service.objects.filter(code="akta-lahir").exists()


def test_hendra_adds_and_changes_a_disdukcapil_service_through_the_services(mall):
    client = signed_in(mall.users["hendra"])
    response = client.post(f"{SERVICES}add/", service_form(mall.disdukcapil))
    assert response.status_code == 302, response.context["adminform"].form.errors
    service = Service.objects.get(code="akta-lahir")
    assert service.agency == mall.disdukcapil and service.site == mall.site
    assert service.requirements == ["Surat keterangan lahir", "KK"]
    assert service.walkin_quota == 40 and service.online_quota is None
    response = client.post(f"{SERVICES}{service.pk}/change/",
                           service_form(mall.disdukcapil, name="Akta Kelahiran", prefix="a"))
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Akta Kelahiran" and service.prefix == "A"


@pytest.mark.parametrize("overrides, field", [
    ({"prefix": "B"}, "prefix"),  # Samsat's prefix
    ({"code": "kk-baru"}, "code"),  # a code already in use
    ({"walkin_quota": "-5"}, "walkin_quota"),
    ({"prefix": "1A"}, "prefix"),
])
def test_bad_values_show_on_the_field_and_save_nothing(mall, overrides, field):
    client = signed_in(mall.users["hendra"])
    before = Service.objects.count()
    response = client.post(f"{SERVICES}add/", service_form(mall.disdukcapil, **overrides))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert Service.objects.count() == before


def test_a_clashing_prefix_on_change_keeps_the_old_value(mall):
    client = signed_in(mall.users["hendra"])
    response = client.post(f"{SERVICES}{mall.ktp.pk}/change/",
                           service_form(mall.disdukcapil, code="ktp-el-baru",
                                        name="Penerbitan KTP-el Baru", prefix="C"))
    assert response.status_code == 200
    assert "PLN" in str(response.context["adminform"].form.errors["prefix"])
    assert Service.objects.get(pk=mall.ktp.pk).prefix == "A"


def test_counter_form_sets_ordered_services_of_its_own_agency_only(mall):
    client = signed_in(mall.users["hendra"])
    form = {"agency": mall.disdukcapil.pk, "code": "L05", "name": "Loket 5", "floor": "2",
            "service_codes": "kk-baru\nktp-el-baru"}
    response = client.post(f"{COUNTERS}add/", form)
    assert response.status_code == 302
    counter = Counter.objects.get(code="L05")
    assert list(counter.services.order_by("counterservice__position").values_list(
        "code", flat=True)) == ["kk-baru", "ktp-el-baru"]
    response = client.post(f"{COUNTERS}add/", {**form, "code": "L06",
                                               "service_codes": "pkb-tahunan"})
    assert response.status_code == 200
    assert "service_codes" in response.context["adminform"].form.errors
    assert not Counter.objects.filter(code="L06").exists()


def test_hendra_changes_his_agency_hours_but_not_its_slug(mall):
    client = signed_in(mall.users["hendra"])
    url = f"/admin/catalog/agency/{mall.disdukcapil.pk}/change/"
    form = {"name": "Dinas Kependudukan dan Pencatatan Sipil", "short_name": "Disdukcapil",
            "kind": "opd", "open_days": ["1", "2", "3", "4", "5", "6"], "opens_at": "07:30",
            "closes_at": "15:00", "description": "", "slug": "diubah"}
    response = client.post(url, form)
    assert response.status_code == 302
    agency = Agency.objects.get(pk=mall.disdukcapil.pk)
    assert agency.open_days == [1, 2, 3, 4, 5, 6] and agency.slug == "disdukcapil"
    response = client.post(url, {**form, "closes_at": "07:00"})
    assert response.status_code == 200
    assert "closes_at" in response.context["adminform"].form.errors


def test_hendra_cannot_add_an_agency_or_reach_the_site(mall):
    client = signed_in(mall.users["hendra"])
    assert client.get("/admin/catalog/agency/add/").status_code == 403
    assert client.get(f"/admin/catalog/site/{mall.site.pk}/change/").status_code == 403


def test_rina_changes_the_site_and_adds_a_closed_day(mall):
    client = signed_in(mall.users["rina"])
    url = f"/admin/catalog/site/{mall.site.pk}/change/"
    response = client.get(url)
    assert response.status_code == 200
    form = {"name": "MPP Kota Uji", "region": "Kota Uji", "address": "",
            "timezone": "Asia/Jakarta", "open_days": ["1", "2", "3", "4", "5"],
            "opens_at": "08:00", "closes_at": "16:00", "booking_horizon_days": "14",
            "booking_cutoff_minutes": "60", "checkin_before_minutes": "30",
            "checkin_after_minutes": "15", "late_policy": "walk_in", "turn_near_ahead": "3",
            "closed_days-TOTAL_FORMS": "1", "closed_days-INITIAL_FORMS": "0",
            "closed_days-MIN_NUM_FORMS": "0", "closed_days-MAX_NUM_FORMS": "1000",
            "closed_days-0-date": "2026-06-01", "closed_days-0-reason": "Hari jadi kota"}
    response = client.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    mall.site.refresh_from_db()
    assert mall.site.region == "Kota Uji" and mall.site.late_policy == "walk_in"
    assert mall.site.closed_days.get().reason == "Hari jadi kota"


def test_rina_removes_a_closed_day_announced_by_mistake(mall):
    from datetime import date

    from mpp.catalog import services as catalog
    from mpp.catalog.calendar import WorkingCalendar

    mistake = catalog.closed_day_add(site=mall.site, date=date(2026, 6, 2), reason="Salah")
    kept = catalog.closed_day_add(site=mall.site, date=date(2026, 6, 3), reason="Cuti")
    client = signed_in(mall.users["rina"])
    url = f"/admin/catalog/site/{mall.site.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name, "") for name in form.fields}
    data["open_days"] = [str(day) for day in mall.site.open_days]
    data.update({
        "closed_days-TOTAL_FORMS": "2", "closed_days-INITIAL_FORMS": "2",
        "closed_days-MIN_NUM_FORMS": "0", "closed_days-MAX_NUM_FORMS": "1000",
        "closed_days-0-id": str(mistake.pk), "closed_days-0-site": str(mall.site.pk),
        "closed_days-0-date": "2026-06-02", "closed_days-0-reason": "Salah",
        "closed_days-0-DELETE": "on",
        "closed_days-1-id": str(kept.pk), "closed_days-1-site": str(mall.site.pk),
        "closed_days-1-date": "2026-06-03", "closed_days-1-reason": "Cuti"})
    data = {key: value for key, value in data.items() if value is not None}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(mall.site.closed_days.values_list("reason", flat=True)) == ["Cuti"]
    assert WorkingCalendar.for_site(mall.site).is_working_day(date(2026, 6, 2))


def test_the_back_office_speaks_indonesian_by_default(mall):
    client = Client()
    client.force_login(mall.users["rina"])
    response = client.get("/admin/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Keluar" in page and "Log out" not in page  # Django's own Indonesian
    assert "Administrasi MPP" in page and "Back office" not in page  # ours, translated


def test_rina_adds_an_agency_to_her_site_only(mall):
    client = signed_in(mall.users["rina"])
    form = client.get("/admin/catalog/agency/add/").context["adminform"].form
    assert list(form.fields["site"].queryset) == [mall.site]
    data = {"site": mall.site.pk, "slug": "bpjs-kesehatan", "name": "BPJS Kesehatan",
            "short_name": "BPJS", "kind": "bumn", "open_days": ["1", "2", "3", "4", "5"],
            "opens_at": "08:00", "closes_at": "15:00", "description": "", "position": "4",
            "active": "on"}
    response = client.post("/admin/catalog/agency/add/", data)
    assert response.status_code == 302
    assert Agency.objects.get(slug="bpjs-kesehatan").site == mall.site
    response = client.post("/admin/catalog/agency/add/", {**data, "name": "Lagi"})
    assert "slug" in response.context["adminform"].form.errors
    assert Agency.objects.filter(slug="bpjs-kesehatan").count() == 1
