"""Builders of the lessons' tests: a scanning note, and a regional plan's focus area."""

from verksam.lessons.models import Note
from verksam.lessons.search import NOTE_INDEX_TABLE, index_lesson, swedish_stems
from verksam.lessons.services import note_text
from verksam.organisations.choices import OrganisationKind
from verksam.plans.choices import PlanKind, PlanStatus
from verksam.plans.models import Item
from verksam.testing import make_item, make_organisation, make_plan


def make_note(organisation, *, title="Omvärldsbevakning", text="", shared=True, **fields) -> Note:
    """A note saved directly and put into the search index, as note_create would."""
    fields.setdefault("year", 2026)
    note = Note(organisation=organisation, title=title, text=text, is_shared=shared, **fields)
    note.stems = " ".join(swedish_stems(note_text(note)))
    note.save()
    index_lesson(note.pk, note.stems, table=NOTE_INDEX_TABLE)
    return note


def make_focus_area(title="Läsfrämjande", *, region=None, published=True) -> Item:
    """A focus area (a top-level item) of an adopted regional library plan of a region in
    Kalmar County."""
    if region is None:
        region = make_organisation("Region Kalmar län", OrganisationKind.REGION, county_code="08")
    plan = make_plan(
        region,
        title="Regional biblioteksplan 2024–2027",
        kind=PlanKind.REGIONAL_LIBRARY_PLAN,
        status=PlanStatus.ADOPTED,
        is_published=published,
    )
    return make_item(plan, title)
