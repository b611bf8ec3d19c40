"""An editor reads in a plan document (a DOCX and a PDF), corrects the structure found
in the review, and finds exactly the corrected tree on the new plan's page."""

from pathlib import Path

import pytest
from django.urls import reverse

from verksam.core.tests.browser.support import log_in
from verksam.plans.models import Plan

CORPUS = Path(__file__).resolve().parents[3] / "plans" / "tests" / "reading_corpus" / "documents"

# The live server answers from another thread, so what a test builds must be committed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

#: The tree on the plan page: each item's depth and title, in order.
PLAN_TREE = """() => [...document.querySelectorAll("#item-tree li.tree__item")].map(li => [
  Number([...li.classList].find(c => c.startsWith("tree__item--depth-")).split("-").pop()),
  li.querySelector(".item-card__title").innerText.trim(),
])"""


def read_in(page, organisation, document: str) -> None:
    page.goto(reverse("plans:plan_reading_upload", args=[organisation.pk]))
    page.locator("input[name=file]").set_input_files(str(CORPUS / document))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/inlasning/**")


def correct(page, action: str) -> None:
    """Press one item's correction button and wait for the review to come back."""
    with page.expect_navigation():
        page.locator(f"button[name=action][value='{action}']").click()


def create(page) -> None:
    with page.expect_navigation():
        page.locator("button[name=action][value=create]").click()


@pytest.mark.parametrize(
    ("document", "period", "expected"),
    [
        (
            "seed_kalmar_uppdrag.docx",
            ("2025", "2028"),
            [
                [0, "Läsfrämjande och språklig mångfald"],
                [0, "Digital delaktighet och digital omvandling"],
                [1, "Tillgänglighet"],
            ],
        ),
        (
            "kb_nationell_biblioteksstrategi.pdf",
            None,
            [
                [0, "Ett biblioteksväsende som är tillgängligt och relevant för alla"],
                [1, "Ett biblioteksväsende som bidrar till och följer samhällets utveckling"],
            ],
        ),
    ],
)
def test_it_creates_the_corrected_tree_from_a_document(page, personas, document, period, expected):
    plans = set(Plan.objects.values_list("pk", flat=True))
    log_in(page, personas.editor)
    read_in(page, personas.home, document)
    assert set(Plan.objects.values_list("pk", flat=True)) == plans
    # On a phone the review fits the screen: no sideways scrolling.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The reader finds four (DOCX) or three (PDF) top-level items; the third is demoted
    # (DOCX) or the second (PDF), and the last one is dropped.
    if document.endswith(".docx"):
        correct(page, "demote:2")
        correct(page, "drop:3")
    else:
        correct(page, "demote:1")
        correct(page, "drop:2")
    if period is not None:
        page.locator("#id_period_start").fill(period[0])
        page.locator("#id_period_end").fill(period[1])
    create(page)

    (new,) = set(Plan.objects.values_list("pk", flat=True)) - plans
    plan = Plan.objects.get(pk=new)
    assert page.url.endswith(plan.get_absolute_url())
    assert page.evaluate(PLAN_TREE) == expected
    assert page.locator(f"a[href='{reverse('plans:plan_source_download', args=[new])}']").count()
