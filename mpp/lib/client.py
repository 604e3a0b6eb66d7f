"""Who is asking: the client's address, as only the configured trusted proxies may report it.

`MPP_TRUSTED_PROXIES` (settings, from the environment) lists the addresses or networks of the
reverse proxies in front of `mpp serve` (nginx on the same machine: `127.0.0.1`). A request
whose socket peer is one of them has its client read from `X-Forwarded-For`, from the right:
the first address that is not itself a trusted proxy. From any other peer the forwarding
headers are a client's claim about itself: `ClientAddressMiddleware` drops them before anything
reads them, so neither Django (`SECURE_PROXY_SSL_HEADER`), nor a rate limit, nor the login
lockout, nor a log line can be fooled by them. Every limit, the lockout and the access log use
`client_ip(request)`.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from django.http import HttpRequest

# request.META is the WSGI environ: gunicorn's access log prints it as %({MPP_CLIENT_IP}e)s.
META_KEY = "MPP_CLIENT_IP"
FORWARDING_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST",
                      "HTTP_X_FORWARDED_PORT", "HTTP_X_REAL_IP", "HTTP_FORWARDED")

UNKNOWN = "unknown"  # no address (a unix socket, a request built in code)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(settings.MPP_TRUSTED_PROXIES))


def parse_proxies(value: str) -> list[str]:
    """`MPP_TRUSTED_PROXIES` as written in the environment: addresses or networks separated by
    commas or spaces. A wrong entry stops the start (ValueError), rather than trusting less
    or more than the operator meant."""
    items = [item for item in value.replace(",", " ").split() if item]
    _networks(tuple(items))  # raises ValueError on a typo
    return items


def _address(text: str):
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _is_trusted(address, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def resolve(meta: dict) -> tuple[str, bool]:
    """(the client's address, whether the socket peer is a trusted proxy)."""
    peer_text = meta.get("REMOTE_ADDR", "") or ""
    peer = _address(peer_text)
    networks = trusted_networks()
    if not _is_trusted(peer, networks):
        return (str(peer) if peer is not None else UNKNOWN), False
    chain = [part for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    client = peer
    for part in reversed(chain):
        address = _address(part)
        if address is None:  # garbage in the chain: stop at the last address we could trust
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client), True


def client_ip(request: HttpRequest) -> str:
    """The client's address (set once per request by ClientAddressMiddleware)."""
    meta = request.META
    if META_KEY not in meta:
        meta[META_KEY], _trusted = resolve(meta)
    return meta[META_KEY]


def axes_client_ip(request: HttpRequest) -> str | None:
    """The same address for django-axes, which stores it in an address column: None when
    there is none (a request built in code, such as the test client's login)."""
    address = client_ip(request)
    return None if address == UNKNOWN else address


class ClientAddressMiddleware:
    """First in MIDDLEWARE: settles the client's address and drops forwarding headers that did
    not come from a trusted proxy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        meta = request.META
        meta[META_KEY], trusted = resolve(meta)
        if not trusted:
            for header in FORWARDING_HEADERS:
                meta.pop(header, None)
        return self.get_response(request)
