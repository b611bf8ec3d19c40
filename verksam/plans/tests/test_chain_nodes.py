"""The chain nodes made in Python show exactly what the node template shows."""

import datetime
import re

from django.template import engines

from verksam.followup.models import Assessment
from verksam.followup.tests.builders import make_round
from verksam.plans.chain import item_trace
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Contribution
from verksam.testing import make_item, make_plan


def _collapsed(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def test_it_makes_the_same_nodes_as_the_template(personas):
    top = make_plan(personas.home, title="Regional plan <&>", status=PlanStatus.ADOPTED)
    middle = make_plan(personas.home, title="Kommunens plan", status=PlanStatus.ADOPTED)
    below = make_plan(personas.home, title="Filialens plan", status=PlanStatus.ADOPTED)
    focus = make_item(top, "Läsfrämjande")
    goal = make_item(middle, "Fler barn läser")
    activity = make_item(below, "Sagostunder & bokprat")
    Contribution.objects.create(source=goal, target=focus)
    Contribution.objects.create(source=activity, target=goal)
    followup_round = make_round(
        middle,
        "T1 <2025>",
        datetime.date(2025, 1, 1),
        datetime.date(2025, 6, 30),
        datetime.date(2025, 7, 15),
    )
    Assessment.objects.create(round=followup_round, item=goal, status="met", state="approved")
    trace = item_trace(personas.reader, focus)
    django = engines["django"]
    context = {"down": trace["down"], "no_round": "ingen omgång"}

    by_template = django.from_string(
        '{% for node in down %}{% include "plans/_chain_node.html" %}{% endfor %}'
    ).render(context)
    by_python = django.from_string("{% load chain_nodes %}{% chain_nodes down %}").render(context)

    assert "Sagostunder &amp; bokprat" in by_python
    assert "ingen omgång" in by_python
    assert 'data-status="met"' in by_python
    assert "T1 &lt;2025&gt;" in by_python
    assert _collapsed(by_python) == _collapsed(by_template)
