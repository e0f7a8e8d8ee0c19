"""How well the match score is calibrated: expected calibration error, the score where precision
reaches 0.9, and a reliability diagram written as plain SVG text."""

from __future__ import annotations

from html import escape
from pathlib import Path

Pair = tuple[float, bool]  # a shown match's score, whether it is a relevant record
BINS = 10


def bins(pairs: list[Pair], n: int = BINS) -> list[tuple[float, float, int]]:
    """(mean score, share relevant, count) of each non-empty equal-width bin of scores."""
    grouped: list[list[Pair]] = [[] for _ in range(n)]
    for score, relevant in pairs:
        grouped[min(int(score * n), n - 1)].append((score, relevant))
    return [
        (sum(s for s, _ in group) / len(group), sum(1 for _, r in group if r) / len(group), len(group))
        for group in grouped
        if group
    ]


def expected_calibration_error(pairs: list[Pair], n: int = BINS) -> float:
    """The mean gap between score and share relevant, bins weighted by their size."""
    return sum(count * abs(mean - share) for mean, share, count in bins(pairs, n)) / max(len(pairs), 1)


def precision_threshold(pairs: list[Pair], target: float = 0.9) -> float | None:
    """The lowest score t such that the matches scoring >= t have precision >= target (None: never)."""
    ordered = sorted(pairs, key=lambda p: -p[0])
    hits = 0
    best: float | None = None
    for i, (score, relevant) in enumerate(ordered, start=1):
        hits += relevant
        # Only where the next score differs: a threshold can't split equal scores.
        if (i == len(ordered) or ordered[i][0] < score) and hits / i >= target:
            best = score
    return best


def reliability_svg(curves: dict[str, list[Pair]], path: Path, title: str) -> None:
    """A reliability diagram: share relevant against mean score per bin, one line per curve."""
    size, margin = 360, 48
    colours = ["#1f77b4", "#d62728", "#2ca02c"]

    def xy(x: float, y: float) -> tuple[float, float]:
        return margin + x * size, margin + (1 - y) * size

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size + 2 * margin + 170}" height="{size + 2 * margin}"'
        ' font-family="sans-serif" font-size="12">',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{margin}" y="20" font-size="14">{escape(title)}</text>',
    ]
    for tick in range(0, 11, 2):
        v = tick / 10
        x, y = xy(v, v)
        parts.append(f'<line x1="{x}" y1="{margin}" x2="{x}" y2="{margin + size}" stroke="#eee"/>')
        parts.append(f'<line x1="{margin}" y1="{y}" x2="{margin + size}" y2="{y}" stroke="#eee"/>')
        parts.append(f'<text x="{x}" y="{margin + size + 16}" text-anchor="middle">{v:.1f}</text>')
        parts.append(f'<text x="{margin - 6}" y="{y + 4}" text-anchor="end">{v:.1f}</text>')
    (x0, y0), (x1, y1) = xy(0, 0), xy(1, 1)
    parts.append(f'<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y1}" stroke="#999" stroke-dasharray="4 4"/>')
    parts.append(f'<rect x="{margin}" y="{margin}" width="{size}" height="{size}" fill="none" stroke="#333"/>')
    parts.append(f'<text x="{margin + size / 2}" y="{margin + size + 34}" text-anchor="middle">score shown</text>')
    parts.append(
        f'<text x="14" y="{margin + size / 2}" text-anchor="middle" transform="rotate(-90 14 {margin + size / 2})">'
        "share that is the same claim</text>"
    )
    for i, (name, pairs) in enumerate(curves.items()):
        colour = colours[i % len(colours)]
        points = [(xy(mean, share), count) for mean, share, count in bins(pairs)]
        path_d = " ".join(f"{x:.1f},{y:.1f}" for (x, y), _ in points)
        parts.append(f'<polyline points="{path_d}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for (x, y), count in points:
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{2 + min(count, 400) ** 0.5 / 4:.1f}" fill="{colour}"/>'
            )
        ly = margin + 20 * i + 10
        parts.append(f'<rect x="{margin + size + 16}" y="{ly - 9}" width="12" height="12" fill="{colour}"/>')
        ece = expected_calibration_error(pairs)
        parts.append(f'<text x="{margin + size + 34}" y="{ly + 1}">{escape(name)} (ECE {ece:.3f})</text>')
    parts.append(
        f'<text x="{margin + size + 16}" y="{margin + 80}" fill="#555">dots: one per bin of 0.1,</text>'
        f'<text x="{margin + size + 16}" y="{margin + 96}" fill="#555">area ~ matches in it</text>'
    )
    parts.append("</svg>")
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
