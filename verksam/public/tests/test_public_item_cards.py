"""The public page's item cards made in Python show exactly what the card template shows."""

import datetime
import re

from django.template import engines

from verksam.plans.models import Contribution, Tag
from verksam.public.selectors import public_plan, public_plan_url
from verksam.public.tests.builders import make_published_plan, make_region
from verksam.testing import make_item

TEXTS = (
    "{% load i18n %}{% translate 'Responsible' as responsible_label %}"
    "{% translate 'Time' as time_label %}{% translate 'Tags' as tags_label %}"
    "{% translate 'Contributes to' as contributes_label %}"
    "{% translate 'Contributed to by' as contributors_label %}"
)


def _collapsed(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def test_it_makes_the_same_cards_as_the_template(personas):
    plan = personas.published_plan
    top = plan.items.get(depth=0)
    child = plan.items.get(depth=1)
    activity = make_item(
        plan,
        "Sagostund <för> små & stora",
        parent=child,
        description='Första "stycket" <b>här</b>.\nRad två.\n\nAndra & sista stycket.',
        responsible_organisation=personas.work_group,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 6, 30),
    )
    deepest = make_item(plan, "Fjärde nivån", parent=activity)
    child.tags.add(Tag.objects.first())
    regional = make_published_plan(make_region(), "Regional <plan>")
    target = make_item(regional, "Läsande & lärande")
    Contribution.objects.create(source=deepest, target=target)
    Contribution.objects.create(source=make_item(regional, "Bidrar uppåt"), target=top)
    page = public_plan(plan.pk, today=datetime.date(2099, 1, 1))
    django = engines["django"]
    context = {"public": page}
    by_template = django.from_string(
        TEXTS + '{% for node in public.tree %}{% include "public/_item_node.html" %}{% endfor %}'
    ).render(context)
    by_python = django.from_string(
        TEXTS + "{% load public_tags %}{% public_item_cards public.tree %}"
    ).render(context)

    assert "Sagostund &lt;för&gt; små &amp; stora" in by_python
    assert "<p>Första &quot;stycket&quot; &lt;b&gt;här&lt;/b&gt;.<br>Rad två.</p>" in by_python
    assert "<h6" in by_python
    assert f'href="{public_plan_url(regional)}#item-{target.pk}"' in by_python
    assert "Regional &lt;plan&gt;" in by_python
    assert _collapsed(by_python) == _collapsed(by_template)
