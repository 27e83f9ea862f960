"""Site-wide response rules: Chinese first, and no stored copies of what a user was shown."""
from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.deprecation import MiddlewareMixin


class PrivateResponsesMiddleware:
    """``Cache-Control: private, no-store`` on every response the application makes.

    Pages and downloads carry salaries (for users allowed to see them), unpublished drafts and
    what one user may see and another may not: no shared proxy or browser cache may keep a copy.
    Placed after WhiteNoise, so static files stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, private=True, no_store=True)
        return response


class ChineseFirstLocaleMiddleware(MiddlewareMixin):
    """Like Django's LocaleMiddleware, but ignores the browser's Accept-Language.

    Our users are Chinese companies whose browsers often say en-US; the language
    switcher (which sets the language cookie) is the only way to leave Chinese.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
