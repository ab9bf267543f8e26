"""``priorities``: the importance-performance quadrant.

x = performance (the team's mean self-score, or the customers' mean rating), y =
importance to customers (n + 1 - their mean rank). Dashed lines split both axes at their
means; the four quadrants are named in their corners, and "Concentrate here" (important
to customers, scored low) is shaded. The customers' top-k pillars are large vermillion
stars, the rest blue circles. Every point is labelled with its pillar name, placed by
:func:`cx_pillars.charts.layout.place_labels` so no two labels overlap and none covers a
marker; a label pushed away from its point gets a thin leader line. When the names
cannot all be placed clear of each other (many items in a crowded corner) or would have
to be cut short to fit, the points are numbered by the customers' position instead and
the names are listed under the chart. The axis limits leave a band free of points at the
top and bottom for the quadrant names."""

from __future__ import annotations

import math

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from cx_pillars.charts import style
from cx_pillars.charts.inputs import PrioritiesData
from cx_pillars.charts.layout import boxes_overlap, overlap_count, place_labels
from cx_pillars.charts.text import t, wrap
from cx_pillars.charts.titles import footnote_text, priorities_subtitle, priorities_title

TOP = style.OKABE_ITO["vermillion"]
OTHER = style.OKABE_ITO["blue"]
CONCENTRATE_FILL = "#FBE9DF"
LABEL_WIDTH = 18
TOP_SIZE, OTHER_SIZE = 17, 10  # marker sizes in points
QUADRANT_PT = style.LABEL_PT + 1
MARKER_CLEARANCE = 3.0  # points kept clear around every marker
CROWDED = 12  # more items than this: short names, two lines


def build_priorities(data: PrioritiesData, lang: str = "en") -> Figure:
    with style.styled(lang):
        return _build(data, lang)


def _limits(
    values: list[float], min_span: float, band: float, length: float, low: float, high: float
) -> tuple[float, float]:
    """Axis limits around ``values`` leaving ``band`` inches free at each end of an axis
    ``length`` inches long (room for the quadrant names and half a marker)."""
    lo, hi = min(values), max(values)
    if hi - lo < min_span:
        mid = (lo + hi) / 2
        lo, hi = mid - min_span / 2, mid + min_span / 2
    margin = (hi - lo) * band / max(length - 2 * band, 0.5)
    return max(low, lo - margin), min(high, hi + margin)


def _build(data: PrioritiesData, lang: str) -> Figure:
    points = [p for p in data.points if p.performance is not None]
    top = [p for p in data.top if any(q.pillar == p for q in points)]
    fig = style.new_figure()
    frame = style.Frame(
        fig,
        priorities_title(data, lang),
        priorities_subtitle(data, lang),
        footnote_text(data.footnote, lang),
    )
    ax = fig.add_subplot()
    margins = {"left": frame.left_edge + 0.95, "right": 0.5, "top": 0.45, "bottom": 0.55}
    frame.place(ax, **margins)
    style.clean_axes(ax, grid=None)
    ax.tick_params(length=4, pad=6)
    if not points:
        ax.set_axis_off()
        return fig
    xs = [p.performance for p in points if p.performance is not None]  # all of them
    ys = [data.importance(p) for p in points]
    is_top = [p.pillar in top for p in points]
    quadrants = [
        ("priorities_q_concentrate", 0.012, 0.985, "left", "top", TOP),
        ("priorities_q_keep", 0.988, 0.985, "right", "top", style.MUTED),
        ("priorities_q_low", 0.012, 0.015, "left", "bottom", style.MUTED),
        ("priorities_q_overkill", 0.988, 0.015, "right", "bottom", style.MUTED),
    ]
    names = [t(q[0], lang) for q in quadrants]
    name_h = max(frame.text_size(n, fontsize=QUADRANT_PT, fontweight="bold")[1] for n in names)

    def set_limits() -> None:
        pos = ax.get_position()
        w_in, h_in = fig.get_size_inches()
        band = name_h + 0.08 + TOP_SIZE / 2 / 72
        ax.set_xlim(*_limits(xs, 1.2, 0.75, pos.width * w_in, 0.5, 5.5))
        ax.set_ylim(*_limits(ys, 2.0, band, pos.height * h_in, -math.inf, math.inf))

    set_limits()
    crowded = data.n > CROWDED
    full = [data.short_label(p.pillar) if crowded else data.label(p.pillar) for p in points]
    texts = [
        wrap(name, LABEL_WIDTH + 4 if crowded else LABEL_WIDTH, max_lines=2 if crowded else 3)
        for name in full
    ]
    # names that would lose words to '…' are not used: the numbered key shows them whole
    clear = not any(
        text.endswith("…") and not name.endswith("…")
        for text, name in zip(texts, full, strict=True)
    )
    if clear:
        centres, sizes, anchors, clear = _place(
            fig, ax, frame, texts, xs, ys, is_top, quadrants, names
        )
    if not clear:
        # too crowded for names: number the points by the customers' position and list
        # the names under the chart
        order = sorted(range(len(points)), key=lambda i: (points[i].customer_mean_rank, i))
        number = {i: str(k) for k, i in enumerate(order, start=1)}
        texts = [number[i] for i in range(len(points))]
        items = [
            t("priorities_key_item", lang, number=k, label=data.label(points[i].pillar))
            for k, i in enumerate(order, start=1)
        ]
        _key(fig, ax, frame, items, margins, t("priorities_key", lang))
        set_limits()
        centres, sizes, anchors, clear = _place(
            fig, ax, frame, texts, xs, ys, is_top, quadrants, names, gap=0.5
        )

    x0, _x1 = ax.get_xlim()
    _y0, y1 = ax.get_ylim()
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    ax.set_xlabel(t(f"priorities_x_{data.performance_source}", lang), labelpad=10)
    ax.set_ylabel(t("priorities_y", lang), labelpad=10)
    locator = ax.yaxis.get_major_locator()
    if isinstance(locator, MaxNLocator):  # matplotlib's default, AutoLocator
        locator.set_params(integer=True)

    # quadrants: shading, split lines, names in the outer corners
    ax.fill_between([x0, mx], my, y1, color=CONCENTRATE_FILL, linewidth=0, zorder=0)
    ax.axvline(mx, color="#8C8C8C", linewidth=1.2, linestyle=(0, (5, 4)), zorder=1)
    ax.axhline(my, color="#8C8C8C", linewidth=1.2, linestyle=(0, (5, 4)), zorder=1)
    for name, (_, qx, qy, ha, va, colour) in zip(names, quadrants, strict=True):
        ax.text(
            qx,
            qy,
            name,
            transform=ax.transAxes,
            ha=ha,
            va=va,
            fontsize=QUADRANT_PT,
            fontweight="bold",
            color=colour,
            zorder=2,
            gid="quadrant",
        )

    ax.scatter(
        [x for x, k in zip(xs, is_top, strict=True) if not k],
        [y for y, k in zip(ys, is_top, strict=True) if not k],
        s=OTHER_SIZE**2,
        marker="o",
        color=OTHER,
        edgecolors="white",
        linewidths=1.2,
        zorder=4,
        gid="priorities-other",
    )
    ax.scatter(
        [x for x, k in zip(xs, is_top, strict=True) if k],
        [y for y, k in zip(ys, is_top, strict=True) if k],
        s=TOP_SIZE**2,
        marker="*",
        color=TOP,
        edgecolors="#5A2600",
        linewidths=0.8,
        zorder=5,
        gid="priorities-top",
    )
    _annotate(ax, texts, xs, ys, is_top, anchors, centres, sizes)

    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker="*",
            markersize=TOP_SIZE * 0.9,
            markerfacecolor=TOP,
            markeredgecolor="#5A2600",
            markeredgewidth=0.8,
        ),
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=OTHER_SIZE,
            markerfacecolor=OTHER,
            markeredgecolor="white",
        ),
    ]
    frame.legend(
        ax,
        handles,
        [t("priorities_legend_top", lang, k=len(top)), t("priorities_legend_other", lang)],
    )
    return fig


def _key(fig, ax, frame, items, margins, heading) -> None:
    """List ``items`` in columns under the chart; the figure grows to make room."""
    w_in = fig.get_figwidth()
    width = w_in - 2 * frame.left_edge
    item_w = frame.max_width(items, fontsize=style.NOTE_PT) + 0.35
    columns = max(1, min(len(items), int(width // item_w)))
    rows = math.ceil(len(items) / columns)
    line = frame.text_size("Ag", fontsize=style.NOTE_PT)[1] + 0.06
    head = frame.text_size(heading, fontsize=style.NOTE_PT)[1] + 0.1
    extra = head + rows * line + 0.2
    frame.grow(extra)
    frame.place(ax, **{**margins, "bottom": margins["bottom"] + extra})
    h_in = fig.get_figheight()
    top = frame.footer + extra - 0.1  # inches from the bottom
    fig.text(
        frame.left_edge / w_in,
        top / h_in,
        heading,
        fontsize=style.NOTE_PT,
        fontweight="bold",
        ha="left",
        va="top",
        color=style.INK,
        gid="priorities-key",
    )
    for k, item in enumerate(items):
        col, row = divmod(k, rows)
        fig.text(
            (frame.left_edge + col * (width / columns)) / w_in,
            (top - head - row * line) / h_in,
            item,
            fontsize=style.NOTE_PT,
            ha="left",
            va="top",
            color=style.INK,
            gid="priorities-key",
        )


def _place(fig, ax, frame, texts, xs, ys, is_top, quadrants, names, gap=1.0):
    """Label centres (points) by repulsion; ``clear`` is False if any overlap is left."""
    k = 72 / fig.dpi
    sizes = []
    for text, top in zip(texts, is_top, strict=True):
        w, h = frame.text_size(text, fontsize=style.NOTE_PT, fontweight="bold" if top else "normal")
        sizes.append((w * 72, h * 72))
    anchors = [style.data_to_points(ax, x, y) for x, y in zip(xs, ys, strict=True)]
    obstacles = []
    for (px, py), top in zip(anchors, is_top, strict=True):
        r = (TOP_SIZE if top else OTHER_SIZE) / 2 + MARKER_CLEARANCE
        obstacles.append((px - r, py - r, px + r, py + r))
    gaps = [(TOP_SIZE if top else OTHER_SIZE) / 2 + MARKER_CLEARANCE + gap for top in is_top]
    bb = ax.get_window_extent(frame.renderer)
    ax0, ay0, ax1, ay1 = bb.x0 * k, bb.y0 * k, bb.x1 * k, bb.y1 * k
    for name, (_, qx, qy, ha, va, _) in zip(names, quadrants, strict=True):
        w, h = (v * 72 for v in frame.text_size(name, fontsize=QUADRANT_PT, fontweight="bold"))
        x = ax0 + qx * (ax1 - ax0)
        y = ay0 + qy * (ay1 - ay0)
        x0 = x if ha == "left" else x - w
        y0 = y - h if va == "top" else y
        obstacles.append((x0 - 3, y0 - 3, x0 + w + 3, y0 + h + 3))
    bounds = (ax0 + 2, ay0 + 2, ax1 - 2, ay1 - 2)
    order = sorted(range(len(texts)), key=lambda i: (not is_top[i], -ys[i]))
    centres = place_labels(
        anchors, sizes, obstacles=obstacles, bounds=bounds, gap=gaps, pad=3.0, order=order
    )
    boxes = [
        (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
        for (cx, cy), (w, h) in zip(centres, sizes, strict=True)
    ]
    clear = overlap_count(boxes, pad=1.0) == 0 and not any(
        boxes_overlap(b, o) for b in boxes for o in obstacles
    )
    return centres, sizes, anchors, clear


def _annotate(ax, texts, xs, ys, is_top, anchors, centres, sizes) -> None:
    for text, top, x, y, (px, py), (cx, cy), (w, h) in zip(
        texts, is_top, xs, ys, anchors, centres, sizes, strict=True
    ):
        # distance from the point to the label's nearest edge, in points
        dx = max(abs(cx - px) - w / 2, 0.0)
        dy = max(abs(cy - py) - h / 2, 0.0)
        far = math.hypot(dx, dy) > (TOP_SIZE if top else OTHER_SIZE) / 2 + MARKER_CLEARANCE + 9
        # align the text toward its point: left-aligned on the right, right on the left
        if cx - w / 2 >= px - 1:
            ha, tx = "left", cx - w / 2
        elif cx + w / 2 <= px + 1:
            ha, tx = "right", cx + w / 2
        else:
            ha, tx = "center", cx
        ann = ax.annotate(
            text,
            xy=(x, y),
            xycoords="data",
            xytext=(tx - px, cy - py),
            textcoords="offset points",
            ha=ha,
            va="center",
            multialignment=ha,
            fontsize=style.NOTE_PT,
            fontweight="bold" if top else "normal",
            color=style.INK,
            zorder=6,
            annotation_clip=False,
            gid="priorities-label",
            arrowprops={
                "arrowstyle": "-",
                "color": "#9A9A9A",
                "linewidth": 0.8,
                "shrinkA": 2,
                "shrinkB": (TOP_SIZE if top else OTHER_SIZE) / 2 + 1,
            }
            if far
            else None,
        )
        ann.set_in_layout(False)
