"""pydyf compressing the PDF's streams at zlib's default level: the same PDF, read back."""

import zlib

import pydyf
import pytest

from verksam.documents import compression
from verksam.documents.tests.pdf_samples import pages_links_and_tags, tagged_pdf_with_links


def test_it_compresses_at_the_default_level_whatever_level_is_asked_for():
    data = b"0 0 m 10 10 l S\n" * 5000
    shim = compression.DefaultLevelZlib()
    compressor = shim.compressobj(level=9)
    compressed = compressor.compress(data) + compressor.flush()
    default = zlib.compressobj()
    assert compressed == default.compress(data) + default.flush()
    assert zlib.decompress(compressed) == data
    # Everything else is zlib's own.
    assert shim.compress is zlib.compress
    assert shim.Z_DEFAULT_COMPRESSION == zlib.Z_DEFAULT_COMPRESSION


@pytest.fixture
def pydyf_as_it_is(monkeypatch):
    """pydyf with its own zlib until the test installs the shim."""
    monkeypatch.setattr(pydyf, "zlib", zlib)
    monkeypatch.setattr(compression.install, "done", False)


def test_a_tagged_pdf_reads_the_same_compressed_at_the_default_level(pydyf_as_it_is):
    before = tagged_pdf_with_links(12)
    compression.install()
    after = tagged_pdf_with_links(12)

    assert isinstance(pydyf.zlib, compression.DefaultLevelZlib)
    assert after != before  # compressed otherwise …
    assert pages_links_and_tags(after) == pages_links_and_tags(before)  # … to the same pages
    assert len(after) < len(before) * 1.1
