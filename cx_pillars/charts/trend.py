"""``trend``: the team's mean total and pillar means per quarter.

Left: the mean total (out of 5·n) per quarter, a line with round markers and each value
written above its point; the quarters' tick labels say how many colleagues each rests
on. A quarter whose numbers were withheld (anonymity) leaves a gap marked "withheld".
Right: each pillar's mean score per quarter; the (up to three) pillars that changed most
are drawn in the highlight colour, each with its own marker and line style, and named at
their right end (spread apart so they never overlap); the rest are thin grey lines, left
unnamed, as the panel's title says: with 25 items, 25 end labels cannot be read.
The total is the team's colour (``style.TEAM``), as everywhere in the pack.
"""

from __future__ import annotations

import math

from matplotlib.figure import Figure

from cx_pillars.charts import style
from cx_pillars.charts.inputs import TrendData
from cx_pillars.charts.layout import spread_1d
from cx_pillars.charts.text import number, signed, t, wrap
from cx_pillars.charts.titles import footnote_text, trend_change, trend_subtitle, trend_title

TOTAL = style.TEAM
MARKERS = ("o", "s", "D")
DASHES = ("-", (0, (6, 2)), (0, (2, 1.5)))
MAX_HIGHLIGHT = 3
MIN_CHANGE = 0.3  # smaller changes are not coloured
LABEL_WIDTH = 30
MAX_VALUE_LABELS = 6  # more quarters than this: write only the first and last total


def build_trend(data: TrendData, lang: str = "en") -> Figure:
    with style.styled(lang):
        return _build(data, lang)


def movers(data: TrendData) -> list[str]:
    change = trend_change(data)
    if not change or change["mover"] is None:
        return []
    order = {p: i for i, p in enumerate(data.pillars)}
    ranked = sorted(change["changes"], key=lambda p: (-abs(change["changes"][p]), order[p]))
    return [p for p in ranked if abs(change["changes"][p]) >= MIN_CHANGE][:MAX_HIGHLIGHT]


def _nan(v):
    return math.nan if v is None else v


def _build(data: TrendData, lang: str) -> Figure:
    qs = list(data.quarters)
    k = len(qs)
    max_total = data.max_total or 5 * data.n
    fig = style.new_figure()
    frame = style.Frame(
        fig,
        trend_title(data, lang),
        trend_subtitle(data, lang),
        footnote_text(data.footnote, lang),
        fixed=True,
    )
    w_in, _ = fig.get_size_inches()
    change = trend_change(data)
    highlight = movers(data)
    colours = {p: style.HIGHLIGHT for p in highlight}

    def end_label(pid: str) -> str:
        # the full label when it fits two lines, else the framework's short one: the
        # change in brackets must never be cut off by an ellipsis
        text = data.label(pid)
        if len(text) > LABEL_WIDTH * 2 - 10:
            text = data.short_label(pid)
        if change and pid in change["changes"] and k > 1:
            text = t(
                "trend_end_label", lang, label=text, change=signed(change["changes"][pid], 1, lang)
            )
        return wrap(text, LABEL_WIDTH, 2)

    labels = {p: end_label(p) for p in highlight}
    label_w = max(
        frame.max_width(list(labels.values()), fontsize=style.NOTE_PT, fontweight="bold"), 1.0
    )
    left_w = (w_in - 2 * frame.left_edge - label_w - 0.3) * 0.47
    # the right panel's title says which lines are coloured, wrapped to the panel and
    # its labels; the plots start below the taller of the two titles
    pill_left = frame.left_edge + left_w + 0.85
    panel = t("trend_panel_pillars", lang)
    if k > 1 and len(data.pillars) > len(highlight):
        key = "trend_panel_movers" if highlight else "trend_panel_no_movers"
        note = t(key, lang, change=number(MIN_CHANGE, 1, lang))
        width = w_in - pill_left - frame.left_edge
        panel += "\n" + frame.wrap(note, width, max_lines=2, fontsize=style.LABEL_PT)
    lines = panel.count("\n") + 1
    top = max(
        0.45, frame.text_size(panel, fontsize=style.LABEL_PT)[1] + 0.12 if lines > 2 else 0.45
    )
    ax_total = fig.add_subplot(1, 2, 1)
    ax_pill = fig.add_subplot(1, 2, 2)
    frame.place(
        ax_total,
        left=frame.left_edge + 0.75,
        right=w_in - frame.left_edge - left_w,
        top=top,
        bottom=0.55,
    )
    frame.place(ax_pill, left=pill_left, right=label_w + 0.45, top=top, bottom=0.55)

    xs = list(range(k))
    ticks = [t("trend_tick", lang, quarter=q.quarter, n=q.respondents) for q in qs]
    for ax in (ax_total, ax_pill):
        style.clean_axes(ax, grid="y")
        ax.set_xlim(-0.3, k - 1 + (0.3 if ax is ax_total else 0.1))
        ax.tick_params(axis="x", labelsize=style.TICK_PT)
        _thin_ticks(ax, frame, xs, ticks)

    # left: mean total
    totals = [_nan(q.total_mean) for q in qs]
    valid = [v for v in totals if not math.isnan(v)]
    ax_total.set_title(
        t("trend_panel_total", lang, max_total=max_total),
        loc="left",
        fontsize=style.LABEL_PT,
        color=style.INK,
        pad=14,
    )
    ax_total.plot(
        xs,
        totals,
        color=TOTAL,
        linewidth=3,
        marker="o",
        markersize=11,
        markerfacecolor=TOTAL,
        markeredgecolor="white",
        markeredgewidth=1.5,
        gid="trend-total",
    )
    if valid:
        lo, hi = min(valid), max(valid)
        span = max(hi - lo, 2.0)
        ax_total.set_ylim(max(0, lo - span * 0.6), min(max_total, hi + span * 0.6))
    shown = [i for i, v in enumerate(totals) if not math.isnan(v)]
    # every value when they fit; with many quarters only the first and the last
    labelled = set(shown) if len(shown) <= MAX_VALUE_LABELS else {shown[0], shown[-1]}
    for x, v in zip(xs, totals, strict=True):
        if not math.isnan(v) and x not in labelled:
            continue
        if math.isnan(v):
            ax_total.text(
                x,
                0.04,
                t("trend_withheld", lang),
                transform=ax_total.get_xaxis_transform(),
                ha="center",
                va="bottom",
                fontsize=style.NOTE_PT,
                color=style.MUTED,
                style="italic",
                gid="trend-withheld",
            )
        else:
            ax_total.annotate(
                number(v, 1, lang),
                (x, v),
                xytext=(0, 12),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=style.LABEL_PT,
                fontweight="bold",
                color=style.INK,
                gid="trend-total-value",
            )

    # right: pillar means
    ax_pill.set_title(panel, loc="left", fontsize=style.LABEL_PT, color=style.INK, pad=14)
    series = {p: [_nan(q.scores.get(p)) for q in qs] for p in data.pillars}
    every = [v for vals in series.values() for v in vals if not math.isnan(v)]
    if every:
        lo, hi = min(every), max(every)
        ax_pill.set_ylim(max(0.8, lo - 0.3), min(5.2, hi + 0.3))
    for p in [p for p in data.pillars if p not in colours] + list(colours):
        if p in colours:
            i = highlight.index(p)
            ax_pill.plot(
                xs,
                series[p],
                color=colours[p],
                linewidth=3,
                linestyle=DASHES[i],
                marker=MARKERS[i],
                markersize=9,
                markeredgecolor="white",
                zorder=4,
                gid="trend-pillar",
            )
        else:
            ax_pill.plot(
                xs,
                series[p],
                color=style.FAINT,
                linewidth=1.6,
                marker="o",
                markersize=4,
                zorder=2,
                gid="trend-pillar",
            )

    _end_labels(fig, ax_pill, frame, data, series, labels, colours)
    return fig


def _thin_ticks(ax, frame, xs, ticks) -> None:
    """Label every quarter if the labels fit side by side, else every 2nd, 3rd, ...

    The last quarter is always labelled; unlabelled quarters keep a tick mark.
    """
    width = frame.max_width(ticks, fontsize=style.TICK_PT) + 0.06
    per = ax.get_position().width * frame.fig.get_size_inches()[0] / max(len(xs), 1)
    step = max(1, math.ceil(width / per))
    shown = {i for i in range(len(xs) - 1, -1, -step)}
    ax.set_xticks(xs, [tick if i in shown else "" for i, tick in enumerate(ticks)])
    if step > 1:
        ax.tick_params(axis="x", length=4)


def _end_labels(fig, ax, frame, data, series, labels, colours) -> None:
    """Name every line at its last value, spread vertically so names never overlap."""
    k = 72 / fig.dpi
    ends = []
    for p in data.pillars:
        if p not in labels:
            continue
        vals = series[p]
        last = next(((i, v) for i, v in reversed(list(enumerate(vals))) if not math.isnan(v)), None)
        if last is not None:
            ends.append((p, last[0], last[1]))
    if not ends:
        return
    bb = ax.get_window_extent(frame.renderer)
    anchors = [style.data_to_points(ax, i, v)[1] for _, i, v in ends]
    heights = [
        frame.text_size(labels[p], fontsize=style.NOTE_PT, fontweight="bold")[1] * 72 + 1
        for p, _, _ in ends
    ]
    # within the plot's height (not up into the panel title or the subtitle)
    ys = spread_1d(anchors, heights, low=bb.y0 * k - 30, high=bb.y1 * k + 4, pad=2.0)
    x_text = max(style.data_to_points(ax, i, v)[0] for _, i, v in ends) + 12
    for (p, i, v), y_pt, y_anchor in zip(ends, ys, anchors, strict=True):
        x_pt, _ = style.data_to_points(ax, i, v)
        moved = abs(y_pt - y_anchor) > 3
        ax.annotate(
            labels[p],
            xy=(i, v),
            xycoords="data",
            xytext=(x_text - x_pt, y_pt - y_anchor),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=style.NOTE_PT,
            fontweight="bold",
            color=colours.get(p, style.INK),
            annotation_clip=False,
            gid="trend-label",
        )
        if moved or x_text - x_pt > 16:
            # the leader as a line of its own (not part of the label's box), from just
            # right of the line's end to the label's left middle
            px = fig.dpi / 72
            start = ax.transData.inverted().transform(((x_pt + 2) * px, y_anchor * px))
            end = ax.transData.inverted().transform(((x_text - 4) * px, y_pt * px))
            ax.plot(
                [start[0], end[0]],
                [start[1], end[1]],
                color="#B0B0B0",
                linewidth=0.7,
                clip_on=False,
                zorder=1,
                gid="trend-leader",
            )
