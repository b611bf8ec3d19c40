"""Request middleware of Verksam."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import empty


class SwedishFirstLocaleMiddleware:
    """Swedish unless the user has chosen another language with the language buttons.

    Django's LocaleMiddleware would follow the browser's Accept-Language header,
    so most browsers would get English; Verksam is Swedish first, and the
    choice is the user's, kept in the language cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class PrivateResponsesMiddleware:
    """`Cache-Control: private, no-store` on every response for a logged-in user.

    A page, a download or an API answer for someone logged in may hold what only they may
    see; a shared computer's browser cache or a proxy must not keep it for the next person.
    A request counts as a logged-in user's when it carries a session cookie or an
    `Authorization` header (an API key), when the user was found logged in while the
    request was handled, or when the response starts a session (a login). Pages for
    anonymous visitors keep whatever caching they have: the public pages may be cached.
    Placed above the session middleware, so it sees the session cookie that sets.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self._is_private(request, response):
            response.headers["Cache-Control"] = "private, no-store"
            response.headers.pop("Expires", None)
        return response

    def _is_private(self, request, response) -> bool:
        session_cookie = settings.SESSION_COOKIE_NAME
        if session_cookie in request.COOKIES or "Authorization" in request.headers:
            return True
        if session_cookie in response.cookies and response.cookies[session_cookie].value:
            return True
        # Only a user already loaded is asked: loading it here would cost queries.
        user = getattr(request, "user", None)
        wrapped = getattr(user, "_wrapped", user)
        return wrapped is not empty and bool(getattr(wrapped, "is_authenticated", False))
