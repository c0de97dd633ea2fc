"""Export: the events table as JSONL, CSV or Parquet; full public records as JSONL.

The GDELT 2.0 and PLOVER writers live in ``tacitus.export.gdelt`` and ``tacitus.export.plover``.
Table exports run inside DuckDB (``COPY``), so they stream and never hold the table in Python.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb

from tacitus.errors import TacitusError
from tacitus.model import Article

TABLE_FORMATS = {".parquet": "parquet", ".csv": "csv", ".jsonl": "json", ".ndjson": "json", ".json": "json"}


def table_format(path: str | Path) -> str:
    p = Path(path)
    if p.suffix.lower() in TABLE_FORMATS:
        return TABLE_FORMATS[p.suffix.lower()]
    if p.suffix == "":
        # a folder: Parquet partitioned by event year and month
        return "parquet-partitioned"
    raise TacitusError("E040", f"{path}: unknown export format; use .parquet, .csv, .jsonl or a folder")


def copy_query(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any], path: str | Path) -> int:
    """Write a query's rows to ``path`` in the format its suffix names; returns the row count."""
    fmt = table_format(path)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    n = con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]
    if fmt == "parquet-partitioned":
        inner = (f"SELECT *, coalesce(CAST(substr(\"date\", 1, 4) AS INTEGER), 0) AS year, "
                 f"coalesce(TRY_CAST(substr(\"date\", 6, 2) AS INTEGER), 0) AS month FROM ({sql})")
        con.execute(
            f"COPY ({inner}) TO '{_quote_path(out)}' (FORMAT parquet, PARTITION_BY (year, month), OVERWRITE_OR_IGNORE)",
            params,
        )
    elif fmt == "csv":
        con.execute(f"COPY ({sql}) TO '{_quote_path(out)}' (FORMAT csv, HEADER)", params)
    elif fmt == "json":
        con.execute(f"COPY ({sql}) TO '{_quote_path(out)}' (FORMAT json)", params)
    else:
        con.execute(f"COPY ({sql}) TO '{_quote_path(out)}' (FORMAT parquet)", params)
    return int(n)


def _quote_path(path: Path) -> str:
    # COPY takes the target as a literal, not a parameter: escape the quote character
    return str(path).replace("'", "''")


def write_records(articles: Iterable[Article], path: str | Path) -> int:
    """Full public records, one article per line (the format of `tacitus code --format jsonl`)."""
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for art in articles:
            fh.write(json.dumps(art.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n
