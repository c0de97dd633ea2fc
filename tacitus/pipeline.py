"""Compose the stages: read → clean → annotate → actors → events → place & date →
knowledge → dedupe. Stages never import each other; this module wires them.

``process_batch`` is the one function every engine (in-process, ``-j N`` processes, Ray)
runs: plain dicts in, plain dicts out, so no spaCy object ever crosses a process boundary.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language

from tacitus import CODER_NAME, actors, dates, dedupe, events, geo, ingest, knowledge, nlp
from tacitus.fingerprint import coder_fingerprint
from tacitus.model import Article, article_from_dict, input_hash


@dataclass
class Pipeline:
    """One loaded coder: the spaCy model and every dictionary, loaded once."""

    actor_files: Sequence[str] = ()
    pattern_files: Sequence[str] = ()
    nlp_model: Language | None = None
    batch_size: int = nlp.BATCH_SIZE
    _actor_coder: Any = field(default=None, init=False, repr=False)
    _patterns: Any = field(default=None, init=False, repr=False)
    # the coder fingerprint (``tacitus.fingerprint``): ``Article.coder`` of what it codes
    coder: str = field(default=CODER_NAME, init=False)
    # seconds spent per stage since load: what `tacitus bench` reports as the profile
    timings: dict[str, float] = field(default_factory=lambda: defaultdict(float), init=False)

    def __post_init__(self) -> None:
        if self.nlp_model is None:
            self.nlp_model = nlp.load_nlp()
        self._actor_coder = actors.load_coder(list(self.actor_files))
        self._patterns = events.load_patterns(list(self.pattern_files))
        self.coder = coder_fingerprint(self.actor_files, self.pattern_files)
        # the gazetteer loads lazily; load it with the rest so startup is paid once, up front
        from tacitus.geo.gazetteer import gazetteer

        gazetteer()

    def process(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Code articles whose ``text`` is already clean (see ``ingest.clean_article``)."""
        articles = list(articles)
        docs = iter(nlp.annotate((a.text for a in articles), self.nlp_model, self.batch_size))
        for article in articles:
            with self._timed("nlp"):
                doc = next(docs)
            yield self.code_doc(article, doc)

    @contextmanager
    def _timed(self, stage: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] += time.perf_counter() - t0

    def code_doc(self, article: Article, doc: Any) -> Article:
        published = article.published
        with self._timed("actors"):
            mentions = actors.resolve_mentions(doc, self._actor_coder, published)
            article.entities = actors.code_entities(doc, mentions)
        with self._timed("geo"):
            article.places = geo.find_places(doc, article)
        with self._timed("dates"):
            article.dates = dates.find_dates(doc, published)
        with self._timed("events"):
            coded = events.code_events(doc, mentions.actor_of, article.id, self._patterns)
        with self._timed("dates"):
            dates.date_events(coded, article.dates, doc, published)
        with self._timed("geo"):
            geo.place_events(coded, article.places, doc)
        with self._timed("dedupe"):
            article.events = dedupe.dedupe_article(coded)
        with self._timed("knowledge"):
            article.quotes = knowledge.find_quotes(doc, mentions.actor_of)
            article.counts = knowledge.find_counts(doc)
            article.tone = knowledge.tone(article.text)
            article.themes, article.theme_evidence = knowledge.find_themes(doc)
        article.coder = self.coder
        return article


@dataclass(frozen=True)
class UserFiles:
    """Users' own dictionaries: actor files (``--actors``) and verb-pattern files
    (``--patterns``). Plain and hashable, so it travels to worker processes."""

    actors: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()


NO_USER_FILES = UserFiles()
_PIPELINES: dict[UserFiles, Pipeline] = {}


def get_pipeline(user: UserFiles = NO_USER_FILES) -> Pipeline:
    """The process-wide pipeline for these user dictionaries (loaded once per process, and
    again when one of the files has changed since)."""
    pipe = _PIPELINES.get(user)
    if pipe is None or pipe.coder != coder_fingerprint(user.actors, user.patterns):
        pipe = _PIPELINES[user] = Pipeline(actor_files=user.actors, pattern_files=user.patterns)
    return pipe


def code_articles(articles: Iterable[Article], user: UserFiles = NO_USER_FILES) -> Iterator[Article]:
    """Clean and code articles read by ``tacitus.ingest``."""
    pipe = get_pipeline(user)
    cleaned = []
    with pipe._timed("clean"):
        for a in articles:
            a.input_hash = a.input_hash or input_hash(a, pipe.coder)
            cleaned.append(ingest.clean_article(a))
    yield from pipe.process(cleaned)


def code_text(text: str, published: str | None = None, **meta: Any) -> Article:
    """Code one article given as a string: the simplest entry point of the library."""
    article = ingest.article_from_text(text, published=published, **meta)
    return next(code_articles([article]))


def process_batch(records: list[dict[str, Any]], user: UserFiles = NO_USER_FILES) -> list[dict[str, Any]]:
    """Plain records in (``Article.to_dict()`` of read articles), public records out."""
    return [a.to_dict() for a in code_articles((article_from_dict(r) for r in records), user)]
