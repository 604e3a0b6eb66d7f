"""The shared layout and the pages every screen leans on: the start page, the static files
(vendored, nothing fetched from a CDN), not found, server error and a locked-out login."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.template import loader
from django.test import RequestFactory, override_settings
from django.views.defaults import server_error

from mpp.catalog import services as catalog
from mpp.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_home_redirects_to_the_only_site(mall, client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/s/kota-uji/"


def test_home_lists_every_site_when_there_are_several(mall, client):
    catalog.site_create(slug="kab-lain", name="MPP Kabupaten Lain", region="Kabupaten Lain")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/s/kota-uji/"' in html and "MPP Kota Uji" in html
    assert 'href="/s/kab-lain/"' in html and "MPP Kabupaten Lain" in html


def test_home_without_any_site_says_so(db, client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'class="empty"' in response.content.decode()


def test_layout_is_mobile_first_accessible_and_uses_only_local_assets(mall, client):
    html = client.get("/s/kota-uji/").content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert '<link rel="stylesheet" href="/static/web/app.css">' in html
    assert '<script src="/static/web/vendor/htmx.min.js" defer></script>' in html
    assert 'href="#main"' in html and 'id="main"' in html  # skip link
    assert "<header" in html and "<footer" in html
    # Nothing from another host: no CDN, no web fonts.
    assert not re.search(r'(src|href)="(https?:)?//', html)
    # Every form control has a label.
    for tag in re.findall(r'<(?:input|select)[^>]*>', html):
        if 'type="hidden"' in tag:
            continue
        control = re.search(r'\bid="([^"]+)"', tag)
        assert control and f'for="{control.group(1)}"' in html, tag


@pytest.mark.parametrize("path", ["/static/web/app.css", "/static/web/vendor/htmx.min.js"])
def test_static_files_are_served(client, path):
    response = client.get(path)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert len(body) > 1000


def test_vendored_htmx_is_version_2():
    path = finders.find("web/vendor/htmx.min.js")
    assert path, "run `make vendor`"
    with open(path, encoding="utf-8") as handle:
        assert re.search(r'version:"2\.\d+\.\d+"', handle.read())


def test_collectstatic_for_production_hashes_the_layout_assets(mall, client, tmp_path):
    manifest = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    with override_settings(STATIC_ROOT=tmp_path,
                           STORAGES={**settings.STORAGES, "staticfiles": manifest}):
        call_command("collectstatic", interactive=False, verbosity=0)
        html = client.get("/s/kota-uji/").content.decode()
    for name in ("app", "htmx.min"):
        match = re.search(rf'"/static/([^"]*{re.escape(name)}\.[0-9a-f]{{12}}\.(css|js))"', html)
        assert match, name
        assert (tmp_path / match.group(1)).exists()
        assert (tmp_path / (match.group(1) + ".gz")).exists()


def test_unknown_page_is_the_404_page_in_the_layout(db, client):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "404.html" in [t.name for t in response.templates]
    assert '<html lang="id">' in html and 'href="/"' in html


def test_404_page_follows_the_language(db, client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/tidak-ada/").content.decode()
    assert '<html lang="en">' in html and "Page not found" in html


def test_500_page_needs_no_request_context():
    html = loader.get_template("500.html").render()
    assert "<!doctype html>" in html and "<h1>" in html
    assert "/static/" not in html  # inline style: works even without a static manifest
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"<h1>" in response.content


def test_dewi_is_locked_out_after_repeated_failed_logins(mall, client):
    username = mall.users["dewi"].username
    statuses = []
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post("/admin/login/?next=/admin/",
                               {"username": username, "password": "salah-ketik"})
        statuses.append(response.status_code)
    assert statuses[-1] == 429
    assert "web/locked_out.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert '<html lang="id">' in html
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert str(minutes) in html
    # Even the right password waits for the cool-off.
    response = client.post("/admin/login/?next=/admin/",
                           {"username": username, "password": PASSWORD})
    assert response.status_code == 429
