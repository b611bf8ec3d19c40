"""No API route shows anonymous callers or outsiders what they may not see.

The routes are read from the API's own OpenAPI schema, not from a list kept
here, so a new route is requested by this test as soon as it exists. Every
hidden object carries the word HIDDEN in its texts: a draft plan, an adopted
but unpublished plan, their items, rounds and assessments, links to and from
their items, a submitted but not approved assessment of a published plan, a scanning
note not shared, an
indicator of the members' own and measured values no published plan follows, and a
comment on a published item (comments are for members only).
Anonymous callers and the outsider (an editor of another organisation) must never see the word, and
routes with a hidden object's id in the path answer 404; the members of the
organisation see every one of them.
"""

import itertools

import pytest

from verksam.comments.services import comment_create
from verksam.core.api import MAX_ID
from verksam.core.tests.api_support import make_followup
from verksam.followup.models import Assessment
from verksam.followup.tests.builders import make_round
from verksam.indicators.models import Indicator, Measurement
from verksam.lessons.services import lesson_share
from verksam.lessons.tests.builders import make_note
from verksam.planning.models import PlanFollowsModel, PlanningModel
from verksam.planning.services import planning_model_create, planning_step_create
from verksam.plans.models import Contribution, Item
from verksam.resources.models import BudgetLine
from verksam.resources.tests.builders import make_line as make_budget_line
from verksam.resources.tests.builders import make_outcome
from verksam.testing import Personas, make_item

MARK = "HIDDEN"


def _hide(plan, name: str) -> None:
    plan.title = f"{MARK} {name}"
    plan.summary = f"{MARK} summary of {name}"
    plan.save()
    for item in plan.items.all():
        item.title = f"{MARK} {name} item {item.depth}"
        item.save()


@pytest.fixture
def world(personas: Personas) -> dict:
    p = personas
    followup = make_followup(p)
    _hide(p.draft_plan, "draft")
    _hide(p.adopted_unpublished_plan, "unpublished")
    followup.submitted.done = f"{MARK} submitted but not approved"
    followup.submitted.save()

    published_item = p.published_plan.items.get(depth=1)
    draft_item = p.draft_plan.items.get(depth=1)
    unpublished_item = p.adopted_unpublished_plan.items.get(depth=0)
    Contribution.objects.create(source=draft_item, target=published_item)
    Contribution.objects.create(source=published_item, target=unpublished_item)

    draft_round = make_round(p.draft_plan, name=f"{MARK} draft round", is_year_end=True)
    Assessment.objects.create(
        round=draft_round, item=draft_item, status="met", state="approved", done=f"{MARK} approved"
    )
    unpublished_round = make_round(
        p.adopted_unpublished_plan, name=f"{MARK} unpublished round", is_year_end=True
    )
    unpublished_assessment = Assessment.objects.create(
        round=unpublished_round,
        item=unpublished_item,
        status="met",
        state="approved",
        done=f"{MARK} approved of an unpublished plan",
    )
    # Shared as a lesson: still found only by those who may read the plan.
    lesson_share(user=p.editor, assessment=unpublished_assessment)
    # A scanning note not shared: only the members of its organisation read it.
    make_note(p.home, title=f"{MARK} unshared note", text=f"{MARK} läsfrämjandet", shared=False)
    own_indicator = Indicator.objects.create(
        key="EgetIndikator", name=f"{MARK} own indicator", organisation=p.home
    )
    Measurement.objects.create(
        indicator=own_indicator,
        organisation=p.home,
        period_start=p.published_plan.period_start,
        period_end=p.published_plan.period_end,
        value=5,
        note=f"{MARK} measured value",
    )
    # The published plan follows the shared indicator for `home`: that value is
    # published with the plan. The same indicator measured for the work group,
    # which no published plan follows it for, is not.
    Measurement.objects.create(
        indicator=followup.indicator,
        organisation=p.work_group,
        period_start=p.published_plan.period_start,
        period_end=p.published_plan.period_end,
        value=7,
        note=f"{MARK} measured value of a shared indicator that no published plan follows",
    )
    make_item(p.draft_plan, f"{MARK} draft extra item")
    # Budget lines follow their plan; an open round's outcomes are for the plan's members.
    for item in (draft_item, unpublished_item):
        make_budget_line(item, "staff", 1000)
        BudgetLine.objects.filter(item=item).update(note=f"{MARK} budget line")
    make_outcome(draft_round, draft_item, note=f"{MARK} outcome of a draft")
    make_outcome(followup.round, published_item, note=f"{MARK} outcome of an open round")
    # Comments are for the members only, on a published item too.
    comment_create(
        user=p.editor,
        item=p.published_plan.items.get(depth=1),
        body=f"{MARK} comment on a published item",
    )

    # An organisation's own planning model is for its members; so is a draft's progress.
    hidden_model = planning_model_create(
        user=p.editor, organisation=p.home, name=f"{MARK} model", level_names=["Mål"]
    )
    planning_step_create(
        user=p.editor, model=hidden_model, title=f"{MARK} step", question=f"{MARK} question?"
    )
    PlanFollowsModel.objects.create(plan=p.draft_plan, model=hidden_model)
    built_in_model = PlanningModel.objects.built_in().first()
    PlanFollowsModel.objects.create(plan=p.published_plan, model=built_in_model)

    # The register of competence development and staff's proposals are for the members
    # only, also where a training serves an item of a published plan.
    from verksam.competence.tests.builders import make_proposal, make_training

    hidden_training = make_training(
        p.home,
        user=p.editor,
        title=f"{MARK} training",
        provider=f"{MARK} provider",
        participants=[p.reader],
        items=[p.published_plan.items.get(depth=1), p.draft_plan.items.get(depth=1)],
    )
    hidden_proposal = make_proposal(
        p.home, user=p.reader, title=f"{MARK} proposal", goal=p.published_plan.items.get(depth=0)
    )

    hidden_plans = [p.draft_plan.pk, p.adopted_unpublished_plan.pk]
    hidden_items = list(
        Item.objects.filter(plan__in=hidden_plans).order_by("pk").values_list("pk", flat=True)
    )
    return {
        "personas": p,
        "path": {
            "plan_id": (hidden_plans, [p.published_plan.pk]),
            "item_id": (hidden_items, list(p.published_plan.items.values_list("pk", flat=True))),
            "organisation_id": ([], [p.home.pk, p.other.pk]),
            "training_id": ([hidden_training.pk], []),
            "proposal_id": ([hidden_proposal.pk], []),
            "model_id": ([hidden_model.pk], [built_in_model.pk]),
        },
        # Ids that hide what a route shows even for published objects.
        "routes": {
            "/api/v1/items/{item_id}/comments": {
                "item_id": (
                    hidden_items + list(p.published_plan.items.values_list("pk", flat=True)),
                    [],
                )
            },
        },
        "query": {
            "plan": hidden_plans,
            "source_plan": hidden_plans,
            "target_plan": hidden_plans,
            "item": hidden_items,
            "parent": hidden_items,
            "source_item": hidden_items,
            "target_item": hidden_items,
            "round": [draft_round.pk, unpublished_round.pk, followup.round.pk],
            "organisation": [p.home.pk],
            "indicator": [own_indicator.pk, followup.indicator.pk],
            "focus_area": [unpublished_item.pk],
        },
        "markers": [
            "HIDDEN draft",
            "HIDDEN unpublished",
            "HIDDEN submitted but not approved",
            "HIDDEN approved",
            "HIDDEN own indicator",
            "HIDDEN measured value",
            "HIDDEN draft round",
            "HIDDEN training",
            "HIDDEN proposal",
            "HIDDEN comment",
            "HIDDEN unshared note",
            "HIDDEN budget line",
            "HIDDEN outcome",
        ],
    }


def _get_routes(client) -> dict[str, dict]:
    schema = client.get("/api/v1/openapi.json").json()
    routes = {
        path: operations["get"]
        for path, operations in schema["paths"].items()
        if "get" in operations
    }
    assert len(routes) >= 10, "the schema lists the API's read routes"
    return routes


def _parameters(operation: dict, where: str) -> list[dict]:
    return [param for param in operation.get("parameters", []) if param["in"] == where]


def _is_object_id(param: dict) -> bool:
    schema = param["schema"]
    options = schema.get("anyOf", [schema])
    return any(option.get("maximum") == MAX_ID for option in options)


def _requests(route: str, operation: dict, world: dict):
    """(url, query, hides_an_object) for every way of filling the route's path ids, and
    every id filter set to each hidden id."""
    path_params = [param["name"] for param in _parameters(operation, "path")]
    paths = {**world["path"], **world["routes"].get(route, {})}
    unknown = [name for name in path_params if name not in paths]
    assert not unknown, f"{route}: say in `world` which ids to try for {unknown}"
    choices = []
    for name in path_params:
        hidden, shown = paths[name]
        choices.append([(name, pk, True) for pk in hidden] + [(name, pk, False) for pk in shown])
    filters = [param["name"] for param in _parameters(operation, "query") if _is_object_id(param)]
    unknown = [name for name in filters if name not in world["query"]]
    assert not unknown, f"{route}: say in `world` which ids to filter {unknown} by"
    for combination in itertools.product(*choices):
        url = route
        for name, pk, _hidden in combination:
            url = url.replace("{" + name + "}", str(pk))
        hides = any(hidden for _name, _pk, hidden in combination)
        yield url, {}, hides
        if not hides:
            for name in filters:
                for pk in world["query"][name]:
                    yield url, {name: pk}, False


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_it_shows_no_hidden_object_on_any_route(client, world, persona):
    if persona != "anonymous":
        client.force_login(world["personas"].user(persona))
    requested = 0
    for route, operation in _get_routes(client).items():
        for url, query, hides in _requests(route, operation, world):
            response = client.get(url, query)
            requested += 1
            if hides:
                assert response.status_code == 404, (persona, url)
            else:
                assert response.status_code == 200, (persona, url, query, response.content)
            assert MARK not in response.content.decode("utf-8"), (persona, url, query)
    assert requested > 50


@pytest.mark.parametrize("persona", ["reader", "superuser"])
def test_it_shows_the_members_every_hidden_object(client, world, persona):
    client.force_login(world["personas"].user(persona))
    seen = []
    for route, operation in _get_routes(client).items():
        for url, query, _hides in _requests(route, operation, world):
            response = client.get(url, query)
            assert response.status_code == 200, (persona, url, query, response.content)
            seen.append(response.content.decode("utf-8"))
    everything = "\n".join(seen)
    for marker in world["markers"]:
        assert marker in everything, marker


def test_it_answers_404_for_hidden_details_also_with_a_key_of_an_outsider(client, world):
    from verksam.core.tests.api_support import bearer, make_key

    p = world["personas"]
    key = make_key(p.outsider)
    hidden_plans, _shown = world["path"]["plan_id"]
    for plan_id in hidden_plans:
        for suffix in ("", "/download.json", "/download.csv"):
            response = client.get(f"/api/v1/plans/{plan_id}{suffix}", **bearer(key))
            assert response.status_code == 404
    hidden_items, _shown = world["path"]["item_id"]
    for item_id in hidden_items:
        assert client.get(f"/api/v1/items/{item_id}", **bearer(key)).status_code == 404
