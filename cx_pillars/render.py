"""Terminal output with Rich: bars, tables, the assessment and rate summaries.

Everything here returns or prints Rich renderables; JSON output never passes
through this module.
"""

from __future__ import annotations

from functools import cache

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from cx_pillars.assessment import Assessment
from cx_pillars.pillars import Framework

REMINDER = ("Nobody honestly scores {max}/{max}. 80% of organisations believe they deliver an "
            "excellent experience; 8% of their customers agree. Customers decide: ask them "
            "(cx-pillars survey template).")


@cache
def console() -> Console:
    return Console(highlight=False, soft_wrap=False)


@cache
def err_console() -> Console:
    return Console(stderr=True, highlight=False)


def warn(message: str) -> None:
    err_console().print(Text(f"warning: {message}", style="yellow"))


def error(message: str) -> None:
    err_console().print(Text(f"error: {message}", style="bold red"), soft_wrap=True)


def bar(value: float, maximum: float, width: int = 10, style: str = "cyan") -> Text:
    """A horizontal bar in eighths of a cell: ``█████▌░░░░``."""
    value = max(0.0, min(float(value), float(maximum)))
    eighths = round(value / maximum * width * 8) if maximum else 0
    full, part = divmod(eighths, 8)
    blocks = "█" * full + ("▏▎▍▌▋▊▉"[part - 1] if part else "")
    text = Text(blocks, style=style)
    text.append("░" * (width - len(blocks)), style="grey35")
    return text


def score_style(score: float) -> str:
    return "red" if score < 2.5 else "yellow" if score < 3.5 else "green"


def short_id(aid: str) -> str:
    """``2026-11-22T101500Z-ana-3f9c`` -> ``ana-3f9c``: what ``show`` needs in practice."""
    head, sep, rest = aid.partition("Z-")
    return rest if sep and head[:4].isdigit() else aid


def when(a: Assessment) -> str:
    return a.created.strftime("%Y-%m-%d %H:%M")


def ratings_table(ratings: dict[str, int], fw: Framework, lang: str = "en",
                  notes: dict[str, str] | None = None) -> Table:
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    table.add_column("Pillar", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    if notes:
        table.add_column("Note", overflow="fold", ratio=1)
    for p in fw.pillars:
        score = ratings.get(p.id)
        row = [p.text("label", lang), "-" if score is None else f"{score}/5",
               bar(score or 0, 5, style=score_style(score or 0))]
        if notes:
            row.append(Text(notes.get(p.id, ""), style="italic"))
        table.add_row(*row)
    return table


def ranking_lines(ranking: list[str], fw: Framework, lang: str = "en") -> Text:
    text = Text()
    for k, pid in enumerate(ranking, 1):
        text.append(f"{k:>3}. ", style="bold" if k <= 3 else "")
        text.append(fw.label(pid, lang) + "\n", style="bold" if k <= 3 else "")
    return text


def extremes(ratings: dict[str, int], fw: Framework, lang: str = "en") -> tuple[str, str]:
    hi, lo = max(ratings.values()), min(ratings.values())
    strongest = ", ".join(fw.label(i, lang, short=True) for i in fw.ids if ratings.get(i) == hi)
    weakest = ", ".join(fw.label(i, lang, short=True) for i in fw.ids if ratings.get(i) == lo)
    return f"{strongest} ({hi}/5)", f"{weakest} ({lo}/5)"


def summary(answers: dict, fw: Framework, lang: str = "en") -> Group:
    """What ``rate`` shows before saving: total, bars, strongest/weakest, ranking, reminder."""
    ratings = answers.get("ratings", {})
    total = sum(ratings.values())
    strongest, weakest = extremes(ratings, fw, lang)
    head = Text()
    head.append("\nTotal ", style="bold")
    head.append(f"{total}/{fw.max_total}  ", style=f"bold {score_style(total / fw.n)}")
    head.append_text(bar(total, fw.max_total, width=25, style=score_style(total / fw.n)))
    facts = Text()
    facts.append("Strongest: ", style="bold")
    facts.append(strongest + "\n")
    facts.append("Weakest:   ", style="bold")
    facts.append(weakest + "\n")
    top = Text("\nWhat you believe customers value most:\n", style="bold")
    reminder = Text("\n" + REMINDER.format(max=fw.max_total) + "\n", style="italic cyan")
    return Group(head, Text(""), ratings_table(ratings, fw, lang, answers.get("notes")),
                 Text(""), facts, top, ranking_lines(answers.get("ranking", []), fw, lang),
                 reminder)


def assessment_view(a: Assessment, fw: Framework, lang: str = "en") -> Group:
    who = "anonymous" if a.anonymous else a.respondent
    head = Text()
    head.append(f"{who}", style="bold")
    if a.role:
        head.append(f", {a.role}")
    head.append(f" · {a.team or 'no team'} · {when(a)} UTC\n", style="")
    head.append(a.id, style="grey50")
    total = Text()
    total.append("\nTotal ", style="bold")
    total.append(f"{a.total}/{fw.max_total}  ", style=f"bold {score_style(a.total / fw.n)}")
    total.append_text(bar(a.total, fw.max_total, width=25, style=score_style(a.total / fw.n)))
    strongest, weakest = extremes(a.ratings, fw, lang)
    facts = Text(f"Strongest: {strongest}\nWeakest:   {weakest}\n")
    return Group(head, total, Text(""), ratings_table(a.ratings, fw, lang, a.notes), Text(""),
                 facts, Text("Ranking (what customers value most, in this colleague's view):",
                             style="bold"), ranking_lines(a.ranking, fw, lang))


def list_table(assessments: list[Assessment], fw: Framework, lang: str = "en") -> Table:
    teams = {a.team for a in assessments}
    one_team = len(teams) == 1
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False,
                  title=f"Team: {next(iter(teams)) or '(none)'}" if one_team else None,
                  title_justify="left", title_style="bold")
    table.add_column("Id", style="grey62", no_wrap=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("Respondent", no_wrap=True, max_width=24)
    if not one_team:
        table.add_column("Team", max_width=20)
    table.add_column("Total", justify="right", no_wrap=True)
    table.add_column("Top three for customers", ratio=1)
    for a in assessments:
        top = ", ".join(fw.label(i, lang, short=True) for i in a.ranking[:3])
        row = [short_id(a.id), a.created.strftime("%Y-%m-%d"),
               "anonymous" if a.anonymous else a.respondent]
        if not one_team:
            row.append(a.team)
        row += [Text(f"{a.total}/{fw.max_total}", style=score_style(a.total / fw.n)), top]
        table.add_row(*row)
    return table


def pillars_table(fw: Framework, lang: str = "en") -> Table:
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False,
                  title=f"{fw.name} ({fw.n} pillars)", title_justify="left",
                  title_style="bold")
    table.add_column("#", justify="right")
    table.add_column("Id", style="cyan", no_wrap=True)
    table.add_column("Pillar", style="bold")
    table.add_column("What the rater judges", overflow="fold")
    for k, p in enumerate(fw.pillars, 1):
        table.add_row(str(k), p.id, p.text("label", lang), p.text("question", lang))
    return table

