"""Golden test: the example article (Military Times, 2019-07-19) comes out right.

It is the first thing every user tries. Expectations follow the article's meaning (issue 2):
who did what to whom, when and where; nothing from the author bio or page furniture.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tacitus.model import Article, Event
from tacitus.pipeline import code_text

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "military-times-afghanistan-ceasefire.txt"


@pytest.fixture(scope="module")
def article() -> Article:
    return code_text(EXAMPLE.read_text(encoding="utf-8"), published="2019-07-19")


def _countries(actors) -> set[str]:
    return {a.country for a in actors if a.country}


def _codes(actors) -> set[str]:
    return {a.code for a in actors if a.code}


def _find(article: Article, root: str, sentence_has: str) -> list[Event]:
    return [e for e in article.events if e.root_code == root and sentence_has in e.text]


def test_boilerplate_is_removed_and_listed(article: Article) -> None:
    assert article.text.rstrip().endswith("since the start of the war there in 2001.")
    removed = " ".join(article.removed)
    for piece in ("Leo covers Congress", "His work has earned", "In Other News", "Load More"):
        assert piece in removed
        assert piece not in article.text


def test_nothing_comes_from_the_bio(article: Article) -> None:
    for group in (article.events, article.entities, article.quotes, article.counts):
        for item in group:
            assert "Leo covers" not in item.text and "Polk award" not in item.text


def test_white_house_appeals_for_a_ceasefire(article: Article) -> None:
    (ev,) = _find(article, "02", "permanent cease-fire")
    assert _codes(ev.source) == {"USAGOV"}
    assert {"AFG"} <= _countries(ev.target)
    assert any(a.group == "TAL" or "Taliban" in a.text for a in ev.target)


def test_trump_meets_khan_in_washington_on_monday(article: Article) -> None:
    (ev,) = _find(article, "04", "will meet with Pakistan Prime Minister Imran Khan")
    assert ev.modality == "future"
    assert _codes(ev.source) == {"USAGOV"}
    assert _codes(ev.target) == {"PAKGOV"}
    assert [a.name for a in ev.target] == ["Imran Khan"]
    assert (ev.date, ev.date_precision) == ("2019-07-22", "day")
    # Washington in a White House story is the capital, not the state
    assert ev.place is not None and ev.place.country == "USA" and ev.place.feature == "city"
    assert abs(ev.place.lat - 38.9) < 0.2 and abs(ev.place.lon + 77.04) < 0.2


def test_trump_asks_khan_for_cooperation(article: Article) -> None:
    (ev,) = _find(article, "02", "concrete cooperation")
    assert _codes(ev.source) == {"USAGOV"}
    assert _countries(ev.target) == {"PAK"}
    assert ev.modality == "future"


def test_afghan_officials_meet_taliban_in_qatar_on_july_7(article: Article) -> None:
    (ev,) = _find(article, "04", "Afghan government officials met with Taliban negotiators")
    assert _codes(ev.source) == {"AFGGOV"}
    assert any(a.group == "TAL" for a in ev.target)
    assert (ev.date, ev.date_precision) == ("2019-07-07", "day")
    assert ev.place is not None and ev.place.country == "QAT"


def test_uptick_in_taliban_attacks(article: Article) -> None:
    evs = [e for e in article.events if e.root_code in ("18", "19") and "uptick in Taliban attacks" in e.text]
    assert len(evs) == 1
    assert any(a.group == "TAL" for a in evs[0].source)


def test_pompeo_hopeful_of_a_peace_deal(article: Article) -> None:
    (ev,) = _find(article, "01", "Pompeo")
    assert [a.name for a in ev.source] == ["Mike Pompeo"]
    assert _codes(ev.source) == {"USAGOV"}


def test_every_event_carries_its_evidence(article: Article) -> None:
    assert article.events
    for ev in article.events:
        assert article.text[ev.start:ev.end] == ev.text
        assert ev.trigger and ev.rule
        assert 0.0 < ev.confidence <= 1.0
        assert ev.trigger_start is not None and ev.start <= ev.trigger_start < ev.trigger_end <= ev.end
        assert ev.name and ev.quad_class in (1, 2, 3, 4) and ev.goldstein is not None
        # PLOVER has no category for CAMEO 01 (public statements); every other root maps
        assert (ev.plover.event is None) == (ev.root_code == "01")


def test_places_and_dates(article: Article) -> None:
    places = {(p.text, p.country) for p in article.places}
    assert ("Qatar", "QAT") in places and ("Washington", "USA") in places
    values = {d.text: d.value for d in article.dates}
    assert values["July 7"] == "2019-07-07"
    assert values["Monday"] == "2019-07-22"


def test_counts(article: Article) -> None:
    got = {(c.value, c.kind, c.country) for c in article.counts}
    assert (14000, "deployed", "USA") in got
    assert (13, "killed", "USA") in got
    assert any(c.value == 2400 and c.approximate and c.since == "2001" for c in article.counts)
