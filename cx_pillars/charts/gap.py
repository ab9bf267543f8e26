"""``gap``: team vs customer position per pillar, as a dumbbell chart with arrows.

One row per pillar, in the customers' order (their 1st at the top). A blue circle is
the customers' position, an orange diamond the team's; an arrow runs from the team's
position to the customers'. A solid vermillion arrow means customers rank the pillar
higher than the team does, a dashed grey one lower; the signed gap is written at the
end of the row. The largest gaps get a bold label, a thicker arrow and a shaded row.

A pale blue bar behind the circle spans the positions customers cannot tell the pillar's
apart from (head-to-head sign tests, ``position_low``..``position_high``). A gap is drawn
as a finding (arrow, colour) only where the team's position lies outside that span
(``gaps[].finding``); inside it the row has no arrow and its gap is written in grey.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from cx_pillars.charts import style
from cx_pillars.charts.inputs import GapData, GapRow
from cx_pillars.charts.text import signed, t, wrap
from cx_pillars.charts.titles import footnote_text, gap_subtitle, gap_title, largest_gaps

CUSTOMER = style.CUSTOMERS
TEAM = style.TEAM
HIGHER = style.HIGHLIGHT
LOWER = "#6E6E6E"
SPAN = style.CUSTOMERS_TINT
NO_FINDING = "#9A9A9A"
LABEL_WIDTH = 34  # characters per line of a pillar label


def build_gap(data: GapData, lang: str = "en") -> list[Figure]:
    """The gap chart's pages: the rows shrink to the smallest label size, then go on
    over pages (same axis, legend and title on each) instead of growing the page."""
    with style.styled(lang):
        rows = sorted(data.gaps, key=lambda r: (r.customer_position, r.team_position))
        labels = [_label(data, r.pillar) for r in rows]
        top = 0.75 if any(r.customer_low < r.customer_high for r in rows) else 0.45
        probe = style.new_figure()
        frame = style.Frame(
            probe,
            gap_title(data, lang),
            _subtitle(data, lang, (9, 9)),
            footnote_text(data.footnote, lang),
            fixed=True,
        )
        per_page = frame.rows_per_page(labels, top=top + 0.3, bottom=0.55) if rows else 1
        probe.clear()
        pages = max(1, -(-len(rows) // per_page))
        per_page = max(1, -(-len(rows) // pages))
        return [
            _build(
                data,
                lang,
                rows,
                rows[k * per_page : (k + 1) * per_page],
                (k + 1, pages) if pages > 1 else None,
            )
            for k in range(pages)
        ]


def _label(data: GapData, pillar: str) -> str:
    text = data.label(pillar)
    if len(text) > LABEL_WIDTH * 2 - 4:  # would need an ellipsis: the short name instead
        text = data.short_label(pillar)
    return wrap(text, LABEL_WIDTH, max_lines=2)


def _subtitle(data: GapData, lang: str, part: tuple[int, int] | None) -> str:
    text = gap_subtitle(data, lang)
    if part is not None:
        text += t("part_sep", lang) + t("page_part", lang, k=part[0], m=part[1])
    return text


def _build(
    data: GapData,
    lang: str,
    all_rows: list[GapRow],
    rows: list[GapRow],
    part: tuple[int, int] | None,
) -> Figure:
    n = max(len(rows), 1)
    npos = max([data.n, *(max(r.team_position, r.customer_high) for r in all_rows)])
    labels = [_label(data, r.pillar) for r in rows]
    fig = style.new_figure()
    frame = style.Frame(
        fig,
        gap_title(data, lang),
        _subtitle(data, lang, part),
        footnote_text(data.footnote, lang),
        fixed=True,
    )
    top = 0.75 if any(r.customer_low < r.customer_high for r in all_rows) else 0.45
    size = frame.fit_rows(labels, n, top=top, bottom=0.55)
    ax = fig.add_subplot()
    if not rows:
        ax.set_axis_off()
        return fig
    emphasised = {r.pillar for r in largest_gaps(data)}

    label_w = max(frame.max_width(labels, fontsize=size, fontweight="bold"), 1.0)
    frame.place(ax, left=frame.left_edge + label_w + 0.2, right=0.5, top=top, bottom=0.55)

    ys = list(range(len(rows)))
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0.5, npos + 1.1)
    ax.set_xticks(range(1, npos + 1))
    ax.set_yticks(ys, labels)
    ax.tick_params(axis="y", labelsize=size)
    ax.set_xlabel(t("gap_axis", lang), labelpad=10)
    style.clean_axes(ax, grid="x")
    ax.spines["left"].set_visible(False)
    for y in ys:
        ax.axhline(y, color=style.GRID, linewidth=0.8, zorder=0)

    for tick, row in zip(ax.get_yticklabels(), rows, strict=True):
        if row.pillar in emphasised:
            tick.set_fontweight("bold")
    for y, row in zip(ys, rows, strict=True):
        if row.pillar in emphasised:
            ax.axhspan(
                y - 0.42,
                y + 0.42,
                color=HIGHER if row.value > 0 else LOWER,
                alpha=0.08,
                linewidth=0,
                zorder=0,
            ).set_gid("gap-emphasis")

    # the customers' span of positions, then arrows, markers on top
    spans = [(y, r) for y, r in zip(ys, rows, strict=True) if r.customer_low < r.customer_high]
    for y, row in spans:
        ax.plot(
            [row.customer_low, row.customer_high],
            [y, y],
            color=SPAN,
            linewidth=13,
            solid_capstyle="round",
            zorder=1,
            gid="gap-span",
        )
    for y, row in zip(ys, rows, strict=True):
        if row.value == 0 or not row.is_finding:
            continue
        big = row.pillar in emphasised
        arrow = ax.annotate(
            "",
            xy=(row.customer_position, y),
            xytext=(row.team_position, y),
            arrowprops={
                "arrowstyle": "-|>,head_length=0.6,head_width=0.3",
                "color": HIGHER if row.value > 0 else LOWER,
                "linestyle": "-" if row.value > 0 else (0, (4, 2.5)),
                "linewidth": 3.2 if big else 1.8,
                "shrinkA": 7,
                "shrinkB": 9,
            },
        )
        arrow.set_gid("gap-arrow")
    ax.plot(
        [r.team_position for r in rows],
        ys,
        linestyle="none",
        marker="D",
        markersize=10,
        markerfacecolor=TEAM,
        markeredgecolor=style.TEAM_EDGE,
        markeredgewidth=1.0,
        zorder=3,
        gid="gap-team",
    )
    ax.plot(
        [r.customer_position for r in rows],
        ys,
        linestyle="none",
        marker="o",
        markersize=12,
        markerfacecolor=CUSTOMER,
        markeredgecolor="white",
        markeredgewidth=1.2,
        zorder=4,
        gid="gap-customers",
    )
    for y, row in zip(ys, rows, strict=True):
        big = row.pillar in emphasised
        colour = HIGHER if row.value > 0 else LOWER if row.value < 0 else style.MUTED
        if row.value != 0 and not row.is_finding:
            colour = NO_FINDING
        ax.text(
            max(row.team_position, row.customer_high) + 0.45,
            y,
            t("gap_value", lang, gap=signed(row.value, 0, lang)),
            ha="left",
            va="center",
            color=colour,
            fontsize=min(style.LABEL_PT, size + 1) + (3 if big and size >= style.TICK_PT else 0),
            fontweight="bold" if big else "normal",
            gid="gap-value",
        )

    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=11,
            markerfacecolor=CUSTOMER,
            markeredgecolor="white",
        ),
        Line2D(
            [],
            [],
            linestyle="none",
            marker="D",
            markersize=9,
            markerfacecolor=TEAM,
            markeredgecolor=style.TEAM_EDGE,
        ),
        Line2D(
            [],
            [],
            color=HIGHER,
            linewidth=2.2,
            marker=">",
            markevery=[1],
            markersize=7,
            markeredgewidth=0,
        ),
        Line2D(
            [],
            [],
            color=LOWER,
            linewidth=2.0,
            linestyle=(0, (4, 2.5)),
            marker=">",
            markevery=[1],
            markersize=7,
            markeredgewidth=0,
        ),
    ]
    names = [
        t("gap_legend_customers", lang),
        t("gap_legend_team", lang),
        t("gap_legend_higher", lang),
        t("gap_legend_lower", lang),
    ]
    if any(r.customer_low < r.customer_high for r in all_rows):
        handles.append(
            Line2D([], [], color=SPAN, linewidth=9, solid_capstyle="butt", marker="none")
        )
        names.append(t("gap_legend_span", lang))
    if any(r.value != 0 and not r.is_finding for r in all_rows):
        handles.append(
            Line2D([], [], linestyle="none", marker="$+1$", markersize=13, color=NO_FINDING)
        )
        names.append(t("gap_legend_no_finding", lang))
    frame.legend(ax, handles, names, ncol=3 if len(handles) > 4 else None)
    return fig
