"""The read and clean stages: input files to ``Article``s with clean text.

- ``read_inputs(paths, default_date, max_bytes)``: files, folders, globs and ``-`` (stdin)
  in every supported format to Articles, with one ``InputError`` per bad input;
- ``article_from_text(text, published, **meta)``: an Article from a string;
- ``clean_article(article)``: boilerplate off, into ``removed``.
"""

from __future__ import annotations

from tacitus.ingest.clean import clean_article, clean_text, load_rules
from tacitus.ingest.dates import normalise_date
from tacitus.ingest.language import detect_language
from tacitus.ingest.read import DEFAULT_MAX_BYTES, article_from_text, read_inputs

__all__ = [
    "DEFAULT_MAX_BYTES",
    "article_from_text",
    "clean_article",
    "clean_text",
    "detect_language",
    "load_rules",
    "normalise_date",
    "read_inputs",
]
