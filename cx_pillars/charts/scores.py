"""``scores``: the team's self-scores per pillar, mean and spread.

One row per pillar, strongest mean at the top. A thin grey line spans the lowest to the
highest score any colleague gave; each colleague's score is a hollow dot in the team's
colour drawn exactly at the score (scores are whole numbers: dots on the same score are
stacked across the row, never beside it along the value axis); when a row cannot hold
the most frequent score's dots, each score is one filled dot with its count beside it.
The team mean is a small wedge above the row pointing at its value (it covers no dot),
its value written in a column at the right. Strongest and weakest labels are bold. The
page never grows: rows shrink to the smallest label size, then go on over pages.
"""

from __future__ import annotations

import math

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from cx_pillars.charts import style
from cx_pillars.charts.inputs import ScoreRow, ScoresData
from cx_pillars.charts.text import number, t, wrap
from cx_pillars.charts.titles import footnote_text, scores_subtitle, scores_title

RANGE = "#C8C8C8"
LABEL_WIDTH = 34
DOT_PT = 6.5  # a dot's diameter in points
OVERLAP = 0.6  # the closest step between stacked dots, as a share of their diameter
WEDGE_PT = 8.0  # the mean's wedge
TOP, BOTTOM, MIN_ROW = 0.45, 0.55, 0.4


def build_scores(data: ScoresData, lang: str = "en") -> list[Figure]:
    with style.styled(lang):
        return _build(data, lang)


def _rows(data: ScoresData) -> list[ScoreRow]:
    order = {p: i for i, p in enumerate(data.pillars)}
    scored = [r for r in data.scores if r.mean is not None]
    return sorted(scored, key=lambda r: (-(r.mean or 0.0), order.get(r.pillar, 0)))


def _label(data: ScoresData, pillar: str) -> str:
    text = data.label(pillar)
    if len(text) > LABEL_WIDTH * 2 - 4:  # would need an ellipsis: the short name instead
        text = data.short_label(pillar)
    return wrap(text, LABEL_WIDTH, max_lines=2)


def _build(data: ScoresData, lang: str) -> list[Figure]:
    rows = _rows(data)
    labels = [_label(data, r.pillar) for r in rows]
    if not rows:
        fig = style.new_figure()
        style.Frame(
            fig,
            scores_title(data, lang),
            scores_subtitle(data, lang),
            footnote_text(data.footnote, lang),
            fixed=True,
        )
        fig.add_subplot().set_axis_off()
        return [fig]
    # how many rows a page holds at the smallest label size: split beyond that
    probe = style.new_figure()
    frame = style.Frame(
        probe,
        scores_title(data, lang),
        scores_subtitle(data, lang) + t("part_sep", lang) + t("page_part", lang, k=9, m=9),
        footnote_text(data.footnote, lang),
        fixed=True,
    )
    per_page = frame.rows_per_page(labels, top=TOP, bottom=BOTTOM, min_row=MIN_ROW * 0.7)
    probe.clear()
    pages = max(1, math.ceil(len(rows) / per_page))
    per_page = math.ceil(len(rows) / pages)  # as even as the pages allow
    # one way of drawing for every page: dots when every score's colleagues fit in a
    # column of their row, else counts
    most = max((max(r.histogram or [0]) for r in rows), default=0)
    figs = []
    for k in range(pages):
        chunk = slice(k * per_page, (k + 1) * per_page)
        part = (k + 1, pages) if pages > 1 else None
        figs.append(_page(data, lang, rows[chunk], labels[chunk], most, part, k == 0))
    return figs


def _page(
    data: ScoresData,
    lang: str,
    rows: list[ScoreRow],
    labels: list[str],
    most: int,
    part: tuple[int, int] | None,
    first: bool,
) -> Figure:
    fig = style.new_figure()
    subtitle = scores_subtitle(data, lang)
    if part is not None:
        subtitle += t("part_sep", lang) + t("page_part", lang, k=part[0], m=part[1])
    frame = style.Frame(
        fig, scores_title(data, lang), subtitle, footnote_text(data.footnote, lang), fixed=True
    )
    size = frame.fit_rows(labels, len(rows), top=TOP, bottom=BOTTOM, min_row=MIN_ROW)
    ax = fig.add_subplot()
    label_w = max(frame.max_width(labels, fontsize=size, fontweight="bold"), 1.0)
    frame.place(ax, left=frame.left_edge + label_w + 0.2, right=1.2, top=TOP, bottom=BOTTOM)

    ys = list(range(len(rows)))
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0.6, 5.4)
    ax.set_xticks([1, 2, 3, 4, 5])
    ax.set_yticks(ys, labels)
    ax.tick_params(axis="y", labelsize=size)
    ax.set_xlabel(t("scores_axis", lang), labelpad=10)
    style.clean_axes(ax, grid="x")
    ax.spines["left"].set_visible(False)
    if first:  # the strongest pillar in bold; the weakest on the last page
        ax.get_yticklabels()[0].set_fontweight("bold")
    if part is None or part[0] == part[1]:
        ax.get_yticklabels()[-1].set_fontweight("bold")

    # the row's height in points decides whether a column of dots fits
    row_pt = ax.get_position().height * fig.get_figheight() * 72 / len(rows)
    # In points from the row's centre (down is +): the mean's wedge at the top of the
    # row, the colleagues' dots stacked below it, never under it.
    r = DOT_PT / 2
    wedge_at = -row_pt / 2 + WEDGE_PT / 2 + 1
    first_dot = wedge_at + WEDGE_PT / 2 + 1.5 + r
    last_dot = row_pt / 2 - r + 1
    span = max(0.0, last_dot - first_dot)
    room = int(span // (DOT_PT * OVERLAP)) + 1  # dots may overlap a little, still countable
    as_counts = most > room
    step = min(DOT_PT * 1.1, span / max(most - 1, 1)) / row_pt
    centre = (first_dot + last_dot) / 2 / row_pt
    wedge_y = wedge_at / row_pt

    dots_x: list[float] = []
    dots_y: list[float] = []
    for y, row in zip(ys, rows, strict=True):
        if row.min is not None and row.max is not None:
            ax.plot(
                [row.min, row.max],
                [y, y],
                color=RANGE,
                linewidth=3,
                solid_capstyle="round",
                zorder=1,
                gid="scores-range",
            )
        for value, count in zip(range(1, 6), row.histogram or [], strict=False):
            if not count:
                continue
            if as_counts:  # one dot, sized by the count, the count beside it
                dots_x.append(value)
                dots_y.append(y + centre)
                ax.text(
                    value + 0.13,
                    y + centre,
                    str(count),
                    ha="left",
                    va="center",
                    fontsize=max(style.MIN_PT, min(size, style.NOTE_PT)),
                    color=style.INK,
                    gid="scores-count",
                )
            else:
                for dy in [(i - (count - 1) / 2) * step for i in range(count)]:
                    dots_x.append(value)
                    dots_y.append(y + centre + dy)
    ax.scatter(
        dots_x,
        dots_y,
        s=DOT_PT**2 if not as_counts else (DOT_PT * 1.6) ** 2,
        marker="o",
        facecolors="white" if not as_counts else style.TEAM,
        edgecolors=style.TEAM if not as_counts else style.TEAM_EDGE,
        linewidths=1.4,
        zorder=3,
        gid="scores-dots",
    )
    # the mean: a small wedge above the row pointing down at its value, so it
    # covers no dot
    means = [float(r.mean or 0.0) for r in rows]
    ax.scatter(
        means,
        [y + wedge_y for y in ys],
        s=WEDGE_PT**2,
        marker="v",
        color=style.INK,
        zorder=4,
        clip_on=False,
        gid="scores-mean",
    )
    ax.text(
        1.02,
        -0.62,
        t("scores_mean_column", lang),
        transform=ax.get_yaxis_transform(),
        ha="left",
        va="bottom",
        fontsize=style.NOTE_PT,
        color=style.MUTED,
    )
    for y, mean in zip(ys, means, strict=True):
        ax.text(
            1.02,
            y,
            number(mean, 1, lang),
            transform=ax.get_yaxis_transform(),
            ha="left",
            va="center",
            fontsize=max(size, style.NOTE_PT),
            fontweight="bold",
            color=style.INK,
            gid="scores-value",
        )

    handles = [
        Line2D([], [], linestyle="none", marker="v", markersize=WEDGE_PT, color=style.INK),
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=7 if not as_counts else 10,
            markerfacecolor="white" if not as_counts else style.TEAM,
            markeredgecolor=style.TEAM if not as_counts else style.TEAM_EDGE,
            markeredgewidth=1.4,
        ),
        Line2D([], [], color=RANGE, linewidth=3, solid_capstyle="butt"),
    ]
    frame.legend(
        ax,
        handles,
        [
            t("scores_legend_mean", lang),
            t("scores_legend_count" if as_counts else "scores_legend_dot", lang),
            t("scores_legend_range", lang),
        ],
    )
    return fig
