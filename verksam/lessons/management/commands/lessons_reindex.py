"""`verksam lessons_reindex`: rebuild the lessons' and notes' search index (after a restore)."""

from django.core.management.base import BaseCommand

from verksam.lessons.services import lessons_reindex_all


class Command(BaseCommand):
    help = (
        "Stem every shared lesson and note again and rebuild SQLite's full-text index of "
        "them; run it after restoring a backup."
    )

    def handle(self, *args, **options):
        lessons, notes = lessons_reindex_all()
        self.stdout.write(f"Indexed {lessons} lesson(s) and {notes} note(s).")
