"""``segments``: how each customer segment (generation) ranks the pillars, as a bump chart.

One column per segment ("Gen Z (n = 84)"), one line per pillar through its position in
each segment, 1 at the top. The pillars named in the title and those that move most
between segments are coloured, each with its own marker and line style; the rest are
grey. Every marker carries the position number; pillar names stand at both ends (the
first segment's order on the left, the last one's on the right). A segment with fewer
than ``min_respondents`` is hatched and says "too few" under its name.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from cx_pillars.charts import style
from cx_pillars.charts.inputs import SegmentsData
from cx_pillars.charts.text import t, wrap
from cx_pillars.charts.titles import (
    footnote_text,
    segment_swings,
    segments_subtitle,
    segments_title,
)

MARKERS = ("o", "s", "D", "^", "v")
DASHES = ("-", (0, (6, 2)), (0, (2, 1.5)), (0, (6, 2, 2, 2)), (0, (1, 1)))
MAX_HIGHLIGHT = 4
LABEL_WIDTH = 30
MARKER_PT = 23


def build_segments(data: SegmentsData, lang: str = "en") -> Figure:
    with style.styled(lang):
        return _build(data, lang)


def highlighted(data: SegmentsData) -> list[str]:
    """Pillars to colour: the title's first places, then the biggest movers (swing >= 2)."""
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
    chosen: list[str] = []
    for p in firsts[:2] + movers:
        if p not in chosen and len(chosen) < MAX_HIGHLIGHT:
            chosen.append(p)
    return chosen


def _build(data: SegmentsData, lang: str) -> Figure:
    segs = list(data.segments)
    k = len(segs)
    n = max([data.n, *(len(s.ranking) for s in segs)]) if segs else data.n
    fig = style.new_figure()
    if not segs:
        style.Frame(
            fig,
            segments_title(data, lang),
            segments_subtitle(data, lang),
            footnote_text(data.footnote, lang),
        )
        return fig
    colours = dict(zip(highlighted(data), style.HIGHLIGHTS, strict=False))
    styles = {p: (MARKERS[i], DASHES[i]) for i, p in enumerate(colours)}

    def names_at(seg) -> dict[int, str]:
        return {i: p for i, p in enumerate(seg.ranking, start=1)}

    left_names = names_at(segs[0])
    right_names = names_at(segs[-1])
    left_labels = [
        wrap(data.label(left_names.get(i, "")), LABEL_WIDTH, 2) if i in left_names else ""
        for i in range(1, n + 1)
    ]
    right_labels = [
        wrap(data.label(right_names.get(i, "")), LABEL_WIDTH, 2) if i in right_names else ""
        for i in range(1, n + 1)
    ]
    frame = style.Frame(
        fig,
        segments_title(data, lang),
        segments_subtitle(data, lang),
        footnote_text(data.footnote, lang),
    )
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
