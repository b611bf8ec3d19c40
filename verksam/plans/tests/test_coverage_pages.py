"""The coverage page lists the items contributing to nothing a page of plans at a time."""

from django.urls import reverse

from verksam.plans.chain import COVERAGE_PLANS_PER_PAGE
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Contribution
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


def test_it_counts_an_item_as_covered_only_by_plans_the_reader_may_read(client, personas):
    top = make_plan(
        personas.municipality, title="Kommunens plan", status=PlanStatus.ADOPTED, is_published=True
    )
    goal = make_item(top, "Fler barn läser")
    # A draft of `home`: its members read it, a member of another organisation does not.
    draft = make_plan(personas.home, title="Aktivitetsplan")
    Contribution.objects.create(source=make_item(draft, "Sagostund"), target=goal)
    url = reverse("plans:plan_coverage", args=[top.pk])

    client.force_login(personas.reader)
    member_sees = client.get(url)
    client.force_login(personas.outsider)
    outsider_sees = client.get(url)

    assert member_sees.context["uncovered"] == []
    assert member_sees.context["related_plans"] == [draft]
    assert [item.title for item in outsider_sees.context["uncovered"]] == ["Fler barn läser"]
    assert outsider_sees.context["related_plans"] == []
    assert "Sagostund" not in outsider_sees.content.decode()
