"""`verksam archive --plan ID [--output FILE]` and `verksam archive verify FILE`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from verksam.archive.services import ArchiveError, archive_verify, archive_write
from verksam.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Write an adopted plan's package for an e-archive (FGS Paketstruktur: METS, PREMIS, "
        "PDF/A): archive --plan ID [--output FILE]. Check a package: archive verify FILE."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", choices=["verify"], help="verify a package")
        parser.add_argument("file", nargs="?", help="the package to verify")
        parser.add_argument("--plan", type=int, help="the plan's number")
        parser.add_argument("--output", help="where to write the package (a .zip file)")
        parser.add_argument("--verify", dest="verify_file", help="the package to verify")
        parser.add_argument("--language", default="sv", choices=["sv", "en"])

    def handle(self, *args, **options):
        to_verify = options["verify_file"] or (options["file"] if options["action"] else None)
        if options["action"] and not to_verify:
            raise CommandError("Name the package to verify: archive verify FILE.")
        if to_verify:
            return self._verify(Path(to_verify))
        if options["plan"] is None:
            raise CommandError("Name the plan: archive --plan ID [--output FILE].")
        try:
            plan = Plan.objects.select_related("organisation").get(pk=options["plan"])
        except Plan.DoesNotExist:
            raise CommandError(f"There is no plan {options['plan']}.") from None
        try:
            output = Path(options["output"]) if options["output"] else None
            package = archive_write(plan=plan, path=output, language=options["language"])
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        path = output or Path(package.file_name)
        self.stdout.write(f"Wrote {path} ({len(package.data)} bytes, {package.package_id}).")

    def _verify(self, path: Path) -> None:
        problems = archive_verify(path=path)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{path}: {len(problems)} problem(s); the package is not intact.")
        self.stdout.write(f"{path}: every file is in order and matches its checksum.")
