"""The pages of the discussion of an item. The comments themselves are shown on the item's
page (the item page part registered in apps.py); these pages write, change, remove and
resolve them, and each works as a plain form without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.comments import services
from verksam.comments.forms import CommentEditForm, CommentForm
from verksam.comments.models import Comment
from verksam.comments.permissions import comment_for_user, item_to_discuss_for_user
from verksam.comments.selectors import mentionable_people
from verksam.core.form_tokens import sent_once
from verksam.core.forms import (
    add_service_errors,
    conflict_message,
    conflicting_fields,
    edit_conflict,
    with_version,
)
from verksam.core.services import ConcurrentEdit


def _at(comment: Comment) -> str:
    return f"{comment.item.get_absolute_url()}#comment-{comment.pk}"


def _told(request: HttpRequest, comment: Comment) -> None:
    names = [user.get_full_name() or user.username for user in getattr(comment, "told", [])]
    if names:
        messages.info(request, _("Told by e-mail: %(names)s.") % {"names": ", ".join(names)})


@login_required
@sent_once
def comment_create(request: HttpRequest, plan_pk: int, item_pk: int) -> HttpResponse:
    """Write a comment on an item, or a reply (`?svar=<comment>`, or the form's reply_to)."""
    item = item_to_discuss_for_user(request.user, plan_pk, item_pk)
    reply_pk = request.POST.get("reply_to") or request.GET.get("svar")
    reply_to = None
    if reply_pk and str(reply_pk).isdigit():
        reply_to = Comment.objects.filter(pk=int(reply_pk), item=item).first()
    if request.method == "POST":
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                comment = services.comment_create(
                    user=request.user, item=item, body=form.cleaned_data["body"], reply_to=reply_to
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your comment was saved."))
                _told(request, comment)
                return redirect(_at(comment))
    else:
        form = CommentForm(initial={"reply_to": reply_to.pk if reply_to else None})
    return render(
        request,
        "comments/comment_create.html",
        {
            "form": form,
            "item": item,
            "plan": item.plan,
            "reply_to": reply_to,
            "people": mentionable_people(item),
            "page_title": _("Reply") if reply_to else _("New comment"),
        },
    )


@login_required
@sent_once
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The writer changes a comment's text; an edit saved meanwhile elsewhere is shown beside."""
    comment = comment_for_user(request.user, pk, edit=True)
    conflict = None
    if request.method == "POST":
        form = CommentEditForm(request.POST)
        if form.is_valid():
            try:
                services.comment_update(
                    user=request.user,
                    comment=comment,
                    body=form.cleaned_data["body"],
                    expected_version=form.cleaned_data["version"],
                )
            except ConcurrentEdit as error:
                saved = Comment.objects.get(pk=comment.pk)
                form = CommentEditForm(with_version(request.POST, error.current_version))
                form.is_valid()
                differences = conflicting_fields(form, {"body": saved.body})
                if not differences:
                    messages.success(request, _("The changes were saved."))
                    return redirect(_at(comment))
                conflict = edit_conflict(saved, differences, user=request.user)
                form.add_error(None, conflict_message(conflict))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The changes were saved."))
                _told(request, comment)
                return redirect(_at(comment))
    else:
        form = CommentEditForm(initial={"body": comment.body, "version": comment.version})
    return render(
        request,
        "comments/comment_edit.html",
        {
            "form": form,
            "comment": comment,
            "item": comment.item,
            "plan": comment.item.plan,
            "conflict": conflict,
            "people": mentionable_people(comment.item),
            "page_title": _("Edit the comment"),
        },
    )


@login_required
@sent_once
def comment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a comment, after a question: its writer or an administrator of the plan."""
    comment = comment_for_user(request.user, pk, remove=True)
    if request.method == "POST":
        services.comment_remove(user=request.user, comment=comment)
        messages.success(request, _("The comment was removed."))
        return redirect(_at(comment))
    return render(
        request,
        "comments/comment_remove.html",
        {
            "comment": comment,
            "item": comment.item,
            "plan": comment.item.plan,
            "page_title": _("Remove the comment"),
        },
    )


@login_required
@require_POST
@sent_once
def thread_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the comment's thread resolved (`resolved=1`) or open it again (`resolved=0`)."""
    comment = comment_for_user(request.user, pk)
    resolved = request.POST.get("resolved") == "1"
    first = services.thread_resolve(user=request.user, comment=comment, resolved=resolved)
    if resolved:
        messages.success(request, _("The thread is marked as resolved."))
    else:
        messages.success(request, _("The thread is open again."))
    return redirect(_at(first))
