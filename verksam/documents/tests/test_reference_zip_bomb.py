"""A Word reference file that would unpack to a huge size is refused from its zip directory alone.

The zip bombs are built here in memory, cheaply: a deflate stream of one
megabyte of zeros, flushed so that it stands alone, repeated a thousand times
is a valid stream of a gigabyte of zeros that packs to about a megabyte.
"""

import io
import random
import struct
import zipfile
import zlib
from unittest import mock

import docx
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from verksam.documents import services
from verksam.documents.models import (
    MAX_REFERENCE_MEMBERS,
    MAX_REFERENCE_UNPACKED,
    DocumentSettings,
    validate_reference_docx,
)
from verksam.documents.services import UploadedFile

MEGABYTE = 1024 * 1024


def word_parts() -> list[tuple[str, bytes]]:
    """The parts of a real, small Word document."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def zeros_deflated(megabytes: int) -> tuple[bytes, int, int]:
    """(raw deflate stream, CRC-32, size) of `megabytes` MB of zeros, without deflating them all."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    one_megabyte = compressor.compress(bytes(MEGABYTE)) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = one_megabyte * megabytes + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    crc = 0
    zeros = bytes(MEGABYTE)
    for _ in range(megabytes):
        crc = zlib.crc32(zeros, crc)
    return stream, crc, megabytes * MEGABYTE


def zip_with_deflated_member(parts: list[tuple[str, bytes]], name: str, member) -> bytes:
    """A zip of `parts` and one member given as (raw deflate stream, CRC-32, unpacked size)."""
    stream, crc, size = member
    local, central = io.BytesIO(), io.BytesIO()
    entries = [(n, zlib.compress(data, 9)[2:-4], zlib.crc32(data), len(data)) for n, data in parts]
    entries.append((name, stream, crc, size))
    for entry_name, packed, entry_crc, entry_size in entries:
        offset = local.tell()
        encoded = entry_name.encode()
        fields = (20, 0, 8, 0, 0x21, entry_crc, len(packed), entry_size, len(encoded))
        local.write(struct.pack("<4s5HIIIHH", b"PK\x03\x04", *fields, 0) + encoded + packed)
        central.write(
            struct.pack("<4s6HIIIHHHHHII", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, offset)
            + encoded
        )
    directory = central.getvalue()
    end = struct.pack(
        "<4s4HIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory),
        local.tell(), 0,
    )  # fmt: skip
    return local.getvalue() + directory + end


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A .docx of 1 MB that unpacks to more than a gigabyte."""
    return zip_with_deflated_member(word_parts(), "word/media/image1.png", zeros_deflated(1024))


def refusal(data: bytes) -> ValidationError:
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        validate_reference_docx(data)
    return raised.value


def test_it_builds_a_bomb_that_is_a_small_valid_zip_of_a_gigabyte(bomb):
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        member = archive.getinfo("word/media/image1.png")
        with archive.open(member) as unpacked:
            first = unpacked.read(MEGABYTE)
    assert len(bomb) < 2 * MEGABYTE
    assert member.file_size == 1024 * MEGABYTE
    assert first == bytes(MEGABYTE)


def test_it_refuses_a_reference_file_that_unpacks_to_a_gigabyte(bomb):
    error = refusal(bomb)
    assert error.code == "reference_unpacks_too_large"
    assert "would unpack to 1024.7 MB" in error.messages[0]
    assert f"at most {MAX_REFERENCE_UNPACKED // MEGABYTE} MB" in error.messages[0]


def test_it_refuses_the_bomb_without_unpacking_or_parsing_it(bomb):
    with (
        mock.patch.object(zipfile.ZipFile, "open", side_effect=AssertionError("unpacked")),
        mock.patch.object(zipfile.ZipFile, "read", side_effect=AssertionError("read")),
        mock.patch("docx.Document", side_effect=AssertionError("parsed")) as parse,
    ):
        error = refusal(bomb)
    assert error.code == "reference_unpacks_too_large"
    parse.assert_not_called()


def test_it_refuses_a_part_packed_a_thousand_to_one_even_under_the_size_limit():
    data = zip_with_deflated_member(word_parts(), "word/document2.xml", zeros_deflated(20))
    error = refusal(data)
    assert error.code == "reference_packed_too_tightly"
    assert "word/document2.xml" in error.messages[0]


def test_it_refuses_a_reference_file_with_too_many_parts():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in word_parts():
            archive.writestr(name, data)
        for number in range(MAX_REFERENCE_MEMBERS):
            archive.writestr(f"customXml/extra{number}.xml", b"")
    error = refusal(buffer.getvalue())
    assert error.code == "reference_too_many_parts"
    assert f"holds {MAX_REFERENCE_MEMBERS + len(word_parts())} parts" in error.messages[0]


def test_it_still_accepts_a_real_word_file_with_a_large_picture():
    picture = random.Random(1).randbytes(4 * MEGABYTE)  # packs poorly, as pictures do
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in word_parts():
            archive.writestr(name, data)
        archive.writestr("word/media/image1.png", picture)
    validate_reference_docx(buffer.getvalue())
    assert docx.Document(buffer).styles["Normal"] is not None


def test_it_refuses_a_file_that_is_not_a_zip_as_unreadable():
    assert refusal(b"PK\x03\x04 no zip at all").code == "reference_unreadable"


@pytest.mark.django_db
def test_it_names_the_word_field_when_the_settings_page_gets_a_bomb(client, personas, bomb):
    client.force_login(personas.admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse(
        "documents:organisation_document_settings", kwargs={"organisation_pk": personas.home.pk}
    )
    response = client.post(
        url,
        {"accent_colour": "", "reference_docx": SimpleUploadedFile("mall.docx", bomb)},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_reference_docx"' in page
    assert "Word reference file: The Word file would unpack to 1024.7 MB" in page
    assert not DocumentSettings.objects.exists()


@pytest.mark.django_db
def test_it_refuses_the_bomb_in_the_service_too(personas, bomb):
    with pytest.raises(ValidationError) as raised:
        services.document_settings_save(
            user=personas.admin,
            organisation=personas.home,
            accent_colour="",
            reference_docx=UploadedFile("mall.docx", bomb),
        )
    assert "reference_docx" in raised.value.error_dict
    assert not DocumentSettings.objects.exists()
