"""The ``compare`` screen: Rich tables and sentences made from a ``compare.Comparison``."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from cx_pillars.i18n import number, ordinal, plural, segment_name, t
from cx_pillars.textwidth import cell_width
from cx_pillars.views.render import bar, join, score_style


def _num(x: float | None, lang: str, digits: int = 1, sign: bool = False) -> str:
    return number(x, digits, sign, lang=lang)


def _p(p: float | None, lang: str) -> str:
    """``= 0.23`` or ``< 0.001``: the p-value with its relation sign."""
    if p is None:
        return "= –"
    return (
        "< " + number(0.001, 3, lang=lang)
        if p < 0.001
        else "= " + number(p, 3, lang=lang)
        if p < 0.01
        else "= " + number(p, 2, lang=lang)
    )


def sample_sentence(sample: dict, lang: str) -> str:
    count, moe = sample["respondents"], sample["margin_of_error"]
    values = {
        "count": count,
        "moe": _num(None if moe is None else moe * 100, lang),
        "more": sample["more_needed"],
    }
    if sample["anecdotal"]:
        return t("compare.sample_anecdotal", lang, **values)
    if sample["more_needed"]:
        return t("compare.sample_more", lang, **values)
    return t("compare.sample_enough", lang, **values)


def prompt_text(prompt: dict, fw, lang: str) -> str:
    v = prompt["values"]

    def label(pid: str) -> str:
        return fw.label(pid, lang, short=True)

    kind = prompt["kind"]
    if kind in ("underrated", "overrated"):
        return t(
            f"compare.prompt.{kind}",
            lang,
            pillar=label(v["pillar"]),
            customer=ordinal(v["customer_position"], lang),
            team=ordinal(v["team_position"], lang),
        )
    if kind == "weak_priority":
        return t(
            "compare.prompt.weak_priority",
            lang,
            pillar=label(v["pillar"]),
            customer=ordinal(v["customer_position"], lang),
            score=_num(v["team_mean_score"], lang),
        )
    if kind == "perception":
        return t(
            "compare.prompt.perception",
            lang,
            pillar=label(v["pillar"]),
            team=_num(v["team_mean_score"], lang),
            customers=_num(v["customer_mean_rating"], lang),
        )
    if kind == "segment":
        return t(
            "compare.prompt.segment",
            lang,
            segment=segment_name(v["segment"], lang),
            count=plural("compare.customers", v["respondents"], lang),
            pillar=label(v["pillar"]),
            overall=label(v["overall_pillar"]),
        )
    return t("compare.prompt.small_sample", lang, count=v["respondents"], more=v["more_needed"])


def correlation_lines(c, lang: str) -> Text:
    corr, readings, n = c.correlation, c.readings, c.framework.n
    text = Text(
        t(
            "compare.correlation",
            lang,
            rho=_num(corr["spearman_rho"], lang, 2, sign=True),
            rho_p=_p(corr["spearman_p"], lang),
            tau=_num(corr["kendall_tau"], lang, 2, sign=True),
            tau_p=_p(corr["kendall_tau_p"], lang),
            method=t(f"compare.method_{corr['method']}", lang),
        )
        + "\n"
    )
    threshold = _num(readings["threshold_rho"], lang, 2)
    if readings["significant"] and (corr["spearman_rho"] or 0) < 0:
        text.append(t("compare.correlation_negative", lang) + "\n", style="bold red")
    elif readings["significant"]:
        text.append(
            t("compare.correlation_significant", lang, n=n, threshold=threshold) + "\n",
            style="green",
        )
    else:
        text.append(
            t("compare.correlation_chance", lang, n=n, threshold=threshold) + "\n", style="yellow"
        )
    return text


def gap_cell(gap: int) -> Text:
    if gap == 0:
        return Text("0", style="grey50")
    arrow = "▲" if gap > 0 else "▼"
    style = ("bold " if abs(gap) >= 3 else "") + ("magenta" if gap > 0 else "cyan")
    return Text(f"{gap:+d} {arrow}".replace("-", "−"), style=style)


def main_table(c, lang: str) -> Table:
    fw = c.framework
    team_scores = {s["pillar"]: s["mean"] for s in c.team.scores}
    gaps = {g["pillar"]: g for g in c.gaps}
    table = _titled(t("compare.table_title", lang))
    table.add_column(t("compare.col_customer", lang), justify="right")
    table.add_column(t("compare.col_pillar", lang), no_wrap=True)
    table.add_column(t("compare.col_mean", lang), justify="right")
    table.add_column(t("compare.col_interval", lang), justify="right", no_wrap=True)
    table.add_column(t("compare.col_first", lang), justify="right")
    table.add_column(t("compare.col_top3", lang), justify="right")
    table.add_column(t("compare.col_team", lang), justify="right")
    table.add_column(t("compare.col_gap", lang), justify="right", no_wrap=True)
    table.add_column(t("compare.col_score", lang), justify="right", no_wrap=True)
    for r in c.customers["ranking"]:
        pid = r["pillar"]
        score = team_scores.get(pid)
        score_cell = Text(_num(score, lang), style=score_style(score or 0))
        score_cell.append(" ")
        score_cell.append_text(bar(score or 0, 5, width=5, style=score_style(score or 0)))
        table.add_row(
            str(r["position"]),
            fw.label(pid, lang, short=True),
            _num(r["mean_rank"], lang),
            f"{_num(r['ci_low'], lang)}–{_num(r['ci_high'], lang)}",
            f"{r['first_place_share'] * 100:.0f}%",
            f"{r['top3_share'] * 100:.0f}%",
            str(gaps[pid]["team_position"]),
            gap_cell(gaps[pid]["gap"]),
            score_cell,
        )
    return table


def _titled(title: str) -> Table:
    return Table(
        box=None,
        header_style="bold",
        pad_edge=False,
        title=title,
        title_justify="left",
        title_style="bold",
        min_width=cell_width(title),
    )


def priorities_block(c, lang: str) -> Table:
    fw = c.framework
    quadrant = {q["pillar"]: q["quadrant"] for q in c.importance_performance}
    rated = any(p["customer_mean_rating"] is not None for p in c.priorities)
    table = _titled(t("compare.priorities_title", lang, k=len(c.priorities)))
    table.add_column(t("compare.col_customer", lang), justify="right")
    table.add_column(t("compare.col_pillar", lang), style="bold", no_wrap=True)
    table.add_column(t("compare.col_score", lang), no_wrap=True)
    if rated:
        table.add_column(t("compare.col_rating", lang), justify="right")
    table.add_column("")
    for p in c.priorities:
        score = p["team_mean_score"]
        cell = bar(score or 0, 5, width=10, style=score_style(score or 0))
        cell.append(f" {_num(score, lang)}/5")
        row = [ordinal(p["customer_position"], lang), fw.label(p["pillar"], lang, short=True), cell]
        if rated:
            row.append(_num(p["customer_mean_rating"], lang) + "/5")
        q = quadrant.get(p["pillar"])
        row.append(
            Text(
                t("compare.quadrant." + q, lang) if q else "",
                style="bold red" if q == "concentrate_here" else "green",
            )
        )
        table.add_row(*row)
    return table


def perception_block(c, lang: str) -> Table | None:
    rows = [g for g in c.perception_gap if g["gap"] is not None]
    if not rows:
        return None
    fw = c.framework
    table = _titled(t("compare.perception_title", lang))
    table.add_column(t("compare.col_pillar", lang), no_wrap=True)
    table.add_column(t("compare.col_team", lang), justify="right")
    table.add_column(t("compare.col_rating", lang), justify="right")
    table.add_column(t("compare.col_gap", lang), justify="right")
    for g in sorted(rows, key=lambda g: -g["gap"]):
        style = "bold" if abs(g["gap"]) >= 1 else ""
        table.add_row(
            fw.label(g["pillar"], lang, short=True),
            _num(g["team_mean_score"], lang),
            _num(g["customer_mean_rating"], lang),
            _num(g["gap"], lang, sign=True),
            style=style,
        )
    return table


def numbered(title: str, lines: list[str]) -> Table:
    """A numbered list whose long lines wrap under their own text."""
    table = _titled(title)
    table.add_column(justify="right")
    table.add_column(ratio=1)
    table.show_header = False
    for k, line in enumerate(lines, 1):
        table.add_row(f"{k}.", line)
    return table


def segments_table(c, lang: str) -> Table | None:
    if not c.segments:
        return None
    fw = c.framework
    table = _titled(t("compare.segments_title", lang))
    table.add_column(t("compare.col_segment", lang))
    table.add_column(t("compare.col_respondents", lang), justify="right")
    table.add_column(t("compare.col_top", lang))
    table.add_column(t("compare.col_rho", lang), justify="right")
    table.add_column("")
    for s in c.segments:
        top = join((fw.label(r["pillar"], lang, short=True) for r in s["ranking"][:3]), lang)
        warning = (
            Text(t("compare.small_segment", lang, min=30), style="yellow")
            if s["small"]
            else Text("")
        )
        table.add_row(
            segment_name(s["segment"], lang),
            str(s["respondents"]),
            top,
            _num(s["spearman_vs_team"], lang, 2, sign=True),
            warning,
        )
    return table


def comparison_screen(c, lang: str = "en") -> Group:
    team = c.team
    team_name = team.team or join(team.teams, lang)
    header = Text(
        t(
            "compare.header",
            lang,
            team=team_name,
            colleagues=plural("compare.colleagues", team.respondents, lang),
            survey=c.survey.name,
            customers=plural("compare.customers", c.customers["respondents"], lang),
        ),
        style="bold",
    )
    parts: list = [
        header,
        Text(
            sample_sentence(c.sample, lang), style="yellow" if c.sample["anecdotal"] else "grey62"
        ),
        Text(""),
        main_table(c, lang),
        Text(t("compare.method", lang), style="grey62"),
        Text(""),
        correlation_lines(c, lang),
        priorities_block(c, lang),
        Text(""),
    ]
    perception = perception_block(c, lang)
    if perception is not None:
        parts += [perception, Text("")]
    segments = segments_table(c, lang)
    if segments is not None:
        parts += [segments, Text("")]
    extra = []
    if c.nps:
        extra.append(
            t(
                "compare.nps",
                lang,
                score=_num(c.nps["score"], lang, 0, sign=True),
                count=plural("compare.customers", c.nps["respondents"], lang),
                promoters=c.nps["promoters"],
                passives=c.nps["passives"],
                detractors=c.nps["detractors"],
            )
        )
    if c.ces:
        extra.append(
            t(
                "compare.ces",
                lang,
                mean=_num(c.ces["mean"], lang),
                count=plural("compare.customers", c.ces["respondents"], lang),
                easy=f"{c.ces['easy_share'] * 100:.0f}",
            )
        )
    if extra:
        parts.append(Text("\n".join(extra) + "\n"))
    if c.prompts:
        parts.append(
            numbered(
                t("compare.discuss", lang), [prompt_text(p, c.framework, lang) for p in c.prompts]
            )
        )
    return Group(*parts)
