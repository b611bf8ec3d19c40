"""A logo is refused by its content: not an image, too many bytes or too many pixels."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image

from verksam.documents.models import MAX_LOGO_SIDE, validate_logo


def png(width: int, height: int, mode: str = "1") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def test_it_accepts_a_logo_of_the_largest_side():
    validate_logo(png(MAX_LOGO_SIDE, 200))


def test_it_refuses_a_small_file_of_too_many_pixels():
    content = png(MAX_LOGO_SIDE + 1, 4000)
    assert len(content) < 100_000  # small on disk, 20 million pixels once unpacked

    with pytest.raises(ValidationError) as error:
        validate_logo(content)

    assert error.value.code == "logo_too_many_pixels"
    assert error.value.message == (
        "The logo is 5001 × 4000 pixels; it may be at most 5000 pixels wide and high."
    )


def test_it_refuses_a_decompression_bomb_without_unpacking_it(monkeypatch):
    # Pillow refuses to open an image of more than twice MAX_IMAGE_PIXELS at all.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(ValidationError) as error:
        validate_logo(png(100, 100))
    assert error.value.code == "logo_too_many_pixels"
    assert error.value.message.startswith("The logo has too many pixels")


def test_it_refuses_text_under_a_png_name():
    with pytest.raises(ValidationError) as error:
        validate_logo(b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>")
    assert error.value.code == "logo_format"
