"""The main pages and API lists run as many queries on a larger data set as on a small one.

Two synthetic data sets from verksam.demo.generate: one region with two
municipalities, and three regions with five municipalities each, more items per
plan and more years of follow-up and measurements. Each page is asked for about
the same kind of object in both (the largest published plan, the regional plan
and its most linked focus area, the region with the most municipalities), as an
anonymous visitor and as that region's reader, and must run the same number of
SQL queries in both. A page or API list that does not exist fails its test.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from verksam.demo.generate import Scale, generate_dataset
from verksam.organisations.choices import OrganisationKind
from verksam.organisations.models import Organisation
from verksam.plans.choices import PlanKind, PlanStatus
from verksam.plans.models import Item, Plan
from verksam.public.selectors import public_slug

# The mark also makes pytest-django create the test database the module fixture writes to.
pytestmark = pytest.mark.django_db

SMALL = Scale(
    name="small",
    regions=("08",),
    municipalities=(2,),
    units=3,
    items=(8, 10),
    earlier_items=(3, 4),
    focus_areas=2,
    goals_per_focus_area=(1, 2),
    years=3,
)
LARGE = Scale(
    name="large",
    regions=("01", "08", "14"),
    municipalities=(5, 5, 5),
    units=25,
    items=(25, 40),
    earlier_items=(6, 9),
    focus_areas=4,
    goals_per_focus_area=(2, 3),
    years=6,
)

#: Pages by URL name, with the arguments they are given.
PAGES = {
    "plans:plan_detail": "largest_plan",
    "plans:item_trace": "focus_area",
    "plans:plan_coverage": "regional_plan",
    "dashboards:county_overview": "region",
    "dashboards:national_overview": "none",
    "public:plan_detail": "public_plan",
}
#: API lists by path, and whether they are filtered by the largest plan.
API_LISTS = {
    "/api/v1/organisations": False,
    "/api/v1/plans": False,
    "/api/v1/items": True,
    "/api/v1/measurements": False,
    "/api/v1/assessments": True,
}
PERSONAS = ("anonymous", "regional reader")


def choose_targets() -> dict:
    """The region with the most municipalities, its reader, its current regional plan and
    that plan's most linked focus area, and the largest published plan."""
    county = (
        Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
        .values("county_code")
        .annotate(count=Count("id"))
        .order_by("-count", "county_code")
        .first()
    )["county_code"]
    region = Organisation.objects.get(kind=OrganisationKind.REGION, county_code=county)
    regional_plan = Plan.objects.get(
        organisation__parent=region,
        kind=PlanKind.REGIONAL_LIBRARY_PLAN,
        status=PlanStatus.ADOPTED,
    )
    return {
        "region": region,
        "reader": get_user_model().objects.get(username=f"region-{county}-reader"),
        "regional_plan": regional_plan,
        "focus_area": Item.objects.filter(plan=regional_plan, depth=0)
        .annotate(count=Count("incoming_contributions"))
        .order_by("-count", "position")
        .first(),
        "largest_plan": Plan.objects.filter(status=PlanStatus.ADOPTED, is_published=True)
        .annotate(count=Count("items"))
        .order_by("-count", "title")
        .first(),
    }


def page_url(name: str, arguments: str, targets: dict) -> str:
    plan, regional_plan = targets["largest_plan"], targets["regional_plan"]
    if arguments == "largest_plan":
        return reverse(name, args=[plan.pk])
    if arguments == "regional_plan":
        return reverse(name, args=[regional_plan.pk])
    if arguments == "focus_area":
        return reverse(name, args=[regional_plan.pk, targets["focus_area"].pk])
    if arguments == "region":
        return reverse(name, kwargs={"pk": targets["region"].pk})
    if arguments == "public_plan":
        return reverse(name, kwargs={"pk": plan.pk, "slug": public_slug(plan.title)})
    return reverse(name)


def api_url(path: str, by_plan: bool, targets: dict) -> str | None:
    for candidate in (path, f"{path}/"):
        try:
            resolve(candidate)
        except Resolver404:
            continue
        return f"{candidate}?plan={targets['largest_plan'].pk}" if by_plan else candidate
    return None


def count_queries(client: Client, url: str) -> tuple[int, int]:
    """(status, queries) of a request, after one request that fills any caches; a redirect
    within the site (a page's canonical address) is followed first."""
    response = client.get(url)
    if response.status_code in (301, 302) and response["Location"].startswith("/"):
        url = response["Location"]
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries.captured_queries)


def measure_data_set(scale: Scale) -> dict:
    """Generate the data set, count every page's queries for both personas, roll back."""
    results: dict = {}
    with transaction.atomic():
        generate_dataset(scale, 1)
        targets = choose_targets()
        reader = Client()
        reader.force_login(targets["reader"])
        clients = {"anonymous": Client(), "regional reader": reader}
        urls: dict[str, str | None] = {}
        for name, arguments in PAGES.items():
            try:
                urls[name] = page_url(name, arguments, targets)
            except NoReverseMatch:
                urls[name] = None
        for path, by_plan in API_LISTS.items():
            urls[path] = api_url(path, by_plan, targets)
        for page, url in urls.items():
            for persona, client in clients.items():
                results[page, persona] = None if url is None else count_queries(client, url)
        transaction.set_rollback(True)
    return results


@pytest.fixture(scope="module")
def query_counts(django_db_setup, django_db_blocker) -> dict:
    """The (status, queries) of every page and persona on the small and the large data set."""
    with django_db_blocker.unblock():
        # Never write the data sets into a developer's own database.
        name = str(connection.settings_dict["NAME"])
        assert "memory" in name or "test" in name, name
        return {"small": measure_data_set(SMALL), "large": measure_data_set(LARGE)}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", [*PAGES, *API_LISTS])
def test_it_runs_as_many_queries_on_more_data(query_counts, page, persona):
    small = query_counts["small"][page, persona]
    large = query_counts["large"][page, persona]

    assert small is not None, f"{page} does not exist (no URL of that name or path)"
    assert small[0] < 500 and large[0] < 500, f"{page} answered {small[0]} and {large[0]}"
    assert small[0] == large[0]
    assert large[1] == small[1], (
        f"{page} as {persona}: {small[1]} queries on the small data set, "
        f"{large[1]} on the large one"
    )
