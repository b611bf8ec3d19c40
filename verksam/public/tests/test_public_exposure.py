"""Nothing that is not public appears on any public page, whoever asks.

Every URL pattern of the `public` namespace is read from the URLconf, so a new
public page is covered without changing this test; its arguments are filled
from a data set that holds drafts, adopted but unpublished plans, links from
published to unpublished plans and back, related plans that are hidden, and
follow-up that is not approved. A new kind of URL argument makes the test fail
until it is given values below.
"""

import itertools

import pytest
from django.urls import URLResolver, get_resolver, reverse

from verksam.followup.tests.builders import make_round
from verksam.plans.models import Contribution, Decision, Plan, PlanSection
from verksam.public.selectors import COUNTY_BY_CODE, public_plan_url, public_slug
from verksam.public.tests.builders import (
    make_assessment,
    make_municipality,
    make_published_plan,
    make_region,
)
from verksam.testing import make_item, make_plan

#: Every hidden text carries this marker, so that no public page may show it.
SECRET = "HEMLIG"


def _public_patterns() -> list[tuple[str, list[str]]]:
    """(URL name, argument names) of every pattern in the `public` namespace."""
    found = []
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == "public":
            for inner in pattern.url_patterns:
                found.append((f"public:{inner.name}", sorted(inner.pattern.converters)))
    return found


def _hidden_plan(organisation, title: str, **fields) -> Plan:
    plan = make_plan(organisation, title=f"{SECRET} {title}", **fields)
    item = make_item(plan, f"{SECRET} punkt i {title}")
    make_item(plan, f"{SECRET} underpunkt i {title}", parent=item)
    PlanSection.objects.create(plan=plan, title=f"{SECRET} avsnitt", body=f"{SECRET} text")
    Decision.objects.create(
        plan=plan, body=f"{SECRET} nämnd", decided_on=plan.period_start, case_number=SECRET
    )
    return plan


@pytest.fixture
def exposure(personas):
    """The personas' plans and more: hidden and public plans, linked every way."""
    region = make_region()
    uppsala = make_municipality("0380", "Uppsala kommun")
    public_regional = make_published_plan(region, "Regional biblioteksplan för Kalmar län")
    public_item = make_item(public_regional, "Läsfrämjande i länet")
    public_child = make_item(public_regional, "Fler läsombud", parent=public_item)

    draft = _hidden_plan(region, "utkast till regional plan")
    unpublished = _hidden_plan(region, "antagen men opublicerad", status="adopted")
    uppsala_unpublished = _hidden_plan(uppsala, "Uppsalas plan", status="adopted")
    _hidden_plan(personas.home, "arkiverad opublicerad", status="archived")

    # Links from the public plan to hidden plans, and from hidden plans to it.
    for hidden in (draft, unpublished, uppsala_unpublished):
        hidden_item = hidden.items.get(depth=0)
        Contribution.objects.create(source=public_child, target=hidden_item)
        Contribution.objects.create(source=hidden_item, target=public_item)
        Contribution.objects.create(
            source=hidden.items.get(depth=1), target=personas.published_plan.items.get(depth=1)
        )
    public_regional.derived_from.add(unpublished)
    draft.derived_from.add(public_regional)
    personas.published_plan.previous_version = unpublished
    personas.published_plan.save()
    draft.previous_version = public_regional
    draft.save()

    # Follow-up: approved, and every state that is not.
    followup_round = make_round(public_regional, "Helår")
    make_assessment(
        followup_round, public_item, done="Godkänt arbete", reviewer_comment=f"{SECRET} kommentar"
    )
    for state in ("draft", "submitted", "returned"):
        make_assessment(
            followup_round,
            public_child if state == "draft" else make_item(public_regional, f"Punkt {state}"),
            state=state,
            status="not_met",
            done=f"{SECRET} {state} gjort",
            results=f"{SECRET} {state} resultat",
        )
    hidden_round = make_round(unpublished, f"{SECRET} omgång")
    make_assessment(hidden_round, unpublished.items.get(depth=0), done=f"{SECRET} godkänt")
    return personas


def _argument_values(name: str) -> list:
    plans = list(Plan.objects.order_by("pk"))
    values = {
        "county_slug": [county.slug for county in COUNTY_BY_CODE.values()],
        "municipality_slug": ["kalmar", "uppsala"],
        "pk": [plan.pk for plan in plans],
        "slug": [public_slug(plan.title) for plan in plans],
    }
    assert name in values, f"Give the public URL argument {name!r} values in this test."
    return values[name]


def _urls(url_name: str, arguments: list[str]) -> list[str]:
    if {"pk", "slug"} <= set(arguments):
        # A plan's page: each plan with its own slug and with a wrong one.
        others = [a for a in arguments if a not in {"pk", "slug"}]
        combos = itertools.product(*(_argument_values(a) for a in others))
        pairs = list(zip(_argument_values("pk"), _argument_values("slug"), strict=True))
        return [
            reverse(
                url_name, kwargs={**dict(zip(others, combo, strict=True)), "pk": pk, "slug": slug}
            )
            for combo in combos
            for pk, real in pairs
            for slug in (real, "fel")
        ]
    combos = itertools.product(*(_argument_values(a) for a in arguments))
    return [reverse(url_name, kwargs=dict(zip(arguments, combo, strict=True))) for combo in combos]


def test_it_covers_every_public_page():
    names = {name for name, _arguments in _public_patterns()}
    assert {
        "public:region_list",
        "public:region_detail",
        "public:municipality_detail",
        "public:plan_detail",
        "public:accessibility_statement",
    } <= names


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "admin"])
def test_it_shows_nothing_hidden_on_any_public_page(client, exposure, persona):
    if persona != "anonymous":
        client.force_login(exposure.user(persona))
    hidden = [plan for plan in Plan.objects.all() if not plan.is_publicly_visible]
    hidden_titles = [plan.title for plan in hidden]
    hidden_urls = [public_plan_url(plan) for plan in hidden]
    assert len(hidden) >= 7
    shown = 0
    for url_name, arguments in _public_patterns():
        for url in _urls(url_name, arguments):
            response = client.get(url, follow=True)
            assert response.status_code in (200, 404), url
            if response.status_code == 404:
                continue
            shown += 1
            content = response.content.decode()
            assert SECRET not in content, url
            for title, hidden_url in zip(hidden_titles, hidden_urls, strict=True):
                assert title not in content, (url, title)
                assert hidden_url not in content, (url, hidden_url)
    assert shown >= 5


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "admin"])
def test_it_answers_404_for_every_hidden_plan(client, exposure, persona):
    if persona != "anonymous":
        client.force_login(exposure.user(persona))
    for plan in Plan.objects.all():
        status = client.get(public_plan_url(plan)).status_code
        assert status == (200 if plan.is_publicly_visible else 404), plan.title


def test_it_counts_only_public_plans(client, exposure):
    listing = client.get(reverse("public:region_list")).context["listing"]
    counts = {row.county.code: row.plan_count for row in listing.counties}
    # Kalmar län: the public regional plan and the home library's published plan.
    assert counts == {"08": 2}
    county = client.get(reverse("public:region_detail", args=["kalmar-lan"])).context["page"]
    assert [m.plan_count for m in county.municipalities] == [1]
