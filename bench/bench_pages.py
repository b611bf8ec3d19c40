"""How fast the main pages and API lists answer on a national-scale data set.

For each database (a fresh SQLite file, and a PostgreSQL database that is
dropped and created again), the script migrates, loads the synthetic data set
(`verksam generate`) and then, in a separate process, serves requests through
Django's test Client (the full middleware stack, no network) and prints per
page: the median and 95th percentile time in milliseconds, the number of SQL
queries, and the ratio of the median to a trivial view measured in the same
process. Run from the project folder (or `make bench`):

    .venv/bin/python bench/bench_pages.py [--scale national|county] [--seed 1]
        [--requests 30] [--warmups 3] [--databases sqlite,postgresql]

Environment: BENCH_DATABASE_URL names the PostgreSQL database (default
postgres://postgres@127.0.0.1:5432/verksam_bench; it is DROPPED and created
again), BENCH_DIR the folder for the SQLite file (default build/bench),
BENCH_BUDGET_SECONDS how long one page's measured requests may take before it
stops early (default 60; at least three requests are made). No other database
is touched: DATABASE_URL and VERKSAM_DATA_DIR are set for the child processes
only.

Every measured response must answer 200 (a page reached through a relative
redirect, such as a public page's canonical address, is measured at the address
it leads to). The table gives each page's statuses; when any page answered
anything else, or does not exist, the script says which and exits with status 1,
so that it never reports the time of a redirect or an error page as the page's.
"""

import argparse
import functools
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
#: A page's measured requests stop once they have taken this long (at least three are made).
BUDGET_SECONDS = float(os.environ.get("BENCH_BUDGET_SECONDS", "60"))
#: The status every measured response must have.
EXPECTED_STATUS = 200
#: The PostgreSQL database of a scale: verksam_bench_national, verksam_bench_county.
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/verksam_bench_{scale}"

#: Pages measured as the regional reader: (label, URL name, which arguments).
PAGES = (
    ("plan detail (largest plan)", "plans:plan_detail", "largest_plan"),
    ("plan detail, cold cache", "plans:plan_detail", "largest_plan"),
    ("item trace (regional focus area)", "plans:item_trace", "focus_area"),
    ("plan coverage (regional plan)", "plans:plan_coverage", "regional_plan"),
    ("county overview", "dashboards:county_overview", "region"),
    ("national overview", "dashboards:national_overview", "none"),
    ("national overview, uncached", "dashboards:national_overview", "none"),
)
#: Measured as an anonymous visitor: public pages by URL name, API lists by path.
PUBLIC_PAGES = (
    ("public plan (largest plan)", "public:plan_detail", "public_plan"),
    ("public plan, cold cache", "public:plan_detail", "public_plan"),
)
#: The floor of each kind of page (bench/urls.py): the same rows, a minimal template,
#: at most three queries. A label of PAGES or PUBLIC_PAGES → (floor URL name, arguments).
FLOORS = {
    "plan detail (largest plan)": ("bench_floor_plan", "largest_plan_pk"),
    "plan detail, cold cache": ("bench_floor_plan", "largest_plan_pk"),
    "public plan (largest plan)": ("bench_floor_plan", "largest_plan_pk"),
    "public plan, cold cache": ("bench_floor_plan", "largest_plan_pk"),
    "item trace (regional focus area)": ("bench_floor_trace", "focus_area_pk"),
    "county overview": ("bench_floor_county", "region_pk"),
}
API_LISTS = (
    ("API organisations", "/api/v1/organisations", ""),
    ("API plans", "/api/v1/plans", ""),
    ("API items of the largest plan", "/api/v1/items", "plan"),
    ("API measurements", "/api/v1/measurements", ""),
    ("API assessments of the largest plan", "/api/v1/assessments", "plan"),
)


# The orchestrating process ----------------------------------------------------------------------


def child_environment(database_url: str, data_dir: Path) -> dict[str, str]:
    """The environment of the child processes: production-like settings, this database only."""
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "VERKSAM_DATA_DIR": str(data_dir),
            "DJANGO_SETTINGS_MODULE": "verksam.settings",
            "DEBUG": "0",
            "SECRET_KEY": "bench-pages-throwaway-key",
            "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
            # Plain HTTP inside one process: production's redirect to HTTPS would otherwise
            # answer every request with a 301, and the bench would time the redirect.
            "SECURE_COOKIES": "0",
            "SECURE_SSL_REDIRECT": "0",
            "LOG_LEVEL": "ERROR",
        }
    )
    return env


def run_step(args: list[str], env: dict[str, str], *, echo: bool = False) -> tuple[float, str]:
    """Run a child process; its seconds and output, or stop the benchmark if it failed."""
    started = time.perf_counter()
    result = subprocess.run(
        args, env=env, cwd=PROJECT_DIR, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"bench_pages: {' '.join(args[1:])} failed ({result.returncode}).")
    if echo:
        sys.stdout.write(result.stdout)
    return seconds, result.stdout


def recreate_postgres_database(url: str) -> None:
    """Drop the benchmark's PostgreSQL database and create it again, empty."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        raise SystemExit("bench_pages: BENCH_DATABASE_URL must name a database.")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as error:
        raise SystemExit(
            f"bench_pages: cannot recreate the PostgreSQL database {name!r} on "
            f"{parts.hostname}:{parts.port or 5432}: {error}\n"
            "Set BENCH_DATABASE_URL, or run only SQLite with --databases sqlite."
        ) from None


def prepare_database(kind: str, options) -> tuple[dict[str, str], dict[str, float]]:
    """A fresh database of `kind`, migrated and loaded; its environment and the load times."""
    bench_dir = Path(os.environ.get("BENCH_DIR", PROJECT_DIR / "build" / "bench"))
    data_dir = bench_dir / f"{kind}-{options.scale}"
    data_dir.mkdir(parents=True, exist_ok=True)
    if kind == "sqlite":
        database = data_dir / "bench.sqlite3"
        if options.reuse and not database.exists():
            raise SystemExit(f"bench_pages: --reuse, but there is no data set at {database}.")
        for suffix in ("", "-wal", "-shm", "-journal"):
            if not options.reuse:
                Path(f"{database}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{database}"
    else:
        url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_POSTGRES_URL.format(scale=options.scale))
        if not options.reuse:
            recreate_postgres_database(url)
    env = child_environment(url, data_dir)
    python = sys.executable
    if options.reuse:
        # The data set of an earlier run: bring its tables up to date and recompute its
        # stored statuses (they are the rule's, but the code may have changed since).
        print(f"== {kind}: reusing {url}: migrate, rollup --rebuild", flush=True)
        migrate, _output = run_step([python, "manage.py", "migrate", "--verbosity", "0"], env)
        rebuild, output = run_step([python, "manage.py", "rollup", "--rebuild"], env)
        print(output.strip())
        return env, {"migrate": migrate, "generate": 0.0, "rebuild": rebuild}
    print(f"== {kind}: migrate", flush=True)
    migrate, _output = run_step([python, "manage.py", "migrate", "--verbosity", "0"], env)
    print(f"== {kind}: generate --scale {options.scale} --seed {options.seed}", flush=True)
    generate, output = run_step(
        [python, "manage.py", "generate", "--scale", options.scale, "--seed", str(options.seed)],
        env,
    )
    print("\n".join(line for line in output.splitlines() if not line.startswith("[")))
    return env, {"migrate": migrate, "generate": generate}


def print_results(kind: str, loads: dict[str, float], results: dict) -> None:
    print()
    print(
        f"{kind}: migrate {loads['migrate']:.1f} s, generate {loads['generate']:.1f} s"
        + (f", rollup --rebuild {loads['rebuild']:.1f} s" if "rebuild" in loads else "")
        + "; "
        f"{results['requests']} requests per page after {results['warmups']} warm-ups"
    )
    print(f"targets: {results['targets']}")
    header = (
        f"{'page':<38} {'as':<6} {'status':>8} {'n':>3} {'median ms':>10} {'p95 ms':>8} "
        f"{'queries':>8} {'x trivial':>10} {'x floor':>8} {'kB':>7}"
    )
    print(header)
    print("-" * len(header))
    for row in results["rows"]:
        if row["status"] == "missing":
            print(f"{row['label']:<38} {row['as']:<6} {'missing':>8}   {row['note']}")
            continue
        floor = f"{row['floor_ratio']:.1f}" if row.get("floor_ratio") else ""
        print(
            f"{row['label']:<38} {row['as']:<6} {row['status']:>8} {row['n']:>3} "
            f"{row['median']:>10.1f} "
            f"{row['p95']:>8.1f} {row['queries']:>8} {row['ratio']:>10.1f} {floor:>8} "
            f"{row['kb']:>7.0f}"
        )
    print(f"peak memory of the serving process: {results['peak_mb']:.0f} MB")


def unexpected_rows(results: dict) -> list[str]:
    """The rows whose responses were not all EXPECTED_STATUS, or that do not exist, each as
    a line saying what was answered instead; [] when every measured response was right."""
    lines = []
    for row in results["rows"]:
        if row["status"] == "missing":
            lines.append(f"{row['label']} ({row['as']}): {row['note']} does not exist")
            continue
        statuses = row["statuses"]
        if set(statuses) != {str(EXPECTED_STATUS)}:
            counted = ", ".join(f"{count} x {status}" for status, count in sorted(statuses.items()))
            lines.append(f"{row['label']} ({row['as']}) {row['url']}: {counted}")
    return lines


def fail_on_unexpected_statuses(kind: str, results: dict) -> None:
    """Stop the benchmark (exit status 1) when any measured response was not 200."""
    lines = unexpected_rows(results)
    if lines:
        raise SystemExit(
            f"bench_pages: {kind}: {len(lines)} of {len(results['rows'])} rows did not answer "
            f"{EXPECTED_STATUS} to every request, so their times are not the pages' times:\n  "
            + "\n  ".join(lines)
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="national", help="county or national (national)")
    parser.add_argument("--seed", type=int, default=1, help="the data set's seed (1)")
    parser.add_argument("--requests", type=int, default=30, help="measured requests a page (30)")
    parser.add_argument("--warmups", type=int, default=3, help="unmeasured requests first (3)")
    parser.add_argument(
        "--databases", default="sqlite,postgresql", help="which to run (sqlite,postgresql)"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use the data sets of an earlier run (migrate and rollup --rebuild, no generate)",
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.requests < 1 or options.warmups < 0:
        parser.error("--requests must be 1 or more and --warmups 0 or more")
    if options.serve:
        serve(options)
        return
    kinds = [kind.strip() for kind in options.databases.split(",") if kind.strip()]
    unknown = set(kinds) - {"sqlite", "postgresql"}
    if unknown or not kinds:
        parser.error("--databases takes sqlite, postgresql or both, separated by a comma")
    summaries = []
    for kind in kinds:
        env, loads = prepare_database(kind, options)
        print(f"== {kind}: serving requests", flush=True)
        _seconds, output = run_step(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--serve",
                "--requests",
                str(options.requests),
                "--warmups",
                str(options.warmups),
            ],
            env,
        )
        results = json.loads(output.splitlines()[-1])
        summaries.append((kind, loads, results))
        if unexpected_rows(results):
            # Stop before the next database: print what was measured and say what failed.
            print_results(kind, loads, results)
            fail_on_unexpected_statuses(kind, results)
    for kind, loads, results in summaries:
        print_results(kind, loads, results)


# The serving process ------------------------------------------------------------------------------


def serve(options) -> None:
    """Measure every page in this process and print the results as one line of JSON."""
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verksam.settings")
    import django

    django.setup()
    from django.test.utils import override_settings

    # The benchmark's URLconf adds the trivial view; the app's code is not changed.
    override_settings(ROOT_URLCONF="bench.urls").enable()
    targets = choose_targets()
    # As the shipped gunicorn configuration does in every worker after start-up
    # (verksam/gunicorn_conf.py): what is loaded by now stays out of full collections.
    import gc

    gc.collect()
    gc.freeze()
    rows = measure_all(targets, options.requests, options.warmups)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "requests": options.requests,
                "warmups": options.warmups,
                "targets": targets["description"],
                "rows": rows,
                "peak_mb": peak_kb / 1024,
            }
        )
    )


def choose_targets() -> dict:
    """The objects the pages are about, picked from the data: the biggest of each kind."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from verksam.organisations.choices import OrganisationKind
    from verksam.organisations.models import Organisation
    from verksam.plans.choices import PlanKind, PlanStatus
    from verksam.plans.models import Item, Plan

    # The county with the most municipalities, and its regional reader.
    county = (
        Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
        .values("county_code")
        .annotate(count=Count("id"))
        .order_by("-count", "county_code")
        .first()
    )
    if county is None:
        raise SystemExit("bench_pages: the database has no municipalities; run the generator.")
    code = county["county_code"]
    region = Organisation.objects.get(kind=OrganisationKind.REGION, county_code=code)
    reader = get_user_model().objects.get(username=f"region-{code}-reader")
    largest = (
        Plan.objects.filter(status=PlanStatus.ADOPTED, is_published=True)
        .annotate(count=Count("items"))
        .order_by("-count", "title")
        .first()
    )
    regional_plan = Plan.objects.get(
        organisation__parent=region,
        kind=PlanKind.REGIONAL_LIBRARY_PLAN,
        status=PlanStatus.ADOPTED,
    )
    focus_area = (
        Item.objects.filter(plan=regional_plan, depth=0)
        .annotate(count=Count("incoming_contributions"))
        .order_by("-count", "position")
        .first()
    )
    return {
        "region": region,
        "reader": reader,
        "largest_plan": largest,
        "regional_plan": regional_plan,
        "focus_area": focus_area,
        "description": (
            f"{region.name} ({code}), reader {reader.username}; largest plan {largest.pk} "
            f"({largest.count} items); regional plan {regional_plan.pk}; focus area "
            f"{focus_area.pk} ({focus_area.count} contributing items)"
        ),
    }


def page_url(name: str, arguments: str, targets: dict) -> str:
    """The URL of a page by its URL name; NoReverseMatch when it does not exist (yet)."""
    from django.urls import reverse

    from verksam.public.selectors import public_slug

    plan, regional = targets["largest_plan"], targets["regional_plan"]
    if arguments == "largest_plan":
        return reverse(name, args=[plan.pk])
    if arguments == "regional_plan":
        return reverse(name, args=[regional.pk])
    if arguments == "focus_area":
        return reverse(name, args=[regional.pk, targets["focus_area"].pk])
    if arguments == "region":
        return reverse(name, kwargs={"pk": targets["region"].pk})
    if arguments == "public_plan":
        return reverse(name, kwargs={"pk": plan.pk, "slug": public_slug(plan.title)})
    if arguments == "largest_plan_pk":
        return reverse(name, kwargs={"pk": plan.pk})
    if arguments == "focus_area_pk":
        return reverse(name, kwargs={"pk": targets["focus_area"].pk})
    if arguments == "region_pk":
        return reverse(name, kwargs={"pk": targets["region"].pk})
    return reverse(name)


def api_url(path: str, filter_by: str, targets: dict) -> str | None:
    """The list's path as the API spells it (with or without a slash), or None if missing."""
    from django.urls import Resolver404, resolve

    for candidate in (path, path + "/"):
        try:
            resolve(candidate)
        except Resolver404:
            continue
        if filter_by == "plan":
            return f"{candidate}?plan={targets['largest_plan'].pk}"
        return candidate
    return None


def measure_all(targets: dict, requests: int, warmups: int) -> list[dict]:
    from django.test import Client
    from django.urls import NoReverseMatch

    # A page that fails is reported with its status (500), not raised.
    reader = Client(raise_request_exception=False)
    reader.force_login(targets["reader"])
    anonymous = Client(raise_request_exception=False)
    clients = {"reader": reader, "anon": anonymous}
    trivial = {
        who: measure(client, "/bench/trivial/", requests, warmups)
        for who, client in clients.items()
    }
    rows = []
    for who, entry in trivial.items():
        rows.append({"label": "trivial view", "as": who, **entry, "ratio": 1.0})
    from django.core.cache import cache

    wanted = [(label, name, arguments, "reader") for label, name, arguments in PAGES]
    wanted += [(label, name, arguments, "anon") for label, name, arguments in PUBLIC_PAGES]
    floors: dict[tuple[str, str], dict] = {}
    for label, name, arguments, who in wanted:
        try:
            url = page_url(name, arguments, targets)
        except NoReverseMatch:
            rows.append({"label": label, "as": who, "status": "missing", "note": name})
            continue
        # A cold-cache row makes the plan's cached tree and page unreachable before each
        # request (outside the time), as any change to the plan does: its page version is
        # counted up. An uncached row empties the whole cache.
        before_each = None
        if "cold cache" in label:
            before_each = functools.partial(_change_plan, targets["largest_plan"].pk)
        elif "uncached" in label:
            before_each = cache.clear
        entry = row(label, who, measure(clients[who], url, requests, warmups, before_each), trivial)
        if label in FLOORS:
            floor_name, floor_arguments = FLOORS[label]
            key = (floor_name, floor_arguments)
            if key not in floors:
                floor_url = page_url(floor_name, floor_arguments, targets)
                floors[key] = row(
                    f"floor of {label.split(' (')[0].split(',')[0]}",
                    who,
                    measure(clients[who], floor_url, requests, warmups),
                    trivial,
                )
                rows.append(floors[key])
            entry["floor_ratio"] = entry["median"] / floors[key]["median"]
        rows.append(entry)
    for label, path, filter_by in API_LISTS:
        url = api_url(path, filter_by, targets)
        if url is None:
            rows.append({"label": label, "as": "anon", "status": "missing", "note": path})
            continue
        rows.append(row(label, "anon", measure(anonymous, url, requests, warmups), trivial))
    return rows


def _change_plan(plan_id: int) -> None:
    """Count up the plan's page version, as a change to what its pages show does."""
    from django.db import transaction

    from verksam.followup import page_cache

    with transaction.atomic():
        page_cache.bump([plan_id])


def row(label: str, who: str, entry: dict, trivial: dict) -> dict:
    return {
        "label": label,
        "as": who,
        **entry,
        "ratio": entry["median"] / trivial[who]["median"],
    }


def measure(client, url: str, requests: int, warmups: int, before_each=None) -> dict:
    """Median and p95 milliseconds of `requests` requests after `warmups`, and the queries
    of one more request (counted apart, so counting does not slow the timed ones).

    The status of every warm-up, timed and counted request is kept: the row's `status` is
    the one status they all had, or every status seen with "!" when they differ or are
    not 200, and `statuses` counts them. A slow page stops early, after at least three
    requests, once its measured requests have taken BUDGET_SECONDS: the table says how
    many were made."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    if response.status_code in (301, 302) and response["Location"].startswith("/"):
        url = response["Location"]  # e.g. a public page's canonical slug
    statuses: dict[str, int] = {}

    def record(response) -> None:
        status = str(response.status_code)
        statuses[status] = statuses.get(status, 0) + 1

    for _warmup in range(warmups):
        record(client.get(url))
    times = []
    for _request in range(requests):
        if before_each is not None:
            before_each()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        record(response)
        if len(times) >= 3 and sum(times) > BUDGET_SECONDS * 1000:
            break
    if before_each is not None:
        before_each()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    record(response)
    times.sort()
    if set(statuses) == {str(EXPECTED_STATUS)}:
        status = str(EXPECTED_STATUS)
    else:
        status = "!" + "/".join(sorted(statuses))
    return {
        "url": url,
        "status": status,
        "statuses": statuses,
        "n": len(times),
        "median": statistics.median(times),
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "queries": len(queries.captured_queries),
        "kb": len(response.content) / 1024,
    }


if __name__ == "__main__":
    main()
