"""``agreement``: who ranked what where, as a colleagues × pillars heatmap; beyond
:data:`MANY` colleagues, as a pillars × positions count of how many put each pillar
where (a column per colleague cannot be read at 40, and drawing one costs time and
memory that grow with the team).

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

SPLIT = style.HIGHLIGHT  # the pillar the title calls split: a finding
AGREED = style.INK
ROW_IN = 0.42  # inches per pillar row
MAX_COL_IN = 1.2  # widest colleague column
RANGE_IN = 1.1  # the "range of ranks" column
COLORBAR_IN = 1.5
LABEL_WIDTH = 34
HEAD_IN = 1.5  # the tallest a turned colleague name may be
HEAD_GAP_IN = 0.05  # the least space between two column numbers (a thin space)
MANY = 20  # more colleagues than this: a distribution per pillar instead of a column each


def build_agreement(data: AgreementData, lang: str = "en") -> list[Figure]:
    with style.styled(lang):
        return _build(data, lang)


def _rank_text(value: float, lang: str) -> str:
    return str(int(value)) if float(value).is_integer() else number(value, 1, lang)


def _label(data: AgreementData, pillar: str) -> str:
    text = data.label(pillar)
    if len(text) > LABEL_WIDTH * 2 - 4:  # would need an ellipsis: the short name instead
        text = data.short_label(pillar)
    return wrap(text, LABEL_WIDTH, max_lines=2)


def _build(data: AgreementData, lang: str) -> list[Figure]:
    order = data.consensus_order()
    ranks = data.rank_rows()
    m, n = len(ranks), len(order)
    if m > MANY:
        # how many colleagues put each pillar at each position: one cell per pillar and
        # position, whatever the team's size (linear in colleagues, a fixed number of
        # artists), instead of a column per colleague nobody can read at 40
        matrix = np.zeros((n, n + 1))
        row_of = {p: i for i, p in enumerate(order)}
        for ranking in data.rankings:
            placed = set()
            for k, p in enumerate(ranking):
                if p in row_of and k < n:
                    matrix[row_of[p], k] += 1
                    placed.add(p)
            for p in order:  # left out of a partial ranking: counted as not ranked
                if p not in placed:
                    matrix[row_of[p], n] += 1
        if not matrix[:, n].any():
            matrix = matrix[:, :n]
        heads = [str(k) for k in range(1, n + 1)]
        if matrix.shape[1] > n:
            heads.append(t("agreement_unranked", lang))
        spans = np.array([[r[p] for r in ranks] for p in order], dtype=float).reshape(n, m)
        return _pages(data, lang, order, matrix, heads, spans, distribution=True)
    names = (
        [t("agreement_colleague", lang, i=i + 1) for i in range(m)]
        if data.anonymous
        else list(data.colleagues)
    )
    # rows: pillars in consensus order; columns: colleagues
    matrix = np.array([[r[p] for r in ranks] for p in order], dtype=float).reshape(n, m)
    return _pages(data, lang, order, matrix, names, matrix, distribution=False)


def _pages(
    data: AgreementData,
    lang: str,
    order: list[str],
    matrix: np.ndarray,
    heads: list[str],
    spans: np.ndarray,
    *,
    distribution: bool,
) -> list[Figure]:
    """One figure per page of rows (pillars), each with the same columns and scale."""
    n = len(order)
    labels = [_label(data, p) for p in order]
    probe = style.new_figure()
    frame = style.Frame(
        probe,
        agreement_title(data, lang),
        _subtitle(data, lang, distribution, (9, 9)),
        footnote_text(data.footnote, lang),
        fixed=True,
    )
    head_h = _heads(frame, heads, _col_in(frame, labels, len(heads)), distribution)[1]
    per_page = frame.rows_per_page(labels, top=head_h + 0.35, bottom=0.1, min_row=0.26)
    probe.clear()
    pages = max(1, -(-n // per_page))
    per_page = -(-n // pages)
    figs = []
    for k in range(pages):
        rows = list(range(k * per_page, min(n, (k + 1) * per_page)))
        part = (k + 1, pages) if pages > 1 else None
        figs.append(_page(data, lang, order, matrix, heads, spans, rows, part, distribution))
    return figs


def _subtitle(
    data: AgreementData, lang: str, distribution: bool, part: tuple[int, int] | None
) -> str:
    text = agreement_subtitle(data, lang, counts=distribution)
    if part is not None:
        text += t("part_sep", lang) + t("page_part", lang, k=part[0], m=part[1])
    return text


def _col_in(frame: style.Frame, labels: list[str], columns: int) -> float:
    w_in = frame.fig.get_size_inches()[0]
    label_w = max(frame.max_width(labels, fontsize=style.TICK_PT, fontweight="bold"), 1.0)
    left = frame.left_edge + label_w + 0.2
    return min(MAX_COL_IN, (w_in - left - RANGE_IN - COLORBAR_IN - 0.3) / max(columns, 1))


def _heads(
    frame: style.Frame, names: list[str], col_in: float, distribution: bool
) -> tuple[list[str], float, bool]:
    """The column headings, their height in inches, and whether they are turned."""
    if distribution:
        height = frame.text_size("10", fontsize=style.NOTE_PT)[1] + 0.05
        if frame.max_width(names, fontsize=style.NOTE_PT) + HEAD_GAP_IN <= col_in:
            return names, height, False
        # too narrow for every position's number with space between (10, 11, 12 would
        # read "101112"): 1 and every fifth, as an axis is numbered
        return [h if k == 0 or (k + 1) % 5 == 0 else "" for k, h in enumerate(names)], height, False
    heads = [wrap(name, 12, max_lines=2) for name in names]
    if frame.max_width(heads, fontsize=style.TICK_PT) <= col_in - 0.08:
        return heads, max(frame.text_size(h, fontsize=style.TICK_PT)[1] for h in heads), False
    # turned upright (90°): side by side they never overlap; a long name ends in '…'
    heads = [frame.wrap(name, HEAD_IN, max_lines=1, fontsize=style.NOTE_PT) for name in names]
    return heads, frame.max_width(heads, fontsize=style.NOTE_PT) + 0.1, True


def _page(
    data: AgreementData,
    lang: str,
    order: list[str],
    matrix: np.ndarray,
    heads: list[str],
    spans: np.ndarray,
    rows: list[int],
    part: tuple[int, int] | None,
    distribution: bool,
) -> Figure:
    n = len(order)
    m = matrix.shape[1]
    labels = [_label(data, order[i]) for i in rows]
    fig = style.new_figure()
    frame = style.Frame(
        fig,
        agreement_title(data, lang),
        _subtitle(data, lang, distribution, part),
        footnote_text(data.footnote, lang),
        fixed=True,
    )
    w_in, h_in = fig.get_size_inches()
    col_in = _col_in(frame, [_label(data, p) for p in order], m)
    heads, head_h, turned = _heads(frame, heads, col_in, distribution)
    size = frame.fit_rows(labels, len(rows), top=head_h + 0.35, bottom=0.1, min_row=0.26)
    label_w = max(frame.max_width(labels, fontsize=size, fontweight="bold"), 1.0)
    left = frame.left_edge + label_w + 0.2
    range_head = frame.wrap(
        t("agreement_range_axis", lang), RANGE_IN - 0.1, max_lines=2, fontsize=style.NOTE_PT
    )
    head_h = max(head_h, frame.text_size(range_head, fontsize=style.NOTE_PT)[1])
    ax = fig.add_subplot()
    frame.place(ax, left=left, right=w_in - left - col_in * m, top=head_h + 0.35, bottom=0.1)
    shown = matrix[rows, :]
    if distribution:
        top = max(float(matrix.max()), 1.0)
        # nobody at that position: a pale empty cell, so the counts stand out
        cmap = colormaps[style.SEQUENTIAL + "_r"].with_extremes(bad="#F2F2F2")
        image = ax.imshow(
            np.ma.masked_equal(shown, 0),
            cmap=cmap,
            vmin=0,
            vmax=top,
            aspect="auto",
            interpolation="nearest",
        )
    else:
        cmap = colormaps[style.SEQUENTIAL].resampled(max(n, 2))  # one colour per rank
        image = ax.imshow(
            shown, cmap=cmap, vmin=0.5, vmax=max(n, 2) + 0.5, aspect="auto", interpolation="nearest"
        )
    image.set_gid("agreement-cells")
    ax.set_yticks(range(len(rows)), labels)
    ax.tick_params(axis="y", labelsize=size)
    ax.set_xticks(range(m), heads)
    ax.xaxis.tick_top()
    head_size = style.NOTE_PT if (turned or distribution) else style.TICK_PT
    ax.tick_params(axis="x", labelsize=head_size)
    if turned:
        for label in ax.get_xticklabels():
            label.set(rotation=90, ha="center", va="bottom")
    ax.tick_params(length=0, pad=5)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks(np.arange(-0.5, m, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, len(rows), 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5 if m > 12 else 2)
    ax.tick_params(which="minor", length=0)

    # each cell's number, at a size its cell holds (left out, with the scale in the
    # colour bar, when not even the smallest fits)
    pos = ax.get_position()
    cell_w = pos.width * w_in / m
    cell_h = pos.height * h_in / len(rows)
    texts = [
        _rank_text(v, lang) if not distribution else (str(int(v)) if v else "")
        for v in shown.ravel()
    ]
    widest = max(texts, key=len, default="")
    cell_pt = float(style.LABEL_PT)
    while cell_pt > style.MIN_PT and (
        frame.text_size(widest, fontsize=cell_pt, fontweight="bold")[0] > cell_w - 0.06
        or frame.text_size("8", fontsize=cell_pt)[1] > cell_h - 0.04
    ):
        cell_pt -= 0.5
    fits = (
        frame.text_size(widest, fontsize=cell_pt, fontweight="bold")[0] <= cell_w - 0.04
        and frame.text_size("8", fontsize=cell_pt)[1] <= cell_h - 0.02
    )
    if fits:
        norm = image.norm
        for i in range(len(rows)):
            for j in range(m):
                value = shown[i, j]
                text = texts[i * m + j]
                if not text:
                    continue
                r, g, b, _ = cmap(norm(value))
                dark = 0.299 * r + 0.587 * g + 0.114 * b < 0.55
                ax.text(
                    j,
                    i,
                    text,
                    ha="center",
                    va="center",
                    fontsize=cell_pt,
                    color="white" if dark else style.INK,
                    fontweight="bold" if (distribution or value <= 3) else "normal",
                    gid="agreement-cell",
                )

    # the range of positions each pillar received, in a column right of the cells
    low, high = spans.min(axis=1), spans.max(axis=1)
    range_x = m - 0.5 + (RANGE_IN / 2) / col_in
    ax.text(
        range_x,
        -0.5 - 0.12 * (len(rows) / 10),
        range_head,
        ha="center",
        va="bottom",
        fontsize=style.NOTE_PT,
        color=style.MUTED,
    )
    for k, i in enumerate(rows):
        ax.text(
            range_x,
            k,
            t(
                "agreement_range",
                lang,
                low=_rank_text(low[i], lang),
                high=_rank_text(high[i], lang),
            ),
            ha="center",
            va="center",
            fontsize=max(size, style.MIN_PT),
            color=style.INK,
            gid="agreement-range",
        )

    agreed, split = agreement_extremes(data)
    handles, legend_texts = [], []
    outlines: list[tuple[str | None, str, LineStyleType, str]] = [
        (split, SPLIT, "-", "agreement_legend_split"),
        (agreed, AGREED, (0, (3, 2)), "agreement_legend_agreed"),
    ]
    for pillar, colour, dash, key in outlines:
        if pillar is None or split is None:
            continue
        handles.append(Line2D([], [], color=colour, linewidth=3.2, linestyle=dash))
        legend_texts.append(t(key, lang))
        i = order.index(pillar)
        if i not in rows:
            continue
        k = rows.index(i)
        ax.add_patch(
            Rectangle(
                (-0.5, k - 0.5),
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
        ax.get_yticklabels()[k].set_fontweight("bold")

    cax = fig.add_axes((pos.x1 + (RANGE_IN + 0.25) / w_in, pos.y0, 0.22 / w_in, pos.height))
    bar = fig.colorbar(image, cax=cax)
    bar.outline.set_visible(False)
    if distribution:
        top_count = int(matrix.max())
        step = max(1, top_count // 4)
        ticks = list(range(0, top_count + 1, step))
        if top_count - ticks[-1] < step / 2:  # the top would crowd the last regular tick
            ticks[-1] = top_count
        else:
            ticks.append(top_count)
        bar.set_ticks(ticks)
        bar.set_label(t("agreement_colorbar_counts", lang), fontsize=style.NOTE_PT)
    else:
        bar.set_ticks(sorted({1, max(n, 2), *range(1, n + 1, max(1, n // 5))}))
        bar.ax.invert_yaxis()
        bar.set_label(t("agreement_colorbar", lang), fontsize=style.NOTE_PT)
    bar.ax.tick_params(length=0, labelsize=style.NOTE_PT)
    if handles:
        frame.legend(ax, handles, legend_texts)
        legend = fig.legends[-1]
        legend.set_loc("upper left")
        legend.set_bbox_to_anchor((frame.left_edge / w_in, 1 - (frame.header - 0.12) / h_in))
    return fig
