"""The page engine of the meeting pack: slide-sized pages, text measured and wrapped
in inches, and tables laid out in columns.

A :class:`Page` is a figure the size of a slide (16:9, like the charts) with text,
rectangles and rules placed in inches from its top left corner; it measures text with
the font it will be drawn in, wraps it with the project's one line breaker
(:func:`cx_pillars.textwidth.break_lines`) and balances short blocks.
:func:`layout_table` and :func:`draw_table` share a table's rows out over pages with
the same columns on each.

matplotlib is imported only when a page is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cx_pillars.textwidth import break_lines

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.ft2font import FT2Font
    from matplotlib.text import Text

    from cx_pillars.report.content import TableData

PAGE_W, PAGE_H = 13.333, 7.5  # 16:9, like every chart
MARGIN = 0.45
ACCENT = "#0072B2"  # Okabe-Ito blue
TINT = "#F2F6FA"
STRIPE = "#F4F4F4"
BAR_TRACK, BAR_FILL = "#E4E4E4", "#0072B2"
BODY_PT = 13
_REF_PT = 10.0
# (text, weight, family, font) -> inches at _REF_PT: each character, and each piece
# of text measured (a line's width is the sum of its pieces').
_WIDTHS: dict[tuple[str, str, str | None, str], float] = {}


def _advance(font: FT2Font, ch: str) -> float:
    """How far ``ch`` moves the pen, in inches at :data:`_REF_PT` (a guess from its
    display width when the font has no such glyph)."""
    import warnings

    from cx_pillars.charts.mpl import LoadFlags  # matplotlib 3.8-3.11

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            glyph = font.load_char(ord(ch), flags=LoadFlags.NO_HINTING)
        return glyph.linearHoriAdvance / 65536 / 72
    except (RuntimeError, ValueError):
        import unicodedata

        em = 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6
        return em * _REF_PT / 72


class Page:
    """A figure the size of a slide that measures text with its own fonts; positions
    in inches from the top left corner."""

    def __init__(self) -> None:
        from cx_pillars.charts import style

        self.style = style
        self.fig: Figure = style.new_figure(PAGE_H, PAGE_W)
        self._fonts: dict[tuple[str, str | None], FT2Font] = {}

    def _font(self, weight: str, family: str | None) -> FT2Font:
        key = (weight, family)
        if key not in self._fonts:
            from matplotlib.font_manager import FontProperties, findfont, get_font

            prop = FontProperties(family=family, weight=weight)
            self._fonts[key] = get_font(findfont(prop))
        font = self._fonts[key]
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

        fonts: str = mpl.rcParams["font.sans-serif"][0]
        total = _WIDTHS.get((text, weight, family, fonts))
        if total is None:
            total, font = 0.0, None
            for ch in text:
                key = (ch, weight, family, fonts)
                advance = _WIDTHS.get(key)
                if advance is None:
                    font = font or self._font(weight, family)
                    advance = _WIDTHS[key] = _advance(font, ch)
                total += advance
            _WIDTHS[(text, weight, family, fonts)] = total
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

        The breaking is :func:`~cx_pillars.textwidth.break_lines`'; a line's width is
        the sum of its pieces' widths, each piece measured once (and remembered), so
        wrapping a page costs a few measurements rather than one per candidate line."""

        def measure(piece: str) -> float:
            return self.width(piece, size, weight, family)

        return break_lines(text, width, measure)

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
    ) -> Text:
        """Text with its anchor ``x`` inches from the left, ``y`` inches from the top."""
        kw: dict[str, Any] = {"family": family} if family else {}
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

    def rect(self, x: float, y: float, w: float, h: float, color: str, **kw: Any) -> None:
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


@dataclass
class TableLayout:
    size: float
    use_short: bool
    col_w: list[float]
    heads: list[list[str]]
    head_h: float
    min_row: float


_BAR_W, _PAD = 0.7, 0.3


def layout_table(p: Page, table: TableData) -> TableLayout:
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
    return TableLayout(size, use_short, col_w, heads, head_h, p.line_height(size) + 0.1)


def draw_table(
    p: Page,
    table: TableData,
    layout: TableLayout,
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
