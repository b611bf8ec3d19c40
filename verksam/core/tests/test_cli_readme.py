"""The `verksam` commands of the README run as the README shows them, in a checkout after
`make run`, with no configuration in the environment (the development defaults apply);
and a setting that is missing or wrong is named in one line, without a traceback.

The commands are read from the README's section "The `verksam` command" and run in a
temporary folder that holds a link to the checkout's `.venv`, with VERKSAM_DATA_DIR in
the folder, so nothing of the checkout's own database is touched.
"""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from verksam import settings as project_settings

PROJECT_DIR = Path(project_settings.__file__).resolve().parent.parent
VERKSAM = Path(sys.executable).parent / "verksam"
#: What each command must print, by its first word; the README's commands must all be here.
EXPECTED_OUTPUT = {
    "": "Commands administrators use:",
    "migrate": "Running migrations:",
    "demo": "kalmar-reader",
    "createsuperuser": "Superuser created successfully.",
    "check": "System check identified",
    "export": "verksam.zip",
    "import": "verksam.zip",
}

pytestmark = pytest.mark.skipif(
    not VERKSAM.exists(), reason="the project is not installed into the running environment"
)


def readme_commands() -> list[str]:
    """The command lines of the README's section on the `verksam` command, in order."""
    readme = (PROJECT_DIR / "README.md").read_text()
    section = readme.split("## The `verksam` command", 1)[1].split("\n## ", 1)[0]
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL):
        for line in block.splitlines():
            command = line.split("#", 1)[0].strip()
            if "verksam" in command:
                lines.append(command)
    return lines


def checkout_environment(folder: Path) -> dict[str, str]:
    """The environment of a user in a checkout: no DEBUG, SECRET_KEY or database settings."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_", "VERKSAM_"))
    }
    environment["VERKSAM_DATA_DIR"] = str(folder / "var")
    return environment


def run_line(line: str, folder: Path, environment: dict[str, str]):
    """Run one README line in `folder`: leading NAME=value words set the environment."""
    words = shlex.split(line)
    environment = dict(environment)
    while "=" in words[0]:
        name, value = words.pop(0).split("=", 1)
        environment[name] = value
    assert words[0] == ".venv/bin/verksam", line
    arguments = words[1:]
    if arguments[:1] == ["createsuperuser"]:
        # Interactive in the README; here the same command answers from the environment.
        arguments += ["--noinput", "--username", "driftansvarig", "--email", "drift@example.se"]
        environment["DJANGO_SUPERUSER_PASSWORD"] = "ett långt lösenord för test"
    return subprocess.run(
        [str(folder / ".venv" / "bin" / "verksam"), *arguments],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def checkout_folder(tmp_path) -> Path:
    (tmp_path / ".venv").symlink_to(Path(sys.executable).parent.parent)
    return tmp_path


def test_it_runs_every_verksam_command_of_the_readme_as_shown(checkout_folder):
    lines = readme_commands()
    firsts = {(shlex.split(line.split(".venv/bin/verksam", 1)[1]) or [""])[0] for line in lines}
    assert firsts == set(EXPECTED_OUTPUT), "a README command without an expectation here"
    environment = checkout_environment(checkout_folder)

    for line in lines:
        result = run_line(line, checkout_folder, environment)
        output = result.stdout + result.stderr
        first = (shlex.split(line.split(".venv/bin/verksam", 1)[1]) or [""])[0]
        assert result.returncode == 0, (line, output)
        assert "Traceback" not in output, (line, output)
        assert EXPECTED_OUTPUT[first] in output, (line, output)

    assert (checkout_folder / "verksam.zip").is_file()
    assert (checkout_folder / "var" / "verksam.sqlite3").is_file()
    assert (checkout_folder / "var" / "restored" / "verksam.sqlite3").is_file()


@pytest.mark.parametrize(
    ("variables", "arguments", "named"),
    [
        ({"DEBUG": "0"}, ["check"], "SECRET_KEY must be set"),
        ({"LOGIN_FAILURE_LIMIT": "fem"}, ["check"], "LOGIN_FAILURE_LIMIT must be a whole number"),
        ({"DATABASE_URL": "nosuchdb://x"}, ["check"], "DATABASE_URL is not a usable database URL"),
        ({}, ["demo"], "run `verksam migrate` first"),
    ],
)
def test_it_says_in_one_line_what_to_set(checkout_folder, variables, arguments, named):
    environment = {**checkout_environment(checkout_folder), **variables}

    result = run_line(shlex.join([".venv/bin/verksam", *arguments]), checkout_folder, environment)

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("verksam: ")
    assert named in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
