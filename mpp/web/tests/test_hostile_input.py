"""Text that PostgreSQL refuses to store or compare (a NUL character, a lone UTF-16
surrogate) and numbers past a 64-bit integer, sent to every operation of the API in every
place a client controls: the path, the query, a header and each field of the body. SQLite
stores all of them, PostgreSQL raises, so before the guard the same request was a 4xx on one
database and a 500 on the other. Every answer must be a 4xx in the contract's JSON shape.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from mpp.api import api as ninja_api

HOSTILE_TEXT = ["nul\x00here", "surrogate\ud800", "\udfff"]
HOSTILE_NUMBER = 2**70

PATH_VALUES = {"site": "kota-uji", "service": "ktp-el-baru", "code": "ABCD-2345",
               "ticket_id": "1", "id": "1", "counter": "L01", "agency": "disdukcapil"}


def _operations():
    schema = ninja_api.get_openapi_schema()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "patch", "put", "delete"):
                yield path, method, operation, schema


def _body_fields(operation, schema) -> list[str]:
    content = operation.get("requestBody", {}).get("content", {})
    ref = content.get("application/json", {}).get("schema", {}).get("$ref")
    if not ref:
        return []
    name = ref.rsplit("/", 1)[-1]
    return list(schema["components"]["schemas"][name].get("properties", {}))


def _fill(path: str, override: dict | None = None) -> str:
    def value(match):
        name = match.group(1)
        if override and name in override:
            return override[name]
        return PATH_VALUES.get(name, "1")
    return re.sub(r"\{(\w+)\}", value, path)


def _check(response, what):
    assert 400 <= response.status_code < 500, (what, response.status_code,
                                               response.content[:300])
    body = response.json()
    assert body["error"]["code"] and body["error"]["message"], (what, body)


def _send(client, method, url, body=None, **headers):
    if method == "get" or method == "delete":
        return getattr(client, method)(url, **headers)
    return getattr(client, method)(url, data=json.dumps(body or {}),
                                   content_type="application/json", **headers)


@pytest.fixture
def clients(mall, api):
    from django.test import Client

    anonymous = Client()
    staff = api(mall.users["rina"])
    return {"anonymous": anonymous, "staff": Client(**staff.headers)}


def test_hostile_text_in_every_path_parameter(clients):
    """A NUL in a booking code or a site's slug is an unknown thing (404) or bad input (400),
    never a database error."""
    for path, method, _operation, _schema in _operations():
        names = re.findall(r"\{(\w+)\}", path)
        for name in names:
            for text in HOSTILE_TEXT:
                url = _fill(path, {name: _quote(text)})
                for who, client in clients.items():
                    if path.endswith("/events"):
                        continue
                    _check(_send(client, method, url), (who, method, url))


def test_hostile_text_in_every_query_parameter(clients):
    for path, method, operation, _schema in _operations():
        if path.endswith("/events"):
            continue
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
        names = names or ["q"]
        for name in names:
            for text in HOSTILE_TEXT:
                url = f"{_fill(path)}?{name}={_quote(text)}"
                for who, client in clients.items():
                    response = _send(client, method, url)
                    if response.status_code < 400:
                        continue  # a parameter the operation ignores
                    _check(response, (who, method, url))


def test_hostile_values_in_every_body_field(clients):
    for path, method, operation, schema in _operations():
        fields = _body_fields(operation, schema)
        for field in fields:
            for value in [*HOSTILE_TEXT, HOSTILE_NUMBER, -HOSTILE_NUMBER, [HOSTILE_TEXT[0]],
                          {"x": HOSTILE_TEXT[0]}]:
                for who, client in clients.items():
                    response = _send(client, method, _fill(path), {field: value})
                    assert response.status_code < 500, (who, method, path, field, value,
                                                        response.content[:300])
                    if response.status_code >= 400:
                        _check(response, (who, method, path, field))


def test_hostile_text_in_headers(clients, mall, api):
    """The bearer token, the idempotency key and the language are compared with stored text."""
    for text in HOSTILE_TEXT:
        for path, method, _operation, _schema in _operations():
            if path.endswith("/events"):
                continue
            for header in ("HTTP_AUTHORIZATION", "HTTP_IDEMPOTENCY_KEY",
                           "HTTP_ACCEPT_LANGUAGE", "HTTP_LAST_EVENT_ID"):
                value = f"Bearer {text}" if header == "HTTP_AUTHORIZATION" else text
                response = _send(clients["anonymous"], method, _fill(path), **{header: value})
                assert response.status_code < 500, (method, path, header,
                                                    response.content[:300])


def test_nul_in_a_citizen_page_path_is_a_400_page(client, mall):
    for url in ("/booking/ABC%00D/", "/t/%00/", "/kota-uji%00/"):
        response = client.get(url)
        assert response.status_code in (400, 404), (url, response.status_code)


TUESDAY_9AM = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))

# A valid request to each operation that writes; each field in turn is made hostile, so the
# value reaches the service (and the database) instead of stopping at a missing field.
VALID = [
    ("anonymous", "post", "auth/token", {"username": "kota-uji-dewi", "password": "x"}),
    ("anonymous", "post", "sites/kota-uji/bookings", {
        "service": "ktp-el-baru", "date": "2026-11-25", "slot": "08:00", "name": "Siti",
        "nik": "3201014107900001", "phone": "081234567890", "email": "siti@example.id"}),
    ("kiosk", "post", "sites/kota-uji/tickets", {"service": "ktp-el-baru",
                                                 "priority": "regular"}),
    ("kiosk", "post", "sites/kota-uji/check-in", {"booking_code": "ABCD2345"}),
    ("rina", "post", "sites/kota-uji/services", {
        "code": "akta-baru", "name": "Akta Kelahiran", "agency": "disdukcapil", "prefix": "D",
        "requirements": ["KK"], "procedure": "Isi formulir", "completion_days": 1,
        "fee": 0, "walkin_quota": 10, "online_quota": 5, "slot_minutes": 30,
        "slot_capacity": 5, "expected_minutes": 10, "officer_count": 2}),
    ("rina", "patch", "sites/kota-uji/services/ktp-el-baru", {
        "name": "KTP-el", "requirements": ["KK"], "fee_note": "Gratis", "walkin_quota": 10,
        "completion_days": 2, "fee": 1, "officer_count": 1, "slot_capacity": 3}),
    ("rina", "patch", "sites/kota-uji/agencies/disdukcapil", {
        "name": "Disdukcapil", "short_name": "Dukcapil", "open_days": [1, 2],
        "opens_at": "08:00", "closes_at": "15:00", "description": "Kependudukan"}),
    ("rina", "post", "sites/kota-uji/counters", {"code": "L09", "name": "Loket 9",
                                                 "agency": "disdukcapil", "floor": "1",
                                                 "services": ["kk-baru"]}),
    ("rina", "patch", "sites/kota-uji/counters/L01", {"name": "Loket Satu", "floor": "2",
                                                      "services": ["kk-baru"]}),
]
HOSTILE_FIELD_VALUES = [*HOSTILE_TEXT, HOSTILE_NUMBER, 2**40, -(2**40), [HOSTILE_TEXT[0]],
                        [HOSTILE_NUMBER]]


@pytest.mark.parametrize("who, method, path, body", VALID, ids=[v[2] for v in VALID])
def test_hostile_value_in_each_field_of_a_valid_request(mall, api, monkeypatch, who, method,
                                                        path, body):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: TUESDAY_9AM)
    client = api(mall.users[who]) if who != "anonymous" else api()
    for field in body:
        for value in HOSTILE_FIELD_VALUES:
            response = getattr(client, method)(path, {**body, field: value})
            assert response.status_code < 500, (path, field, value, response.content[:300])
            if response.status_code >= 400:
                _check(response, (path, field, value))


def test_refused_request_writes_nothing(mall, api, monkeypatch):
    from django.utils import timezone

    from mpp.bookings.models import Booking

    monkeypatch.setattr(timezone, "now", lambda: TUESDAY_9AM)
    _who, _method, path, body = VALID[1]
    response = api().post(path, {**body, "name": "Siti\x00 Rahma"})
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"name": response.json()["error"]["fields"][
        "name"]}
    assert not Booking.objects.exists()
    assert api().post(path, body).status_code == 201


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text.encode("utf-8", "surrogatepass"), safe="")
