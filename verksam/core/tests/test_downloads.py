"""Every download keeps å, ä and ö in its name (RFC 6266 filename*), beside a plain name."""

import re
from urllib.parse import unquote

import pytest
from django.urls import reverse

from verksam.core.downloads import ascii_file_name, content_disposition, file_name_of


def parameters(header: str) -> dict[str, str]:
    """The header's disposition and its parameters, the filename* value decoded."""
    disposition, _, rest = header.partition(";")
    found = {"disposition": disposition}
    for name, value in re.findall(r'\s*([\w*]+)=("[^"]*"|[^;]*);?', rest):
        if name == "filename*":
            charset, _, encoded = value.partition("''")
            assert charset == "UTF-8"
            found[name] = unquote(encoded, encoding="utf-8")
        else:
            found[name] = value.strip('"')
    return found


def test_it_gives_a_swedish_name_in_filename_star_and_a_plain_fallback():
    header = content_disposition("Verksamhetsberättelse 2025 – Öland.pdf")
    assert header == (
        'attachment; filename="Verksamhetsberattelse 2025 - Oland.pdf"; '
        "filename*=UTF-8''Verksamhetsber%C3%A4ttelse%202025%20%E2%80%93%20%C3%96land.pdf"
    )
    assert parameters(header)["filename*"] == "Verksamhetsberättelse 2025 – Öland.pdf"


def test_it_writes_a_plain_name_alone_as_filename():
    assert content_disposition("plan-12.csv") == 'attachment; filename="plan-12.csv"'


def test_it_gives_an_html_page_inline():
    header = content_disposition("Återrapportering.html", inline=True)
    assert parameters(header) == {
        "disposition": "inline",
        "filename": "Aterrapportering.html",
        "filename*": "Återrapportering.html",
    }


def test_it_writes_å_and_ä_as_a_and_ö_as_o_in_the_fallback_and_replaces_the_rest():
    assert ascii_file_name("ÅÄÖ åäö.csv") == "AAO aao.csv"
    assert ascii_file_name("Café Müller.docx") == "Cafe Muller.docx"
    assert ascii_file_name("Bibliotek 図書館 €.pdf") == "Bibliotek ___ _.pdf"


def test_it_keeps_quotes_line_breaks_and_folders_out_of_the_header():
    header = content_disposition('a"b\r\nSet-Cookie: x/../c\\d.txt')
    assert "\r" not in header and "\n" not in header
    assert parameters(header)["filename"] == "a'bSet-Cookie: x-..-c-d.txt"


def test_it_reads_back_a_name_composed_from_decomposed_letters():
    decomposed = "Ma\u0308tva\u0308rden.csv"  # as macOS may spell "Mätvärden.csv"
    assert parameters(content_disposition(decomposed))["filename*"] == "Mätvärden.csv"


def test_it_joins_words_with_hyphens_and_keeps_their_letters():
    assert (
        file_name_of("Verksamhetsberättelse 2025", "Region Kalmar län", extension="pdf")
        == "Verksamhetsberättelse-2025-Region-Kalmar-län.pdf"
    )
    assert file_name_of("“ – ”", extension="csv", empty="plan-3") == "plan-3.csv"


# Every download of Verksam ----------------------------------------------------------------


@pytest.mark.django_db
def test_it_keeps_the_swedish_name_of_a_generated_document(client, personas):
    from verksam.documents.models import GeneratedDocument

    document = GeneratedDocument.objects.create(
        plan=personas.draft_plan,
        kind="plan",
        file_format="pdf",
        language="sv",
        state="done",
        progress=100,
        content=b"%PDF-1.7",
        file_name="Verksamhetsplan-2026-Kalmar-län.pdf",
        size=8,
        created_by=personas.editor,
    )
    client.force_login(personas.reader)
    response = client.get(reverse("documents:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert parameters(response["Content-Disposition"]) == {
        "disposition": "attachment",
        "filename": "Verksamhetsplan-2026-Kalmar-lan.pdf",
        "filename*": "Verksamhetsplan-2026-Kalmar-län.pdf",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_it_names_a_plan_download_by_its_title_and_organisation(client, personas, file_format):
    plan = personas.published_plan
    plan.title = "Verksamhetsplan för läsfrämjande 2025"
    plan.save(update_fields=["title"])
    response = client.get(reverse(f"api:plan_download_{file_format}", args=[plan.pk]))
    assert response.status_code == 200
    name = f"Verksamhetsplan-för-läsfrämjande-2025-Kalmar-stadsbibliotek.{file_format}"
    assert parameters(response["Content-Disposition"]) == {
        "disposition": "attachment",
        "filename": f"Verksamhetsplan-for-lasframjande-2025-Kalmar-stadsbibliotek.{file_format}",
        "filename*": name,
    }


@pytest.mark.django_db
def test_it_keeps_the_swedish_name_of_a_measurement_export(client, personas):
    personas.home.name = "Stadsbiblioteket i Växjö"
    personas.home.save(update_fields=["name"])
    client.force_login(personas.reader)
    client.cookies["django_language"] = "sv"
    url = reverse(
        "imports:measurement_export",
        kwargs={"organisation_pk": personas.home.pk, "file_format": "csv"},
    )
    response = client.get(url)
    assert response.status_code == 200
    assert parameters(response["Content-Disposition"]) == {
        "disposition": "attachment",
        "filename": "matvarden-stadsbiblioteket-i-vaxjo.csv",
        "filename*": "mätvärden-stadsbiblioteket-i-växjö.csv",
    }
