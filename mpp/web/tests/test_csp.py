"""Every answer carries the Content-Security-Policy: the citizens' pages, the staff's screens,
the back office, the API and the error pages."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_every_kind_of_answer_carries_the_policy(mall, client):
    slug = mall.site.slug
    answers = {
        "catalog page": client.get(f"/s/{slug}/"),
        "sign-in page": client.get("/akun/masuk/"),
        "back office": client.get("/admin/login/"),
        "display board": client.get(f"/antrean/{slug}/layar/"),
        "API": client.get(f"/api/v1/sites/{slug}/agencies"),
        "unknown page": client.get("/tidak-ada/"),
        "unknown API path": client.get("/api/v1/tidak-ada"),
    }
    for what, answer in answers.items():
        policy = answer.get("Content-Security-Policy", "")
        assert policy == settings.MPP_CSP, what
    assert answers["unknown page"].status_code == 404


def test_the_policy_forbids_inline_scripts_and_other_origins():
    directives = dict(part.strip().split(" ", 1) for part in settings.MPP_CSP.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
