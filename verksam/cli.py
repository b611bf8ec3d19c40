"""The `verksam` command: the management commands administrators use.

`verksam demo` loads the seed libraries, `verksam migrate` sets up the
database, `verksam createsuperuser` adds an administrator, `verksam serve`
serves the app with its task worker. Any other Django management command works too.
"""

import os
import sys

ADMINISTRATOR_COMMANDS = {
    "demo": "load the seed libraries and their plans, with demo users (idempotent)",
    "migrate": "create or update the database tables",
    "createsuperuser": "add an administrator who may do everything",
    "changepassword": "set a user's password",
    "serve": "serve Verksam and run its task worker beside it, as `make run` does",
    "runserver": "serve Verksam on http://127.0.0.1:8000 for trying it out (no task worker)",
    "db_worker": "run the background tasks (documents, imports, reminders); keep one running",
    "send_followup_reminders": "e-mail reminders about follow-ups due soon or late (daily)",
    "document": "write a plan's document (plan, report, board report) as DOCX, PDF or HTML",
    "generate": "fill an empty database with a synthetic county or country (--scale, --seed)",
    "export": "write all data, or one organisation's (--organisation), to a zip archive",
    "import": "restore an archive from `verksam export` into an empty database",
    "collectstatic": "gather static files for a production web server",
    "check": "check the installation, add --deploy for production settings",
}


def usage() -> str:
    lines = ["usage: verksam COMMAND [options]", "", "Commands administrators use:"]
    lines += [f"  {name:<24} {text}" for name, text in ADMINISTRATOR_COMMANDS.items()]
    lines += ["", "Every Django management command is available; `verksam help` lists them."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) < 2 or argv[1] in {"-h", "--help"}:
        print(usage())
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verksam.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["verksam", *argv[1:]])


if __name__ == "__main__":
    main()
