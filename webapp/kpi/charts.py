"""Small SVG charts rendered on the server: horizontal bars, a Pareto chart with its cumulative
line, and a trend sparkline. No JavaScript and no library: readable on a tablet and on paper.

Colours come from classes styled in app.css (the CSP allows no inline style attributes); the
presentation attributes repeat them so an exported or printed SVG keeps its colours."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

PRIMARY = "#0f5c4d"
ACCENT = "#a15c00"
MUTED = "#5b6763"
LINE = "#d9dfdc"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as shown (already formatted)
    href: str = ""


def _n(x: float) -> str:
    """A coordinate with at most one decimal."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _link(href: str, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def _svg(width: int, height: int, title: str, body: list[str], cls: str) -> Markup:
    return Markup(
        f'<svg class="chart {cls}" viewBox="0 0 {width} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet" '
        f'font-family="system-ui, sans-serif">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def bar_chart(bars: Sequence[Bar], title: str, label_width: int = 210) -> Markup:
    """One horizontal bar per item, the longest scaled to the full width, value at its end."""
    width, row, pad = 480, 40, 6
    height = max(len(bars), 1) * row + pad
    top = max((b.value for b in bars), default=0) or 1
    room = width - label_width - 90
    body = []
    for i, b in enumerate(bars):
        y = pad + i * row
        w = max(b.value / top * room, 2 if b.value else 0)
        body.append(
            _link(
                b.href,
                f'<g class="bar-row"><text x="{label_width - 8}" y="{y + 24}" text-anchor="end" '
                f'font-size="15" fill="{MUTED}" class="chart-label">{escape(b.label)}</text>'
                f'<rect x="{label_width}" y="{y + 6}" width="{_n(w)}" height="26" rx="3" '
                f'fill="{PRIMARY}" class="chart-bar"/>'
                f'<text x="{_n(label_width + w + 6)}" y="{y + 25}" font-size="17" '
                f'class="chart-value" fill="#17201d">{escape(b.text)}</text></g>',
            )
        )
    return _svg(width, height, title, body, "chart-bars")


def pareto_chart(
    bars: Sequence[Bar], cumulative: Sequence[float], title: str, cut: float = 0.8
) -> Markup:
    """Causes as bars, most frequent first, with the cumulative share as a line (right axis)
    and the 80 % line that separates the vital few from the rest."""
    width, height = 520, 380
    left, right, top, bottom = 130, 48, 22, 170
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(bars), 1)
    step = plot_w / n
    peak = max((b.value for b in bars), default=0) or 1
    base = top + plot_h
    body = [
        f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}" stroke="{MUTED}" '
        f'class="chart-axis"/>',
        f'<text x="{left - 6}" y="{top + 5}" text-anchor="end" font-size="15" fill="{MUTED}">'
        f"{escape(_count(peak))}</text>",
        f'<text x="{left - 6}" y="{base}" text-anchor="end" font-size="15" fill="{MUTED}">0</text>',
        f'<text x="{width - right + 6}" y="{top + 5}" font-size="15" fill="{ACCENT}">100%</text>',
    ]
    y_cut = base - cut * plot_h
    body.append(
        f'<line x1="{left}" y1="{_n(y_cut)}" x2="{width - right}" y2="{_n(y_cut)}" '
        f'stroke="{ACCENT}" stroke-dasharray="4 4" class="chart-cut"/>'
        f'<text x="{width - right + 6}" y="{_n(y_cut + 4)}" font-size="15" fill="{ACCENT}">'
        f"{int(cut * 100)}%</text>"
    )
    points = []
    for i, b in enumerate(bars):
        x = left + i * step
        h = b.value / peak * plot_h
        cx = x + step / 2
        label_y = base + 18
        body.append(
            _link(
                b.href,
                f'<g class="bar-col"><rect x="{_n(x + step * 0.15)}" y="{_n(base - h)}" '
                f'width="{_n(step * 0.7)}" height="{_n(h)}" rx="3" fill="{PRIMARY}" '
                f'class="chart-bar"/>'
                f'<text x="{_n(cx)}" y="{_n(base - h - 5)}" text-anchor="middle" font-size="17" '
                f'fill="#17201d" class="chart-value">{escape(b.text)}</text>'
                f'<text x="{_n(cx)}" y="{label_y}" font-size="15" fill="{MUTED}" '
                f'text-anchor="end" transform="rotate(-35 {_n(cx)} {label_y})" '
                f'class="chart-label">{escape(b.label)}</text></g>',
            )
        )
        if i < len(cumulative):
            points.append((cx, base - cumulative[i] * plot_h))
    if points:
        path = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        body.append(
            f'<polyline points="{path}" fill="none" stroke="{ACCENT}" stroke-width="2.5" '
            f'class="chart-line"/>'
        )
        body.extend(
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4" fill="{ACCENT}" class="chart-dot"/>'
            for x, y in points
        )
    return _svg(width, height, title, body, "chart-pareto")


def _count(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def sparkline(values: Sequence[float | None], title: str) -> Markup:
    """A small trend line over the last periods; gaps where a period had no data."""
    width, height, pad = 132, 36, 4
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return Markup("")
    low, high = min(known), max(known)
    span = (high - low) or 1
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    segments, current = [], []
    last = None
    for i, v in enumerate(values):
        if v is None:
            if current:
                segments.append(current)
            current = []
            continue
        point = (pad + i * step, height - pad - (v - low) / span * (height - 2 * pad))
        current.append(point)
        last = point
    if current:
        segments.append(current)
    body = [
        f'<polyline points="{" ".join(f"{_n(x)},{_n(y)}" for x, y in seg)}" fill="none" '
        f'stroke="{PRIMARY}" stroke-width="2" class="chart-line"/>'
        for seg in segments
        if len(seg) > 1
    ]
    if last:
        body.append(f'<circle cx="{_n(last[0])}" cy="{_n(last[1])}" r="3" fill="{PRIMARY}"/>')
    return _svg(width, height, title, body, "sparkline")
