"""Simple landscape drawings as SVG, made here from a few shapes: the demo stories' pictures.

Never photographs, and never a child's likeness: hills, a house, the sun, trees, books and a
lantern, in the brand's greens and oranges. Deterministic, so loading the demo twice draws the
same pictures.
"""

from __future__ import annotations

WIDTH, HEIGHT = 1200, 630

PALETTES = [
    ("#e8f3ec", "#7fb88f", "#3f7f5a", "#f2a541"),
    ("#fdf1e3", "#f4b67a", "#c9713b", "#4f8a6b"),
    ("#e9f0f8", "#8fb3d9", "#3d6a99", "#f0c05a"),
    ("#f4eefa", "#b79ad6", "#6b4f93", "#e98a6b"),
]


def _hills(palette: tuple[str, ...], seed: int) -> str:
    _sky, light, dark, _accent = palette
    a = 300 + seed * 37 % 120
    b = 360 + seed * 53 % 90
    return (
        f'<path d="M0 {a} Q300 {a - 140} 600 {a} T1200 {a - 40} V630 H0Z" fill="{light}"/>'
        f'<path d="M0 {b + 60} Q400 {b - 60} 800 {b + 40} T1200 {b} V630 H0Z" fill="{dark}"/>'
    )


MOTIFS = {
    "house": lambda p: (
        f'<rect x="760" y="330" width="190" height="140" fill="#fffaf2" stroke="{p[2]}" '
        f'stroke-width="6"/><path d="M740 340 L855 250 L970 340Z" fill="{p[3]}"/>'
        f'<rect x="835" y="400" width="40" height="70" fill="{p[2]}"/>'
    ),
    "books": lambda p: "".join(
        f'<rect x="{700 + i * 70}" y="{360 - i * 18}" width="60" height="{130 + i * 18}" '
        f'rx="6" fill="{c}"/>'
        for i, c in enumerate((p[3], p[2], p[1], "#fffaf2"))
    ),
    "lantern": lambda p: (
        f'<line x1="880" y1="120" x2="880" y2="200" stroke="{p[2]}" stroke-width="4"/>'
        f'<ellipse cx="880" cy="260" rx="70" ry="60" fill="#d9453b"/>'
        f'<rect x="850" y="310" width="60" height="18" fill="{p[3]}"/>'
    ),
    "heart": lambda p: (
        '<path d="M880 470 C760 390 760 290 830 280 C860 276 875 300 880 315 C885 300 900 276 '
        f'930 280 C1000 290 1000 390 880 470Z" fill="{p[3]}"/>'
    ),
    "trees": lambda p: "".join(
        f'<circle cx="{720 + i * 110}" cy="{330 - (i % 2) * 30}" r="55" fill="{p[2]}"/>'
        f'<rect x="{712 + i * 110}" y="{370 - (i % 2) * 30}" width="16" height="70" '
        f'fill="#7a5a3a"/>'
        for i in range(3)
    ),
    "boat": lambda p: (
        f'<path d="M720 430 H1020 L970 480 H770Z" fill="{p[2]}"/>'
        f'<path d="M870 250 V425 H780Z" fill="#fffaf2" stroke="{p[2]}" stroke-width="4"/>'
    ),
}


def landscape_svg(motif: str, seed: int, label: str) -> str:
    """An SVG landscape with one motif; ``label`` is its accessible name (<title>)."""
    palette = PALETTES[seed % len(PALETTES)]
    sky, *_ = palette
    sun_x = 180 + seed * 71 % 300
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img"><title>{_escape(label)}</title>'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{sky}"/>'
        f'<circle cx="{sun_x}" cy="150" r="70" fill="{palette[3]}" opacity="0.85"/>'
        f"{_hills(palette, seed)}{MOTIFS[motif](palette)}</svg>"
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
