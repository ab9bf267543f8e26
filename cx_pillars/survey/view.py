"""Terminal output of ``survey import`` / ``survey merge`` (Rich), and their JSON."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cx_pillars.errors import printable
from cx_pillars.pillars import Framework
from cx_pillars.survey.summary import SurveySummary, margin_of_error, sample_reading

SMALL_SEGMENT = 30
MEANING = ("Mean rank = the average position customers gave a pillar (1 = most important); "
           "someone who ranked only their top k gives every pillar they left out the mean of "
           "the remaining positions. The interval is mean ± 1.96·sd/√N; 1st and top 3 are "
           "shares of respondents.")


def to_json(summary: SurveySummary) -> dict:
    """The ``survey import --json`` document (PRODUCT.md §7)."""
    moe = margin_of_error(summary.respondents)
    return {
        "name": summary.name,
        "format": summary.format,
        "respondents": summary.respondents,
        "skipped": dict(summary.skipped),
        "margin_of_error": round(moe, 6) if moe is not None else None,
        "ranking": summary.ranking(),
        "segments": [{"segment": s, "respondents": summary.segments[s].respondents,
                      "ranking": summary.ranking(s)} for s in summary.segment_names()],
    }


def _lines(nums: list[int], unit: str) -> str:
    if not nums:
        return ""
    word = unit + ("s" if len(nums) > 1 else "")
    return f" ({word} {', '.join(str(x) for x in nums)}{', …' if len(nums) >= 5 else ''})"


def print_import(con: Console, result, fw: Framework, saved) -> None:
    summary: SurveySummary = result.summary
    plan = result.plan
    if plan is not None:
        con.print(Text.assemble("Read ", (printable(summary.source), "bold"),
                                f" as {printable(plan.format_text)}."))
        kind = {"per-item": "one column per pillar, cells are ranks",
                "positions": "one column per position, cells are pillars",
                "list": "one cell per respondent listing the pillars in order"}[plan.kind]
        con.print(Text(f"Ranking question: \"{printable(plan.question, 300)}\" ({kind})."))
        table = Table(show_edge=False, pad_edge=False, box=None, padding=(0, 2))
        table.add_column("in the export" if plan.kind == "per-item" else "answer",
                         style="grey62", overflow="ellipsis", max_width=50)
        table.add_column("pillar", no_wrap=True)
        for name, pid in plan.mapping:
            table.add_row(Text(printable(name, 200)),
                          Text.assemble(f"{pid}  ", (fw.label(pid, short=True), "grey50")))
        con.print(table)
        for what, where in plan.extras:
            con.print(Text.assemble("  ", (f"{what}:", "grey62"), f" {printable(where, 300)}"))
    else:
        con.print(Text.assemble("Read ", (printable(summary.source), "bold"),
                                " as a pre-aggregated summary."))
    print_summary(con, summary, fw, result.skipped_lines, result.unit)
    if saved is not None:
        con.print(Text.assemble("\n", ("Saved", "green"), f" {saved}"))
        con.print(Text.assemble("Next: ", (f"cx-pillars compare --survey {summary.name}", "bold"),
                                " puts it beside the team's view; a second wave adds up with ",
                                ("cx-pillars survey merge", "bold"), "."))


def print_summary(con: Console, summary: SurveySummary, fw: Framework,
                  skipped_lines: dict[str, list[int]] | None = None,
                  unit: str = "line") -> None:
    N = summary.respondents
    con.print()
    skipped = sum(summary.skipped.values())
    line = Text.assemble((str(N), "bold"), " respondents")
    if skipped:
        parts = [f"{reason} {count}{_lines((skipped_lines or {}).get(reason, []), unit)}"
                 for reason, count in summary.skipped.items()]
        line.append(f"; {skipped} row{'s' if skipped > 1 else ''} skipped: "
                    + "; ".join(parts))
    line.append(".")
    con.print(line)
    broken = sum(c for r, c in summary.skipped.items() if r != "no ranking")
    if broken > N:
        con.print(f"Most answered rows were skipped ({broken} of {broken + N}): check this is "
                  "the ranking question (--question) and the right --framework.",
                  style="yellow")
    if summary.ignored:
        con.print("Cells left out: " + "; ".join(f"{r} {c}" for r, c in summary.ignored.items())
                  + ".", style="yellow")
    con.print(sample_reading(N), style="yellow" if N < 385 else None)
    if not N:
        return
    table = Table(title="What customers value most", title_justify="left", show_edge=False,
                  box=None, padding=(0, 2))
    table.add_column("#", justify="right")
    table.add_column("pillar", no_wrap=True)
    table.add_column("mean rank", justify="right", no_wrap=True)
    table.add_column("95% interval", justify="right", no_wrap=True)
    table.add_column("1st", justify="right")
    table.add_column("top 3", justify="right")
    table.add_column("")
    ratings = summary.all.mean_ratings()
    if ratings:
        table.add_column("rating", justify="right")
    n = fw.n
    from cx_pillars.render import bar
    for rec in summary.ranking():
        i = summary.pillars.index(rec["pillar"])
        low, high = rec["ci_low"], rec["ci_high"]
        row = [str(rec["position"]), fw.label(rec["pillar"], short=True),
               f"{rec['mean_rank']:.2f}",
               f"{low:.2f}–{high:.2f}" if low is not None else "–",
               f"{rec['first_place_share']:.0%}", f"{rec['top3_share']:.0%}",
               bar(n + 1 - rec["mean_rank"], n, width=10)]
        if ratings:
            row.append(f"{ratings[i]:.1f}" if ratings[i] is not None else "–")
        table.add_row(*row)
    con.print()
    con.print(table)
    con.print(MEANING, style="grey50")
    nps, ces = summary.all.nps_score(), summary.all.ces_score()
    if nps is not None or ces is not None:
        bits = []
        if nps is not None:
            bits.append(f"NPS {nps:+.0f} ({sum(summary.all.nps)} answers: % of 9-10 minus % "
                        "of 0-6)")
        if ces is not None:
            bits.append(f"CES {ces:.2f} of 7 ({sum(summary.all.ces)} answers; higher = easier)")
        con.print("; ".join(bits) + ".")
    if summary.segments:
        seg_table = Table(title="By segment" if summary.segment_by != "generation" else
                          "By generation", title_justify="left", show_edge=False, box=None,
                          padding=(0, 2))
        seg_table.add_column("segment")
        seg_table.add_column("respondents", justify="right")
        seg_table.add_column("top 3")
        small = []
        for s in summary.segment_names():
            stats = summary.segments[s]
            top = ", ".join(fw.label(r["pillar"], short=True) for r in summary.ranking(s)[:3])
            seg_table.add_row(Text(printable(s, 100)), str(stats.respondents), Text(top))
            if stats.respondents < SMALL_SEGMENT:
                small.append(s)
        con.print()
        con.print(seg_table)
        if small:
            con.print(Text(f"Fewer than {SMALL_SEGMENT} respondents in "
                           f"{printable(', '.join(small))}: read those rankings as anecdotes.",
                           style="yellow"))
