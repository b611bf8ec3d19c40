"""`verksam document`: a good run writes a file that opens; each bad option is named."""

import io
import os
from io import StringIO

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from pypdf import PdfReader

from verksam.documents.management.commands.document import write_whole
from verksam.followup.tests.builders import make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_round(personas):
    return make_round(personas.draft_plan, "Helår 2026", due_days=30, is_year_end=True)


def current_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def run(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("document", *args, stdout=out)
    return out.getvalue()


def error_of(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        run(*args)
    return str(caught.value)


def test_it_writes_a_word_document_that_opens(personas, tmp_path):
    target = tmp_path / "Verksamhetsplan.docx"

    output = run(
        "--plan",
        str(personas.draft_plan.pk),
        "--kind",
        "plan",
        "--format",
        "docx",
        "-o",
        str(target),
    )

    assert output.strip() == str(target.resolve())
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(target.read_bytes())).paragraphs)
    assert "Fler barn läser" in text
    assert [path.name for path in tmp_path.iterdir()] == ["Verksamhetsplan.docx"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~current_umask()


def test_it_writes_a_report_to_the_board_as_pdf_in_english(personas, year_round, tmp_path):
    target = tmp_path / "board.pdf"

    run(
        "--plan",
        str(personas.draft_plan.pk),
        "--round",
        str(year_round.pk),
        "--kind",
        "board",
        "--format",
        "pdf",
        "--language",
        "en",
        "-o",
        str(target),
    )

    assert len(PdfReader(io.BytesIO(target.read_bytes())).pages) >= 1


def test_it_writes_an_html_file_that_links_the_stylesheet_on_the_server(
    personas, tmp_path, settings
):
    settings.VERKSAM_BASE_URL = "https://verksam.example.org"
    target = tmp_path / "plan.html"

    run(
        "--plan",
        str(personas.draft_plan.pk),
        "--kind",
        "plan",
        "--format",
        "html",
        "-o",
        str(target),
    )

    page = target.read_text(encoding="utf-8")
    assert "Fler barn läser" in page
    assert 'href="https://verksam.example.org/static/verksam/document.css"' in page


def test_it_replaces_an_existing_file_whole(personas, tmp_path):
    target = tmp_path / "plan.docx"
    target.write_bytes(b"old")

    run(
        "--plan",
        str(personas.draft_plan.pk),
        "--kind",
        "plan",
        "--format",
        "docx",
        "-o",
        str(target),
    )

    assert target.read_bytes().startswith(b"PK")
    assert len(list(tmp_path.iterdir())) == 1


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--plan", "999999"], "--plan: there is no plan with the id 999999"),
        (["--plan", "tolv"], "--plan: there is no plan with the id tolv"),
        (["--kind", "memo"], "--kind must be one of plan, interim, annual, board, not 'memo'"),
        (["--format", "odt"], "--format must be one of docx, pdf, html, not 'odt'"),
        (["--language", "de"], "--language must be one of sv, en, not 'de'"),
        (
            ["--kind", "annual"],
            "--round: Choose the follow-up round that the report (annual report) covers",
        ),
        (["--round", "999999", "--kind", "annual"], "--round: there is no follow-up round"),
    ],
)
def test_it_names_the_bad_option(personas, year_round, tmp_path, options, expected):
    target = tmp_path / "out.docx"
    defaults = {"--plan": str(personas.draft_plan.pk), "--kind": "plan", "--format": "docx"}
    for index in range(0, len(options), 2):
        defaults[options[index]] = options[index + 1]
    args = [part for pair in defaults.items() for part in pair] + ["-o", str(target)]

    assert expected in error_of(*args)
    assert not target.exists()


def test_it_refuses_a_round_of_another_plan(personas, year_round, tmp_path):
    message = error_of(
        "--plan",
        str(personas.published_plan.pk),
        "--round",
        str(year_round.pk),
        "--kind",
        "annual",
        "--format",
        "docx",
        "-o",
        str(tmp_path / "x.docx"),
    )

    assert message.startswith("--round:")
    assert "is not a round of the plan" in message


def test_it_refuses_a_round_for_the_operational_plan(personas, year_round, tmp_path):
    message = error_of(
        "--plan",
        str(personas.draft_plan.pk),
        "--round",
        str(year_round.pk),
        "--kind",
        "plan",
        "--format",
        "docx",
        "-o",
        str(tmp_path / "x.docx"),
    )

    assert message.startswith("--round:")


@pytest.mark.parametrize("where", ["missing folder", "a folder"])
def test_it_names_an_output_it_cannot_write(personas, tmp_path, where):
    output = tmp_path / "saknas" / "plan.docx" if where == "missing folder" else tmp_path

    message = error_of(
        "--plan",
        str(personas.draft_plan.pk),
        "--kind",
        "plan",
        "--format",
        "docx",
        "-o",
        str(output),
    )

    assert message.startswith("-o/--output")
    assert not (tmp_path / "saknas").exists()


def test_it_names_an_output_name_too_long(personas, tmp_path):
    target = tmp_path / ("x" * 300 + ".docx")

    message = error_of(
        "--plan",
        str(personas.draft_plan.pk),
        "--kind",
        "plan",
        "--format",
        "docx",
        "-o",
        str(target),
    )

    assert message.startswith("-o/--output")
    assert list(tmp_path.iterdir()) == []


def test_it_leaves_no_half_written_file_when_the_rename_fails(tmp_path):
    # A name too long for the file system: the temporary file is written, the rename fails.
    target = tmp_path / ("x" * 300 + ".docx")

    with pytest.raises(OSError):
        write_whole(target, b"PK document")

    assert list(tmp_path.iterdir()) == []
