"""The per-site event log behind the live screens.

Every queue change writes one `Event` in its own transaction, numbered by `SiteStream` with no
gaps: the numbering row is taken with an UPSERT that rolls back with the change, and on
PostgreSQL its row lock is held until commit, so per site the numbers commit in order. A
display that reconnects with `Last-Event-ID` is replayed from this table.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SiteStream(models.Model):
    site = models.OneToOneField("catalog.Site", on_delete=models.CASCADE, primary_key=True)
    last_id = models.BigIntegerField(default=0)


class Event(models.Model):
    site = models.ForeignKey("catalog.Site", on_delete=models.CASCADE, related_name="+")
    seq = models.BigIntegerField(_("event id"))
    name = models.CharField(_("event"), max_length=40)
    data = models.JSONField(default=dict)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("live event")
        verbose_name_plural = _("live events")
        constraints = [models.UniqueConstraint(fields=["site", "seq"], name="event_site_seq")]

    def __str__(self) -> str:
        return f"{self.site_id}#{self.seq} {self.name}"
