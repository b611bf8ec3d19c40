"""A form sent twice does one thing.

A double click, the back button or a reload sends the same form again. Every form
that creates or changes something carries a one-time token (a hidden field,
`{% include "includes/form_token.html" %}`), and its view is wrapped in
`sent_once`. The first sending of a token is recorded (a FormSubmission) in the
same transaction as what the view does, with the address the view answered
with; the same token sent again with the same input is answered with a redirect
to that address and a note that the form had been sent already, and the view
does not run again.

A token is only a random name for one rendering of a form, so issuing one
stores nothing: only the sendings that did something are kept. The same token
sent with different input (the user went back and changed the form) is another
sending. A sending that did nothing (the form was refused and shown again)
keeps no record, so the corrected form can be sent with the same token.

Forms without the field (older pages, scripts) are served as before.
"""

import functools
import hashlib
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from verksam.core.models import FormSubmission

#: The name of the hidden field that carries the token.
FIELD_NAME = "form_token"
#: How long a sending is remembered: longer than anyone keeps a form open.
KEPT_FOR = timedelta(days=7)
#: Fields of a sent form that are not part of what the user sent.
_NOT_INPUT = {FIELD_NAME, "csrfmiddlewaretoken"}
#: Redirects, the answer of a form that did something.
_REDIRECTS = {301, 302, 303, 307, 308}


def new_form_token() -> str:
    """A token for one rendering of one form."""
    return str(uuid.uuid4())


def answered_with(request: HttpRequest, url: str) -> None:
    """Say where a second sending should be sent, for a view that answers a successful
    sending with a page rather than a redirect (e.g. a key shown only once)."""
    request._form_result_url = url


def sent_once(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run the view at most once for each sending of a form; see the module's docstring.

    Put it below `login_required`: only logged-in users' sendings are recorded.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        token = _token(request)
        if token is None or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = {"user": request.user, "token": token, "fingerprint": _fingerprint(request)}
        earlier = FormSubmission.objects.filter(**key).exclude(result_url="").first()
        if earlier is not None:
            return _answer_again(request, earlier)
        with transaction.atomic():
            try:
                # Another sending of the same form waits here until the first is
                # committed (or rolled back), then finds it.
                with transaction.atomic():
                    submission = FormSubmission.objects.create(**key, path=request.path[:300])
            except IntegrityError:
                submission = None
            if submission is None:
                earlier = FormSubmission.objects.filter(**key).first()
            else:
                response = view(request, *args, **kwargs)
                url = _result_url(request, response)
                if url is None:
                    submission.delete()
                else:
                    submission.result_url = url[:2000]
                    submission.save(update_fields=["result_url"])
                    _forget_old(request.user)
                return response
        if earlier is None or not earlier.result_url:
            # The other sending did nothing after all: this one may try.
            return view(request, *args, **kwargs)
        return _answer_again(request, earlier)

    wrapper.sent_once = True  # type: ignore[attr-defined]
    return wrapper


def _token(request: HttpRequest) -> uuid.UUID | None:
    if request.method != "POST":
        return None
    try:
        return uuid.UUID(request.POST.get(FIELD_NAME, ""))
    except ValueError:
        return None


def _fingerprint(request: HttpRequest) -> str:
    """A hash of the address and what was sent, files included."""
    digest = hashlib.sha256(request.path.encode())
    for name in sorted(request.POST):
        if name in _NOT_INPUT:
            continue
        for value in request.POST.getlist(name):
            digest.update(b"\0" + name.encode() + b"=" + value.encode())
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            digest.update(b"\0" + name.encode() + b"@" + upload.name.encode())
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
    return digest.hexdigest()


def _result_url(request: HttpRequest, response: HttpResponse) -> str | None:
    """Where the view sent the user, when it did something; None when it did nothing."""
    explicit = getattr(request, "_form_result_url", None)
    if explicit:
        return explicit
    if response.status_code in _REDIRECTS and response.has_header("Location"):
        return response["Location"]
    return None


def _answer_again(request: HttpRequest, earlier: FormSubmission) -> HttpResponse:
    messages.info(
        request,
        _("You had already sent this form, so it was not sent again. Here is what it did."),
    )
    return redirect(earlier.result_url)


def _forget_old(user) -> None:
    FormSubmission.objects.filter(user=user, created_at__lt=timezone.now() - KEPT_FOR).delete()
