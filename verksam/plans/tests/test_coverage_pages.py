"""The coverage page lists the items contributing to nothing a page of plans at a time."""

from django.urls import reverse

from verksam.plans.chain import COVERAGE_PLANS_PER_PAGE
from verksam.plans.choices import PlanStatus
from verksam.testing import make_item, make_plan


def test_it_pages_the_items_contributing_to_nothing_by_plan(client, personas):
    top = make_plan(personas.home, title="Kommunens plan", status=PlanStatus.ADOPTED)
    make_item(top, "Läsfrämjande")
    for n in range(COVERAGE_PLANS_PER_PAGE + 2):
        below = make_plan(personas.home, title=f"Filial {n:02d}", status=PlanStatus.ADOPTED)
        below.derived_from.add(top)
        make_item(below, f"Aktivitet {n:02d}")
    client.force_login(personas.reader)
    url = reverse("plans:plan_coverage", args=[top.pk])

    first = client.get(url)
    second = client.get(url, {"sida": 2})

    assert len(first.context["unlinked"]) == COVERAGE_PLANS_PER_PAGE
    assert [row.plan.title for row in second.context["unlinked"]] == [
        f"Filial {n:02d}" for n in range(COVERAGE_PLANS_PER_PAGE, COVERAGE_PLANS_PER_PAGE + 2)
    ]
    assert len(second.context["related_plans"]) == COVERAGE_PLANS_PER_PAGE + 2
    assert 'href="?sida=2" rel="next"' in first.content.decode()
    row = second.context["unlinked"][0]
    assert row.item.url == reverse("plans:item_detail", args=[row.plan.pk, row.item.pk])
