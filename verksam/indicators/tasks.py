"""Background tasks of indicators: importing a file of measurements.

Run by the task worker (`verksam db_worker`) in production and inline in tests.
"""

from django_tasks import task

from verksam.indicators import import_services


@task()
def import_measurements(import_id: int) -> str:
    """Write a checked file's measurements, all rows or none; returns the import's state."""
    return import_services.import_execute(import_id=import_id)
