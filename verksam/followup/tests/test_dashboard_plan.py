"""A plan's dashboard and its chart images: statuses per round, a round's summary, indicators."""

import datetime
import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.urls import reverse

from verksam.followup.choices import AssessmentState, GoalStatus
from verksam.followup.models import Assessment
from verksam.followup.tests.builders import make_round
from verksam.indicators.models import Target
from verksam.indicators.tests.builders import (
    make_indicator,
    make_item_indicator,
    make_measurement,
)
from verksam.testing import make_item

SVG_NS = "{http://www.w3.org/2000/svg}"


def approve(followup_round, item, status):
    return Assessment.objects.create(
        round=followup_round, item=item, status=status, state=AssessmentState.APPROVED
    )


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def setting(personas):
    """The published plan with two rounds, follow-ups, and an indicator with targets."""
    plan = personas.published_plan
    focus_area = plan.items.get(depth=0)
    goal = plan.items.get(depth=1)
    second = make_item(plan, "Digital delaktighet")
    t1 = make_round(plan, "T1 2025", datetime.date(2025, 1, 1), datetime.date(2025, 4, 30))
    t2 = make_round(plan, "T2 2025", datetime.date(2025, 5, 1), datetime.date(2025, 8, 31))
    approve(t1, focus_area, GoalStatus.MET)
    approve(t1, second, GoalStatus.NOT_MET)
    approve(t2, goal, GoalStatus.PARTLY_MET)  # focus area derived: partly met
    # Not approved: never counted, never shown to the public.
    Assessment.objects.create(
        round=t2, item=second, status=GoalStatus.MET, state=AssessmentState.SUBMITTED
    )
    indicator = make_indicator("Fysiska besök", unit="besök")
    use = make_item_indicator(goal, indicator, baseline=Decimal(98000), baseline_label="2023")
    Target.objects.create(
        item_indicator=use,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        value=Decimal(120000),
    )
    make_measurement(indicator, personas.home, 101234, year=2024)
    make_measurement(indicator, personas.home, 113456, year=2025)
    return plan, focus_area, goal, second, t1, t2, use


def _url(plan, **query):
    url = reverse("dashboards:plan_dashboard", args=[plan.pk])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def _chart_url(plan, name):
    return reverse("dashboards:plan_chart", args=[plan.pk, name])


def test_it_shows_a_published_plan_to_anonymous_visitors(english, setting):
    plan, focus_area, goal, second, t1, t2, use = setting
    response = english.get(_url(plan))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert f"Overview of {plan.title}" in page
    assert "Läsfrämjande" in page and "Digital delaktighet" in page


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_it_hides_a_draft_from_those_outside_the_organisation(client, personas, persona):
    if persona != "anonymous":
        client.force_login(personas.user(persona))
    plan = personas.draft_plan
    make_round(plan, "T1 2026", datetime.date(2026, 1, 1), datetime.date(2026, 4, 30))
    assert client.get(_url(plan)).status_code == 404
    assert client.get(_chart_url(plan, "status")).status_code == 404


@pytest.mark.parametrize("persona", ["reader", "reporter", "editor", "admin", "superuser"])
def test_it_shows_a_draft_to_its_organisation(client, personas, persona):
    client.force_login(personas.user(persona))
    plan = personas.draft_plan
    followup_round = make_round(
        plan, "T1 2026", datetime.date(2026, 1, 1), datetime.date(2026, 4, 30)
    )
    assert client.get(_url(plan)).status_code == 200
    assert client.get(_chart_url(plan, "status")).status_code == 200
    assert client.get(_chart_url(plan, f"summary-{followup_round.pk}")).status_code == 200


def test_it_answers_404_for_a_plan_that_does_not_exist(client, personas):
    assert client.get(reverse("dashboards:plan_dashboard", args=[999999])).status_code == 404


def test_it_tabulates_status_per_item_and_round_in_words_and_symbols(english, setting):
    plan, focus_area, goal, second, t1, t2, use = setting
    page = english.get(_url(plan)).content.decode()
    assert '<h2 id="status-heading">Status per fokusområde and round</h2>' in page
    table = _table_after(page, "Status per fokusområde and round")
    assert _rows(table) == [
        ["Item", "T1 2025", "T2 2025"],
        ["Läsfrämjande", "✓ met", "◐ partly met"],
        # The submitted follow-up in T2 does not count.
        ["Digital delaktighet", "✗ not met", "– not assessed"],
    ]


def test_it_summarises_the_latest_started_round_by_default(english, setting):
    plan, focus_area, goal, second, t1, t2, use = setting
    make_round(plan, "T3 2999", datetime.date(2999, 9, 1), datetime.date(2999, 12, 31))
    page = english.get(_url(plan)).content.decode()
    assert '<h2 id="summary-heading">Status in T2 2025</h2>' in page
    assert f'<option value="{t2.pk}" selected>' in page
    table = _table_after(page, "Fokusområde by status in T2 2025")
    assert _rows(table) == [
        ["Status", "Number"],
        ["✓ met", "0"],
        ["◐ partly met", "1"],
        ["✗ not met", "0"],
        ["– not assessed", "1"],
        ["Total", "2"],
    ]
    assert f'src="{_chart_url(plan, f"summary-{t2.pk}")}"' in page


def test_it_summarises_the_round_asked_for(english, personas, setting):
    plan, focus_area, goal, second, t1, t2, use = setting
    page = english.get(_url(plan, omgang=t1.pk)).content.decode()
    assert f'<option value="{t1.pk}" selected>' in page
    table = _table_after(page, "Fokusområde by status in T1 2025")
    assert ["✓ met", "1"] in _rows(table) and ["✗ not met", "1"] in _rows(table)
    # A round of another plan, or nonsense, gives the default round.
    other = make_round(
        personas.draft_plan, "Annan", datetime.date(2026, 1, 1), datetime.date(2026, 4, 30)
    )
    for wanted in (other.pk, "abc", "none"):
        page = english.get(_url(plan, omgang=wanted)).content.decode()
        assert f'<option value="{t2.pk}" selected>' in page


def test_it_leads_a_round_chosen_with_the_old_parameter_to_omgang(english, setting):
    plan, focus_area, goal, second, t1, t2, use = setting
    response = english.get(_url(plan, round=t1.pk))
    assert response.status_code == 301
    assert response["Location"] == _url(plan, omgang=t1.pk)


def test_it_shows_measured_values_against_targets_to_members(client, personas, setting):
    plan, focus_area, goal, second, t1, t2, use = setting
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    client.force_login(personas.reader)
    page = client.get(_url(plan)).content.decode()
    assert '<h3 id="trend-' in page and "Fysiska besök</h3>" in page
    table = _table_after(page, "Fysiska besök (besök)")
    # Swedish numbers; the headers follow once the lead has translated them.
    assert _rows(table)[1:] == [
        ["2023", "98\xa0000", "–"],  # the baseline
        ["2024", "101\xa0234", "–"],
        ["2025", "113\xa0456", "120\xa0000"],
    ]
    assert f'src="{_chart_url(plan, f"indicator-{use.pk}")}"' in page


def test_it_shows_only_the_baseline_and_targets_to_the_public(english, setting):
    plan, focus_area, goal, second, t1, t2, use = setting
    page = english.get(_url(plan)).content.decode()
    table = _table_after(page, "Fysiska besök (besök)")
    assert _rows(table)[1:] == [["2023", "98,000", "–"], ["2025", "–", "120,000"]]
    assert "113,456" not in page
    assert "Measured values are shown to members of Kalmar stadsbibliotek" in page
    svg = english.get(_chart_url(plan, f"indicator-{use.pk}")).content.decode()
    assert "113,456" not in svg


def test_it_gives_every_chart_a_figure_named_by_its_heading_an_alt_text_and_a_folded_table(
    english, setting
):
    plan, *_rest = setting
    page = english.get(_url(plan)).content.decode()
    images = re.findall(r'<img class="chart__image" src="([^"]+)" alt="([^"]+)">', page)
    assert len(images) == 3  # status, summary, one indicator
    for src, alt in images:
        assert alt.endswith(".")
        response = english.get(src)
        assert response.status_code == 200
    # The heading names each chart once: no caption under the image repeats it.
    assert page.count('<figure class="chart__figure" aria-labelledby="') == 3
    assert page.count("<figcaption") == 0
    # Each table is folded behind "Show as table", never open beside its chart.
    assert page.count('<details class="chart__table">') == 3
    assert page.count('<caption class="visually-hidden">') == 3


def test_it_writes_no_inline_style_or_script(english, setting):
    plan, *_rest = setting
    page = english.get(_url(plan)).content.decode()
    assert "style=" not in page
    assert "<style" not in page
    assert re.search(r"<script(?![^>]*\bsrc=)", page) is None


def test_it_orders_the_headings(english, setting):
    plan, *_rest = setting
    page = english.get(_url(plan)).content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])", page)]
    assert levels[0] == 1
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False))


@pytest.mark.parametrize("name", ["status", "summary", "indicator"])
def test_it_serves_each_chart_as_svg(english, setting, name):
    plan, focus_area, goal, second, t1, t2, use = setting
    chart_name = {
        "status": "status",
        "summary": f"summary-{t1.pk}",
        "indicator": f"indicator-{use.pk}",
    }[name]
    response = english.get(_chart_url(plan, chart_name))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{SVG_NS}svg"
    # The image's own policy allows its inline styles, and nothing else.
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "style-src 'unsafe-inline'" in policy


def test_it_draws_the_status_chart_with_symbols(english, setting):
    plan, *_rest = setting
    svg = english.get(_chart_url(plan, "status")).content.decode()
    assert "<title>Status per fokusområde and round</title>" in svg
    for symbol in ("✓", "◐", "✗", "–"):
        assert f"<!-- {symbol} -->" in svg


def test_it_answers_404_for_charts_that_do_not_exist(client, personas, setting):
    plan, focus_area, goal, second, t1, t2, use = setting
    other_round = make_round(
        personas.draft_plan, "T1 2026", datetime.date(2026, 1, 1), datetime.date(2026, 4, 30)
    )
    other_use = make_item_indicator(personas.draft_plan.items.first(), use.indicator)
    for name in (
        "unknown",
        "summary-",
        "summary-abc",
        f"summary-{other_round.pk}",
        f"indicator-{other_use.pk}",
        "indicator-999999",
        f"status-{t1.pk}",
    ):
        assert client.get(_chart_url(plan, name)).status_code == 404, name


def test_it_says_when_a_plan_has_no_rounds_or_indicators(english, personas):
    page = english.get(_url(personas.published_plan)).content.decode()
    assert "The plan has no follow-up rounds yet." in page
    assert "No indicators are followed on this plan" in page
    svg = english.get(_chart_url(personas.published_plan, "status")).content.decode()
    assert "No statuses yet" in svg


# --- helpers ---


def _table_after(page: str, caption: str) -> str:
    start = page.index(f'<caption class="visually-hidden">{caption}</caption>')
    return page[start : page.index("</table>", start)]


def _rows(table: str) -> list[list[str]]:
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([re.sub(r"<[^>]+>", "", cell).strip() for cell in cells])
    return rows
