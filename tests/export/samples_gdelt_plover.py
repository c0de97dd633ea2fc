"""Articles built directly from the model for the export tests (no NLP needed)."""

from __future__ import annotations

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
    Tone,
)

TEXT = (
    "Afghan forces killed 12 Taliban fighters in Kandahar on Monday, officials said. "
    "“We will not stop,” the governor said."
)


def sample_article() -> Article:
    kandahar = Place("Kandahar", 44, 52, name="Kandahar", country="AFG", admin1="Kandahar",
                     lat=31.61332, lon=65.71013, geonames_id=1138336, feature="city", admin1_code="AF.23")
    afghan = Actor("Afghan forces", 0, 13, name="Afghanistan", code="AFGMIL", country="AFG", role="MIL")
    taliban = Actor("Taliban fighters", 24, 40, name="Taliban", code="AFGINSTAL", country="AFG", role="INS",
                    group="TAL")
    event = Event(
        id="a1-e0", code="190", root_code="19", name="Use conventional military force", quad_class=4,
        goldstein=-10.0, plover=PloverType("ASSAULT", None, ["military"]), source=[afghan], target=[taliban],
        modality="asserted", reported_by=Actor("officials", 67, 76), date="2019-07-15", date_precision="day",
        place=kandahar, sentence=0, start=0, end=79, text=TEXT[:79], trigger="killed", rule="kill.dobj",
        confidence=0.82, trigger_start=14, trigger_end=20, mentions=2, sources=1, articles=1, is_root=True,
    )
    return Article(
        id="a1", text=TEXT, url="https://www.example.com/news/kandahar", source="example.com",
        title="Afghan forces strike Taliban", published="2019-07-16",
        entities=[Entity("Taliban", 24, 31, "ORG", "Taliban", taliban), Entity("Kandahar", 44, 52, "GPE")],
        places=[kandahar],
        dates=[DateRef("Monday", 56, 62, "2019-07-15", "day")],
        events=[event],
        quotes=[Quote("We will not stop,", 81, 98, Actor("the governor", 100, 112), "said")],
        counts=[Count(12, False, "killed", "Taliban fighters", "AFG", "12 Taliban fighters", 21, 40)],
        tone=Tone(-3.5, 2.0, 5.5, 7.5, 20),
        themes=["KILL", "TERROR"],
        theme_evidence=[{"theme": "KILL", "phrase": "killed", "start": 14, "end": 20},
                        {"theme": "TERROR", "phrase": "Taliban", "start": 24, "end": 31}],
    )
