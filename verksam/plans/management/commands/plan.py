"""`verksam plan read FILE`: read a plan document into its structure.

`verksam plan read FILE [--format json|text]` prints what Verksam finds in a DOCX, PDF,
HTML, TXT or MD plan: title, organisation, kind, period, vision, levels, the item tree,
and the Library Act check. `verksam plan read --corpus DIR` measures the reader on a
corpus of documents with expected structures (see the reading corpus's README) and
prints a table per document. `verksam plan read FILE --create --organisation ID` creates
the draft plan as the upload page does, with the structure as read (`--kind`, `--period`
and `--user` fill in what the document does not say).
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from verksam.organisations.models import Organisation
from verksam.plans.choices import PlanKind
from verksam.plans.reading import MAX_BYTES, ReadingError, read_path


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
        read.add_argument(
            "--create",
            action="store_true",
            help="create a draft plan of what was read, as the upload page does",
        )
        read.add_argument("--organisation", type=int, metavar="ID", help="whose plan it is")
        read.add_argument(
            "--kind", choices=PlanKind.values, help="the kind of plan, when the document's is wrong"
        )
        read.add_argument(
            "--period",
            metavar="START-END",
            help="the period in years, e.g. 2025-2028, when the document does not state it",
        )
        read.add_argument("--user", metavar="USERNAME", help="who the change log names")

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
        if options["create"]:
            self._create(path, options)
            return
        try:
            reading = read_path(path)
        except ReadingError as error:
            raise CommandError(str(error)) from error
        result = reading.as_json()
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(self._as_text(result))

    def _create(self, path: Path, options) -> None:
        from verksam.plans.upload.services import plan_create_from_document, read_for_review

        if options["organisation"] is None:
            raise CommandError("--create needs --organisation ID, the organisation of the plan.")
        organisation = Organisation.objects.filter(pk=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with id {options['organisation']}.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user named {options['user']}.")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
        content = path.read_bytes()
        try:
            data = read_for_review(content=content, file_name=path.name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if options["kind"]:
            data["kind"] = options["kind"]
        if options["period"]:
            start, _sep, end = options["period"].partition("-")
            if not (start.strip().isdigit() and end.strip().isdigit()):
                raise CommandError("--period takes two years, e.g. 2025-2028.")
            data["period_start"], data["period_end"] = int(start), int(end)
        try:
            plan = plan_create_from_document(
                user=user,
                organisation=organisation,
                data=data,
                file_name=path.name,
                content=content,
            )
        except ValidationError as error:
            hints = {
                "kind": " (--kind)",
                "period_start": " (--period)",
                "period_end": " (--period)",
            }
            raise CommandError(
                " ".join(
                    f"{message}{hints.get(field, '')}"
                    for field, messages in error.message_dict.items()
                    for message in messages
                )
            ) from error
        self.stdout.write(
            f"Created the draft plan {plan.pk} “{plan.title}” ({plan.period_label}) with "
            f"{plan.items.count()} items and {plan.sections.count()} text sections."
        )

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
