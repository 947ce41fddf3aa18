"""Small charts drawn on the server as inline SVG: they show with JavaScript off and load
nothing. Only numbers and ISO days go into the markup; every label is escaped."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from markupsafe import Markup

MAX_BARS = 60  # a longer span is drawn in buckets of several days


def coverage_bar(independent: int, copies: int, width: int = 120, height: int = 10) -> Markup:
    """Independent articles (dark) against syndicated copies (light), in proportion."""
    total = max(independent + copies, 1)
    solid = round(width * independent / total)
    label = f"{independent} independent, {copies} cop{'y' if copies == 1 else 'ies'}"
    return Markup(
        f'<svg class="bar" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f"<title>{escape(label)}</title>"
        f'<rect class="independent" width="{solid}" height="{height}"/>'
        f'<rect class="copies" x="{solid}" width="{width - solid}" height="{height}"/></svg>'
    )


def day_chart(
    days: list[tuple[str | None, int]], marked: frozenset[str] = frozenset(), width: int = 160, height: int = 28
) -> Markup:
    """Articles per publication day from the first day to the last (undated ones left out);
    days in ``marked`` (timeline events) are drawn in the accent colour."""
    counts = {date.fromisoformat(day): n for day, n in days if day}
    if not counts:
        return Markup('<span class="meta">undated</span>')
    first, last = min(counts), max(counts)
    span = (last - first).days + 1
    step = -(-span // MAX_BARS)  # days per bar, rounded up
    bars = -(-span // step)
    totals = [0] * bars
    hits = [False] * bars
    for day, n in counts.items():
        totals[(day - first).days // step] += n
    for day in marked:
        if len(day) == 10 and first.isoformat() <= day <= last.isoformat():
            hits[(date.fromisoformat(day) - first).days // step] = True
    peak = max(totals)
    slot = width / bars
    rects = []
    for i, total in enumerate(totals):
        if not total and not hits[i]:
            continue
        h = max(round((height - 2) * total / peak), 1) if total else 2
        start = first + timedelta(days=i * step)
        tip = f"{start.isoformat()}: {total} article{'s' if total != 1 else ''}" + (" (event)" if hits[i] else "")
        rects.append(
            f'<rect class="{"event" if hits[i] else "day"}" x="{i * slot:.1f}" y="{height - h}" '
            f'width="{max(slot - 1, 1):.1f}" height="{h}"><title>{escape(tip)}</title></rect>'
        )
    label = f"articles per {'day' if step == 1 else f'{step} days'}, {first.isoformat()} to {last.isoformat()}"
    return Markup(
        f'<svg class="days" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f"<title>{escape(label)}</title>{''.join(rects)}</svg>"
    )
