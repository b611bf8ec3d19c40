"""The coverage page lists the items contributing to nothing a page at a time."""

from django.urls import reverse

from verksam.plans.chain import COVERAGE_ROWS_PER_PAGE
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Item
from verksam.testing import make_item, make_plan


def test_it_pages_the_items_contributing_to_nothing(client, personas):
    top = make_plan(personas.home, title="Kommunens plan", status=PlanStatus.ADOPTED)
    below = make_plan(personas.home, title="Filialens plan", status=PlanStatus.ADOPTED)
    below.derived_from.add(top)
    make_item(top, "Läsfrämjande")
    Item.objects.bulk_create(
        Item(plan=below, title=f"Aktivitet {n:03d}", depth=0, position=n)
        for n in range(COVERAGE_ROWS_PER_PAGE + 5)
    )
    client.force_login(personas.reader)
    url = reverse("plans:plan_coverage", args=[top.pk])

    first = client.get(url)
    second = client.get(url, {"sida": 2})

    assert len(first.context["unlinked"]) == COVERAGE_ROWS_PER_PAGE
    assert [row.item.title for row in second.context["unlinked"]] == [
        f"Aktivitet {n:03d}" for n in range(COVERAGE_ROWS_PER_PAGE, COVERAGE_ROWS_PER_PAGE + 5)
    ]
    assert 'href="?sida=2" rel="next"' in first.content.decode()
    assert second.context["unlinked"][0].item.url == reverse(
        "plans:item_detail", args=[below.pk, second.context["unlinked"][0].item.pk]
    )
