"""Document settings' checks and inheritance, and requesting, generating and naming documents."""

import datetime
import io
import logging

import docx
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from verksam.core.models import ChangeRecord
from verksam.documents import builders, render_html, services
from verksam.documents.content import DocumentContent, DocumentStyle, FrontPage
from verksam.documents.models import (
    DocumentSettings,
    DocumentState,
    GeneratedDocument,
    contrast_with_white,
    validate_accent_colour,
    validate_logo,
    validate_reference_docx,
)
from verksam.documents.services import UploadedFile
from verksam.followup.choices import Rhythm
from verksam.followup.tests.builders import make_round
from verksam.testing import make_item, make_organisation, make_plan

pytestmark = pytest.mark.django_db


# Files and objects ----------------------------------------------------------------------


def image_bytes(image_format: str, size: tuple[int, int] = (40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (29, 78, 137)).save(buffer, format=image_format)
    return buffer.getvalue()


def word_bytes(text: str = "Mall") -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(text)
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def plan(personas):
    plan = personas.draft_plan
    goal = plan.items.get(depth=1)
    make_item(plan, "Läsombud på alla förskolor", parent=goal)
    return plan


@pytest.fixture
def tertial(plan):
    return make_round(
        plan, "T1 2026", period_end=datetime.date(2026, 4, 30), due_days=20, rhythm=Rhythm.TERTIAL
    )


def request_and_run(django_capture_on_commit_callbacks, **fields) -> GeneratedDocument:
    """Request a document and run the queued task (the tests' backend runs it at once)."""
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_request(**fields)
    document.refresh_from_db()
    return document


# Checks of the settings ----------------------------------------------------------------


def test_it_measures_contrast_against_white_as_wcag_does():
    assert contrast_with_white("#000000") == pytest.approx(21)
    assert contrast_with_white("#ffffff") == pytest.approx(1)
    assert contrast_with_white("#767676") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("colour", ["#1d4e89", "#767676"])
def test_it_accepts_a_dark_accent_colour(colour):
    settings = DocumentSettings(accent_colour=colour)
    settings.clean_fields(exclude=["organisation"])
    assert settings.accent_colour == colour


def test_it_refuses_an_accent_colour_too_light_and_says_why():
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        validate_accent_colour("#ffcc00")
    assert caught.value.code == "low_contrast"
    assert "4.5:1" in caught.value.messages[0]
    assert "#ffcc00" in caught.value.messages[0]


@pytest.mark.parametrize("value", ["1d4e89", "#1d4e8", "#1d4e8g", "blue", ""])
def test_it_refuses_a_colour_not_written_as_hex(value):
    with pytest.raises(ValidationError) as caught:
        validate_accent_colour(value)
    assert caught.value.code == "colour_format"


@pytest.mark.parametrize("image_format", ["PNG", "JPEG"])
def test_it_accepts_a_png_or_jpeg_logo(image_format):
    content = image_bytes(image_format)
    for stored in (content, memoryview(content)):  # memoryview: as PostgreSQL returns it
        settings = DocumentSettings(logo=stored, logo_name=f"logo.{image_format.lower()}")
        settings.clean_fields(exclude=["organisation"])
        assert bytes(settings.logo) == content


@pytest.mark.parametrize(
    "content",
    [b"GIF89a not really", b"%PDF-1.4 a pdf", b"\x89PNG\r\n\x1a\n truncated"],
)
def test_it_judges_a_logo_by_its_content(content):
    with pytest.raises(ValidationError) as caught:
        validate_logo(content)
    assert caught.value.code == "logo_format"


def test_it_refuses_a_gif_logo():
    with pytest.raises(ValidationError):
        validate_logo(image_bytes("GIF"))


def test_it_refuses_a_logo_over_one_megabyte():
    with pytest.raises(ValidationError) as caught:
        validate_logo(image_bytes("PNG") + b"\0" * (1024 * 1024))
    assert caught.value.code == "logo_too_large"


def test_it_accepts_a_word_reference_file():
    content = word_bytes()
    settings = DocumentSettings(reference_docx=content, reference_docx_name="reference.docx")
    settings.clean_fields(exclude=["organisation"])
    assert bytes(settings.reference_docx) == content


@pytest.mark.parametrize("content", [b"PK\x03\x04 broken zip", image_bytes("PNG"), b"text"])
def test_it_refuses_a_reference_file_word_cannot_open(content):
    with pytest.raises(ValidationError) as caught:
        validate_reference_docx(content)
    assert caught.value.code == "reference_unreadable"


def test_it_refuses_a_reference_file_over_five_megabytes():
    with pytest.raises(ValidationError) as caught:
        validate_reference_docx(b"PK" + b"\0" * (5 * 1024 * 1024))
    assert caught.value.code == "reference_too_large"


# Settings' inheritance and the style -------------------------------------------------------


def test_it_uses_verksams_style_when_no_organisation_has_settings(personas):
    assert services.style_for(personas.work_group) == DocumentStyle()


def test_it_inherits_each_setting_from_the_nearest_organisation_that_has_it(personas):
    logo = image_bytes("PNG")
    services.document_settings_save(
        user=personas.superuser,
        organisation=personas.municipality,
        accent_colour="#1d4e89",
        logo=UploadedFile("kommun.png", logo),
    )
    services.document_settings_save(
        user=personas.admin, organisation=personas.home, accent_colour="#5a2d82"
    )

    with CaptureQueriesContext(connection) as queries:
        style = services.style_for(personas.work_group)

    assert len(queries) == 1
    assert style.accent_colour == "#5a2d82"  # the library's own
    assert style.logo == logo  # the municipality's, the library has none
    assert style.logo_name == "kommun.png"
    assert style.reference_docx is None
    found = services.effective_settings(personas.home)
    assert found.inherited("logo") == personas.municipality
    assert found.inherited("accent_colour") is None  # its own
    assert services.style_for(personas.other).accent_colour == DocumentStyle().accent_colour


def test_it_saves_the_settings_and_logs_the_change(personas):
    reference = word_bytes()

    saved = services.document_settings_save(
        user=personas.admin,
        organisation=personas.home,
        accent_colour=" #1D4E89 ",
        reference_docx=UploadedFile("mall.docx", reference),
        default_kinds={"operational_plan": ["board", "plan"], "group_plan": []},
    )

    saved.refresh_from_db()
    assert saved.accent_colour == "#1d4e89"
    assert bytes(saved.reference_docx) == reference
    assert saved.default_kinds == {"operational_plan": ["board", "plan"]}
    record = ChangeRecord.objects.get(object_type="documents.documentsettings")
    assert record.user == personas.admin
    assert record.data["reference_docx_name"] == "mall.docx"
    assert services.style_for(personas.home).reference_docx == reference


def test_it_clears_a_file_and_keeps_the_other_settings(personas):
    services.document_settings_save(
        user=personas.admin,
        organisation=personas.home,
        accent_colour="#1d4e89",
        logo=UploadedFile("logo.jpg", image_bytes("JPEG")),
    )

    services.document_settings_save(
        user=personas.admin, organisation=personas.home, clear_logo=True
    )

    saved = DocumentSettings.objects.get(organisation=personas.home)
    assert not saved.logo
    assert saved.logo_name == ""
    assert saved.accent_colour == "#1d4e89"


def test_it_refuses_bad_settings_naming_the_field_and_saves_nothing(personas):
    with pytest.raises(ValidationError) as caught:
        services.document_settings_save(
            user=personas.admin,
            organisation=personas.home,
            accent_colour="#eeeeee",
            logo=UploadedFile("logo.png", b"not an image"),
        )

    assert set(caught.value.error_dict) == {"accent_colour", "logo"}
    assert not DocumentSettings.objects.exists()
    assert not ChangeRecord.objects.filter(object_type="documents.documentsettings").exists()


def test_it_offers_the_organisations_usual_documents_first(personas, plan, tertial):
    services.document_settings_save(
        user=personas.superuser,
        organisation=personas.municipality,
        default_kinds={"operational_plan": ["board"]},
    )

    kinds = services.kinds_for_plan(plan)

    assert kinds[0] == "board"
    assert sorted(kinds) == sorted(str(kind) for kind in builders.kinds_for(plan))


# Naming ---------------------------------------------------------------------------------


def test_it_names_the_file_by_title_and_organisation_keeping_swedish_letters():
    content = DocumentContent(
        kind="plan",
        language="sv",
        front_page=FrontPage(
            organisation="Biblioteksutveckling Region Kalmar län",
            title="Verksamhetsplan 2025",
            kind_label="Verksamhetsplan",
        ),
    )

    assert (
        services.document_file_name(content, "docx")
        == "Verksamhetsplan-2025-Biblioteksutveckling-Region-Kalmar-län.docx"
    )
    content.front_page.title = "Återrapportering: T1 2025 – Öland/Växjö"
    assert (
        services.document_file_name(content, "pdf")
        == "Återrapportering-T1-2025-Öland-Växjö-Biblioteksutveckling-Region-Kalmar-län.pdf"
    )


# Requests -------------------------------------------------------------------------------


def _error_fields(caught) -> set[str]:
    return set(caught.value.error_dict)


def test_it_refuses_an_unknown_kind_or_format(personas, plan):
    with pytest.raises(ValidationError) as caught:
        services.document_request(user=personas.editor, plan=plan, kind="memo", file_format="odt")
    assert _error_fields(caught) == {"kind", "file_format"}
    assert not GeneratedDocument.objects.exists()


def test_it_needs_a_round_for_a_report(personas, plan, tertial):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.document_request(
            user=personas.editor, plan=plan, kind="interim", file_format="docx"
        )
    assert _error_fields(caught) == {"followup_round"}
    assert "follow-up round" in caught.value.error_dict["followup_round"][0].messages[0]


def test_it_refuses_a_round_of_another_plan(personas, plan, tertial):
    other_round = make_round(
        personas.published_plan,
        "T1 2025",
        period_end=datetime.date(2025, 4, 30),
        due_days=20,
        rhythm=Rhythm.TERTIAL,
    )

    with pytest.raises(ValidationError) as caught:
        services.document_request(
            user=personas.editor,
            plan=plan,
            kind="interim",
            file_format="docx",
            followup_round=other_round,
        )
    assert _error_fields(caught) == {"followup_round"}


def test_it_refuses_a_round_for_the_operational_plan(personas, plan, tertial):
    with pytest.raises(ValidationError) as caught:
        services.document_request(
            user=personas.editor, plan=plan, kind="plan", file_format="docx", followup_round=tertial
        )
    assert _error_fields(caught) == {"followup_round"}


def test_it_queues_the_document_until_the_transaction_commits(
    personas, plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = services.document_request(
            user=personas.editor, plan=plan, kind="plan", file_format="docx"
        )

    assert len(callbacks) == 1
    document.refresh_from_db()
    assert document.state == DocumentState.QUEUED
    assert document.progress == 0
    assert document.created_by == personas.editor


# Generating -----------------------------------------------------------------------------


def test_it_makes_a_word_document_that_opens(personas, plan, django_capture_on_commit_callbacks):
    with translation.override("en"):
        document = request_and_run(
            django_capture_on_commit_callbacks,
            user=personas.editor,
            plan=plan,
            kind="plan",
            file_format="docx",
        )

    assert document.state == DocumentState.DONE
    assert document.progress == 100
    assert document.language == "en"
    assert document.finished_at is not None
    assert document.error == ""
    assert document.size == len(bytes(document.content)) > 0
    assert document.file_name.endswith(".docx")
    assert document.file_name.endswith("-Kalmar-stadsbibliotek.docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(bytes(document.content))).paragraphs)
    assert "Läsombud på alla förskolor" in text


def test_it_makes_a_pdf_report_of_a_round(
    personas, plan, tertial, django_capture_on_commit_callbacks
):
    document = request_and_run(
        django_capture_on_commit_callbacks,
        user=personas.reader,
        plan=plan,
        kind="interim",
        file_format="pdf",
        followup_round=tertial,
        language="sv",
    )

    assert document.state == DocumentState.DONE, document.error
    assert document.followup_round == tertial
    assert document.language == "sv"
    reader = PdfReader(io.BytesIO(bytes(document.content)))
    assert len(reader.pages) >= 1
    assert "Läsombud på alla förskolor" in "".join(page.extract_text() for page in reader.pages)


def test_it_makes_an_html_page_that_links_its_stylesheet(
    personas, plan, django_capture_on_commit_callbacks
):
    document = request_and_run(
        django_capture_on_commit_callbacks,
        user=personas.editor,
        plan=plan,
        kind="plan",
        file_format="html",
    )

    page = bytes(document.content).decode("utf-8")
    assert document.state == DocumentState.DONE, document.error
    assert page.lstrip().lower().startswith("<!doctype html")
    assert f'href="{static(render_html.STYLESHEET)}"' in page
    assert "<style" not in page  # pages are served under a CSP without inline styles


def test_it_keeps_the_error_when_the_document_cannot_be_made(
    personas, plan, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken_builder(**kwargs):
        raise RuntimeError("the plan could not be read")

    monkeypatch.setattr(builders, "build_document", broken_builder)

    with caplog.at_level(logging.ERROR, logger="verksam.documents.services"):
        document = request_and_run(
            django_capture_on_commit_callbacks,
            user=personas.editor,
            plan=plan,
            kind="plan",
            file_format="docx",
        )

    assert document.state == DocumentState.FAILED
    assert "the plan could not be read" in document.error
    assert document.content is None
    assert document.finished_at is not None
    assert f"Generating document {document.pk} failed" in caplog.text


def test_it_does_not_make_a_document_twice(personas, plan, django_capture_on_commit_callbacks):
    document = request_and_run(
        django_capture_on_commit_callbacks,
        user=personas.editor,
        plan=plan,
        kind="plan",
        file_format="docx",
    )
    finished_at = document.finished_at

    assert services.document_generate(document_id=document.pk) == DocumentState.DONE

    document.refresh_from_db()
    assert document.finished_at == finished_at


def test_it_builds_a_document_at_once_in_the_language_asked_for(personas, plan):
    other = make_organisation("Biblioteksutveckling Region Kalmar län")
    other_plan = make_plan(other, title="Verksamhetsplan 2025", year=2025)
    make_item(other_plan, "Kompetensutveckling")

    data, file_name = services.document_build(
        plan=other_plan, kind="plan", file_format="docx", language="en"
    )

    assert file_name.endswith("Biblioteksutveckling-Region-Kalmar-län.docx")
    assert docx.Document(io.BytesIO(data)).paragraphs
    assert not GeneratedDocument.objects.exists()
