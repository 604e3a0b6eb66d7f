"""Rina, the mall admin, sees her site's notifications in the back office (phone numbers
masked), never another site's, and sends failed ones again."""

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from mpp.conftest import build_mall
from mpp.notifications.models import Notification
from mpp.notifications.services import notification_request

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_malls():
    return build_mall("kota-uji"), build_mall("kota-lain")


def request(site, key, **recipient):
    return notification_request(site=site, kind="booking_confirmed", dedupe_key=key,
                                subject="Booking", body="Booking dikonfirmasi.", **recipient)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_rina_sees_her_sites_notifications_with_the_phone_masked(two_malls):
    mine, other = two_malls
    request(mine.site, "mine:1", phone="081234567890")
    request(other.site, "other:1", phone="081299998888")
    page = logged_in(mine.users["rina"]).get("/admin/notifications/notification/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "+628*******890" in html
    assert "081234567890" not in html and "+6281234567890" not in html
    assert "+628*******888" not in html


def test_agency_staff_do_not_see_notifications(two_malls):
    mine, _other = two_malls
    page = logged_in(mine.users["hendra"]).get("/admin/notifications/notification/")
    assert page.status_code == 403


def test_rina_retries_a_failed_notification_and_nothing_else(two_malls):
    mine, other = two_malls
    [failed] = request(mine.site, "mine:2", email="siti@example.id")
    [sent] = request(mine.site, "mine:3", email="budi@example.id")
    [foreign] = request(other.site, "other:2", email="ani@example.id")
    Notification.objects.filter(pk__in=[failed.pk, foreign.pk]).update(
        status="failed", attempts=5, last_error="gateway answered HTTP 500")
    Notification.objects.filter(pk=sent.pk).update(status="sent", attempts=1)
    DBTaskResult.objects.all().delete()

    answer = logged_in(mine.users["rina"]).post("/admin/notifications/notification/", {
        "action": "retry_failed", "_selected_action": [failed.pk, sent.pk, foreign.pk]})
    assert answer.status_code == 302
    queued = [result.args_kwargs["kwargs"]["notification_id"]
              for result in DBTaskResult.objects.all()]
    assert queued == [failed.pk]
