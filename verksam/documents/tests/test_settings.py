"""The document settings page: uploads checked by content, errors naming the field, inheritance."""

import io

import docx
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from verksam.documents import services
from verksam.documents.models import DocumentSettings
from verksam.documents.services import UploadedFile

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 10), (0, 0, 0)).save(buffer, format="PNG")
    return buffer.getvalue()


def word_bytes() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def settings_url(organisation) -> str:
    return reverse(
        "documents:organisation_document_settings", kwargs={"organisation_pk": organisation.pk}
    )


@pytest.fixture
def admin_client(client, personas):
    client.force_login(personas.admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def post(client, organisation, **data):
    data.setdefault("accent_colour", "")
    return client.post(settings_url(organisation), data)


def test_it_saves_logo_colour_word_file_and_default_documents(admin_client, personas):
    logo, reference = png_bytes(), word_bytes()

    response = post(
        admin_client,
        personas.home,
        accent_colour="#1D4E89",
        logo=SimpleUploadedFile("logga.png", logo, content_type="image/png"),
        reference_docx=SimpleUploadedFile("mall.docx", reference),
        kinds_operational_plan=["plan", "board"],
    )

    assert response.status_code == 302
    saved = DocumentSettings.objects.get(organisation=personas.home)
    assert saved.accent_colour == "#1d4e89"
    assert bytes(saved.logo) == logo
    assert saved.logo_name == "logga.png"
    assert bytes(saved.reference_docx) == reference
    assert saved.default_kinds == {"operational_plan": ["plan", "board"]}
    page = admin_client.get(settings_url(personas.home)).content.decode()
    assert "logga.png" in page and "mall.docx" in page
    assert 'src="data:image/png;base64,' in page
    assert "style=" not in page


def test_it_names_the_logo_field_when_the_file_is_not_an_image(admin_client, personas):
    response = post(
        admin_client,
        personas.home,
        logo=SimpleUploadedFile("logga.png", b"<svg>not a png</svg>", content_type="image/png"),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="#id_logo"' in page
    assert "Logo: The logo must be a PNG or JPEG image" in page
    assert not DocumentSettings.objects.exists()


def test_it_names_the_colour_field_when_the_contrast_is_too_low(admin_client, personas):
    response = post(admin_client, personas.home, accent_colour="#f0e68c")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="#id_accent_colour"' in page
    assert "Accent colour: The colour #f0e68c has a contrast of only" in page
    assert "at least 4.5:1" in page
    assert not DocumentSettings.objects.exists()


def test_it_names_the_word_field_when_the_file_is_broken(admin_client, personas):
    response = post(
        admin_client,
        personas.home,
        accent_colour="#1d4e89",
        reference_docx=SimpleUploadedFile("mall.docx", b"PK\x03\x04 this is no Word file"),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="#id_reference_docx"' in page
    assert "Word reference file: The reference file could not be opened" in page
    assert not DocumentSettings.objects.exists()


def test_it_removes_the_logo_with_its_button(admin_client, personas):
    services.document_settings_save(
        user=personas.admin,
        organisation=personas.home,
        accent_colour="#1d4e89",
        logo=UploadedFile("logga.png", png_bytes()),
    )
    page = admin_client.get(settings_url(personas.home)).content.decode()
    assert 'name="clear" value="logo"' in page
    assert 'name="clear" value="reference_docx"' not in page

    response = admin_client.post(settings_url(personas.home), {"clear": "logo"})

    assert response.status_code == 302
    saved = DocumentSettings.objects.get(organisation=personas.home)
    assert not saved.logo
    assert saved.accent_colour == "#1d4e89"


def test_it_shows_what_a_unit_inherits_and_uses_it(admin_client, personas):
    services.document_settings_save(
        user=personas.admin,
        organisation=personas.home,
        accent_colour="#5a2d82",
        logo=UploadedFile("logga.png", png_bytes()),
    )

    page = admin_client.get(settings_url(personas.work_group)).content.decode()

    assert "#5a2d82" in page
    assert "from Kalmar stadsbibliotek" in page
    style = services.style_for(personas.work_group)
    assert style.accent_colour == "#5a2d82"
    assert style.logo_name == "logga.png"
    assert not DocumentSettings.objects.filter(organisation=personas.work_group).exists()


def test_it_lets_a_unit_override_its_parents_colour_only(admin_client, personas):
    services.document_settings_save(
        user=personas.admin,
        organisation=personas.home,
        accent_colour="#5a2d82",
        logo=UploadedFile("logga.png", png_bytes()),
    )

    response = post(admin_client, personas.work_group, accent_colour="#004d40")

    assert response.status_code == 302
    style = services.style_for(personas.work_group)
    assert style.accent_colour == "#004d40"
    assert style.logo_name == "logga.png"
    assert services.style_for(personas.home).accent_colour == "#5a2d82"


@pytest.mark.parametrize("persona", ["editor", "reader", "outsider"])
def test_it_keeps_the_settings_to_administrators(client, personas, persona):
    client.force_login(personas.user(persona))

    assert client.get(settings_url(personas.home)).status_code == 404
    assert post(client, personas.home, accent_colour="#000000").status_code == 404
    assert not DocumentSettings.objects.exists()


def test_it_links_to_the_settings_for_administrators_only(client, personas):
    url = settings_url(personas.home)
    client.force_login(personas.admin)
    assert url in client.get(personas.home.get_absolute_url()).content.decode()
    client.force_login(personas.editor)
    assert url not in client.get(personas.home.get_absolute_url()).content.decode()
