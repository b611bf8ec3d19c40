"""Background fetching of statistics, run by the task worker (`verksam db_worker`).

`verksam statistics fetch --due --enqueue`, run from cron once a week, queues one
task per term and area followed in a plan (see docs/statistics.md).
"""

from django_tasks import task

from verksam.statistics import connectors


@task()
def fetch_statistics(source: str, term: str, area_code: str, first: int, last: int) -> str:
    """Fetch one term for one area and span of years; returns the summary line."""
    result = connectors.fetch(
        source=source, term=term, area_code=area_code, years=range(first, last + 1)
    )
    return result.summary()
