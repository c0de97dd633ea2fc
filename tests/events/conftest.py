"""Fixtures of the event tests: the spaCy model, and a tiny stand-in for the actors stage that
codes a noun phrase from the words in it, so the event logic is tested alone (the real actors
stage is tested in tests/actors, and with the events stage in test_example_article.py)."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language

from tacitus.model import Actor
from tacitus.nlp import load_nlp

# word in the noun phrase → CAMEO actor code; the first word found (head first) wins
CODES = {
    "taliban": "TAL",
    "pakistan": "PAK",
    "pakistani": "PAK",
    "khan": "PAKGOV",
    "trump": "USAGOV",
    "pompeo": "USAGOV",
    "white": "USAGOV",
    "washington": "USA",
    "afghan": "AFGGOV",
    "afghanistan": "AFG",
    "israel": "ISR",
    "israeli": "ISRMIL",
    "hamas": "PSEINS",
    "rebels": "REB",
    "rebel": "REB",
    "police": "COP",
    "protesters": "CVL",
    "demonstrators": "CVL",
    "russia": "RUS",
    "russian": "RUS",
    "ukraine": "UKR",
    "ukrainian": "UKR",
    "iran": "IRN",
    "iraq": "IRQ",
    "iraqi": "IRQ",
    "china": "CHN",
    "chinese": "CHN",
    "japan": "JPN",
    "india": "IND",
    "egypt": "EGY",
    "turkey": "TUR",
    "turkish": "TUR",
    "syria": "SYR",
    "syrian": "SYR",
    "kurdish": "KUR",
    "un": "IGOUNO",
    "nato": "IGOWSTNAT",
    "eu": "IGOEEC",
    "france": "FRA",
    "germany": "DEU",
    "army": "MIL",
    "government": "GOV",
    "minister": "GOV",
    "militants": "INS",
    "officials": "GOV",
}


ROLES = ("COP", "MIL", "GOV", "REB", "INS", "CVL", "OPP")


def fake_actor_of(tok: Any) -> Actor | None:
    if hasattr(tok, "root"):
        tok = tok.root
    words = [tok] + [c for c in tok.lefts if c.dep_ in ("compound", "amod", "poss", "nmod")]
    for w in words:
        for sub in [w, *[x for x in w.subtree if x.dep_ == "compound"]]:
            code = CODES.get(sub.lower_)
            if code:
                role = code[-3:] if code[-3:] in ROLES else None
                return Actor(text=tok.text, start=tok.idx, end=tok.idx + len(tok.text), code=code, role=role)
    return None


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()


@pytest.fixture(scope="session")
def actor_of():
    return fake_actor_of
