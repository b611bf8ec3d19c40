"""Writes of the upload: keeping a reading for review, and creating the plan from it.

The upload page and `verksam plan read FILE --create` create the plan through the
same function, `plan_create_from_document`.
"""

import datetime
import mimetypes
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verksam.organisations.models import Organisation
from verksam.plans import services as plan_services
from verksam.plans.choices import PlanKind, SectionKind
from verksam.plans.models import Item, Plan
from verksam.plans.reading import ReadingError, read_document
from verksam.plans.upload.models import PlanReading, PlanSourceFile
from verksam.plans.upload.review import TITLE_MAX, level_names, review_data

#: How long an unfinished review is kept before it is deleted.
KEPT_FOR = timedelta(days=2)

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html",
    "htm": "text/html",
    "txt": "text/plain",
    "md": "text/markdown",
}


def read_for_review(*, content: bytes, file_name: str) -> dict:
    """The review data of a document; a ValidationError with the reader's refusal."""
    try:
        reading = read_document(content, file_name)
    except ReadingError as error:
        raise ValidationError({"file": str(error)}, code="unreadable") from error
    return review_data(reading, file_name)


@transaction.atomic
def plan_reading_create(
    *, user, organisation: Organisation, file_name: str, content: bytes
) -> PlanReading:
    """Read an uploaded document and keep what was found for its uploader to review.

    Refuses what the reader refuses (ValidationError on "file"), creating nothing.
    Readings older than `KEPT_FOR` are deleted on the way, so abandoned reviews do
    not pile up.
    """
    data = read_for_review(content=content, file_name=file_name)
    PlanReading.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    reading = PlanReading(
        user=user,
        organisation=organisation,
        file_name=file_name[:255],
        content=content,
        data=data,
    )
    reading.full_clean()
    reading.save()
    return reading


def plan_reading_update(*, reading: PlanReading, organisation: Organisation | None = None) -> None:
    """Keep the reviewed data (and the chosen organisation) of a reading."""
    fields = ["data"]
    if organisation is not None:
        reading.organisation = organisation
        fields.append("organisation")
    reading.save(update_fields=fields)


def _check(data: dict) -> tuple[datetime.date, datetime.date]:
    """The plan's period, or a ValidationError naming each field that is missing."""
    errors: dict[str, str] = {}
    if not (data.get("title") or "").strip():
        errors["title"] = _("Give the plan a title.")
    if data.get("kind") not in PlanKind.values:
        errors["kind"] = _("Choose the kind of plan.")
    start, end = data.get("period_start"), data.get("period_end")
    if not isinstance(start, int):
        errors["period_start"] = _("Give the year the period starts.")
    if not isinstance(end, int):
        errors["period_end"] = _("Give the year the period ends.")
    if isinstance(start, int) and isinstance(end, int) and end < start:
        errors["period_end"] = _("The period cannot end before it starts.")
    for item in data.get("items", []):
        if not item["title"].strip():
            errors["items"] = _("Every item needs a title; remove the items without one.")
    if any(not name.strip() for name in level_names(data)):
        errors["levels"] = _("Every level needs a name.")
    if errors:
        raise ValidationError(errors)
    return datetime.date(start, 1, 1), datetime.date(end, 12, 31)


def _item_texts(item: dict) -> tuple[str, str]:
    """Title and description; a title too long for the plan is cut, kept whole below."""
    title, description = " ".join(item["title"].split()), item.get("description", "")
    if len(title) > TITLE_MAX:
        description = "\n\n".join(text for text in (title, description) if text)
        title = title[: TITLE_MAX - 1].rstrip() + "…"
    return title, description


@transaction.atomic
def plan_create_from_document(
    *,
    user,
    organisation: Organisation,
    data: dict,
    file_name: str,
    content: bytes,
) -> Plan:
    """Create a draft plan from reviewed review data, keeping the original document.

    The plan gets the data's title, kind, period (whole years) and level names, the
    included text sections in order, and the item tree, through the plan and item
    services; the original file is kept with the plan (`PlanSourceFile`).
    """
    period_start, period_end = _check(data)
    plan = plan_services.plan_create(
        user=user,
        organisation=organisation,
        kind=data["kind"],
        title=data["title"],
        period_start=period_start,
        period_end=period_end,
        level_names=level_names(data),
    )
    sections = [
        {
            "kind": s["kind"] if s["kind"] in SectionKind.values else SectionKind.OTHER,
            "title": s["title"][:200],
            "body": s["body"],
        }
        for s in data.get("sections", [])
        if s.get("include")
    ]
    if sections:
        plan_services.plan_sections_save(user=user, plan=plan, sections=sections)
    parents: list[Item] = []
    for item in data.get("items", []):
        del parents[item["depth"] :]
        title, description = _item_texts(item)
        created = plan_services.item_create(
            user=user,
            plan=plan,
            title=title,
            description=description,
            parent=parents[-1] if parents else None,
            check_locked=False,
        )
        parents.append(created)
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    PlanSourceFile.objects.create(
        plan=plan,
        file_name=file_name[:255],
        content_type=CONTENT_TYPES.get(suffix)
        or mimetypes.guess_type(file_name)[0]
        or "application/octet-stream",
        content=content,
        size=len(content),
        uploaded_by=user if user is not None and user.is_authenticated else None,
    )
    plan.refresh_from_db()
    return plan


@transaction.atomic
def plan_reading_complete(*, user, reading: PlanReading) -> Plan:
    """Create the plan the reading's uploader has reviewed, and forget the reading."""
    plan = plan_create_from_document(
        user=user,
        organisation=reading.organisation,
        data=reading.data,
        file_name=reading.file_name,
        content=bytes(reading.content),
    )
    reading.delete()
    return plan
