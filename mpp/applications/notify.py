"""What applications tell citizens, through the notifications app: received, documents
missing (what is missing), ready for collection, rejected; once each (the dedupe key), after
the transaction commits. Texts in the site's default language; never the NIK."""

from __future__ import annotations

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _

from mpp.notifications.services import notification_request

from . import states
from .models import Application


def _request(application: Application, *, kind: str, key: str, subject: str, body: str):
    if not application.phone and not application.email:
        return []
    return notification_request(
        site=application.site, kind=kind, dedupe_key=f"application:{application.pk}:{key}",
        subject=subject, body=body, email=application.email or None,
        phone=application.phone or None)


def _facts(application: Application) -> dict:
    agency = application.agency
    return {"code": application.display_code, "service": application.service.name,
            "agency": agency.short_name or agency.name, "site": application.site.name,
            "due": formats.date_format(application.due_date, "j F Y")}


def application_received(application: Application):
    with translation.override(settings.LANGUAGE_CODE):
        facts = _facts(application)
        return _request(
            application, kind="application_received", key="received",
            subject=_("Application %(code)s received") % facts,
            body=_("Your application for %(service)s (%(agency)s) at %(site)s is received. "
                   "Tracking code: %(code)s. It should be ready by %(due)s.") % facts)


def application_changed(application: Application, *, action: str, note: str):
    """Inside the transition's transaction: the notices a citizen gets for it."""
    with translation.override(settings.LANGUAGE_CODE):
        facts = {**_facts(application), "note": note}
        if action == states.REQUEST_DOCUMENTS:
            # each request for documents is its own notice (a second one may ask for more);
            # the transition's event row is already written, so `count` includes it
            count = application.events.filter(action=states.REQUEST_DOCUMENTS).count()
            return _request(
                application, kind="application_incomplete", key=f"incomplete:{count}",
                subject=_("Application %(code)s: documents missing") % facts,
                body=_("Your application %(code)s for %(service)s needs more documents: "
                       "%(note)s. Add them online with the tracking code and your NIK, or "
                       "bring them to %(agency)s at %(site)s.") % facts)
        if action == states.MARK_READY:
            return _request(
                application, kind="document_ready", key="ready",
                subject=_("Application %(code)s is ready") % facts,
                body=_("Your %(service)s is ready for collection at %(agency)s, %(site)s. "
                       "Bring the receipt or the tracking code %(code)s.") % facts)
        if action == states.REJECT:
            return _request(
                application, kind="application_rejected", key="rejected",
                subject=_("Application %(code)s was not accepted") % facts,
                body=_("Your application %(code)s for %(service)s was not accepted: %(note)s. "
                       "Ask %(agency)s at %(site)s for help.") % facts)
    return []
