"""What loading the demo reports: the accounts it lists, what it created and found, and
the error raised when the demo data does not fit the database."""

from dataclasses import dataclass, field


class DemoDataError(Exception):
    """The demo data cannot be loaded into this database as it is."""


@dataclass
class DemoAccount:
    """One demo login, as the command lists it."""

    username: str
    role: str
    organisation: str
    password: str
    created: bool


@dataclass
class DemoReport:
    """What a load created and what it found already there."""

    organisations_created: int = 0
    organisations_found: int = 0
    plans_created: list[str] = field(default_factory=list)
    plans_found: list[str] = field(default_factory=list)
    accounts: list[DemoAccount] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    followup_created: list[str] = field(default_factory=list)
    followup_found: list[str] = field(default_factory=list)
    rounds_created: int = 0
    assessments_created: int = 0
    indicators_created: int = 0
    measurements_created: int = 0
