"""Files the reader refuses, each with a message that says why."""

import io

import pytest
from django.utils import translation
from pypdf import PdfWriter

from verksam.plans.reading import MAX_BYTES, ReadingError, read_document


def refusal(data: bytes, filename: str) -> str:
    with translation.override("en"), pytest.raises(ReadingError) as caught:
        read_document(data, filename)
    return str(caught.value)


def test_it_refuses_an_empty_file():
    assert "empty" in refusal(b"", "plan.docx")
    assert "empty" in refusal(b"  \n ", "plan.txt")


def test_it_refuses_an_oversized_file():
    assert "larger than" in refusal(b"a" * (MAX_BYTES + 1), "plan.txt")


def test_it_refuses_a_malformed_word_file():
    assert "not a readable Word" in refusal(b"PK\x03\x04 not really a zip", "plan.docx")


def test_it_refuses_an_encrypted_word_file():
    ole_header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    assert "encrypted" in refusal(ole_header, "plan.docx")


def test_it_refuses_a_malformed_pdf():
    assert "not a readable PDF" in refusal(b"%PDF-1.7\n garbage without objects", "plan.pdf")
    assert "not a readable PDF" in refusal(b"hello", "plan.pdf")


def test_it_refuses_an_encrypted_pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "encrypted" in refusal(buffer.getvalue(), "plan.pdf")


def test_it_refuses_a_pdf_with_images_only():
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "no text" in refusal(buffer.getvalue(), "scan.pdf")


def test_it_refuses_another_kind_of_file():
    assert "DOCX, PDF, HTML, TXT or MD" in refusal(b"a,b\n1,2", "plan.csv")


def test_it_refuses_a_binary_file_named_as_text():
    assert "not a text file" in refusal(b"\x00\x01\x02binary", "plan.txt")
