"""``segments``: how each customer segment (generation) ranks the pillars, as a bump chart.

One column per segment ("Gen Z (n = 84)"), one line per pillar through its position in
each segment, 1 at the top. The pillars named in the title and those that move most
between segments are in the highlight colour (one colour for what a chart is about,
as in every chart), each with its own marker and line style; the rest are
grey. Every marker carries the position number; pillar names stand at both ends (the
first segment's order on the left, the last one's on the right). A segment with fewer
than ``min_respondents`` is hatched and says "too few" under its name.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from matplotlib import colormaps
from matplotlib.figure import Figure

from cx_pillars.charts import style
from cx_pillars.charts.inputs import SegmentsData
from cx_pillars.charts.text import t, wrap
from cx_pillars.charts.titles import (
    footnote_text,
    segment_swings,
    segments_subtitle,
    segments_title,
    segments_title_pillars,
)

MARKERS = ("o", "s", "D", "^", "v")
DASHES = ("-", (0, (6, 2)), (0, (2, 1.5)), (0, (6, 2, 2, 2)), (0, (1, 1)))
MAX_HIGHLIGHT = 4
LABEL_WIDTH = 30
MARKER_PT = 23


MAX_SEGMENTS = 12  # more than this: the largest are drawn, and the subtitle says so
BUMP_ROW_IN = 0.36  # a bump chart needs this much height per position; less: a grid


def build_segments(data: SegmentsData, lang: str = "en") -> list[Figure]:
    """The segments' pages. Up to :data:`MAX_SEGMENTS` segments are drawn (the largest;
    the subtitle says how many of how many), so 3,000 segments cost about what 12 do.
    A bump chart while its positions fit the page; with more pillars than fit (25-30),
    a grid of positions (a row per pillar, a column per segment), over pages if need be.
    The title is always about every segment."""
    with style.styled(lang):
        shown = _largest(data)
        title = segments_title(data, lang)
        subtitle = segments_subtitle(shown, lang)
        if len(shown.segments) < len(data.segments):
            subtitle += t("part_sep", lang) + t(
                "segments_capped", lang, k=len(shown.segments), total=len(data.segments)
            )
        n = max([shown.n, *(len(s.ranking) for s in shown.segments)])
        probe = style.new_figure()
        frame = style.Frame(probe, title, subtitle, footnote_text(data.footnote, lang), fixed=True)
        room = frame.room(top=0.75, bottom=0.05)
        # a row holds its tallest name (two lines at most) or BUMP_ROW_IN, if taller
        names = [_label(shown, p) for p in shown.pillars]
        tallest = max(
            (frame.text_size(x, fontsize=style.TICK_PT, fontweight="bold")[1] for x in names),
            default=0.0,
        )
        probe.clear()
        if not shown.segments or room / max(n, 1) >= max(BUMP_ROW_IN, tallest + 0.04):
            return [_build(shown, lang, title, subtitle)]
        return _grid_pages(shown, lang, title, subtitle)


def _largest(data: SegmentsData) -> SegmentsData:
    """At most :data:`MAX_SEGMENTS` segments: the largest, in their own order."""
    segs = list(data.segments)
    if len(segs) <= MAX_SEGMENTS:
        return data
    keep = sorted(range(len(segs)), key=lambda i: (-segs[i].respondents, i))[:MAX_SEGMENTS]
    return replace(data, segments=[segs[i] for i in sorted(keep)])


def _label(data: SegmentsData, pillar: str) -> str:
    text = data.label(pillar)
    if len(text) > LABEL_WIDTH * 2 - 4:  # would need an ellipsis: the short name instead
        text = data.short_label(pillar)
    return wrap(text, LABEL_WIDTH, 2)


def _grid_pages(data: SegmentsData, lang: str, title: str, subtitle: str) -> list[Figure]:
    segs = list(data.segments)
    pillars = list(dict.fromkeys([*data.pillars, *(p for s in segs for p in s.ranking)]))
    n = len(pillars)

    def position(seg, p: str) -> float:
        return float(list(seg.ranking).index(p) + 1) if p in seg.ranking else np.nan

    # rows: pillars by their mean position over the segments (best first)
    means = {p: np.nanmean([position(s, p) for s in segs] or [np.nan]) for p in pillars}
    order = sorted(pillars, key=lambda p: (np.nan_to_num(means[p], nan=n + 1), pillars.index(p)))
    labels = [_label(data, p) for p in order]
    probe = style.new_figure()
    frame = style.Frame(
        probe,
        title,
        subtitle + t("part_sep", lang) + t("page_part", lang, k=9, m=9),
        footnote_text(data.footnote, lang),
        fixed=True,
    )
    per_page = frame.rows_per_page(labels, top=0.9, bottom=0.1, min_row=0.26)
    probe.clear()
    pages = max(1, -(-n // per_page))
    per_page = -(-n // pages)
    coloured = set(highlighted(data))
    figs = []
    for k in range(pages):
        rows = order[k * per_page : (k + 1) * per_page]
        part_sub = subtitle
        if pages > 1:
            part_sub += t("part_sep", lang) + t("page_part", lang, k=k + 1, m=pages)
        fig = style.new_figure()
        frame = style.Frame(fig, title, part_sub, footnote_text(data.footnote, lang), fixed=True)
        row_labels = [_label(data, p) for p in rows]
        size = frame.fit_rows(row_labels, len(rows), top=0.9, bottom=0.1, min_row=0.26)
        w_in, h_in = fig.get_size_inches()
        label_w = max(frame.max_width(row_labels, fontsize=size, fontweight="bold"), 1.0)
        left = frame.left_edge + label_w + 0.2
        col_in = min(1.4, (w_in - left - 1.8) / len(segs))
        ax = fig.add_subplot()
        frame.place(ax, left=left, right=w_in - left - col_in * len(segs), top=0.9, bottom=0.1)
        matrix = np.array([[position(s, p) for s in segs] for p in rows])
        cmap = colormaps[style.SEQUENTIAL].resampled(max(n, 2)).with_extremes(bad="#F2F2F2")
        image = ax.imshow(
            np.ma.masked_invalid(matrix),
            cmap=cmap,
            vmin=0.5,
            vmax=max(n, 2) + 0.5,
            aspect="auto",
            interpolation="nearest",
        )
        image.set_gid("segments-cells")
        ax.set_yticks(range(len(rows)), row_labels)
        ax.tick_params(axis="y", labelsize=size, length=0)
        ticks = []
        for s in segs:
            key = "segments_tick_small" if s.respondents < data.min_respondents else "segments_tick"
            name = frame.wrap(s.name, col_in - 0.1, max_lines=1, fontsize=style.NOTE_PT)
            ticks.append(t(key, lang, name=name, n=s.respondents))
        ax.set_xticks(range(len(segs)), ticks)
        ax.xaxis.tick_top()
        ax.tick_params(axis="x", labelsize=style.NOTE_PT, length=0, pad=4)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_xticks(np.arange(-0.5, len(segs), 1), minor=True)
        ax.set_yticks(np.arange(-0.5, len(rows), 1), minor=True)
        ax.grid(which="minor", color="white", linewidth=1.5)
        ax.tick_params(which="minor", length=0)
        cell_pt = max(style.MIN_PT, min(float(style.NOTE_PT), size))
        for i, _p in enumerate(rows):
            for j in range(len(segs)):
                value = matrix[i, j]
                if np.isnan(value):
                    continue
                r, g, b, _ = cmap((value - 0.5) / max(n, 2))
                dark = 0.299 * r + 0.587 * g + 0.114 * b < 0.55
                ax.text(
                    j,
                    i,
                    str(int(value)),
                    ha="center",
                    va="center",
                    fontsize=cell_pt,
                    color="white" if dark else style.INK,
                    gid="segments-rank",
                )
        for tick, p in zip(ax.get_yticklabels(), rows, strict=True):
            if p in coloured:
                tick.set_color(style.HIGHLIGHT)
                tick.set_fontweight("bold")
        for j, s in enumerate(segs):
            if s.respondents < data.min_respondents:
                ax.get_xticklabels()[j].set_color(style.MUTED)
        figs.append(fig)
    return figs


def highlighted(data: SegmentsData) -> list[str]:
    """Pillars to colour: every pillar the title names (a reader looks for them), then
    the segments' first places and the biggest movers (swing >= 2) while room is left,
    at most :data:`MAX_HIGHLIGHT` in all (the title names at most three)."""
    order = {p: i for i, p in enumerate(data.pillars)}
    firsts = []
    for s in data.segments:
        if s.ranking and s.ranking[0] not in firsts:
            firsts.append(s.ranking[0])
    swings = segment_swings(data)
    movers = sorted(
        (p for p in swings if swings[p][1] - swings[p][0] >= 2),
        key=lambda p: (-(swings[p][1] - swings[p][0]), order.get(p, 0)),
    )
    named = segments_title_pillars(data)
    chosen: list[str] = []
    for p in firsts[:2] + movers + named:
        waiting = sum(1 for q in named if q not in chosen and q != p)
        if p not in chosen and (p in named or len(chosen) + waiting < MAX_HIGHLIGHT):
            chosen.append(p)
    return chosen


def _build(data: SegmentsData, lang: str, title: str, subtitle: str) -> Figure:
    segs = list(data.segments)
    k = len(segs)
    n = max([data.n, *(len(s.ranking) for s in segs)]) if segs else data.n
    fig = style.new_figure()
    if not segs:
        style.Frame(fig, title, subtitle, footnote_text(data.footnote, lang), fixed=True)
        return fig
    # one colour for the pillars the chart is about (as in every chart), told apart by
    # their markers and line styles
    colours = {p: style.HIGHLIGHT for p in highlighted(data)}
    styles = {p: (MARKERS[i], DASHES[i]) for i, p in enumerate(colours)}

    def names_at(seg) -> dict[int, str]:
        return {i: p for i, p in enumerate(seg.ranking, start=1)}

    left_names = names_at(segs[0])
    right_names = names_at(segs[-1])
    left_labels = [_label(data, left_names[i]) if i in left_names else "" for i in range(1, n + 1)]
    right_labels = [
        _label(data, right_names[i]) if i in right_names else "" for i in range(1, n + 1)
    ]
    frame = style.Frame(fig, title, subtitle, footnote_text(data.footnote, lang), fixed=True)
    frame.fit_rows(left_labels + right_labels, n, top=0.75, bottom=0.05, min_row=0.4)
    ax = fig.add_subplot()
    lw = max(frame.max_width(left_labels, fontsize=style.TICK_PT, fontweight="bold"), 0.5)
    rw = max(frame.max_width(right_labels, fontsize=style.TICK_PT, fontweight="bold"), 0.5)
    frame.place(
        ax,
        left=frame.left_edge + lw + 0.25,
        right=(0.45 + rw + 0.25) if k > 1 else 0.6,
        top=0.75,
        bottom=0.05,
    )

    ax.set_xlim(-0.35, k - 1 + 0.35)
    ax.set_ylim(n + 0.6, 0.4)
    ax.set_yticks(range(1, n + 1), left_labels)
    style.clean_axes(ax, grid=None)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ticks = []
    for s in segs:
        key = "segments_tick_small" if s.respondents < data.min_respondents else "segments_tick"
        ticks.append(t(key, lang, name=wrap(s.name, 18, 1), n=s.respondents))
    ax.set_xticks(range(k), ticks)
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", labelsize=style.TICK_PT, pad=4)
    for i, s in enumerate(segs):
        if s.respondents < data.min_respondents:
            ax.axvspan(
                i - 0.3,
                i + 0.3,
                facecolor="none",
                edgecolor="#C8C8C8",
                hatch="///",
                linewidth=0,
                zorder=0,
                gid="segments-small",
            )
            ax.get_xticklabels()[i].set_color(style.MUTED)

    if k > 1:
        right = ax.secondary_yaxis("right")
        right.set_yticks(range(1, n + 1), right_labels)
        right.tick_params(length=0, pad=10, labelsize=style.TICK_PT)
        right.spines["right"].set_visible(False)
        right_ticks = right.get_yticklabels()
    else:
        right_ticks = []

    order = [p for p in data.pillars if p not in colours] + list(colours)  # colour on top
    for pid in order:
        xs, ys = [], []
        for i, s in enumerate(segs):
            if pid in s.ranking:
                xs.append(i)
                ys.append(list(s.ranking).index(pid) + 1)
        if not xs:
            continue
        if pid in colours:
            marker, dash = styles[pid]
            colour, width, z, text_colour = colours[pid], 3.0, 4, "white"
        else:
            marker, dash = "o", "-"
            colour, width, z, text_colour = "#CFCFCF", 2.0, 2, style.INK
        ax.plot(
            xs,
            ys,
            color=colour,
            linewidth=width,
            linestyle=dash,
            zorder=z,
            solid_capstyle="round",
            gid="segments-line",
        )
        ax.plot(
            xs,
            ys,
            linestyle="none",
            marker=marker,
            markersize=MARKER_PT,
            markerfacecolor=colour,
            markeredgecolor="white",
            markeredgewidth=1.5,
            zorder=z + 1,
            gid="segments-marker",
        )
        for x, y in zip(xs, ys, strict=True):
            ax.text(
                x,
                y + (0.06 if marker == "^" else -0.05 if marker == "v" else 0),
                str(y),
                ha="center",
                va="center_baseline",
                fontsize=style.NOTE_PT,
                fontweight="bold",
                color=text_colour,
                zorder=z + 2,
                gid="segments-rank",
            )
    for ticks_, names in ((ax.get_yticklabels(), left_names), (right_ticks, right_names)):
        for i, tick in enumerate(ticks_, start=1):
            named = names.get(i)
            if named in colours:
                tick.set_color(colours[named])
                tick.set_fontweight("bold")
    return fig
