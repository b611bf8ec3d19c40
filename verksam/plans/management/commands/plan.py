"""`verksam plan read FILE`: read a plan document into its structure.

`verksam plan read FILE [--format json|text]` prints what Verksam finds in a DOCX, PDF,
HTML, TXT or MD plan: title, organisation, kind, period, vision, levels, the item tree,
and the Library Act check. `verksam plan read --corpus DIR` measures the reader on a
corpus of documents with expected structures (see the reading corpus's README) and
prints a table per document.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from verksam.plans.reading import ReadingError, read_path


class Command(BaseCommand):
    help = "Read a plan document (DOCX, PDF, HTML, TXT, MD) into a structured draft."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        read = sub.add_parser("read", help="print the structure found in a plan document")
        read.add_argument("file", nargs="?", help="the plan document")
        read.add_argument("--format", choices=["json", "text"], default="json")
        read.add_argument(
            "--corpus",
            metavar="DIR",
            help="measure the reader on a corpus (documents/ and expected/) and print a table",
        )

    def handle(self, *args, **options):
        if options["corpus"]:
            from verksam.plans.reading.evaluation import score_corpus, table

            self.stdout.write(table(score_corpus(Path(options["corpus"]))))
            return
        if not options["file"]:
            raise CommandError("Name the plan document to read, or --corpus DIR.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            reading = read_path(path)
        except ReadingError as error:
            raise CommandError(str(error)) from error
        result = reading.as_json()
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(self._as_text(result))

    def _as_text(self, result: dict) -> str:
        period = result["period"]
        lines = [
            f"title:        {result['title'] or '-'}",
            f"organisation: {result['organisation'] or '-'}",
            f"kind:         {result['kind'] or '-'}",
            f"period:       {period['start'] or '?'}–{period['end'] or '?'}",
            f"levels:       {', '.join(result['levels']) or '-'}",
            "items:",
        ]

        def walk(items):
            for item in items:
                lines.append(f"{'  ' * item['level']}- {item['title']}")
                walk(item["children"])

        walk(result["items"])
        lines.append(f"priority groups: {', '.join(result['priority_groups']) or '-'}")
        missing = [k for k, v in result["expected_contents"].items() if not v]
        lines.append(f"missing contents: {', '.join(missing) or '-'}")
        return "\n".join(lines)
