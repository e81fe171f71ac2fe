"""The registry map: an inline SVG drawn at build time from the reference coordinates.

No tiles, no script, nothing from elsewhere. Each municipality is a link with an
accessible name; status is told by shape and legend text as well as colour.
The districts are shaded as the convex hull of their municipalities' centres,
which is enough for orientation without shipping boundary data.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

from .overview import NOT_YET_KEY, STATUS_FILTERS, Row

WIDTH = 640
PAD = 28

# status -> (fill, stroke); all strokes have at least 3:1 contrast on white (WCAG 1.4.11)
COLOURS: dict[str, tuple[str, str]] = {
    "pionier": ("#1f4e8c", "#0b2547"),
    "mitmacher": ("#1e7a3c", "#0d3b1c"),
    "teilnehmer": ("#b45309", "#6b3005"),
    NOT_YET_KEY: ("#ffffff", "#6b6b6b"),
}


def shape(status: str, x: float, y: float) -> str:
    """The marker of one status at (x, y): star, square, triangle or ring."""
    fill, stroke = COLOURS[status]
    style = f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"'
    if status == "pionier":
        points = []
        for i in range(10):
            radius = 10 if i % 2 == 0 else 4.2
            angle = math.pi / 5 * i - math.pi / 2
            points.append(f"{x + radius * math.cos(angle):.1f},{y + radius * math.sin(angle):.1f}")
        return f'<polygon points="{" ".join(points)}" {style}/>'
    if status == "mitmacher":
        return f'<rect x="{x - 5.5:.1f}" y="{y - 5.5:.1f}" width="11" height="11" {style}/>'
    if status == "teilnehmer":
        return f'<polygon points="{x:.1f},{y - 7:.1f} {x + 6.5:.1f},{y + 5:.1f} {x - 6.5:.1f},{y + 5:.1f}" {style}/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" {style}/>'


def legend_icon(status: str) -> str:
    """A small standalone SVG of the marker, for the HTML legend (decorative: the text says it)."""
    return f'<svg class="scs-map-icon" width="22" height="22" viewBox="0 0 22 22" aria-hidden="true" focusable="false">{shape(status, 11, 12)}</svg>'


class Projection:
    """Equirectangular, scaled by cos(latitude): fine for a region this small."""

    def __init__(self, rows: list[Row]):
        lats = [r.place.lat for r in rows]
        lons = [r.place.lon for r in rows]
        self.north, self.west = max(lats), min(lons)
        self.kx = math.cos(math.radians(sum(lats) / len(lats)))
        span_x = (max(lons) - self.west) * self.kx
        span_y = self.north - min(lats)
        self.scale = (WIDTH - 2 * PAD) / span_x
        self.height = round(span_y * self.scale + 2 * PAD)

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        return PAD + (lon - self.west) * self.kx * self.scale, PAD + (self.north - lat) * self.scale


def convex_hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Andrew's monotone chain."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def half(seq):
        chain: list[tuple[float, float]] = []
        for p in seq:
            while len(chain) >= 2 and (chain[-1][0] - chain[-2][0]) * (p[1] - chain[-2][1]) - (chain[-1][1] - chain[-2][1]) * (p[0] - chain[-2][0]) <= 0:
                chain.pop()
            chain.append(p)
        return chain[:-1]

    return half(pts) + half(reversed(pts))


def render_map(rows: list[Row], link: Callable[[Row], str], caption_id: str = "scs-map-caption") -> str:
    """The SVG markup (one line per element); ``link`` gives each municipality's href."""
    project = Projection(rows)
    height = project.height
    out = [
        f'<svg class="scs-map" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="group" aria-labelledby="{caption_id}" xmlns="http://www.w3.org/2000/svg">',
        '<style>.scs-map a:focus-visible>*,.scs-map a:hover>*{stroke:#000;stroke-width:3}</style>',
        f'<rect width="{WIDTH}" height="{height}" fill="#f7f7f5"/>',
    ]
    districts: dict[str, list[tuple[float, float]]] = {}
    for row in rows:
        districts.setdefault(row.place.kreis, []).append(project(row.place.lat, row.place.lon))
    out.append('<g aria-hidden="true">')
    for kreis, points in districts.items():
        hull = convex_hull(points)
        cx = sum(p[0] for p in points) / len(points)
        cy = sum(p[1] for p in points) / len(points)
        out.append(f'<polygon points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in hull)}" fill="#e3e8ee" '
                   f'fill-opacity="0.6" stroke="#8a96a3" stroke-width="1" stroke-linejoin="round"/>')
        out.append(f'<text x="{cx:.1f}" y="{cy + 22:.1f}" text-anchor="middle" font-size="12" fill="#3d4650" '
                   f'stroke="#f7f7f5" stroke-width="3" paint-order="stroke">{escape(kreis)}</text>')
    out.append("</g>")
    # Municipalities taking part are drawn last, so they stay on top and clickable.
    for row in sorted(rows, key=lambda r: r.registration is not None):
        x, y = project(row.place.lat, row.place.lon)
        name = f"{row.place.name}: {row.status_label}"
        out.append(f'<a class="scs-map-point scs-map-{row.status_key}" href="{escape(link(row))}" aria-label="{escape(name)}">'
                   f"<title>{escape(name)}</title>{shape(row.status_key, x, y)}</a>")
    for row in rows:
        if row.status_key == "pionier":
            x, y = project(row.place.lat, row.place.lon)
            out.append(f'<text x="{x + 12:.1f}" y="{y + 4:.1f}" font-size="12" font-weight="bold" fill="#0b2547" '
                       f'stroke="#f7f7f5" stroke-width="3" paint-order="stroke" aria-hidden="true">{escape(row.place.name)}</text>')
    out.append("</svg>")
    return "".join(out)


LEGEND = [(key, label) for key, label in STATUS_FILTERS.items()]
