"""The notifications' background tasks, by the names they had when they were defined here.

Each task is defined beside the service that enqueues it (`services.notification_send_task`,
`periodic.periodic_run_task`): a task calls its service and the service enqueues its task, so
one module holds both and nothing imports in a circle. Task rows enqueued before that move
name `mpp.notifications.tasks.*`; these names keep them runnable."""

from __future__ import annotations

from .periodic import periodic_run_task
from .services import notification_send_task

__all__ = ["notification_send_task", "periodic_run_task"]
