"""Read and clean articles (initial minimal version; the ingest stage replaces this)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tacitus.errors import InputError
from tacitus.model import Article, article_id


def article_from_text(text: str, published: str | None = None, **meta: Any) -> Article:
    aid = meta.pop("id", None) or article_id(text, meta.get("url"))
    return Article(id=str(aid), text=text, published=published, **meta)


def clean_article(article: Article) -> Article:
    return article


def read_inputs(paths: list[str], default_date: str | None = None, max_bytes: int = 20_000_000) -> Iterator[Article | InputError]:
    for p in paths:
        try:
            text = Path(p).read_text(encoding="utf-8")
        except OSError as exc:
            yield InputError(p, exc.strerror or str(exc))
            continue
        yield article_from_text(text, published=default_date, path=p)
