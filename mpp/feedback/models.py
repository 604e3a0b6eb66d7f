"""Citizens' feedback: satisfaction survey responses (SKM). Complaints come next.

Writes go through `mpp.feedback.services`. Answers are stored by element key (u1..u9 for
U1-U9 of ikm.ELEMENTS), never by a question's position."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import ikm


def _answer(key: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(key)


class SurveyResponse(models.Model):
    site = models.ForeignKey("catalog.Site", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT, related_name="+")
    ticket = models.OneToOneField("queueing.Ticket", on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="survey")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+",
                                help_text=_("Who served the ticket, when known."))
    u1 = _answer("U1")
    u2 = _answer("U2")
    u3 = _answer("U3")
    u4 = _answer("U4")
    u5 = _answer("U5")
    u6 = _answer("U6")
    u7 = _answer("U7")
    u8 = _answer("U8")
    u9 = _answer("U9")
    officer_rating = models.PositiveSmallIntegerField(_("officer's rating"), null=True,
                                                      blank=True)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_on = models.DateField(_("submitted on"), help_text=_("The site's local date."))

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            *[models.CheckConstraint(
                condition=Q(**{f"{key.lower()}__gte": ikm.LOWEST,
                               f"{key.lower()}__lte": ikm.HIGHEST}),
                name=f"survey_{key.lower()}_range") for key in ikm.KEYS],
            models.CheckConstraint(
                condition=Q(officer_rating__isnull=True) | Q(officer_rating__gte=1,
                                                             officer_rating__lte=5),
                name="survey_officer_rating_range"),
        ]
        indexes = [models.Index(fields=["site", "submitted_on"], name="survey_site_day"),
                   models.Index(fields=["service", "submitted_on"], name="survey_service_day")]

    def answers(self) -> dict[str, int]:
        return {key: getattr(self, key.lower()) for key in ikm.KEYS}
