"""The meeting pack: one PDF and, on request, a Markdown summary for a wiki.

From the analysed data (:func:`analyse`: the team view, its trend and, with a survey,
the comparison) this module makes

* the chart inputs the data supports (:func:`chart_input`, :func:`report_kinds`),
* the findings in words and the discussion prompts (:func:`findings`, :func:`prompts`;
  the prompts' wording is the views' own: ``team.prompt_text`` and
  ``compare_view.prompt_text``),
* the two key tables as plain rows (:func:`team_table`, :func:`customers_table`),

and draws them as pages: a title page, a one-page summary, every chart, the tables
(16:9, like the charts: 13.33 × 7.5 in, text kept as text, TrueType/Type 42).
:func:`write_report` checks that no output exists, renders everything in memory and
only then creates the files, each exclusively (nothing is ever overwritten).

No printing here; the CLI (:mod:`cx_pillars.cli.report`) says what was written.
matplotlib is imported only by the functions that draw.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from urllib.parse import quote

from cx_pillars import __version__
from cx_pillars.charts import inputs as ci
from cx_pillars.errors import CxError
from cx_pillars.i18n import number, plural, segment_name, t
from cx_pillars.textwidth import pieces

__all__ = [
    "KINDS",
    "NEEDS_SURVEY",
    "Analysis",
    "Cell",
    "TableData",
    "analyse",
    "chart_input",
    "chart_language",
    "customers_table",
    "findings",
    "markdown_text",
    "pdf_pages",
    "prompts",
    "report_kinds",
    "team_table",
    "unavailable",
    "write_chart",
    "write_report",
]

KINDS = ("gap", "priorities", "scores", "agreement", "segments", "trend")
NEEDS_SURVEY = ("gap", "priorities", "segments")
#: The order of the chart pages: team against customers first, then the team alone.
REPORT_ORDER = ("gap", "priorities", "segments", "scores", "agreement", "trend")
FORMATS = ("png", "svg", "pdf")


# --------------------------------------------------------------------------- analysis


@dataclass
class Analysis:
    """Everything a chart, the report or its Markdown is made from, in one language."""

    fw: object  # pillars.Framework
    lang: str
    runs: list  # the assessments in the window
    view: object  # team.TeamView
    trend: dict  # team.trend(runs)
    summary: object | None = None  # survey.summary.SurveySummary
    comparison: object | None = None
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
        first, last = self.view.first, self.view.last
        return first if first == last else t("report.span", self.lang, first=first, last=last)

    @property
    def window_span(self) -> str:
        """Dates of every run in the window (the trend uses them all)."""
        days = sorted(a.created.date().isoformat() for a in self.runs)
        if not days or days[0] == days[-1]:
            return days[0] if days else ""
        return t("report.span", self.lang, first=days[0], last=days[-1])

    @property
    def customers(self) -> int | None:
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
    runs: Sequence,
    fw,
    summary=None,
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
    comparison = None
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
        **({"generated": generated} if generated else {}),
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
    if survey and a.has_survey:
        people = t(
            "report.people_both",
            a.lang,
            colleagues=people,
            customers=plural("report.customers", a.customers, a.lang),
        )
    return t("report.footnote", a.lang, source=_source(a, True, survey), people=people, date=a.span)


def _common(a: Analysis, footnote: ci.Footnote) -> dict:
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
    return words[:1].lower() + words[1:]


def unavailable(a: Analysis, kind: str) -> str | None:
    """Why chart ``kind`` cannot be drawn from this data (a sentence), or None."""
    if kind in NEEDS_SURVEY and not a.has_survey:
        return t("report.error.needs_survey", a.lang, kind=kind)
    if kind == "agreement" and a.view.hidden:
        return t("report.error.hidden", a.lang, reason=a.view.anonymity["reason"])
    if kind == "segments" and not a.comparison.segments:
        return t("report.error.no_segments", a.lang, survey=a.summary.name)
    return None


def chart_input(a: Analysis, kind: str):
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
    kinds = []
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


def _title(kind: str, data, lang: str) -> str:
    from cx_pillars.charts import TITLES

    return TITLES[kind](data, lang)


def findings(a: Analysis, inputs: dict) -> list[tuple[str, list[str]]]:
    """The findings in words, in sections: ``[(heading, [sentence, ...]), ...]``.

    The sentences are the charts' titles (each states its finding) and the readings
    the ``team`` and ``compare`` screens give (sample size, correlation, agreement).
    """
    lang, view, c = a.lang, a.view, a.comparison
    sections = []
    if c is not None:
        from cx_pillars.views.compare import sample_sentence

        lines = [
            _title(k, inputs[k], lang) for k in ("gap", "priorities", "segments") if k in inputs
        ]
        readings, n = c.readings, a.fw.n
        threshold = number(readings["threshold_rho"], 2, lang=lang)
        rho = c.correlation["spearman_rho"]
        if readings["significant"] and (rho or 0) < 0:
            lines.append(t("compare.correlation_negative", lang))
        elif readings["significant"]:
            lines.append(t("compare.correlation_significant", lang, n=n, threshold=threshold))
        else:
            lines.append(t("compare.correlation_chance", lang, n=n, threshold=threshold))
        lines.append(sample_sentence(c.sample, lang))
        if c.nps:
            lines.append(
                t(
                    "compare.nps",
                    lang,
                    score=number(c.nps["score"], 0, True, lang),
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
        lines.append(_title("scores", inputs["scores"], lang))
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
        lines.append(_title("agreement", inputs["agreement"], lang))
    if view.agreement.get("reading"):
        lines.append(view.agreement["reading"])
    if view.hidden:
        lines.append(t("report.anonymity", lang, reason=view.anonymity["reason"]))
    if "trend" in inputs:
        lines.append(_title("trend", inputs["trend"], lang))
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
    seen: set = set()
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


def _commands() -> list[tuple[str, str]]:
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
        else:
            gap_cell = Cell(
                ("▲ " if gap > 0 else "▼ ") + number(gap, 0, True, lang),
                color=HIGHER if gap > 0 else LOWER,
                bold=abs(gap) >= 3 or abs(gap) == biggest,
            )
        score = team_scores.get(pid)
        row = [
            Cell(str(r["position"]), bold=pid in top),
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
    subtitle = t("report.customers_table_subtitle", lang, k=len(top))
    return TableData(
        key="customers_table",
        title=t("report.customers_table_title", lang),
        subtitle=subtitle,
        headers=[t(f"report.col.{k}", lang) for k in keys],
        align=["r", "l"] + ["r"] * (len(keys) - 2),
        rows=rows,
        short=short,
        footnote=page_footnote(a, survey=True),
    )


def _percent(share: float | None, lang: str) -> str:
    return (
        "–" if share is None else t("report.percent", lang, value=number(share * 100, 0, lang=lang))
    )


def tables(a: Analysis) -> list[TableData]:
    return [team_table(a)] + ([customers_table(a)] if a.has_survey else [])


# --------------------------------------------------------------------------- drawing

PAGE_W, PAGE_H = 13.333, 7.5  # 16:9, like every chart
MARGIN = 0.45
ACCENT = "#0072B2"  # Okabe-Ito blue
TINT = "#F2F6FA"
STRIPE = "#F4F4F4"
BAR_TRACK, BAR_FILL = "#E4E4E4", "#0072B2"
BODY_PT = 13
_REF_PT = 10.0
_ADVANCES: dict = {}  # (character, weight, family, font) -> inches at _REF_PT


def _advance(font, ch: str) -> float:
    """How far ``ch`` moves the pen, in inches at :data:`_REF_PT` (a guess from its
    display width when the font has no such glyph)."""
    import warnings

    from matplotlib.ft2font import LoadFlags

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            glyph = font.load_char(ord(ch), flags=LoadFlags.NO_HINTING)
        return glyph.linearHoriAdvance / 65536 / 72
    except (RuntimeError, ValueError):
        import unicodedata

        em = 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6
        return em * _REF_PT / 72


class _Page:
    """A figure the size of a slide with a renderer for measuring text, in inches from
    the top left corner."""

    def __init__(self) -> None:
        from cx_pillars.charts import style

        self.style = style
        self.fig = style.new_figure(PAGE_H, PAGE_W)
        self.renderer = self.fig.canvas.get_renderer()
        self._props: dict = {}

    def _font(self, weight: str, family: str | None):
        key = (weight, family)
        if key not in self._props:
            from matplotlib.font_manager import FontProperties, findfont, get_font

            prop = FontProperties(weight=weight, **({"family": family} if family else {}))
            font = get_font(findfont(prop))
            self._props[key] = font
        font = self._props[key]
        font.set_size(_REF_PT, 72)
        return font

    def width(
        self, text: str, size: float = BODY_PT, weight: str = "normal", family: str | None = None
    ) -> float:
        """Width in inches of ``text`` on one line: the sum of its characters' advances,
        each looked up once (no kerning, so never narrower than drawn). Laying out
        every candidate line with FreeType would make wrapping the slowest part."""
        if not text:
            return 0.0
        import matplotlib as mpl

        fonts = mpl.rcParams["font.sans-serif"][0]
        total, font = 0.0, None
        for ch in text:
            key = (ch, weight, family, fonts)
            advance = _ADVANCES.get(key)
            if advance is None:
                font = font or self._font(weight, family)
                advance = _ADVANCES[key] = _advance(font, ch)
            total += advance
        return total * size / _REF_PT

    def wrap(
        self,
        text: str,
        width: float,
        size: float = BODY_PT,
        weight: str = "normal",
        family: str | None = None,
    ) -> list[str]:
        """Lines no wider than ``width`` inches; Chinese breaks between characters.

        A line's width is the sum of its words' widths (each measured once), so
        wrapping a page costs a few measurements rather than one per candidate line."""
        out = []
        for paragraph in text.split("\n"):
            line, used = "", 0.0
            for token in pieces(paragraph):
                w = self.width(token, size, weight, family)
                if line and used + self.width(token.rstrip(), size, weight, family) > width:
                    out.append(line.rstrip())
                    token = token.lstrip()
                    line, used = token, self.width(token, size, weight, family)
                else:
                    line, used = line + token, used + w
            out.append(line.rstrip())
        return out

    def balanced(
        self, text: str, width: float, size: float = BODY_PT, weight: str = "normal"
    ) -> list[str]:
        """Like :meth:`wrap`, but with lines of similar length (no lone last word)."""
        lines = self.wrap(text, width, size, weight)
        narrow = width
        while len(lines) > 1 and narrow > width * 0.5:
            narrow *= 0.95
            trial = self.wrap(text, narrow, size, weight)
            if len(trial) > len(lines):
                break
            lines = trial
        return lines

    def text(
        self,
        x: float,
        y: float,
        s: str,
        *,
        size: float = BODY_PT,
        weight: str = "normal",
        color: str | None = None,
        ha: str = "left",
        va: str = "top",
        family: str | None = None,
        gid: str | None = None,
    ):
        """Text with its anchor ``x`` inches from the left, ``y`` inches from the top."""
        kw = {"family": family} if family else {}
        return self.fig.text(
            x / PAGE_W,
            1 - y / PAGE_H,
            s,
            fontsize=size,
            fontweight=weight,
            color=color or self.style.INK,
            ha=ha,
            va=va,
            gid=gid,
            parse_math=False,
            **kw,
        )

    def rect(self, x: float, y: float, w: float, h: float, color: str, **kw) -> None:
        from matplotlib.patches import Rectangle

        self.fig.add_artist(
            Rectangle(
                (x / PAGE_W, 1 - (y + h) / PAGE_H),
                w / PAGE_W,
                h / PAGE_H,
                transform=self.fig.transFigure,
                facecolor=color,
                edgecolor="none",
                **kw,
            )
        )

    def hline(self, x0: float, x1: float, y: float, color: str, width: float = 0.8) -> None:
        from matplotlib.lines import Line2D

        self.fig.add_artist(
            Line2D(
                [x0 / PAGE_W, x1 / PAGE_W],
                [1 - y / PAGE_H] * 2,
                transform=self.fig.transFigure,
                color=color,
                linewidth=width,
            )
        )

    def line_height(self, size: float) -> float:
        return size * 1.45 / 72


def _pages_list(a: Analysis, kinds: Sequence[str], n_tables: int) -> list[tuple[int, str]]:
    entries = [(2, t("report.page.summary", a.lang))]
    page = 3
    for kind in kinds:
        entries.append((page, t(f"report.page.{kind}", a.lang)))
        page += 1
    for key in ["team_table", "customers_table"][:n_tables]:
        entries.append((page, t(f"report.page.{key}", a.lang)))
        page += 1
    return entries


def _framework_line(a: Analysis) -> str:
    """The framework's name, with its number of pillars unless the name says it."""
    name = a.fw.title(a.lang)
    if str(a.fw.n) in name:
        return name
    return t("report.framework_line", a.lang, name=name, n=a.fw.n)


def title_page(a: Analysis, contents: list[tuple[int, str]], headline: str = ""):
    """Page 1: the team, the dates, how many colleagues and customers, when made; the
    contents; and the headline (the first finding)."""
    lang, view = a.lang, a.view
    p = _Page()
    style = p.style
    p.rect(0, 0, 0.22, PAGE_H, ACCENT)
    x = 0.95
    p.text(x, 1.05, t("report.kicker", lang), size=14, color=style.MUTED, gid="kicker")
    name_lines = p.balanced(a.team_name, 7.6, 40, "bold")[:2]
    p.text(x, 1.45, "\n".join(name_lines), size=40, weight="bold", gid="team")
    y = 1.45 + len(name_lines) * 0.75 + 0.2
    subtitle = t("report.subtitle_survey" if a.has_survey else "report.subtitle_team", lang)
    sub_lines = p.balanced(subtitle, 7.6, 20)
    p.text(x, y, "\n".join(sub_lines), size=20, color=style.MUTED, gid="subtitle")
    y += len(sub_lines) * 0.42 + 0.55

    people = plural("report.colleagues", view.respondents, lang)
    rows = [
        (t("report.label_team", lang), t("report.team_line", lang, colleagues=people, span=a.span))
    ]
    if a.has_survey:
        rows.append(
            (
                t("report.label_customers", lang),
                t(
                    "report.customers_line",
                    lang,
                    survey=a.summary.name,
                    customers=plural("report.customers", a.customers, lang),
                ),
            )
        )
    else:
        rows.append((t("report.label_customers", lang), t("report.customers_none", lang)))
    rows.append((t("report.label_framework", lang), _framework_line(a)))
    rows.append(
        (
            t("report.label_generated", lang),
            t("report.generated_line", lang, date=a.generated, version=__version__),
        )
    )
    label_w = max(p.width(k, 13) for k, _ in rows) + 0.3
    for label, value in rows:
        lines = p.wrap(value, 7.4 - label_w, 15)
        p.text(x, y + 0.03, label, size=13, color=style.MUTED)
        p.text(x + label_w, y, "\n".join(lines), size=15, gid="detail")
        y += 0.38 * len(lines) + 0.12

    if headline:
        size = 20
        lines = p.balanced(headline, 7.6, size, "bold")[:3]
        if len(lines) == 2 and len(p.wrap(headline, 7.6, 18, "bold")) == 1:
            size, lines = 18, [headline]  # one line reads better than two
        y = max(y + 0.35, PAGE_H - 0.75 - 0.42 * len(lines) - 0.4)
        p.text(x, y, t("report.headline", lang), size=13, color=style.MUTED)
        p.text(
            x, y + 0.32, "\n".join(lines), size=size, weight="bold", color=ACCENT, gid="headline"
        )

    cx = 9.1
    p.rect(cx - 0.35, 0, PAGE_W - cx + 0.35, PAGE_H, TINT)
    p.text(cx, 1.05, t("report.contents", lang), size=14, weight="bold", color=style.MUTED)
    y = 1.55
    for page, name in contents:
        lines = p.wrap(name, PAGE_W - cx - 0.95, 13)
        p.text(cx, y, str(page), size=13, weight="bold", color=ACCENT)
        p.text(cx + 0.45, y, "\n".join(lines), size=13, gid="contents")
        y += 0.3 * len(lines) + 0.12
    return p.fig


def summary_page(a: Analysis, inputs: dict):
    """Page 2: the findings in words on the left, what to discuss on the right; without
    a survey, what customer data would add and how to get it."""
    from cx_pillars.charts import style

    lang = a.lang
    sections = findings(a, inputs)
    to_discuss = prompts(a)
    note = None
    if not a.has_survey:
        steps = [(cmd, t(key, lang)) for cmd, key in _commands()]
        note = (t("report.no_survey_title", lang), t("report.no_survey_text", lang), steps)
    title = t("report.summary_title", lang, team=a.team_name)
    subtitle = t("report.summary_subtitle", lang)
    foot = page_footnote(a, survey=a.has_survey)
    left_w, gap = 6.55, 0.5
    right_x = MARGIN + left_w + gap
    right_w = PAGE_W - right_x - MARGIN
    for size in (BODY_PT, 12, 11, 10, 9):  # the largest type that fits on one page
        p = _Page()
        frame = style.Frame(p.fig, title, subtitle, foot)
        top, bottom = frame.header - 0.1, PAGE_H - frame.footer
        y_left = _summary_column(p, sections, MARGIN, top, left_w, size)
        y_right = _summary_list(
            p,
            t("report.section_discuss", lang),
            to_discuss,
            right_x,
            top,
            right_w,
            size,
            numbered=True,
        )
        y = max(y_left, y_right)
        if note is not None:
            y = _no_survey_box(
                p, note, MARGIN, y + 0.2, PAGE_W - 2 * MARGIN, size, split=left_w + gap / 2
            )
        if y <= bottom:
            break
    return p.fig


def _summary_column(p: _Page, sections, x, y, width, size) -> float:
    for k, (heading, lines) in enumerate(sections):
        y = _summary_list(p, heading, lines, x, y + (0.22 if k else 0), width, size)
    return y


def _summary_list(
    p: _Page,
    heading: str,
    items: list[str],
    x: float,
    y: float,
    width: float,
    size: float,
    numbered: bool = False,
) -> float:
    """A heading and bulleted (or numbered) items with hanging indents; the y below."""
    p.text(x, y, heading, size=size + 2, weight="bold", gid="summary-heading")
    y += p.line_height(size + 2) + 0.06
    indent = 0.3
    for k, item in enumerate(items, 1):
        lines = p.wrap(item, width - indent, size)
        p.text(
            x + (0.22 if numbered else 0.08),
            y,
            f"{k}." if numbered else "•",
            size=size,
            weight="bold" if numbered else "normal",
            color=ACCENT,
            ha="right" if numbered else "left",
        )
        p.text(x + indent, y, "\n".join(lines), size=size, gid="summary-item")
        y += p.line_height(size) * len(lines) + 0.1
    return y


def _no_survey_box(
    p: _Page, note, x: float, y: float, width: float, size: float, split: float
) -> float:
    """A tinted band: what customer data would add (left), the commands (right)."""
    heading, text, steps = note
    pad = 0.2
    left_w = split - 2 * pad
    right_x = x + split + pad
    right_w = width - split - 2 * pad
    body = p.wrap(text, left_w, size)
    blocks = [
        (p.wrap(cmd, right_w, size - 1, family="monospace"), p.wrap(what, right_w - 0.25, size - 1))
        for cmd, what in steps
    ]
    lh, small = p.line_height(size), p.line_height(size - 1)
    left_h = p.line_height(size + 1) + 0.06 + lh * len(body)
    right_h = sum(small * (len(c) + len(w)) for c, w in blocks) + 0.12 * (len(blocks) - 1)
    height = 2 * pad + max(left_h, right_h)
    p.rect(x, y, width, height, TINT, zorder=0)
    p.rect(x, y, 0.06, height, ACCENT)
    yy = y + pad
    p.text(x + pad, yy, heading, size=size + 1, weight="bold", gid="no-survey")
    p.text(
        x + pad, yy + p.line_height(size + 1) + 0.06, "\n".join(body), size=size, gid="no-survey"
    )
    for cmd, what in blocks:
        p.text(
            right_x,
            yy,
            "\n".join(cmd),
            size=size - 1,
            family="monospace",
            color=ACCENT,
            gid="no-survey-command",
        )
        yy += small * len(cmd)
        p.text(
            right_x + 0.25, yy, "\n".join(what), size=size - 1, color=p.style.MUTED, gid="no-survey"
        )
        yy += small * len(what) + 0.12
    return y + height


@dataclass
class _TableLayout:
    size: float
    use_short: bool
    col_w: list[float]
    heads: list[list[str]]
    head_h: float
    min_row: float


_BAR_W, _PAD = 0.7, 0.3


def _layout_table(p: _Page, table: TableData) -> _TableLayout:
    """Column widths for the whole table (the same on every page): each column as wide
    as its widest cell, headers wrapping onto two lines; long pillar names give way to
    short ones, then the type shrinks, before a table may run off the page."""
    rows = table.rows
    width = PAGE_W - 2 * MARGIN
    size, use_short = BODY_PT + 1, False
    while True:
        col_w = []
        for j, head in enumerate(table.headers):
            head_w = max(p.width(w, size - 1, "bold") for w in head.split())
            texts = (
                table.short if use_short and j == table.pillar_column else [r[j].text for r in rows]
            )
            cell_w = max(
                (
                    p.width(x, size, "bold" if r[j].bold else "normal")
                    for x, r in zip(texts, rows, strict=True)
                ),
                default=0.0,
            )
            if any(r[j].bar is not None for r in rows):
                cell_w += _BAR_W + 0.12
            col_w.append(max(head_w, cell_w) + _PAD)
        if sum(col_w) <= width or size <= 9:
            break
        if not use_short and table.short:
            use_short = True
        else:
            size -= 1
    extra = (width - sum(col_w)) / len(col_w) if sum(col_w) < width else 0
    col_w = [w + extra for w in col_w]
    heads = [
        p.wrap(h, w - _PAD, size - 1, "bold") for h, w in zip(table.headers, col_w, strict=True)
    ]
    head_h = p.line_height(size - 1) * max(len(h) for h in heads) + 0.12
    return _TableLayout(size, use_short, col_w, heads, head_h, p.line_height(size) + 0.1)


def table_pages(table: TableData, lang: str) -> list:
    """A table drawn as one or more pages (rows shared out evenly between them): header
    row, stripes, bars for 1-5 scores."""
    from cx_pillars.charts import style

    def page(title: str):
        p = _Page()
        frame = style.Frame(p.fig, title, table.subtitle, table.footnote)
        return p, frame.header - 0.05, PAGE_H - frame.footer

    p, top, bottom = page(table.title)
    layout = _layout_table(p, table)
    n = len(table.rows)
    fit = max(1, int((bottom - top - layout.head_h) / layout.min_row + 1e-6))
    per_page = -(-n // -(-n // fit)) if n else 1  # even pages: 25 rows, 12 fit -> 9
    pages, start = [], 0
    while True:
        count = _draw_table(p, table, layout, start, per_page, top, bottom)
        pages.append(p.fig)
        start += count
        if start >= n or count == 0:
            return pages
        p, top, bottom = page(t("report.continued", lang, title=table.title))


def _draw_table(
    p: _Page,
    table: TableData,
    layout: _TableLayout,
    start: int,
    limit: int,
    top: float,
    bottom: float,
) -> int:
    """Draw up to ``limit`` rows from ``start`` between ``top`` and ``bottom``, fewer if
    they do not fit; how many were drawn."""
    size, col_w, head_h = layout.size, layout.col_w, layout.head_h
    rows = table.rows[start : start + limit]
    room = bottom - top - head_h
    row_h = min(0.52, max(layout.min_row, room / max(1, len(rows))))
    rows = rows[: max(1, int(room / row_h + 1e-6))]
    xs = [MARGIN + sum(col_w[:j]) for j in range(len(col_w))]
    right_edge = MARGIN + sum(col_w)

    def anchor(j: int) -> tuple[float, str]:
        if table.align[j] == "r":
            return xs[j] + col_w[j] - _PAD / 2, "right"
        return xs[j] + _PAD / 2, "left"

    for j, lines in enumerate(layout.heads):
        x, ha = anchor(j)
        p.text(
            x,
            top + head_h - 0.06,
            "\n".join(lines),
            size=size - 1,
            weight="bold",
            color=p.style.MUTED,
            ha=ha,
            va="bottom",
            gid="table-header",
        )
    y = top + head_h
    p.hline(MARGIN, right_edge, y, "#9A9A9A", 1.0)
    for i, row in enumerate(rows):
        if i % 2 == 1:
            p.rect(MARGIN, y, sum(col_w), row_h, STRIPE, zorder=0)
        mid = y + row_h / 2
        for j, cell in enumerate(row):
            x, ha = anchor(j)
            text = cell.text
            if layout.use_short and j == table.pillar_column:
                text = table.short[start + i]
            if cell.bar is not None:
                bx = x - _BAR_W
                p.rect(bx, mid - 0.08, _BAR_W, 0.16, BAR_TRACK, zorder=1)
                p.rect(
                    bx,
                    mid - 0.08,
                    _BAR_W * max(0.0, min(cell.bar, 5.0)) / 5,
                    0.16,
                    BAR_FILL,
                    zorder=2,
                )
                x = bx - 0.12
            p.text(
                x,
                mid,
                text,
                size=size,
                weight="bold" if cell.bold else "normal",
                color=cell.color,
                ha=ha,
                va="center_baseline",
                gid="table-cell",
            )
        y += row_h
    p.hline(MARGIN, right_edge, y, "#9A9A9A", 0.8)
    return len(rows)


def pdf_pages(a: Analysis) -> list:
    """Every page of the report as Figures, in order (``a`` in the chart language).

    Built in the chart style of the language, so text is measured (and wrapped) with
    the font it will be drawn in: the CJK font for Chinese."""
    from cx_pillars import charts
    from cx_pillars.charts import style

    kinds = report_kinds(a)
    inputs = {k: chart_input(a, k) for k in kinds}
    tabs = tables(a)
    headline = _title(kinds[0], inputs[kinds[0]], a.lang) if kinds else ""
    with style.styled(a.lang):
        figs = [title_page(a, _pages_list(a, kinds, len(tabs)), headline), summary_page(a, inputs)]
        figs += [charts.build(k, inputs[k], a.lang) for k in kinds]
        for table in tabs:
            figs += table_pages(table, a.lang)
    return figs


@contextmanager
def _lean_font_subsets():
    """Embed fonts without their OpenType layout tables.

    Matplotlib places every glyph itself, so a PDF viewer never reads GSUB, GPOS, GDEF
    or kern; subsetting them is most of the time it takes to embed DejaVu Sans (about
    0.1 s of 0.13 s per font). Text stays TrueType (Type 42), selectable and searchable.
    """
    try:
        from fontTools import subset

        original = subset.Options._drop_tables_default
    except (ImportError, AttributeError):  # pragma: no cover - another fontTools
        yield
        return
    subset.Options._drop_tables_default = [
        *original,
        "GSUB",
        "GPOS",
        "GDEF",
        "BASE",
        "JSTF",
        "kern",
    ]
    try:
        yield
    finally:
        subset.Options._drop_tables_default = original


def pdf_bytes(figs: Sequence, lang: str, title: str = "") -> bytes:
    """The figures as the pages of one PDF (fonts embedded once for the whole file)."""
    from matplotlib.backends.backend_pdf import PdfPages

    from cx_pillars.charts import style

    buffer = io.BytesIO()
    meta = {
        "Title": title,
        "Creator": f"cx-pillars {__version__}",
        "CreationDate": None,
        "ModDate": None,
    }
    with _lean_font_subsets(), style.styled(lang), PdfPages(buffer, metadata=meta) as pdf:
        for fig in figs:
            pdf.savefig(fig)
    return buffer.getvalue()


def figure_bytes(fig, fmt: str, lang: str) -> bytes:
    """One figure as PNG (200 dpi), SVG (text as text) or PDF (Type 42)."""
    from cx_pillars.charts import style

    buffer = io.BytesIO()
    metadata = {
        "png": {"Software": None},
        "svg": {"Date": None},
        "pdf": {"CreationDate": None, "ModDate": None},
    }[fmt]
    context = _lean_font_subsets() if fmt == "pdf" else _nothing()
    with context, style.styled(lang):
        fig.savefig(buffer, format=fmt, dpi=style.PNG_DPI, metadata=metadata)
    return buffer.getvalue()


@contextmanager
def _nothing():
    yield


@contextmanager
def _unhinted():
    """Measure and draw text without FreeType's hinting.

    Hinting snaps glyph outlines to a screen's pixel grid: it means nothing in a PDF,
    where it only makes laying out each of the pack's ~1,500 strings about a third
    slower. Figures measured this way are drawn this way (PDF and the wiki's PNGs).
    """
    import matplotlib as mpl

    with mpl.rc_context({"text.hinting": "no_hinting"}):
        yield


def png_bytes(fig, lang: str) -> bytes:
    """A chart as PNG for the wiki: 200 dpi, fast zlib level (lossless; ~15% larger)."""
    from cx_pillars.charts import style

    buffer = io.BytesIO()
    with style.styled(lang):
        fig.savefig(
            buffer,
            format="png",
            dpi=style.PNG_DPI,
            metadata={"Software": None},
            pil_kwargs={"compress_level": 1},
        )
    return buffer.getvalue()


class _PngJob:
    """PNGs of ``figs``, rendered in a child process while the caller goes on.

    Where the system can fork (Linux), the child already has the figures in its memory
    (nothing is pickled but the bytes it hands back through a temporary file);
    anywhere else, or if the child fails, they are rendered when asked for.
    """

    def __init__(self, figs: Sequence, lang: str) -> None:
        import os
        import sys
        import tempfile

        self.figs, self.lang, self.pid, self.name = list(figs), lang, None, None
        if not self.figs or not hasattr(os, "fork") or not sys.platform.startswith("linux"):
            return
        handle, self.name = tempfile.mkstemp(prefix=".cx-pillars-png-", suffix=".pickle")
        try:
            self.pid = os.fork()
        except OSError:
            os.close(handle)
            self._forget()
            return
        if self.pid == 0:  # the child: render, hand over, leave
            code = 1
            try:
                import pickle

                with os.fdopen(handle, "wb") as fh:
                    pickle.dump(self._here(), fh)
                code = 0
            finally:
                os._exit(code)
        os.close(handle)

    def _here(self) -> list[bytes]:
        with _unhinted():
            return [png_bytes(fig, self.lang) for fig in self.figs]

    def _forget(self) -> None:
        import os

        if self.name is not None:
            try:
                os.unlink(self.name)
            except FileNotFoundError:
                pass
        self.name = self.pid = None

    def result(self) -> list[bytes]:
        import os
        import pickle

        if self.pid is None:
            return self._here()
        try:
            _, status = os.waitpid(self.pid, 0)
            if os.waitstatus_to_exitcode(status) == 0:
                with open(self.name, "rb") as fh:
                    return pickle.load(fh)
        finally:
            self._forget()
        return self._here()

    def abandon(self) -> None:
        """Stop the child (the report failed or was interrupted) and clean up."""
        import os
        import signal

        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        self._forget()


# --------------------------------------------------------------------------- Markdown


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or list item."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md_table(table: TableData) -> list[str]:
    heads = [_md(h.replace("\n", " ")) for h in table.headers]
    out = [
        "| " + " | ".join(heads) + " |",
        "|" + "|".join("---:" if al == "r" else "---" for al in table.align) + "|",
    ]
    for row in table.rows:
        cells = [f"**{_md(c.text)}**" if c.bold else _md(c.text) for c in row]
        out.append("| " + " | ".join(cells) + " |")
    return out


def markdown_text(a: Analysis, charts: dict[str, str], inputs: dict) -> str:
    """The wiki page: findings, prompts and tables as Markdown; ``charts`` maps each chart
    kind to its image's relative link."""
    lang, view = a.lang, a.view
    out = [
        f"# {t('report.markdown_title', lang, team=a.team_name)}",
        "",
        t("report.subtitle_survey" if a.has_survey else "report.subtitle_team", lang),
        "",
    ]
    people = plural("report.colleagues", view.respondents, lang)
    facts = [
        (t("report.label_team", lang), t("report.team_line", lang, colleagues=people, span=a.span)),
        (
            t("report.label_customers", lang),
            t(
                "report.customers_line",
                lang,
                survey=a.summary.name,
                customers=plural("report.customers", a.customers, lang),
            )
            if a.has_survey
            else t("report.customers_none", lang),
        ),
        (t("report.label_framework", lang), _framework_line(a)),
        (
            t("report.label_generated", lang),
            t("report.generated_line", lang, date=a.generated, version=__version__),
        ),
    ]
    out += ["| | |", "|---|---|"] + [f"| {_md(k)} | {_md(v)} |" for k, v in facts] + [""]
    out += [f"## {t('report.summary_heading', lang)}", ""]
    for heading, lines in findings(a, inputs):
        out += [f"### {heading}", ""] + [f"- {_md(line)}" for line in lines] + [""]
    items = prompts(a)
    if items:
        out += [f"## {t('report.section_discuss', lang)}", ""]
        out += [f"{k}. {_md(p)}" for k, p in enumerate(items, 1)] + [""]
    if not a.has_survey:
        out += [f"## {t('report.no_survey_title', lang)}", "", t("report.no_survey_text", lang), ""]
        out += [f"- `{cmd}`: {t(key, lang)}" for cmd, key in _commands()] + [""]
    if charts:
        out += [f"## {t('report.charts_heading', lang)}", ""]
        for kind, link in charts.items():
            title = _title(kind, inputs[kind], lang)
            alt = title.replace("[", "(").replace("]", ")")
            out += [f"### {t(f'report.page.{kind}', lang)}", "", f"![{alt}]({link})", ""]
    out += [f"## {t('report.tables_heading', lang)}", ""]
    for table in tables(a):
        out += [f"### {table.title}", "", f"_{_md(table.subtitle)}_", ""]
        out += _md_table(table) + ["", _md(table.footnote), ""]
    return "\n".join(out).rstrip() + "\n"


def charts_folder(markdown: Path) -> Path:
    """``pack.md`` -> ``pack-charts/`` beside it."""
    return markdown.with_name(markdown.stem + "-charts")


# --------------------------------------------------------------------------- writing


def check_free(paths: Sequence[Path], lang: str | None = None) -> None:
    """Raise (nothing written) if any of ``paths`` exists."""
    for path in paths:
        if path.exists() or path.is_symlink():
            raise CxError(t("report.error.exists", lang), path=path)


def _write_all(files: list[tuple[Path, bytes]], lang: str | None = None) -> list[Path]:
    """Create every file exclusively; on failure remove the ones this call created."""
    from cx_pillars import store

    done: list[Path] = []
    try:
        for path, data in files:
            try:
                store.write_new(path, data)
            except FileExistsError:
                raise CxError(t("report.error.exists", lang), path=path) from None
            done.append(path)
            _usual_mode(path)
    except BaseException:
        for path in done:
            path.unlink(missing_ok=True)
        raise
    return done


def _usual_mode(path: Path) -> None:
    """Give a new output file the permissions the user's umask gives any new file (the
    store's exclusive create makes it private: fine for assessments, not for a pack)."""
    import os

    mask = os.umask(0)
    os.umask(mask)
    try:
        path.chmod(0o666 & ~mask)
    except OSError:
        pass


def write_chart(kind: str, data, path: Path, lang: str) -> Path:
    """Chart ``kind`` as a new file; the format is the extension (.png, .svg, .pdf)."""
    from cx_pillars import charts

    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"unsupported chart format {fmt!r}")
    check_free([path])
    fig = charts.build(kind, data, lang)
    try:
        data_bytes = figure_bytes(fig, fmt, lang)
    finally:
        fig.clear()
    return _write_all([(path, data_bytes)])[0]


@dataclass
class Written:
    pdf: Path
    pages: int
    markdown: Path | None = None
    images: list[Path] = field(default_factory=list)


def write_report(a: Analysis, pdf: Path, markdown: Path | None = None) -> Written:
    """Write the meeting pack (and its Markdown with PNG charts beside it).

    ``a`` is in the reader's language; the PDF and the images are drawn in
    :func:`chart_language` of it (English when Chinese has no font). Every target is
    checked before anything is drawn, and nothing is ever overwritten.
    """
    chart_lang, _ = chart_language(a.lang)
    drawn = a.in_language(chart_lang)
    kinds = report_kinds(drawn)
    folder = charts_folder(markdown) if markdown is not None else None
    images = {k: folder / f"{k}.png" for k in kinds} if folder is not None else {}
    check_free([pdf, *([markdown] if markdown else []), *images.values()], a.lang)
    if folder is not None and folder.exists() and not folder.is_dir():
        raise CxError(t("report.error.not_folder", a.lang), path=folder)

    with _unhinted():
        figs = pdf_pages(drawn)
    chart_figs = figs[2 : 2 + len(kinds)]
    # The PNGs for the wiki are drawn in a second process while this one writes the
    # PDF (two cores: the Markdown costs little more than the PDF alone).
    pngs = _PngJob(chart_figs, chart_lang) if markdown is not None else None
    try:
        title = t("report.markdown_title", chart_lang, team=drawn.team_name)
        with _unhinted():
            files = [(pdf, pdf_bytes(figs, chart_lang, title))]
        if pngs is not None:
            files += list(zip(images.values(), pngs.result(), strict=True))
    except BaseException:
        if pngs is not None:
            pngs.abandon()
        raise
    pages = len(figs)
    if markdown is not None:
        links = {k: quote(f"{folder.name}/{p.name}") for k, p in images.items()}
        text_inputs = {k: chart_input(a, k) for k in kinds}
        files.append((markdown, markdown_text(a, links, text_inputs).encode("utf-8")))
    for fig in figs:
        fig.clear()
    written = _write_all(files, a.lang)
    return Written(
        pdf=written[0],
        pages=pages,
        markdown=markdown,
        images=[p for p in written if p.suffix == ".png"],
    )
