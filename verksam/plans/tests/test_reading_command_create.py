"""`verksam plan read FILE --create --organisation ID` creates the draft as the upload page does."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from verksam.plans.models import Plan
from verksam.plans.reading import read_path
from verksam.plans.upload.models import PlanSourceFile

CORPUS = Path(__file__).parent / "reading_corpus" / "documents"


def nested(plan: Plan) -> list[dict]:
    items = list(plan.items.order_by("depth", "position"))

    def children(parent_id, level):
        return [
            {"title": i.title, "level": level, "children": children(i.pk, level + 1)}
            for i in items
            if i.parent_id == parent_id
        ]

    return children(None, 1)


def test_it_creates_the_draft_plan_with_the_tree_as_read(personas, capsys):
    path = CORPUS / "kb_nationell_biblioteksstrategi.pdf"
    call_command("plan", "read", str(path), "--create", "--organisation", str(personas.home.pk))

    plan = Plan.objects.get(title="Nationell biblioteksstrategi 2022 – 2025")
    assert plan.status == "draft"
    assert plan.organisation == personas.home
    assert (plan.period_start.year, plan.period_end.year) == (2022, 2025)
    assert nested(plan) == read_path(path).as_json()["items"]
    assert bytes(PlanSourceFile.objects.get(plan=plan).content) == path.read_bytes()
    assert f"Created the draft plan {plan.pk}" in capsys.readouterr().out


def test_it_takes_the_period_and_kind_the_document_does_not_state(personas):
    path = CORPUS / "seed_kalmar_uppdrag.docx"
    call_command(
        "plan",
        "read",
        str(path),
        "--create",
        "--organisation",
        str(personas.home.pk),
        "--period",
        "2025-2028",
        "--kind",
        "library_plan",
        "--user",
        personas.editor.username,
    )
    plan = Plan.objects.get(title="Vårt uppdrag")
    assert (plan.period_start.year, plan.period_end.year, plan.kind) == (2025, 2028, "library_plan")
    assert [i.title for i in plan.items.order_by("position")] == [
        "Läsfrämjande och språklig mångfald",
        "Digital delaktighet och digital omvandling",
        "Tillgänglighet",
        "Fördjupad samverkan mellan folkbiblioteken",
    ]


def test_it_names_what_is_missing_and_creates_nothing(personas):
    plans = Plan.objects.count()
    path = CORPUS / "seed_kalmar_uppdrag.docx"
    with pytest.raises(CommandError, match=r"--period"):
        call_command("plan", "read", str(path), "--create", "--organisation", str(personas.home.pk))
    with pytest.raises(CommandError, match=r"--organisation"):
        call_command("plan", "read", str(path), "--create")
    assert Plan.objects.count() == plans
    assert not PlanSourceFile.objects.exists()
