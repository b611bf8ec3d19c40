"""What each kind of document says, in Swedish and English, and in how many queries."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from verksam.documents.builders import build_document, default_round, kinds_for
from verksam.documents.content import (
    DocumentContent,
    FactList,
    Figure,
    Heading,
    Paragraph,
    StatusLine,
    Table,
)
from verksam.documents.formatting import (
    format_date,
    format_number,
    format_percent,
    period_text,
    shorten,
)
from verksam.documents.tests.factories import (
    DECISION_BODY,
    make_report_plan,
    yearly_target,
    yearly_value,
)
from verksam.followup.choices import AssessmentState, GoalStatus
from verksam.followup.models import Assessment
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Plan
from verksam.testing import make_item, make_plan

pytestmark = pytest.mark.django_db

NBSP = "\xa0"
FIRST_YEAR = 2022  # the first year the factories' indicators are measured, for a 2025 plan


def strings(content: DocumentContent) -> list[str]:
    """Every text of a document: its front page, headings, paragraphs, facts and table cells."""
    page = content.front_page
    found = [page.organisation, page.title, page.kind_label, page.subtitle, page.case_number]
    found += [f"{fact.label}: {fact.value}" for fact in page.facts]
    for block in content.blocks:
        if isinstance(block, Heading | Paragraph):
            found.append(block.text)
        elif isinstance(block, StatusLine):
            found += [block.label, block.text, block.note]
        elif isinstance(block, FactList):
            found += [f"{fact.label}: {fact.value}" for fact in block.facts]
        elif isinstance(block, Table | Figure):
            table = block if isinstance(block, Table) else block.table
            found += [table.caption, *table.header, *(cell for row in table.rows for cell in row)]
            if isinstance(block, Figure):
                found.append(block.caption)
    return found


def text_of(content: DocumentContent) -> str:
    return "\n".join(strings(content))


def headings(content: DocumentContent) -> list[tuple[int, str]]:
    return [(heading.level, heading.text) for heading in content.headings()]


def tables(content: DocumentContent) -> list[Table]:
    return [block for block in content.blocks if isinstance(block, Table)]


def figures(content: DocumentContent) -> list[Figure]:
    return [block for block in content.blocks if isinstance(block, Figure)]


def fresh(plan: Plan) -> Plan:
    return Plan.objects.get(pk=plan.pk)


@pytest.fixture
def report(personas):
    """A 2025 plan of the library with 12 items, 3 indicators and the rounds T1, T2, Helår."""
    plan, rounds = make_report_plan(organisation=personas.home)
    return plan, rounds


def build(plan, kind, followup_round=None, user=None, language="sv") -> DocumentContent:
    with translation.override(language):
        return build_document(plan=plan, kind=kind, followup_round=followup_round, user=user)


# --- Formats -------------------------------------------------------------------------------


def test_it_writes_swedish_numbers_with_a_non_breaking_space_and_a_decimal_comma():
    with translation.override("sv"):
        assert format_number(Decimal("1234.5"), 1) == f"1{NBSP}234,5"
        assert format_number(Decimal("1234567"), 0) == f"1{NBSP}234{NBSP}567"
        assert format_number(Decimal("0.25"), 1) == "0,3"  # half up, not to even
        assert format_number(None) == "–"
    with translation.override("en"):
        assert format_number(Decimal("1234.5"), 1) == "1,234.5"
        assert format_number(1234567) == "1,234,567"


def test_it_writes_dates_with_the_month_in_words():
    day = datetime.date(2026, 11, 22)

    with translation.override("sv"):
        assert format_date(day) == "22 november 2026"
    with translation.override("en"):
        assert format_date(day) == "22 November 2026"
    assert format_date(None) == ""


def test_it_writes_periods_and_percentages():
    with translation.override("sv"):
        assert period_text(datetime.date(2025, 1, 1), datetime.date(2028, 12, 31)) == "2025–2028"
        assert (
            period_text(datetime.date(2025, 3, 1), datetime.date(2025, 6, 30))
            == "1 mars 2025 – 30 juni 2025"
        )
        assert format_percent(60).startswith("60")
    with translation.override("en"):
        assert format_percent(60) == "60%"


def test_it_shortens_a_long_text_at_the_end_of_a_sentence():
    text = "Det här är en mening om läsning. " * 40

    short = shorten(text, 600)

    assert len(short) <= 602
    assert short.endswith("läsning. …")
    assert shorten("Kort text.\n\nMed två stycken.", 600) == "Kort text. Med två stycken."


# --- Which documents, for which round ------------------------------------------------------


def test_it_offers_the_reports_only_for_plans_with_rounds(personas, report):
    plan, _rounds = report

    assert kinds_for(personas.draft_plan) == ["plan"]
    assert kinds_for(plan) == ["plan", "interim", "annual", "board"]


def test_it_chooses_the_latest_ended_round_and_for_the_annual_report_the_year_end(personas):
    plan, rounds = make_report_plan(organisation=personas.home, rounds=6)
    t1_2025, _t2, year_2025, t1_2026, t2_2026, year_2026 = rounds

    def chosen(kind: str, today: datetime.date):
        return default_round(plan, kind, today=today)

    june_2026 = datetime.date(2026, 6, 1)
    assert chosen("plan", june_2026) is None
    assert chosen("interim", june_2026) == t1_2026
    assert chosen("board", datetime.date(2026, 9, 2)) == t2_2026
    assert chosen("annual", june_2026) == year_2025
    assert chosen("annual", datetime.date(2027, 1, 10)) == year_2026
    assert chosen("board", datetime.date(2027, 1, 10)) == year_2026
    assert chosen("interim", datetime.date(2027, 1, 10)) == t2_2026
    # Before any round has ended: the one in progress, T1 rather than the whole year.
    assert chosen("interim", datetime.date(2025, 2, 1)) == t1_2025
    assert chosen("annual", datetime.date(2025, 2, 1)) == year_2025
    assert chosen("interim", datetime.date(2020, 1, 1)) == t1_2025


# --- Refusals ------------------------------------------------------------------------------


def test_it_refuses_a_report_without_a_round(report):
    plan, _rounds = report

    with translation.override("en"), pytest.raises(ValidationError) as error:
        build_document(plan=plan, kind="interim")

    assert list(error.value.error_dict) == ["followup_round"]
    assert "follow-up round" in error.value.error_dict["followup_round"][0].message


def test_it_refuses_a_round_of_another_plan(personas, report):
    plan, _rounds = report
    _other_plan, other_rounds = make_report_plan(organisation=personas.other)

    with pytest.raises(ValidationError) as error:
        build_document(plan=plan, kind="board", followup_round=other_rounds[0])

    assert list(error.value.error_dict) == ["followup_round"]
    assert other_rounds[0].name in error.value.error_dict["followup_round"][0].message


def test_it_refuses_an_unknown_kind_and_a_round_for_the_plan_document(report):
    plan, rounds = report

    with pytest.raises(ValidationError) as unknown:
        build_document(plan=plan, kind="minutes")
    with pytest.raises(ValidationError) as with_round:
        build_document(plan=plan, kind="plan", followup_round=rounds[0])

    assert list(unknown.value.error_dict) == ["kind"]
    assert "minutes" in unknown.value.error_dict["kind"][0].message
    assert list(with_round.value.error_dict) == ["followup_round"]


# --- The plan document ---------------------------------------------------------------------


def test_the_plan_document_has_the_front_page_sections_and_the_item_tree(personas, report):
    plan, _rounds = report

    content = build(plan, "plan", user=personas.reader)

    page = content.front_page
    assert content.kind == "plan" and content.language == "sv"
    assert page.organisation == "Kalmar stadsbibliotek"
    assert page.title == "Verksamhetsplan 2025"
    assert page.kind_label == "Verksamhetsplan"
    assert page.case_number == "KN 2024/0123"
    facts = {fact.label: fact.value for fact in page.facts}
    assert facts["Period"] == "2025"
    assert "Antagen" in facts.values()
    assert any(DECISION_BODY in v and "28 november 2024" in v for v in facts.values())
    assert "KN 2024/0123" in facts.values()
    assert page.generated_on
    assert content.header_text == "Kalmar stadsbibliotek – Verksamhetsplan 2025"
    found = headings(content)
    assert found[:2] == [(1, "Inledning"), (1, "Vision")]
    assert (1, "Fokusområde: Fokusområde 1") in found
    assert (2, "Mål: Mål 1") in found
    assert (3, "Aktivitet: Aktivitet 1") in found
    text = text_of(content)
    assert "Ett bibliotek för alla." in text
    assert "Beskrivning av fokusområde 1." in text
    assert "Ansvarig: Kalmar stadsbibliotek" in text
    assert "Ansvariga personer: Anna Berg" in text
    assert "Startdatum: 1 januari 2025" in text
    assert "barn och unga" in text


def test_the_plan_document_lists_indicators_with_baseline_and_targets_in_swedish(report):
    plan, _rounds = report

    content = build(plan, "plan")

    table = next(t for t in tables(content) if "Indikator 1" in t.rows[0][0])
    assert table.header == ["Indikator", "Utgångsvärde", "Period", "Målvärde"]
    target_2025 = format_swedish(yearly_target(1, 2025, FIRST_YEAR), 1)
    assert ["Indikator 1 (besök)", f"1{NBSP}234,0 (2022)", "2025", target_2025] in table.rows
    assert ["Indikator 1 (besök)", f"1{NBSP}234,0 (2022)", "T1 2025", "1\xa0578,5"] in table.rows
    assert table.numeric == [1, 3]


def format_swedish(value: Decimal, decimals: int) -> str:
    with translation.override("sv"):
        return format_number(value, decimals)


def test_it_puts_items_below_the_third_level_in_emphasised_paragraphs(personas):
    plan = make_plan(personas.home, level_names=["A", "B", "C", "D"])
    a = make_item(plan, "Ett")
    d = make_item(
        plan, "Fyra", parent=make_item(plan, "Tre", parent=make_item(plan, "Två", parent=a))
    )

    content = build(plan, "plan")

    assert (3, "C: Tre") in headings(content)
    assert d.depth == 3
    assert Paragraph("D: Fyra", style="lead") in content.blocks
    assert content.front_page.case_number == ""


# --- The tertial report --------------------------------------------------------------------


def test_the_tertial_report_summarises_then_follows_up_every_item(personas, report):
    plan, rounds = report
    t1 = rounds[0]

    content = build(plan, "interim", t1, user=personas.editor)

    page = content.front_page
    assert page.title == f"{gettext_sv('Tertial report')} T1 2025"
    assert page.subtitle == "Verksamhetsplan 2025"
    assert page.case_number == "KN 2024/0123"
    assert headings(content)[0] == (1, "Sammanfattning")
    summary = tables(content)[0]
    assert summary.header == ["Fokusområde", "Status"]
    assert summary.status_columns == [1]
    assert [row[0] for row in summary.rows] == ["Fokusområde 1", "Fokusområde 2", "Fokusområde 3"]
    assert summary.rows[0][1] == "✓ uppfyllt"  # its own approved assessment, met
    chart = content.blocks[4]
    assert isinstance(chart, Figure)
    assert chart.png is None and chart.svg is None  # drawn only when a renderer asks
    assert chart.png_image().startswith(b"\x89PNG")
    assert "<svg" in chart.svg_image()
    assert chart.table.rows[0] == ["✓ uppfyllt", "1"]  # Fokusområde 1; 3 is not met
    lines = [b for b in content.blocks if isinstance(b, StatusLine)]
    assert len(lines) == plan.items.count()
    assert lines[0].label == "Status i T1 2025"
    assert all(line.text[0] in "✓◐✗–" for line in lines)
    text = text_of(content)
    assert "Vad som gjorts: Gjort för Fokusområde 1 i T1 2025." in text
    assert "Resultat och analys: Resultat för Mål 1 i T1 2025." in text
    assert "Förbättringar och nästa steg: Förbättring för Fokusområde 1 efter T1 2025." in text
    assert "Prognos för helåret: ✓ uppfyllt" in text


def gettext_sv(message: str) -> str:
    with translation.override("sv"):
        return gettext(message)


def test_the_tertial_report_shows_unapproved_follow_up_only_to_members(personas, report):
    plan, rounds = report
    t1 = rounds[0]
    submitted = Assessment.objects.get(round=t1, item__title="Fokusområde 2")
    assert submitted.state == AssessmentState.SUBMITTED

    for_editor = text_of(build(plan, "interim", t1, user=personas.editor))
    for_outsider = text_of(build(plan, "interim", t1, user=personas.outsider))
    by_verksam = text_of(build(plan, "interim", t1))

    marker = gettext_sv("Not yet approved (%(state)s): this follow-up may still change.") % {
        "state": "inlämnad"
    }
    assert "Gjort för Fokusområde 2 i T1 2025." in for_editor
    assert marker in for_editor
    assert "Gjort för Fokusområde 2 i T1 2025." not in for_outsider
    assert "Gjort för Fokusområde 2 i T1 2025." not in by_verksam
    assert "Gjort för Fokusområde 1 i T1 2025." in for_outsider


def test_the_tertial_report_gives_indicator_values_against_targets_with_charts(personas, report):
    plan, rounds = report
    t1 = rounds[0]

    content = build(plan, "interim", t1, user=personas.reader)

    table = next(t for t in tables(content) if "Uppmätt värde" in t.header)
    assert table.header == [
        "Indikator",
        "Utgångsvärde",
        "Period",
        "Målvärde",
        "Uppmätt värde",
        "Status",
    ]
    measured = yearly_value(1, 2025, FIRST_YEAR)  # the year's value, and a third each tertial
    row = table.rows[0]
    assert row[:4] == ["Indikator 1 (besök)", f"1{NBSP}234,0 (2022)", "T1 2025", f"1{NBSP}578,5"]
    assert row[4] == format_swedish((measured / 3).quantize(Decimal("0.1")), 1)
    assert row[5] in {"✗ ej uppfyllt", "◐ delvis uppfyllt"}
    charts = [f for f in figures(content) if "Indikator 1" in f.table.caption]
    assert len(charts) == 1
    assert [r[0] for r in charts[0].table.rows] == ["2022", "T1 2025", "T2 2025"]
    assert charts[0].table.rows[1][1] == row[4]  # the round's value, from the same data


def test_the_tertial_report_leaves_out_measured_values_a_reader_may_not_see(personas, report):
    plan, rounds = report

    content = build(plan, "interim", rounds[0], user=personas.outsider)

    table = next(t for t in tables(content) if "Uppmätt värde" in t.header)
    assert table.rows[0][4] == "–"
    assert not [f for f in figures(content) if "Indikator" in f.table.caption]


# --- The annual report ---------------------------------------------------------------------


def test_the_annual_report_gives_results_key_figures_and_improvements(personas, report):
    plan, rounds = report
    year_end = rounds[2]

    content = build(plan, "annual", year_end, user=personas.editor)

    assert content.front_page.title == f"{gettext_sv('Annual report')} 2025"
    found = headings(content)
    assert (1, "Fokusområde: Fokusområde 1") in found
    assert (1, gettext_sv("Key figures")) in found
    assert found[-1][0] == 2  # the improvements, one heading per item
    improvements_at = found.index((1, gettext_sv("Improvements carried into the next plan")))
    assert (2, "Fokusområde: Fokusområde 1") in found[improvements_at:]
    text = text_of(content)
    assert "Förbättring för Fokusområde 1 efter Helår 2025." in text
    assert "Förbättring för Fokusområde 2 efter Helår 2025." not in text  # only submitted
    assert "Gjort för Fokusområde 2" not in text
    key_figures = next(
        t for t in tables(content) if t.caption == gettext_sv("Key figures per year")
    )
    assert key_figures.header[-4:] == ["2022", "2023", "2024", "2025"]
    measured_row, target_row = key_figures.rows[0], key_figures.rows[1]
    assert measured_row[:4] == [
        "Indikator 1 (besök)",
        "Uppmätt värde",
        f"1{NBSP}234,0 (2022)",
        f"1{NBSP}234,0",
    ]
    assert measured_row[-1] == format_swedish(yearly_value(1, 2025, FIRST_YEAR), 1)
    assert target_row[1] == "Målvärde"
    assert target_row[-1] == format_swedish(yearly_target(1, 2025, FIRST_YEAR), 1)
    assert target_row[-2] == "–"  # no target before the plan
    trend = next(f for f in figures(content) if "Indikator 1" in f.table.caption)
    assert [row[0] for row in trend.table.rows] == ["2022", "2023", "2024", "2025"]


# --- The report to the board ---------------------------------------------------------------


def test_the_board_report_is_short_and_ends_with_a_proposed_decision(personas, report):
    plan, rounds = report
    t2 = rounds[1]

    content = build(plan, "board", t2, user=personas.editor)

    found = headings(content)
    assert found[0] == (1, "Sammanfattning")
    assert found[-1] == (1, gettext_sv("Proposed decision"))
    assert (2, "Fokusområde 1") in found
    assert content.front_page.case_number == "KN 2024/0123"
    lead = next(b for b in content.blocks if isinstance(b, Paragraph))
    assert "T2 2025" in lead.text and "(fokusområde)" in lead.text
    assert "✓ uppfyllt" in lead.text or "◐ delvis uppfyllt" in lead.text
    summary = tables(content)[0]
    assert len(summary.rows) == 3
    shortened = next(
        b.text for b in content.blocks if isinstance(b, Paragraph) and "Resultat för" in b.text
    )
    assert shortened.startswith("Resultat för Fokusområde 1 i T2 2025.")
    assert len(shortened) <= 602 and shortened.endswith("…")
    assert not figures(content)
    proposal = content.blocks[-1].text
    assert proposal == gettext_sv("to approve the report on %(round)s and place it on file.") % {
        "round": "T2 2025"
    }


def test_the_board_report_counts_every_status_with_its_symbol(personas, report):
    plan, rounds = report
    Assessment.objects.filter(round=rounds[1], item__depth=0).update(
        state=AssessmentState.APPROVED, status=GoalStatus.NOT_MET
    )

    content = build(plan, "board", rounds[1])

    assert "3 ✗ ej uppfyllt" in text_of(content)
    assert tables(content)[0].rows[0][1] == "✗ ej uppfyllt"


# --- English -------------------------------------------------------------------------------


def test_every_kind_is_written_in_english_when_english_is_active(personas, report):
    plan, rounds = report
    t1, _t2, year_end = rounds

    documents = {
        "plan": build(plan, "plan", language="en"),
        "interim": build(plan, "interim", t1, user=personas.editor, language="en"),
        "annual": build(plan, "annual", year_end, language="en"),
        "board": build(plan, "board", t1, language="en"),
    }

    for content in documents.values():
        assert content.language == "en"
        facts = {fact.label: fact.value for fact in content.front_page.facts}
        assert facts["Decision"] == f"Adopted by {DECISION_BODY} on 28 November 2024"
        assert facts["Case number"] == "KN 2024/0123"
    assert documents["plan"].front_page.kind_label == "Operational plan"
    assert documents["interim"].front_page.title == "Tertial report T1 2025"
    assert documents["annual"].front_page.title == "Annual report 2025"
    assert (1, "Summary") in headings(documents["interim"])
    assert "✓ met" in text_of(documents["interim"])
    indicators = next(t for t in tables(documents["plan"]) if "Indikator 1" in t.rows[0][0])
    assert indicators.header == ["Indicator", "Baseline", "Period", "Target"]
    assert "1,234.0 (2022)" in text_of(documents["plan"])
    assert headings(documents["board"])[-1] == (1, "Proposed decision")
    assert documents["board"].blocks[-1].text == (
        "to approve the report on T1 2025 and place it on file."
    )


# --- Queries -------------------------------------------------------------------------------


def _queries(plan: Plan, kind: str, followup_round, username: str) -> int:
    plan = fresh(plan)
    user = get_user_model().objects.get(username=username)
    if followup_round is not None:
        followup_round = plan.rounds.get(pk=followup_round.pk)
    with CaptureQueriesContext(connection) as queries, translation.override("sv"):
        build_document(plan=plan, kind=kind, followup_round=followup_round, user=user)
    return len(queries)


@pytest.mark.parametrize("kind", ["plan", "interim", "annual", "board"])
def test_it_reads_a_large_plan_in_as_many_queries_as_a_small_one(personas, kind):
    small, small_rounds = make_report_plan(organisation=personas.home, items=8, indicators=2)
    large, large_rounds = make_report_plan(
        organisation=personas.work_group, items=60, indicators=8, rounds=6, case_number="KN 1"
    )
    index = {"plan": None, "interim": 0, "annual": 2, "board": 1}[kind]

    def round_of(rounds):
        return None if index is None else rounds[index]

    small_count = _queries(small, kind, round_of(small_rounds), "editor")
    large_count = _queries(large, kind, round_of(large_rounds), "editor")

    assert large.items.count() == 60 and large.rounds.count() == 6
    assert small_count == large_count
    assert small_count <= 20


# --- The demo ------------------------------------------------------------------------------


@pytest.fixture
def demo() -> None:
    with translation.override("en"):
        call_command("demo", allow_without_debug=True, stdout=StringIO())


def test_the_demo_plan_with_most_follow_up_gives_every_kind_in_swedish(demo):
    plan = (
        Plan.objects.filter(status=PlanStatus.ADOPTED)
        .annotate(round_count=Count("rounds"))
        .select_related("organisation")
        .order_by("-round_count", "pk")
        .first()
    )
    decision = plan.decisions.order_by("-decided_on").first()
    top_titles = list(plan.items.filter(depth=0).values_list("title", flat=True))

    for kind in kinds_for(plan):
        followup_round = default_round(plan, kind)
        content = build(plan, kind, followup_round)
        text = text_of(content)

        assert content.front_page.case_number == decision.case_number, kind
        assert decision.case_number in text
        assert all(title in text for title in top_titles), kind
        if followup_round is not None:
            assert any(s in text for s in ("✓ uppfyllt", "◐ delvis uppfyllt", "✗ ej uppfyllt"))
            assert f"Status i {followup_round.name}" in text
            assert (1, "Sammanfattning") in headings(content), kind


def test_the_demo_reports_write_indicator_values_in_swedish(demo):
    plans = Plan.objects.filter(
        rounds__isnull=False, items__item_indicators__isnull=False
    ).distinct()
    assert plans.exists()
    grouped = []
    for plan in plans:
        content = build(plan, "annual", default_round(plan, "annual"))
        key_figures = next(
            t for t in tables(content) if t.caption == gettext_sv("Key figures per year")
        )
        grouped += [
            cell for row in key_figures.rows for cell in row[2:] if NBSP in cell and "," not in cell
        ]
    assert grouped  # e.g. "12 345": grouped by a non-breaking space, never by a comma
