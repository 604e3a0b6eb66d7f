"""Screens open in Indonesian whatever the browser says; the switch wins; the API follows
Accept-Language."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_phone_set_to_english_still_gets_indonesian(mall):
    page = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/s/kota-uji/")
    assert page.status_code == 200
    assert '<html lang="id">' in page.content.decode()


def test_the_language_switch_wins(mall):
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.post("/i18n/setlang/", {"language": "en", "next": "/s/kota-uji/"})
    assert '<html lang="en">' in client.get("/s/kota-uji/").content.decode()


def test_an_unknown_cookie_falls_back_to_indonesian(mall):
    client = Client()
    client.cookies["mpp_lang"] = "xx"
    assert '<html lang="id">' in client.get("/s/kota-uji/").content.decode()


def test_the_api_follows_accept_language(mall):
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/sites/kota-entah/agencies")
    indonesian = Client(HTTP_ACCEPT_LANGUAGE="id").get("/api/v1/sites/kota-entah/agencies")
    assert english.status_code == indonesian.status_code == 404
    assert english.json()["error"]["message"].startswith("Unknown site")
