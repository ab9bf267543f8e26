"""A chart's data in the terminal, for ``chart`` without ``--out``: its title (the
finding), Rich bars and the footnote."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from cx_pillars.charts.inputs import (
        AgreementData,
        ChartInput,
        GapData,
        PrioritiesData,
        ScoresData,
        SegmentsData,
        TrendData,
    )
    from cx_pillars.report.content import Analysis

D = TypeVar("D", bound="ChartInput")


@dataclass(frozen=True)
class _Kind(Generic[D]):
    """A kind of chart in the terminal: its input record, title, subtitle and body."""

    data: type[D]
    title: Callable[[D, str], str]
    subtitle: Callable[[D, str], str]
    body: Callable[[Analysis, D], RenderableType]


def _kinds() -> dict[str, _Kind[Any]]:
    from cx_pillars.charts import inputs as ci
    from cx_pillars.charts import titles as ct

    return {
        "gap": _Kind(ci.GapData, ct.gap_title, ct.gap_subtitle, _gap),
        "priorities": _Kind(
            ci.PrioritiesData, ct.priorities_title, ct.priorities_subtitle, _priorities
        ),
        "scores": _Kind(ci.ScoresData, ct.scores_title, ct.scores_subtitle, _scores),
        "agreement": _Kind(ci.AgreementData, ct.agreement_title, ct.agreement_subtitle, _agreement),
        "segments": _Kind(ci.SegmentsData, ct.segments_title, ct.segments_subtitle, _segments),
        "trend": _Kind(ci.TrendData, ct.trend_title, ct.trend_subtitle, _trend),
    }


def preview(a: Analysis, kind: str, data: ChartInput) -> None:
    """The chart's data in the terminal: its title (the finding), Rich bars, footnote.

    ``a`` is the report's analysis, ``data`` the chart's input made from it
    (``report.chart_input(a, kind)``)."""
    _show(_kinds()[kind], a, data)


def _show(kind: _Kind[D], a: Analysis, data: ChartInput) -> None:
    from rich.text import Text

    from cx_pillars.charts import titles
    from cx_pillars.i18n import t
    from cx_pillars.views import render

    if not isinstance(data, kind.data):
        raise TypeError(f"{kind.data.__name__} expected, got {type(data).__name__}")
    lang = a.lang
    con = render.console()
    con.print(Text(kind.title(data, lang), style="bold"))
    con.print(Text(kind.subtitle(data, lang), style="grey50"))
    con.print()
    con.print(kind.body(a, data))
    con.print()
    con.print(Text(titles.footnote_text(data.footnote, lang), style="grey50"))
    con.print(Text(t("report.preview_hint", lang), style="grey50"))


def _gap(a: Analysis, data: GapData) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    from cx_pillars.charts.titles import largest_gaps
    from cx_pillars.i18n import t
    from cx_pillars.views.compare import gap_cell

    lang, n = a.lang, data.n
    biggest = {r.pillar for r in largest_gaps(data)}
    table = Table(box=None, pad_edge=False, header_style="bold", show_header=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(t("common.pillar", lang), no_wrap=True)
    scale = Text()
    for k in range(1, n + 1):
        scale.append(f"{k:<3d}" if k < 10 else f"{k:<3d}"[:3])
    table.add_column(scale, no_wrap=True)
    table.add_column("", justify="right", no_wrap=True)
    for row in sorted(data.gaps, key=lambda r: r.customer_position):
        c, m = row.customer_position, row.team_position
        finding = row.is_finding
        # Colour and weight only for a gap the customers' own ranking supports: inside the
        # span of positions they cannot tell apart, the gap is drawn grey.
        colour = (
            "grey50" if not finding or row.value == 0 else "magenta" if row.value > 0 else "cyan"
        )
        heavy = finding and row.pillar in biggest
        track = Text()
        lo, hi = min(c, m), max(c, m)
        for k in range(1, n + 1):
            if k == c and k == m:
                track.append("◉", style="bold")
            elif k == c:
                track.append("●", style=f"bold {colour}")
            elif k == m:
                track.append("○", style=colour)
            elif lo < k < hi:
                track.append("━" if heavy else "─", style=colour)
            else:
                track.append("·", style="grey35")
            if k < n:
                track.append(("━━" if heavy else "──") if lo <= k < hi else "  ", style=colour)
        low, high = row.customer_low, row.customer_high
        table.add_row(
            str(c) if low == high else f"{low}–{high}",
            Text(data.short_label(row.pillar), style="bold" if heavy else ""),
            track,
            gap_cell(row.value, finding),
        )
    legend = Text(t("report.preview.positions", lang, n=n), style="grey50")
    from rich.console import Group

    return Group(table, legend)


def _priorities(a: Analysis, data: PrioritiesData) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from cx_pillars.charts.text import t as chart_t
    from cx_pillars.i18n import number, t

    lang = a.lang
    perf = {p.pillar: p.performance for p in data.points if p.performance is not None}
    points = [p for p in data.points if p.pillar in perf]
    imp = {p.pillar: data.importance(p) for p in points}
    mean_imp = sum(imp.values()) / max(1, len(imp))
    mean_perf = sum(perf.values()) / max(1, len(perf))
    top = set(data.top)
    cells: dict[str, list[Text]] = {"concentrate": [], "keep": [], "low": [], "overkill": []}
    for p in sorted(points, key=lambda p: -imp[p.pillar]):
        high = imp[p.pillar] >= mean_imp
        good = perf[p.pillar] >= mean_perf
        key = ("keep" if good else "concentrate") if high else ("overkill" if good else "low")
        line = Text("★ " if p.pillar in top else "  ", style="bold yellow")
        line.append(data.short_label(p.pillar), style="bold" if p.pillar in top else "")
        line.append(
            f"  {number(imp[p.pillar], 1, lang=lang)} · {number(perf[p.pillar], 1, lang=lang)}",
            style="grey50",
        )
        cells[key].append(line)
    grid = Table.grid(padding=(0, 4))
    grid.add_column()
    grid.add_column()

    def block(key: str, style: str) -> Text:
        text = Text(chart_t(f"priorities_q_{key}", lang), style=style)
        for line in cells[key] or [
            Text("  " + t("report.preview.quadrant_empty", lang), style="grey50")
        ]:
            text.append("\n")
            text.append_text(line)
        return text

    grid.add_row(block("concentrate", "bold red"), block("keep", "bold green"))
    grid.add_row("", "")
    grid.add_row(block("low", "bold"), block("overkill", "bold"))
    axes = Text(
        f"↑ {chart_t('priorities_y', lang)}\n→ "
        f"{chart_t('priorities_x_' + data.performance_source, lang)}\n"
        f"{t('report.preview.importance', lang)} · {t('report.preview.score', lang)}   "
        f"{t('report.preview.top', lang, k=len(data.top))}",
        style="grey50",
    )
    return Group(grid, Text(""), axes)


def _scores(a: Analysis, data: ScoresData) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    from cx_pillars.i18n import number
    from cx_pillars.views.render import bar, score_style

    order = {p: i for i, p in enumerate(data.pillars)}
    rows = sorted(
        ((r, r.mean) for r in data.scores if r.mean is not None),
        key=lambda row: (-row[1], order[row[0].pillar]),
    )
    table = Table(box=None, pad_edge=False, show_header=False)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(justify="right")
    table.add_column(justify="right", style="grey50")
    for r, mean in rows:
        style = score_style(mean)
        table.add_row(
            data.short_label(r.pillar),
            bar(mean, 5, width=25, style=style),
            Text(number(mean, 1, lang=a.lang), style=style),
            "" if r.min is None or r.max is None else f"{r.min:g}–{r.max:g}",
        )
    return table


def _agreement(a: Analysis, data: AgreementData) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from cx_pillars.charts.text import t as chart_t
    from cx_pillars.i18n import t

    lang = a.lang
    order = data.consensus_order()
    ranks = data.rank_rows()
    n = data.n
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("", no_wrap=True)
    for k in range(len(ranks)):
        table.add_column(str(k + 1), justify="right")
    table.add_column(chart_t("agreement_range_axis", lang), justify="right", style="grey50")

    def cell(rank: float) -> Text:
        text = str(int(rank)) if float(rank).is_integer() else f"{rank:.1f}"
        style = "bold green" if rank <= n / 3 else "yellow" if rank <= 2 * n / 3 else "red"
        return Text(text, style=style)

    for p in order:
        values = [r[p] for r in ranks]
        span = f"{min(values):g}–{max(values):g}"
        table.add_row(data.short_label(p), *[cell(v) for v in values], span)
    names = ", ".join(f"{k + 1} {name}" for k, name in enumerate(data.colleagues))
    return Group(table, Text(t("report.preview.colleagues", lang, names=names), style="grey50"))


def _segments(a: Analysis, data: SegmentsData) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    from cx_pillars.i18n import ordinal, t

    lang = a.lang
    table = Table(box=None, pad_edge=False, show_header=False)
    table.add_column(no_wrap=True, style="bold")
    for _ in range(3):
        table.add_column(no_wrap=True)
    table.add_column(style="yellow")
    for s in data.segments:
        tops = [
            Text(f"{ordinal(k + 1, lang)} ", style="grey50") + Text(data.short_label(p))
            for k, p in enumerate(list(s.ranking)[:3])
        ]
        tops += [Text("")] * (3 - len(tops))
        warn = (
            t("report.preview.small", lang, min=data.min_respondents)
            if s.respondents < data.min_respondents
            else ""
        )
        table.add_row(t("report.preview.segment", lang, name=s.name, n=s.respondents), *tops, warn)
    return table


def _trend(a: Analysis, data: TrendData) -> RenderableType:
    from cx_pillars.views.team import trend_screen

    return trend_screen(a.trend, a.fw, a.lang)
