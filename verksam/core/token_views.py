"""Pages where a logged-in user manages their own API keys (API-nycklar).

A key is shown once, on the page that answers its creation, and never again:
only its hash is stored (verksam.core.models.ApiToken). Each user sees and
revokes only their own keys; anyone else's answer 404.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from verksam.core.form_tokens import answered_with, sent_once
from verksam.core.forms import LineField
from verksam.core.models import ApiToken
from verksam.core.text import text_limit


class ApiTokenForm(forms.Form):
    name = LineField(
        label=gettext_lazy("Name"),
        max_length=text_limit(ApiToken, "name"),
        help_text=gettext_lazy("What the token is for, e.g. the statistics script."),
        error_messages={"blank": gettext_lazy("Give the token a name.")},
    )


def _api_links(request: HttpRequest) -> dict:
    return {
        "api_docs_url": reverse("api:openapi-view"),
        "api_schema_url": request.build_absolute_uri(reverse("api:openapi-json")),
        "api_example_url": request.build_absolute_uri(reverse("api:plan_list")),
    }


@login_required
def api_token_list(request: HttpRequest) -> HttpResponse:
    """The user's API keys, those in use and those revoked."""
    tokens = list(ApiToken.objects.filter(user=request.user))
    context = {
        "active_tokens": [token for token in tokens if not token.is_revoked],
        "revoked_tokens": [token for token in tokens if token.is_revoked],
        **_api_links(request),
    }
    return render(request, "core/api_token_list.html", context)


@login_required
@never_cache
@sent_once
def api_token_create(request: HttpRequest) -> HttpResponse:
    """Make a key and show it once; it is never shown again."""
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            token, key = ApiToken.objects.create_for(
                user=request.user, name=form.cleaned_data["name"]
            )
            # The key is never shown again: the form sent again leads to the list of keys.
            answered_with(request, reverse("core:api_token_list"))
            context = {"token": token, "key": key, **_api_links(request)}
            return render(request, "core/api_token_created.html", context)
        return render(request, "core/api_token_create.html", {"form": form}, status=400)
    return render(request, "core/api_token_create.html", {"form": form})


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own keys; it stops working at once."""
    token = ApiToken.objects.filter(pk=pk, user=request.user).first()
    if token is None:
        raise Http404
    token.revoke()
    messages.success(
        request,
        _("The API token “%(name)s” is revoked and no longer works.") % {"name": token.name},
    )
    return redirect("core:api_token_list")
