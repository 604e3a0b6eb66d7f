"""Every error answer under /api/v1/ is the contract's JSON error, also those Django makes
around the API: an unknown path, a method the path does not take, a foreign Host header and
an error raised outside a handler. Before, these were HTML pages an integrator's client
could not read."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _error(response, status, code):
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()["error"]
    assert body["code"] == code and body["message"]
    return body


def test_an_unknown_api_path_is_a_json_404(mall):
    client = Client()
    for url in ("/api/v1/nope", "/api/v1/", "/api/v1/sites/kota-uji/nothing-here",
                "/api/v2/sites"):
        _error(client.get(url), 404, "not_found")


def test_a_method_the_path_does_not_take_is_a_json_405_with_allow(mall):
    response = Client().delete("/api/v1/sites")
    _error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]
    _error(Client().put("/api/v1/auth/token", data="{}", content_type="application/json"),
           405, "method_not_allowed")


def test_a_foreign_host_is_a_json_400(mall):
    _error(Client(HTTP_HOST="evil.example").get("/api/v1/sites"), 400, "bad_request")


def test_the_message_follows_accept_language(mall):
    indonesian = _error(Client(HTTP_ACCEPT_LANGUAGE="id").get("/api/v1/nope"), 404,
                        "not_found")
    english = _error(Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/nope"), 404, "not_found")
    assert english["message"] == "Not found."
    assert indonesian["message"] != english["message"]


def test_pages_keep_their_html_errors(mall):
    response = Client().get("/tidak-ada-halaman/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
