"""What is wrong with a file of measurements: a problem names the row, the column and why."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One problem in a file: the row (header = 1; None for the whole file), column, message."""

    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


class FileProblem(Exception):
    """The file cannot be read as a table at all."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


class ValueProblem(ValueError):
    """A cell that is not an acceptable number."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
