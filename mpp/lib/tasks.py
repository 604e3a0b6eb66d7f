"""The `@task` decorator of the background tasks framework: Django 6's own, or on Django 5.2
the django-tasks backport (its database backend stores the tasks; `mpp worker` runs them).

Define a task next to the work it runs (the module that also enqueues it), so that nothing
imports in a circle: `notification_send_task` lives in `notifications/services.py`."""

from __future__ import annotations

try:  # Django 6 ships the tasks framework; 5.2 uses the django-tasks backport
    from django.tasks import task
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task

__all__ = ["task"]
