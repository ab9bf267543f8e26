"""Charts for slides: six kinds built as matplotlib Figures, saved as PNG, SVG or PDF.

Public API::

    build(kind, data, lang="en") -> Figure       # kind in KINDS, data its input record
    build_pages(kind, data, lang) -> [Figure]    # every page, when a chart splits its rows
    build_gap(GapData) / build_priorities(PrioritiesData) / build_scores(ScoresData)
    build_agreement(AgreementData) / build_segments(SegmentsData) / build_trend(TrendData)
        # gap, scores, agreement and segments return [Figure], one per page; the
        # others one Figure (build_pages takes either)
    save(fig, path, fmt=None) -> Path            # .png (200 dpi), .svg, .pdf
    save_pdf([fig, ...], path) -> Path           # one PDF page per figure (the report)
    render(kind, data, path, lang="en") -> Path  # build + save + release
    gap_title(GapData) ... trend_title(TrendData) -> str   # the finding in words
    chart_fonts(lang) -> tuple[str, ...] | None  # the one place fonts are chosen
    chart_language(lang) -> (lang, fell_back)    # English when Chinese has no font
    scrub(fig, lang) -> [text, ...]              # drop glyphs no font has (emoji)
    collect_missing() -> [text, ...]             # the texts scrub changed meanwhile

Inputs are plain records (:mod:`.inputs`), one per kind, each with a ``from_json`` for
the ``team --json`` / ``compare --json`` objects. Every word on a chart comes from
:mod:`.text`. Only the builders need matplotlib, and they are imported on first use:
``from cx_pillars.charts import gap_title`` does not load it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from cx_pillars.charts.inputs import (
    AgreementData,
    Footnote,
    GapData,
    GapRow,
    PrioritiesData,
    PriorityPoint,
    QuarterPoint,
    ScoreRow,
    ScoresData,
    Segment,
    SegmentsData,
    TrendData,
)
from cx_pillars.charts.titles import (
    agreement_title,
    footnote_text,
    gap_title,
    priorities_title,
    scores_title,
    segments_title,
    trend_title,
)

if TYPE_CHECKING:
    from pathlib import Path

    from matplotlib.figure import Figure

KINDS = ("gap", "priorities", "scores", "agreement", "segments", "trend")
INPUTS = {
    "gap": GapData,
    "priorities": PrioritiesData,
    "scores": ScoresData,
    "agreement": AgreementData,
    "segments": SegmentsData,
    "trend": TrendData,
}
TITLES = {
    "gap": gap_title,
    "priorities": priorities_title,
    "scores": scores_title,
    "agreement": agreement_title,
    "segments": segments_title,
    "trend": trend_title,
}

_LAZY = {
    **{f"build_{k}": (f"cx_pillars.charts.{k}", f"build_{k}") for k in KINDS},
    "save": ("cx_pillars.charts.style", "save"),
    "save_pdf": ("cx_pillars.charts.style", "save_pdf"),
    "chart_fonts": ("cx_pillars.charts.style", "chart_fonts"),
    "scrub": ("cx_pillars.charts.style", "scrub"),
    "localise_numbers": ("cx_pillars.charts.style", "localise_numbers"),
    "collect_missing": ("cx_pillars.charts.style", "collect_missing"),
}

__all__ = [  # build_*, save, save_pdf, chart_fonts load matplotlib on first use
    "INPUTS",
    "KINDS",
    "TITLES",
    "AgreementData",
    "Footnote",
    "GapData",
    "GapRow",
    "PrioritiesData",
    "PriorityPoint",
    "QuarterPoint",
    "ScoreRow",
    "ScoresData",
    "Segment",
    "SegmentsData",
    "TrendData",
    "agreement_title",
    "build",
    "build_agreement",
    "build_pages",
    "build_gap",
    "build_priorities",
    "build_scores",
    "build_segments",
    "build_trend",
    "chart_fonts",
    "chart_language",
    "collect_missing",
    "footnote_text",
    "gap_title",
    "priorities_title",
    "render",
    "save",
    "save_pdf",
    "scores_title",
    "scrub",
    "segments_title",
    "trend_title",
]


def __getattr__(name: str):
    if name in _LAZY:
        module, attr = _LAZY[name]
        value = getattr(import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def chart_language(lang: str) -> tuple[str, bool]:
    """The language chart text can be drawn in: ``(lang, False)``, or ``("en", True)``
    for Chinese when no installed font has its characters (English, not empty boxes).

    The one decision every caller goes through: build the chart input in the language
    this returns, and when it fell back say so once (``report.no_cjk_font``).
    """
    if lang.lower().startswith("zh") and __getattr__("chart_fonts")(lang) is None:
        return "en", True
    return lang, False


def build(kind: str, data, lang: str = "en") -> Figure:
    """The Figure of chart ``kind`` for ``data`` (the input record of that kind)."""
    # Characters no installed font has (emoji without an emoji font) are left out
    # rather than drawn as boxes (collect_missing() gathers the texts for one notice);
    # axes number as the language does (Polish: '2,5'). The first page of several.
    return build_pages(kind, data, lang)[0]


def build_pages(kind: str, data, lang: str = "en") -> list[Figure]:
    """The pages of chart ``kind``: a builder whose rows do not fit one 16:9 page
    (``Frame.rows_per_page``) may return a list of Figures, one per page; every other
    builder gives one."""
    if kind not in KINDS:
        raise ValueError(f"unknown chart kind {kind!r}: choose from {', '.join(KINDS)}")
    if not isinstance(data, INPUTS[kind]):
        raise TypeError(f"chart {kind!r} needs {INPUTS[kind].__name__}, not {type(data).__name__}")
    builder = globals().get(f"build_{kind}") or __getattr__(f"build_{kind}")
    made = builder(data, lang)
    figs = list(made) if isinstance(made, list | tuple) else [made]
    for fig in figs:
        __getattr__("scrub")(fig, lang)
        __getattr__("localise_numbers")(fig, lang)
    return figs


def render(kind: str, data, path: str | Path, lang: str = "en", fmt: str | None = None) -> Path:
    """Build chart ``kind`` and write it to ``path`` (format from the extension)."""
    fig = build(kind, data, lang)
    try:
        return __getattr__("save")(fig, path, fmt, lang=lang)
    finally:
        fig.clear()
