"""The article's places give its actors a country until a government is named: the pipeline
hands the geo stage's main place country to the actors stage as a hint."""

from tacitus.pipeline import code_text


def _sources(text: str) -> list[list[str | None]]:
    return [[a.code for a in ev.source] for ev in code_text(text, published="2024-05-06").events]


def test_a_local_story_gives_its_police_the_country_of_its_places() -> None:
    assert _sources("Police arrested 20 protesters outside City Hall in Philadelphia on Monday.") == [["USACOP"]]


def test_without_a_place_the_police_stay_without_a_country() -> None:
    assert _sources("Police arrested 20 protesters outside City Hall on Monday.") == [["COP"]]


def test_a_named_government_outweighs_the_places() -> None:
    text = ("The Kenyan government said on Monday it would send aid to Uganda. "
            "Police arrested 20 protesters outside City Hall in Philadelphia.")
    assert _sources(text)[-1] == ["KENCOP"]


def test_an_unknown_person_does_not_take_the_country_of_the_places() -> None:
    text = "Protesters marched in Philadelphia on Monday. Bartholomew Quince said the march was calm."
    coded = code_text(text, published="2024-05-06")
    speaker = [a for ev in coded.events for a in ev.source if a.text.startswith("Bartholomew")]
    assert speaker and all(a.country is None for a in speaker)
