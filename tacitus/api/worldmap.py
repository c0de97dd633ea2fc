"""Build the dashboard's shipped world outline from a Natural Earth 110m countries shapefile.

Run once, offline, by a maintainer (not at serve time)::

    python -m tacitus.api.worldmap ne_110m.shp ne_110m.dbf tacitus/api/static/world-110m.json

The shapefile used for the shipped file is ``naturalearth_lowres`` as packaged in the
geopandas 0.14.4 wheel (Natural Earth 110m admin-0 countries, public domain). The output is
one SVG path per country in plate carrée coordinates (x = longitude, y = -latitude), so the
browser draws it with no projection code and places points at ``(lon, -lat)``.
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path
from typing import Any

# Decimal places kept for coordinates: 1 decimal (about 11 km) is below the 110m source's
# own resolution and keeps the file near 100 KB.
COORD_DECIMALS = 1
SHAPE_POLYGON = 5


def read_dbf(path: Path) -> list[dict[str, str]]:
    """Records of a dBASE III file as strings (enough for the name and code columns)."""
    data = path.read_bytes()
    n_records, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields = []
    pos = 32
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\x00")[0].decode("ascii")
        length = data[pos + 16]
        fields.append((name, length))
        pos += 32
    out = []
    for i in range(n_records):
        rec = data[header_len + i * record_len: header_len + (i + 1) * record_len]
        off = 1  # deletion flag
        row = {}
        for name, length in fields:
            row[name] = rec[off:off + length].decode("utf-8", "replace").strip()
            off += length
        out.append(row)
    return out


def read_polygons(path: Path) -> list[list[list[tuple[float, float]]]]:
    """Rings of every polygon record of an ESRI shapefile, in file order."""
    data = path.read_bytes()
    pos = 100
    shapes = []
    while pos < len(data):
        _, content_words = struct.unpack(">II", data[pos:pos + 8])
        start = pos + 8
        shape_type = struct.unpack("<i", data[start:start + 4])[0]
        rings: list[list[tuple[float, float]]] = []
        if shape_type == SHAPE_POLYGON:
            n_parts, n_points = struct.unpack("<ii", data[start + 36:start + 44])
            parts = list(struct.unpack(f"<{n_parts}i", data[start + 44:start + 44 + 4 * n_parts]))
            pts_off = start + 44 + 4 * n_parts
            coords = struct.unpack(f"<{2 * n_points}d", data[pts_off:pts_off + 16 * n_points])
            parts.append(n_points)
            for a, b in zip(parts, parts[1:], strict=False):
                rings.append([(coords[2 * k], coords[2 * k + 1]) for k in range(a, b)])
        shapes.append(rings)
        pos = start + 2 * content_words
    return shapes


def ring_path(ring: list[tuple[float, float]]) -> str:
    """An SVG subpath with consecutive duplicate points (after rounding) dropped."""
    pts: list[str] = []
    last = None
    for lon, lat in ring:
        p = f"{round(lon, COORD_DECIMALS):g} {round(-lat, COORD_DECIMALS):g}"
        if p != last:
            pts.append(p)
            last = p
    if len(pts) < 3:
        return ""
    return "M" + "L".join(pts) + "Z"


def build(shp: Path, dbf: Path) -> dict[str, Any]:
    records = read_dbf(dbf)
    shapes = read_polygons(shp)
    countries = []
    for rec, rings in zip(records, shapes, strict=True):
        d = "".join(ring_path(r) for r in rings)
        if d:
            countries.append({"iso": rec.get("iso_a3", ""), "name": rec.get("name", ""),
                              "continent": rec.get("continent", ""), "d": d})
    return {
        "source": "Natural Earth 110m admin-0 countries (naturalearthdata.com), as packaged "
                  "in geopandas 0.14.4 datasets/naturalearth_lowres",
        "licence": "public domain (Natural Earth terms of use)",
        "projection": "plate carree: x = longitude, y = -latitude",
        "countries": countries,
    }


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 3:
        print("usage: python -m tacitus.api.worldmap SHP DBF OUT.json", file=sys.stderr)
        return 2
    shp, dbf, out = (Path(a) for a in args)
    Path(out).write_text(json.dumps(build(shp, dbf), separators=(",", ":")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
