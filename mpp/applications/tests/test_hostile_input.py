"""Text no database stores (a NUL, a lone surrogate) and over-long fields in every
application endpoint: a 4xx in the contract's shape on SQLite and PostgreSQL alike, never a
500, nothing stored."""

from __future__ import annotations

import pytest

from mpp.applications.models import Application

from .conftest import SITI, pdf_bytes, served_ticket, stored_files, upload

# (a lone surrogate cannot be sent as UTF-8 at all: in a path it is its bytes, %ED%A0%80)
HOSTILE = ["Siti\x00Rahma", "x" * 5000]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("field", ["applicant_name", "nik", "phone", "email", "service"])
def test_e_service_fields(api, mall, clock, mpp_files, field, value):
    data = {"service": "pasang-baru", "applicant_name": "Siti", "nik": SITI,
            "phone": "0812-3456-7890", field: value,
            "req_1": upload("ktp.pdf", pdf_bytes())}
    answer = api().client.post("/api/v1/sites/kota-uji/applications", data=data)
    assert 400 <= answer.status_code < 500, answer.content
    assert "error" in answer.json()
    assert not Application.objects.exists() and stored_files(mpp_files) == []


@pytest.mark.parametrize("value", HOSTILE)
def test_receive_and_status_bodies(api, mall, clock, value):
    ticket = served_ticket(mall)
    dewi = api(mall.users["dewi"])
    answer = dewi.post(f"tickets/{ticket.public_id}/application",
                       {"applicant_name": value, "nik": SITI})
    assert 400 <= answer.status_code < 500 and not Application.objects.exists()
    code = dewi.post(f"tickets/{ticket.public_id}/application",
                     {"applicant_name": "Siti", "nik": SITI}).json()["tracking_code"]
    for body in ({"status": value}, {"status": "incomplete", "note": value}):
        answer = dewi.post(f"applications/{code}/status", body)
        assert 400 <= answer.status_code < 500, answer.content
    assert Application.objects.get().status == "received"


@pytest.mark.parametrize("code", ["ABCD\x00EFG", "%00", "%ED%A0%80", "A" * 300])
def test_codes_in_paths_and_forms(api, mall, clock, code):
    for path in (f"track/{code}", f"applications/{code}"):
        assert 400 <= api().get(path).status_code < 500
    answer = api().client.post(f"/api/v1/applications/{code}/documents",
                               data={"nik": SITI, "req_1": upload("a.pdf", pdf_bytes())})
    assert 400 <= answer.status_code < 500
    assert 400 <= api().client.get(f"/lacak/{code}/").status_code < 500
    assert 400 <= api().client.get("/lacak/", {"kode": code}).status_code < 500
