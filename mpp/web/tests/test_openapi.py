"""The OpenAPI document describes the contract; the browsable docs load nothing from outside."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_document_lists_the_catalog_and_auth_paths(client):
    document = client.get("/api/v1/openapi.json").json()
    paths = document["paths"]
    for path in ["/api/v1/sites", "/api/v1/sites/{site}/agencies", "/api/v1/sites/{site}/services",
                 "/api/v1/sites/{site}/counters", "/api/v1/auth/token"]:
        assert path in paths, path
    assert "BearerAuth" in document["components"]["securitySchemes"]


def test_api_docs_use_only_local_assets(client):
    html = client.get("/api/v1/docs").content.decode()
    external = [url for url in re.findall(r'(?:src|href)="([^"]+)"', html)
                if url.startswith(("http:", "https:", "//"))]
    assert external == []
