"""Compose the stages: read → clean → annotate → actors → events → place & date →
knowledge → dedupe. Stages never import each other; this module wires them.

``process_batch`` is the one function every engine (in-process, ``-j N`` processes, Ray)
runs: plain dicts in, plain dicts out, so no spaCy object ever crosses a process boundary.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language

from tacitus import CODER_NAME, actors, dates, dedupe, events, geo, ingest, knowledge, nlp
from tacitus.model import Article, article_from_dict


@dataclass
class Pipeline:
    """One loaded coder: the spaCy model and every dictionary, loaded once."""

    actor_files: Sequence[str] = ()
    nlp_model: Language | None = None
    batch_size: int = nlp.BATCH_SIZE
    _actor_coder: Any = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.nlp_model is None:
            self.nlp_model = nlp.load_nlp()
        self._actor_coder = actors.load_coder(list(self.actor_files))

    def process(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Code articles whose ``text`` is already clean (see ``ingest.clean_article``)."""
        articles = list(articles)
        docs = nlp.annotate((a.text for a in articles), self.nlp_model, self.batch_size)
        for article, doc in zip(articles, docs, strict=True):
            yield self.code_doc(article, doc)

    def code_doc(self, article: Article, doc: Any) -> Article:
        published = article.published
        mentions = actors.resolve_mentions(doc, self._actor_coder, published)
        article.entities = actors.code_entities(doc, mentions)
        article.places = geo.find_places(doc, article)
        article.dates = dates.find_dates(doc, published)
        coded = events.code_events(doc, mentions.actor_of, article.id)
        dates.date_events(coded, article.dates, doc, published)
        geo.place_events(coded, article.places, doc)
        article.events = dedupe.dedupe_article(coded)
        article.quotes = knowledge.find_quotes(doc, mentions.actor_of)
        article.counts = knowledge.find_counts(doc)
        article.tone = knowledge.tone(article.text)
        article.themes, article.theme_evidence = knowledge.find_themes(doc)
        article.coder = CODER_NAME
        return article


_PIPELINES: dict[tuple[str, ...], Pipeline] = {}


def get_pipeline(actor_files: Sequence[str] = ()) -> Pipeline:
    """The process-wide pipeline for these user dictionaries (loaded once per process)."""
    key = tuple(actor_files)
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(actor_files=key)
    return _PIPELINES[key]


def code_articles(articles: Iterable[Article], actor_files: Sequence[str] = ()) -> Iterator[Article]:
    """Clean and code articles read by ``tacitus.ingest``."""
    pipe = get_pipeline(actor_files)
    yield from pipe.process(ingest.clean_article(a) for a in articles)


def code_text(text: str, published: str | None = None, **meta: Any) -> Article:
    """Code one article given as a string: the simplest entry point of the library."""
    article = ingest.article_from_text(text, published=published, **meta)
    return next(code_articles([article]))


def process_batch(records: list[dict[str, Any]], actor_files: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Plain records in (``Article.to_dict()`` of read articles), public records out."""
    return [a.to_dict() for a in code_articles((article_from_dict(r) for r in records), actor_files)]
