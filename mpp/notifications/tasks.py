"""The background tasks (django-tasks; the database backend stores them and `mpp worker` runs
them). Thin: each calls its service."""

from __future__ import annotations

try:  # Django 6 ships the tasks framework; 5.2 uses the django-tasks backport
    from django.tasks import task
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task


@task()
def notification_send_task(notification_id: int) -> str:
    from .services import notification_send

    notification = notification_send(notification_id=notification_id)
    return notification.status if notification is not None else "missing"


@task()
def periodic_run_task(run_id: int) -> str:
    from .periodic import periodic_run

    return periodic_run(run_id=run_id)
