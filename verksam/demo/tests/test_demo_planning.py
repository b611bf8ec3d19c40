"""The demo shows a plan half written by Stockholm City Library's planning model."""

import datetime

from verksam.demo.planning import demo_planning_load
from verksam.demo.services import demo_load
from verksam.planning.models import PlanFollowsModel
from verksam.planning.selectors import plan_progress


def test_it_writes_the_first_four_steps_once(db):
    today = datetime.date(2026, 5, 1)
    demo_load(today=today)
    demo_planning_load(today=today)
    demo_planning_load(today=today)
    choice = PlanFollowsModel.objects.select_related("plan").get()
    assert choice.plan.organisation.name == "Stockholms stadsbibliotek"
    assert choice.plan.is_draft and "demo" in choice.plan.title
    progress = plan_progress(choice.plan)
    assert [entry.is_complete for entry in progress.steps] == [True] * 4 + [False] * 4
    assert progress.next_step.step.title == "Internt perspektiv: personal och kompetens"
