"""The team view in the terminal (Rich), from the plain data of :mod:`cx_pillars.team`.

One screen for a team of a few colleagues, within about 100 columns: a header, one
table that puts what the team believes customers value (consensus, position
distribution, first places, range) beside how the team scores itself on the same
pillar, the agreement with its reading, the disputed pillars and who put them where,
who agrees with whom, and two or three prompts drawn from the data.
"""

from __future__ import annotations

import math

from rich.console import Group
from rich.table import Table
from rich.text import Text

from cx_pillars.pillars import Framework
from cx_pillars.render import bar, score_style
from cx_pillars.team import TeamComparison, TeamView, format_p, ordinal

SPARK = "▁▂▃▄▅▆▇█"
DIM = "grey50"


def spark(counts, total: int, style: str = "cyan") -> Text:
    """One cell per count, its height the share of ``total``; a dot for zero."""
    text = Text()
    for c in counts:
        if not c or not total:
            text.append("·", style="grey35")
        else:
            level = min(len(SPARK), max(1, math.ceil(c / total * len(SPARK))))
            text.append(SPARK[level - 1], style=style)
    return text


def _num(x: float | None, digits: int = 1) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def _rank(x: float) -> str:
    return f"{x:g}"


def header(view: TeamView) -> Text:
    text = Text()
    if view.team is not None:
        text.append(view.team, style="bold")
    else:
        text.append(f"{len(view.teams)} teams", style="bold")
        text.append(f" ({', '.join(view.teams)})")
    people = "respondent" if view.respondents == 1 else "respondents"
    if view.all_runs:
        text.append(f" · {view.respondents} runs from {view.distinct_respondents} "
                    f"{'person' if view.distinct_respondents == 1 else 'people'} (every run)")
    else:
        text.append(f" · {view.respondents} {people}, latest run each")
        if view.skipped_older:
            older = "run" if view.skipped_older == 1 else "runs"
            text.append(f" ({view.skipped_older} older {older} skipped)")
    span = view.first if view.first == view.last else f"{view.first} to {view.last}"
    text.append(f" · {span}")
    return text


def pillar_table(view: TeamView) -> Table:
    """Consensus order, with the self-scores of the same pillar beside it."""
    fw, m = view.framework, view.respondents
    n = fw.n
    scores = {s["pillar"]: s for s in view.scores}
    table = Table(box=None, header_style="bold", pad_edge=False, padding=(0, 1))
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Pillar", no_wrap=True, max_width=18)
    table.add_column("Mean\nrank", justify="right", no_wrap=True)
    table.add_column(f"Put 1st … {ordinal(n)}", no_wrap=True)
    table.add_column("1st", justify="right", no_wrap=True)
    table.add_column("Range", justify="right", no_wrap=True)
    table.add_column("│", style="grey35", no_wrap=True)
    table.add_column("Self-\nscore", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("1…5", no_wrap=True)
    table.add_column("Min–\nmax", justify="right", no_wrap=True)
    for c in view.consensus:
        s = scores[c["pillar"]]
        mean = s["mean"]
        style = score_style(mean) if mean is not None else DIM
        table.add_row(
            str(c["position"]),
            fw.label(c["pillar"], short=True),
            f"{c['mean_rank']:.1f}",
            spark(c["positions"], m),
            str(c["first_places"]) if c["first_places"] else Text("·", style="grey35"),
            f"{_rank(c['rank_min'])}–{_rank(c['rank_max'])}",
            "│",
            Text(_num(mean), style=style),
            bar(mean or 0, 5, width=10, style=style),
            spark(s["histogram"], s["respondents"], style="magenta"),
            "–" if s["min"] is None else f"{s['min']}–{s['max']}",
        )
    return table


def agreement_lines(view: TeamView) -> Text:
    a = view.agreement
    text = Text()
    text.append("Agreement  ", style="bold")
    if a["kendall_w"] is None:
        text.append(a["reading"])
        return text
    text.append(f"Kendall's W = {a['kendall_w']:.2f}", style="bold")
    text.append(f"   χ² = {a['chi2']:.1f}, df = {a['df']}, {format_p(a['p_value'])}\n")
    text.append(a["reading"], style="green" if a["significant"] else "yellow")
    text.append("\nW runs from 0 (no shared order) to 1 (identical rankings); p is the chance "
                "of agreement this strong if everyone had ranked at random.", style=DIM)
    return text


def disputed_lines(view: TeamView) -> Text:
    fw = view.framework
    text = Text("Most disputed", style="bold")
    text.append("  (spread = lowest minus highest place given)", style=DIM)
    if view.respondents < 2:
        text.append("  (needs at least two respondents)", style=DIM)
        return text
    if not view.disputed:
        text.append("  none: everyone put every pillar in the same place", style=DIM)
        return text
    short = dict(zip(view.labels, view.short_labels, strict=True))
    width = max(len(fw.label(d["pillar"], short=True)) for d in view.disputed)
    for d in view.disputed:
        text.append("\n  ")
        text.append(f"{fw.label(d['pillar'], short=True):<{width}}", style="bold")
        text.append(f"  spread {d['spread']:g}  ")
        if view.hidden:
            text.append(f"from {ordinal(d['rank_min'])} to {ordinal(d['rank_max'])}")
        else:
            top = _join([short[x] for x in d["ranked_min_by"]])
            bottom = _join([short[x] for x in d["ranked_max_by"]])
            text.append(f"{ordinal(d['rank_min'])} for {top}, "
                        f"{ordinal(d['rank_max'])} for {bottom}")
    return text


def _join(names) -> str:
    names = list(names)
    return " and ".join(names) if len(names) <= 2 else ", ".join(names[:-1]) + " and " + names[-1]


def pairwise_lines(view: TeamView) -> Text:
    p = view.pairwise
    thr = p["threshold"]
    text = Text("Who agrees with whom", style="bold")
    if thr["rho"] is not None:
        text.append(f"  (Spearman ρ; with {thr['n']} pillars only |ρ| ≥ {thr['rho']:.2f} is "
                    f"beyond chance at {thr['alpha']:.0%})", style=DIM)
    if view.hidden:
        text.append("\n  not shown, to keep anonymous answers anonymous (see above)",
                    style="yellow")
        return text
    if p["withheld"]:
        text.append(f"\n  not computed: {p['withheld']}", style=DIM)
        return text
    if p["least"] is None:
        text.append("\n  needs at least two respondents", style=DIM)
        return text
    short = dict(zip(view.labels, view.short_labels, strict=True))
    for title, key in (("Most alike ", "most"), ("Least alike", "least")):
        pair = p[key]
        text.append(f"\n  {title}  ")
        text.append(f"{short[pair['a']]} and {short[pair['b']]}", style="bold")
        text.append(f"  ρ = {pair['rho']:+.2f} ({format_p(pair['p_value'])}")
        text.append(", beyond chance)" if pair["significant"] else ", could be chance)")
    if view.alignment:
        far = min((a for a in view.alignment if a["rho_vs_rest"] is not None),
                  key=lambda a: (a["rho_vs_rest"], a["respondent"]), default=None)
        if far is not None:
            text.append("\n  Furthest from the rest  ")
            text.append(short[far["respondent"]], style="bold")
            text.append(f"  ρ = {far['rho_vs_rest']:+.2f} with the others' mean order")
    return text


def totals_line(view: TeamView) -> Text:
    fw, t = view.framework, view.total
    text = Text()
    text.append("Total self-score  ", style="bold")
    if t["mean"] is None:
        text.append("–")
        return text
    style = score_style(t["mean"] / fw.n)
    text.append(f"{t['mean']:.1f}/{t['max_possible']}", style=f"bold {style}")
    text.append(f" (lowest {t['min']}, highest {t['max']})  ")
    text.append_text(bar(t["mean"], t["max_possible"], width=20, style=style))

    def label(ids) -> str:
        return ", ".join(fw.label(i, short=True) for i in ids)

    scores = {s["pillar"]: s["mean"] for s in view.scores}
    if view.strongest:
        text.append("\nStrongest ", style="bold")
        text.append(f"{label(view.strongest)} ({scores[view.strongest[0]]:.1f})")
        text.append("   Weakest ", style="bold")
        text.append(f"{label(view.weakest)} ({scores[view.weakest[0]]:.1f})")
    return text


def prompts_lines(view: TeamView) -> Group:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(ratio=1)
    for k, p in enumerate(view.prompts, 1):
        grid.add_row(f"  {k}.", p["text"])
    return Group(Text("To discuss", style="bold"), grid)


def team_screen(view: TeamView) -> Group:
    """The whole team view."""
    method = view.method
    parts = [header(view)]
    if view.hidden:
        parts.append(Text("Anonymity: " + view.anonymity["reason"], style="yellow"))
    parts += [
        Text(""),
        Text("What the team believes customers value, and how it scores itself", style="bold"),
        pillar_table(view),
        Text(method["consensus"] + " Self-score: the team's mean 1–5 on the pillar, its "
             "1…5 distribution and range.", style=DIM),
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
        parts += [Text(""), trend_screen(view.trend, view.framework)]
    return Group(*parts)


# ------------------------------------------------------------------------------ trend

def trend_screen(trend: dict, fw: Framework, max_quarters: int = 8) -> Group:
    """Mean total and per-pillar means by quarter (the last ``max_quarters`` on screen)."""
    quarters = trend["quarters"]
    title = Text("Trend by quarter", style="bold")
    if len(quarters) < 2:
        return Group(title, Text(trend["note"] or "No runs in the window.", style="yellow"))
    shown = quarters[-max_quarters:]
    table = Table(box=None, header_style="bold", pad_edge=False, padding=(0, 1))
    table.add_column("", no_wrap=True)
    for q in shown:
        table.add_column(q["quarter"].replace("-", "\n"), justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    change = trend["change"]
    if change:
        table.add_column(f"Change\n{change['from']}→", justify="right", no_wrap=True)

    def cells(values, fmt, maximum):
        out = []
        for v in values:
            out.append(Text("–", style=DIM) if v is None
                       else Text(fmt(v), style=score_style(v / maximum * 5)))
        return out

    def sparkline(values, lo, hi):
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

    table.add_row("Respondents", *[str(q["respondents"]) for q in shown], "",
                  *([""] if change else []))
    totals = [q["total"]["mean"] for q in shown]
    row = ["Total (mean)", *cells(totals, lambda v: f"{v:.1f}", fw.max_total),
           sparkline(totals, 0, fw.max_total)]
    if change:
        row.append(f"{change['total_mean']:+.1f}")
    table.add_row(*row, style="bold")
    for k, pid in enumerate(fw.ids):
        values = [q["scores"][k]["mean"] for q in shown]
        row = [fw.label(pid, short=True), *cells(values, lambda v: f"{v:.1f}", 5),
               sparkline(values, 1, 5)]
        if change:
            row.append(f"{change['scores'][k]['change']:+.1f}")
        table.add_row(*row)
    parts = [title, table, Text(trend["method"], style=DIM)]
    if len(quarters) > len(shown):
        parts.append(Text(f"Showing the last {len(shown)} of {len(quarters)} quarters; "
                          "--json has them all.", style=DIM))
    if any(q["withheld"] for q in shown):
        parts.append(Text("–: withheld, anonymous runs from fewer than three people.",
                          style="yellow"))
    if trend["note"]:
        parts.append(Text(trend["note"], style="yellow"))
    return Group(*parts)


# ---------------------------------------------------------------------------- by team

def comparison_screen(cmp: TeamComparison) -> Group:
    """Several teams side by side: each consensus order, n, mean total, W; then how far
    apart the orders are."""
    fw = cmp.framework
    views = cmp.views
    table = Table(box=None, header_style="bold", pad_edge=False, padding=(0, 1))
    table.add_column("#", justify="right", no_wrap=True)
    for v in views:
        total = v.total["mean"]
        head = (f"{v.team}\nn = {v.respondents}, total "
                f"{_num(total)}/{fw.max_total}")
        table.add_column(head, no_wrap=True, overflow="ellipsis", max_width=28)
    for position in range(fw.n):
        row = [str(position + 1)]
        for v in views:
            c = v.consensus[position]
            row.append(f"{fw.label(c['pillar'], short=True)} ({c['mean_rank']:.1f})")
        table.add_row(*row)
    w_row = ["W"]
    for v in views:
        a = v.agreement
        w_row.append("–" if a["kendall_w"] is None
                     else f"{a['kendall_w']:.2f} ({format_p(a['p_value'])})")
    table.add_row(*w_row, style=DIM)

    lines = Text("How far apart the teams' orders are", style="bold")
    thr = cmp.threshold
    if thr["rho"] is not None:
        lines.append(f"  (Spearman ρ between mean ranks; with {thr['n']} pillars only "
                     f"|ρ| ≥ {thr['rho']:.2f} is beyond chance)", style=DIM)
    if not cmp.between:
        lines.append("\n  one team only in the window", style=DIM)
    for b in cmp.between:
        a_, b_ = b["teams"]
        lines.append(f"\n  {a_} vs {b_}  ")
        if b["spearman_rho"] is None:
            lines.append("undefined")
            continue
        lines.append(f"ρ = {b['spearman_rho']:+.2f}", style="bold")
        verdict = ("similar orders" if b["significant"] and b["spearman_rho"] > 0
                   else "opposite orders" if b["significant"]
                   else "not distinguishable from unrelated orders")
        lines.append(f" ({format_p(b['p_value'])}): {verdict}")
    title = f"{len(views)} teams side by side" if len(views) > 1 else "1 team"
    parts = [Text(title, style="bold"),
             Text("Each team's consensus order (mean rank; 1 = most important to customers)",
                  style=DIM),
             table, Text(""), lines]
    small = [v.team for v in views if v.respondents < 3]
    if small:
        parts.append(Text(f"\n{_join(small)}: fewer than three respondents, so their order "
                          "is one or two people's view.", style="yellow"))
    return Group(*parts)
