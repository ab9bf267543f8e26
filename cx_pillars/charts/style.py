"""The look shared by every chart, the figure frame, and saving to PNG/SVG/PDF.

Figures are built with matplotlib's object API (``Figure`` + ``FigureCanvasAgg``),
never pyplot, and every rcParam a chart depends on is set inside
``matplotlib.rc_context(rc(lang))`` so nothing leaks into or out of the caller's state.

Layout is explicit: a slide-sized figure (13.33 × 7.5 in, 16:9, whatever the data: the
frame never grows it) with a header (title, subtitle) at the top left, a footnote at the
bottom left, and axes placed in inches between them after measuring the labels that need
room (:class:`Frame`). Positions are therefore final before label placement runs. Rows
that do not fit shrink their labels down to :data:`MIN_PT` (:meth:`Frame.fit_rows`);
beyond that a builder splits them over pages (:meth:`Frame.rows_per_page`).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext, suppress
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from cx_pillars.charts.mpl import rewrite_embedded_fonts
from cx_pillars.textwidth import break_lines

__all__ = [
    "CONTEXT",
    "CUSTOMERS",
    "CUSTOMERS_TINT",
    "FIG_H",
    "FIG_W",
    "FIXED_PAGE",
    "HIGHLIGHT",
    "INK",
    "MIN_PT",
    "MUTED",
    "OKABE_ITO",
    "PNG_DPI",
    "TEAM",
    "TEAM_EDGE",
    "Frame",
    "chart_fonts",
    "collect_missing",
    "drawable_text",
    "localise_numbers",
    "new_figure",
    "rc",
    "save",
    "save_pdf",
    "scrub",
    "shortest_texts",
    "styled",
]

FIG_W, FIG_H = 13.333, 7.5  # inches: 16:9, a 1920 x 1080 slide at 144 dpi
PNG_DPI = 200

# Okabe & Ito (2008), the colour-blind-safe categorical palette.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
HIGHLIGHTS = ("#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00")  # in this order
INK = "#222222"  # text
MUTED = "#666666"  # subtitles, footnotes, secondary text
FAINT = "#B8B8B8"  # context lines and points
GRID = "#E4E4E4"
SEQUENTIAL = "cividis"  # colour-blind-safe, perceptually uniform, prints in greyscale

TITLE_PT, SUBTITLE_PT, LABEL_PT, TICK_PT, NOTE_PT, FOOT_PT = 20, 14, 13, 13, 12, 11
MIN_PT = 9  # the smallest text a chart shrinks to (still readable on a 16:9 slide)
# Every page the 16:9 slide whatever the data: Frame.fit_rows shrinks labels to MIN_PT
# and Frame.grow takes room from the axes instead of growing the figure. A builder that
# draws with fit_rows' font size and splits its rows with rows_per_page asks for it with
# ``Frame(..., fixed=True)``; FIXED_PAGE is the default for the others (the old growing
# frame) until every builder does (agreement, gap, scores, segments, priorities).
FIXED_PAGE = False

# One colour meaning through the whole pack, stated in each chart's legend: what the
# customers said, what the team said, a pillar a finding is about, and everything else.
CUSTOMERS = OKABE_ITO["blue"]
CUSTOMERS_TINT = "#B9DDF1"  # a pale tint of the customers' blue (their spread)
TEAM = OKABE_ITO["orange"]
TEAM_EDGE = "#7A5200"
HIGHLIGHT = OKABE_ITO["vermillion"]  # the pillars a finding is about
CONTEXT = "#8C8C8C"  # other pillars, other people: drawn, not emphasised

# Families tried, in order, for text in Chinese; the first one installed that has every
# Chinese character the tool draws wins. Simplified Chinese prefers the SC (mainland)
# faces, traditional the TC/HK faces; either script falls back to the other's faces
# (they hold both sets of characters) and then to other Chinese families.
CJK_SC = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "SimHei",
)
CJK_TC = (
    "Noto Sans CJK TC",
    "Noto Sans TC",
    "Source Han Sans TC",
    "Source Han Sans TW",
    "Noto Sans CJK HK",
    "Noto Sans HK",
    "Source Han Sans HK",
    "Microsoft JhengHei",
    "PingFang TC",
    "PingFang HK",
    "Heiti TC",
)
CJK_OTHER = (
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "Noto Sans CJK JP",
    "Source Han Sans",
    "Sarasa Gothic SC",
    "Sarasa Gothic TC",
    "AR PL UMing CN",
    "AR PL UMing TW",
    "AR PL UKai CN",
    "AR PL UKai TW",
    "Noto Serif CJK SC",
    "Noto Serif CJK TC",
    "Arial Unicode MS",
)
CJK_FAMILIES = CJK_SC + CJK_TC + CJK_OTHER
LATIN_FAMILIES = ("DejaVu Sans",)
CJK_MIN_BYTES = 1_000_000  # a font file smaller than this cannot hold the CJK ideographs


def _is_chinese(lang: str) -> bool:
    return lang.lower().startswith("zh")


def _traditional(lang: str) -> bool:
    return lang.lower() in ("zh-hant", "zh-tw", "zh-hk", "zh-mo")


@cache
def needed_characters(lang: str) -> frozenset[str]:
    """The wide (CJK) characters the tool can draw in ``lang``: every character of its
    messages and of the built-in pillar texts that is two cells wide."""
    import unicodedata

    from cx_pillars import i18n
    from cx_pillars.pillars import builtin_framework

    code = i18n.normalise(lang) or i18n.DEFAULT
    texts = list(i18n.catalog(code).values())
    for pillar in builtin_framework().pillars:
        texts += [v for v in pillar.texts.get(code, {}).values() if isinstance(v, str)]
    return frozenset(
        c
        for text in texts
        for c in text
        if unicodedata.east_asian_width(c) in "WF" and not c.isspace()
    )


def _covers(family: str, chars: frozenset[str]) -> bool:
    """Whether the font matplotlib uses for ``family`` has a glyph for every character."""
    from matplotlib import font_manager

    try:
        path = font_manager.findfont(
            font_manager.FontProperties(family=family),
            fallback_to_default=False,
            rebuild_if_missing=False,
        )
        font = _coverage_font(path)
        return all(font.get_char_index(ord(c)) for c in chars)
    except Exception:
        return False


@cache
def _coverage_font(path: Any) -> Any:
    """A font object of our own for asking which characters a font file has.

    Not matplotlib's shared one (``font_manager.get_font``): drawing and saving select
    other character maps on that object, after which it answers with a glyph index for
    characters the font does not have (an emoji 'drawable' in DejaVu Sans, then drawn
    as a box with a warning)."""
    import os

    from matplotlib.ft2font import FT2Font

    return FT2Font(os.fspath(path))


def _add_new_system_fonts() -> bool:
    """Register fonts installed since matplotlib built its font cache (``.ttc``
    collections too, every face); True if there were any."""
    import os

    from matplotlib import font_manager

    known = {os.path.realpath(f.fname) for f in font_manager.fontManager.ttflist}
    added = False
    for path in font_manager.findSystemFonts():
        real = os.path.realpath(path)
        if real in known or not real.lower().endswith((".ttf", ".otf", ".ttc")):
            continue
        known.add(real)
        with suppress(Exception):  # a broken font file: skip it
            font_manager.fontManager.addfont(real)
            added = True
    return added


def find_cjk_font(lang: str = "zh-Hans") -> str | None:
    """The family of an installed font that can draw Chinese in ``lang``, or None.

    Looks through matplotlib's font manager: first the known families (SC faces for
    simplified, TC for traditional), then, if none is there, fonts installed after
    matplotlib's font cache was built (``fonts-noto-cjk`` installed later, for
    example; ``.ttc`` collections are added face by face), and last any other
    installed font large enough to be a CJK font. A family only counts if it has a glyph
    for every Chinese character the tool draws in ``lang``.
    """
    import os

    from matplotlib import font_manager

    chars = needed_characters(lang)
    preferred = (CJK_TC + CJK_SC if _traditional(lang) else CJK_SC + CJK_TC) + CJK_OTHER

    def known() -> str | None:
        installed = {f.name for f in font_manager.fontManager.ttflist}
        return next((f for f in preferred if f in installed and _covers(f, chars)), None)

    found = known()
    if found is None and _add_new_system_fonts():
        found = known()
    if found is not None:
        return found
    others = sorted(
        {
            f.name
            for f in font_manager.fontManager.ttflist
            if f.name not in preferred
            and os.path.isfile(f.fname)
            and os.path.getsize(f.fname) >= CJK_MIN_BYTES
        }
    )
    others.sort(key=lambda name: "Serif" in name or "Mono" in name)  # sans first
    return next((f for f in others if _covers(f, chars)), None)


# Outline fonts with emoji and symbols, tried last. Colour emoji fonts (Noto Color Emoji,
# Apple Color Emoji) are bitmaps matplotlib cannot draw, so they are not on the list.
SYMBOL_FAMILIES = ("Noto Emoji", "Symbola", "Noto Sans Symbols 2", "Noto Sans Symbols")


@cache
def _installed(family: str) -> bool:
    from matplotlib import font_manager

    return any(f.name == family for f in font_manager.fontManager.ttflist)


@cache
def chart_fonts(lang: str = "en") -> tuple[str, ...] | None:
    """The font families for chart text in ``lang``, in fallback order; None when
    Chinese cannot be drawn.

    The single place that chooses fonts. matplotlib draws each character in the first
    family of the list that has it, so a Chinese colleague name in an English chart
    gets real characters too. For Chinese the CJK family (:func:`find_cjk_font`) comes
    first and DejaVu Sans after it, for Latin digits and symbols; for other languages
    DejaVu Sans first, then the Simplified Chinese face when one is installed. An emoji
    or symbol font closes the list when one is installed. None when Chinese is asked
    for and no installed font has its characters: callers go through
    :func:`cx_pillars.charts.chart_language`, which then draws in English (issue 6: say
    so once, never draw empty boxes).
    """
    symbols = tuple(f for f in SYMBOL_FAMILIES if _installed(f))
    if not _is_chinese(lang):
        cjk = find_cjk_font("zh-Hans")
        return (*LATIN_FAMILIES, *((cjk,) if cjk else ()), *symbols)
    family = find_cjk_font(lang)
    return (family, *LATIN_FAMILIES, *symbols) if family else None


@cache
def _font_files(fonts: tuple[str, ...]) -> tuple[str, ...]:
    from matplotlib import font_manager

    paths = []
    for family in fonts:
        with suppress(Exception):
            paths.append(
                font_manager.findfont(
                    font_manager.FontProperties(family=family),
                    fallback_to_default=False,
                    rebuild_if_missing=False,
                )
            )
    return tuple(dict.fromkeys(paths))


def drawable(char: str, lang: str = "en") -> bool:
    """Whether a font of :func:`chart_fonts` has a glyph for ``char`` (spaces always)."""
    return _drawable(char, chart_fonts(lang) or LATIN_FAMILIES)


@cache
def _drawable(char: str, fonts: tuple[str, ...]) -> bool:

    if char.isspace():
        return True
    return any(_coverage_font(p).get_char_index(ord(char)) for p in _font_files(fonts))


def drawable_text(text: str, lang: str = "en") -> str:
    """``text`` without the characters no chart font can draw (emoji without an emoji
    font, for one), and without the spaces that leaves doubled or at line ends."""
    if all(drawable(c, lang) for c in text):
        return text
    kept = "".join(c for c in text if drawable(c, lang))
    return "\n".join(" ".join(line.split()) for line in kept.split("\n"))


# The texts changed by scrub() while collect_missing() is active (the command layer
# says so once).
_missing: list[list[str]] = []


@contextmanager
def collect_missing() -> Iterator[list[str]]:
    """While active, every text :func:`scrub` changes is added to the yielded list
    (once each), for the one notice naming them."""
    found: list[str] = []
    _missing.append(found)
    try:
        yield found
    finally:
        _missing.remove(found)


def localise_numbers(fig: Figure, lang: str = "en") -> None:
    """Number the axes of ``fig`` as the language writes numbers: decimal commas in
    Polish ('2,5'), a true minus sign everywhere. Only axes matplotlib numbers itself
    change (labels a chart set stay as they are); every tick of an axis gets the same
    number of decimals, the fewest that tell its ticks apart."""
    from matplotlib.ticker import Formatter, ScalarFormatter

    from cx_pillars.charts.text import number

    class Numbers(Formatter):
        digits = 0

        def set_locs(self, locs: Any) -> None:
            super().set_locs(locs)
            self.digits = next(
                (d for d in range(4) if all(abs(round(x, d) - x) < 1e-9 for x in locs)), 3
            )

        def __call__(self, x: float, pos: int | None = None) -> str:
            return number(0.0 if abs(x) < 1e-12 else x, self.digits, lang)

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if type(axis.get_major_formatter()) is ScalarFormatter:
                axis.set_major_formatter(Numbers())


def shortest_texts(texts: Sequence[str], lang: str = "en") -> list[str]:
    """The fewest, shortest of ``texts`` that hold every character no chart font has
    (the team name rather than each footnote quoting it), for the notice."""
    kept: list[str] = []
    covered: set[str] = set()
    for text in sorted(texts, key=len):
        chars = {c for c in text if not drawable(c, lang)}
        if chars - covered:
            kept.append(text)
            covered |= chars
    return kept


def scrub(fig: Figure, lang: str = "en") -> list[str]:
    """Drop the characters no chart font can draw from every text of ``fig``, in place,
    so no glyph is drawn as an empty box; the original texts changed, in order."""
    from matplotlib.text import Text

    changed: list[str] = []
    for artist in fig.findobj(Text):
        text = artist.get_text()
        if not text:
            continue
        clean = drawable_text(text, lang)
        if clean != text:
            artist.set_text(clean)
            if text not in changed:
                changed.append(text)
    for found in _missing:
        found.extend(t for t in changed if t not in found)
    return changed


def rc(lang: str = "en") -> dict[str, Any]:
    """rcParams for building and saving a chart (used inside ``rc_context``)."""
    fonts = chart_fonts(lang) or LATIN_FAMILIES
    return {
        # The families by name, not "sans-serif": texts created in the context keep them
        # when the figure is drawn again outside it.
        "font.family": list(fonts),
        "font.sans-serif": list(fonts),
        "font.size": LABEL_PT,
        "text.color": INK,
        "axes.labelsize": LABEL_PT,
        "axes.labelcolor": INK,
        "axes.titlesize": SUBTITLE_PT,
        "axes.titlelocation": "left",
        "axes.edgecolor": "#9A9A9A",
        "axes.linewidth": 0.8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": False,
        "axes.axisbelow": True,
        "axes.unicode_minus": True,
        "grid.color": GRID,
        "grid.linewidth": 0.8,
        "xtick.labelsize": TICK_PT,
        "ytick.labelsize": TICK_PT,
        "xtick.color": "#555555",
        "ytick.color": "#555555",
        "xtick.labelcolor": INK,
        "ytick.labelcolor": INK,
        "legend.fontsize": NOTE_PT,
        "legend.frameon": False,
        "figure.facecolor": "white",
        "figure.dpi": 100,
        "savefig.dpi": PNG_DPI,
        "savefig.facecolor": "white",
        "svg.fonttype": "none",  # SVG: text stays <text>, searchable and editable
        "svg.hashsalt": "cx-pillars",  # reproducible ids
        "pdf.fonttype": 42,  # PDF: TrueType (Type 42), text stays text
        "ps.fonttype": 42,
        "image.cmap": SEQUENTIAL,
        "hatch.linewidth": 0.8,
    }


@contextmanager
def styled(lang: str = "en") -> Iterator[None]:
    """Build, draw and save charts in ``lang``'s style and fonts.

    For Chinese it also makes PDF output embed the CJK font with TrueType outlines
    (:func:`truetype_outlines`). Where this matplotlib offers no way to do that, the
    font is embedded as matplotlib does it: still Type 42, never Type 3, whose glyph
    codes stop at 255 (matplotlib 3.11 fails writing Chinese as Type 3)."""
    # OpenType fonts beyond DejaVu Sans (CJK, symbols) may have CFF outlines.
    cjk = any(f not in LATIN_FAMILIES for f in chart_fonts(lang) or ())
    params: Any = rc(lang)  # matplotlib types the keys as a Literal of every rcParam
    with (
        mpl.rc_context(params),
        truetype_outlines() if cjk else nullcontext(),
        warnings.catch_warnings(),
    ):
        # Text is measured before scrub() drops what no font has: those glyphs are
        # reported once by the command layer, not as one warning per character.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        yield


def _cff_to_truetype(font: Any) -> None:
    """Give a subset OpenType font with CFF outlines TrueType (quadratic) outlines in a
    ``glyf`` table, in place, keeping its glyph order (fontTools' otf2ttf recipe)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    for glyph in glyf.glyphs.values():
        glyph.recalcBounds(glyf)
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        advance, _ = hmtx.metrics[name]
        hmtx.metrics[name] = (advance, getattr(glyph, "xMin", 0))
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones",):
        setattr(maxp, field, 1)
    for field in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    maxp.numGlyphs = len(order)
    font["maxp"] = maxp
    maxp.recalc(font)  # points, contours, components from the glyf table
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 3.0, [], {}
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


@contextmanager
def truetype_outlines() -> Iterator[bool]:
    """While active, fonts matplotlib embeds in a PDF (Type 42) get TrueType outlines.

    CJK fonts are usually OpenType with CFF outlines (Noto Sans CJK, Source Han Sans);
    matplotlib embeds those as TrueType all the same (its issues 2869, 20870), and Adobe
    Reader and others then show wrong or no characters. Converting the subset it embeds
    keeps the text real, selectable text that every reader draws. Yields False when this
    matplotlib has no place to hook in (:mod:`cx_pillars.charts.mpl`): fonts are then
    embedded unchanged.
    """

    def convert(font: Any) -> None:
        if getattr(font, "sfntVersion", "") == "OTTO" and "CFF " in font:
            _cff_to_truetype(font)

    with rewrite_embedded_fonts(convert) as hooked:
        yield hooked


def _renderer(fig: Figure) -> Any:
    """The Agg renderer of a figure made by :func:`new_figure`. A figure saved as PDF by
    matplotlib 3.8 keeps the PDF canvas, which has no renderer to measure with: it
    gets an Agg canvas again."""
    canvas: Any = fig.canvas  # get_renderer has no annotations
    if not hasattr(canvas, "get_renderer"):
        canvas = FigureCanvasAgg(fig)
    return canvas.get_renderer()


def new_figure(height: float = FIG_H, width: float = FIG_W) -> Figure:
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig


#: The rcParams a text's measured size depends on (fonts, hinting, mathtext).
_TEXT_PARAMS = tuple(sorted(k for k in mpl.rcParams if k.startswith(("font.", "text.", "math"))))
#: Sizes already measured: (text, options, dpi, those rcParams) -> (width, height).
_sizes: dict[tuple[Any, ...], tuple[float, float]] = {}


def _text_params() -> tuple[Any, ...]:
    values = map(mpl.rcParams.__getitem__, _TEXT_PARAMS)
    return tuple(tuple(v) if isinstance(v, list) else v for v in values)


def text_size(fig: Figure, text: str, **kw: Any) -> tuple[float, float]:
    """Width and height in inches of ``text`` drawn on ``fig`` with ``kw`` (fontsize...).

    Measured once per string, options, dpi and font settings: line breaking and row
    fitting ask for the same words again and again (a 60-colleague pack ~1,700 times
    for ~400 strings), and each measurement creates a text artist."""
    try:
        key: tuple[Any, ...] = (text, frozenset(kw.items()), fig.dpi, _text_params())
        hash(key)
    except TypeError:  # an option that cannot be a key (a dict): measure every time
        key = ()
    if key and key in _sizes:
        return _sizes[key]
    probe = fig.text(0, 0, text, **kw)
    box = probe.get_window_extent(_renderer(fig))
    probe.remove()
    size = box.width / fig.dpi, box.height / fig.dpi
    if key:
        if len(_sizes) > 50_000:
            _sizes.clear()
        _sizes[key] = size
    return size


class Frame:
    """The slide layout of one figure: header, footnote, and axes placed in inches."""

    def __init__(
        self,
        fig: Figure,
        title: str,
        subtitle: str,
        footnote: str,
        *,
        left: float = 0.45,
        fixed: bool | None = None,
    ) -> None:
        self.fig = fig
        self.fixed = FIXED_PAGE if fixed is None else fixed  # the page never grows
        self.renderer = _renderer(fig)
        w_in, _h_in = fig.get_size_inches()
        self.left_edge = left
        width = w_in - 2 * left
        title = self.wrap(title, width, max_lines=2, fontsize=TITLE_PT, fontweight="bold")
        subtitle = self.wrap(subtitle, width, max_lines=2, fontsize=SUBTITLE_PT)
        footnote = self.wrap(footnote, width, max_lines=2, fontsize=FOOT_PT)
        self._top = 0.28
        self.title = fig.text(
            0,
            0,
            title,
            fontsize=TITLE_PT,
            fontweight="bold",
            ha="left",
            va="top",
            color=INK,
            gid="title",
        )
        self.subtitle = fig.text(
            0, 0, subtitle, fontsize=SUBTITLE_PT, ha="left", va="top", color=MUTED, gid="subtitle"
        )
        self.footnote = fig.text(
            0, 0, footnote, fontsize=FOOT_PT, ha="left", va="bottom", color=MUTED, gid="footnote"
        )
        self._title_h = self.size(self.title)[1]
        sub_h = self.size(self.subtitle)[1] if subtitle else 0
        self.header = self._top + self._title_h + 0.08 + sub_h + 0.3  # inches at the top
        self.footer = 0.18 + self.size(self.footnote)[1] + 0.25  # inches at the bottom
        self._position()

    def _position(self) -> None:
        w_in, h_in = self.fig.get_size_inches()
        x = self.left_edge / w_in
        self.title.set_position((x, 1 - self._top / h_in))
        self.subtitle.set_position((x, 1 - (self._top + self._title_h + 0.08) / h_in))
        self.footnote.set_position((x, 0.18 / h_in))

    def grow(self, extra: float) -> None:
        """Room for ``extra`` inches more. With :data:`FIXED_PAGE` the page does not grow
        (every page is the 16:9 slide whatever the data): the room comes out of the
        axes, which the caller places with ``bottom`` raised by ``extra``. Without it the
        figure gets taller, keeping header and footnote in place (the old frame)."""
        if not self.fixed:
            self.fig.set_size_inches(self.fig.get_figwidth(), self.fig.get_figheight() + extra)
        self._position()

    def _row_need(
        self, labels: Sequence[str], fontsize: float, min_row: float, gap: float
    ) -> float:
        tallest = max(
            (self.text_size(s, fontsize=fontsize, fontweight="bold")[1] for s in labels if s),
            default=0.0,
        )
        return max(min_row, tallest + gap)

    def room(self, *, top: float, bottom: float) -> float:
        """Inches left for the axes between header and footer, less ``top``/``bottom``."""
        return self.fig.get_figheight() - self.header - self.footer - top - bottom

    def fit_rows(
        self,
        labels: Sequence[str],
        rows: int,
        *,
        top: float,
        bottom: float,
        min_row: float = 0.0,
        fontsize: float = TICK_PT,
        gap: float = 0.04,
    ) -> float:
        """The label font size (``fontsize`` down to :data:`MIN_PT`) at which ``rows``
        rows, each holding the tallest label, fit on the page; the page never grows.

        ``top``/``bottom`` are the margins the axes will get (legend, axis labels).
        ``min_row`` shrinks with the font. When even :data:`MIN_PT` is too big, this
        returns :data:`MIN_PT` and the rows do not fit: split them over pages
        (:meth:`rows_per_page` says how many fit).
        """
        if not self.fixed:  # the old frame: grow to fit the rows at ``fontsize``
            need = self.header + self.footer + top + bottom
            need += rows * self._row_need(labels, fontsize, min_row, gap)
            if need > self.fig.get_figheight():
                self.fig.set_size_inches(self.fig.get_figwidth(), need)
                self._position()
            return float(fontsize)
        room = self.room(top=top, bottom=bottom)
        size = float(fontsize)
        while size > MIN_PT:
            scale = size / fontsize
            if rows * self._row_need(labels, size, min_row * scale, gap) <= room:
                return size
            size = max(MIN_PT, size - 0.5)
        return float(MIN_PT)

    def rows_per_page(
        self,
        labels: Sequence[str],
        *,
        top: float,
        bottom: float,
        min_row: float = 0.0,
        fontsize: float = MIN_PT,
        gap: float = 0.04,
    ) -> int:
        """How many rows of ``labels`` fit on one page at ``fontsize`` (at least 1): a
        builder with more rows draws the rest on further pages."""
        need = self._row_need(labels, fontsize, min_row, gap)
        return max(1, int(self.room(top=top, bottom=bottom) // need))

    def wrap(self, text: str, width: float, *, max_lines: int, **kw: Any) -> str:
        """Wrap ``text`` to lines no wider than ``width`` inches, measured, not guessed:
        :func:`textwidth.break_lines` with each piece measured in the chart's font, so
        Chinese breaks between characters (punctuation kept with its neighbour) and Latin
        text at spaces and hyphens. More than ``max_lines`` lines end in '…'."""
        if not text or self.text_size(text, **kw)[0] <= width:
            return text
        widths: dict[str, float] = {}
        space = self.text_size("a a", **kw)[0] - self.text_size("aa", **kw)[0]

        def measure(piece: str) -> float:
            if piece not in widths:
                word = piece.rstrip()
                drawn = self.text_size(word, **kw)[0] if word else 0.0
                widths[piece] = drawn + space * (len(piece) - len(word))
            return widths[piece]

        lines = break_lines(text, width, measure, hyphens=True)
        if len(lines) > max_lines:
            lines = lines[:max_lines]
            last = lines[-1].rstrip(" ,;，、；")
            while last and self.text_size(last + "…", **kw)[0] > width:
                last = last[:-1].rstrip(" ,;，、；")
            lines[-1] = last + "…"
        return "\n".join(lines)

    def size(self, artist: Any) -> tuple[float, float]:
        """Width and height of a text artist in inches."""
        box = artist.get_window_extent(self.renderer)
        dpi = self.fig.dpi
        return box.width / dpi, box.height / dpi

    def text_size(self, text: str, **kw: Any) -> tuple[float, float]:
        """Measure a string as it would be drawn with ``kw`` (fontsize, weight)."""
        return text_size(self.fig, text, **kw)

    def max_width(self, texts: Iterable[str], **kw: Any) -> float:
        return max((self.text_size(s, **kw)[0] for s in texts if s), default=0.0)

    def legend(
        self, ax: Any, handles: Sequence[Any], labels: Sequence[str], *, ncol: int | None = None
    ) -> None:
        """A one-row legend just above ``ax``, starting at the title's left edge."""
        w_in, _ = self.fig.get_size_inches()
        top = ax.get_position().y1
        leg = self.fig.legend(
            handles,
            labels,
            loc="lower left",
            bbox_to_anchor=(self.left_edge / w_in, top + 0.01),
            ncol=ncol or len(handles),
            frameon=False,
            fontsize=NOTE_PT,
            borderaxespad=0.0,
            handletextpad=0.5,
            columnspacing=1.8,
            borderpad=0.1,
            handlelength=2.4,
        )
        leg.set_gid("legend")

    def place(
        self, ax: Any, *, left: float, right: float, top: float = 0.0, bottom: float = 0.0
    ) -> None:
        """Put ``ax`` between the header and footer, with margins in inches."""
        w_in, h_in = self.fig.get_size_inches()
        x0 = left / w_in
        x1 = 1 - right / w_in
        y0 = (self.footer + bottom) / h_in
        y1 = 1 - (self.header + top) / h_in
        ax.set_position((x0, y0, max(0.05, x1 - x0), max(0.05, y1 - y0)))


def clean_axes(ax: Any, *, grid: str | None = "x") -> None:
    """Light grid on one axis, no top/right spines, soft tick marks."""
    ax.spines[["top", "right"]].set_visible(False)
    if grid:
        ax.grid(True, axis=grid, color=GRID, linewidth=0.8)
    ax.tick_params(length=0, pad=8)


def data_to_points(ax: Any, x: float, y: float) -> tuple[float, float]:
    """Display position of a data point, in points from the figure's lower left."""
    px, py = ax.transData.transform((x, y))
    k = 72 / ax.figure.dpi
    return px * k, py * k


def save(fig: Figure, path: str | Path, fmt: str | None = None, *, lang: str = "en") -> Path:
    """Write ``fig`` as PNG (200 dpi), SVG (text as <text>) or PDF (Type 42 text).

    The format comes from ``fmt`` or the file's extension.
    """
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in ("png", "svg", "pdf"):
        raise ValueError(f"unsupported chart format {fmt!r}: use .png, .svg or .pdf")
    metadata = {
        "png": {"Software": None},
        "svg": {"Date": None},
        "pdf": {"CreationDate": None, "ModDate": None},
    }[fmt]
    with styled(lang):
        fig.savefig(path, format=fmt, dpi=PNG_DPI, metadata=metadata)
    return path


def save_pdf(figs: Sequence[Figure], path: str | Path, *, lang: str = "en") -> Path:
    """Several figures as the pages of one PDF (the report's charts)."""
    from matplotlib.backends.backend_pdf import PdfPages

    path = Path(path)
    with styled(lang), PdfPages(path, metadata={"CreationDate": None, "ModDate": None}) as pdf:
        for fig in figs:
            pdf.savefig(fig)
    return path
