"""The public page's follow-up rows made in Python show exactly what their template showed."""

import datetime
import re
from pathlib import Path

from django.template import engines
from django.utils import translation

from verksam.followup.tests.builders import make_round
from verksam.public.selectors import public_plan
from verksam.public.tests.builders import make_assessment
from verksam.testing import make_item

#: The rows as the page's template rendered them, one loop over the round's rows.
ROWS_TEMPLATE = (Path(__file__).parent / "followup_rows_reference.html").read_text()


def _collapsed(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def test_it_makes_the_same_rows_as_the_template(personas):
    plan = personas.published_plan
    top = plan.items.get(depth=0)
    child = plan.items.get(depth=1)
    activity = make_item(plan, "Sagostund <för> små & stora", parent=child)
    make_item(plan, "Utan uppföljning", parent=child)
    followup_round = make_round(plan, "Helår 2025")
    make_assessment(
        followup_round,
        child,
        done='Vi läste "högt" <b>i</b> alla skolor.\nOch på biblioteket.',
        results="Bra & mer.\r\nÄnnu bättre.",
    )
    make_assessment(followup_round, activity, status="ongoing", progress=1250, done="Hälften.")
    make_assessment(followup_round, top, status="not_met", state="submitted", done="Utkast.")
    page = public_plan(plan.pk, today=datetime.date(2099, 1, 1))
    entry = page.rounds[0]
    django = engines["django"]
    for language in ("sv", "en"):
        with translation.override(language):
            by_template = django.from_string(ROWS_TEMPLATE).render({"entry": entry})
            by_python = django.from_string(
                "{% load public_tags %}{% public_followup_rows entry %}"
            ).render({"entry": entry})
        assert "Sagostund &lt;för&gt; små &amp; stora" in by_python
        assert "Vi läste &quot;högt&quot; &lt;b&gt;i&lt;/b&gt; alla skolor.<br>Och" in by_python
        assert "Utkast." not in by_python  # a submitted follow-up is not public
        assert _collapsed(by_python) == _collapsed(by_template)
