"""Publication-date normalisation and the English check."""

from __future__ import annotations

import time
from datetime import date, datetime

import pytest

from tacitus.ingest import detect_language, normalise_date

from .helpers import ENGLISH, EXAMPLE


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2019-07-19", "2019-07-19"),
        ("2019-07-19T22:10:00-04:00", "2019-07-19"),
        ("2019/7/9", "2019-07-09"),
        ("20190719", "2019-07-19"),
        ("2019-07", "2019-07"),
        ("2019", "2019"),
        ("Fri, 19 Jul 2019 22:10:00 -0400", "2019-07-19"),
        ("July 19, 2019", "2019-07-19"),
        ("19 July 2019", "2019-07-19"),
        (datetime(2019, 7, 19, 23, 59), "2019-07-19"),
        (date(2019, 7, 19), "2019-07-19"),
        (time.strptime("2019-07-19", "%Y-%m-%d"), "2019-07-19"),
        (1563494400, "2019-07-19"),
        ("2019-02-30", None),
        ("2019-13", None),
        ("0001-01-01", None),
        ("yesterday", None),
        ("July 2019", None),
        ("", None),
        (None, None),
        (True, None),
        (["2019-07-19"], None),
    ],
)
def test_normalise_date(value: object, expected: str | None) -> None:
    assert normalise_date(value) == expected


@pytest.mark.parametrize(
    "text,english,code",
    [
        (ENGLISH, True, "en"),
        (
            "Le Premier ministre a démissionné lundi soir après la défaite de son parti aux "
            "élections régionales, a annoncé la présidence dans un communiqué.",
            False,
            "fr",
        ),
        (
            "El ministro de Defensa anunció el jueves que el ejército enviará más tropas a la "
            "frontera norte para frenar el contrabando de armas en la región.",
            False,
            "es",
        ),
        (
            "O ministro da Economia disse nesta quarta-feira que o governo não vai aumentar os "
            "impostos sobre os combustíveis até ao fim do ano.",
            False,
            "pt",
        ),
        (
            "De regering heeft woensdag besloten om de belasting op brandstof niet te verhogen, "
            "zei de minister van Financiën na overleg met de vakbonden.",
            False,
            "nl",
        ),
        (
            "Der Außenminister ist am Montag zu Gesprächen über einen Waffenstillstand nach "
            "Kairo gereist, teilte das Ministerium in Berlin mit.",
            False,
            "de",
        ),
        ("Министр обороны заявил в четверг, что армия направит дополнительные войска к границе.", False, "ru"),
        ("국방부는 목요일 군이 국경에 추가 병력을 파견할 것이라고 밝혔다.", False, "hangul"),
        ("Ceasefire talks resume in Doha", True, "en"),
    ],
)
def test_detect_language(text: str, english: bool, code: str) -> None:
    guess = detect_language(text)
    assert (guess.english, guess.code) == (english, code)


def test_example_article_is_english() -> None:
    assert detect_language(EXAMPLE.read_text("utf-8")).english


def test_english_heavy_in_names_is_still_english() -> None:
    text = (
        "Kabul, Kandahar, Herat, Mazar-i-Sharif and Jalalabad reported attacks on Monday. "
        "Taliban fighters struck checkpoints in Helmand, Uruzgan, Zabul, Ghazni and Paktia, "
        "officials in Kabul said, and Afghan forces responded with air strikes."
    )
    assert detect_language(text).english
