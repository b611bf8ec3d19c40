"""Importing a year's budget lines: a good file is written whole, a bad one not at all.

Every refusal names the row and the column (in Swedish, the default language).
"""

import io

import openpyxl
import pytest
from django.urls import reverse

from verksam.resources.imports import budget_import, check_budget_file
from verksam.resources.models import BudgetLine
from verksam.resources.tests.builders import make_line

pytestmark = pytest.mark.django_db

HEADER = "punkt;kostnadsslag;år;belopp;kommentar\n"


def _xlsx(rows, *, sheets=None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if sheets:
        sheet.title = sheets[0]
        sheet.append(["Förklaring"])
        sheet = workbook.create_sheet(sheets[1])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _refusal(plan, content: bytes) -> list[str]:
    rows, problems = check_budget_file(plan=plan, content=content)
    assert problems, "the file should have been refused"
    assert rows == []
    return [problem.message for problem in problems]


def test_it_imports_a_good_csv_file_whole(personas):
    plan = personas.draft_plan
    top, child = plan.items.get(depth=0), plan.items.get(depth=1)
    content = (
        HEADER
        + "1;personal;2026;120 000;Två tjänster\n"
        + "1.1;medier;2026;45000;\n"
        + "Fler barn läser;Lokaler;2026;12 500,00;Hyra\n"
        + f"{top.pk};övrigt;2026;0;\n".replace(f"{top.pk}", "1")
    ).encode()
    result = budget_import(user=personas.editor, plan=plan, content=content)
    assert result.ok, result.problems
    lines = {(line.item_id, line.kind): line.amount for line in BudgetLine.objects.all()}
    assert lines == {
        (top.pk, "staff"): 120_000,
        (child.pk, "media"): 45_000,
        (child.pk, "premises"): 12_500,
        (top.pk, "other"): 0,
    }
    assert (result.added, result.changed) == (4, 0)


def test_it_imports_an_xlsx_file_by_item_id_and_changes_existing_lines(personas):
    plan = personas.draft_plan
    child = plan.items.get(depth=1)
    make_line(child, "staff", 10, 2026)
    content = _xlsx(
        [["id", "kind", "year", "amount", "note"], [child.pk, "staff", 2026, 20000, "Ny nivå"]]
    )
    result = budget_import(user=personas.editor, plan=plan, content=content)
    assert result.ok, result.problems
    assert (result.added, result.changed) == (0, 1)
    assert BudgetLine.objects.get().amount == 20_000


MALFORMED = {
    "wrong encoding": (
        (HEADER + "1;medier;2026;100;Läsfrämjande\n").encode("cp1252"),
        "UTF-8",
    ),
    "empty": (b"", "tom"),
    "only a header": (HEADER.encode(), "inga budgetrader"),
    "missing amount column": (b"punkt;kostnadsslag;\xc3\xa5r\n1;medier;2026\n", "belopp"),
    "unknown item": ((HEADER + "9.9;medier;2026;100;\n").encode(), "Rad 2, kolumn punkt"),
    "negative amount": ((HEADER + "1;medier;2026;-100;\n").encode(), "negativt"),
    "non-numeric amount": ((HEADER + "1;medier;2026;hundra;\n").encode(), "Rad 2, kolumn belopp"),
    "amount with öre": ((HEADER + "1;medier;2026;100,50;\n").encode(), "hela kronor"),
    "bad year": ((HEADER + "1;medier;2031;100;\n").encode(), "Rad 2, kolumn år"),
    "unknown kind": ((HEADER + "1;resor;2026;100;\n").encode(), "Rad 2, kolumn kostnadsslag"),
    "duplicate line": (
        (HEADER + "1;medier;2026;100;\n1;Medier;2026;200;\n").encode(),
        "Rad 3, kolumn kostnadsslag: rad 2",
    ),
    "too large file": ((HEADER + "1;medier;2026;100;" + "x" * (6 * 1024 * 1024)).encode(), "MB"),
    "old excel": (b"\xd0\xcf\x11\xe0" + b"\0" * 100, ".xls"),
    "damaged workbook": (b"PK\x03\x04not really a zip", "XLSX"),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_it_refuses_a_malformed_file_saying_where_in_swedish(personas, name):
    content, expected = MALFORMED[name]
    messages = _refusal(personas.draft_plan, content)
    assert any(expected.casefold() in message.casefold() for message in messages), messages
    assert not BudgetLine.objects.exists()


def test_it_refuses_formula_cells_naming_the_cell(personas):
    content = _xlsx([["punkt", "kostnadsslag", "år", "belopp"], ["1", "medier", 2026, "=100*2"]])
    messages = _refusal(personas.draft_plan, content)
    assert any("Rad 2, kolumn D (belopp)" in m and "formel" in m for m in messages), messages


def test_it_refuses_a_workbook_with_the_lines_on_another_sheet(personas):
    content = _xlsx(
        [["punkt", "kostnadsslag", "år", "belopp"], ["1", "medier", 2026, 100]],
        sheets=["Instruktion", "Budget"],
    )
    messages = _refusal(personas.draft_plan, content)
    assert any("första bladet (”Instruktion”)" in m or "Instruktion" in m for m in messages)


def test_it_writes_nothing_when_one_row_of_many_is_bad(personas):
    rows = "".join(f"1;medier;2026;{n};\n".replace("medier", k) for n, k in [(1, "medier")])
    content = (HEADER + rows + "1.1;personal;2026;100;\n" + "1.1;lokaler;2026;abc;\n").encode()
    result = budget_import(user=personas.editor, plan=personas.draft_plan, content=content)
    assert not result.ok
    assert [p.row for p in result.problems] == [4]
    assert not BudgetLine.objects.exists()


def test_it_refuses_a_title_two_items_share(personas):
    from verksam.testing import make_item

    plan = personas.draft_plan
    make_item(plan, "Fler barn läser")
    messages = _refusal(plan, (HEADER + "Fler barn läser;medier;2026;100;\n").encode())
    assert any("Flera punkter" in m or "id" in m for m in messages), messages


def test_it_imports_through_the_page_and_lists_the_problems_there(client, personas):
    plan = personas.draft_plan
    client.force_login(personas.editor)
    url = reverse("resources:budget_import", args=[plan.pk])
    bad = io.BytesIO((HEADER + "1;medier;2026;-5;\n").encode())
    bad.name = "budget.csv"
    response = client.post(url, {"file": bad}, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 200
    assert "Rad 2, kolumn belopp" in response.content.decode()
    good = io.BytesIO((HEADER + "1;medier;2026;500;\n").encode())
    good.name = "budget.csv"
    response = client.post(url, {"file": good})
    assert response.status_code == 302
    assert BudgetLine.objects.get().amount == 500


def test_it_refuses_the_import_page_for_an_adopted_plan(client, personas):
    client.force_login(personas.editor)
    url = reverse("resources:budget_import", args=[personas.published_plan.pk])
    response = client.get(url)
    assert response.context["form"] is None


def test_it_gives_a_template_that_imports_once_filled_in(client, personas):
    plan = personas.draft_plan
    top, child = plan.items.get(depth=0), plan.items.get(depth=1)
    top.title = "=Läsfrämjande"  # a title a spreadsheet would take for a formula
    top.save()
    make_line(child, "media", 45_000, 2026)
    client.force_login(personas.editor)
    response = client.get(reverse("resources:budget_template", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "id;punkt;titel;kostnadsslag;år;belopp;kommentar"
    assert lines[1] == f"{top.pk};1;'=Läsfrämjande;;2026;;"
    assert lines[2] == f"{child.pk};1.1;Fler barn läser;medier;2026;45000;"
    # Filled in: the focus area's staff; the goal's media changed.
    filled = text.replace(
        f"{top.pk};1;'=Läsfrämjande;;2026;;", f"{top.pk};1;x;personal;2026;90 000;"
    )
    filled = filled.replace("medier;2026;45000;", "medier;2026;50000;")
    result = budget_import(user=personas.editor, plan=plan, content=filled.encode("utf-8-sig"))
    assert result.ok, result.problems
    assert (result.added, result.changed) == (1, 1)
    amounts = {(line.item_id, line.kind): line.amount for line in BudgetLine.objects.all()}
    assert amounts == {(top.pk, "staff"): 90_000, (child.pk, "media"): 50_000}


def test_it_skips_the_templates_empty_rows(personas):
    plan = personas.draft_plan
    content = f"id;punkt;titel;kostnadsslag;år;belopp\n{plan.items.get(depth=0).pk};1;x;;2026;\n"
    result = budget_import(user=personas.editor, plan=plan, content=content.encode())
    assert result.ok and result.rows == 0
