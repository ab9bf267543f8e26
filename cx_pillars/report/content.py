"""What the meeting pack says: the analysis, the findings, the prompts, the tables.

From the team's self-assessments in the window (and a survey summary, when given)
:func:`analyse` makes one :class:`Analysis` in one language; from it come

* the chart inputs the data supports (:func:`chart_input`, :func:`unavailable`,
  :func:`report_kinds`),
* the findings in words and the discussion prompts (:func:`findings`, :func:`prompts`;
  the prompts' wording is the views' own: ``team.prompt_text`` and
  ``compare_view.prompt_text``),
* the two key tables as plain rows (:func:`team_table`, :func:`customers_table`).

Plain data and sentences only: no drawing (matplotlib is never imported here).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from cx_pillars import __version__
from cx_pillars.charts import inputs as ci
from cx_pillars.errors import CxError
from cx_pillars.i18n import number, plural, segment_name, t

if TYPE_CHECKING:
    from cx_pillars.assessment import Assessment
    from cx_pillars.compare import Comparison
    from cx_pillars.pillars import Framework
    from cx_pillars.survey.summary import SurveySummary
    from cx_pillars.team import TeamView

KINDS = ("gap", "priorities", "scores", "agreement", "segments", "trend")
NEEDS_SURVEY = ("gap", "priorities", "segments")
#: The order of the chart pages: team against customers first, then the team alone.
REPORT_ORDER = ("gap", "priorities", "segments", "scores", "agreement", "trend")


# --------------------------------------------------------------------------- analysis


@dataclass
class Analysis:
    """Everything a chart, the report or its Markdown is made from, in one language."""

    fw: Framework
    lang: str
    runs: list[Assessment]  # the assessments in the window
    view: TeamView
    trend: dict[str, Any]  # team.trend(runs)
    summary: SurveySummary | None = None
    comparison: Comparison | None = None
    all_runs: bool = False
    top: int = 3
    generated: str = field(default_factory=lambda: date.today().isoformat())

    @property
    def has_survey(self) -> bool:
        return self.comparison is not None

    @property
    def team_name(self) -> str:
        from cx_pillars.team import team_name

        view = self.view
        if view.team is not None:
            return team_name(view.team, self.lang)
        return t("common.list_sep", self.lang).join(team_name(x, self.lang) for x in view.teams)

    @property
    def span(self) -> str:
        first, last = self.view.first or "", self.view.last or ""
        return first if first == last else t("report.span", self.lang, first=first, last=last)

    @property
    def window_span(self) -> str:
        """Dates of every run in the window (the trend uses them all)."""
        from cx_pillars.anonymity import screen_each
        from cx_pillars.team import quarter_of

        shown = screen_each(self.runs, quarter_of)  # runs left out give no date either
        days = sorted(a.created.date().isoformat() for a in shown)
        if not days or days[0] == days[-1]:
            return days[0] if days else ""
        return t("report.span", self.lang, first=days[0], last=days[-1])

    @property
    def customers(self) -> int | None:
        """How many customers answered the survey (None without one)."""
        return self.comparison.customers["respondents"] if self.comparison else None

    def in_language(self, lang: str) -> Analysis:
        """The same analysis with its sentences (prompts, readings) in ``lang``."""
        if lang == self.lang:
            return self
        return analyse(
            self.runs,
            self.fw,
            self.summary,
            all_runs=self.all_runs,
            top=self.top,
            lang=lang,
            generated=self.generated,
        )


def analyse(
    runs: Sequence[Assessment],
    fw: Framework,
    summary: SurveySummary | None = None,
    *,
    all_runs: bool = False,
    top: int = 3,
    lang: str = "en",
    generated: str | None = None,
) -> Analysis:
    """Analyse the runs in the window (and the survey summary, when given) in ``lang``."""
    from cx_pillars import team as analysis

    runs = list(runs)
    view = analysis.team_view(runs, fw, all_runs=all_runs, lang=lang)
    trend = analysis.trend(runs, fw, lang)
    comparison: Comparison | None = None
    if summary is not None:
        from cx_pillars.compare import compare

        comparison = compare(view, summary, fw, top=top)
    return Analysis(
        fw=fw,
        lang=lang,
        runs=runs,
        view=view,
        trend=trend,
        summary=summary,
        comparison=comparison,
        all_runs=all_runs,
        top=top,
        generated=generated or date.today().isoformat(),
    )


def chart_language(lang: str) -> tuple[str, bool]:
    """The language chart text can be drawn in: ``(lang, False)``, or ``("en", True)``
    for Chinese when no installed font has Chinese characters (no empty boxes).
    The decision is :func:`cx_pillars.charts.chart_language`'s."""
    from cx_pillars.charts import chart_language as decide

    return decide(lang)


# --------------------------------------------------------------------------- chart inputs


def _source(a: Analysis, team: bool = True, survey: bool = False) -> str:
    parts = []
    if team:
        parts.append(t("report.source_team", a.lang, team=a.team_name))
    if survey and a.summary is not None:
        parts.append(t("report.source_survey", a.lang, survey=a.summary.name))
    return t("report.source_sep", a.lang).join(parts)


def _footnote(
    a: Analysis, *, team: bool = True, survey: bool = False, window: bool = False
) -> ci.Footnote:
    view = a.view
    if not team:
        imported = a.summary.imported.date().isoformat() if a.summary is not None else ""
        return ci.Footnote(source=_source(a, False, True), customers=a.customers, date=imported)
    return ci.Footnote(
        source=_source(a, True, survey),
        colleagues=view.distinct_respondents if window else view.respondents,
        customers=a.customers if survey else None,
        date=a.window_span if window else a.span,
    )


def page_footnote(a: Analysis, *, survey: bool = False) -> str:
    """The footnote of a text page: source, how many people, dates."""
    people = plural("report.colleagues", a.view.respondents, a.lang)
    customers = a.customers
    if survey and customers is not None:
        people = t(
            "report.people_both",
            a.lang,
            colleagues=people,
            customers=plural("report.customers", customers, a.lang),
        )
    return t("report.footnote", a.lang, source=_source(a, True, survey), people=people, date=a.span)


def _common(a: Analysis, footnote: ci.Footnote) -> dict[str, Any]:
    fw, lang = a.fw, a.lang
    return {
        "pillars": list(fw.ids),
        "footnote": footnote,
        "labels": {p: fw.label(p, lang) for p in fw.ids},
        "short": {p: fw.label(p, lang, short=True) for p in fw.ids},
    }


def _strength(a: Analysis) -> str | None:
    from cx_pillars.team import STRENGTH_KEYS

    strength = a.view.agreement.get("strength")
    if strength not in STRENGTH_KEYS:
        return None
    words = t(f"team.strength.{STRENGTH_KEYS[strength]}", a.lang)
    words = words[:1].lower() + words[1:]
    if not a.view.agreement.get("significant"):  # W's own test does not pass
        return t("report.agreement.strength_chance", a.lang, strength=words)
    return words


def unavailable(a: Analysis, kind: str) -> str | None:
    """Why chart ``kind`` cannot be drawn from this data (a sentence), or None."""
    c, summary = a.comparison, a.summary
    if kind in NEEDS_SURVEY and (c is None or summary is None):
        return t("report.error.needs_survey", a.lang, kind=kind)
    if kind == "segments" and c is not None and summary is not None and not c.segments:
        return t("report.error.no_segments", a.lang, survey=summary.name)
    return None


def chart_input(a: Analysis, kind: str) -> ci.ChartInput:
    """The input record of chart ``kind`` (see :func:`unavailable` first)."""
    why = unavailable(a, kind)
    if why:
        raise CxError(why)
    view = a.view
    if kind == "scores":
        return ci.ScoresData.from_json(view.to_json(), **_common(a, _footnote(a)))
    if kind == "agreement":
        ids = list(a.fw.ids)
        rankings = [
            [ids[i] for i in sorted(range(len(ids)), key=lambda i: (row[i], i))]
            for row in view.rank_matrix.tolist()
        ]
        return ci.AgreementData(
            colleagues=list(view.short_labels),
            rankings=rankings,
            consensus=[c["pillar"] for c in view.consensus],
            kendall_w=view.agreement.get("kendall_w"),
            w_reading=_strength(a),
            **_common(a, _footnote(a)),
        )
    if kind == "trend":
        return ci.TrendData.from_json(a.trend, **_common(a, _footnote(a, window=True)))
    if a.comparison is None:  # unavailable() said so for every kind that needs it
        raise ValueError(f"unknown chart kind {kind!r}")
    doc = a.comparison.to_json()
    if kind == "gap":
        return ci.GapData.from_json(doc, **_common(a, _footnote(a, survey=True)))
    if kind == "priorities":
        return ci.PrioritiesData.from_json(doc, **_common(a, _footnote(a, survey=True)))
    if kind == "segments":
        data = ci.SegmentsData.from_json(doc, **_common(a, _footnote(a, team=False)))
        # Stored generation names ("Gen Z") shown as the chart's language says them.
        return replace(
            data,
            segments=[replace(seg, name=segment_name(seg.name, a.lang)) for seg in data.segments],
        )
    raise ValueError(f"unknown chart kind {kind!r}")


def _shown_quarters(a: Analysis) -> int:
    return sum(q["withheld"] is None for q in a.trend["quarters"])


def report_kinds(a: Analysis) -> list[str]:
    """The charts the report shows: those the data supports and that say something
    (agreement needs two rankings, a trend two quarters)."""
    kinds: list[str] = []
    for kind in REPORT_ORDER:
        if unavailable(a, kind):
            continue
        if kind == "agreement" and a.view.respondents < 2:
            continue
        if kind == "trend" and _shown_quarters(a) < 2:
            continue
        kinds.append(kind)
    return kinds


# --------------------------------------------------------------------------- words


def chart_title(kind: str, data: ci.ChartInput, lang: str) -> str:
    """The title of chart ``kind``: the sentence that states its finding."""
    from cx_pillars.charts import TITLES

    # TITLES maps each kind to the title function of that kind's input; mypy joins
    # their different signatures to a plain ``function``.
    title = cast("Callable[[ci.ChartInput, str], str]", TITLES[kind])
    return title(data, lang)


def findings(a: Analysis, inputs: Mapping[str, ci.ChartInput]) -> list[tuple[str, list[str]]]:
    """The findings in words, in sections: ``[(heading, [sentence, ...]), ...]``.

    The sentences are the charts' titles (each states its finding) and the readings
    the ``team`` and ``compare`` screens give (sample size, correlation, agreement).
    """
    lang, view, c = a.lang, a.view, a.comparison
    sections: list[tuple[str, list[str]]] = []
    if c is not None:
        from cx_pillars.views.compare import correlation_reading, sample_sentence, ties_line

        lines = [
            chart_title(k, inputs[k], lang)
            for k in ("gap", "priorities", "segments")
            if k in inputs
        ]
        lines.append(correlation_reading(c, lang)[0])
        lines.append(sample_sentence(c.sample, lang, a.fw))
        ties = ties_line(c, lang)
        if ties is not None:
            lines.append(ties)
        if c.nps:
            lines.append(
                t(
                    "compare.nps",
                    lang,
                    score=number(c.nps["score"], 0, True, lang=lang),
                    count=plural("compare.customers", c.nps["respondents"], lang),
                    promoters=c.nps["promoters"],
                    passives=c.nps["passives"],
                    detractors=c.nps["detractors"],
                )
            )
        if c.ces:
            lines.append(
                t(
                    "compare.ces",
                    lang,
                    mean=number(c.ces["mean"], 1, lang=lang),
                    count=plural("compare.customers", c.ces["respondents"], lang),
                    easy=f"{c.ces['easy_share'] * 100:.0f}",
                )
            )
        sections.append((t("report.section_both", lang), lines))
    lines = []
    if "scores" in inputs:
        lines.append(chart_title("scores", inputs["scores"], lang))
    total = view.total
    if total["mean"] is not None:
        lines.append(
            t(
                "report.total",
                lang,
                mean=number(total["mean"], 1, lang=lang),
                max=total["max_possible"],
                low=total["min"],
                high=total["max"],
            )
        )
    if "agreement" in inputs:
        lines.append(chart_title("agreement", inputs["agreement"], lang))
    if view.agreement.get("reading"):
        lines.append(view.agreement["reading"])
    if view.anonymity["reason"]:
        lines.append(t("report.anonymity", lang, reason=view.anonymity["reason"]))
    if "trend" in inputs:
        lines.append(chart_title("trend", inputs["trend"], lang))
    sections.append((t("report.section_team", lang), lines))
    return [(heading, [_bullet(x) for x in items]) for heading, items in sections]


def _bullet(sentence: str) -> str:
    """A finding as a list item: no closing full stop (titles have none either)."""
    sentence = sentence.strip()
    return (
        sentence[:-1]
        if sentence.endswith((".", "。")) and not sentence.endswith("..")
        else sentence
    )


PROMPT_LIMIT = 5


def prompts(a: Analysis) -> list[str]:
    """The discussion prompts of ``compare`` (first) and ``team``, one per pillar, at
    most :data:`PROMPT_LIMIT`, in the views' own words."""
    out: list[str] = []
    seen: set[str | None] = set()
    if a.comparison is not None:
        from cx_pillars.views.compare import prompt_text

        for p in a.comparison.prompts:
            out.append(prompt_text(p, a.fw, a.lang))
            seen.add(p["values"].get("pillar"))
    for p in a.view.prompts:
        pillar = p.get("pillar")
        if pillar is not None and pillar in seen:
            continue
        seen.add(pillar)
        out.append(p["text"])
    return out[:PROMPT_LIMIT]


def survey_steps() -> list[tuple[str, str]]:
    """How to add the customers' view: each command with the key of what it does."""
    return [
        ("cx-pillars survey template", "report.how_template"),
        ("cx-pillars survey import FILE --birth-year COLUMN", "report.how_import"),
        ("cx-pillars report --survey NAME --out pack.pdf", "report.how_report"),
    ]


# --------------------------------------------------------------------------- tables


@dataclass
class Cell:
    text: str
    bar: float | None = None  # a value on 0..5 drawn as a small bar beside the text
    color: str | None = None
    bold: bool = False


@dataclass
class TableData:
    key: str
    title: str
    subtitle: str
    headers: list[str]
    align: list[str]  # "l" or "r" per column
    rows: list[list[Cell]]
    footnote: str  # the page's source line
    pillar_column: int = 1
    short: list[str] = field(default_factory=list)  # short labels, for narrow pages


HIGHER, LOWER, MUTED_GAP = "#D55E00", "#6E6E6E", "#8A8A8A"


def _rank(x: float, lang: str) -> str:
    return str(int(x)) if float(x) == int(x) else number(x, 1, lang=lang)


def team_table(a: Analysis) -> TableData:
    """The team's consensus ranking beside its self-scores, in consensus order."""
    fw, view, lang = a.fw, a.view, a.lang
    scores = {s["pillar"]: s for s in view.scores}
    rows, short = [], []
    for c in view.consensus:
        s = scores[c["pillar"]]
        rows.append(
            [
                Cell(str(c["position"])),
                Cell(fw.label(c["pillar"], lang)),
                Cell(number(c["mean_rank"], 1, lang=lang)),
                Cell(str(c["first_places"]) if c["first_places"] else "–"),
                Cell(f"{_rank(c['rank_min'], lang)}–{_rank(c['rank_max'], lang)}"),
                Cell(number(s["mean"], 1, lang=lang), bar=s["mean"]),
                Cell("–" if s["min"] is None else f"{s['min']}–{s['max']}"),
            ]
        )
        short.append(fw.label(c["pillar"], lang, short=True))
    return TableData(
        key="team_table",
        title=t("report.team_table_title", lang),
        subtitle=t("report.team_table_subtitle", lang),
        headers=[
            t(f"report.col.{k}", lang)
            for k in (
                "team_position",
                "pillar",
                "mean_rank",
                "first_places",
                "rank_range",
                "self_score",
                "score_range",
            )
        ],
        align=["r", "l", "r", "r", "r", "r", "r"],
        rows=rows,
        short=short,
        footnote=page_footnote(a),
    )


def customers_table(a: Analysis) -> TableData:
    """The customers' ranking with the team's position, the gap and the scores."""
    fw, c, lang = a.fw, a.comparison, a.lang
    if c is None:
        raise ValueError("the customers' table needs a survey")
    team_scores = {s["pillar"]: s["mean"] for s in a.view.scores}
    gaps = {g["pillar"]: g for g in c.gaps}
    ratings = {g["pillar"]: g["customer_mean_rating"] for g in c.perception_gap}
    rated = any(v is not None for v in ratings.values())
    top = {p["pillar"] for p in c.priorities}
    biggest = max((abs(g["gap"]) for g in c.gaps), default=0)
    rows, short = [], []
    for r in c.customers["ranking"]:
        pid, g = r["pillar"], gaps[r["pillar"]]
        gap = g["gap"]
        if gap == 0:
            gap_cell = Cell("0", color=MUTED_GAP)
        elif not g.get("finding", True):  # inside the customers' range: no finding
            gap_cell = Cell(number(gap, 0, True, lang=lang), color=MUTED_GAP)
        else:
            gap_cell = Cell(
                ("▲ " if gap > 0 else "▼ ") + number(gap, 0, True, lang=lang),
                color=HIGHER if gap > 0 else LOWER,
                bold=abs(gap) >= 3 or abs(gap) == biggest,
            )
        score = team_scores.get(pid)
        low, high = r.get("position_low", r["position"]), r.get("position_high", r["position"])
        row = [
            Cell(str(low) if low == high else f"{low}–{high}", bold=pid in top),
            Cell(fw.label(pid, lang), bold=pid in top),
            Cell(number(r["mean_rank"], 1, lang=lang)),
            Cell(
                f"{number(r['ci_low'], 1, lang=lang)}–{number(r['ci_high'], 1, lang=lang)}"
                if r.get("ci_low") is not None
                else "–"
            ),
            Cell(_percent(r.get("first_place_share"), lang)),
            Cell(_percent(r.get("top3_share"), lang)),
            Cell(str(g["team_position"])),
            gap_cell,
            Cell(number(score, 1, lang=lang), bar=score),
        ]
        if rated:
            rating = ratings.get(pid)
            row.append(Cell(number(rating, 1, lang=lang), bar=rating))
        share = r.get("preference_share")
        row.append(Cell("–" if share is None else number(share * 100, 1, lang=lang) + "%"))
        rows.append(row)
        short.append(fw.label(pid, lang, short=True))
    keys = [
        "customer_position",
        "pillar",
        "mean_rank",
        "interval",
        "first_share",
        "top3_share",
        "team_position",
        "gap",
        "self_score",
    ] + (["rating"] if rated else [])
    # the report's own subtitle does not know the position ranges and the shares
    subtitle = t("compare.report_table_subtitle", lang, k=len(top))
    return TableData(
        key="customers_table",
        title=t("report.customers_table_title", lang),
        subtitle=subtitle,
        headers=[t(f"report.col.{k}", lang) for k in keys] + [t("compare.col_preference", lang)],
        align=["r", "l"] + ["r"] * (len(keys) - 1),
        rows=rows,
        short=short,
        footnote=page_footnote(a, survey=True),
    )


def _percent(share: float | None, lang: str) -> str:
    return (
        "–" if share is None else t("report.percent", lang, value=number(share * 100, 0, lang=lang))
    )


def tables(a: Analysis) -> list[TableData]:
    """The key tables: the team's, and with a survey the customers'."""
    return [team_table(a)] + ([customers_table(a)] if a.has_survey else [])


def facts(a: Analysis) -> list[tuple[str, str]]:
    """The facts on the title page (and atop the Markdown), as ``(label, value)``: the
    team and its dates, the customers, the framework, when and by what made."""
    lang = a.lang
    people = plural("report.colleagues", a.view.respondents, lang)
    if a.summary is not None and a.customers is not None:
        customers = t(
            "report.customers_line",
            lang,
            survey=a.summary.name,
            customers=plural("report.customers", a.customers, lang),
        )
    else:
        customers = t("report.customers_none", lang)
    return [
        (t("report.label_team", lang), t("report.team_line", lang, colleagues=people, span=a.span)),
        (t("report.label_customers", lang), customers),
        (t("report.label_framework", lang), framework_line(a)),
        (
            t("report.label_generated", lang),
            t("report.generated_line", lang, date=a.generated, version=__version__),
        ),
    ]


def framework_line(a: Analysis) -> str:
    """The framework's name, with its number of pillars unless the name says it."""
    name = a.fw.title(a.lang)
    if str(a.fw.n) in name:
        return name
    return t("report.framework_line", a.lang, name=name, n=a.fw.n)
