from django.conf.urls.i18n import i18n_patterns  # noqa: F401  (kept for future screens)
from django.contrib import admin
from django.urls import include, path

from mpp.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("s/", include("mpp.bookings.urls_portal")),
    path("s/", include("mpp.catalog.urls")),
    path("akun/", include("mpp.accounts.urls")),
    path("antrean/", include("mpp.bookings.urls")),
    path("antrean/", include("mpp.queueing.urls")),
    path("berkas/", include("mpp.applications.urls")),
    path("umpan-balik/", include("mpp.feedback.urls")),
    path("", include("mpp.applications.urls_public")),
    path("", include("mpp.feedback.urls_public")),
    path("", include("mpp.web.urls")),
]
