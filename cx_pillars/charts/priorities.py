"""``priorities``: the importance-performance quadrant.

x = performance (the team's mean self-score, or the customers' mean rating), y =
importance to customers (n + 1 - their mean rank), both on their full scales (1-5 and
1-n: a zoomed axis would let 0.1 decide a quadrant). Dashed lines split both axes at the
means, as the subtitle says (the titles speak of "below average" too); the four
quadrants are named in their corners, and "Concentrate here" (important to customers,
scored low) is shaded. The customers' top-k pillars are large stars in the highlight
colour, the rest grey circles; labels keep clear of the split lines. Every point is
labelled with its pillar name, placed by
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

TOP = style.HIGHLIGHT
OTHER = style.CONTEXT
CONCENTRATE_FILL = "#FBE9DF"
LABEL_WIDTH = 18
TOP_SIZE, OTHER_SIZE = 17, 10  # marker sizes in points
QUADRANT_PT = style.LABEL_PT + 1
MARKER_CLEARANCE = 3.0  # points kept clear around every marker
CROWDED = 12  # more items than this: short names, two lines
KEY_IN = 1.9  # the tallest the numbered key under the chart may be
NUMBER_PT = 10  # the points' numbers when names do not fit


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
        fixed=True,
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
        # the full scales, whatever the data: 1-5, and importance 1 to n
        ax.set_xlim(*_limits([1.0, 5.0, *xs], 1.2, 0.75, pos.width * w_in, 0.5, 5.5))
        top_y = float(max(data.n, 2))
        ax.set_ylim(*_limits([1.0, top_y, *ys], 2.0, band, pos.height * h_in, -math.inf, math.inf))

    set_limits()
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
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
            fig, ax, frame, texts, xs, ys, is_top, quadrants, names, split=(mx, my)
        )
    clear_names = clear
    if not clear:
        # too crowded for names: number the points by the customers' position and list
        # the names under the chart
        order = sorted(range(len(points)), key=lambda i: (points[i].customer_mean_rank, i))
        number = {i: str(k) for k, i in enumerate(order, start=1)}
        texts = [number[i] for i in range(len(points))]
        items = [
            t(
                "priorities_key_item",
                lang,
                number=k,
                label=data.short_label(points[i].pillar)
                if crowded
                else data.label(points[i].pillar),
            )
            for k, i in enumerate(order, start=1)
        ]
        _key(fig, ax, frame, items, margins, t("priorities_key", lang))
        set_limits()
        centres, sizes, anchors, clear = _place(
            fig,
            ax,
            frame,
            texts,
            xs,
            ys,
            is_top,
            quadrants,
            names,
            gap=0.5,
            split=(mx, my),
            size=NUMBER_PT,
        )

    x0, _x1 = ax.get_xlim()
    _y0, y1 = ax.get_ylim()
    ax.set_xlabel(t(f"priorities_x_{data.performance_source}", lang), labelpad=10)
    # the importance label runs up the axis: two lines when the plot is shorter than it
    # (a numbered key below takes room from the plot)
    plot_h = ax.get_position().height * fig.get_figheight() - 0.1
    ax.set_ylabel(
        frame.wrap(t("priorities_y", lang), plot_h, max_lines=2, fontsize=style.LABEL_PT),
        labelpad=10,
    )
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
    _annotate(
        ax, texts, xs, ys, is_top, anchors, centres, sizes, None if clear_names else NUMBER_PT
    )

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
    """List ``items`` in columns under the chart, taking the room from the plot (the
    page never grows): smaller type, down to the smallest, keeps the key at most
    :data:`KEY_IN` tall."""
    w_in = fig.get_figwidth()
    width = w_in - 2 * frame.left_edge
    size = float(style.NOTE_PT)
    while True:
        item_w = frame.max_width(items, fontsize=size) + 0.3
        columns = max(1, min(len(items), int(width // item_w)))
        rows = math.ceil(len(items) / columns)
        line = frame.text_size("Ag", fontsize=size)[1] + 0.04
        head = frame.text_size(heading, fontsize=size)[1] + 0.08
        extra = head + rows * line + 0.35  # 0.25 clear of the axis label above
        if extra <= KEY_IN or size <= style.MIN_PT:
            break
        size = max(float(style.MIN_PT), size - 0.5)
    frame.grow(extra)
    frame.place(ax, **{**margins, "bottom": margins["bottom"] + extra})
    h_in = fig.get_figheight()
    top = frame.footer + extra - 0.25  # inches from the bottom
    fig.text(
        frame.left_edge / w_in,
        top / h_in,
        heading,
        fontsize=size,
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
            fontsize=size,
            ha="left",
            va="top",
            color=style.INK,
            gid="priorities-key",
        )


def _place(fig, ax, frame, texts, xs, ys, is_top, quadrants, names, gap=1.0, split=None, size=None):
    """Label centres (points) by repulsion; ``clear`` is False if any overlap is left.
    ``split`` (x, y in data) are the split lines, which labels keep clear of."""
    k = 72 / fig.dpi
    sizes = []
    for text, top in zip(texts, is_top, strict=True):
        w, h = frame.text_size(
            text, fontsize=size or style.NOTE_PT, fontweight="bold" if top else "normal"
        )
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
    lines = []
    if split is not None:  # a thin band along each split line
        sx, sy = style.data_to_points(ax, *split)
        lines = [(sx - 2, ay0, sx + 2, ay1), (ax0, sy - 2, ax1, sy + 2)]
    obstacles += lines
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


def _annotate(ax, texts, xs, ys, is_top, anchors, centres, sizes, size=None) -> None:
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
            fontsize=size or style.NOTE_PT,
            fontweight="bold" if top else "normal",
            color=style.INK,
            zorder=6,
            annotation_clip=False,
            gid="priorities-label",
        )
        if far:
            # the leader as a line of its own (not part of the label's box): from the
            # marker's edge to the nearest point of the label
            ex = min(max(px, cx - w / 2), cx + w / 2)
            ey = min(max(py, cy - h / 2), cy + h / 2)
            length = math.hypot(ex - px, ey - py) or 1.0
            r = (TOP_SIZE if top else OTHER_SIZE) / 2 + 1
            sx, sy = px + (ex - px) * r / length, py + (ey - py) * r / length
            px_per_pt = ax.figure.dpi / 72
            inv = ax.transData.inverted()
            (x0, y0), (x1, y1) = inv.transform(
                [(sx * px_per_pt, sy * px_per_pt), (ex * px_per_pt, ey * px_per_pt)]
            )
            ax.plot(
                [x0, x1],
                [y0, y1],
                color="#9A9A9A",
                linewidth=0.8,
                zorder=3,
                gid="priorities-leader",
            )
        ann.set_in_layout(False)
