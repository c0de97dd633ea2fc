"""All user-facing errors: a stable code, the cause, and where possible the fix.

The CLI alone turns these into one-line messages and exit codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters that would break a one-line message or disguise it on a terminal: C0/C1
# controls (line breaks, escape sequences), line/paragraph separators and bidi overrides.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """``text`` with control characters escaped (a newline becomes ``\\n``): file names and
    other user values are put in messages through this, so a message stays one honest line."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


class TacitusError(Exception):
    """An error a user can act on; ``str()`` is the one-line message."""

    def __init__(self, code: str, message: str) -> None:
        message = printable(message)
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
        return printable(f"{where}: {self.reason}")
