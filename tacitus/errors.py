"""All user-facing errors: a stable code, the cause, and where possible the fix.

The CLI alone turns these into one-line messages and exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass


class TacitusError(Exception):
    """An error a user can act on; ``str()`` is the one-line message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message


@dataclass
class InputError:
    """One bad input (a file, or a line of one): recorded, reported, never fatal to a batch."""

    path: str
    reason: str
    line: int | None = None
    # the stage that failed: "read" for the readers, else the coding stage ("clean", "nlp",
    # "actors", ...) in which an article raised
    stage: str = "read"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"
