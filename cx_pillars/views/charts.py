"""A chart's data in the terminal, for ``chart`` without ``--out``: its title (the
finding), Rich bars and the footnote."""


def preview(a, kind: str, data) -> None:
    """The chart's data in the terminal: its title (the finding), Rich bars, footnote.

    ``a`` is the report's analysis, ``data`` the chart's input made from it."""
    from rich.text import Text

    from cx_pillars.charts import TITLES, titles
    from cx_pillars.i18n import t
    from cx_pillars.views import render

    lang = a.lang
    con = render.console()
    con.print(Text(TITLES[kind](data, lang), style="bold"))
    con.print(Text(getattr(titles, f"{kind}_subtitle")(data, lang), style="grey50"))
    con.print()
    con.print(_PREVIEWS[kind](a, data))
    con.print()
    con.print(Text(titles.footnote_text(data.footnote, lang), style="grey50"))
    con.print(Text(t("report.preview_hint", lang), style="grey50"))


def _gap(a, data):
    from rich.table import Table
    from rich.text import Text

    from cx_pillars.charts.titles import largest_gaps
    from cx_pillars.i18n import t
    from cx_pillars.views.compare import gap_cell

    lang, n = a.lang, data.n
    biggest = {r.pillar for r in largest_gaps(data)}
    table = Table(box=None, pad_edge=False, header_style="bold", show_header=True)
    table.add_column("#", justify="right")
    table.add_column(t("common.pillar", lang), no_wrap=True)
    scale = Text()
    for k in range(1, n + 1):
        scale.append(f"{k:<3d}" if k < 10 else f"{k:<3d}"[:3])
    table.add_column(scale, no_wrap=True)
    table.add_column("", justify="right", no_wrap=True)
    for row in sorted(data.gaps, key=lambda r: r.customer_position):
        c, m = row.customer_position, row.team_position
        colour = "magenta" if row.value > 0 else "cyan" if row.value < 0 else "grey50"
        heavy = row.pillar in biggest
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
        table.add_row(
            str(c),
            Text(data.short_label(row.pillar), style="bold" if heavy else ""),
            track,
            gap_cell(row.value),
        )
    legend = Text(t("report.preview.positions", lang, n=n), style="grey50")
    from rich.console import Group

    return Group(table, legend)


def _priorities(a, data):
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from cx_pillars.charts.text import t as chart_t
    from cx_pillars.i18n import number, t

    lang = a.lang
    points = [p for p in data.points if p.performance is not None]
    imp = {p.pillar: data.importance(p) for p in points}
    mean_imp = sum(imp.values()) / max(1, len(imp))
    mean_perf = sum(p.performance for p in points) / max(1, len(points))
    top = set(data.top)
    cells = {"concentrate": [], "keep": [], "low": [], "overkill": []}
    for p in sorted(points, key=lambda p: -imp[p.pillar]):
        high = imp[p.pillar] >= mean_imp
        good = p.performance >= mean_perf
        key = ("keep" if good else "concentrate") if high else ("overkill" if good else "low")
        line = Text("★ " if p.pillar in top else "  ", style="bold yellow")
        line.append(data.short_label(p.pillar), style="bold" if p.pillar in top else "")
        line.append(
            f"  {number(imp[p.pillar], 1, lang=lang)} · {number(p.performance, 1, lang=lang)}",
            style="grey50",
        )
        cells[key].append(line)
    grid = Table.grid(padding=(0, 4))
    grid.add_column()
    grid.add_column()

    def block(key: str, style: str):
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


def _scores(a, data):
    from rich.table import Table
    from rich.text import Text

    from cx_pillars.i18n import number
    from cx_pillars.views.render import bar, score_style

    order = {p: i for i, p in enumerate(data.pillars)}
    rows = sorted(
        (r for r in data.scores if r.mean is not None), key=lambda r: (-r.mean, order[r.pillar])
    )
    table = Table(box=None, pad_edge=False, show_header=False)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(justify="right")
    table.add_column(justify="right", style="grey50")
    for r in rows:
        style = score_style(r.mean)
        table.add_row(
            data.short_label(r.pillar),
            bar(r.mean, 5, width=25, style=style),
            Text(number(r.mean, 1, lang=a.lang), style=style),
            "" if r.min is None else f"{r.min:g}–{r.max:g}",
        )
    return table


def _agreement(a, data):
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


def _segments(a, data):
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


def _trend(a, data):
    from cx_pillars.views.team import trend_screen

    return trend_screen(a.trend, a.fw, a.lang)


_PREVIEWS = {
    "gap": _gap,
    "priorities": _priorities,
    "scores": _scores,
    "agreement": _agreement,
    "segments": _segments,
    "trend": _trend,
}
