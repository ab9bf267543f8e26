"""The ``chart`` and ``report`` commands (registered on the app in :mod:`cx_pillars.cli`).

Only typer and the standard library are imported at module level, so that
``cx-pillars --help`` stays fast; the helpers of :mod:`cx_pillars.cli`, the analysis,
Rich and matplotlib load inside the commands; the shared options come from
:mod:`cx_pillars.options`.
"""

import sys
from pathlib import Path
from typing import Annotated

import typer

from cx_pillars.options import (
    AllRunsOpt,
    DirOpt,
    FrameworkOpt,
    LangOpt,
    SinceOpt,
    SurveyOpt,
    TeamOpt,
    TopOpt,
    UntilOpt,
)

KINDS = ("gap", "priorities", "scores", "agreement", "segments", "trend")
NEEDS_SURVEY = ("gap", "priorities", "segments")


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _analysis(dir_, framework, team, since, until, survey, all_runs, top, lang):
    """Load the selection the way ``team`` and ``compare`` do and analyse it."""
    from cx_pillars.cli import _load
    from cx_pillars.errors import CxError
    from cx_pillars.i18n import t

    fw, folder, chosen = _load(dir_, framework, team=team, since=since, until=until)
    summary = None
    if survey:
        from cx_pillars.survey.summary import find_summary, load_summary

        summary = load_summary(find_summary(survey, folder), fw)
    if not chosen:
        raise CxError(
            t("report.error.none", lang), path=folder, hint=t("report.error.none_hint", lang)
        )
    from cx_pillars import report

    return report.analyse(chosen, fw, summary, all_runs=all_runs, top=top, lang=lang)


def _chart_lang(lang: str) -> str:
    """The language to draw in; says once on stderr when Chinese falls back to English."""
    from cx_pillars import report
    from cx_pillars.i18n import t

    chart_lang, fell_back = report.chart_language(lang)
    if fell_back:
        _say(t("report.no_cjk_font", lang))
    return chart_lang


def chart(
    kind: Annotated[
        str,
        typer.Argument(
            metavar="KIND",
            help="gap, priorities, scores, agreement, segments or trend.",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            help="A new .png (200 dpi), .svg or .pdf file; without it, a preview in the terminal.",
            show_default=False,
        ),
    ] = None,
    survey: SurveyOpt = None,
    dir_: DirOpt = None,
    team: TeamOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    all_runs: AllRunsOpt = False,
    top: TopOpt = 3,
    framework: FrameworkOpt = None,
    lang: LangOpt = None,
) -> None:
    """One chart for a slide, as PNG, SVG or PDF (by the --out extension).

    gap, priorities and segments compare the team with the customers and need
    --survey; scores, agreement and trend need the team only. The title of each chart
    states its finding. Without --out the same data is shown in the terminal.
    """
    from cx_pillars.cli import _lang
    from cx_pillars.errors import CxError, UsageError
    from cx_pillars.i18n import t

    lang = _lang(lang)
    kind = kind.strip().lower()
    if kind not in KINDS:
        raise UsageError(t("report.error.kind", lang, kind=repr(kind), kinds=", ".join(KINDS)))
    if kind in NEEDS_SURVEY and not survey:
        raise UsageError(t("report.error.needs_survey", lang, kind=kind))
    if out is not None:
        if out.suffix.lower().lstrip(".") not in ("png", "svg", "pdf"):
            raise UsageError(t("report.error.format", lang, name=out.name))
        if out.exists() or out.is_symlink():
            raise CxError(t("report.error.exists", lang), path=out)
    a = _analysis(dir_, framework, team, since, until, survey, all_runs, top, lang)
    from cx_pillars import report

    why = report.unavailable(a, kind)
    if why:
        raise CxError(why)
    if out is None:
        preview(a, kind)
        return
    chart_lang = _chart_lang(lang)
    drawn = a.in_language(chart_lang)
    path = report.write_chart(kind, report.chart_input(drawn, kind), out, chart_lang)
    _say(t("report.wrote_chart", lang, path=path))


def report(
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", metavar="FILE.pdf", help="The new PDF file.", show_default=False
        ),
    ],
    survey: SurveyOpt = None,
    markdown: Annotated[
        Path | None,
        typer.Option(
            "--markdown",
            "-m",
            metavar="FILE.md",
            help="Also write a Markdown summary for a wiki, with the charts as PNG files in "
            "FILE-charts/ beside it.",
            show_default=False,
        ),
    ] = None,
    dir_: DirOpt = None,
    team: TeamOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    all_runs: AllRunsOpt = False,
    top: TopOpt = 3,
    framework: FrameworkOpt = None,
    lang: LangOpt = None,
) -> None:
    """The meeting pack: one PDF with a title page, a one-page summary of the findings
    and what to discuss, every chart the data supports and the key tables.

    Without --survey the pack covers the team alone and says what customer data would
    add. Nothing is ever overwritten: every output is checked before anything is written.
    """
    from cx_pillars.cli import _lang
    from cx_pillars.errors import UsageError
    from cx_pillars.i18n import plural, t

    lang = _lang(lang)
    if out.suffix.lower() != ".pdf":
        raise UsageError(t("report.error.report_format", lang, name=out.name))
    from cx_pillars import report as pack

    pack.check_free([out, *([markdown] if markdown else [])], lang)  # fail fast
    a = _analysis(dir_, framework, team, since, until, survey, all_runs, top, lang)
    _chart_lang(lang)
    written = pack.write_report(a, out, markdown)
    _say(plural("report.wrote_pdf", written.pages, lang, path=written.pdf))
    if written.markdown is not None:
        _say(
            plural(
                "report.wrote_markdown",
                len(written.images),
                lang,
                path=written.markdown,
                folder=pack.charts_folder(written.markdown),
            )
        )


# --------------------------------------------------------------------------- previews


def preview(a, kind: str) -> None:
    """The chart's data in the terminal: its title (the finding), Rich bars, footnote."""
    from rich.text import Text

    from cx_pillars import render, report
    from cx_pillars.charts import TITLES, titles
    from cx_pillars.i18n import t

    lang = a.lang
    data = report.chart_input(a, kind)
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
    from cx_pillars.compare_view import gap_cell
    from cx_pillars.i18n import t

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
    from cx_pillars.render import bar, score_style

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
    from cx_pillars.team_view import trend_screen

    return trend_screen(a.trend, a.fw, a.lang)


_PREVIEWS = {
    "gap": _gap,
    "priorities": _priorities,
    "scores": _scores,
    "agreement": _agreement,
    "segments": _segments,
    "trend": _trend,
}
