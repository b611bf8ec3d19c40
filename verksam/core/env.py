"""Typed readers of environment variables that fail loudly on bad values.

Settings are read once at start-up; a typo in a deployment should stop the
server with a message naming the variable, not be silently ignored.
"""

import os


class ConfigurationError(Exception):
    """An environment variable holds a value Verksam cannot use."""


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ConfigurationError(f"The environment variable {name} must be set.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(
        f"The environment variable {name} must be true or false (1/0, yes/no), not {value!r}."
    )


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(
            f"The environment variable {name} must be a whole number, not {value!r}."
        ) from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    items = [part.strip() for part in value.split(",")]
    if any(not item for item in items):
        raise ConfigurationError(
            f"The environment variable {name} must be a comma-separated list without empty "
            f"entries, not {value!r}."
        )
    return items
