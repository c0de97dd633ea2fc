from tacitus.eval.report import Report, Table, prf


def test_markdown_report() -> None:
    r = Report("geo", [Table("detection", ["set", "precision", "note"], [["LGL", 0.81234, "a|b"]])],
               notes=["first 10 articles"])
    assert r.to_markdown() == (
        "### geo\n\n**detection**\n\n| set | precision | note |\n|---|---|---|\n"
        "| LGL | 0.812 | a\\|b |\n\n- first 10 articles\n"
    )


def test_prf() -> None:
    assert prf(8, 2, 8) == (0.8, 0.5, 0.8 * 0.5 * 2 / 1.3)
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)
