"""Compose the stages: read → clean → annotate → actors → events → place & date →
knowledge → dedupe. Stages never import each other; this module wires them.

``process_batch`` is the one function every engine (in-process, ``-j N`` processes, Ray)
runs: plain dicts in, plain dicts out, so no spaCy object ever crosses a process boundary.

One article never takes down a batch: an exception in any stage while coding it becomes an
``InputError`` naming the article and the stage, and the other articles are coded. Articles
longer than spaCy takes at once are annotated in pieces cut at paragraph or sentence
boundaries, and the pieces joined back into one ``Doc`` over the whole text.
"""

from __future__ import annotations

import gc
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from tacitus import CODER_NAME, actors, dates, dedupe, events, geo, ingest, knowledge, learn, nlp
from tacitus.errors import Errors, InputError
from tacitus.fingerprint import coder_fingerprint
from tacitus.model import Article, article_from_dict, input_hash
from tacitus.settings import Settings, settings, use_settings
from tacitus.trace import fill_traces
from tacitus.userfiles import NO_USER_FILES, UserFiles

# Longest text annotated in one piece. spaCy refuses texts over ``nlp.max_length`` (1,000,000
# characters) and its parser and tagger need about 1 GB of temporary memory per 100,000
# characters (spaCy's own guidance for max_length), so a longer article is cut into pieces of
# at most this size at paragraph, else line, else sentence, else word boundaries; the pieces
# are annotated separately and joined into one Doc whose text is the whole article.
MAX_PIECE_CHARS = 100_000
# A piece is cut at the last boundary of the best kind in its window, unless that boundary
# lies in the first MIN_PIECE_SHARE of the window (then a weaker kind further on is used):
# pieces stay large, and no tiny piece is split off because one paragraph break came early.
MIN_PIECE_SHARE = 0.5
_BOUNDARIES = (
    re.compile(r"\n[ \t\r\f\v]*\n\s*"),  # a paragraph break
    re.compile(r"\n\s*"),  # a line break
    re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+"),  # the end of a sentence
    re.compile(r"\s+"),  # a space between words
)


def split_text(text: str, limit: int = MAX_PIECE_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters at the best boundaries
    available; the pieces joined are ``text`` again (each keeps its trailing whitespace)."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for pattern in _BOUNDARIES:
            ends = [m.end() for m in pattern.finditer(window, int(limit * MIN_PIECE_SHARE))]
            ends = [e for e in ends if e < len(window)] or ends
            if ends:
                cut = ends[-1]
                break
        cut = cut or limit  # one unbroken run of characters: cut anywhere
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def coding_error(article: Article, stage: str, exc: BaseException) -> InputError:
    """The one-line record of an article that failed in ``stage``."""
    reason = " ".join(str(exc).split()) or type(exc).__name__
    if len(reason) > 160:
        reason = reason[:157] + "..."
    return InputError(
        article.path or "<input>",
        f"article {article.id} failed in the {stage} stage ({type(exc).__name__}: {reason}); "
        "not coded, the others were",
        stage=stage,
    )


@dataclass
class Pipeline:
    """One loaded coder: the spaCy model and every dictionary, loaded once."""

    actor_files: Sequence[str] = ()
    pattern_files: Sequence[str] = ()
    nlp_model: Language | None = None
    batch_size: int = nlp.BATCH_SIZE
    # the weights it codes with (None: the process-wide settings when it is made)
    settings: Settings | None = None
    _actor_coder: Any = field(default=None, init=False, repr=False)
    _patterns: Any = field(default=None, init=False, repr=False)
    # the stage running now: what a failure is reported against
    _stage: str = field(default="code", init=False, repr=False)
    # the coder fingerprint (``tacitus.fingerprint``): ``Article.coder`` of what it codes
    coder: str = field(default=CODER_NAME, init=False)
    # seconds spent per stage since load: what `tacitus bench` reports as the profile
    timings: dict[str, float] = field(default_factory=lambda: defaultdict(float), init=False)

    def __post_init__(self) -> None:
        if self.nlp_model is None:
            self.nlp_model = nlp.load_nlp()
        self._actor_coder = actors.load_coder(list(self.actor_files))
        self._patterns = events.load_patterns(list(self.pattern_files))
        self.settings = self.settings or settings()
        self.coder = coder_fingerprint(self.actor_files, self.pattern_files, settings=self.settings)
        # the gazetteer loads lazily; load it with the rest so startup is paid once, up front
        from tacitus.geo.gazetteer import gazetteer

        gazetteer()

    def process(self, articles: Iterable[Article], errors: list[InputError] | None = None) -> Iterator[Article]:
        """Code articles whose ``text`` is already clean (see ``ingest.clean_article``).

        An article that fails in any stage is appended to ``errors`` (see ``coding_error``)
        and the others are coded; without ``errors`` the failure raises ``TacitusError``.
        """
        for article, doc in self._annotated(list(articles)):
            if isinstance(doc, Exception):
                fail(article, "nlp", doc, errors)
                continue
            try:
                coded = self.code_doc(article, doc)
            except Exception as exc:  # noqa: BLE001 - one article never takes down a batch
                fail(article, self._stage, exc, errors)
                continue
            yield coded

    def _annotated(self, articles: list[Article]) -> Iterator[tuple[Article, Doc | Exception]]:
        """Each article with its Doc (or the exception annotating it raised), in order.

        Articles go through ``nlp.pipe`` in batches; when a batch fails, the rest are
        annotated one at a time so that only the article at fault fails."""
        limit = self.piece_limit()
        docs = iter(nlp.annotate((a.text for a in articles if len(a.text) <= limit), self.nlp_model, self.batch_size))
        for i, article in enumerate(articles):
            if len(article.text) > limit:
                yield article, self._annotate_one(article.text)
                continue
            try:
                with self._timed("nlp"):
                    doc = next(docs)
            except Exception:  # noqa: BLE001 - find the one text at fault, below
                for rest in articles[i:]:
                    yield rest, self._annotate_one(rest.text)
                return
            yield article, doc

    def piece_limit(self) -> int:
        """Longest text annotated in one piece (see ``MAX_PIECE_CHARS``)."""
        assert self.nlp_model is not None
        return min(MAX_PIECE_CHARS, self.nlp_model.max_length)

    def _annotate_one(self, text: str) -> Doc | Exception:
        """One text's Doc, in pieces if it is long; the exception if spaCy raised."""
        assert self.nlp_model is not None
        try:
            with self._timed("nlp"):
                pieces = split_text(text, self.piece_limit())
                if len(pieces) == 1:
                    return self.nlp_model(text)
                doc = Doc.from_docs(list(self.nlp_model.pipe(pieces, batch_size=1)), ensure_whitespace=False)
                if doc.text != text:  # offsets would point at the wrong characters
                    raise ValueError("the pieces of a long text did not join back into the text")
                return doc
        except Exception as exc:  # noqa: BLE001 - reported as this article's failure
            return exc

    @contextmanager
    def _timed(self, stage: str) -> Iterator[None]:
        self._stage = stage
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] += time.perf_counter() - t0

    def code_doc(self, article: Article, doc: Any) -> Article:
        """Code one annotated article with this pipeline's dictionaries and settings."""
        assert self.settings is not None
        with use_settings(self.settings):
            # the doc's entities built once for all stages (nlp.doc_ents), and dropped after:
            # spans must not stay in a doc's user_data
            doc.user_data[nlp.ENTS_KEY] = doc.ents
            try:
                return self._code_doc(article, doc)
            finally:
                doc.user_data.pop(nlp.ENTS_KEY, None)

    def _code_doc(self, article: Article, doc: Any) -> Article:
        self._stage = "code"
        published = article.published
        # the stages read the doc's text (nlp.doc_text): it is the article's, already built
        nlp.remember_text(doc, article.text)
        with self._timed("geo"):
            article.places = geo.find_places(doc, article)
            main = geo.main_place(article.places, doc)
        with self._timed("actors"):
            mentions = actors.resolve_mentions(doc, self._actor_coder, published,
                                               country_hint=main.country if main else None)
            article.entities = actors.code_entities(doc, mentions)
        with self._timed("dates"):
            article.dates = dates.find_dates(doc, published)
        with self._timed("events"):
            coded = events.code_events(doc, mentions.actor_of, article.id, self._patterns)
        with self._timed("dates"):
            dates.date_events(coded, article.dates, doc, published)
        with self._timed("geo"):
            geo.place_events(coded, article.places, doc, article.text)
        with self._timed("knowledge"):
            # counts first: dedupe reads casualty tolls ("killing four" / "killing two")
            article.counts = knowledge.find_counts(doc)
        with self._timed("dedupe"):
            article.events = dedupe.dedupe_article(coded, article.counts)
        with self._timed("learned"):
            if settings().learned.root_arbiter:
                article.events = learn.arbitrate(article.events, learn.shipped_arbiter(), events.with_code)
            if settings().learned.event_scorer:
                article.events = learn.score_events(article.events, learn.shipped_scorer())
        fill_traces(article)
        with self._timed("knowledge"):
            # find_themes(doc) on the text the stages built once (find_quotes drops it)
            text = nlp.doc_text(doc)
            article.quotes = knowledge.find_quotes(doc, mentions.actor_of)
            article.tone = knowledge.tone(article.text)
            article.themes, article.theme_evidence = knowledge.themes_of_text(text)
        article.coder = self.coder
        return article


_PIPELINES: dict[UserFiles, Pipeline] = {}


def get_pipeline(user: UserFiles = NO_USER_FILES) -> Pipeline:
    """The process-wide pipeline for these user dictionaries and settings (loaded once per
    process, and again when one of the files has changed since); ``user.settings`` None
    stands for the process-wide settings now."""
    if user.settings is None:
        user = replace(user, settings=settings())
    pipe = _PIPELINES.get(user)
    if pipe is None or pipe.coder != coder_fingerprint(user.actors, user.patterns, settings=user.settings):
        pipe = _PIPELINES[user] = Pipeline(actor_files=user.actors, pattern_files=user.patterns,
                                           settings=user.settings)
        # the model, dictionaries and gazetteer now loaded stay for the life of the process:
        # frozen, they are left out of every later full collection, which otherwise walks
        # them all each time (0.1-0.15 s a collection). Over 300 Reuters stories the collector
        # took 0.56-0.62 s before, 0.34 s after. Workers of the fork server are frozen there already.
        gc.freeze()
    return pipe


def fail(article: Article, stage: str, exc: Exception, errors: list[InputError] | None) -> None:
    """Record ``article``'s failure in ``errors``, or raise it as a TacitusError without."""
    err = coding_error(article, stage, exc)
    if errors is None:
        raise Errors.E060.error(failure=err) from exc
    errors.append(err)


def code_articles(
    articles: Iterable[Article], user: UserFiles = NO_USER_FILES, errors: list[InputError] | None = None
) -> Iterator[Article]:
    """Clean and code articles read by ``tacitus.ingest``.

    With ``errors``, an article that fails in any stage is appended there and the others are
    coded; without, the first failure raises ``TacitusError`` (E060).
    """
    pipe = get_pipeline(user)
    cleaned = []
    with pipe._timed("clean"):
        for a in articles:
            try:
                a.input_hash = a.input_hash or input_hash(a, pipe.coder)
                cleaned.append(ingest.clean_article(a))
            except Exception as exc:  # noqa: BLE001 - one article never takes down a batch
                fail(a, "clean", exc, errors)
    yield from pipe.process(cleaned, errors)


def code_text(text: str, published: str | None = None, settings: Settings | None = None,
              **meta: Any) -> Article:
    """Code one article given as a string: the simplest entry point of the library
    (``settings`` None: the process-wide ``tacitus.settings.settings()``)."""
    article = ingest.article_from_text(text, published=published, **meta)
    return next(code_articles([article], UserFiles(settings=settings)))


def process_batch(
    records: list[dict[str, Any]], user: UserFiles = NO_USER_FILES, errors: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """Plain records in (``Article.to_dict()`` of read articles), public records out.

    With ``errors``, articles that fail are appended there as plain ``InputError`` fields
    (``path``, ``reason``, ``line``, ``stage``) and left out of the result."""
    failed: list[InputError] | None = None if errors is None else []
    out = [a.to_dict() for a in code_articles((article_from_dict(r) for r in records), user, failed)]
    if errors is not None and failed:
        errors.extend(asdict(e) for e in failed)
    return out
