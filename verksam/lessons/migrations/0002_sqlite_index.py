"""SQLite's full-text index of the lessons' Swedish word stems (see verksam.lessons.search).

PostgreSQL searches with its own Swedish configuration and needs no table for it.
"""

from django.db import migrations

from verksam.lessons.search import INDEX_TABLE


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {INDEX_TABLE} USING fts5(stems, tokenize='unicode61')"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(f"DROP TABLE IF EXISTS {INDEX_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("lessons", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
