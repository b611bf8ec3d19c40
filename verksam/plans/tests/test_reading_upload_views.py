"""The upload and review pages: refusals, each correction, and the plan they create."""

import io
import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfWriter

from verksam.plans.models import Item, Plan, PlanSection
from verksam.plans.reading import formats
from verksam.plans.upload.models import PlanReading, PlanSourceFile

CORPUS = Path(__file__).parent / "reading_corpus" / "documents"


def make_reading(user, organisation, items, **fields) -> PlanReading:
    """A reading as the review keeps it, with items given as (title, depth) pairs."""
    data = {
        "title": "Biblioteksplan 2025–2028",
        "kind": "library_plan",
        "organisation_name": "",
        "period_start": 2025,
        "period_end": 2028,
        "period_evidence": "2025–2028",
        "levels": ["Fokusområde", "Mål", "Aktivitet"],
        "items": [
            {"title": title, "depth": depth, "confidence": 0.9, "description": ""}
            for title, depth in items
        ],
        "sections": [
            {"kind": "vision", "title": "Vision", "body": "Alla läser.", "include": True},
            {"kind": "other", "title": "Bakgrund", "body": "Förr.", "include": False},
        ],
        "blocks": [{"kind": "paragraph", "text": "Alla läser.", "level": 1}],
        "revision": 0,
        **fields,
    }
    return PlanReading.objects.create(
        user=user, organisation=organisation, file_name="plan.txt", content=b"Alla", data=data
    )


TREE = [("Läsning", 0), ("Fler läser", 1), ("Bokcirklar", 2), ("Digitalt", 0), ("Kurser", 1)]


def review_url(reading) -> str:
    return reverse("plans:plan_reading_review", args=[reading.pk])


def upload_url(organisation) -> str:
    return reverse("plans:plan_reading_upload", args=[organisation.pk])


def sent(reading, action: str, **changes) -> dict:
    """The review form as the page sends it, with `changes` made and `action` chosen."""
    reading.refresh_from_db()
    data = reading.data
    form = {
        "revision": str(data.get("revision", 0)),
        "title": data["title"],
        "organisation": str(reading.organisation_id),
        "kind": data["kind"],
        "period_start": "" if data["period_start"] is None else str(data["period_start"]),
        "period_end": "" if data["period_end"] is None else str(data["period_end"]),
        "action": action,
    }
    for index, item in enumerate(data["items"]):
        form[f"item-{index}"] = item["title"]
    for depth, name in enumerate(data["levels"]):
        form[f"level-{depth}"] = name
    for index, section in enumerate(data["sections"]):
        form[f"section-{index}-title"] = section["title"]
        form[f"section-{index}-kind"] = section["kind"]
        if section["include"]:
            form[f"section-{index}-include"] = "on"
    form.update(changes)
    return form


def items_of(reading) -> list[tuple[str, int]]:
    reading.refresh_from_db()
    return [(item["title"], item["depth"]) for item in reading.data["items"]]


def plan_tree(plan) -> list[tuple[str, int, str | None]]:
    items = Item.objects.filter(plan=plan).select_related("parent")
    ordered = []

    def walk(parent, depth):
        for item in sorted((i for i in items if i.parent_id == parent), key=lambda i: i.position):
            ordered.append((item.title, item.depth, item.parent.title if item.parent else None))
            walk(item.pk, depth + 1)

    walk(None, 0)
    return ordered


@pytest.fixture
def editor_client(client, personas):
    client.force_login(personas.editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def nothing_created() -> bool:
    return (
        not PlanReading.objects.exists()
        and not PlanSourceFile.objects.exists()
        and not Plan.objects.filter(title__startswith="Biblioteksplan").exists()
    )


# Upload --------------------------------------------------------------------------------


def test_it_reads_an_upload_into_a_review_and_creates_no_plan(editor_client, personas):
    plans = Plan.objects.count()
    content = (CORPUS / "kb_nationell_biblioteksstrategi.pdf").read_bytes()
    upload = io.BytesIO(content)
    upload.name = "kb_nationell_biblioteksstrategi.pdf"
    response = editor_client.post(upload_url(personas.home), {"file": upload})

    reading = PlanReading.objects.get()
    assert response.status_code == 302
    assert response["Location"] == review_url(reading)
    assert Plan.objects.count() == plans
    assert reading.user == personas.editor
    assert bytes(reading.content) == content
    page = editor_client.get(review_url(reading)).content.decode()
    assert "Ett biblioteksväsende som är tillgängligt och relevant för alla" in page
    assert 'value="2022"' in page and 'value="2025"' in page
    assert "reading__text-scroll" in page


def _encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="hemligt", owner_password="ägare")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _image_only_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.docx", b"PK\x03\x04 not really a zip", "not a readable Word"),
        ("plan.pdf", b"%PDF-1.7\n garbage", "not a readable PDF"),
        ("plan.pdf", _encrypted_pdf(), "encrypted"),
        ("skannad.pdf", _image_only_pdf(), "no text"),
        ("plan.txt", b"   \n ", "empty"),
        ("plan.txt", b"", "empty"),
        ("plan.csv", b"a,b\n1,2", "DOCX, PDF, HTML, TXT or MD"),
    ],
)
def test_it_refuses_a_file_it_cannot_read_and_creates_nothing(
    editor_client, personas, name, content, message
):
    upload = io.BytesIO(content)
    upload.name = name
    response = editor_client.post(upload_url(personas.home), {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "id_file_error" in page
    assert message in page
    assert nothing_created()


def test_it_refuses_an_oversized_file_and_creates_nothing(editor_client, personas, monkeypatch):
    monkeypatch.setattr(formats, "MAX_BYTES", 1000)
    upload = io.BytesIO(b"Biblioteksplan 2025-2028\n\n" + "Vi ska läsa mer. ".encode() * 100)
    upload.name = "plan.txt"
    response = editor_client.post(upload_url(personas.home), {"file": upload})
    assert response.status_code == 200
    assert "larger than" in response.content.decode()
    assert nothing_created()


def test_it_refuses_an_upload_to_those_who_may_not_create_plans(client, personas):
    for user in (personas.reader, personas.reporter, personas.outsider):
        client.force_login(user)
        assert client.get(upload_url(personas.home)).status_code == 404
        upload = io.BytesIO(b"Biblioteksplan 2025-2028")
        upload.name = "plan.txt"
        assert client.post(upload_url(personas.home), {"file": upload}).status_code == 404
    assert not PlanReading.objects.exists()


# Review --------------------------------------------------------------------------------


def test_it_shows_the_review_only_to_its_uploader(client, personas):
    reading = make_reading(personas.editor, personas.home, TREE)
    for user in (personas.admin, personas.superuser, personas.reader, personas.outsider):
        client.force_login(user)
        assert client.get(review_url(reading)).status_code == 404
        assert client.post(review_url(reading), sent(reading, "drop:0")).status_code == 404
    assert items_of(reading) == TREE


def test_it_shows_how_sure_the_reading_is_of_each_item(editor_client, personas):
    reading = make_reading(personas.editor, personas.home, [("Läsning", 0), ("Fler läser", 1)])
    reading.data["items"][1]["confidence"] = 0.5
    reading.save()
    page = editor_client.get(review_url(reading)).content.decode()
    assert "Sure (90 %)" in page
    assert "Unsure — check it (50 %)" in page


def test_it_promotes_an_item_with_what_is_under_it(editor_client, personas):
    reading = make_reading(personas.editor, personas.home, TREE)
    response = editor_client.post(review_url(reading), sent(reading, "promote:1"))
    assert response.status_code == 302
    assert response["Location"].endswith("#item-1")
    assert items_of(reading) == [
        ("Läsning", 0),
        ("Fler läser", 0),
        ("Bokcirklar", 1),
        ("Digitalt", 0),
        ("Kurser", 1),
    ]


def test_it_demotes_an_item_under_the_one_before_it(editor_client, personas):
    reading = make_reading(personas.editor, personas.home, TREE)
    editor_client.post(review_url(reading), sent(reading, "demote:3"))
    assert items_of(reading) == [
        ("Läsning", 0),
        ("Fler läser", 1),
        ("Bokcirklar", 2),
        ("Digitalt", 1),
        ("Kurser", 2),
    ]


def test_it_refuses_to_demote_an_item_with_nothing_to_go_under(editor_client, personas):
    reading = make_reading(personas.editor, personas.home, TREE)
    response = editor_client.post(review_url(reading), sent(reading, "demote:0"), follow=True)
    assert "no item before it on its level" in response.content.decode()
    assert items_of(reading) == TREE


def test_it_merges_an_item_with_the_one_above(editor_client, personas):
    reading = make_reading(personas.editor, personas.home, TREE)
    editor_client.post(review_url(reading), sent(reading, "merge:2"))
    assert items_of(reading) == [
        ("Läsning", 0),
        ("Fler läser Bokcirklar", 1),
        ("Digitalt", 0),
        ("Kurser", 1),
    ]


def test_it_splits_an_item_at_the_line_breaks_typed(editor_client, personas):
    reading = make_reading(personas.editor, personas.home, TREE)
    editor_client.post(
        review_url(reading), sent(reading, "split:4", **{"item-4": "Kurser i\r\nappar"})
    )
    assert items_of(reading)[3:] == [("Digitalt", 0), ("Kurser i", 1), ("appar", 1)]


def test_it_splits_an_item_into_its_sentences(editor_client, personas):
    reading = make_reading(
        personas.editor, personas.home, [("Läsning", 0), ("Fler läser. Fler skriver.", 1)]
    )
    editor_client.post(review_url(reading), sent(reading, "split:1"))
    assert items_of(reading) == [("Läsning", 0), ("Fler läser.", 1), ("Fler skriver.", 1)]


def test_it_drops_an_item_and_moves_what_was_under_it_up(editor_client, personas):
    reading = make_reading(personas.editor, personas.home, TREE)
    editor_client.post(review_url(reading), sent(reading, "drop:1"))
    assert items_of(reading) == [
        ("Läsning", 0),
        ("Bokcirklar", 1),
        ("Digitalt", 0),
        ("Kurser", 1),
    ]


def test_it_keeps_renamed_items_levels_and_plan_fields(editor_client, personas):
    reading = make_reading(personas.editor, personas.home, TREE)
    changes = {
        "item-0": "Läsning för alla",
        "level-0": "Strategiskt område",
        "title": "Ny biblioteksplan",
        "period_start": "2026",
        "kind": "operational_plan",
    }
    response = editor_client.post(review_url(reading), sent(reading, "save", **changes))
    assert response.status_code == 302
    reading.refresh_from_db()
    assert reading.data["items"][0]["title"] == "Läsning för alla"
    assert reading.data["levels"][0] == "Strategiskt område"
    assert reading.data["title"] == "Ny biblioteksplan"
    assert reading.data["period_start"] == 2026
    assert reading.data["kind"] == "operational_plan"


def test_it_refuses_a_review_form_older_than_the_review(editor_client, personas):
    reading = make_reading(personas.editor, personas.home, TREE)
    old_form = sent(reading, "drop:0")
    editor_client.post(review_url(reading), sent(reading, "drop:4"))
    response = editor_client.post(review_url(reading), old_form, follow=True)
    assert "nothing was done" in response.content.decode()
    assert items_of(reading) == TREE[:4]


def test_it_names_a_new_level_made_by_demoting(editor_client, personas):
    reading = make_reading(personas.editor, personas.home, [("A", 0), ("B", 0)])
    reading.data["levels"] = ["Fokusområde"]
    reading.save()
    editor_client.post(review_url(reading), sent(reading, "demote:1"))
    reading.refresh_from_db()
    assert items_of(reading) == [("A", 0), ("B", 1)]
    assert reading.data["levels"] == ["Fokusområde", "Level 2"]


# Create --------------------------------------------------------------------------------


def test_it_creates_exactly_the_corrected_tree(editor_client, personas):
    reading = make_reading(personas.editor, personas.home, TREE)
    editor_client.post(review_url(reading), sent(reading, "demote:3"))  # Digitalt under Läsning
    editor_client.post(review_url(reading), sent(reading, "drop:2"))  # Bokcirklar
    response = editor_client.post(
        review_url(reading), sent(reading, "create", **{"level-1": "Delmål"})
    )

    plan = Plan.objects.get(title="Biblioteksplan 2025–2028")
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert plan_tree(plan) == [
        ("Läsning", 0, None),
        ("Fler läser", 1, "Läsning"),
        ("Digitalt", 1, "Läsning"),
        ("Kurser", 2, "Digitalt"),
    ]
    assert plan.status == "draft"
    assert plan.organisation == personas.home
    assert plan.kind == "library_plan"
    assert plan.level_names == ["Fokusområde", "Delmål", "Aktivitet"]
    assert (plan.period_start.isoformat(), plan.period_end.isoformat()) == (
        "2025-01-01",
        "2028-12-31",
    )
    assert list(PlanSection.objects.filter(plan=plan).values_list("kind", "title", "body")) == [
        ("vision", "Vision", "Alla läser.")
    ]
    source = PlanSourceFile.objects.get(plan=plan)
    assert (source.file_name, bytes(source.content)) == ("plan.txt", b"Alla")
    assert not PlanReading.objects.exists()


def test_it_creates_the_plan_for_the_organisation_chosen(editor_client, personas):
    reading = make_reading(personas.editor, personas.home, TREE)
    group = personas.work_group
    editor_client.post(review_url(reading), sent(reading, "create", organisation=str(group.pk)))
    assert Plan.objects.get(title="Biblioteksplan 2025–2028").organisation == group


def test_it_refuses_an_organisation_the_user_may_not_plan_for(editor_client, personas):
    reading = make_reading(personas.editor, personas.home, TREE)
    response = editor_client.post(
        review_url(reading), sent(reading, "create", organisation=str(personas.other.pk))
    )
    assert response.status_code == 200
    assert "id_organisation_error" in response.content.decode()
    assert not Plan.objects.filter(title="Biblioteksplan 2025–2028").exists()


def test_it_asks_for_the_period_before_creating(editor_client, personas):
    reading = make_reading(personas.editor, personas.home, TREE, period_start=None, period_end=None)
    response = editor_client.post(review_url(reading), sent(reading, "create"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "id_period_start_error" in page and "id_period_end_error" in page
    assert not Plan.objects.filter(title="Biblioteksplan 2025–2028").exists()
    assert PlanReading.objects.filter(pk=reading.pk).exists()


def test_it_creates_one_plan_when_the_create_button_is_sent_twice(editor_client, personas):
    reading = make_reading(personas.editor, personas.home, TREE)
    form = sent(reading, "create", form_token=str(uuid.uuid4()))
    first = editor_client.post(review_url(reading), form)
    second = editor_client.post(review_url(reading), form)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Plan.objects.filter(title="Biblioteksplan 2025–2028").count() == 1


def test_it_gives_the_original_document_to_the_plans_readers(client, personas):
    reading = make_reading(personas.editor, personas.home, TREE)
    client.force_login(personas.editor)
    client.post(review_url(reading), sent(reading, "create"))
    plan = Plan.objects.get(title="Biblioteksplan 2025–2028")
    url = reverse("plans:plan_source_download", args=[plan.pk])
    assert url in client.get(plan.get_absolute_url()).content.decode()

    client.force_login(personas.reader)
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == b"Alla"
    assert re.search(r'attachment; filename="plan.txt"', response["Content-Disposition"])
    client.force_login(personas.outsider)
    assert client.get(url).status_code == 404
