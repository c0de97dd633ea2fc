"""A small hand-made store for the API tests: three articles, four real-world events."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tacitus.api import create_app
from tacitus.model import (
    Actor,
    Article,
    Count,
    DateRef,
    Entity,
    Event,
    Place,
    PloverType,
    Quote,
    article_id,
)
from tacitus.store import Store

KABUL = ("Kabul", "AFG", 34.53, 69.17)
DOHA = ("Doha", "QAT", 25.29, 51.53)


def _span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def _actor(text: str, words: str, code: str, country: str | None, role: str | None,
           name: str | None = None, after: int = 0) -> Actor:
    s, e = _span(text, words, after)
    return Actor(words, s, e, name, code, country, role)


def _place(text: str, where: tuple[str, str, float, float]) -> Place:
    s, e = _span(text, where[0])
    return Place(where[0], s, e, where[0], where[1], None, where[2], where[3], None, "city")


def _event(aid: str, k: int, text: str, sentence: str, verb: str, code: str, quad: int,
           goldstein: float, source: Actor, target: Actor, day: str,
           place: tuple[str, str, float, float] | None, modality: str = "asserted",
           confidence: float = 0.8) -> Event:
    s0, s1 = _span(text, sentence)
    t0, t1 = _span(text, verb, s0)
    return Event(
        id=f"{aid}-{k}", code=code, root_code=code[:2], name=f"CAMEO {code}", quad_class=quad,
        goldstein=goldstein, plover=PloverType("ASSAULT" if quad == 4 else "CONSULT", None),
        source=[source], target=[target], modality=modality, date=day, date_precision="day",
        place=_place(text, place) if place else None, sentence=k, start=s0, end=s1,
        text=sentence, trigger=verb, trigger_start=t0, trigger_end=t1, rule=f"test.{code}",
        confidence=confidence)


def article_one() -> Article:
    s1 = "Taliban fighters attacked a police checkpoint in Kabul on Monday, killing three officers."
    s2 = "Afghan officials met Taliban envoys in Doha on Tuesday."
    s3 = '"We will not stop," a Taliban spokesman said.'
    text = " ".join([s1, s2, s3])
    aid = article_id(text, "https://news.example/kabul")
    tal = _actor(text, "Taliban fighters", "AFGINSTAL", "AFG", "INS", "Taliban")
    cop = _actor(text, "a police checkpoint", "AFGCOP", "AFG", "COP")
    gov = _actor(text, "Afghan officials", "AFGGOV", "AFG", "GOV")
    env = _actor(text, "Taliban envoys", "AFGINSTAL", "AFG", "INS", "Taliban")
    art = Article(id=aid, text=text, url="https://news.example/kabul", source="news.example",
                  title="Attack in Kabul", published="2019-07-09")
    art.events = [
        _event(aid, 0, text, s1, "attacked", "190", 4, -10.0, tal, cop, "2019-07-08", KABUL),
        _event(aid, 1, text, s2, "met", "040", 1, 1.0, gov, env, "2019-07-09", DOHA,
               confidence=0.9),
    ]
    ks, ke = _span(text, "Kabul")
    art.places = [_place(text, KABUL), _place(text, DOHA)]
    art.entities = [Entity("Taliban", 0, 7, "ORG", "Taliban", None),
                    Entity("Kabul", ks, ke, "GPE", "Kabul", None)]
    ds, de = _span(text, "Monday")
    art.dates = [DateRef("Monday", ds, de, "2019-07-08", "day")]
    cs, ce = _span(text, "three officers")
    art.counts = [Count(3, False, "killed", "officers", "AFG", "three officers", cs, ce)]
    qs, qe = _span(text, '"We will not stop,"')
    art.quotes = [Quote('"We will not stop,"', qs, qe,
                        _actor(text, "a Taliban spokesman", "AFGINSTAL", "AFG", "INS"), "said")]
    return art


def article_two() -> Article:
    """A second report of the Kabul attack (same dyad, date and place: one event) and a
    threat by Pakistan that did not happen (negated)."""
    s1 = "Insurgents from the Taliban attacked a police checkpoint in Kabul, officials said."
    s2 = "Pakistan did not threaten India over the border dispute."
    text = " ".join([s1, s2])
    aid = article_id(text, "https://wire.example/afg")
    tal = _actor(text, "Insurgents from the Taliban", "AFGINSTAL", "AFG", "INS", "Taliban")
    cop = _actor(text, "a police checkpoint", "AFGCOP", "AFG", "COP")
    pak = _actor(text, "Pakistan", "PAK", "PAK", None, "Pakistan")
    ind = _actor(text, "India", "IND", "IND", None, "India")
    art = Article(id=aid, text=text, url="https://wire.example/afg", source="wire.example",
                  title="Checkpoint hit", published="2019-07-10")
    art.events = [
        _event(aid, 0, text, s1, "attacked", "190", 4, -10.0, tal, cop, "2019-07-08", KABUL,
               confidence=0.7),
        _event(aid, 1, text, s2, "threaten", "130", 3, -4.4, pak, ind, "2019-07-10", None,
               modality="negated"),
    ]
    return art


def article_three() -> Article:
    s1 = "The United Nations sent food aid to Yemen in March."
    text = s1
    aid = article_id(text, None)
    un = _actor(text, "The United Nations", "IGOUNO", None, "IGO", "United Nations")
    yem = _actor(text, "Yemen", "YEM", "YEM", None, "Yemen")
    art = Article(id=aid, text=text, title="Aid to Yemen", published="2020-03-15")
    art.events = [_event(aid, 0, text, s1, "sent", "071", 2, 7.4, un, yem, "2020-03", None)]
    art.events[0].date_precision = "month"
    return art


def build_store(path: Path) -> Path:
    with Store(path) as store:
        store.write_articles([article_one(), article_two(), article_three()])
    return path


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("api") / "api.duckdb")


@pytest.fixture(scope="session")
def client(store_path: Path) -> Iterator[TestClient]:
    app = create_app(str(store_path))
    with TestClient(app, base_url="http://localhost") as c:
        yield c
    app.state.store.close()
