"""`verksam document`: make a plan's document at once and write it to a file.

    verksam document --plan 12 --kind plan --format docx -o Verksamhetsplan.docx
    verksam document --plan 12 --round 40 --kind board --format pdf -o nämnd.pdf

The document is built in this process (no background task) and kept nowhere
but in the file; the file is written whole or not at all. An HTML file links
to its stylesheet on the Verksam server (BASE_URL), where it is read from.
"""

import os
import tempfile
from pathlib import Path
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.templatetags.static import static
from django.utils.translation import gettext as _

from verksam.documents import services
from verksam.documents.content import DocumentFormat, DocumentKind
from verksam.followup.models import FollowUpRound
from verksam.plans.models import Plan

#: The command's option for each field a service names in its errors.
OPTION_OF_FIELD = {
    "kind": "--kind",
    "file_format": "--format",
    "followup_round": "--round",
    "language": "--language",
}


def output_path(value: str) -> Path:
    """The -o option as a path in an existing, writable folder, or a CommandError naming it."""
    path = Path(value).expanduser()
    folder = path.parent
    try:
        is_folder = path.is_dir()
    except OSError as error:  # e.g. a name too long for the file system
        raise CommandError(
            _("-o/--output: %(path)s cannot be used: %(error)s")
            % {"path": path, "error": error.strerror or error}
        ) from None
    if is_folder:
        raise CommandError(
            _("-o/--output must name a file, but %(path)s is a folder.") % {"path": path}
        )
    if not folder.is_dir():
        raise CommandError(
            _("-o/--output: the folder %(folder)s does not exist.") % {"folder": folder}
        )
    if not os.access(folder, os.W_OK):
        raise CommandError(
            _("-o/--output: the folder %(folder)s cannot be written to.") % {"folder": folder}
        )
    return path


def _file_mode(path: Path) -> int:
    """The mode of the file being replaced, or of a new file under the current umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_whole(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename it: never a half-written file."""
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=".verksam-document-", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        # mkstemp makes the file private; give it the mode a new file would have had.
        os.chmod(temporary, _file_mode(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def stylesheet_url() -> str:
    """The documents' stylesheet's full address, for an HTML file opened outside Verksam."""
    from verksam.documents.render_html import STYLESHEET

    return urljoin(settings.VERKSAM_BASE_URL, static(STYLESHEET))


class Command(BaseCommand):
    """Make one document of a plan and write it to a file."""

    help = (
        "Make a document of a plan (operational plan, interim report, annual report or report "
        "to the board) as Word, PDF or HTML, and write it to a file. Reports need --round."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--plan", required=True, help="The plan's id (in its address).")
        parser.add_argument(
            "--round", dest="round_id", help="The follow-up round's id; needed for reports."
        )
        parser.add_argument(
            "--kind",
            required=True,
            help="plan, interim, annual or board.",
        )
        parser.add_argument(
            "--format", dest="file_format", required=True, help="docx, pdf or html."
        )
        parser.add_argument(
            "-o", "--output", required=True, metavar="FILE", help="The file to write."
        )
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            help="sv (Swedish, the default) or en (English).",
        )

    def handle(self, *args, **options) -> None:
        kind, file_format, language = options["kind"], options["file_format"], options["language"]
        if kind not in DocumentKind.values:
            raise CommandError(
                _("--kind must be one of %(kinds)s, not %(value)s.")
                % {"kinds": ", ".join(DocumentKind.values), "value": repr(kind)}
            )
        if file_format not in DocumentFormat.values:
            raise CommandError(
                _("--format must be one of %(formats)s, not %(value)s.")
                % {"formats": ", ".join(DocumentFormat.values), "value": repr(file_format)}
            )
        if language not in dict(settings.LANGUAGES):
            raise CommandError(
                _("--language must be one of %(languages)s, not %(value)s.")
                % {"languages": ", ".join(dict(settings.LANGUAGES)), "value": repr(language)}
            )
        path = output_path(options["output"])
        plan = self._plan(options["plan"])
        followup_round = self._round(plan, options["round_id"])
        try:
            data, _file_name = services.document_build(
                plan=plan,
                kind=kind,
                file_format=file_format,
                followup_round=followup_round,
                language=language,
                stylesheet_url=stylesheet_url() if file_format == DocumentFormat.HTML else None,
            )
        except ValidationError as error:
            raise CommandError(self._message(error)) from None
        try:
            write_whole(path, data)
        except OSError as error:
            raise CommandError(
                _("-o/--output: %(path)s could not be written: %(error)s")
                % {"path": path, "error": error.strerror or error}
            ) from None
        self.stdout.write(str(path.resolve()))

    def _plan(self, value: str) -> Plan:
        plan = None
        if value.isdigit():
            plan = Plan.objects.select_related("organisation").filter(pk=int(value)).first()
        if plan is None:
            raise CommandError(_("--plan: there is no plan with the id %(id)s.") % {"id": value})
        return plan

    def _round(self, plan: Plan, value: str | None) -> FollowUpRound | None:
        if value is None:
            return None
        followup_round = None
        if value.isdigit():
            followup_round = FollowUpRound.objects.filter(pk=int(value)).first()
        if followup_round is None:
            raise CommandError(
                _("--round: there is no follow-up round with the id %(id)s.") % {"id": value}
            )
        if followup_round.plan_id != plan.pk:
            raise CommandError(
                _("--round: the round %(id)s (%(name)s) is not a round of the plan %(plan)s.")
                % {"id": value, "name": followup_round.name, "plan": plan.pk}
            )
        return followup_round

    @staticmethod
    def _message(error: ValidationError) -> str:
        if not hasattr(error, "error_dict"):
            return " ".join(error.messages)
        return " ".join(
            f"{OPTION_OF_FIELD.get(name, name)}: {' '.join(ValidationError(errors).messages)}"
            for name, errors in error.error_dict.items()
        )
