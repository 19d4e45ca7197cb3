"""The year at a glance: events per month (or per year), stacked by category, as SVG.

Pure logic, free of Sphinx: counting, and the SVG text. No JavaScript, no request:
colours are the CSS custom properties of kok-categories.css.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape

from .model import Event

WIDTH, HEIGHT = 640, 220
TOP, BOTTOM, LEFT, RIGHT = 12, 34, 34, 8


@dataclass(frozen=True)
class Bar:
    key: str  # 2020-01 or 2020
    label: str  # as shown under the bar: Jan, 2020
    name: str  # in full, for the table and the description: Januar 2020
    counts: tuple[tuple[str, int], ...]  # per category key, in configured order

    @property
    def total(self) -> int:
        return sum(count for _, count in self.counts)


def count(groups: Iterable[tuple[str, str, str, Sequence[Event]]], category_keys: Sequence[str]) -> list[Bar]:
    """One bar per group (key, short label, full name, events)."""
    bars = []
    for key, label, name, events in groups:
        counts = tuple((category, sum(1 for e in events if e.category == category)) for category in category_keys)
        bars.append(Bar(key, label, name, counts))
    return bars


def month_labels(months: Sequence[tuple[int, int]], short: Callable[[tuple[int, int]], str]) -> list[str]:
    """Short labels under the bars of (year, month); a label that would show twice (a page from
    December of the year before to December of its year) carries its year's last two digits:
    ``Dez. 21`` … ``Dez. 22``, while every other month keeps its short name alone."""
    labels = [short(month) for month in months]
    repeated = {label for label in labels if labels.count(label) > 1}
    return [
        f"{label} {year % 100:02d}" if label in repeated else label
        for label, (year, _) in zip(labels, months, strict=True)
    ]


def german_count(number: int) -> str:
    return "1 Ereignis" if number == 1 else f"{number} Ereignisse"


def svg(
    bars: Sequence[Bar],
    labels: dict[str, str],
    title: str,
    element_id: str,
    count_events: Callable[[int], str] = german_count,
) -> str:
    """A stacked bar chart with its own title and description, for screen readers too
    (``count_events``: ``1 Ereignis``, ``5 Ereignisse`` in the edition's language)."""
    highest = max((bar.total for bar in bars), default=0) or 1
    plot_height = HEIGHT - TOP - BOTTOM
    step = (WIDTH - LEFT - RIGHT) / max(len(bars), 1)
    width = step * 0.7
    description = describe(bars, labels, count_events)
    parts = [
        f'<svg class="kok-chart-svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{element_id}-title {element_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{element_id}-title">{escape(title)}</title>',
        f'<desc id="{element_id}-desc">{escape(description)}</desc>',
    ]
    for tick in _ticks(highest):
        y = TOP + plot_height * (1 - tick / highest)
        parts.append(f'<line class="kok-chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text class="kok-chart-axis" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
    for index, bar in enumerate(bars):
        x = LEFT + index * step + (step - width) / 2
        bottom = float(TOP + plot_height)
        for category, number in bar.counts:
            if not number:
                continue
            height = plot_height * number / highest
            bottom -= height
            parts.append(
                f'<rect class="kok-chart-bar kok-category-{category}" data-bar="{bar.key}" data-category="{category}" '
                f'data-count="{number}" x="{x:.1f}" y="{bottom:.1f}" width="{width:.1f}" height="{height:.1f}">'
                f"<title>{escape(bar.name)}: {number} {escape(labels.get(category, category))}</title></rect>"
            )
        parts.append(
            f'<text class="kok-chart-axis" x="{x + width / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" '
            f'text-anchor="middle">{escape(bar.label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def describe(bars: Sequence[Bar], labels: dict[str, str], count_events: Callable[[int], str] = german_count) -> str:
    """The numbers in words: ``Januar 2020: 6 Ereignisse (Veranstaltung 5, Politik 1); …``."""
    items = []
    for bar in bars:
        detail = ", ".join(f"{labels.get(category, category)} {number}" for category, number in bar.counts if number)
        items.append(f"{bar.name}: {count_events(bar.total)}" + (f" ({detail})" if detail else ""))
    return "; ".join(items) + "."


def _ticks(highest: int) -> list[int]:
    step = max(1, -(-highest // 4))
    return list(range(0, highest + 1, step))
