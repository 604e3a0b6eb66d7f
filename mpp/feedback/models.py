"""Citizens' feedback: satisfaction survey responses (SKM) and complaints, suggestions and
information requests with their events and attachments.

Writes go through `mpp.feedback.services`.
Survey answers are stored by element key (u1..u9 for U1-U9 of ikm.ELEMENTS), never by a
question's position. A complaint's identity (name, phone, e-mail) is read by staff only
through `selectors.identity_for_staff`, which answers nothing for an anonymous report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mpp.lib.codes import code_display

from . import complaint_states as cstates
from . import ikm


class Source(models.TextChoices):
    TICKET = "ticket", _("After a served ticket")
    SERVICE = "service", _("For a service, without a ticket")
    PAPER = "paper", _("Paper form typed in by staff")


class Gender(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


class AgeBand(models.TextChoices):
    UNDER_20 = "lt20", _("Under 20")
    FROM_20 = "20-29", _("20-29")
    FROM_30 = "30-39", _("30-39")
    FROM_40 = "40-49", _("40-49")
    FROM_50 = "50-59", _("50-59")
    FROM_60 = "60+", _("60 and over")


class Education(models.TextChoices):
    PRIMARY = "sd", _("Primary school (SD) or below")
    JUNIOR = "smp", _("Junior high school (SMP)")
    SENIOR = "sma", _("Senior high school (SMA/SMK)")
    DIPLOMA = "diploma", _("Diploma (D1-D4)")
    BACHELOR = "s1", _("Bachelor (S1)")
    POSTGRADUATE = "s2", _("Master or doctorate (S2/S3)")


class Occupation(models.TextChoices):
    CIVIL_SERVANT = "pns", _("Civil servant (PNS/PPPK)")
    MILITARY_POLICE = "tni_polri", _("TNI/Polri")
    PRIVATE = "swasta", _("Private employee")
    ENTREPRENEUR = "wirausaha", _("Self-employed")
    STUDENT = "pelajar", _("Pupil or student")
    OTHER = "lainnya", _("Other")


PROFILE_FIELDS = {"gender": Gender, "age_band": AgeBand, "education": Education,
                  "occupation": Occupation}


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
    # The respondent's profile the regulation's report asks for; every part optional.
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    age_band = models.CharField(_("age"), max_length=5, choices=AgeBand.choices, blank=True)
    education = models.CharField(_("education"), max_length=8, choices=Education.choices,
                                 blank=True)
    occupation = models.CharField(_("occupation"), max_length=10, choices=Occupation.choices,
                                  blank=True)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices,
                              default=Source.TICKET)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   help_text=_("Staff who typed in a paper form."))
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


class ComplaintKind(models.TextChoices):
    """Ours, and the class SP4N-LAPOR! files it under (`LAPOR_CLASS`)."""

    COMPLAINT = "complaint", _("Complaint")
    SUGGESTION = "suggestion", _("Suggestion")
    INFORMATION = "information", _("Information request")


LAPOR_CLASS = {ComplaintKind.COMPLAINT: "pengaduan", ComplaintKind.SUGGESTION: "aspirasi",
               ComplaintKind.INFORMATION: "permintaan_informasi"}


class ComplaintChannel(models.TextChoices):
    PORTAL = "portal", _("Portal")
    KIOSK = "kiosk", _("Kiosk")
    DESK = "desk", _("Front desk (paper)")
    API = "api", _("API")


class ComplaintStatus(models.TextChoices):
    SUBMITTED = cstates.SUBMITTED, _("Waiting for verification")
    IN_PROGRESS = cstates.IN_PROGRESS, _("Being handled")
    ANSWERED = cstates.ANSWERED, _("Answered")
    CLOSED = cstates.CLOSED, _("Closed")
    REJECTED = cstates.REJECTED, _("Not processed")


class Complaint(models.Model):
    """A complaint, suggestion or information request. `agency` empty: the mall handles it
    (the filer was unsure where it belongs). `due_date` is the current step's deadline
    (verification, the provider's answer, or the auto-close after an answer);
    `final_due_date` the final resolution's; both in working days of the site's calendar."""

    tracking_code = models.CharField(_("tracking code"), max_length=8, unique=True,
                                     editable=False)
    filer_key_digest = models.CharField(max_length=64, editable=False)
    site = models.ForeignKey("catalog.Site", on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("site"))
    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+", verbose_name=_("agency"))
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+", verbose_name=_("service"))
    ticket = models.ForeignKey("queueing.Ticket", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+", verbose_name=_("ticket"))
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+", verbose_name=_("officer named"))
    kind = models.CharField(_("kind"), max_length=12, choices=ComplaintKind.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=ComplaintChannel.choices)
    status = models.CharField(_("status"), max_length=12, choices=ComplaintStatus.choices,
                              default=ComplaintStatus.SUBMITTED)
    body = models.TextField(_("report"))
    anonymous = models.BooleanField(_("anonymous"), default=False)
    confidential = models.BooleanField(_("confidential"), default=False)
    # The identity: kept for the filer's own notices, shown to staff only when not anonymous.
    name = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=16, blank=True)
    email = models.EmailField(blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   help_text=_("Staff who typed it in; never the identity."))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_on = models.DateField(_("submitted on"), help_text=_("The site's local date."))
    step_started_on = models.DateField(_("current step since"))
    due_date = models.DateField(_("due date"))
    final_due_date = models.DateField(_("final due date"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalated_for = models.CharField(max_length=40, blank=True, editable=False,
                                     help_text=_("The deadline last escalated."))
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("filer's rating"), null=True, blank=True)
    lapor_id = models.CharField(_("SP4N-LAPOR! tracking ID"), max_length=40, blank=True)
    lapor_sent_at = models.DateTimeField(_("handed to SP4N-LAPOR! at"), null=True, blank=True)

    class Meta:
        verbose_name = _("complaint or suggestion")
        verbose_name_plural = _("complaints and suggestions")
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=cstates.STATUSES),
                                   name="complaint_status_known"),
            models.CheckConstraint(condition=Q(kind__in=ComplaintKind.values),
                                   name="complaint_kind_known"),
            models.CheckConstraint(condition=Q(rating__isnull=True) | Q(rating__gte=1,
                                                                        rating__lte=5),
                                   name="complaint_rating_range"),
        ]
        indexes = [
            models.Index(fields=["site", "status", "due_date"], name="complaint_site_due"),
            models.Index(fields=["agency", "status", "due_date"], name="complaint_agency_due"),
            models.Index(fields=["site", "submitted_on"], name="complaint_site_day"),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def display_code(self) -> str:
        return code_display(self.tracking_code)


class ComplaintEvent(models.Model):
    """One row per step of a report: filed, verified, re-routed (from/to agency), answered,
    the filer's reply, closed, reopened, rated. `by_filer` marks the filer's own words;
    `actor` is staff (never shown to the public: the public sees the agency)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    message = models.TextField(blank=True)
    by_filer = models.BooleanField(default=False)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+")
    agency = models.ForeignKey("catalog.Agency", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+",
                               help_text=_("The agency answering, or routed to."))
    at = models.DateTimeField()
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]


class ComplaintFile(models.Model):
    """A photo or PDF the filer attached (judged by content, scanned: mpp.lib.uploads)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="files")
    event = models.ForeignKey(ComplaintEvent, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="files")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=80, unique=True, editable=False)
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
