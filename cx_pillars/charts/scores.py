"""``scores``: the team's self-scores per pillar, mean and spread.

One row per pillar, strongest mean at the top. A grey bar spans the lowest to the
highest score any colleague gave; each colleague's score is a hollow dot (dots on the
same score are laid out side by side in a small grid, deterministically: no random
jitter); the team mean is a black vertical stroke, its value written in a column at the right.
The strongest and weakest pillars have bold labels.
"""

from __future__ import annotations

import math

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from cx_pillars.charts import style
from cx_pillars.charts.inputs import ScoresData
from cx_pillars.charts.text import number, t, wrap
from cx_pillars.charts.titles import footnote_text, scores_subtitle, scores_title

DOT = style.OKABE_ITO["blue"]
RANGE = "#D4D4D4"
LABEL_WIDTH = 34
DOT_DX, DOT_DY, DOTS_PER_ROW = 0.075, 0.16, 5


def build_scores(data: ScoresData, lang: str = "en") -> Figure:
    with style.styled(lang):
        return _build(data, lang)


def dot_offsets(count: int, height: float = 0.7) -> list[tuple[float, float]]:
    """(dx, dy) for ``count`` dots on one score: rows of up to five, centred."""
    if count <= 0:
        return []
    per_row = min(count, DOTS_PER_ROW)
    rows = math.ceil(count / per_row)
    dy = min(DOT_DY, height / rows)
    out = []
    for i in range(count):
        r, c = divmod(i, per_row)
        in_row = min(per_row, count - r * per_row)
        out.append(((c - (in_row - 1) / 2) * DOT_DX, (r - (rows - 1) / 2) * dy))
    return out


def _build(data: ScoresData, lang: str) -> Figure:
    order = {p: i for i, p in enumerate(data.pillars)}
    scored = sorted(
        ((r, r.mean) for r in data.scores if r.mean is not None),
        key=lambda rm: (-rm[1], order.get(rm[0].pillar, 0)),
    )
    rows = [r for r, _ in scored]
    means = [mean for _, mean in scored]
    n = max(len(rows), 1)
    labels = [wrap(data.label(r.pillar), LABEL_WIDTH, max_lines=2) for r in rows]
    fig = style.new_figure()
    frame = style.Frame(
        fig,
        scores_title(data, lang),
        scores_subtitle(data, lang),
        footnote_text(data.footnote, lang),
    )
    frame.fit_rows(labels, n, top=0.45, bottom=0.55, min_row=0.4)
    ax = fig.add_subplot()
    if not rows:
        ax.set_axis_off()
        return fig
    label_w = max(frame.max_width(labels, fontsize=style.TICK_PT, fontweight="bold"), 1.0)
    frame.place(ax, left=frame.left_edge + label_w + 0.2, right=1.2, top=0.45, bottom=0.55)

    ys = list(range(len(rows)))
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0.6, 5.4)
    ax.set_xticks([1, 2, 3, 4, 5])
    ax.set_yticks(ys, labels)
    ax.set_xlabel(t("scores_axis", lang), labelpad=10)
    style.clean_axes(ax, grid="x")
    ax.spines["left"].set_visible(False)
    if rows:
        for i in {0, len(rows) - 1}:
            ax.get_yticklabels()[i].set_fontweight("bold")

    dots_x, dots_y = [], []
    for y, row in zip(ys, rows, strict=True):
        if row.min is not None and row.max is not None:
            ax.plot(
                [row.min, row.max],
                [y, y],
                color=RANGE,
                linewidth=9,
                solid_capstyle="round",
                zorder=1,
                gid="scores-range",
            )
        for value, count in zip(range(1, 6), row.histogram or [], strict=False):
            for dx, dy in dot_offsets(count):
                dots_x.append(value + dx)
                dots_y.append(y + dy)
    ax.scatter(
        dots_x,
        dots_y,
        s=7**2,
        marker="o",
        facecolors="white",
        edgecolors=DOT,
        linewidths=1.6,
        zorder=3,
        gid="scores-dots",
    )
    ax.plot(
        means,
        ys,
        linestyle="none",
        marker="|",
        markersize=30,
        markeredgewidth=3.5,
        color=style.INK,
        zorder=2,
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
            fontsize=style.LABEL_PT + 1,
            fontweight="bold",
            color=style.INK,
            gid="scores-value",
        )

    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker="|",
            markersize=18,
            markeredgewidth=3.5,
            color=style.INK,
        ),
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=7,
            markerfacecolor="white",
            markeredgecolor=DOT,
            markeredgewidth=1.6,
        ),
        Line2D([], [], color=RANGE, linewidth=9, solid_capstyle="butt"),
    ]
    frame.legend(
        ax,
        handles,
        [
            t("scores_legend_mean", lang),
            t("scores_legend_dot", lang),
            t("scores_legend_range", lang),
        ],
    )
    return fig
