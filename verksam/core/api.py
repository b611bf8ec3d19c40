"""Building blocks shared by the API of every app: who is calling, pages of lists, errors.

The API itself is put together in ``verksam/api.py``; each app keeps its routes
in its own ``api.py`` and decides access through its ``permissions.py``, as its
pages do.

- Callers send a personal key as ``Authorization: Bearer <key>`` (see
  ``ApiToken``). A wrong or revoked key answers 401, also on reads, so a
  script with a bad key never quietly reads as an anonymous visitor.
- A browser session of a logged-in user works too: for reads as it is, for
  writes only with Django's CSRF token (the ``X-CSRFToken`` header).
- Anyone reads without a key, and sees what an anonymous visitor sees.
"""

from functools import wraps
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from ninja import Field, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf
from pydantic import AfterValidator, create_model

from verksam.core.models import ApiToken
from verksam.core.text import clean_line, text_limit

#: The largest id a database column holds; a larger number in a request is refused, not looked up.
MAX_ID = 2**63 - 1
#: An object's id in a path or a filter.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
#: Text sent to the API: anything but the NUL character, which no database keeps.
NO_NUL = r"^[^\x00]*$"


def text_of(model, name: str, *, one_line: bool = False) -> Any:
    """The type of a text sent for the model's field `name`: limited to as many
    characters as the field (and its form) takes, and for a one-line text cleaned
    as the forms clean it (verksam.core.text.clean_line)."""
    limited = Annotated[str, Field(max_length=text_limit(model, name), pattern=NO_NUL)]
    return Annotated[limited, AfterValidator(clean_line)] if one_line else limited


#: Rows on one page of a list unless the caller asks for another number, and the most allowed.
DEFAULT_LIMIT = 50
MAX_LIMIT = 500


def caller(request: HttpRequest):
    """The user a call acts as: the key's user, the session's user or an anonymous visitor."""
    return request.auth if request.auth is not None else request.user


class ApiKeyAuth(HttpBearer):
    """A personal API key in the `Authorization: Bearer <key>` header."""

    openapi_bearerFormat = "API key"

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization")
        if not header:
            return None
        scheme, _space, key = header.partition(" ")
        user = None
        if scheme.lower() == "bearer" and key.strip():
            user = ApiToken.objects.user_for_key(key)
        if user is None:
            raise AuthenticationError(401, _("The API token is wrong or has been revoked."))
        # Everything below the API reads request.user, as the pages do.
        request.user = user
        return user

    def authenticate(self, request: HttpRequest, token: str) -> Any:  # pragma: no cover
        # __call__ above does the work; HttpBearer requires the method.
        return ApiToken.objects.user_for_key(token)


class SessionAuth(APIKeyCookie):
    """The session of a user logged in to Verksam in the browser.

    With `csrf=True` (writes) the request must carry Django's CSRF token, so
    that another site cannot make a logged-in browser write.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self, csrf: bool = True) -> None:
        super().__init__(csrf=csrf)

    def __call__(self, request: HttpRequest) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None
        if self.csrf and check_csrf(request) is not None:
            raise HttpError(403, _("The CSRF token is missing or wrong; reload the page."))
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:  # pragma: no cover
        return request.user if request.user.is_authenticated else None


def anonymous_visitor(request: HttpRequest) -> Any:
    """Anyone may read: a call without a key or a session reads as an anonymous visitor."""
    return request.user


#: Reads: a key, a session, or nobody at all.
READ_AUTH = [ApiKeyAuth(), SessionAuth(csrf=False), anonymous_visitor]
#: Writes: a key, or a session with its CSRF token.
WRITE_AUTH = [ApiKeyAuth(), SessionAuth(csrf=True)]


def use_request_language(run):
    """Answer in the language the caller asks for.

    The language cookie of the site wins, as on the pages; without it, the
    Accept-Language header chooses between Swedish and English, and Swedish
    is the default.
    """

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any):
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            language = _accepted_language(request.headers.get("Accept-Language", ""))
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        response = run(request, *args, **kwargs)
        response.headers["Content-Language"] = translation.get_language()
        return response

    return wrapper


def _accepted_language(header: str) -> str | None:
    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


# Pages of lists ---------------------------------------------------------------------------


class PageQuery(Schema):
    """Which part of a list to answer: `limit` rows from row `offset` (0 is the first)."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows on the page.")
    offset: int = Field(0, ge=0, le=10**9, description="Rows to skip, from 0.")


class PageBase(Schema):
    count: int = Field(description="Rows in the whole list, with the filters applied.")
    limit: int
    offset: int


def page_schema(name: str, item: type[Schema]) -> type[Schema]:
    """The schema of one page of a list of `item`: count, limit, offset and the items."""
    return create_model(name, __base__=PageBase, items=(list[item], ...))


def paginate(queryset: QuerySet, page: PageQuery) -> dict[str, Any]:
    """One page of `queryset` (ordered by the caller), with the count of the whole list."""
    return {
        "count": queryset.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": list(queryset[page.offset : page.offset + page.limit]),
    }


# Errors -----------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in the caller's language.")


class FieldErrorOut(Schema):
    field: str = Field(description="The field of the request, or __all__ for the whole request.")
    message: str = Field(description="What is wrong with it, in the caller's language.")


class InvalidOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


class InvalidInput(Exception):
    """Bad input, answered 422 with a message per field."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__(errors)
        self.errors = errors

    @classmethod
    def from_validation_error(cls, error: DjangoValidationError) -> "InvalidInput":
        """The messages of a service's ValidationError, each on the field it names."""
        if hasattr(error, "error_dict"):
            return cls(
                [
                    (field, message)
                    for field, messages in error.message_dict.items()
                    for message in messages
                ]
            )
        return cls([("__all__", message) for message in error.messages])

    def as_dict(self) -> dict[str, Any]:
        return {
            "detail": _("The request has errors; see each field."),
            "errors": [{"field": field, "message": message} for field, message in self.errors],
        }


def invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput([(field, message)])


# Versions of what is changed: no lost edits -----------------------------------------------


def expected_version(request: HttpRequest, body_version: int | None) -> tuple[int | None, bool]:
    """The version the caller read, from the body's `version` or an `If-Match: "3"` header,
    and whether it came from the header. Both may be given only if they agree."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        return body_version, False
    value = header.removeprefix("W/").strip().strip('"')
    if not value.isdigit() or not 1 <= int(value) <= MAX_ID:
        raise invalid("If-Match", _('Give the version you read in If-Match, e.g. "3".'))
    if body_version is not None and body_version != int(value):
        raise invalid("version", _("The version in the body and in If-Match differ."))
    return int(value), True


def version_conflict_schema(name: str, current: type[Schema]) -> type[Schema]:
    """The answer to a refused write: the caller's version and data, and the saved ones."""
    return create_model(
        name,
        __base__=Schema,
        detail=(str, Field(description="What went wrong, in the caller's language.")),
        code=(str, Field(description="concurrent_edit, or version_required.")),
        your_version=(int | None, Field(description="The version the write was based on.")),
        current_version=(int, Field(description="The version saved now.")),
        yours=(dict[str, Any], Field(description="The data of the refused write.")),
        current=(current, Field(description="The object as it is saved now.")),
    )


def version_conflict(
    error: DjangoValidationError, *, version: int | None, from_header: bool, yours, current
) -> Status:
    """409 for a stale `version` in the body, 412 for a stale If-Match, 428 without a version.

    Nothing was written; the body carries both versions so the caller can merge them.
    """
    if getattr(error, "code", "") == "version_required":
        status = 428
        detail = _(
            "Send the version you read, as the body field version or the header If-Match, "
            "to change this; the saved version is in current."
        )
    else:
        status = 412 if from_header else 409
        detail = _(
            "Someone else changed this after you read it, so your change was not saved. "
            "Both versions are in the answer: merge them and send it again with the current "
            "version."
        )
    return Status(
        status,
        {
            "detail": detail,
            "code": error.code,
            "your_version": version,
            "current_version": error.current_version,
            "yours": yours.model_dump(mode="json", exclude={"version"}),
            "current": current,
        },
    )


#: Standard answers of every route, for the OpenAPI schema.
READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: InvalidOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut}


def _request_error_message(error: dict[str, Any]) -> str:
    """A message in the caller's language for one of pydantic's errors of a request."""
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith("int_"):
        return _("Enter a whole number.")
    if kind in {"decimal_max_digits", "decimal_max_places", "decimal_whole_digits"}:
        return _("The number has too many digits.")
    if kind.startswith(("decimal_", "float_", "finite_number")):
        return _("Enter a number, e.g. 1234.5.")
    if kind.startswith(("date_", "datetime_")):
        return _("Enter a date as YYYY-MM-DD, e.g. 2026-04-30.")
    if kind.startswith("bool_"):
        return _("Enter true or false.")
    if kind == "string_too_long":
        return _("Enter at most %(count)s characters.") % {"count": context.get("max_length")}
    if kind == "string_type":
        return _("Enter a text.")
    if kind in {"greater_than_equal", "greater_than"}:
        limit = context.get("ge", context.get("gt"))
        return _("Enter a value of at least %(limit)s.") % {"limit": limit}
    if kind in {"less_than_equal", "less_than"}:
        limit = context.get("le", context.get("lt"))
        return _("Enter a value of at most %(limit)s.") % {"limit": limit}
    if kind in {"literal_error", "enum"}:
        return _("Choose one of %(choices)s.") % {"choices": context.get("expected", "")}
    if kind in {"json_invalid", "model_attributes_type", "dict_type", "model_type"}:
        return _("Send the request body as a JSON object.")
    return _("Enter a valid value.")


def _request_error_field(location: tuple | list) -> str:
    """`status` for ("body", "data", "status"), `limit` for ("query", "limit")."""
    parts = [str(part) for part in location]
    if parts and parts[0] == "body":
        parts = parts[2:]  # the source and the name of the body parameter
    elif parts:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def install_error_handlers(api) -> None:
    """Answer errors as the API documents them: JSON in the caller's language."""

    def request_invalid(request, exc: RequestValidationError):
        errors = InvalidInput(
            [
                (_request_error_field(error.get("loc", ())), _request_error_message(error))
                for error in exc.errors
            ]
        )
        return api.create_response(request, errors.as_dict(), status=422)

    def input_invalid(request, exc: InvalidInput):
        return api.create_response(request, exc.as_dict(), status=422)

    def service_invalid(request, exc: DjangoValidationError):
        return input_invalid(request, InvalidInput.from_validation_error(exc))

    def not_found(request, exc: Http404):
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    def unauthorised(request, exc: AuthenticationError):
        message = exc.message if exc.message != "Unauthorized" else None
        detail = message or _("Send a valid API token, or log in.")
        response = api.create_response(request, {"detail": detail}, status=401)
        response.headers["WWW-Authenticate"] = "Bearer"
        return response

    def http_error(request, exc: HttpError):
        detail = str(exc)
        if exc.status_code == 400:
            # Ninja's only 400: a body that is not JSON.
            detail = _("The request body could not be read; send it as JSON.")
        return api.create_response(request, {"detail": detail}, status=exc.status_code)

    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(RequestValidationError, request_invalid)
    api.add_exception_handler(InvalidInput, input_invalid)
    api.add_exception_handler(DjangoValidationError, service_invalid)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(AuthenticationError, unauthorised)
