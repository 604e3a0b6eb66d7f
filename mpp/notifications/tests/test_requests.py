"""A booking asks for its confirmation: one message per channel the citizen gave, once, and
only when the booking is really stored."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from mpp.errors import Invalid
from mpp.notifications.models import Notification
from mpp.notifications.services import notification_request

CONFIRMED = dict(kind="booking_confirmed", subject="Booking MPP Kota Uji",
                 body="Booking Anda: KTP-el, Selasa 09:00, kode K7QX-M2PA.")


def queued_sends():
    return DBTaskResult.objects.filter(task_path__endswith="notification_send_task").count()


@pytest.mark.django_db(transaction=True)
def test_a_confirmation_goes_to_email_and_whatsapp_and_is_asked_once(site):
    first = notification_request(site=site, dedupe_key="booking:1:confirmed",
                                 email="siti@example.id", phone="0812-3456-7890", **CONFIRMED)
    assert [(n.channel, n.recipient, n.status) for n in first] == [
        ("email", "siti@example.id", "queued"), ("whatsapp", "+6281234567890", "queued")]
    assert queued_sends() == 2

    again = notification_request(site=site, dedupe_key="booking:1:confirmed",
                                 email="siti@example.id", phone="081234567890", **CONFIRMED)
    assert [n.pk for n in again] == [n.pk for n in first]
    assert Notification.objects.count() == 2
    assert queued_sends() == 2


@pytest.mark.django_db(transaction=True)
def test_a_site_can_send_phone_messages_by_sms(site, settings):
    settings.MPP_NOTIFY_PHONE_CHANNEL_SITES = {"kota-uji": "sms"}
    [sms] = notification_request(site=site, dedupe_key="b:2", phone="+62 812 3456 7890",
                                 **CONFIRMED)
    assert (sms.channel, sms.recipient) == ("sms", "+6281234567890")


@pytest.mark.django_db(transaction=True)
def test_nothing_is_enqueued_before_commit_nor_when_the_booking_rolls_back(site):
    class BookingFailed(Exception):
        pass

    with pytest.raises(BookingFailed):
        with transaction.atomic():
            notification_request(site=site, dedupe_key="booking:3:confirmed",
                                 email="siti@example.id", **CONFIRMED)
            assert queued_sends() == 0  # not before commit
            raise BookingFailed
    assert Notification.objects.count() == 0
    assert queued_sends() == 0

    with transaction.atomic():
        notification_request(site=site, dedupe_key="booking:3:confirmed",
                             email="siti@example.id", **CONFIRMED)
        assert queued_sends() == 0
    assert queued_sends() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("field, values", [
    ("email", dict(email="siti-at-example")),
    ("phone", dict(phone="0812abc")),
    ("phone", dict(phone="0812")),
    ("kind", dict(kind="lottery_won", email="siti@example.id")),
    ("dedupe_key", dict(dedupe_key="  ", email="siti@example.id")),
    ("body", dict(body="", email="siti@example.id")),
])
def test_bad_input_names_the_field_and_stores_nothing(site, field, values):
    arguments = {**CONFIRMED, "dedupe_key": "b:4", **values}
    with pytest.raises(Invalid) as error:
        notification_request(site=site, **arguments)
    assert field in error.value.fields
    assert Notification.objects.count() == 0


@pytest.mark.django_db
def test_a_citizen_without_email_or_phone_gets_nothing(site):
    assert notification_request(site=site, dedupe_key="b:5", **CONFIRMED) == []
