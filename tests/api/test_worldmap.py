"""The world-outline builder on a tiny shapefile written here (one square country)."""

from __future__ import annotations

import struct
from pathlib import Path

from tacitus.api.worldmap import build

SQUARE = [(10.0, 40.0), (20.0, 40.0), (20.0, 30.04), (10.0, 30.0), (10.0, 40.0)]


def _write_shp(path: Path, ring: list[tuple[float, float]]) -> None:
    content = struct.pack("<i4d", 5, 10.0, 30.0, 20.0, 40.0)
    content += struct.pack("<ii", 1, len(ring)) + struct.pack("<i", 0)
    content += b"".join(struct.pack("<2d", x, y) for x, y in ring)
    record = struct.pack(">ii", 1, len(content) // 2) + content
    header = struct.pack(">i20xi", 9994, (100 + len(record)) // 2)
    header += struct.pack("<ii4d32x", 1000, 5, 10.0, 30.0, 20.0, 40.0)
    path.write_bytes(header + record)


def _write_dbf(path: Path, row: dict[str, str]) -> None:
    fields = [(name, 20) for name in row]
    header_len = 32 + 32 * len(fields) + 1
    record_len = 1 + sum(n for _, n in fields)
    out = struct.pack("<B3xIHH20x", 3, 1, header_len, record_len)
    for name, n in fields:
        out += name.encode("ascii").ljust(11, b"\x00") + b"C" + b"\x00" * 4 + bytes([n]) + b"\x00" * 15
    out += b"\x0d" + b" " + b"".join(row[name].encode("utf-8").ljust(n) for name, n in fields) + b"\x1a"
    path.write_bytes(out)


def test_builds_one_svg_path_per_country(tmp_path: Path) -> None:
    _write_shp(tmp_path / "w.shp", SQUARE)
    _write_dbf(tmp_path / "w.dbf", {"iso_a3": "XYZ", "name": "Squareland", "continent": "Nowhere"})
    data = build(tmp_path / "w.shp", tmp_path / "w.dbf")
    assert data["countries"] == [{"iso": "XYZ", "name": "Squareland", "continent": "Nowhere",
                                  "d": "M10 -40L20 -40L20 -30L10 -30L10 -40Z"}]
    assert "public domain" in data["licence"]
