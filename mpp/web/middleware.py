"""Language: Indonesian unless the person chose otherwise.

Screens (citizen pages, kiosk, console, display, admin) open in Indonesian whatever the
browser's language, because many phones in Indonesia are set to English while their owners
read Indonesian best; the language switch sets a cookie that wins. The JSON API, used by other
programs, follows `Accept-Language` as the contract says.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class LanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
