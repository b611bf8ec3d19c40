"""How long a large plan's documents take to build and render, and how big they get.

Creates, in a throwaway SQLite database in a temporary folder, a plan of 200
items with 20 indicators (targets and measurements) and 4 follow-up rounds in
which every item is assessed; then builds and renders every kind of document
the plan gives in every format, three times each, and prints the median
seconds and the file sizes. Run from the project folder:

    .venv/bin/python bench/bench_documents.py [--repetitions 3] [--kind annual] [--format pdf]

``--kind`` and ``--format`` (each may be given more than once) keep to those
documents, e.g. the annual report as PDF alone.

Nothing outside the temporary folder is touched: the database settings of the
environment (DATABASE_URL) are overridden for the run.

Every rendered file must be what its format says (a Word file is a zip archive
with the document's XML, a PDF starts with %PDF-, an HTML file is a whole page):
the table gives each row's status, and when any row is not "ok" the script says
which and exits with status 1, so that it never reports the time of an empty or
broken file.
"""

import argparse
import datetime
import gc
import io
import os
import random
import statistics
import sys
import tempfile
import time
import zipfile
from decimal import Decimal
from pathlib import Path

ITEMS = 200
INDICATORS = 20
ROUNDS = 4
YEAR = 2025


def setup_django(folder: str) -> None:
    """Point Django at a new SQLite database in `folder` and create its tables."""
    os.environ["VERKSAM_DATA_DIR"] = folder
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
    os.environ.setdefault("SECRET_KEY", "bench-documents-throwaway-key")
    # No request is served, but the settings are production's: keep them from redirecting.
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "verksam.settings"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def create_plan():
    """The benchmark's plan, with its items, indicators, rounds and assessments."""
    from verksam.followup.models import Assessment, FollowUpRound
    from verksam.indicators.models import Indicator, ItemIndicator, Measurement, Target
    from verksam.organisations.choices import OrganisationKind
    from verksam.plans.choices import PlanStatus
    from verksam.testing import make_organisation, make_plan, make_plan_tree

    chance = random.Random(4)  # the same data on every run
    region = make_organisation("Region Kalmar län", OrganisationKind.REGION, county_code="08")
    organisation = make_organisation("Biblioteksutveckling Region Kalmar län", parent=region)
    plan = make_plan(
        organisation,
        title=f"Verksamhetsplan {YEAR}",
        status=PlanStatus.ADOPTED,
        year=YEAR,
        activity_from_level=3,
    )
    items = make_plan_tree(plan, ITEMS)
    indicators = Indicator.objects.bulk_create(
        Indicator(key=f"Bench{n:02d}", name=f"Indikator {n}", unit="st", organisation=organisation)
        for n in range(1, INDICATORS + 1)
    )
    uses = ItemIndicator.objects.bulk_create(
        ItemIndicator(
            item=items[n % len(items)],
            indicator=indicator,
            organisation=organisation,
            baseline=Decimal(1000 + 10 * n),
            baseline_label=str(YEAR - 1),
        )
        for n, indicator in enumerate(indicators)
    )
    Target.objects.bulk_create(
        Target(
            item_indicator=use,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            value=Decimal(1200 + 50 * (year - YEAR)),
        )
        for use in uses
        for year in (YEAR, YEAR + 1)
    )
    Measurement.objects.bulk_create(
        Measurement(
            indicator=indicator,
            organisation=organisation,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            value=Decimal(chance.randint(900, 1400)),
        )
        for indicator in indicators
        for year in range(YEAR - 4, YEAR + 1)
    )
    rounds = [
        FollowUpRound.objects.create(
            plan=plan,
            name=f"Kvartal {quarter} {YEAR}",
            rhythm="custom",
            period_start=datetime.date(YEAR, 1, 1),
            period_end=_quarter_end(quarter),
            due_date=_quarter_end(quarter) + datetime.timedelta(days=20),
            is_year_end=quarter == ROUNDS,
            is_closed=True,
        )
        for quarter in range(1, ROUNDS + 1)
    ]
    goal_statuses = ["met", "partly_met", "not_met", "not_assessed"]
    activity_statuses = ["done", "ongoing", "not_started", "stopped"]
    Assessment.objects.bulk_create(
        Assessment(
            round=followup_round,
            item=item,
            status=chance.choice(
                activity_statuses if plan.is_activity_level(item.depth) else goal_statuses
            ),
            progress=chance.randint(0, 100),
            done="Genomfört enligt plan, med några förseningar under sommaren.",
            results="Fler besökare än förra året; målgruppen nåddes i de flesta kommuner.",
            improvements="Samordna med skolbiblioteken tidigare under året.",
            state="approved",
        )
        for followup_round in rounds
        for item in items
    )
    return plan


def _quarter_end(quarter: int) -> datetime.date:
    first_of_next = datetime.date(YEAR + quarter // 4, quarter * 3 % 12 + 1, 1)
    return first_of_next - datetime.timedelta(days=1)


def file_status(file_format: str, data: bytes) -> str:
    """ "ok" when `data` is a file of `file_format`, otherwise what is wrong with it."""
    if not data:
        return "empty"
    if file_format == "docx":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return "not a zip archive"
        return "ok" if "word/document.xml" in names else "no word/document.xml"
    if file_format == "pdf":
        return "ok" if data.startswith(b"%PDF-") else "not a PDF"
    if file_format == "html":
        text = data[:2000].decode("utf-8", errors="replace").lower()
        return "ok" if "<html" in text else "not an HTML page"
    return f"unknown format {file_format}"


def failed_rows(results) -> list[str]:
    """The rows whose file is not what its format says, as lines saying why."""
    return [
        f"{kind} {file_format}: {status}"
        for kind, file_format, _build, _render, _size, status in results
        if status != "ok"
    ]


def measure(
    plan, repetitions: int, *, kinds: list[str] | None = None, formats: list[str] | None = None
) -> list[tuple[str, str, float, float, int, str]]:
    """(kind, format, median build seconds, median render seconds, size, status) of each
    document, or of those of `kinds` and `formats` when given; the status is "ok" only
    when every repetition gave a file of its format."""
    from django.utils import translation

    from verksam.core.memory import collection_paused
    from verksam.documents.builders import build_document, default_round, kinds_for
    from verksam.documents.content import KINDS_WITH_ROUND, DocumentFormat
    from verksam.documents.services import document_render, style_for
    from verksam.followup.charts import drawn_charts

    style = style_for(plan.organisation)
    results = []
    with translation.override("sv"):
        for kind in kinds_for(plan):
            if kinds and kind not in kinds:
                continue
            followup_round = default_round(plan, kind) if kind in KINDS_WITH_ROUND else None
            for file_format in DocumentFormat.values:
                if formats and file_format not in formats:
                    continue
                builds, renders, size, statuses = [], [], 0, set()
                for _repetition in range(repetitions):
                    # Each run as a document made for the first time: the charts a process
                    # has drawn (followup.charts.drawn_charts) are forgotten first.
                    drawn_charts.clear()
                    # As the task worker makes a document (documents.services): the garbage
                    # collector paused while it is made, and the heap collected after the
                    # file is stored, not while the reader waits for it.
                    with collection_paused():
                        started = time.perf_counter()
                        content = build_document(
                            plan=plan, kind=kind, followup_round=followup_round
                        )
                        built = time.perf_counter()
                        data = document_render(content, file_format=file_format, style=style)
                        builds.append(built - started)
                        renders.append(time.perf_counter() - built)
                    gc.collect()
                    size = len(data)
                    statuses.add(file_status(file_format, data))
                results.append(
                    (
                        str(kind),
                        file_format,
                        statistics.median(builds),
                        statistics.median(renders),
                        size,
                        "ok" if statuses == {"ok"} else ", ".join(sorted(statuses - {"ok"})),
                    )
                )
    return results


def print_table(results, repetitions: int) -> None:
    print(
        f"{ITEMS} items, {INDICATORS} indicators, {ROUNDS} rounds; "
        f"median of {repetitions} runs, in seconds"
    )
    print(
        f"{'kind':<8} {'format':<6} {'status':<8} {'build':>7} {'render':>7} {'total':>7} "
        f"{'size (kB)':>10}"
    )
    for kind, file_format, build, render, size, status in results:
        print(
            f"{kind:<8} {file_format:<6} {status:<8} {build:>7.2f} {render:>7.2f} "
            f"{build + render:>7.2f} {size / 1024:>10.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=3, help="runs per document (3)")
    parser.add_argument(
        "--kind", action="append", help="only this kind of document (plan, interim, annual, board)"
    )
    parser.add_argument(
        "--format", action="append", dest="formats", help="only this format (docx, pdf, html)"
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="verksam-bench-") as folder:
        setup_django(folder)
        plan = create_plan()
        results = measure(plan, options.repetitions, kinds=options.kind, formats=options.formats)
        print_table(results, options.repetitions)
    failed = failed_rows(results)
    if failed:
        raise SystemExit(
            f"bench_documents: {len(failed)} of {len(results)} documents are not files of "
            "their format:\n  " + "\n  ".join(failed)
        )


if __name__ == "__main__":
    main()
