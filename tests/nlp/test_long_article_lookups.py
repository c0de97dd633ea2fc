"""Look-ups made by bisection for long articles (issue 18, scale curve) answer as the scans
they replace did."""

from __future__ import annotations

import random

from tacitus.knowledge.quotes import _outermost
from tacitus.model import Quote
from tacitus.nlp import ENTS_KEY, ent_holding, ent_starting_at

TEXT = ("Angela Merkel and Emmanuel Macron met in Paris on Monday. The United Nations said the "
        "Taliban attacked Kandahar. Officials of the European Union and NATO met Joe Biden in "
        "Washington, D.C. on Tuesday.")


def test_entity_look_ups_match_a_scan_of_the_entities(nlp) -> None:
    doc = nlp(TEXT)
    for cached in (False, True):
        if cached:
            doc.user_data[ENTS_KEY] = doc.ents
        ents = doc.ents
        assert len(ents) > 5
        for tok in doc:
            assert ent_starting_at(doc, tok.i) == next((e for e in ents if e.start == tok.i), None)
            assert ent_holding(doc, tok.i) == next((e for e in ents if e.start <= tok.i < e.end), None)
    doc.user_data.pop(ENTS_KEY)


def _pairwise(out: list[Quote]) -> list[Quote]:
    """What ``_outermost`` replaced: every pair compared."""
    return [q for q in out if not any(o is not q and o.start <= q.start and q.end <= o.end
                                      and (o.start, o.end) != (q.start, q.end) for o in out)]


def test_outermost_quotes_match_the_pairwise_comparison() -> None:
    rnd = random.Random(5)
    dropped = 0
    for _ in range(500):
        quotes = []
        for _ in range(rnd.randint(0, 12)):
            start = rnd.randrange(40)
            quotes.append(Quote("x", start, start + rnd.randrange(1, 15)))
        if quotes and rnd.random() < 0.3:
            quotes.append(Quote("same span", quotes[0].start, quotes[0].end))
        expected = _pairwise(quotes)
        got = _outermost(quotes)
        assert [id(q) for q in got] == [id(q) for q in expected]
        dropped += len(quotes) - len(got)
    assert dropped > 100
