"""Accounts in the back office: who creates which staff, and integrator tokens issued once."""

import hashlib

import pytest
from django.test import Client

from mpp.accounts.models import ApiToken, Role, User

pytestmark = pytest.mark.django_db

USERS = "/admin/accounts/user/"
TOKENS = "/admin/accounts/apitoken/"
NEW_PASSWORD = "loket-baru-2026!"


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["mpp_lang"] = "en"  # screens follow the language cookie
    client.force_login(user)
    return client


def new_user(mall, **overrides) -> dict:
    data = {"username": "kota-uji-rudi", "full_name": "Rudi Hartono", "email": "",
            "password": NEW_PASSWORD, "role": Role.OFFICER, "site": mall.site.pk,
            "agency": mall.disdukcapil.pk}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_hendra_sees_only_disdukcapil_staff(mall):
    response = signed_in(mall.users["hendra"]).get(USERS)
    assert response.status_code == 200
    names = {u.username for u in response.context["cl"].queryset}
    assert names == {"kota-uji-disdukcapil-admin", "kota-uji-dewi"}


def test_hendra_adds_an_officer_of_disdukcapil_through_user_create(mall):
    client = signed_in(mall.users["hendra"])
    response = client.post(f"{USERS}add/", new_user(mall))
    assert response.status_code == 302, response.context["adminform"].form.errors
    rudi = User.objects.get(username="kota-uji-rudi")
    assert (rudi.role, rudi.agency, rudi.site) == (Role.OFFICER, mall.disdukcapil, mall.site)
    assert rudi.check_password(NEW_PASSWORD) and not rudi.is_staff
    assert rudi.get_full_name() == "Rudi Hartono"


def test_hendra_cannot_create_a_mall_admin_or_a_samsat_officer(mall):
    client = signed_in(mall.users["hendra"])
    form = client.get(f"{USERS}add/").context["adminform"].form
    assert {value for value, _label in form.fields["role"].choices} == {
        Role.AGENCY_ADMIN, Role.OFFICER}
    assert list(form.fields["agency"].queryset) == [mall.disdukcapil]
    response = client.post(f"{USERS}add/", new_user(mall, role=Role.MALL_ADMIN, agency=""))
    assert response.status_code == 200
    assert "role" in response.context["adminform"].form.errors
    response = client.post(f"{USERS}add/", new_user(mall, agency=mall.samsat.pk))
    assert response.status_code == 200
    assert "agency" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="kota-uji-rudi").exists()


def test_a_weak_password_or_taken_username_shows_on_the_field(mall):
    client = signed_in(mall.users["hendra"])
    response = client.post(f"{USERS}add/", new_user(mall, password="123"))
    assert "password" in response.context["adminform"].form.errors
    response = client.post(f"{USERS}add/", new_user(mall, username="kota-uji-dewi"))
    assert "username" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="kota-uji-rudi").exists()


def change(mall, user, **overrides) -> dict:
    data = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email,
            "role": user.role, "agency": user.agency_id or "", "is_active": "on"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_hendra_edits_dewi_but_not_budi_and_never_beyond_his_rights(mall):
    client = signed_in(mall.users["hendra"])
    assert client.get(f"{USERS}{mall.users['budi'].pk}/change/").status_code == 403
    response = client.get(f"{USERS}{mall.users['dewi'].pk}/change/")
    assert response.status_code == 200 and response.context["has_change_permission"]
    form = response.context["adminform"].form
    assert set(form.fields) == {"first_name", "last_name", "email", "role", "agency",
                                "is_active"}  # username, site: read-only; no superuser box
    url = f"{USERS}{mall.users['dewi'].pk}/change/"

    response = client.post(url, change(mall, mall.users["dewi"], first_name="Dewi",
                                       last_name="Lestari", role=Role.AGENCY_ADMIN,
                                       username="dewi-baru", is_superuser="on"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    dewi = User.objects.get(pk=mall.users["dewi"].pk)
    assert (dewi.get_full_name(), dewi.role, dewi.is_staff) == (
        "Dewi Lestari", Role.AGENCY_ADMIN, True)
    assert dewi.username == "kota-uji-dewi" and not dewi.is_superuser

    for bad in ({"role": Role.MALL_ADMIN, "agency": ""}, {"agency": mall.samsat.pk},
                {"role": Role.OFFICER, "agency": ""}):
        response = client.post(url, change(mall, dewi, **bad))
        assert response.status_code == 200 and response.context["adminform"].form.errors
    assert User.objects.get(pk=dewi.pk).role == Role.AGENCY_ADMIN
    # a new password for Dewi, if she forgot hers; none for Budi of Samsat
    assert client.get(f"{USERS}{dewi.pk}/password/").status_code == 200
    assert client.get(f"{USERS}{mall.users['budi'].pk}/password/").status_code == 403


def test_rina_deactivates_an_officer_who_left_and_his_token_stops(mall, api):
    rina, budi = mall.users["rina"], mall.users["budi"]
    budi_app = api(budi)
    assert budi_app.get("auth/me").status_code == 200
    client = signed_in(rina)
    response = client.post(f"{USERS}{budi.pk}/change/",
                           change(mall, budi, is_active=None))  # the box left unticked
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not User.objects.get(pk=budi.pk).is_active
    assert budi_app.get("auth/me").status_code == 401
    assert client.post(f"{USERS}{budi.pk}/change/", change(mall, budi)).status_code == 302
    assert budi_app.get("auth/me").status_code == 200  # active again: the same token works


def test_an_admin_cannot_lock_themselves_out(mall):
    rina = mall.users["rina"]
    client = signed_in(rina)
    url = f"{USERS}{rina.pk}/change/"
    for bad in ({"is_active": None}, {"role": Role.OFFICER, "agency": mall.pln.pk}):
        response = client.post(url, change(mall, rina, **bad))
        assert response.status_code == 200 and "role" in response.context["adminform"].form.errors
    assert client.post(url, change(mall, rina, first_name="Rina")).status_code == 302
    rina = User.objects.get(pk=rina.pk)
    assert rina.is_active and rina.role == Role.MALL_ADMIN and rina.first_name == "Rina"


def test_rina_creates_a_front_desk_account_and_sees_the_whole_site(mall):
    client = signed_in(mall.users["rina"])
    assert client.get(USERS).context["cl"].queryset.count() == 8
    response = client.post(f"{USERS}add/", new_user(mall, username="kota-uji-loket-info",
                                                    role=Role.FRONT_DESK, agency=""))
    assert response.status_code == 302
    assert User.objects.get(username="kota-uji-loket-info").role == Role.FRONT_DESK


def test_rina_issues_a_city_app_token_shown_once_and_stored_as_a_digest(mall, api):
    client = signed_in(mall.users["rina"])
    response = client.post(f"{TOKENS}add/", {"user": mall.users["cityapp"].pk,
                                             "name": "Aplikasi Tangerang LIVE"})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("mpp_") and secret in response.content.decode()
    token = ApiToken.objects.get(user=mall.users["cityapp"])
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.prefix, token.digest, token.name}
    listing = client.get(TOKENS).content.decode()
    assert token.prefix in listing and secret not in listing
    detail = client.get(f"{TOKENS}{token.pk}/change/").content.decode()
    assert secret not in detail
    assert api().get("auth/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoking_in_the_back_office_stops_the_token_on_the_api(mall, api):
    client = signed_in(mall.users["rina"])
    secret = client.post(f"{TOKENS}add/", {"user": mall.users["cityapp"].pk,
                                           "name": "kota app"}).context["secret"]
    token = ApiToken.objects.get(user=mall.users["cityapp"])
    response = client.post(TOKENS, {"action": "revoke", "_selected_action": [token.pk]})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = api().get("auth/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401


def test_hendra_issues_tokens_only_for_disdukcapil_staff(mall):
    client = signed_in(mall.users["hendra"])
    form = client.get(f"{TOKENS}add/").context["adminform"].form
    assert set(form.fields["user"].queryset) == {mall.users["hendra"], mall.users["dewi"]}
    response = client.post(f"{TOKENS}add/", {"user": mall.users["cityapp"].pk, "name": "x"})
    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors
    assert not ApiToken.objects.filter(user=mall.users["cityapp"]).exists()


def test_hendra_cannot_see_or_revoke_samsat_tokens(mall):
    from mpp.accounts.services import token_create

    token, _secret = token_create(user=mall.users["budi"], name="budi")
    client = signed_in(mall.users["hendra"])
    assert token.prefix not in client.get(TOKENS).content.decode()
    assert client.get(f"{TOKENS}{token.pk}/change/").status_code == 403
    client.post(TOKENS, {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_platform_superuser_keeps_full_access(mall):
    root = User.objects.create_superuser("root", "root@example.org", "x-very-long-pass-1")
    client = signed_in(root)
    assert client.get(USERS).context["cl"].queryset.count() == 9
    assert client.get(f"{USERS}{mall.users['budi'].pk}/change/").status_code == 200
    assert client.get("/admin/catalog/site/add/").status_code == 200


def test_rina_sets_a_new_password_for_budi_who_forgot_his(mall):
    budi = mall.users["budi"]
    client = signed_in(mall.users["rina"])
    url = f"{USERS}{budi.pk}/password/"
    page = client.get(url)
    assert page.status_code == 200 and "usable_password" not in page.context["form"].fields
    weak = client.post(url, {"password1": "budi", "password2": "budi"})
    assert weak.status_code == 200 and weak.context["form"].errors
    assert User.objects.get(pk=budi.pk).check_password("budi") is False
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert User.objects.get(pk=budi.pk).check_password(NEW_PASSWORD)
    # Hendra (Disdukcapil) cannot reach Budi (Samsat)
    assert signed_in(mall.users["hendra"]).get(url).status_code == 403
