"""``SpanIndex`` gives the items a scan of them all gives, in the same order."""

from __future__ import annotations

import random

from tacitus.model import Count
from tacitus.spans import SpanIndex


def test_span_index_matches_a_scan() -> None:
    rnd = random.Random(3)
    found = 0
    for _ in range(300):
        items = []
        for _ in range(rnd.randint(0, 30)):
            start = rnd.randrange(200)
            items.append(Count(1, False, "killed", None, None, "x", start, start + rnd.randrange(0, 40)))
        index = SpanIndex(items)
        for _ in range(20):
            lo = rnd.randrange(220)
            hi = lo + rnd.randrange(0, 80)
            expected = [c for c in items if lo <= c.start and c.end <= hi]
            got = index.within(lo, hi)
            assert [id(c) for c in got] == [id(c) for c in expected]
            found += len(got)
    assert found > 1000
