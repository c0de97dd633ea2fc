"""``Article.to_dict`` builds exactly what ``dataclasses.asdict`` builds (it is only faster)."""

from __future__ import annotations

import dataclasses
import json
from collections import namedtuple

from tacitus.model import plain
from tacitus.pipeline import code_text


def test_coded_article_record_equals_asdict():
    text = ("Afghan President Ashraf Ghani met U.S. envoy Zalmay Khalilzad in Kabul on Monday. "
            '"We want peace," Ghani said. Taliban fighters attacked a checkpoint in Kandahar, killing 12 soldiers.')
    art = code_text(text, "2019-07-19")
    assert art.events  # a record with nested dataclasses all the way down
    fast, slow = art.to_dict(), dataclasses.asdict(art)
    assert fast == slow
    assert json.dumps(fast, ensure_ascii=False) == json.dumps(slow, ensure_ascii=False)


def test_plain_follows_asdict_for_other_types():
    Point = namedtuple("Point", "x y")

    @dataclasses.dataclass
    class Inner:
        values: tuple
        point: Point
        tags: set

    @dataclasses.dataclass
    class Outer:
        inner: Inner
        items: list
        table: dict

    obj = Outer(Inner((1, [2, 3]), Point(1.5, None), {"a"}), [Inner((), Point(0, 0), set())], {"k": [True]})
    assert plain(obj) == dataclasses.asdict(obj)
    assert type(plain(obj)["inner"]["point"]) is Point
    copy_of = plain(obj)["inner"]["tags"]
    assert copy_of == {"a"} and copy_of is not obj.inner.tags
