"""The team view in the terminal (Rich), from the plain data of :mod:`cx_pillars.team`.

One screen for a team of a few colleagues, within about 100 columns: a header, one
table that puts what the team believes customers value (consensus, position
distribution, first places, range) beside how the team scores itself on the same
pillar, the agreement with its reading, the disputed pillars and who put them where,
who agrees with whom, and two or three prompts drawn from the data.

Every word comes from the catalogs (``team.*`` in ``data/i18n/<lang>.team.toml``) in
the view's language; sentences are wrapped by terminal cells (:class:`Prose`), since
Chinese breaks between any two characters and Rich breaks only at spaces.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from cx_pillars.i18n import join_names, plural, t
from cx_pillars.pillars import Framework
from cx_pillars.stats import W_EXACT, Record
from cx_pillars.team import (
    PAIRWISE_MAX,
    TeamComparison,
    TeamView,
    colleagues_to_separate,
    format_p,
    num,
    ordinal,
    team_name,
)
from cx_pillars.textwidth import break_lines, cell_width, wrap
from cx_pillars.views.render import bar, score_style
from cx_pillars.views.widths import Column, PlannedTable, plan_table, render_table

SPARK = "▁▂▃▄▅▆▇█"
DIM = "grey50"


def spark(counts: Iterable[int], total: int, style: str = "cyan") -> Text:
    """One cell per count, its height the share of ``total``; a dot for zero."""
    text = Text()
    for c in counts:
        if not c or not total:
            text.append("·", style="grey35")
        else:
            level = min(len(SPARK), max(1, math.ceil(c / total * len(SPARK))))
            text.append(SPARK[level - 1], style=style)
    return text


class Prose:
    """A paragraph wrapped to the width it is given, counting terminal cells; a CJK
    sentence breaks between characters (never before its closing punctuation)."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text, self.style = text, style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text(wrap(self.text, options.max_width), style=self.style)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        words = wrap(self.text, 1).splitlines() or [""]
        return Measurement(max(cell_width(w) for w in words), cell_width(self.text)).with_maximum(
            options.max_width
        )


def _rank(x: float, lang: str) -> str:
    """A place as a bare number: 4, or 4.5 / 4,5 for a tied place."""
    return str(int(x)) if float(x) == int(x) else num(x, 1, lang=lang)


def _name(view: TeamView) -> str:
    """The team a view is about, for display; the teams, listed, when it has several."""
    if view.team is not None:
        return team_name(view.team, view.lang)
    return t("common.list_sep", view.lang).join(team_name(x, view.lang) for x in view.teams)


def _pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal cells (CJK counts two)."""
    return text + " " * max(0, width - cell_width(text))


def header(view: TeamView) -> Text:
    lang = view.lang
    text = Text()
    if view.team is not None:
        text.append(team_name(view.team, lang), style="bold")
    else:
        text.append(
            t(
                "team.header.teams",
                lang,
                teams=plural("team.count.teams", len(view.teams), lang),
                names=t("common.list_sep", lang).join(team_name(x, lang) for x in view.teams),
            ),
            style="bold",
        )
    text.append(" · ")
    if view.all_runs:
        text.append(
            t(
                "team.header.all_runs",
                lang,
                runs=plural("team.count.runs", view.respondents, lang),
                people=plural("team.count.people_from", view.distinct_respondents, lang),
            )
        )
    else:
        text.append(
            t(
                "team.header.latest",
                lang,
                respondents=plural("team.count.respondents", view.respondents, lang),
            )
        )
        if view.skipped_older:
            text.append(plural("team.header.skipped", view.skipped_older, lang))
    span = (
        view.first
        if view.first == view.last
        else t("team.span", lang, first=view.first, last=view.last)
    )
    text.append(f" · {span}")
    return text


def pillar_table(view: TeamView) -> PlannedTable:
    """Consensus order, with the self-scores of the same pillar beside it, laid out by
    the shared width plan (:mod:`cx_pillars.views.widths`): at 80 columns the
    decorations go first, and no number is ever cut."""
    fw, m, lang = view.framework, view.respondents, view.lang
    n = fw.n
    scores = {s["pillar"]: s for s in view.scores}
    whole = all(
        c.get("position_low", c["position"]) == 1 and c.get("position_high", c["position"]) == n
        for c in view.consensus
    )
    rows = [(c, scores[c["pillar"]]) for c in view.consensus]

    def style(s: Record) -> str:
        return score_style(s["mean"]) if s["mean"] is not None else DIM

    grey = Text("·", style="grey35")
    columns = [
        # every range 1..n says nothing: the consensus place, the sentence below says why
        Column("#", [str(c["position"]) if whole else position_cell(c) for c, _ in rows]),
        Column(
            t("common.pillar", lang),
            [fw.label(c["pillar"], lang, short=True) for c, _ in rows],
            kind="label",
            justify="left",
        ),
        Column(
            t("team.table.mean_rank", lang), [num(c["mean_rank"], 1, lang=lang) for c, _ in rows]
        ),
        Column(
            t("team.table.distribution", lang, first=ordinal(1, lang), last=ordinal(n, lang)),
            [spark(c["positions"], m) for c, _ in rows],
            kind="decoration",
            drop=2,
            justify="left",
        ),
        Column(
            t("team.table.first_places", lang),
            [str(c["first_places"]) if c["first_places"] else grey for c, _ in rows],
        ),
        Column(
            t("team.table.range", lang),
            [f"{_rank(c['rank_min'], lang)}–{_rank(c['rank_max'], lang)}" for c, _ in rows],
        ),
        Column("│", ["│"] * len(rows), kind="decoration", style="grey35", drop=3),
        Column(
            t("team.table.self_score", lang),
            [Text(num(s["mean"], 1, lang=lang), style=style(s)) for _, s in rows],
        ),
        Column(
            "",
            [bar(s["mean"] or 0, 5, width=10, style=style(s)) for _, s in rows],
            kind="decoration",
        ),
        Column(
            "1–5",
            [spark(s["histogram"], s["respondents"], style="magenta") for _, s in rows],
            kind="decoration",
            drop=1,
            justify="left",
        ),
        Column(
            t("team.table.min_max", lang),
            ["–" if s["min"] is None else f"{s['min']}–{s['max']}" for _, s in rows],
        ),
    ]
    return PlannedTable(columns)


def position_cell(record: Record) -> str:
    """A consensus position as the colleagues' rankings support it: '4', or '1–3' where
    sign tests cannot tell the pillar from its neighbours."""
    low = record.get("position_low", record["position"])
    high = record.get("position_high", record["position"])
    return str(low) if low == high else f"{low}–{high}"


def ties_line(view: TeamView) -> Prose | None:
    """Which pillars the colleagues cannot tell apart (None with fewer than two)."""
    fw, lang, m = view.framework, view.lang, view.respondents
    if m < 2 or not view.consensus or "position_low" not in view.consensus[0]:
        return None
    groups: list[list[Record]] = []
    for c in view.consensus:
        if groups and groups[-1][0]["position_low"] == c["position_low"]:
            groups[-1].append(c)
        else:
            groups.append([c])
    tied = [g for g in groups if len(g) > 1]
    if not tied:
        return Prose(t("team.ties.none", lang), DIM)
    if len(groups) == 1:
        text = t("team.ties.all", lang, people=plural("team.count.people_with", m, lang))
        needed = colleagues_to_separate(fw.n, view.agreement.get("alpha", 0.05))
        if m < needed:
            text += t("team.ties.needs", lang, needed=needed)
        return Prose(text, "yellow")
    parts = [
        t(
            "team.ties.group",
            lang,
            pillars=join_names([fw.label(c["pillar"], lang, short=True) for c in g], lang),
            low=g[0]["position_low"],
            high=g[0]["position_high"],
        )
        for g in tied
    ]
    return Prose(t("team.ties.groups", lang, groups=t("team.ties.sep", lang).join(parts)), "yellow")


def agreement_lines(view: TeamView) -> Group:
    a, lang = view.agreement, view.lang
    text = Text()
    text.append(t("team.agreement.title", lang) + "  ", style="bold")
    if a["kendall_w"] is None:
        return Group(text, Prose(a["reading"]))
    text.append(t("team.agreement.w", lang, w=num(a["kendall_w"], 2, lang=lang)), style="bold")
    text.append(
        "   "
        + t(
            "team.agreement.test_exact" if a.get("method") == W_EXACT else "team.agreement.test",
            lang,
            chi2=num(a["chi2"], 1, lang=lang),
            df=a["df"],
            p=format_p(a["p_value"], lang, a["alpha"]),
        )
    )
    return Group(
        text,
        Prose(a["reading"], "green" if a["significant"] else "yellow"),
        Prose(t("team.agreement.explain", lang), DIM),
    )


def _styled_lines(text: Text, width: int) -> list[Text]:
    """``text`` broken into lines of at most ``width`` cells by the one line breaker
    (:func:`cx_pillars.textwidth.break_lines`: a CJK name breaks between characters),
    each line keeping its part's styles."""
    plain = text.plain
    out, at = [], 0
    for line in break_lines(plain, width):
        start = plain.index(line, at) if line else at
        out.append(text[start : start + len(line)])
        at = start + len(line)
    return out or [Text("")]


class Entries:
    """Rows of a section, two cells in: labels, then the words that go with them. A row
    too long for the terminal wraps under its own words, never at the left margin
    (where it would read as a line of its own) and never cut; with less than
    :attr:`MIN_WORDS` cells left for the words they go under their label instead."""

    MIN_WORDS = 24
    GAP = "  "

    def __init__(self, rows: Sequence[Sequence[Text]]) -> None:
        self.rows = [list(r) for r in rows]

    def _widths(self, width: int) -> list[int]:
        n = len(self.rows[0]) - 1
        return [min(max(cell_width(r[k].plain) for r in self.rows), width // 3) for k in range(n)]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        widths = self._widths(width)
        room = width - 2 - sum(w + len(self.GAP) for w in widths)
        for row in self.rows:
            if room < self.MIN_WORDS:  # too narrow: the words under the labels
                for cell in row[:-1]:
                    for line in _styled_lines(cell, width - 2):
                        yield Text("  ") + line
                for line in _styled_lines(row[-1], width - 4):
                    yield Text("    ") + line
                continue
            columns = [_styled_lines(c, w) for c, w in zip(row, widths, strict=False)]
            columns.append(_styled_lines(row[-1], room))
            for k in range(max(len(c) for c in columns)):
                line = Text("  ")
                for c, w in zip(columns[:-1], widths, strict=True):
                    cell = c[k] if k < len(c) else Text("")
                    line += cell + " " * (w - cell_width(cell.plain)) + self.GAP
                if k < len(columns[-1]):
                    line += columns[-1][k]
                line.rstrip()
                yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widths = self._widths(options.max_width)
        words = max(cell_width(r[-1].plain) for r in self.rows)
        total = 2 + sum(w + len(self.GAP) for w in widths) + words
        return Measurement(min(total, self.MIN_WORDS), total).with_maximum(options.max_width)


def disputed_lines(view: TeamView) -> RenderableType:
    fw, lang = view.framework, view.lang
    text = Text(t("team.disputed.title", lang), style="bold")
    if view.respondents < 2:
        text.append("  " + t("team.disputed.needs_two", lang), style=DIM)
        return text
    text.append("  " + t("team.disputed.explain", lang), style=DIM)
    if not view.disputed:
        text.append("  " + t("team.disputed.none", lang), style=DIM)
        return text
    rows = []
    for d in view.disputed:
        first, last = ordinal(d["rank_min"], lang), ordinal(d["rank_max"], lang)
        who = t(
            "team.disputed.who",
            lang,
            first=first,
            last=last,
            top=view.shown_list(d["ranked_min_by"]),
            bottom=view.shown_list(d["ranked_max_by"]),
        )
        rows.append(
            [
                Text(fw.label(d["pillar"], lang, short=True), style="bold"),
                Text(t("team.disputed.spread", lang, spread=_rank(d["spread"], lang))),
                Text(who),
            ]
        )
    return Group(text, Entries(rows))


def pairwise_lines(view: TeamView) -> RenderableType:
    p, lang = view.pairwise, view.lang
    thr = p["threshold"]
    text = Text(t("team.pairwise.title", lang), style="bold")
    if thr["rho"] is not None:
        text.append(
            "  "
            + t(
                "team.pairwise.threshold",
                lang,
                n=thr["n"],
                rho=num(thr["rho"], 2, lang=lang),
                alpha=f"{thr['alpha']:.0%}",
            ),
            style=DIM,
        )
    elif thr["n"] >= 2:
        text.append(
            "  " + t("team.pairwise.threshold_none", lang, n=thr["n"], alpha=f"{thr['alpha']:.0%}"),
            style=DIM,
        )
    if p["withheld"]:
        text.append("\n  " + t("team.pairwise.too_many", lang, max=PAIRWISE_MAX), style=DIM)
        return text
    if p["least"] is None:
        text.append("\n  " + t("team.pairwise.needs_two", lang), style=DIM)
        return text
    titles = {"most": t("team.pairwise.most", lang), "least": t("team.pairwise.least", lang)}
    keys = ["most", "least"]
    if {p["most"]["a"], p["most"]["b"]} == {p["least"]["a"], p["least"]["b"]}:
        # two people: the most and the least alike pair are the same pair
        titles, keys = {"most": t("team.pairwise.the_two", lang)}, ["most"]
    rows = []
    for key in keys:
        pair = p[key]
        words = Text(view.shown_list([pair["a"], pair["b"]]), style="bold")
        words.append(
            "  "
            + t(
                "team.pairwise.beyond" if pair["significant"] else "team.pairwise.chance",
                lang,
                rho=num(pair["rho"], 2, sign=True, lang=lang),
                p=format_p(pair["p_value"], lang),
            ),
            style="",
        )
        rows.append([Text(titles[key]), words])
    if view.alignment and view.respondents > 2:  # with two, each is "the rest" of the other
        far = min(
            (a for a in view.alignment if a["rho_vs_rest"] is not None),
            key=lambda a: (a["rho_vs_rest"], a["respondent"]),
            default=None,
        )
        if far is not None:
            words = Text(view.shown(far["respondent"]), style="bold")
            words.append(
                "  "
                + t(
                    "team.pairwise.furthest_rho",
                    lang,
                    rho=num(far["rho_vs_rest"], 2, sign=True, lang=lang),
                ),
                style="",
            )
            # its own label width: the pairs' names stay close to their short labels
            return Group(
                text, Entries(rows), Entries([[Text(t("team.pairwise.furthest", lang)), words]])
            )
    return Group(text, Entries(rows))


def totals_line(view: TeamView) -> Text:
    fw, total, lang = view.framework, view.total, view.lang
    text = Text()
    text.append(t("team.totals.title", lang) + "  ", style="bold")
    if total["mean"] is None:
        text.append("–")
        return text
    style = score_style(total["mean"] / fw.n)
    text.append(
        f"{num(total['mean'], 1, lang=lang)}/{total['max_possible']}", style=f"bold {style}"
    )
    text.append(t("team.totals.range", lang, min=total["min"], max=total["max"]) + "  ")
    text.append_text(bar(total["mean"], total["max_possible"], width=20, style=style))

    def label(ids: Iterable[str]) -> str:
        return t("common.list_sep", lang).join(fw.label(i, lang, short=True) for i in ids)

    scores = {s["pillar"]: s["mean"] for s in view.scores}
    if view.strongest:
        text.append("\n" + t("team.totals.strongest", lang) + " ", style="bold")
        text.append(
            t(
                "team.totals.pillars",
                lang,
                pillars=label(view.strongest),
                score=num(scores[view.strongest[0]], 1, lang=lang),
            )
        )
        text.append("   " + t("team.totals.weakest", lang) + " ", style="bold")
        text.append(
            t(
                "team.totals.pillars",
                lang,
                pillars=label(view.weakest),
                score=num(scores[view.weakest[0]], 1, lang=lang),
            )
        )
    return text


def prompts_lines(view: TeamView) -> Group:
    return numbered_prompts(view.prompts, view.lang)


def numbered_prompts(prompts: Sequence[Record], lang: str) -> Group:
    """ "To discuss" and the prompts, numbered, each wrapped under its own number."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(ratio=1)
    for k, p in enumerate(prompts, 1):
        grid.add_row(f"  {k}.", Prose(p["text"]))
    return Group(Text(t("team.discuss", lang), style="bold"), grid)


def team_screen(view: TeamView) -> Group:
    """The whole team view, in the view's language."""
    method, lang = view.method, view.lang
    parts: list[RenderableType] = [header(view)]
    if view.team is None and len(view.teams) > 1:
        parts.append(Prose(t("team.pooled", lang), "yellow"))
    if view.anonymity["reason"]:
        parts.append(Prose(t("team.anonymity", lang, reason=view.anonymity["reason"]), "yellow"))
    parts += [
        Text(""),
        Text(t("team.table.title", lang), style="bold"),
        pillar_table(view),
        *([ties] if (ties := ties_line(view)) is not None else []),
        Prose(method["consensus"] + t("team.table.note", lang), DIM),
        Text(""),
        agreement_lines(view),
        Text(""),
        disputed_lines(view),
        Text(""),
        pairwise_lines(view),
        Text(""),
        totals_line(view),
    ]
    if view.prompts:
        parts += [Text(""), prompts_lines(view)]
    if view.trend is not None:
        parts += [Text(""), trend_screen(view.trend, view.framework, lang)]
    return Group(*parts)


# ------------------------------------------------------------------------------ trend


def trend_screen(trend: Record, fw: Framework, lang: str = "en", max_quarters: int = 8) -> Group:
    """Mean total and per-pillar means by quarter (the last ``max_quarters`` on screen)."""
    quarters = trend["quarters"]
    title = Text(t("team.trend.title", lang), style="bold")
    if len(quarters) < 2:
        return Group(title, Prose(trend["note"] or t("team.trend.none", lang), "yellow"))
    shown = quarters[-max_quarters:]
    change = trend["change"]

    def cells(values: Sequence[float | None], maximum: float) -> list[Text]:
        out: list[Text] = []
        for v in values:
            out.append(
                Text("–", style=DIM)
                if v is None
                else Text(num(v, 1, lang=lang), style=score_style(v / maximum * 5))
            )
        return out

    def sparkline(values: Sequence[float | None], lo: float, hi: float) -> Text:
        known = [v for v in values if v is not None]
        if not known:
            return Text("")
        text = Text()
        for v in values:
            if v is None:
                text.append(" ")
            else:
                share = (v - lo) / (hi - lo) if hi > lo else 0.5
                text.append(SPARK[min(7, int(share * 7.999))], style="cyan")
        return text

    # one row per line of the table: its label, a cell per quarter, the sparkline, the change
    rows: list[tuple[Text, list[Text], Text, Text]] = [
        (
            Text(t("team.trend.respondents", lang)),
            [Text(str(q["respondents"])) for q in shown],
            Text(""),
            Text(""),
        )
    ]
    totals = [q["total"]["mean"] for q in shown]
    rows.append(
        (
            Text(t("team.trend.total", lang), style="bold"),
            [Text(c.plain, style=f"bold {c.style}") for c in cells(totals, fw.max_total)],
            sparkline(totals, 0, fw.max_total),
            Text(num(change["total_mean"], 1, sign=True, lang=lang) if change else "", "bold"),
        )
    )
    for k, pid in enumerate(fw.ids):
        values = [q["scores"][k]["mean"] for q in shown]
        rows.append(
            (
                Text(fw.label(pid, lang, short=True)),
                cells(values, 5),
                sparkline(values, 1, 5),
                Text(num(change["scores"][k]["change"], 1, sign=True, lang=lang) if change else ""),
            )
        )
    columns = [Column("", [r[0] for r in rows], kind="label", justify="left")]
    columns += [
        Column(q["quarter"].replace("-", "\n"), [r[1][j] for r in rows])
        for j, q in enumerate(shown)
    ]
    columns.append(Column("", [r[2] for r in rows], kind="decoration", justify="left"))
    if change:
        columns.append(
            Column(t("team.trend.change", lang, start=change["from"]), [r[3] for r in rows])
        )
    table = PlannedTable(columns)
    parts: list[RenderableType] = [title, table, Prose(trend["method"], DIM)]
    if len(quarters) > len(shown):
        parts.append(
            Prose(t("team.trend.showing", lang, shown=len(shown), total=len(quarters)), DIM)
        )
    if any(q["withheld"] for q in shown):
        parts.append(Prose(t("team.trend.withheld", lang), "yellow"))
    paired = (change or {}).get("paired")
    if paired and (paired["joined"] or paired["left"]):
        # like with like: the same people's change, or say the change is of people
        words = {
            "start": change["from"],
            "end": change["to"],
            "joined": paired["joined"],
            "left": paired["left"],
        }
        if paired["respondents"] >= 2 and paired["total_mean"] is not None:
            line = t(
                "team.trend.paired",
                lang,
                k=paired["respondents"],
                before=num(paired["from_mean"], 1, lang=lang),
                after=num(paired["to_mean"], 1, lang=lang),
                change=num(paired["total_mean"], 1, sign=True, lang=lang),
                **words,
            )
        else:
            line = t("team.trend.paired_none", lang, **words)
        parts.append(Prose(line, "yellow"))
    if trend["note"]:
        parts.append(Prose(trend["note"], "yellow"))
    return Group(*parts)


# ---------------------------------------------------------------------------- by team


class TeamBlocks:
    """Teams side by side, as many as the width holds whole, the rest in further
    blocks below (each with the # column): a team's cells are never cut."""

    def __init__(self, first: Column, columns: list[Column]) -> None:
        self.first, self.columns = first, columns

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        block: list[Column] = []
        for col in self.columns:
            if block and plan_table([self.first, *block, col], width).stacked:
                yield render_table([self.first, *block], width)[0]
                yield Text("")
                block = []
            block.append(col)
        if block:
            yield render_table([self.first, *block], width)[0]


def comparison_screen(cmp: TeamComparison) -> Group:
    """Several teams side by side: each consensus order, n, mean total, W; then how far
    apart the orders are."""
    fw, lang = cmp.framework, cmp.lang
    views = cmp.views
    first = Column("#", [str(k + 1) for k in range(fw.n)] + ["W"])
    columns = []
    for v in views:
        head = (
            _name(v)
            + "\n"
            + t(
                "team.by.column",
                lang,
                n=v.respondents,
                total=num(v.total["mean"], 1, lang=lang),
                max=fw.max_total,
            )
        )
        cells: list[Text | str] = [
            t(
                "team.by.cell",
                lang,
                pillar=fw.label(c["pillar"], lang, short=True),
                mean=num(c["mean_rank"], 1, lang=lang),
            )
            for c in v.consensus
        ]
        a = v.agreement
        cells.append(
            Text(
                "–"
                if a["kendall_w"] is None
                else t(
                    "team.by.w",
                    lang,
                    w=num(a["kendall_w"], 2, lang=lang),
                    p=format_p(a["p_value"], lang),
                ),
                style=DIM,
            )
        )
        columns.append(Column(head, cells, justify="left"))
    table = TeamBlocks(first, columns)

    lines = Text(t("team.by.apart", lang), style="bold")
    thr = cmp.threshold
    if thr["rho"] is not None:
        lines.append(
            "  " + t("team.by.threshold", lang, n=thr["n"], rho=num(thr["rho"], 2, lang=lang)),
            style=DIM,
        )
    elif thr["n"] >= 2:
        lines.append("  " + t("team.by.threshold_none", lang, n=thr["n"]), style=DIM)
    if not cmp.between:
        lines.append("\n  " + t("team.by.one_team", lang), style=DIM)
    for b in cmp.between:
        a_, b_ = (team_name(x, lang) for x in b["teams"])
        lines.append("\n  " + t("team.by.versus", lang, a=a_, b=b_) + "  ")
        if b["spearman_rho"] is None:
            lines.append(t("team.by.undefined", lang))
            continue
        lines.append(f"ρ = {num(b['spearman_rho'], 2, sign=True, lang=lang)}", style="bold")
        verdict = (
            "similar"
            if b["significant"] and b["spearman_rho"] > 0
            else "opposite"
            if b["significant"]
            else "unrelated"
        )
        lines.append(
            t(
                "team.by.verdict",
                lang,
                p=format_p(b["p_value"], lang),
                verdict=t(f"team.by.{verdict}", lang),
            )
        )
    parts: list[RenderableType] = [
        Text(plural("team.by.title", len(views), lang), style="bold"),
    ]
    for v in views:  # the anonymity rule, said for each team it left runs out of
        if v.anonymity["reason"]:
            parts.append(Prose(t("team.anonymity", lang, reason=v.anonymity["reason"]), "yellow"))
    parts += [
        Text(t("team.by.intro", lang), style=DIM),
        table,
        Text(""),
        Text(t("team.by.scores", lang), style="bold"),
        _scores_side_by_side(cmp),
        Text(""),
        lines,
    ]
    small = [_name(v) for v in views if v.respondents < 3]
    if small:
        parts += [
            Text(""),
            Prose(t("team.by.small", lang, teams=join_names(small, lang)), "yellow"),
        ]
    if cmp.prompts:
        parts += [Text(""), numbered_prompts(cmp.prompts, lang)]
    return Group(*parts)


def _scores_side_by_side(cmp: TeamComparison) -> TeamBlocks:
    """Each team's mean self-score per pillar (catalog order) and its mean total."""
    fw, lang = cmp.framework, cmp.lang
    first = Column(
        t("team.by.pillar", lang),
        [fw.label(i, lang, short=True) for i in fw.ids] + [t("team.by.total", lang)],
        justify="left",
    )
    columns = [
        Column(
            _name(v),
            [num(v.score(i)["mean"], 1, lang=lang) for i in fw.ids]
            + [f"{num(v.total['mean'], 1, lang=lang)}/{fw.max_total}"],
        )
        for v in cmp.views
    ]
    return TeamBlocks(first, columns)
