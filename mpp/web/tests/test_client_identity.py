"""Who the client is, behind nginx and without it: only the configured trusted proxies may say.

An attacker on the internet sends any X-Forwarded-For he likes; behind the recommended nginx
every request's socket peer is nginx itself. Neither may decide whose budget a request spends,
whose account a wrong password locks, or whether the request came over HTTPS."""

import pytest
from django.test import Client, RequestFactory, override_settings

from mpp.conftest import PASSWORD
from mpp.lib.client import parse_proxies, resolve

pytestmark = pytest.mark.django_db

NGINX = "127.0.0.1"
LIMITS = {"public": "3/99999999", "staff": "600/60", "integrator": "3000/60", "login": "100/60",
          "public_pages": "120/60", "public_pages_address": "1200/60",
          "nik_code": "5/3600", "nik_client": "30/3600"}


def test_the_address_is_read_from_the_right_past_trusted_proxies_only(settings):
    settings.MPP_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    # nginx (trusted) saw 203.0.113.5; whatever the client put on the left is its own claim
    assert resolve({"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.5"}) == (
        "203.0.113.5", True)
    # two trusted hops (a load balancer, then nginx)
    assert resolve({"REMOTE_ADDR": NGINX,
                    "HTTP_X_FORWARDED_FOR": "198.51.100.7, 10.1.2.3"}) == ("198.51.100.7", True)
    # an untrusted peer's header is ignored
    assert resolve({"REMOTE_ADDR": "198.51.100.9", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}) == (
        "198.51.100.9", False)
    # garbage in the chain stops the walk at the last address we could trust
    assert resolve({"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": "evil, 203.0.113.5"}) == (
        "203.0.113.5", True)
    assert resolve({"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": "[2001:db8::1]:443"}) == (
        "2001:db8::1", True)


def test_a_typo_in_the_trusted_proxies_stops_the_start():
    assert parse_proxies("127.0.0.1, 10.0.0.0/8 ::1") == ["127.0.0.1", "10.0.0.0/8", "::1"]
    with pytest.raises(ValueError):
        parse_proxies("127.0.0.1, nginx")


@override_settings(MPP_RATE_LIMITS=LIMITS, MPP_TRUSTED_PROXIES=[])
def test_rotating_x_forwarded_for_does_not_lift_the_public_limit(mall, api):
    """Before: the API's limit keyed on X-Forwarded-For as the client sent it."""
    client = Client()
    statuses = [client.get("/api/v1/sites", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
                for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


@override_settings(MPP_RATE_LIMITS=LIMITS, MPP_TRUSTED_PROXIES=[NGINX])
def test_behind_nginx_each_citizen_has_a_budget_of_their_own(mall):
    """Before: every citizen behind the proxy shared one budget (nginx's address)."""
    client = Client(REMOTE_ADDR=NGINX)
    first = [client.get("/api/v1/sites", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code
             for _ in range(4)]
    assert first == [200, 200, 200, 429]
    assert client.get("/api/v1/sites", HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 200
    # a client behind nginx cannot pose as someone else by adding its own header on the left
    spoofed = client.get("/api/v1/sites", HTTP_X_FORWARDED_FOR="203.0.113.77, 203.0.113.5")
    assert spoofed.status_code == 429


def _api_login(username, password, *, address):
    return Client(REMOTE_ADDR=NGINX).post(
        "/api/v1/auth/token", {"username": username, "password": password},
        content_type="application/json", HTTP_X_FORWARDED_FOR=address)


@override_settings(MPP_RATE_LIMITS=LIMITS, MPP_TRUSTED_PROXIES=[NGINX])
def test_a_visitor_cannot_lock_an_officer_out_behind_the_proxy(mall):
    """Before: the lockout keyed on (username, nginx's address): five wrong passwords from
    anyone locked Dewi out of her counter for everyone."""
    statuses = [_api_login("kota-uji-dewi", "tebak", address="203.0.113.66").status_code
                for _ in range(5)]
    assert statuses[-1] == 429  # the guesser is locked out...
    assert _api_login("kota-uji-dewi", "tebak", address="203.0.113.66").status_code == 429
    # ...Dewi, at her counter behind the same nginx, is not
    assert _api_login("kota-uji-dewi", PASSWORD, address="192.168.10.21").status_code == 200
    # the same on the sign-in page
    page = Client(REMOTE_ADDR=NGINX)
    for _ in range(5):
        page.post("/akun/masuk/", {"username": "kota-uji-budi", "password": "tebak"},
                  HTTP_X_FORWARDED_FOR="203.0.113.66")
    locked = page.post("/akun/masuk/", {"username": "kota-uji-budi", "password": PASSWORD},
                       HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert locked.status_code == 429
    budi = Client(REMOTE_ADDR=NGINX).post(
        "/akun/masuk/", {"username": "kota-uji-budi", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="192.168.10.22")
    assert budi.status_code == 302


@override_settings(MPP_RATE_LIMITS=LIMITS, MPP_TRUSTED_PROXIES=[])
def test_rotating_x_forwarded_for_does_not_lift_the_login_limit(mall):
    """Before: with the header rotated, password spraying met no lockout and no login limit."""
    statuses = [Client(REMOTE_ADDR="198.51.100.9").post(
        "/api/v1/auth/token", {"username": "kota-uji-dewi", "password": "tebak"},
        content_type="application/json", HTTP_X_FORWARDED_FOR=f"10.9.0.{n}").status_code
        for n in range(6)]
    assert statuses[4:] == [429, 429]


@override_settings(MPP_TRUSTED_PROXIES=[NGINX])
def test_the_login_token_names_the_client_not_the_proxy(mall):
    from mpp.accounts.models import ApiToken

    assert _api_login("kota-uji-dewi", PASSWORD, address="192.168.10.21").status_code == 200
    assert ApiToken.objects.get(user=mall.users["dewi"]).name.endswith("192.168.10.21")


@override_settings(MPP_TRUSTED_PROXIES=[NGINX], SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
                   SECURE_SSL_REDIRECT=True)
def test_https_is_believed_from_the_proxy_only(mall):
    """Before: X-Forwarded-Proto was trusted from any peer."""
    from_nginx = Client(REMOTE_ADDR=NGINX).get("/s/kota-uji/", HTTP_X_FORWARDED_PROTO="https")
    assert from_nginx.status_code == 200
    direct = Client(REMOTE_ADDR="198.51.100.9").get("/s/kota-uji/", HTTP_X_FORWARDED_PROTO="https")
    assert direct.status_code == 301 and direct["Location"].startswith("https://")


@override_settings(MPP_TRUSTED_PROXIES=[])
def test_forwarding_headers_of_an_untrusted_peer_never_reach_the_views(mall):
    from mpp.lib.client import ClientAddressMiddleware

    seen = {}

    def view(request):
        seen.update(request.META)
        return None

    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="1.2.3.4",
                                   HTTP_X_REAL_IP="1.2.3.4", HTTP_FORWARDED="for=1.2.3.4")
    ClientAddressMiddleware(view)(request)
    assert seen["MPP_CLIENT_IP"] == "198.51.100.9"
    assert not {"HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED"} & set(seen)


def test_a_request_without_an_address_is_unknown_and_axes_stores_none(settings):
    from mpp.lib.client import axes_client_ip, client_ip

    request = RequestFactory().get("/")
    request.META.pop("REMOTE_ADDR", None)
    assert client_ip(request) == "unknown"
    assert axes_client_ip(RequestFactory().get("/", REMOTE_ADDR="")) is None
    assert axes_client_ip(RequestFactory().get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"
