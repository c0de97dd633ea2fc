"""An evaluation report: named tables of figures, printable and JSON-serialisable."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Table:
    name: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)


@dataclass
class Report:
    title: str
    tables: list[Table] = field(default_factory=list)
    # the headline figures a CI floor test pins, e.g. {"pentaclass_macro_f1": 0.86}
    metrics: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_markdown(self) -> str:
        """The report as Markdown: a heading, one table per table, the notes."""
        out = [f"### {self.title}"]
        if self.metrics:
            out += ["", "Headline: " + ", ".join(f"`{k}` {_cell(v)}" for k, v in self.metrics.items())]
        for t in self.tables:
            out += ["", f"**{t.name}**", "",
                    "| " + " | ".join(str(c) for c in t.columns) + " |",
                    "|" + "---|" * len(t.columns)]
            out += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in t.rows]
        out += [""] + [f"- {n}" for n in self.notes] if self.notes else []
        return "\n".join(out).rstrip() + "\n"


def _cell(v: Any) -> str:
    return f"{v:.3f}" if isinstance(v, float) else str(v).replace("|", "\\|")


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f
