"""Shared test personas: a small MPP with Disdukcapil, Samsat and PLN as tenants, and the
people who work there.

- Rina, the mall admin of DPMPTSP (`admin`)
- Dewi, an officer at Disdukcapil; Hendra, Disdukcapil's agency admin
- Budi, an officer at Samsat; Sari, Samsat's agency admin
- the front desk, the kiosk device and a city app (integrator)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from mpp.accounts.models import Role
from mpp.accounts.services import token_create, user_create
from mpp.catalog import services as catalog

PASSWORD = "rahasia-uji-123"


@pytest.fixture(scope="session", autouse=True)
def _no_stray_sessions_at_the_end(django_db_setup, django_db_blocker):
    """Tests that start servers and workers in subprocesses (mpp serve, two gunicorn
    processes, mpp worker) stop them, but a PostgreSQL backend may outlive its process by a
    moment; the test database can only be dropped without it."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in Indonesian, the default: a request an earlier test made in English
    leaves that language active on the thread."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _quiet_event_hub():
    """A test that opened an event stream leaves no listening thread (nor its database
    connection) behind."""
    yield
    from mpp.realtime.hub import hub

    if hub._thread is not None:
        hub.stop()


@dataclass
class Mall:
    site: object
    disdukcapil: object
    samsat: object
    pln: object
    ktp: object
    kk: object
    pkb: object
    pasang_baru: object
    loket_disdukcapil: object
    loket_samsat: object
    users: dict


def build_mall(slug: str = "kota-uji", timezone: str = "Asia/Jakarta") -> Mall:
    site = catalog.site_create(
        slug=slug, name="MPP Kota Uji", timezone=timezone, open_days=[1, 2, 3, 4, 5],
        opens_at=time(8), closes_at=time(16),
    )
    disdukcapil = catalog.agency_create(
        site=site, slug="disdukcapil", name="Dinas Kependudukan dan Pencatatan Sipil",
        short_name="Disdukcapil", kind="opd", open_days=[1, 2, 3, 4, 5],
    )
    samsat = catalog.agency_create(
        site=site, slug="samsat", name="Kantor Bersama Samsat", short_name="Samsat",
        kind="vertical", open_days=[2, 4],
    )
    pln = catalog.agency_create(
        site=site, slug="pln", name="PT PLN (Persero) UP3", short_name="PLN", kind="bumn",
    )
    ktp = catalog.service_create(
        agency=disdukcapil, code="ktp-el-baru", name="Penerbitan KTP-el Baru", prefix="A",
        requirements=["Fotokopi KK", "Surat pengantar RT/RW"], procedure="Rekam biometrik",
        completion_days=1, product="KTP-el", walkin_quota=100, online_quota=50, bookable=True,
        tracked=True, legal_basis="UU 24/2013",
    )
    kk = catalog.service_create(
        agency=disdukcapil, code="kk-baru", name="Penerbitan Kartu Keluarga", prefix="A",
        requirements=["Buku nikah", "Surat pindah"], completion_days=3, product="KK",
    )
    pkb = catalog.service_create(
        agency=samsat, code="pkb-tahunan", name="Pembayaran PKB Tahunan", prefix="B",
        requirements=["KTP-el", "STNK"], fee=0, fee_note="Sesuai tagihan PKB", product="STNK",
    )
    pasang_baru = catalog.service_create(
        agency=pln, code="pasang-baru", name="Pasang Baru Listrik", prefix="C",
        requirements=["KTP-el"], channels=["direct", "e_service"], completion_days=5,
    )
    loket_disdukcapil = catalog.counter_create(
        agency=disdukcapil, code="L01", name="Loket 1", services=[ktp, kk]
    )
    loket_samsat = catalog.counter_create(agency=samsat, code="L02", name="Loket 2", services=[pkb])

    def make(username, role, agency=None):
        return user_create(username=username, password=PASSWORD, role=role, site=site,
                           agency=agency, check_password=False)

    users = {
        "rina": make(f"{slug}-admin", Role.MALL_ADMIN),
        "hendra": make(f"{slug}-disdukcapil-admin", Role.AGENCY_ADMIN, disdukcapil),
        "dewi": make(f"{slug}-dewi", Role.OFFICER, disdukcapil),
        "sari": make(f"{slug}-samsat-admin", Role.AGENCY_ADMIN, samsat),
        "budi": make(f"{slug}-budi", Role.OFFICER, samsat),
        "frontdesk": make(f"{slug}-frontdesk", Role.FRONT_DESK),
        "kiosk": make(f"{slug}-kiosk", Role.KIOSK),
        "cityapp": make(f"{slug}-cityapp", Role.INTEGRATOR),
    }
    return Mall(site, disdukcapil, samsat, pln, ktp, kk, pkb, pasang_baru, loket_disdukcapil,
                loket_samsat, users)


@pytest.fixture
def mall(db) -> Mall:
    return build_mall()


class ApiClient:
    """A JSON client for /api/v1, optionally carrying a persona's bearer token."""

    def __init__(self, user=None, language: str = "id"):
        self.client = Client(HTTP_ACCEPT_LANGUAGE=language)
        self.headers = {}
        if user is not None:
            _token, secret = token_create(user=user, name="test")
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"

    def _call(self, method, path, body=None, **extra):
        url = path if path.startswith("/") else f"/api/v1/{path}"
        kwargs = {**self.headers, **extra}
        if body is not None:
            kwargs["data"] = body if isinstance(body, (str, bytes)) else json.dumps(body)
            kwargs["content_type"] = "application/json"
        return getattr(self.client, method)(url, **kwargs)

    def get(self, path, **extra):
        return self._call("get", path, **extra)

    def post(self, path, body=None, **extra):
        return self._call("post", path, body if body is not None else {}, **extra)

    def patch(self, path, body=None, **extra):
        return self._call("patch", path, body if body is not None else {}, **extra)

    def put(self, path, body=None, **extra):
        return self._call("put", path, body if body is not None else {}, **extra)

    def delete(self, path, **extra):
        return self._call("delete", path, **extra)


@pytest.fixture
def api():
    """`api()` is a citizen's anonymous client; `api(user)` carries the user's token."""
    return ApiClient
