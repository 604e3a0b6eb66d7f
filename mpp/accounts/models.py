from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MALL_ADMIN = "mall_admin", _("Mall administrator")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    OFFICER = "officer", _("Counter officer")
    FRONT_DESK = "front_desk", _("Front desk")
    KIOSK = "kiosk", _("Kiosk (device)")
    INTEGRATOR = "integrator", _("Integrator (external app)")


AGENCY_ROLES = (Role.AGENCY_ADMIN, Role.OFFICER)
SITE_ROLES = (Role.MALL_ADMIN, Role.FRONT_DESK, Role.KIOSK, Role.INTEGRATOR)
ADMIN_ROLES = (Role.MALL_ADMIN, Role.AGENCY_ADMIN)


class User(AbstractUser):
    """A person or device. Superusers run the platform; everyone else has one role at one site."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    site = models.ForeignKey(
        "catalog.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("site"),
    )
    agency = models.ForeignKey(
        "catalog.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("agency"),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # An agency role needs an agency; a site role has none; every role has a site.
            models.CheckConstraint(
                name="user_role_scope",
                condition=(
                    Q(role="", agency__isnull=True)
                    | Q(
                        role__in=[r.value for r in AGENCY_ROLES],
                        site__isnull=False,
                        agency__isnull=False,
                    )
                    | Q(
                        role__in=[r.value for r in SITE_ROLES],
                        site__isnull=False,
                        agency__isnull=True,
                    )
                ),
            ),
        ]

    @property
    def is_mall_admin(self) -> bool:
        return self.role == Role.MALL_ADMIN


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 is stored; the token itself is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user.username})"
