"""Site-wide middleware: Chinese first; a refused tree write answered with its message; no stored
copies of what a user was shown."""
from django.conf import settings
from django.contrib import messages
from django.db.models import ProtectedError
from django.http import HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.deprecation import MiddlewareMixin

from kernel.locks import REFUSAL, TreeBusy, is_sqlite_busy


class PrivateResponsesMiddleware:
    """``Cache-Control: private, no-store`` on every response the application makes.

    Pages and downloads carry salaries (for users allowed to see them), unpublished drafts and
    what one user may see and another may not: no shared proxy or browser cache may keep a copy.
    Placed after WhiteNoise, so static files stay cacheable.

    The one exception: a response a view marks ``revalidate`` (the managers' chart data, which holds
    no salaries and no drafts) is ``private, no-cache``: the browser keeps it and asks each time
    with its ETag, and an unchanged organisation answers 304 without a body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "revalidate", False):
            patch_cache_control(response, private=True, no_cache=True)
        else:
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


class RefusedWriteMiddleware(MiddlewareMixin):
    """A write refused because another HR user's change came first answers with the refusal,
    never a server error: a tree write that could not have the tree's lock or whose check no
    longer held (``kernel.locks.TreeBusy``), SQLite still locked after the wait, or a delete that
    finds, inside the lock, that something was put into the department or under the position since
    the confirmation page was shown (``ProtectedError``, which names what).

    A form sent by the browser comes back to the same page with the message on top; the admin's
    drag-and-drop (an XMLHttpRequest that reloads the page when answered) and anything else get
    409 Conflict with the message as text, and the message waits for the next page.
    """

    def process_exception(self, request, exception):
        if isinstance(exception, TreeBusy):
            message = str(exception)
        elif isinstance(exception, ProtectedError):
            message = str(exception.args[0])
        elif is_sqlite_busy(exception):
            message = str(REFUSAL)
        else:
            return None
        messages.error(request, message)
        if request.method == "POST" and request.headers.get("x-requested-with") != "XMLHttpRequest":
            response = HttpResponseRedirect(request.get_full_path())
            response.status_code = 303  # See Other: the browser fetches the page again with GET
            return response
        return HttpResponse(message, status=409, content_type="text/plain; charset=utf-8")
