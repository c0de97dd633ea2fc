"""The error catalogue: each code once, every code raised is catalogued and documented, every
message one line."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from tacitus.errors import ErrorCode, Errors, TacitusError, catalogue

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tacitus"
ERRORS_DOC = ROOT / "docs" / "ERRORS.md"
CODE = re.compile(r"\bE\d{3}\b")


def _assigned_codes() -> list[str]:
    """The names assigned in ``class Errors``, in source order (duplicates kept: at run time
    a second assignment would silently replace the first)."""
    tree = ast.parse((PACKAGE / "errors.py").read_text(encoding="utf-8"))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Errors")
    return [t.id for n in cls.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)]


def _documented_codes() -> list[str]:
    return re.findall(r"^\| `?(E\d{3})`? \|", ERRORS_DOC.read_text(encoding="utf-8"), flags=re.M)


def _fields(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def test_codes_are_unique_and_well_formed() -> None:
    names = _assigned_codes()
    assert len(names) == len(set(names)), [n for n in names if names.count(n) > 1]
    assert all(re.fullmatch(r"E\d{3}", n) for n in names), names
    assert [e.code for e in catalogue()] == sorted(names)


def test_every_code_in_the_package_is_catalogued() -> None:
    used: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        if path.name == "errors.py" and path.parent == PACKAGE:
            continue
        for code in CODE.findall(path.read_text(encoding="utf-8")):
            used.setdefault(code, str(path.relative_to(ROOT)))
    assert used, "no codes found: the scan is broken"
    missing = {c: where for c, where in used.items() if not isinstance(getattr(Errors, c, None), ErrorCode)}
    assert not missing


def test_no_error_is_made_outside_the_catalogue() -> None:
    direct = [str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py")
              if p != PACKAGE / "errors.py" and "TacitusError(" in p.read_text(encoding="utf-8")]
    assert direct == []


def test_catalogue_and_docs_list_the_same_codes() -> None:
    documented = _documented_codes()
    assert len(documented) == len(set(documented))
    assert sorted(documented) == [e.code for e in catalogue()]


def test_docs_show_each_message() -> None:
    doc = ERRORS_DOC.read_text(encoding="utf-8")
    for entry in catalogue():
        for template in entry.templates.values():
            assert template.replace("|", "\\|") in doc, (entry.code, template)


@pytest.mark.parametrize("entry", catalogue(), ids=lambda e: e.code)
def test_messages_stay_one_line(entry: ErrorCode) -> None:
    assert entry.cause and entry.fix
    for variant, template in entry.templates.items():
        assert not re.search(r"[\x00-\x1f]", template), template
        err = entry.error(variant, **{name: "bad\nvalue\r\x1b[31m" for name in _fields(template)})
        assert isinstance(err, TacitusError) and err.code == entry.code
        assert "\n" not in str(err) and "\r" not in str(err) and "\x1b" not in str(err)
        assert str(err).startswith(f"[{entry.code}] ")


def test_message_is_filled_in() -> None:
    err = Errors.E301.error("code", where="mine.tsv:3", code="999")
    assert str(err) == "[E301] mine.tsv:3: unknown CAMEO code '999'"
    assert err.message == "mine.tsv:3: unknown CAMEO code '999'"


def test_an_unknown_variant_is_a_programming_error() -> None:
    with pytest.raises(KeyError, match="E301 has no message 'nope'"):
        Errors.E301.error("nope", where="x")
    with pytest.raises(KeyError):
        Errors.E010.error("columns", name="x", choices="y")
