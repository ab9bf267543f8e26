"""``agreement``: who ranked what where, as a colleagues × pillars heatmap.

Rows are the pillars in consensus order, columns the colleagues (or "Colleague 1..m"
when anonymous), each cell the colleague's rank written as a number and coloured on
the colour-blind-safe sequential ``cividis`` scale (1 darkest). Pillars are rows rather
than columns so their long names stay horizontal and readable at 13 pt: ten columns of
"Company representatives" on a slide would overlap or need rotating. Right of the cells,
the range of ranks each pillar received. The most disputed row is outlined with a solid
line, the most agreed one with a dashed line, matching the title.
"""

from __future__ import annotations

import numpy as np
from matplotlib import colormaps
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.typing import LineStyleType

from cx_pillars.charts import style
from cx_pillars.charts.inputs import AgreementData
from cx_pillars.charts.text import number, t, wrap
from cx_pillars.charts.titles import (
    agreement_extremes,
    agreement_subtitle,
    agreement_title,
    footnote_text,
)

SPLIT = style.OKABE_ITO["vermillion"]
AGREED = style.OKABE_ITO["green"]
ROW_IN = 0.42  # inches per pillar row
MAX_COL_IN = 1.2  # widest colleague column
RANGE_IN = 1.1  # the "range of ranks" column
COLORBAR_IN = 1.5
LABEL_WIDTH = 34


def build_agreement(data: AgreementData, lang: str = "en") -> Figure:
    with style.styled(lang):
        return _build(data, lang)


def _rank_text(value: float, lang: str) -> str:
    return str(int(value)) if float(value).is_integer() else number(value, 1, lang)


def _build(data: AgreementData, lang: str) -> Figure:
    order = data.consensus_order()
    ranks = data.rank_rows()
    m, n = len(ranks), len(order)
    names = (
        [t("agreement_colleague", lang, i=i + 1) for i in range(m)]
        if data.anonymous
        else list(data.colleagues)
    )
    # rows: pillars in consensus order; columns: colleagues
    matrix = np.array([[r[p] for r in ranks] for p in order], dtype=float).reshape(n, m)

    labels = [wrap(data.label(p), LABEL_WIDTH, max_lines=2) for p in order]
    fig = style.new_figure()
    frame = style.Frame(
        fig,
        agreement_title(data, lang),
        agreement_subtitle(data, lang),
        footnote_text(data.footnote, lang),
    )
    w_in, h_in = fig.get_size_inches()
    label_w = max(frame.max_width(labels, fontsize=style.TICK_PT, fontweight="bold"), 1.0)
    left = frame.left_edge + label_w + 0.2
    right_space = RANGE_IN + COLORBAR_IN
    col_in = min(MAX_COL_IN, (w_in - left - right_space - 0.3) / max(m, 1))
    heads = [wrap(name, 12, max_lines=2) for name in names]
    head_w = frame.max_width(heads, fontsize=style.TICK_PT)
    rotate = head_w > col_in - 0.08
    if rotate:
        heads = [wrap(name, 24, max_lines=1) for name in names]
        head_h = frame.max_width(heads, fontsize=style.TICK_PT) * 0.71 + 0.2
    else:
        head_h = max(frame.text_size(h, fontsize=style.TICK_PT)[1] for h in heads) if heads else 0.3
    # The range column's heading: level with the names, so kept inside its own column
    # (on two lines if need be) unless the names are turned and rise away from it.
    range_head = t("agreement_range_axis", lang)
    if not rotate:
        range_head = frame.wrap(range_head, RANGE_IN - 0.1, max_lines=2, fontsize=style.NOTE_PT)
        head_h = max(head_h, frame.text_size(range_head, fontsize=style.NOTE_PT)[1])

    frame.fit_rows(labels, n, top=head_h + 0.25, bottom=0.1, min_row=ROW_IN)
    w_in, h_in = fig.get_size_inches()
    ax = fig.add_subplot()
    frame.place(ax, left=left, right=w_in - left - col_in * m, top=head_h + 0.25, bottom=0.1)
    cmap = colormaps[style.SEQUENTIAL].resampled(max(n, 2))  # one colour per rank
    image = ax.imshow(
        matrix, cmap=cmap, vmin=0.5, vmax=max(n, 2) + 0.5, aspect="auto", interpolation="nearest"
    )
    image.set_gid("agreement-cells")
    ax.set_yticks(range(n), labels)
    ax.set_xticks(range(m), heads)
    ax.xaxis.tick_top()
    if rotate:
        for label in ax.get_xticklabels():
            label.set(rotation=45, ha="left", rotation_mode="anchor")
    ax.tick_params(length=0, pad=7)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks(np.arange(-0.5, m, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n, 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)

    for i in range(n):
        for j in range(m):
            value = matrix[i, j]
            r, g, b, _ = cmap((value - 0.5) / max(n, 2))
            dark = 0.299 * r + 0.587 * g + 0.114 * b < 0.55
            ax.text(
                j,
                i,
                _rank_text(value, lang),
                ha="center",
                va="center",
                fontsize=style.LABEL_PT,
                color="white" if dark else style.INK,
                fontweight="bold" if value <= 3 else "normal",
                gid="agreement-cell",
            )

    # the range of ranks each pillar received, in a column right of the cells
    low, high = matrix.min(axis=1), matrix.max(axis=1)
    range_x = m - 0.5 + (RANGE_IN / 2) / col_in
    ax.text(
        range_x,
        -0.5 - 0.12,
        range_head,
        ha="center",
        va="bottom",
        fontsize=style.NOTE_PT,
        color=style.MUTED,
    )
    for i in range(n):
        ax.text(
            range_x,
            i,
            t(
                "agreement_range",
                lang,
                low=_rank_text(low[i], lang),
                high=_rank_text(high[i], lang),
            ),
            ha="center",
            va="center",
            fontsize=style.LABEL_PT,
            color=style.INK,
            gid="agreement-range",
        )

    agreed, split = agreement_extremes(data)
    handles, texts = [], []
    outlines: list[tuple[str | None, str, LineStyleType, str]] = [
        (split, SPLIT, "-", "agreement_legend_split"),
        (agreed, AGREED, (0, (3, 2)), "agreement_legend_agreed"),
    ]
    for pillar, colour, dash, key in outlines:
        if pillar is None or split is None:
            continue
        i = order.index(pillar)
        ax.add_patch(
            Rectangle(
                (-0.5, i - 0.5),
                m + RANGE_IN / col_in,
                1,
                fill=False,
                edgecolor=colour,
                linewidth=3.2,
                linestyle=dash,
                zorder=5,
                clip_on=False,
                gid="agreement-outline",
            )
        )
        ax.get_yticklabels()[i].set_fontweight("bold")
        handles.append(Line2D([], [], color=colour, linewidth=3.2, linestyle=dash))
        texts.append(t(key, lang))

    pos = ax.get_position()
    cax = fig.add_axes((pos.x1 + (RANGE_IN + 0.25) / w_in, pos.y0, 0.22 / w_in, pos.height))
    bar = fig.colorbar(image, cax=cax)
    bar.outline.set_visible(False)
    bar.set_ticks(sorted({1, max(n, 2), *range(1, n + 1, max(1, n // 5))}))
    bar.ax.invert_yaxis()
    bar.ax.tick_params(length=0, labelsize=style.NOTE_PT)
    bar.set_label(t("agreement_colorbar", lang), fontsize=style.NOTE_PT)
    if handles:
        frame.legend(ax, handles, texts)
        legend = fig.legends[-1]
        legend.set_loc("upper left")
        legend.set_bbox_to_anchor((frame.left_edge / w_in, 1 - (frame.header - 0.12) / h_in))
    return fig
