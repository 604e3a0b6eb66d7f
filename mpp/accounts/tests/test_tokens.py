"""Staff and devices sign in for a bearer token; tokens are hashed at rest and revocable."""

import hashlib

import pytest
from django.test import override_settings

from mpp.accounts.models import ApiToken
from mpp.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(api, username, password=PASSWORD, **extra):
    return api().post("auth/token", {"username": username, "password": password}, **extra)


def test_dewi_signs_in_and_gets_a_token_with_her_role_and_agency(mall, api):
    response = login(api, "kota-uji-dewi")
    assert response.status_code == 200
    body = response.json()
    assert body["role"] == "officer"
    assert body["agency"] == "disdukcapil"
    assert body["token"].startswith("mpp_")


def test_the_token_is_stored_only_as_a_digest(mall, api):
    secret = login(api, "kota-uji-dewi").json()["token"]
    row = ApiToken.objects.get(user=mall.users["dewi"])
    assert row.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {row.prefix, row.digest, row.name}


def test_token_authenticates_and_records_last_use(mall, api):
    secret = login(api, "kota-uji-dewi").json()["token"]
    client = api()
    me = client.get("auth/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert me.status_code == 200
    assert me.json()["username"] == "kota-uji-dewi"
    assert ApiToken.objects.get(user=mall.users["dewi"]).last_used_at is not None


def test_revoked_token_no_longer_works(mall, api):
    secret = login(api, "kota-uji-dewi").json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert api().post("auth/revoke", **auth).status_code == 204
    response = api().get("auth/me", **auth)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_wrong_password_is_401_and_missing_fields_name_the_field(mall, api):
    response = login(api, "kota-uji-dewi", "salah")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_credentials"
    response = api().post("auth/token", {"username": "kota-uji-dewi"})
    assert response.status_code == 422
    assert "password" in response.json()["error"]["fields"]


def test_repeated_failures_lock_the_account_even_with_the_right_password(mall, api):
    statuses = [login(api, "kota-uji-dewi", "tebak-tebakan").status_code for _ in range(5)]
    assert statuses == [401, 401, 401, 401, 429]  # the fifth failure locks
    response = login(api, "kota-uji-dewi")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "locked_out"
    # Another officer from the same address is not locked out by Dewi's failures.
    assert login(api, "kota-uji-budi").status_code == 200


def test_garbage_tokens_are_401_not_500(mall, api):
    for header in ["Bearer", "Bearer mpp_", "Bearer " + "x" * 5000, "Basic abc", "Bearer mpp_\u00e9\u00e9"]:
        response = api().get("auth/me", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401, header


@override_settings(MPP_RATE_LIMITS={"public": "3/99999999", "staff": "5/99999999", "integrator": "8/99999999",
                                    "login": "20/60"})
def test_public_clients_are_rate_limited_per_address_and_integrators_have_their_own(mall, api):
    citizen = api()
    statuses = [citizen.get("sites").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = citizen.get("sites")
    assert limited.json()["error"]["code"] == "rate_limited"
    assert int(limited["Retry-After"]) >= 1
    city_app = api(mall.users["cityapp"])
    assert [city_app.get("sites").status_code for _ in range(8)] == [200] * 8
    assert city_app.get("sites").status_code == 429


def test_a_sign_in_token_expires_after_a_working_day(mall, api, settings, monkeypatch):
    """Before: tokens from POST /auth/token never expired."""
    from datetime import timedelta

    from django.utils import timezone

    settings.MPP_TOKEN_HOURS = 12
    body = login(api, "kota-uji-dewi").json()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {body['token']}"}
    assert body["expires_at"] is not None
    assert api().get("auth/me", **auth).status_code == 200
    later = timezone.now() + timedelta(hours=12, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = api().get("auth/me", **auth)
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthenticated"


def test_rotation_gives_a_fresh_token_and_ends_the_old_one(mall, api):
    old = login(api, "kota-uji-dewi").json()
    old_auth = {"HTTP_AUTHORIZATION": f"Bearer {old['token']}"}
    rotated = api().post("auth/rotate", **old_auth)
    assert rotated.status_code == 200
    new = rotated.json()
    assert new["token"] != old["token"] and new["role"] == "officer"
    assert new["expires_at"] > old["expires_at"] or new["expires_at"] == old["expires_at"]
    assert api().get("auth/me", **old_auth).status_code == 401
    assert api().post("auth/rotate", **old_auth).status_code == 401  # only once
    me = api().get("auth/me", HTTP_AUTHORIZATION=f"Bearer {new['token']}")
    assert me.status_code == 200 and me.json()["token_expires_at"] is not None


def test_a_device_token_without_expiry_rotates_without_one(mall, api):
    from mpp.accounts.services import token_create

    _token, secret = token_create(user=mall.users["kiosk"], name="Kiosk lobby")
    rotated = api().post("auth/rotate", HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    assert rotated["expires_at"] is None
    assert ApiToken.objects.get(digest=hashlib.sha256(rotated["token"].encode()).hexdigest()
                                ).name == "Kiosk lobby"
