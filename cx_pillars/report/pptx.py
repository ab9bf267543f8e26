"""The meeting pack as a PowerPoint deck (``report --pptx``): the PDF's pages as 16:9
slides a manager can edit.

* every slide's title is its title placeholder, holding the page's finding (a chart's
  title is the sentence that states it), so a slide can be retitled in PowerPoint;
* charts are the figures drawn for the PDF, rendered without their title and footnote
  (:func:`cx_pillars.report.output.slide_png`, 200 dpi) and placed at their own aspect
  ratio inside the slide; the subtitle and the source-and-n footnote are text boxes;
* the key tables are native tables (editable cells), split over slides where the PDF
  splits them;
* each slide's speaker notes say what its numbers mean (the method sentence) and hold
  the discussion prompts drawn from the data;
* every run names fonts a presenter's machine has for the language: Calibri for Latin
  text, and for Chinese an East Asian family (Microsoft YaHei, Microsoft JhengHei) with
  the run's language, so PowerPoint renders the characters and spell-checks right.

Built with python-pptx, imported only here and only when a deck is made. No drawing:
the pictures come from :func:`cx_pillars.report.output.write_report`.
"""

from __future__ import annotations

import io
import math
import struct
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cx_pillars.i18n import t
from cx_pillars.report.content import (
    Analysis,
    TableData,
    chart_input,
    chart_title,
    facts,
    findings,
    page_footnote,
    prompts,
    survey_steps,
)
from cx_pillars.report.layout import ACCENT, TINT

if TYPE_CHECKING:
    from cx_pillars.report.output import FormatPage

#: 16:9 at PowerPoint's own widescreen size (13.333 × 7.5 in), in EMU.
SLIDE_W, SLIDE_H = 12192000, 6858000
EMU_PER_INCH = 914400
MARGIN = 0.45  # inches
INK, MUTED = "222222", "666666"

#: Fonts by language: (Latin, East Asian or None). Calibri comes with Office on
#: Windows and macOS; PowerPoint for Mac maps the Microsoft CJK families to PingFang.
FONTS = {
    "en": ("Calibri", None),
    "pl": ("Calibri", None),
    "zh-Hans": ("Calibri", "Microsoft YaHei"),
    "zh-Hant": ("Calibri", "Microsoft JhengHei"),
}
#: The language tag of each run (spell checking, font fallback).
LANG_TAGS = {"en": "en-GB", "pl": "pl-PL", "zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}
MONO = "Consolas"

#: Layouts of python-pptx's default template.
_TITLE_SLIDE, _TITLE_ONLY = 0, 5


def _emu(inches: float) -> int:
    return int(round(inches * EMU_PER_INCH))


def _rgb(hex_colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def text_width(text: str, size: float, bold: bool = False, mono: bool = False) -> float:
    """An estimate of ``text``'s width in inches at ``size`` points in Calibri (or the
    CJK font): 0.44 em per narrow character (Calibri's average in running text), one em
    per wide one; 0.55 em per character in Consolas."""
    from cx_pillars.textwidth import cell_width

    wide = max(0, cell_width(text) - len(text))  # a wide character takes two cells
    em = size / 72
    narrow = 0.55 if mono else 0.44
    return ((len(text) - wide) * narrow + wide * 1.0) * em * (1.05 if bold else 1.0)


def line_count(text: str, width: float, size: float, bold: bool = False, mono: bool = False) -> int:
    """Lines ``text`` takes in a box ``width`` inches wide (an estimate with slack for
    words that do not fill a line)."""
    lines = 0
    for part in text.split("\n"):
        lines += max(1, math.ceil(text_width(part, size, bold, mono) * 1.06 / width))
    return lines


class _Deck:
    def __init__(self, a: Analysis, title: str, author: str, software: str) -> None:
        from pptx import Presentation

        self.a, self.lang = a, a.lang
        self.latin, self.east = FONTS.get(a.lang, FONTS["en"])
        self.prs = Presentation()
        from pptx.util import Emu

        self.prs.slide_width, self.prs.slide_height = Emu(SLIDE_W), Emu(SLIDE_H)
        props = self.prs.core_properties
        props.title = title
        props.subject = t(
            "report.subtitle_survey" if a.has_survey else "report.subtitle_team", a.lang
        )
        props.author = author
        props.last_modified_by = author  # PowerPoint writes the user's name on saving
        props.comments = software
        props.keywords = "cx-pillars"
        props.language = LANG_TAGS.get(a.lang, "en-GB")
        props.revision = 1
        from datetime import datetime

        try:
            when = datetime.fromisoformat(a.generated)
        except ValueError:
            when = datetime(2000, 1, 1)
        props.created = props.modified = when
        self.prompts = prompts(a)
        self.pending: list[tuple[Any, float, int]] = []  # (slide, top, chart) awaiting its PNG

    # ------------------------------------------------------------------ text
    def style_run(
        self,
        run: Any,
        size: float,
        *,
        bold: bool = False,
        colour: str | None = INK,
        mono: bool = False,
    ) -> None:
        """Size, weight, colour, the language's fonts and the run's language tag, set
        on the run's properties directly (python-pptx's setters cost a third of the
        deck's time): ``<a:rPr sz b lang altLang>`` with solidFill, latin and ea in the
        schema's order."""
        from pptx.oxml.ns import qn

        rpr = run._r.get_or_add_rPr()
        for child in list(rpr):
            rpr.remove(child)
        rpr.set("sz", str(int(round(size * 100))))
        rpr.set("b", "1" if bold else "0")
        rpr.set("lang", LANG_TAGS.get(self.lang, "en-GB"))
        if colour is not None:
            fill = rpr.makeelement(qn("a:solidFill"), {})
            fill.append(fill.makeelement(qn("a:srgbClr"), {"val": colour.lstrip("#").upper()}))
            rpr.append(fill)
        rpr.append(rpr.makeelement(qn("a:latin"), {"typeface": MONO if mono else self.latin}))
        if self.east is not None:
            rpr.append(rpr.makeelement(qn("a:ea"), {"typeface": self.east}))
            rpr.set("altLang", "en-US")

    def paragraph(
        self,
        frame: Any,
        text: str,
        size: float,
        *,
        bold: bool = False,
        colour: str | None = INK,
        first: bool = False,
        space_before: float = 0,
        align: str | None = None,
        mono: bool = False,
        bullet: str | None = None,
    ) -> Any:
        from pptx.enum.text import PP_ALIGN
        from pptx.util import Pt

        p = frame.paragraphs[0] if first else frame.add_paragraph()
        if space_before:
            p.space_before = Pt(space_before)
        if align == "r":
            p.alignment = PP_ALIGN.RIGHT
        if bullet is not None:
            _bullet(p, bullet, size)
        run = p.add_run()
        run.text = text
        self.style_run(run, size, bold=bold, colour=colour, mono=mono)
        return p

    def textbox(self, slide: Any, x: float, y: float, w: float, h: float) -> Any:
        from pptx.enum.text import MSO_ANCHOR

        box = slide.shapes.add_textbox(_emu(x), _emu(y), _emu(w), _emu(h))
        frame = box.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.TOP
        for side in ("left", "right", "top", "bottom"):
            setattr(frame, f"margin_{side}", 0)
        return frame

    def set_title(
        self, shape: Any, text: str, x: float, y: float, w: float, h: float, sizes: Sequence[float]
    ) -> float:
        """The title placeholder at (x, y, w, h) holding ``text`` at the first of
        ``sizes`` that fits two lines; the size chosen."""
        from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE

        shape.left, shape.top, shape.width, shape.height = _emu(x), _emu(y), _emu(w), _emu(h)
        size = sizes[-1]
        for candidate in sizes:
            if line_count(text, w, candidate, bold=True) * candidate * 1.2 / 72 <= h:
                size = candidate
                break
        frame = shape.text_frame
        frame.clear()
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.TOP
        frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE  # PowerPoint shrinks an edit
        for side in ("left", "right", "top", "bottom"):
            setattr(frame, f"margin_{side}", 0)
        p = frame.paragraphs[0]
        from pptx.enum.text import PP_ALIGN

        p.alignment = PP_ALIGN.LEFT
        run = p.add_run()
        run.text = text
        self.style_run(run, size, bold=True)
        return size

    def notes(self, slide: Any, method: str, extra: Sequence[str] = ()) -> None:
        """Speaker notes: what the numbers mean, then the prompts to discuss."""
        frame = slide.notes_slide.notes_text_frame
        frame.text = ""
        self.paragraph(frame, t("deck.notes_method", self.lang), 12, bold=True, first=True)
        self.paragraph(frame, method, 12)
        for line in extra:
            self.paragraph(frame, line, 12)
        if self.prompts:
            self.paragraph(frame, t("deck.notes_discuss", self.lang), 12, bold=True, space_before=8)
            for k, prompt in enumerate(self.prompts, 1):
                self.paragraph(frame, f"{k}. {prompt}", 12)

    def footnote(self, slide: Any, text: str) -> None:
        if text:
            frame = self.textbox(slide, MARGIN, 6.95, 13.333 - 2 * MARGIN, 0.4)
            self.paragraph(frame, text, 10, colour=MUTED, first=True)

    def content_slide(self, title: str) -> Any:
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[_TITLE_ONLY])
        self.set_title(
            slide.shapes.title, title, MARGIN, 0.3, 13.333 - 2 * MARGIN, 0.95, (26, 22, 20, 18)
        )
        return slide

    # ------------------------------------------------------------------ slides
    def title_slide(self, headline: str) -> None:
        a, lang = self.a, self.lang
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[_TITLE_SLIDE])
        self.set_title(
            slide.shapes.title,
            t("report.markdown_title", lang, team=a.team_name),
            0.95,
            1.0,
            11.4,
            1.45,
            (40, 34, 28, 24),
        )
        accent = slide.shapes.add_shape(1, 0, 0, _emu(0.22), SLIDE_H)  # a rectangle
        accent.fill.solid()
        accent.fill.fore_color.rgb = _rgb(ACCENT)
        accent.line.fill.background()
        sub = slide.placeholders[1]
        sub.left, sub.top, sub.width, sub.height = _emu(0.95), _emu(2.55), _emu(11.4), _emu(0.9)
        frame = sub.text_frame
        frame.clear()
        frame.word_wrap = True
        for side in ("left", "right", "top", "bottom"):
            setattr(frame, f"margin_{side}", 0)
        from pptx.enum.text import PP_ALIGN

        subtitle = t("report.subtitle_survey" if a.has_survey else "report.subtitle_team", lang)
        p = self.paragraph(frame, subtitle, 20, colour=MUTED, first=True)
        p.alignment = PP_ALIGN.LEFT
        details = self.textbox(slide, 0.95, 3.6, 11.4, 1.9)
        for k, (label, value) in enumerate(facts(a)):
            p = details.paragraphs[0] if k == 0 else details.add_paragraph()
            p.space_after = 0
            run = p.add_run()
            run.text = f"{label}: "
            self.style_run(run, 14, colour=MUTED)
            run = p.add_run()
            run.text = value
            self.style_run(run, 14)
        if headline:
            box = self.textbox(slide, 0.95, 5.55, 11.4, 1.5)
            self.paragraph(box, t("report.headline", lang), 13, colour=MUTED, first=True)
            size = 20 if line_count(headline, 11.4, 20, True) <= 2 else 16
            self.paragraph(box, headline, size, bold=True, colour=ACCENT)
        self.notes(slide, t("deck.method.title", lang))

    def summary_slide(self, inputs: dict[str, Any]) -> None:
        a, lang = self.a, self.lang
        slide = self.content_slide(t("report.summary_title", lang, team=a.team_name))
        sections = findings(a, inputs)
        to_discuss = prompts(a)
        left_w, right_x = 6.5, MARGIN + 6.5 + 0.45
        right_w = 13.333 - MARGIN - right_x
        note_h = 0.0
        note = None
        if not a.has_survey:
            steps = [(cmd, t(key, lang)) for cmd, key in survey_steps()]
            note = (t("report.no_survey_title", lang), t("report.no_survey_text", lang), steps)
        top, bottom = 1.35, 6.85

        def height(size: float) -> tuple[float, float, float]:
            lh = size * 1.2 / 72
            left = sum(
                lh * 1.15 + sum(line_count(x, left_w - 0.25, size) * lh + 0.05 for x in lines)
                for _, lines in sections
            ) + 0.1 * len(sections)
            right = lh * 1.15 + sum(
                line_count(x, right_w - 0.3, size) * lh + 0.05 for x in to_discuss
            )
            box = 0.0
            if note is not None:
                small = (size - 1) * 1.2 / 72
                box = 0.4 + max(
                    lh * (1 + line_count(note[1], left_w - 0.3, size)),
                    sum(
                        small
                        * (
                            line_count(c, right_w - 0.2, size - 1, mono=True)
                            + line_count(w, right_w - 0.2, size - 1)
                        )
                        + 0.08
                        for c, w in note[2]
                    ),
                )
            return left, right, box

        size = 10.0
        for candidate in (18, 17, 16, 15, 14, 13, 12, 11, 10):
            left, right, box = height(candidate)
            if max(left, right) + (box + 0.2 if box else 0) <= bottom - top:
                size = candidate
                break
        left, right, note_h = height(size)
        frame = self.textbox(slide, MARGIN, top, left_w, max(left, 0.5))
        first = True
        for heading, lines in sections:
            self.paragraph(
                frame,
                heading,
                size + 2,
                bold=True,
                first=first,
                space_before=0 if first else size * 0.6,
            )
            first = False
            for line in lines:
                self.paragraph(frame, line, size, bullet="•", space_before=2)
        frame = self.textbox(slide, right_x, top, right_w, max(right, 0.5))
        self.paragraph(frame, t("report.section_discuss", lang), size + 2, bold=True, first=True)
        for k, prompt in enumerate(to_discuss, 1):
            self.paragraph(frame, prompt, size, bullet=f"{k}.", space_before=2)
        if note is not None:
            y = top + max(left, right) + 0.2
            band = slide.shapes.add_shape(
                1, _emu(MARGIN), _emu(y), _emu(13.333 - 2 * MARGIN), _emu(note_h)
            )
            band.fill.solid()
            band.fill.fore_color.rgb = _rgb(TINT)
            band.line.fill.background()
            band.shadow.inherit = False
            frame = self.textbox(slide, MARGIN + 0.2, y + 0.15, left_w - 0.3, note_h - 0.3)
            self.paragraph(frame, note[0], size + 1, bold=True, first=True)
            self.paragraph(frame, note[1], size)
            frame = self.textbox(slide, right_x, y + 0.15, right_w - 0.2, note_h - 0.3)
            for k, (cmd, what) in enumerate(note[2]):
                self.paragraph(
                    frame,
                    cmd,
                    size - 1,
                    colour=ACCENT,
                    mono=True,
                    first=k == 0,
                    space_before=0 if k == 0 else 5,
                )
                self.paragraph(frame, what, size - 1, colour=MUTED)
        self.footnote(slide, page_footnote(a, survey=a.has_survey))
        self.notes(slide, t("deck.method.summary", lang))

    def chart_slide(self, page: FormatPage, title: str) -> None:
        """The slide of a chart page; its picture is placed by :meth:`place_pictures`
        (rendered meanwhile in another process), below the title and subtitle."""
        slide = self.content_slide(title)
        y = 1.3
        if page.subtitle:
            frame = self.textbox(slide, MARGIN, y, 13.333 - 2 * MARGIN, 0.6)
            size = 14 if line_count(page.subtitle, 12.4, 14) <= 2 else 12
            self.paragraph(frame, page.subtitle, size, colour=MUTED, first=True)
            y += min(2, line_count(page.subtitle, 12.4, size)) * size * 1.2 / 72 + 0.12
        self.pending.append((slide, y, page.chart))
        self.footnote(slide, page.footnote)
        self.notes(slide, t(f"deck.method.{page.kind}", self.lang))

    def place_pictures(self, pictures: Sequence[bytes]) -> None:
        """Each chart's PNG at its own aspect ratio, as large as the room under its
        slide's title allows, centred."""
        from pptx.util import Emu

        for slide, y, k in self.pending:
            png = pictures[k]
            width_px, height_px = _png_size(png)
            room_w, room_h = 13.333 - 2 * MARGIN, 6.9 - y
            scale = min(room_w / width_px, room_h / height_px)  # inches per pixel, square
            w_emu = int(width_px * scale * EMU_PER_INCH)
            h_emu = int(height_px * scale * EMU_PER_INCH)
            left = (SLIDE_W - w_emu) // 2
            shapes = slide.shapes
            shapes.add_picture(io.BytesIO(png), Emu(left), Emu(_emu(y)), Emu(w_emu), Emu(h_emu))
        self.pending = []

    def table_slide(self, page: FormatPage, table: TableData) -> None:
        from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
        from pptx.util import Emu

        title = (
            t("report.continued", self.lang, title=table.title) if page.continued else table.title
        )
        slide = self.content_slide(title)
        y = 1.3
        frame = self.textbox(slide, MARGIN, y, 13.333 - 2 * MARGIN, 0.7)
        sub_size = 13 if line_count(table.subtitle, 12.4, 13) <= 2 else 11
        self.paragraph(frame, table.subtitle, sub_size, colour=MUTED, first=True)
        y += min(3, line_count(table.subtitle, 12.4, sub_size)) * sub_size * 1.2 / 72 + 0.15
        rows = table.rows[page.start : page.start + page.count]
        n_cols = len(table.headers)
        room = 6.85 - y
        row_h = min(0.42, room / (len(rows) + 1.6))
        size = max(9.0, min(13.0, round(row_h * 72 * 0.5)))
        width = 13.333 - 2 * MARGIN

        # columns as wide as their longest text needs, the pillar column taking the rest
        def head_need(head: str) -> float:
            words = head.replace("\n", " ").split() or [""]
            longest = max(text_width(w, size - 1, True) for w in words)
            return max(longest, text_width(" ".join(words), size - 1, True) / 2)

        need = [
            max(
                [head_need(table.headers[j])]
                + [text_width(r[j].text, size, r[j].bold) for r in rows]
            )
            + 0.2
            for j in range(n_cols)
        ]
        fixed = sum(w for j, w in enumerate(need) if j != table.pillar_column)
        pillar_w = max(1.6, width - fixed)
        scale = width / (fixed + pillar_w)
        widths = [(pillar_w if j == table.pillar_column else w) * scale for j, w in enumerate(need)]
        head_h = row_h * 1.6
        shape = slide.shapes.add_table(
            len(rows) + 1,
            n_cols,
            Emu(_emu(MARGIN)),
            Emu(_emu(y)),
            Emu(_emu(width)),
            Emu(_emu(head_h + row_h * len(rows))),
        )
        grid = shape.table
        for j, w in enumerate(widths):
            grid.columns[j].width = Emu(_emu(w))
        grid.rows[0].height = Emu(_emu(head_h))
        for i in range(1, len(rows) + 1):
            grid.rows[i].height = Emu(_emu(row_h))

        def fill(
            cell: Any, text: str, *, bold: bool, colour: str | None, align: str, head: bool
        ) -> None:
            cell.margin_left = cell.margin_right = Emu(_emu(0.06))
            cell.margin_top = cell.margin_bottom = Emu(_emu(0.02))
            cell.vertical_anchor = MSO_ANCHOR.BOTTOM if head else MSO_ANCHOR.MIDDLE
            frame = cell.text_frame
            frame.word_wrap = True
            lines = text.split("\n")
            for k, line in enumerate(lines):
                p = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
                p.alignment = PP_ALIGN.RIGHT if align == "r" else PP_ALIGN.LEFT
                run = p.add_run()
                run.text = line
                self.style_run(run, size - 1 if head else size, bold=bold, colour=colour)

        for j, head in enumerate(table.headers):
            fill(grid.cell(0, j), head, bold=True, colour="FFFFFF", align=table.align[j], head=True)
        for i, row in enumerate(rows, 1):
            for j, cell in enumerate(row):
                colour = cell.color.lstrip("#") if cell.color else INK
                fill(
                    grid.cell(i, j),
                    cell.text,
                    bold=cell.bold,
                    colour=colour,
                    align=table.align[j],
                    head=False,
                )
        self.footnote(slide, table.footnote)
        self.notes(slide, t(f"deck.method.{table.key}", self.lang))

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return buffer.getvalue()


def _bullet(p: Any, bullet: str, size: float) -> None:
    """A real bullet (or number, for ``"1."``) in the accent colour, with a hanging
    indent, so wrapped lines align with the text and PowerPoint keeps the list a list."""
    from pptx.oxml.ns import qn

    ppr = p._p.get_or_add_pPr()
    indent = _emu(size * (1.6 if bullet[:1].isdigit() else 1.1) / 72)
    ppr.set("marL", str(indent))
    ppr.set("indent", str(-indent))
    colour = ppr.makeelement(qn("a:buClr"), {})
    colour.append(colour.makeelement(qn("a:srgbClr"), {"val": ACCENT.lstrip("#").upper()}))
    marks = [colour]
    if bullet[:1].isdigit():
        number = bullet.rstrip(".")
        marks.append(
            ppr.makeelement(qn("a:buAutoNum"), {"type": "arabicPeriod", "startAt": number})
        )
    else:
        marks.append(ppr.makeelement(qn("a:buFont"), {"typeface": "Arial"}))
        marks.append(ppr.makeelement(qn("a:buChar"), {"char": bullet}))
    for mark in marks:
        ppr.insert_element_before(mark, "a:tabLst", "a:defRPr", "a:extLst")


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels from a PNG's header."""
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


class DeckDraft:
    """A deck with every slide but the charts' pictures, built while those are still
    being rendered (:func:`cx_pillars.report.output.write_report`): :func:`start_deck`,
    then :meth:`finish` with the pictures."""

    def __init__(self, deck: _Deck) -> None:
        self._deck = deck

    def finish(self, pictures: Sequence[bytes]) -> tuple[bytes, int]:
        """The .pptx file's bytes and its number of slides."""
        self._deck.place_pictures(pictures)
        return self._deck.bytes(), len(self._deck.prs.slides)


def start_deck(
    a: Analysis,
    pages: Sequence[FormatPage],
    tabs: Sequence[TableData],
    *,
    author: str = "cx-pillars",
    software: str = "cx-pillars",
) -> DeckDraft:
    """The deck (``a`` in the language the pages were drawn in): one slide per page
    of the PDF, in its order (:func:`cx_pillars.report.output.format_pages`); ``author``
    goes into its core properties as author and last saved by, ``software`` as the
    comment."""
    from cx_pillars.report.content import report_kinds

    kinds = report_kinds(a)
    inputs = {k: chart_input(a, k) for k in kinds}
    headline = chart_title(kinds[0], inputs[kinds[0]], a.lang) if kinds else ""
    deck = _Deck(a, t("report.markdown_title", a.lang, team=a.team_name), author, software)
    for page in pages:
        if page.kind == "title":
            deck.title_slide(headline)
        elif page.kind == "summary":
            deck.summary_slide(inputs)
        elif page.kind == "table":
            deck.table_slide(page, tabs[page.table])
        else:
            full = chart_title(page.kind, inputs[page.kind], a.lang)
            title = full if not page.title or page.title.endswith("…") else page.title
            deck.chart_slide(page, title)
    return DeckDraft(deck)


def deck_bytes(
    a: Analysis,
    pages: Sequence[FormatPage],
    pictures: Sequence[bytes],
    tabs: Sequence[TableData],
    **props: str,
) -> tuple[bytes, int]:
    """The whole deck at once: :func:`start_deck` and :meth:`DeckDraft.finish`."""
    return start_deck(a, pages, tabs, **props).finish(pictures)
