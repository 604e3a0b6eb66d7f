"""What the web layer keeps: answers to requests that carried an `Idempotency-Key`."""

from __future__ import annotations

from django.db import models


class IdempotentRequest(models.Model):
    """One `Idempotency-Key` of one caller on one endpoint, and the answer it got.

    `scope` is a digest of the caller (its token, or its address when it has none), the
    endpoint and the key; `status` is empty while the first request is still running."""

    scope = models.CharField(max_length=64, unique=True)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True)
    body = models.JSONField(null=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "idempotent request"
