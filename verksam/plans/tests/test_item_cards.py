"""The item cards made in Python show exactly what the card template shows."""

import datetime
import re

from django.template import engines

from verksam.followup import stored
from verksam.followup.choices import AssessmentState, Rhythm
from verksam.followup.models import Assessment
from verksam.followup.tests.builders import make_round
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Contribution, Tag
from verksam.plans.selectors import plan_tree
from verksam.testing import make_item, make_plan

TEXTS = (
    "{% load i18n %}{% blocktranslate asvar status_in with name=round.name %}Status in "
    "{{ name }}:{% endblocktranslate %}{% translate 'Responsible' as responsible_label %}"
    "{% translate 'Responsible people' as people_label %}{% translate 'Time' as time_label %}"
    "{% translate 'Tags' as tags_label %}"
)


def _collapsed(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def test_it_makes_the_same_cards_as_the_template(personas):
    plan = make_plan(personas.home, title="Antagen plan", status=PlanStatus.ADOPTED)
    followup_round = make_round(
        plan,
        "Helår 2026",
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
        datetime.date(2027, 1, 31),
        rhythm=Rhythm.CUSTOM,
    )
    focus = make_item(
        plan,
        "Läsfrämjande <&>",
        description="Ett långt " * 50,
        responsible_organisation=personas.work_group,
        start_date=datetime.date(2026, 1, 1),
    )
    goal = make_item(plan, "Fler barn läser", parent=focus)
    make_item(plan, "Aktivitet", parent=goal, end_date=datetime.date(2026, 6, 30))
    goal.tags.add(Tag.objects.first())
    goal.responsible_people.add(personas.editor)
    Contribution.objects.create(source=focus, target=personas.published_plan.items.first())
    Assessment.objects.create(
        round=followup_round, item=goal, status="done", state=AssessmentState.APPROVED
    )
    tree = plan_tree(
        personas.reader,
        plan,
        statuses_of=lambda ids: stored.round_statuses(followup_round, ids),
    )
    django = engines["django"]
    context = {"tree": tree, "round": followup_round, "plan": plan}

    by_template = django.from_string(
        TEXTS + '{% for node in tree %}{% include "plans/_item_node.html" %}{% endfor %}'
    ).render(context)
    by_python = django.from_string(TEXTS + "{% load item_cards %}{% item_cards tree %}").render(
        context
    )

    assert "Läsfrämjande &lt;&amp;&gt;" in by_python
    assert f'data-item="{goal.pk}" data-status="met"' in by_python
    assert _collapsed(by_python) == _collapsed(by_template)
