"""The demo MPPs of the seed articles: Pandeglang's 21 agencies, 21 counters and 153 service
types; Tangerang's 17 named providers; Serang's 24 tenants with vertical agencies on set
weekdays. Each loads through the catalog services, publishes complete standards, and the
public catalog API answers for it. The three profiles are loaded once for this module (all
into one database, as a demo server with several MPPs would hold them)."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from mpp.accounts.models import Role, User
from mpp.catalog.models import Agency, Counter, Service, Site
from mpp.catalog.services import service_validate
from mpp.demo.loader import demo_load, demo_logins, demo_profiles
from mpp.errors import Conflict, Invalid

PASSWORD = "demo-rahasia-2026"
KINDS = {"vertical", "opd", "bumn", "bumd", "bank", "other"}


@pytest.fixture(scope="module")
def demo_sites(django_db_setup, django_db_blocker):
    """pandeglang, then tangerang and serang in the same database (their usernames get the
    profile prefix), removed again after this module."""
    with django_db_blocker.unblock():
        if Site.objects.filter(slug__in=demo_profiles()).exists():
            pytest.fail("demo sites left over in the test database")
        sites = {}
        try:
            for profile in demo_profiles():
                sites[profile] = demo_load(profile=profile, password=PASSWORD)
            yield sites
        finally:
            User.objects.filter(site__in=list(sites.values())).delete()
            Site.objects.filter(pk__in=[s.pk for s in sites.values()]).delete()


pytestmark = pytest.mark.django_db


def officers(site) -> int:
    return User.objects.filter(site=site, role=Role.OFFICER).count()


def test_profiles_are_the_three_seed_mpps():
    assert demo_profiles() == ["pandeglang", "tangerang", "serang"]


def test_pandeglang_has_21_agencies_21_counters_153_services_and_about_50_officers(demo_sites):
    site = demo_sites["pandeglang"]
    assert site.name == "Mal Pelayanan Publik Kabupaten Pandeglang"
    assert site.timezone == "Asia/Jakarta"
    assert Agency.objects.filter(site=site).count() == 21
    assert Counter.objects.filter(site=site).count() == 21
    assert Service.objects.filter(site=site).count() == 153
    assert 45 <= officers(site) <= 55
    names = set(Service.objects.filter(site=site).values_list("name", flat=True))
    for expected in ("Perekaman dan Penerbitan KTP-el Baru", "Penerbitan Kartu Identitas Anak "
                     "(KIA)", "Penerbitan Akta Kelahiran", "Perpanjangan SIM C",
                     "Penerbitan SKCK Baru", "Kartu Tanda Pencari Kerja (Kartu Kuning AK/1)",
                     "Persetujuan Bangunan Gedung (PBG)", "Validasi BPHTB"):
        assert expected in names
    # Every agency has its own counter and its own ticket prefix.
    for agency in Agency.objects.filter(site=site):
        assert agency.counters.count() >= 1
        assert set(agency.services.values_list("prefix", flat=True)) != set()
    prefixes = Service.objects.filter(site=site).values_list("agency_id", "prefix").distinct()
    assert len({prefix for _agency, prefix in prefixes}) == 21


def test_tangerang_has_its_17_named_providers_with_the_article_services(demo_sites):
    from mpp.demo.tangerang import NAMED_PROVIDERS

    site = demo_sites["tangerang"]
    slugs = set(Agency.objects.filter(site=site).values_list("slug", flat=True))
    assert len(NAMED_PROVIDERS) == 17
    assert set(NAMED_PROVIDERS) <= slugs
    assert slugs - set(NAMED_PROVIDERS) == {"dpmptsp"}  # the host runs the building
    kinds = dict(Agency.objects.filter(site=site).values_list("slug", "kind"))
    assert sum(kinds[s] == "opd" for s in NAMED_PROVIDERS) == 5
    assert sum(kinds[s] == "bumd" for s in NAMED_PROVIDERS) == 1
    by_agency = {
        agency: set(Service.objects.filter(site=site, agency__slug=agency)
                    .values_list("code", flat=True))
        for agency in ("polres", "kejari", "pengadilan-agama", "pln", "pdam", "dpmptsp")
    }
    assert {"sim-a-perpanjangan", "sim-c-perpanjangan", "skck-baru"} <= by_agency["polres"]
    assert "konsultasi-hukum-datun" in by_agency["kejari"]
    assert "posbakum-pa" in by_agency["pengadilan-agama"]
    assert {"pln-pasang-baru", "pln-tambah-daya", "pln-pengaduan"} <= by_agency["pln"]
    assert {"pdam-sambungan-baru", "pdam-tambah-kapasitas"} <= by_agency["pdam"]
    assert "klinik-lkpm" in by_agency["dpmptsp"]
    assert Agency.objects.get(site=site, slug="pdam").name == "Perumdam Tirta Benteng Kota Tangerang"
    city_app = User.objects.get(site=site, role=Role.INTEGRATOR)
    assert city_app.get_full_name() == "Aplikasi Tangerang LIVE"


def test_serang_has_24_tenants_with_vertical_agencies_on_set_weekdays(demo_sites):
    site = demo_sites["serang"]
    agencies = list(Agency.objects.filter(site=site))
    assert len(agencies) == 24
    assert "Ciruas" in site.address
    opd = [a for a in agencies if a.kind == "opd"]
    assert opd and all(a.open_days == [1, 2, 3, 4, 5] for a in opd)
    part_week = [a for a in agencies if a.kind == "vertical" and len(a.open_days) < 5]
    assert len(part_week) >= 5
    assert Agency.objects.get(site=site, slug="bpn").open_days == [2, 4]


def test_every_service_is_valid_and_publishes_all_14_components(demo_sites):
    for site in demo_sites.values():
        for service in Service.objects.filter(site=site).select_related("agency"):
            assert service_validate(service=service, data={}) == {}, service.code
            assert service.requirements and all(r.strip() for r in service.requirements)
            for field in ("procedure", "completion_note", "fee_note", "product",
                          "complaint_handling", "legal_basis", "facilities",
                          "officer_competence", "internal_supervision", "service_guarantee",
                          "security_guarantee", "performance_evaluation"):
                assert getattr(service, field).strip(), (site.slug, service.code, field)
            assert service.officer_count >= 1
            assert "SP4N-LAPOR!" in service.complaint_handling
            if service.bookable:
                assert service.online_quota and service.slot_capacity >= 1, service.code


def test_counters_serve_only_their_agencys_services_and_every_service_has_a_counter(
    demo_sites,
):
    for site in demo_sites.values():
        served = set()
        for counter in Counter.objects.filter(site=site).prefetch_related("services"):
            assert counter.code.startswith("L")
            for service in counter.services.all():
                assert service.agency_id == counter.agency_id
                served.add(service.pk)
        in_person = [s for s in Service.objects.filter(site=site) if "direct" in s.channels]
        assert not [s.code for s in in_person if s.pk not in served]
        online_only = [s for s in Service.objects.filter(site=site)
                       if "direct" not in s.channels]
        assert not [s.code for s in online_only if s.pk in served]


def test_users_have_their_roles_and_the_second_profile_is_prefixed(demo_sites):
    pandeglang = demo_sites["pandeglang"]
    assert User.objects.get(username="admin").site == pandeglang
    assert User.objects.get(username="admin").role == Role.MALL_ADMIN
    hendra = User.objects.get(username="disdukcapil-admin")
    assert (hendra.role, hendra.agency.slug) == (Role.AGENCY_ADMIN, "disdukcapil")
    assert User.objects.get(username="disdukcapil-officer1").role == Role.OFFICER
    for username, role in (("frontdesk", Role.FRONT_DESK), ("kiosk", Role.KIOSK),
                           ("integrator", Role.INTEGRATOR)):
        assert User.objects.get(username=username, site=pandeglang).role == role
    # Tangerang and Serang were loaded into the same database: their names carry the profile.
    for profile in ("tangerang", "serang"):
        site = demo_sites[profile]
        usernames = list(User.objects.filter(site=site).values_list("username", flat=True))
        assert usernames and all(name.startswith(f"{profile}-") for name in usernames)
        assert User.objects.get(username=f"{profile}-admin").role == Role.MALL_ADMIN
        assert User.objects.get(username=f"{profile}-polres-officer1").agency.site == site
    assert User.objects.get(username="admin").check_password(PASSWORD)


def test_logins_list_the_site_roles_first_then_each_agency(demo_sites):
    logins = demo_logins(demo_sites["pandeglang"])
    assert logins[:4] == [("admin", "mall_admin", ""), ("frontdesk", "front_desk", ""),
                          ("kiosk", "kiosk", ""), ("integrator", "integrator", "")]
    assert logins[4] == ("dpmptsp-admin", "agency_admin", "DPMPTSP")
    assert logins[5] == ("dpmptsp-officer1", "officer", "DPMPTSP")
    assert len(logins) == User.objects.filter(site=demo_sites["pandeglang"]).count()


def test_loading_a_profile_twice_is_a_clear_error(demo_sites):
    with pytest.raises(Conflict) as error:
        demo_load(profile="pandeglang", password=PASSWORD)
    assert "sudah dimuat" in str(error.value.message)  # Indonesian by default
    assert Site.objects.filter(slug="pandeglang").count() == 1


def test_an_unknown_profile_is_a_clear_error(demo_sites):
    with pytest.raises(Invalid) as error:
        demo_load(profile="purwakarta", password=PASSWORD)
    assert "pandeglang" in str(error.value.message)


def test_a_failed_load_leaves_nothing_behind(demo_sites):
    # Make room for serang inside this test's transaction, then fail on a weak password:
    # the password is checked with the first user, after the whole catalog was written.
    site = demo_sites["serang"]
    User.objects.filter(site=site).delete()
    Site.objects.filter(pk=site.pk).delete()
    with pytest.raises(Invalid) as error:
        demo_load(profile="serang", password="123")
    assert "password" in error.value.fields
    assert not Site.objects.filter(slug="serang").exists()
    assert not Agency.objects.filter(site__slug="serang").exists()


def test_always_open_and_no_quotas(demo_sites):
    site = demo_sites["tangerang"]
    User.objects.filter(site=site).delete()
    Site.objects.filter(pk=site.pk).delete()
    out = io.StringIO()
    site = demo_load(profile="tangerang", password=PASSWORD, always_open=True, no_quotas=True,
                     stdout=out)
    assert site.open_days == [1, 2, 3, 4, 5, 6, 7]
    for agency in Agency.objects.filter(site=site):
        assert agency.open_days == [1, 2, 3, 4, 5, 6, 7]
        assert (agency.opens_at.hour, agency.closes_at.hour, agency.closes_at.minute) == (
            0, 23, 59)
    services = Service.objects.filter(site=site)
    assert not services.filter(walkin_quota__isnull=False).exists()
    assert not services.filter(online_quota__isnull=False).exists()
    assert not site.tickets.exists()  # history only when asked for (tests in queueing)


@pytest.mark.parametrize("profile", ["pandeglang", "tangerang", "serang"])
def test_the_public_catalog_api_answers_for_the_profile(demo_sites, api, profile):
    site = demo_sites[profile]
    client = api()
    sites = client.get("sites").json()
    assert {"slug": profile, "name": site.name, "timezone": "Asia/Jakarta"} in sites

    agencies = client.get(f"sites/{profile}/agencies").json()
    assert len(agencies) == Agency.objects.filter(site=site).count()
    for agency in agencies:
        assert agency["kind"] in KINDS
        assert agency["open_days"] and set(agency["open_days"]) <= set(range(1, 8))

    services = client.get(f"sites/{profile}/services").json()
    assert len(services) == Service.objects.filter(site=site).count()
    first_of_agency = {}
    for service in services:
        assert set(service) >= {"code", "name", "agency", "prefix", "channels", "standard",
                                "bookable"}
        assert set(service["standard"]) >= {"requirements", "procedure", "completion_days",
                                            "fee", "product", "legal_basis",
                                            "complaint_handling"}
        assert service["standard"]["requirements"]
        first_of_agency.setdefault(service["agency"], service)
    for service in first_of_agency.values():
        response = client.get(f"sites/{profile}/services/{service['code']}")
        assert response.status_code == 200
        assert response.json()["code"] == service["code"]
        assert response.json()["standard"] == service["standard"]

    by_agency = client.get(f"sites/{profile}/services?agency=disdukcapil").json()
    assert by_agency and {s["agency"] for s in by_agency} == {"disdukcapil"}

    counters = client.get(f"sites/{profile}/counters").json()
    assert len(counters) == Counter.objects.filter(site=site).count()
    codes = {s["code"] for s in services}
    for counter in counters:
        assert counter["services"] and set(counter["services"]) <= codes
        assert counter["open"] is False


def test_a_citizen_finds_the_sim_renewal_in_tangerang(demo_sites, api):
    found = api().get("sites/tangerang/services?q=SIM").json()
    assert {"sim-a-perpanjangan", "sim-c-perpanjangan"} <= {s["code"] for s in found}
    assert api().get("sites/tangerang/services/klinik-lkpm").json()["agency"] == "dpmptsp"


def test_mpp_loaddemo_on_a_fresh_sqlite_database(tmp_path):
    env = {**os.environ, "MPP_DATA_DIR": str(tmp_path), "MPP_TESTING": "1",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}"}
    mpp = [sys.executable, "-m", "mpp.cli"]
    subprocess.run([*mpp, "migrate", "-v0"], env=env, check=True, timeout=300)
    result = subprocess.run([*mpp, "loaddemo", "tangerang", "--password", PASSWORD],
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "18 agencies" in result.stdout
    assert "tangerang-" not in result.stdout  # the first profile keeps plain usernames
    assert "polres-officer1" in result.stdout
    again = subprocess.run([*mpp, "loaddemo", "tangerang"], env=env, capture_output=True,
                           text=True, timeout=300)
    assert again.returncode != 0
    assert "sudah dimuat" in again.stderr  # Indonesian by default
    assert "Traceback" not in again.stderr
