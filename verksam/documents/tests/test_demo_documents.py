"""On the demo data: every seed plan gives every document it offers, and each file opens.

Word is made of every kind of every plan; PDF and HTML, which take longer,
of one plan each, the plan with the most follow-up.
"""

import io
from io import StringIO

import docx
import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import translation
from django.utils.html import escape
from pypdf import PdfReader

from verksam.documents import services
from verksam.documents.builders import default_round, kinds_for
from verksam.documents.content import KINDS_WITH_ROUND
from verksam.plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    with translation.override("en"):
        call_command("demo", allow_without_debug=True, stdout=StringIO())


def _round_for(plan: Plan, kind: str):
    if kind not in KINDS_WITH_ROUND:
        return None
    followup_round = default_round(plan, kind)
    assert followup_round is not None, (plan.title, kind)
    assert followup_round.plan_id == plan.pk
    return followup_round


def test_every_seed_plan_gives_each_of_its_documents_as_word(demo):
    plans = list(Plan.objects.select_related("organisation").order_by("pk"))
    made = 0

    for plan in plans:
        kinds = [str(kind) for kind in kinds_for(plan)]
        assert kinds, plan.title
        for kind in kinds:
            data, file_name = services.document_build(
                plan=plan,
                kind=kind,
                file_format="docx",
                followup_round=_round_for(plan, kind),
                language="sv",
            )
            document = docx.Document(io.BytesIO(data))
            assert any(p.text.strip() for p in document.paragraphs), (plan.title, kind)
            assert file_name.endswith(".docx") and "/" not in file_name
            made += 1

    assert len(plans) >= 10
    assert made > len(plans)


def test_the_seed_plan_with_most_follow_up_gives_pdf_and_html(demo):
    plan = (
        Plan.objects.annotate(round_count=Count("rounds"))
        .select_related("organisation")
        .order_by("-round_count", "pk")
        .first()
    )
    followup_round = _round_for(plan, "board")

    pdf, _name = services.document_build(
        plan=plan, kind="board", file_format="pdf", followup_round=followup_round
    )
    html, _name = services.document_build(plan=plan, kind="plan", file_format="html", language="en")

    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2
    page = html.decode("utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert escape(plan.organisation.name) in page
