"""Language: Indonesian unless the person chose otherwise.

Screens (citizen pages, kiosk, console, display, admin) open in Indonesian whatever the
browser's language, because many phones in Indonesia are set to English while their owners
read Indonesian best; the language switch sets a cookie that wins. The JSON API, used by other
programs, follows `Accept-Language` as the contract says.
"""

import json
import logging

from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.defaults import bad_request

from mpp.lib.text import first_unstorable_field, text_storable

log = logging.getLogger("mpp.web")


class LanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class InputGuardMiddleware:
    """Refuses a request carrying text no database can store (mpp.lib.text) in its path, its
    query, a header, a form field or a JSON body, before any view or query sees it: a 400
    (a 422 naming the field for a JSON body) in the contract's JSON shape under /api/, the
    400 page elsewhere. Without it the same request was a 404 on SQLite and a 500 on
    PostgreSQL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refused = self._refusal(request)
        if refused is not None:
            return refused
        return self.get_response(request)

    def _refusal(self, request):
        if not text_storable(request.path_info) or not _query_storable(request):
            return _bad_request(request, _("The address holds characters that are not "
                                           "allowed."))
        for key, value in request.META.items():
            if key.startswith("HTTP_") and isinstance(value, str) and not text_storable(value):
                return _bad_request(request, _("A request header holds characters that are "
                                               "not allowed."))
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            if content_type.startswith("application/json"):
                field = _json_field(request)
                if field is not None:
                    return _invalid_field(request, field)
            elif content_type.startswith(("application/x-www-form-urlencoded",
                                          "multipart/form-data")):
                if _over_upload_limit(request):
                    return None  # not read here: the view answers 413 before reading it
                try:
                    form = request.POST
                except Exception:  # a malformed or too large body: the view answers it
                    return None
                for key in form:
                    if not text_storable(key) or not all(
                            text_storable(v) for v in form.getlist(key)):
                        return _invalid_field(request, key if text_storable(key) else "body")
        return None


def _over_upload_limit(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.MPP_UPLOAD_MAX_REQUEST_BYTES


def _query_storable(request) -> bool:
    return all(text_storable(key) and all(text_storable(v) for v in request.GET.getlist(key))
               for key in request.GET)


def _json_field(request):
    try:
        body = request.body
    except Exception:  # too large: the view answers 413
        return None
    if not body:
        return None
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None  # not JSON: the API answers 400 itself
    return first_unstorable_field(document)


def _bad_request(request, message):
    if request.path_info.startswith("/api/"):
        return JsonResponse({"error": {"code": "bad_request", "message": str(message)}},
                            status=400)
    return bad_request(request, ValueError(str(message)))


def _invalid_field(request, field: str):
    message = _("This value holds characters or a number that cannot be stored.")
    if request.path_info.startswith("/api/"):
        return JsonResponse({"error": {"code": "invalid", "message": f"{field}: {message}",
                                       "fields": {field: str(message)}}}, status=422)
    return bad_request(request, ValueError(str(message)))


API_ERROR_CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden",
                   404: "not_found", 405: "method_not_allowed", 413: "too_large",
                   429: "rate_limited", 500: "server_error", 503: "unavailable"}


def _api_error_message(status: int):
    return {
        400: _("The request could not be read."),
        403: _("You may not do this."),
        404: _("Not found."),
        405: _("This address does not accept this method."),
        413: _("The request body is too large."),
        500: _("Something went wrong on our side. It has been logged."),
        503: _("The service is busy. Try again in a moment."),
    }.get(status, _("The request failed."))


class ApiErrorShapeMiddleware:
    """Every error answer under /api/ in the contract's JSON shape, also those Django gives
    before or around the API (an unknown path, a method the path does not take, a foreign
    Host, an error outside a handler), which are HTML pages otherwise. Outermost, so it sees
    the responses every other layer made."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (response.status_code >= 400 and request.path_info.startswith("/api/")
                and not response.get("Content-Type", "").startswith("application/json")
                and not getattr(response, "streaming", False)):
            status = response.status_code
            shaped = JsonResponse({"error": {"code": API_ERROR_CODES.get(status, "error"),
                                             "message": str(_api_error_message(status))}},
                                  status=status)
            for header in ("Allow", "Retry-After"):
                if header in response:
                    shaped[header] = response[header]
            return shaped
        return response


class ContentSecurityPolicyMiddleware:
    """A Content-Security-Policy on every answer (pages, errors, the admin, the API): the
    screens load nothing from elsewhere, so a script injected into a page, or a page framed
    by another site, gets nowhere. The policy is settings.MPP_CSP; a view that needs another
    sets its own header."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.MPP_CSP

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response


class DatabaseUnavailableMiddleware:
    """A page whose database cannot be reached, or whose process's connection pool stayed busy
    past MPP_DB_POOL_TIMEOUT, is a 503 with Retry-After (a moment of overload, not a bug), not
    a 500. The API answers its own (mpp/lib/api_errors.py); this covers the screens and the
    citizens' pages, with the error page that needs no database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError):
            return None
        log.warning("Database unavailable in %s %s: %s", request.method, request.path,
                    exception)
        response = HttpResponse(loader.get_template("500.html").render(), status=503)
        response["Retry-After"] = "5"
        return response
