"""Notifications: ask for a message (once), send it (once), retry it when the channel fails.

- `notification_request` writes one row per channel that has a recipient and enqueues the
  send task when the surrounding transaction commits (a rolled-back booking sends nothing).
  The dedupe key makes it idempotent: the same key twice creates nothing the second time.
- `notification_send` (run by the worker) claims the row with a conditional UPDATE
  (queued/failed -> sending), so the message goes out once even if the task runs twice or two
  workers race; a failure is recorded and retried with exponential backoff up to
  `MPP_NOTIFY_MAX_ATTEMPTS` attempts.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mpp.errors import Invalid, raise_field_errors
from mpp.lib.phone import phone_parse
from mpp.lib.tasks import task

from .backends import deliver
from .models import Channel, Kind, Notification, Status

logger = logging.getLogger(__name__)

PHONE_CHANNELS = (Channel.WHATSAPP, Channel.SMS)


def phone_normalize(*, value: str) -> str:
    """A notification's phone target in international form (0812-3456-7890 ->
    +6281234567890); WhatsApp and SMS reach mobiles only, so a landline is refused."""
    phone = phone_parse(value, mobile_only=True)
    if phone is None:
        raise Invalid(_("phone: enter a mobile number such as 0812 3456 7890."),
                      fields={"phone": _("Enter a mobile number such as 0812 3456 7890.")})
    return phone


def phone_channel(*, site: Model) -> str:
    """WhatsApp or SMS for a site's phone messages: MPP_NOTIFY_PHONE_CHANNEL, or the site's own
    choice in MPP_NOTIFY_PHONE_CHANNEL_SITES ("kota-uji=sms,...")."""
    channel = settings.MPP_NOTIFY_PHONE_CHANNEL_SITES.get(site.slug,
                                                          settings.MPP_NOTIFY_PHONE_CHANNEL)
    if channel not in PHONE_CHANNELS:
        raise ImproperlyConfigured(f"MPP_NOTIFY_PHONE_CHANNEL: {channel!r} is neither "
                                   f"'whatsapp' nor 'sms'")
    return channel


def retry_delay(*, attempts: int) -> timedelta:
    """Wait before attempt `attempts + 1`: base, 2x base, 4x base, ..., at most an hour."""
    base = settings.MPP_NOTIFY_RETRY_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


def _enqueue_send(notification_id: int, run_after=None) -> None:
    send = notification_send_task if run_after is None else notification_send_task.using(
        run_after=run_after)
    send.enqueue(notification_id=notification_id)


def notification_request(*, site: Model, kind: str, dedupe_key: str, subject: str, body: str,
                         email: str | None = None,
                         phone: str | None = None) -> list[Notification]:
    """Ask for a message to a citizen on every channel they gave (e-mail, phone).

    Idempotent: when rows with this `dedupe_key` exist, nothing is created and they are
    returned. The send is enqueued after the surrounding transaction commits."""
    errors = {}
    if kind not in Kind.values:
        errors["kind"] = _("Unknown notification kind.")
    dedupe_key = (dedupe_key or "").strip()
    if not dedupe_key or len(dedupe_key) > 200:
        errors["dedupe_key"] = _("Give a key of 1 to 200 characters.")
    if not (body or "").strip():
        errors["body"] = _("The message is empty.")
    if len(subject or "") > 200:
        errors["subject"] = _("At most 200 characters.")
    email = (email or "").strip() or None
    if email is not None:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter a valid e-mail address.")
    if phone is not None and str(phone).strip():
        try:
            phone = phone_normalize(value=str(phone))
        except Invalid as error:
            errors.update(error.fields)
    else:
        phone = None
    raise_field_errors(errors)

    existing = list(Notification.objects.filter(dedupe_key=dedupe_key).order_by("pk"))
    if existing:
        return existing
    recipients = []
    if email:
        recipients.append((Channel.EMAIL, email))
    if phone:
        recipients.append((phone_channel(site=site), phone))
    with transaction.atomic():
        for channel, recipient in recipients:
            try:
                with transaction.atomic():
                    notification = Notification.objects.create(
                        site=site, kind=kind, channel=channel, recipient=recipient,
                        subject=(subject or "").strip(), body=body, dedupe_key=dedupe_key,
                    )
            except IntegrityError:
                continue  # a concurrent request with the same key won: its row stands
            transaction.on_commit(partial(_enqueue_send, notification.pk))
    return list(Notification.objects.filter(dedupe_key=dedupe_key).order_by("pk"))


def notification_send(*, notification_id: int) -> Notification | None:
    """Send one notification if nobody else is sending or has sent it. Returns the row as it
    ends (None when it no longer exists)."""
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, status__in=[Status.QUEUED, Status.FAILED],
    ).update(status=Status.SENDING, attempts=F("attempts") + 1, next_attempt_at=None,
             updated_at=now)
    if not claimed:
        return Notification.objects.filter(pk=notification_id).first()
    notification = Notification.objects.get(pk=notification_id)
    try:
        deliver(channel=notification.channel, to=notification.recipient,
                subject=notification.subject, body=notification.body)
    except Exception as error:  # noqa: BLE001 - any failure of a gateway is recorded, retried
        message = str(error) or error.__class__.__name__
        retry = notification.attempts < settings.MPP_NOTIFY_MAX_ATTEMPTS
        next_at = timezone.now() + retry_delay(attempts=notification.attempts) if retry else None
        Notification.objects.filter(pk=notification_id, status=Status.SENDING).update(
            status=Status.FAILED, last_error=message[:2000], next_attempt_at=next_at,
            updated_at=timezone.now())
        logger.warning("notification %s (%s) attempt %s failed: %s%s", notification_id,
                       notification.channel, notification.attempts, message,
                       "" if retry else " (no more attempts)")
        if retry:
            transaction.on_commit(partial(_enqueue_send, notification_id, next_at))
    else:
        Notification.objects.filter(pk=notification_id, status=Status.SENDING).update(
            status=Status.SENT, sent_at=timezone.now(), last_error="", updated_at=timezone.now())
    notification.refresh_from_db()
    return notification


@task()
def notification_send_task(notification_id: int) -> str:
    """The background task that runs `notification_send` (defined here, beside the service
    that enqueues it, so that services and tasks do not import each other)."""
    notification = notification_send(notification_id=notification_id)
    return notification.status if notification is not None else "missing"


def notification_retry(*, notifications: QuerySet) -> int:
    """Send failed notifications again now (the back office's action). Returns how many."""
    ids = list(notifications.filter(status=Status.FAILED).values_list("pk", flat=True))
    for notification_id in ids:
        transaction.on_commit(partial(_enqueue_send, notification_id))
    return len(ids)


def notifications_requeue_lost() -> int:
    """Enqueue again what a crash may have lost between a commit and its enqueue: rows still
    queued after five minutes, and failed rows whose retry is five minutes overdue. A task
    enqueued twice is harmless: the claim lets only one send."""
    stale = timezone.now() - timedelta(minutes=5)
    lost = Notification.objects.filter(status=Status.QUEUED, created_at__lt=stale)
    overdue = Notification.objects.filter(status=Status.FAILED, next_attempt_at__lt=stale)
    ids = list((lost | overdue).values_list("pk", flat=True))
    for notification_id in ids:
        _enqueue_send(notification_id)
    return len(ids)
