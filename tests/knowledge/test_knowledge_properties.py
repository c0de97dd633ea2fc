"""Property tests: the knowledge parsers take any text without crashing and keep their spans."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tacitus.knowledge import find_counts, find_quotes, parse_number, themes_of_text, tone
from tacitus.knowledge.quotes import _quote_spans

# Text rich in the characters the parsers care about.
_news = st.text(
    alphabet=st.sampled_from(list("abc XYZ.,:;-—\n\"'“”‘’0123456789")) | st.characters(blacklist_categories=("Cs",)), max_size=300
)
_settings = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_settings
@given(text=_news)
def test_quote_spans_stay_inside_the_text(text):
    for sp in _quote_spans(text):
        assert 0 <= sp.mark_start <= sp.start < sp.end <= sp.mark_end <= len(text)
        assert text[sp.start : sp.end].strip() == text[sp.start : sp.end]


@_settings
@given(text=_news)
def test_quotes_and_counts_keep_their_spans(nlp, text):
    doc = nlp(text)
    for q in find_quotes(doc, lambda _: None):
        assert text[q.start : q.end] == q.text
        assert q.kind in ("direct", "partial", "indirect")
        if q.speaker is not None:
            assert text[q.speaker.start : q.speaker.end] == q.speaker.text
    for c in find_counts(doc):
        assert text[c.start : c.end] == c.text
        assert c.value >= 0


@_settings
@given(text=_news)
def test_tone_is_bounded(text):
    t = tone(text)
    assert 0 <= t.positive <= 100 and 0 <= t.negative <= 100
    assert abs(t.score - (t.positive - t.negative)) < 1e-3


@_settings
@given(text=_news)
def test_theme_evidence_points_at_the_text(text):
    themes, evidence = themes_of_text(text)
    assert {e["theme"] for e in evidence} == set(themes)
    for e in evidence:
        assert text[e["start"] : e["end"]] == e["phrase"]


@_settings
@given(words=st.lists(st.sampled_from(["one", "two", "hundred", "thousand", "and", "-", "dozens", "of",
                                       "1,200", "3.5", "million", "x", "tens"]) | st.text(max_size=6),
                      max_size=6))
def test_parse_number_gives_a_value_or_none(words):
    result = parse_number(words)
    assert result is None or (isinstance(result[0], int) and result[0] >= 0)
