"""The ``compare`` screen: Rich tables and sentences made from a ``compare.Comparison``."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from cx_pillars.errors import printable
from cx_pillars.i18n import number, ordinal, plural, segment_name, t
from cx_pillars.textwidth import cell_width
from cx_pillars.views.render import bar, join, score_style
from cx_pillars.views.team import Prose
from cx_pillars.views.widths import Column, PlannedTable


def _num(x: float | None, lang: str, digits: int = 1, sign: bool = False) -> str:
    return number(x, digits, sign, lang=lang)


def p_digits(p: float, alpha: float = 0.05) -> int:
    """Decimals that show ``p`` without rounding it onto or across ``alpha``: 2 as a rule
    (3 below 0.01), more while the rounded value would land on the other side of alpha
    or on alpha itself (0.048 -> "0.048", never "0.05")."""
    digits = 3 if p < 0.01 else 2
    while digits < 12:
        shown = round(p, digits)
        if (shown < alpha) == (p < alpha) and (shown != alpha or p == alpha):
            break
        digits += 1
    return digits


def _p(p: float | None, lang: str) -> str:
    """``= 0.23`` or ``< 0.001``: the p-value with its relation sign."""
    if p is None:
        return "= –"
    if p < 0.001:
        return "< " + number(0.001, 3, lang=lang)
    return "= " + number(p, p_digits(p), lang=lang)


def position_text(low: int, high: int, lang: str) -> str:
    """A place, or the span of places a pillar could take: "2nd" or "1st–3rd"."""
    if low == high:
        return ordinal(low, lang)
    if lang.startswith("zh"):
        return f"{ordinal(low, lang)}–{high}"  # 第1–3
    return f"{ordinal(low, lang)}–{ordinal(high, lang)}"


def _pairs_text(pairs: list[dict], fw, lang: str) -> str:
    return t("compare.group_sep", lang).join(
        t(
            "compare.pair",
            lang,
            a=fw.label(p["a"], lang, short=True),
            b=fw.label(p["b"], lang, short=True),
        )
        for p in pairs
    )


def _about(count: int) -> int:
    """A projected count rounded up to two significant figures (84,630 -> 85,000): the
    shares it rests on are estimates themselves."""
    if count < 100:
        return count
    step = 10 ** (len(str(count)) - 2)
    return -(-count // step) * step


def sample_sentence(sample: dict, lang: str, fw=None) -> str:
    """What the number of respondents allows: anecdotal below 30; "enough to rely on"
    only when the customers' top k are told apart; otherwise how many more responses
    would separate them, or that none would."""
    count, moe = sample["respondents"], sample["margin_of_error"]
    values = {
        "count": count,
        "moe": _num(None if moe is None else moe * 100, lang),
        "more": sample["more_needed"],
    }
    if sample["anecdotal"]:
        return plural(
            "compare.sample_anecdotal", count, lang, moe=values["moe"], more=values["more"]
        )
    if not sample.get("top_distinguishable", True) and fw is not None:
        pairs = _pairs_text(sample["separating_pairs"], fw, lang)
        more = sample["more_to_separate"]
        if more is None:
            return t("compare.sample_never", lang, **values, k=sample["top"], pairs=pairs)
        return t(
            "compare.sample_tied",
            lang,
            **{**values, "more": _about(more)},
            k=sample["top"],
            pairs=pairs,
        )
    if sample["more_needed"]:
        return t("compare.sample_more", lang, **values)
    return t("compare.sample_enough", lang, **values)


def prompt_text(prompt: dict, fw, lang: str) -> str:
    v = prompt["values"]

    def label(pid: str) -> str:
        return fw.label(pid, lang, short=True)

    kind = prompt["kind"]

    def customer() -> str:
        low = v.get("customer_position_low", v["customer_position"])
        high = v.get("customer_position_high", v["customer_position"])
        return position_text(low, high, lang)

    if kind in ("underrated", "overrated"):
        return t(
            f"compare.prompt.{kind}",
            lang,
            pillar=label(v["pillar"]),
            customer=customer(),
            team=ordinal(v["team_position"], lang),
        )
    if kind == "weak_priority":
        return t(
            "compare.prompt.weak_priority",
            lang,
            pillar=label(v["pillar"]),
            customer=customer(),
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
        generation = v.get("segment_by") == "generation"
        column = "" if generation else (v.get("segment_column") or "")
        key = "compare.prompt.segment_generation" if generation else "compare.prompt.segment"
        if column:  # the segments' own word: "that region", or the question quoted
            noun = _column_noun(column)
            key = "compare.prompt.segment_column" if noun else "compare.prompt.segment_question"
            column = noun or printable(column, 60)
        return t(
            key,
            lang,
            column=column,
            segment=segment_name(v["segment"], lang),
            count=plural("compare.customers", v["respondents"], lang),
            pillar=label(v["pillar"]),
            overall=label(v["overall_pillar"]),
        )
    return plural("compare.prompt.small_sample", v["respondents"], lang, more=v["more_needed"])


def _column_noun(header: str) -> str | None:
    """A segment column's header as a noun for "that …" ("Region" -> "region"), or None
    when it reads as a question or a long label (then it is quoted as it is)."""
    words = header.split()
    if not words or len(words) > 3 or len(header) > 30 or any(not w.isalpha() for w in words):
        return None
    first = words[0]
    if first[:1].isupper() and first[1:].islower():  # "Region", not "NPS"
        first = first[:1].lower() + first[1:]
    return " ".join([first, *words[1:]])


def correlation_reading(c, lang: str) -> tuple[str, str]:
    """The sentence the correlation allows, from its exact (or asymptotic) p and the one
    rule p < 0.05, with its style: beyond chance, against the customers (saying "customers
    put last" only when the team's first is unambiguously the customers' last), or
    possibly chance."""
    corr, readings, n = c.correlation, c.readings, c.framework.n
    p = _p(corr["spearman_p"], lang)
    if readings["significant"] and (corr["spearman_rho"] or 0) < 0:
        if readings.get("team_first_last"):
            return t("compare.correlation_negative_last", lang, p=p), "bold red"
        return (
            t(
                "compare.correlation_negative",
                lang,
                p=p,
                pillar=c.framework.label(readings["team_first"], lang, short=True),
                position=ordinal(readings["team_first_customer_position"], lang),
            ),
            "bold red",
        )
    if readings["significant"]:
        return t("compare.correlation_significant", lang, p=p), "green"
    return t("compare.correlation_chance", lang, p=p, n=n), "yellow"


def correlation_lines(c, lang: str) -> Text:
    corr = c.correlation
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
    sentence, style = correlation_reading(c, lang)
    text.append(sentence + "\n", style=style)
    return text


def gap_cell(gap: int, finding: bool = True) -> Text:
    """The signed gap with its arrow; grey (and no arrow) where the team's position lies
    inside the customers' range, so it is no finding."""
    if gap == 0:
        return Text("0", style="grey50")
    if not finding:
        return Text(f"{gap:+d}  ".replace("-", "−"), style="grey50")
    arrow = "▲" if gap > 0 else "▼"
    style = ("bold " if abs(gap) >= 3 else "") + ("magenta" if gap > 0 else "cyan")
    return Text(f"{gap:+d} {arrow}".replace("-", "−"), style=style)


def ties_line(c, lang: str) -> str | None:
    """ "Customers cannot tell apart: A, B and C (1st–3rd); D and E (5th–6th).", or None."""
    fw, groups, seen = c.framework, [], set()
    ranking = c.customers["ranking"]
    if len(ranking) > 2 and len(ranking[0].get("tied_with", [])) == len(ranking) - 1:
        return t("compare.ties_all", lang)
    for r in ranking:
        if not r.get("tied_with") or r["pillar"] in seen:
            continue
        members = [r["pillar"], *r["tied_with"]]
        seen.update(members)
        groups.append(
            t(
                "compare.tie_group",
                lang,
                names=join((fw.label(p, lang, short=True) for p in members), lang),
                positions=position_text(r["position_low"], r["position_high"], lang),
            )
        )
    if not groups:
        return None
    return t("compare.ties", lang, groups=t("compare.group_sep", lang).join(groups))


def position_cells(ranking: list[dict]) -> list[str]:
    """Each pillar's position for the # column: the span customers cannot tell apart
    ("1–3"), or the bare place when every span is the whole 1..n (a tiny sample: "1–10"
    on every row says nothing; the line under the table says why), as ``team`` does."""

    def span(r: dict) -> tuple[int, int]:
        return r.get("position_low", r["position"]), r.get("position_high", r["position"])

    n = len(ranking)
    whole = n > 1 and all(span(r) == (1, n) for r in ranking)
    cells = []
    for r in ranking:
        low, high = span(r)
        cells.append(str(r["position"]) if whole or low == high else f"{low}–{high}")
    return cells


def main_table(c, lang: str) -> Group:
    """Customers' order beside the team's, laid out by the shared width plan
    (:mod:`cx_pillars.views.widths`): the score bar goes first, and no number is cut."""
    fw = c.framework
    team_scores = {s["pillar"]: s["mean"] for s in c.team.scores}
    gaps = {g["pillar"]: g for g in c.gaps}
    ranking = c.customers["ranking"]

    def score_cell(pid: str, with_bar: bool = True) -> Text:
        score = team_scores.get(pid)
        cell = Text(_num(score, lang), style=score_style(score or 0))
        if with_bar:  # a decoration: the first thing to go when the table is too wide
            cell.append(" ")
            cell.append_text(bar(score or 0, 5, width=5, style=score_style(score or 0)))
        return cell

    columns = [
        Column(
            t("compare.col_customer", lang),
            position_cells(ranking),
            abbr=t("compare.short.col_customer", lang),
        ),
        Column(
            t("compare.col_pillar", lang),
            [fw.label(r["pillar"], lang, short=True) for r in ranking],
            kind="label",
            justify="left",
        ),
        Column(
            t("compare.col_mean", lang),
            [_num(r["mean_rank"], lang) for r in ranking],
            abbr=t("compare.short.col_mean", lang),
        ),
        Column(
            t("compare.col_interval", lang),
            [f"{_num(r['ci_low'], lang)}–{_num(r['ci_high'], lang)}" for r in ranking],
            abbr=t("compare.short.col_interval", lang),
        ),
        Column(
            t("compare.col_first", lang),
            [f"{r['first_place_share'] * 100:.0f}%" for r in ranking],
            abbr=t("compare.short.col_first", lang),
        ),
        Column(
            t("compare.col_top3", lang),
            [f"{r['top3_share'] * 100:.0f}%" for r in ranking],
            abbr=t("compare.short.col_top3", lang),
        ),
        Column(
            t("compare.col_team", lang),
            [str(gaps[r["pillar"]]["team_position"]) for r in ranking],
            abbr=t("compare.short.col_team", lang),
        ),
        Column(
            t("compare.col_gap", lang),
            [
                gap_cell(gaps[r["pillar"]]["gap"], gaps[r["pillar"]].get("finding", True))
                for r in ranking
            ],
        ),
        Column(
            t("compare.col_score", lang),
            [score_cell(r["pillar"]) for r in ranking],
            abbr=t("compare.short.col_score", lang),
            justify="left",
            bare=[score_cell(r["pillar"], with_bar=False) for r in ranking],
        ),
    ]
    return Group(
        Text(t("compare.table_title", lang), style="bold"),
        PlannedTable(columns, legend_sep=t("compare.group_sep", lang)),
    )


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
    ranges = {r["pillar"]: r for r in c.customers["ranking"]}
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
        r = ranges.get(p["pillar"], {})
        place = position_text(
            r.get("position_low", p["customer_position"]),
            r.get("position_high", p["customer_position"]),
            lang,
        )
        row = [place, fw.label(p["pillar"], lang, short=True), cell]
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
        # the one line breaker: Chinese breaks between characters, not only at a space
        # (Rich moved "位受访者）把…" whole to the next line after "（96")
        table.add_row(f"{k}.", Prose(line))
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


def segment_tests_line(c, lang: str) -> str | None:
    """Which pillars' mean ranks differ between the segments (ANOVA, Holm), or that none do."""
    if not c.segment_tests:
        return None
    fw = c.framework
    passing = [s for s in c.segment_tests if s["p_adjusted"] is not None and s["p_adjusted"] < 0.05]
    if not passing:
        return t("compare.segment_tests_none", lang)
    passing.sort(key=lambda s: s["p_adjusted"])
    items = [
        t(
            "compare.segment_test",
            lang,
            pillar=fw.label(s["pillar"], lang, short=True),
            f=_num(s["f"], lang, 2) if s["f"] is not None else "∞",
            p=_p(s["p_adjusted"], lang),
        )
        for s in passing
    ]
    return t("compare.segment_tests_some", lang, pillars=join(items, lang))


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
            sample_sentence(c.sample, lang, c.framework),
            style="yellow"
            if c.sample["anecdotal"] or not c.sample.get("top_distinguishable", True)
            else "grey62",
        ),
    ]
    if team.anonymity["reason"]:
        parts.append(
            Text(t("team.anonymity", lang, reason=team.anonymity["reason"]), style="yellow")
        )
    parts += [
        Text(""),
        main_table(c, lang),
    ]
    ties = ties_line(c, lang)
    if ties is not None:
        parts.append(Text(ties, style="yellow"))
    parts += [
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
        parts.append(segments)
        tested = segment_tests_line(c, lang)
        if tested is not None:
            parts.append(Text(tested, style="grey62"))
        parts.append(Text(""))
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
