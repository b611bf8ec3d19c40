"""The `verksam` command: the management commands administrators use.

`verksam demo` loads the seed libraries, `verksam migrate` sets up the
database, `verksam createsuperuser` adds an administrator, `verksam serve`
serves the app with its task worker. Any other Django management command works too.
"""

import os
import sys
from pathlib import Path

ADMINISTRATOR_COMMANDS = {
    "demo": "load the seed libraries and their plans, with demo users (idempotent)",
    "migrate": "create or update the database tables",
    "createsuperuser": "add an administrator who may do everything",
    "changepassword": "set a user's password",
    "serve": "serve Verksam and run its task worker beside it, as `make run` does",
    "runserver": "serve Verksam on http://127.0.0.1:8000 for trying it out (no task worker)",
    "db_worker": "run the background tasks (documents, imports, reminders); keep one running",
    "send_followup_reminders": "e-mail reminders about follow-ups due soon or late (daily)",
    "plan": "read a plan document (DOCX, PDF, HTML, TXT, MD) into its structure: plan read FILE",
    "document": "write a plan's document (plan, report, board report) as DOCX, PDF or HTML",
    "rollup": "recompute the stored statuses by the roll-up rule: rollup --rebuild [--verify]",
    "generate": "fill an empty database with a synthetic county or country (--scale, --seed)",
    "export": "write all data, or one organisation's (--organisation), to a zip archive",
    "import": "restore an archive from `verksam export` into an empty database",
    "lessons_reindex": "rebuild the lessons' search index, after an import on SQLite",
    "archive": "package an adopted plan for an e-archive: archive --plan ID; archive verify FILE",
    "collectstatic": "gather static files for a production web server",
    "check": "check the installation, add --deploy for production settings",
}


def usage() -> str:
    lines = ["usage: verksam COMMAND [options]", "", "Commands administrators use:"]
    lines += [f"  {name:<24} {text}" for name, text in ADMINISTRATOR_COMMANDS.items()]
    lines += ["", "Every Django management command is available; `verksam help` lists them."]
    return "\n".join(lines)


def in_checkout() -> bool:
    """Whether Verksam runs from a source checkout (an editable install), not a package."""
    project = Path(__file__).resolve().parent.parent
    return (project / "manage.py").is_file() and (project / "pyproject.toml").is_file()


def use_development_defaults() -> bool:
    """Turn on DEBUG when nothing says this is production: in a checkout, with neither
    DEBUG nor SECRET_KEY in the environment. A production set-up always sets SECRET_KEY
    (the settings refuse to start without it when DEBUG is off), so it is never affected."""
    if os.environ.get("DEBUG") or os.environ.get("SECRET_KEY") or not in_checkout():
        return False
    os.environ["DEBUG"] = "1"
    return True


def fixable_error_message(error: BaseException) -> str | None:
    """One line saying what to set or do for an error of configuration or set-up that the
    user can fix, or None for any other error (a bug, which keeps its traceback)."""
    from django.core.exceptions import ImproperlyConfigured
    from django.db import OperationalError, ProgrammingError

    from verksam.core.env import ConfigurationError

    first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if isinstance(error, ConfigurationError | ImproperlyConfigured):
        return f"verksam: {first_line}"
    if isinstance(error, OperationalError | ProgrammingError):
        if "no such table" in first_line or "does not exist" in first_line:
            return (
                f"verksam: the database is not set up ({first_line}); run `verksam migrate` first."
            )
        return (
            f"verksam: cannot use the database ({first_line}); check DATABASE_URL "
            "(or VERKSAM_DATA_DIR for SQLite)."
        )
    return None


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) < 2 or argv[1] in {"-h", "--help"}:
        print(usage())
        return
    use_development_defaults()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verksam.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["verksam", *argv[1:]])
    except Exception as error:
        message = fixable_error_message(error)
        if message is None:
            raise
        print(message, file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
