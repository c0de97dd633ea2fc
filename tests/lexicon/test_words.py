"""The word-class loader: the shipped file, and file:line errors for bad rows."""

from __future__ import annotations

import pytest

from tacitus.errors import TacitusError
from tacitus.lexicon.words import parse_word_classes, word_class, word_classes


def test_the_shipped_classes_load() -> None:
    classes = word_classes().classes
    assert {"WEAPON", "PROTESTER", "PROJECTILE"} <= set(classes)
    assert "drone" in word_class("WEAPON") and "demonstrator" in word_class("PROTESTER")


def test_a_file_parses_to_classes() -> None:
    parsed = parse_word_classes("# source: test\nclass\tlemma\nVEHICLE\tcar\nVEHICLE\ttruck\nBOAT_2\tferry\n")
    assert dict(parsed.classes) == {"VEHICLE": frozenset({"car", "truck"}), "BOAT_2": frozenset({"ferry"})}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("VEHICLE\tcar\ttruck\n", "[E304] mine.tsv:1: expected 2 tab-separated columns (class, lemma), got 3"),
        ("# c\nvehicle\tcar\n", "[E304] mine.tsv:2: class name 'vehicle' must be upper case (A-Z, 0-9, _)"),
        ("VEHICLE\tCar\n", "[E304] mine.tsv:1: lemma 'Car' must be a lower-case word"),
        ("VEHICLE\tcar\n\nVEHICLE\tcar\n", "[E304] mine.tsv:3: 'car' is listed twice in class VEHICLE"),
    ],
)
def test_bad_rows_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(TacitusError) as err:
        parse_word_classes(text, "mine.tsv")
    assert str(err.value) == message


def test_an_unknown_class_name_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="no word class 'BOATS'"):
        word_class("BOATS")
