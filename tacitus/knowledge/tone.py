"""Document tone on GDELT's scale.

GDELT's V1.5 tone is ``positive − negative`` where each part is the percentage of the
document's words that carry positive (negative) sentiment; polarity is the percentage of
words with any sentiment. We follow that definition with the VADER lexicon (Hutto & Gilbert
2014, MIT licence, read from the installed ``vaderSentiment`` package): a word is positive
when its VADER valence is above ``VALENCE_THRESHOLD``, negative when below its negative.
Scores are therefore comparable in scale, not in value, with GDELT's (different lexicon).
"""

from __future__ import annotations

import re

from tacitus.model import Tone
from tacitus.nlp import valence_lexicon

# Valence magnitude (VADER scale −4..4) below which a word counts as neutral. 0.5 drops the
# weakest entries ("ok", "kinda"); chosen by reading tones of the example article.
VALENCE_THRESHOLD = 0.5

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")


def tone(text: str) -> Tone:
    """GDELT-like tone of ``text``: score, positive, negative, polarity in % of words."""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    if not words:
        return Tone()
    lex = valence_lexicon()
    pos = neg = 0
    for w in words:
        v = lex.get(w)
        if v is None:
            continue
        if v >= VALENCE_THRESHOLD:
            pos += 1
        elif v <= -VALENCE_THRESHOLD:
            neg += 1
    n = len(words)
    positive = 100.0 * pos / n
    negative = 100.0 * neg / n
    return Tone(
        score=round(positive - negative, 4),
        positive=round(positive, 4),
        negative=round(negative, 4),
        polarity=round(positive + negative, 4),
        word_count=n,
    )
