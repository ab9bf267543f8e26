"""Label placement without overlaps: deterministic, pure geometry (no matplotlib).

Boxes are ``(x0, y0, x1, y1)`` in any one unit (the charts use typographic points in
display space). :func:`place_labels` puts a label beside each anchor point: it tries a
fixed list of positions around the point (right, left, right or left half a line lower
or higher, above, below, the diagonals, then the same further out), takes the first that
hits no label placed so far, no obstacle and stays in bounds, and then nudges any
remaining overlaps apart pair by pair along the axis of least overlap until none is left
or the iteration budget is spent; finally two labels whose leader lines would cross swap
places when that creates no overlap. Same input, same output.

:func:`spread_1d` does the one-dimensional version for labels stacked at the end of
lines (a trend chart's right edge).
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["Box", "boxes_overlap", "overlap_count", "place_labels", "spread_1d"]

Box = tuple[float, float, float, float]

# (dx, dy) directions for candidate positions, in order of preference.
_DIRECTIONS = (
    (1, 0),
    (-1, 0),
    (1, -0.5),
    (1, 0.5),
    (-1, -0.5),
    (-1, 0.5),
    (0, 1),
    (0, -1),
    (1, 1),
    (1, -1),
    (-1, 1),
    (-1, -1),
)


def boxes_overlap(a: Box, b: Box, pad: float = 0.0) -> bool:
    return a[0] - pad < b[2] and b[0] - pad < a[2] and a[1] - pad < b[3] and b[1] - pad < a[3]


def overlap_count(boxes: Sequence[Box], pad: float = 0.0) -> int:
    """How many pairs of boxes intersect (0 is what the charts assert)."""
    return sum(
        boxes_overlap(boxes[i], boxes[j], pad)
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
    )


def _box(cx: float, cy: float, w: float, h: float) -> Box:
    return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def _inside(box: Box, bounds: Box | None) -> bool:
    return bounds is None or (
        box[0] >= bounds[0] and box[1] >= bounds[1] and box[2] <= bounds[2] and box[3] <= bounds[3]
    )


def _clamp(cx: float, cy: float, w: float, h: float, bounds: Box | None) -> tuple[float, float]:
    if bounds is None:
        return cx, cy
    cx = min(max(cx, bounds[0] + w / 2), bounds[2] - w / 2)
    cy = min(max(cy, bounds[1] + h / 2), bounds[3] - h / 2)
    return cx, cy


def _area(a: Box, b: Box, pad: float) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0]) + pad
    h = min(a[3], b[3]) - max(a[1], b[1]) + pad
    return w * h if w > 0 and h > 0 else 0.0


def _distance(box: Box, x: float, y: float) -> float:
    """From a point to the nearest point of a box (0 inside)."""
    dx = max(box[0] - x, 0.0, x - box[2])
    dy = max(box[1] - y, 0.0, y - box[3])
    return (dx * dx + dy * dy) ** 0.5


AMBIGUITY = 0.3  # cost, as a share of the label's area, of sitting nearer another point


def place_labels(
    anchors: Sequence[tuple[float, float]],
    sizes: Sequence[tuple[float, float]],
    *,
    obstacles: Sequence[Box] = (),
    bounds: Box | None = None,
    gap: float | Sequence[float] = 6.0,
    pad: float = 2.0,
    iterations: int = 400,
    order: Sequence[int] | None = None,
) -> list[tuple[float, float]]:
    """Centres for labels of ``sizes`` (w, h) next to ``anchors`` (x, y), overlap-free.

    ``obstacles`` (markers, fixed texts) are avoided but never moved; ``bounds`` keeps
    every label inside a box; ``gap`` is the distance from anchor to label edge (one
    value, or one per label: a big marker needs more); ``pad`` the minimum clearance
    between two labels; ``order`` the indices in the order labels choose their place
    (the first get their preferred side); input order if None. A place nearer to
    another anchor than to the label's own costs a little, so a name does not seem to
    belong to its neighbour.
    """
    anchors = [(float(x), float(y)) for x, y in anchors]
    sizes = [(float(w), float(h)) for w, h in sizes]
    n = len(anchors)
    gaps = [float(gap)] * n if isinstance(gap, int | float) else [float(g) for g in gap]
    centres: list[tuple[float, float]] = [(0.0, 0.0)] * n
    done: list[Box] = []
    for i in order if order is not None else range(n):
        ax, ay = anchors[i]
        w, h = sizes[i]
        best: tuple[float, float] = (ax, ay)  # replaced by the first candidate
        best_cost: float | None = None
        for reach in (1.0, 2.5, 4.5, 7.0, 10.0, 14.0):
            for dx, dy in _DIRECTIONS:
                cx = ax + dx * (gaps[i] * reach + w / 2)
                cy = ay + dy * (gaps[i] * reach + h / 2)
                box = _box(cx, cy, w, h)
                cost = (
                    sum(_area(box, b, pad) for b in done)
                    + sum(_area(box, o, 0.0) for o in obstacles)
                    + (0.0 if _inside(box, bounds) else w * h)
                )
                own = _distance(box, ax, ay)
                if any(_distance(box, *anchors[j]) < own for j in range(n) if j != i):
                    cost += AMBIGUITY * w * h
                if best_cost is None or cost < best_cost - 1e-9:
                    best, best_cost = (cx, cy), cost
                if cost == 0:
                    break
            if best_cost == 0:
                break
        cx, cy = _clamp(best[0], best[1], w, h, bounds)
        centres[i] = (cx, cy)
        done.append(_box(cx, cy, w, h))
    centres = _nudge(centres, sizes, obstacles, bounds, pad, iterations)
    return _untangle(anchors, centres, sizes, obstacles, bounds, pad)


def _crosses(p1, p2, q1, q2) -> bool:
    """Whether segments p1-p2 and q1-q2 properly intersect."""

    def orient(a, b, c):
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return int(v > 1e-9) - int(v < -1e-9)

    return (
        orient(p1, p2, q1) * orient(p1, p2, q2) < 0 and orient(q1, q2, p1) * orient(q1, q2, p2) < 0
    )


def _untangle(anchors, centres, sizes, obstacles, bounds, pad, passes: int = 3):
    """Swap the places of two labels whose leader lines cross, when the swap is clean."""
    centres = list(centres)
    n = len(centres)

    def clean(i: int, c: tuple[float, float]) -> bool:
        box = _box(*c, *sizes[i])
        return (
            _inside(box, bounds)
            and not any(boxes_overlap(box, o) for o in obstacles)
            and not any(
                boxes_overlap(box, _box(*centres[k], *sizes[k]), pad) for k in range(n) if k != i
            )
        )

    for _ in range(passes):
        swapped = False
        for i in range(n):
            for j in range(i + 1, n):
                if not _crosses(anchors[i], centres[i], anchors[j], centres[j]):
                    continue
                ci, cj = centres[i], centres[j]
                centres[i], centres[j] = cj, ci
                if clean(i, cj) and clean(j, ci):
                    swapped = True
                else:
                    centres[i], centres[j] = ci, cj
        if not swapped:
            break
    return centres


def _nudge(centres, sizes, obstacles, bounds, pad, iterations):
    """Push overlapping labels apart along the axis of least overlap, half each."""
    centres = [list(c) for c in centres]
    n = len(centres)
    for _ in range(iterations):
        moved = False
        boxes = [_box(*centres[i], *sizes[i]) for i in range(n)]
        for i in range(n):
            for j in range(i + 1, n):
                a, b = boxes[i], boxes[j]
                if not boxes_overlap(a, b, pad):
                    continue
                ox = min(a[2], b[2]) - max(a[0], b[0]) + pad
                oy = min(a[3], b[3]) - max(a[1], b[1]) + pad
                if ox < oy:
                    sign = 1 if centres[i][0] >= centres[j][0] else -1
                    centres[i][0] += sign * ox / 2 + sign * 0.01
                    centres[j][0] -= sign * ox / 2 + sign * 0.01
                else:
                    sign = 1 if centres[i][1] >= centres[j][1] else -1
                    centres[i][1] += sign * oy / 2 + sign * 0.01
                    centres[j][1] -= sign * oy / 2 + sign * 0.01
                for k in (i, j):
                    centres[k][0], centres[k][1] = _clamp(
                        centres[k][0], centres[k][1], sizes[k][0], sizes[k][1], bounds
                    )
                boxes[i] = _box(*centres[i], *sizes[i])
                boxes[j] = _box(*centres[j], *sizes[j])
                moved = True
            for o in obstacles:
                a = boxes[i]
                if not boxes_overlap(a, o, 0.0):
                    continue
                ox = min(a[2], o[2]) - max(a[0], o[0]) + pad
                oy = min(a[3], o[3]) - max(a[1], o[1]) + pad
                ocx, ocy = (o[0] + o[2]) / 2, (o[1] + o[3]) / 2
                if ox < oy:
                    centres[i][0] += (1 if centres[i][0] >= ocx else -1) * ox
                else:
                    centres[i][1] += (1 if centres[i][1] >= ocy else -1) * oy
                centres[i][0], centres[i][1] = _clamp(
                    centres[i][0], centres[i][1], sizes[i][0], sizes[i][1], bounds
                )
                boxes[i] = _box(*centres[i], *sizes[i])
                moved = True
        if not moved:
            break
    return [(c[0], c[1]) for c in centres]


def spread_1d(
    positions: Sequence[float],
    heights: Sequence[float],
    *,
    low: float | None = None,
    high: float | None = None,
    pad: float = 2.0,
) -> list[float]:
    """Centres as close as possible to ``positions`` so items of ``heights`` do not overlap.

    Keeps the order of the positions (ties by index) and minimises the sum of squared
    moves: with ``z_k = y_k - c_k`` (``c_k`` the least distance from the first item) the
    spacing constraints become ``z`` non-decreasing, which is isotonic regression, solved
    exactly by pooling adjacent violators. ``low``/``high`` bound the outer edges.
    """
    n = len(positions)
    if n == 0:
        return []
    order = sorted(range(n), key=lambda i: (positions[i], i))
    h = [float(heights[i]) for i in order]
    c = [0.0] * n
    for k in range(1, n):
        c[k] = c[k - 1] + (h[k - 1] + h[k]) / 2 + pad
    target = [float(positions[i]) - c[k] for k, i in enumerate(order)]
    blocks: list[list[float]] = []  # [sum, count]
    for value in target:
        blocks.append([value, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    z = [b[0] / b[1] for b in blocks for _ in range(int(b[1]))]
    if high is not None:
        z = [min(v, high - h[-1] / 2 - c[-1]) for v in z]
    if low is not None:
        z = [max(v, low + h[0] / 2) for v in z]
    out = [0.0] * n
    for k, i in enumerate(order):
        out[i] = z[k] + c[k]
    return out
