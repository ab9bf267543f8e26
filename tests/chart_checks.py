"""Checks every chart and report page must pass, on the drawn Figure.

``problems(fig)`` draws the figure with its own renderer and returns what is wrong, in
words (empty when all is well):

* every visible, non-empty Text artist (titles, labels, annotations, legend entries and
  the tick labels actually drawn) lies inside the figure, and overlaps no other text
  artist (both within ``EPS`` pixels);
* no two texts side by side on one line stand closer than ``MIN_GAP`` pixels: column
  numbers 10, 11, 12 drawn edge to edge read as "101112";
* no leader line (a line whose gid ends in ``-leader``, from a point to its label)
  crosses another leader or runs through a text: a name whose leader strikes through
  another name, or crosses its leader, cannot be told to belong to its own point;
* the figure is the 16:9 slide (``FIG_W`` x ``FIG_H`` inches) whatever the data;
* drawing raises no warning ("Glyph ... missing from font(s)" among them).

``draw_problems(build)`` also catches the warnings raised while building.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

EPS = 1.0  # pixels at the figure's dpi: touching is not overlapping
MIN_GAP = 3.0  # pixels (2 pt at 100 dpi): the least space that keeps two words apart
FIG_W, FIG_H = 13.333, 7.5


def _drawn_ticks(axis: Any) -> list[Any]:
    """The ticks an axis draws (those inside its view), by matplotlib's own choice."""
    update = getattr(axis, "_update_ticks", None)
    if update is not None:
        return list(update())
    return list(axis.get_major_ticks()) + list(axis.get_minor_ticks())


def text_boxes(fig: Any) -> list[tuple[str, Any]]:
    """(text, window extent) of every text the figure draws; call after drawing."""
    from matplotlib.axis import Tick
    from matplotlib.text import Text

    renderer = fig.canvas.get_renderer()
    tick_texts: set[int] = set()
    for tick in fig.findobj(Tick):
        tick_texts |= {id(tick.label1), id(tick.label2)}
    texts = [t for t in fig.findobj(Text) if id(t) not in tick_texts]
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for tick in _drawn_ticks(axis):
                texts += [tick.label1, tick.label2]
    out = []
    seen: set[int] = set()
    for t in texts:
        if id(t) in seen:
            continue
        seen.add(id(t))
        if not t.get_visible() or not t.get_text().strip() or t.get_alpha() == 0:
            continue
        if any(not a.get_visible() for a in _ancestors(t)):
            continue
        out.append((t.get_text(), t.get_window_extent(renderer)))
    return out


def _ancestors(artist: Any) -> list[Any]:
    """The axes (or legend) a text belongs to, when it has one: hidden parents hide it."""
    parents = []
    axes = getattr(artist, "axes", None)
    if axes is not None:
        parents.append(axes)
    return parents


def problems(fig: Any, *, size: bool = True) -> list[str]:
    """What is wrong with ``fig`` as a slide, one sentence each."""
    found: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
        boxes = text_boxes(fig)
    found += [f"warning: {w.message}" for w in caught]
    if size:
        w, h = fig.get_size_inches()
        if abs(w - FIG_W) > 0.01 or abs(h - FIG_H) > 0.01:
            found.append(f"page is {w:.2f} x {h:.2f} in, not {FIG_W} x {FIG_H}")
    fw, fh = fig.bbox.width, fig.bbox.height
    for text, b in boxes:
        if b.x0 < -EPS or b.y0 < -EPS or b.x1 > fw + EPS or b.y1 > fh + EPS:
            found.append(f"outside the page: {text!r}")
    for i, (text, a) in enumerate(boxes):
        for other, b in boxes[i + 1 :]:
            if min(a.x1, b.x1) - max(a.x0, b.x0) > EPS and min(a.y1, b.y1) - max(a.y0, b.y0) > EPS:
                found.append(f"overlap: {text!r} and {other!r}")
            elif _side_by_side(a, b) and -EPS <= max(b.x0 - a.x1, a.x0 - b.x1) < MIN_GAP:
                found.append(f"too close to read apart: {text!r} and {other!r}")
    found += _leader_problems(fig, boxes)
    return found


def leaders(fig: Any) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """(start, end) in pixels of every leader line the figure draws; call after drawing."""
    out = []
    for ax in fig.axes:
        for line in ax.lines:
            if line.get_visible() and str(line.get_gid() or "").endswith("-leader"):
                xy = line.get_transform().transform(line.get_xydata())
                out.append(
                    ((float(xy[0][0]), float(xy[0][1])), (float(xy[-1][0]), float(xy[-1][1])))
                )
    return out


def _leader_problems(fig: Any, boxes: list[tuple[str, Any]]) -> list[str]:
    found = []
    lines = leaders(fig)
    for i, (a0, a1) in enumerate(lines):
        for b0, b1 in lines[i + 1 :]:
            if _segments_cross(a0, a1, b0, b1):
                found.append(f"leader lines cross at ({a0[0]:.0f}, {a0[1]:.0f})")
        for text, b in boxes:  # a leader ends at its own text's edge: inside by EPS is wrong
            if _segment_in_box(a0, a1, (b.x0 + EPS, b.y0 + EPS, b.x1 - EPS, b.y1 - EPS)):
                found.append(f"leader line runs through {text!r}")
    return found


def _segments_cross(p1: Any, p2: Any, q1: Any, q2: Any) -> bool:
    def orient(a: Any, b: Any, c: Any) -> int:
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return int(v > 1e-9) - int(v < -1e-9)

    return (
        orient(p1, p2, q1) * orient(p1, p2, q2) < 0 and orient(q1, q2, p1) * orient(q1, q2, p2) < 0
    )


def _segment_in_box(p1: Any, p2: Any, box: tuple[float, float, float, float]) -> bool:
    """Whether the segment p1-p2 passes through the box's inside (Liang-Barsky)."""
    x0, y0, x1, y1 = box
    if x1 <= x0 or y1 <= y0:
        return False
    dx, dy = p2[0] - p1[0], p2[1] - p1[1]
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, p1[0] - x0), (dx, x1 - p1[0]), (-dy, p1[1] - y0), (dy, y1 - p1[1])):
        if abs(p) < 1e-12:
            if q < 0:
                return False
        elif p < 0:
            lo = max(lo, q / p)
        else:
            hi = min(hi, q / p)
    return hi - lo > 1e-6


def _side_by_side(a: Any, b: Any) -> bool:
    """Whether two boxes share a line: each covers half the other's height or more."""
    return min(a.y1, b.y1) - max(a.y0, b.y0) >= 0.5 * min(a.height, b.height)


def draw_problems(build: Callable[[], Any], *, size: bool = True) -> list[str]:
    """``problems`` of the figure ``build()`` makes, warnings while building included."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = build()
    try:
        return [f"warning: {w.message}" for w in caught] + problems(fig, size=size)
    finally:
        fig.clear()


def summary(found: list[str], limit: int = 8) -> str:
    """The first few problems, for an assertion message."""
    more = f"\n... and {len(found) - limit} more" if len(found) > limit else ""
    return "\n".join(found[:limit]) + more
