"""The pages of the meeting pack, in order: a title page, a one-page summary, every
chart the data supports, and the key tables (continued over pages when long).

Each page is a 16:9 figure (13.33 × 7.5 in, like the charts) built on the page engine
(:mod:`cx_pillars.report.layout`) from what :mod:`cx_pillars.report.content` says.
matplotlib is imported only when pages are drawn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

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
    report_kinds,
    survey_steps,
    tables,
)
from cx_pillars.report.layout import (
    ACCENT,
    BODY_PT,
    MARGIN,
    PAGE_H,
    PAGE_W,
    TINT,
    Page,
    draw_table,
    layout_table,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from cx_pillars.charts.inputs import ChartInput

#: The summary's box without a survey: heading, text, and (command, what it does) steps.
_Note = tuple[str, str, list[tuple[str, str]]]


def page_list(
    a: Analysis, chart_pages: Sequence[str], table_pages: Sequence[int]
) -> list[tuple[int, str]]:
    """The title page's contents: each page after it, with its number. ``chart_pages``
    holds the chart kind of each chart page and ``table_pages`` the table's index of
    each table page, in order (a chart or table split over pages is listed once, at its
    first page)."""
    entries = [(2, t("report.page.summary", a.lang))]
    page = 3
    for k, kind in enumerate(chart_pages):
        if k == 0 or chart_pages[k - 1] != kind:
            entries.append((page, t(f"report.page.{kind}", a.lang)))
        page += 1
    keys = ["team_table", "customers_table"]
    for k, index in enumerate(table_pages):
        if (k == 0 or table_pages[k - 1] != index) and index < len(keys):
            entries.append((page, t(f"report.page.{keys[index]}", a.lang)))
        page += 1
    return entries


def _fit_lines(
    p: Page, text: str, width: float, sizes: Sequence[float], max_lines: int, weight: str
) -> tuple[float, list[str]]:
    """``text`` wrapped to ``width`` at the first of ``sizes`` that needs at most
    ``max_lines`` lines; else at the last size, its last line ended in '…' (never cut
    without a sign)."""
    lines: list[str] = []
    for size in sizes:
        lines = p.balanced(text, width, size, weight)
        if len(lines) <= max_lines:
            return size, lines
    size = sizes[-1]
    lines = p.wrap(text, width, size, weight)
    kept, rest = lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])
    while rest and p.width(rest + "…", size, weight) > width:
        rest = rest[:-1].rstrip(" ,;:–-")
    return size, [*kept, rest + "…"]


def title_page(a: Analysis, contents: Sequence[tuple[int, str]], headline: str = "") -> Figure:
    """Page 1: the team, the dates, how many colleagues and customers, when made; the
    contents; and the headline (the first finding)."""
    lang = a.lang
    p = Page()
    style = p.style
    p.rect(0, 0, 0.22, PAGE_H, ACCENT)
    x = 0.95
    p.text(x, 1.05, t("report.kicker", lang), size=14, color=style.MUTED, gid="kicker")
    # the team's name on at most two lines: smaller type first, then an ellipsis
    name_size, name_lines = _fit_lines(p, a.team_name, 7.6, (40, 34, 28), 2, "bold")
    p.text(x, 1.45, "\n".join(name_lines), size=name_size, weight="bold", gid="team")
    y = 1.45 + len(name_lines) * 0.75 * name_size / 40 + 0.2
    subtitle = t("report.subtitle_survey" if a.has_survey else "report.subtitle_team", lang)
    sub_lines = p.balanced(subtitle, 7.6, 20)
    p.text(x, y, "\n".join(sub_lines), size=20, color=style.MUTED, gid="subtitle")
    y += len(sub_lines) * 0.42 + 0.55

    rows = facts(a)
    label_w = max(p.width(k, 13) for k, _ in rows) + 0.3
    for label, value in rows:
        lines = p.wrap(value, 7.4 - label_w, 15)
        p.text(x, y + 0.03, label, size=13, color=style.MUTED)
        p.text(x + label_w, y, "\n".join(lines), size=15, gid="detail")
        y += 0.38 * len(lines) + 0.12

    if headline:
        # below the details, above the page's foot: smaller type, then an ellipsis
        bottom = PAGE_H - 0.35
        room = bottom - (y + 0.35) - 0.32  # inches for the headline's lines

        def fits(size: float, lines: list[str]) -> bool:
            return len(lines) <= 3 and len(lines) * p.line_height(size) <= room

        size, lines = 20.0, p.balanced(headline, 7.6, 20, "bold")
        if len(lines) == 2 and len(p.wrap(headline, 7.6, 18, "bold")) == 1:
            size, lines = 18.0, [headline]  # one line reads better than two
        for smaller in (18.0, 16.0, 14.0):
            if fits(size, lines):
                break
            size, lines = smaller, p.balanced(headline, 7.6, smaller, "bold")
        if not fits(size, lines):
            most = max(1, min(3, int(room // p.line_height(size))))
            size, lines = _fit_lines(p, headline, 7.6, (size,), most, "bold")
        y = max(y + 0.35, bottom - 0.32 - 0.4 - p.line_height(size) * len(lines))
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


def summary_page(a: Analysis, inputs: Mapping[str, ChartInput]) -> Figure:
    """Page 2: the findings in words on the left, what to discuss on the right; without
    a survey, what customer data would add and how to get it."""
    from cx_pillars.charts import style

    lang = a.lang
    sections = findings(a, inputs)
    to_discuss = prompts(a)
    note: _Note | None = None
    if not a.has_survey:
        steps = [(cmd, t(key, lang)) for cmd, key in survey_steps()]
        note = (t("report.no_survey_title", lang), t("report.no_survey_text", lang), steps)
    title = t("report.summary_title", lang, team=a.team_name)
    subtitle = t("report.summary_subtitle", lang)
    foot = page_footnote(a, survey=a.has_survey)
    left_w, gap = 6.55, 0.5
    right_x = MARGIN + left_w + gap
    right_w = PAGE_W - right_x - MARGIN
    for size in (BODY_PT, 12, 11, 10, 9):  # the largest type that fits on one page
        p = Page()
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


def _summary_column(
    p: Page,
    sections: Sequence[tuple[str, list[str]]],
    x: float,
    y: float,
    width: float,
    size: float,
) -> float:
    for k, (heading, lines) in enumerate(sections):
        y = _summary_list(p, heading, lines, x, y + (0.22 if k else 0), width, size)
    return y


def _summary_list(
    p: Page,
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
    p: Page, note: _Note, x: float, y: float, width: float, size: float, split: float
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


def table_pages(table: TableData, lang: str) -> list[Figure]:
    """A table drawn as one or more pages (rows shared out evenly between them): header
    row, stripes, bars for 1-5 scores."""
    from cx_pillars.charts import style

    def page(title: str) -> tuple[Page, float, float]:
        p = Page()
        frame = style.Frame(p.fig, title, table.subtitle, table.footnote)
        return p, frame.header - 0.05, PAGE_H - frame.footer

    p, top, bottom = page(table.title)
    layout = layout_table(p, table)
    n = len(table.rows)
    fit = max(1, int((bottom - top - layout.head_h) / layout.min_row + 1e-6))
    per_page = -(-n // -(-n // fit)) if n else 1  # even pages: 25 rows, 12 fit -> 9
    pages, start = [], 0
    while True:
        count = draw_table(p, table, layout, start, per_page, top, bottom)
        pages.append(p.fig)
        start += count
        if start >= n or count == 0:
            return pages
        p, top, bottom = page(t("report.continued", lang, title=table.title))


def report_pages(a: Analysis) -> list[tuple[str, Figure]]:
    """Every page of the report as ``(kind, Figure)``, in order (``a`` in the chart
    language): kind is 'title', 'summary', a chart kind (a chart split over several
    pages gives several) or 'table'.

    Built in the chart style of the language, so text is measured (and wrapped) with
    the font it will be drawn in: the CJK font for Chinese."""
    from cx_pillars import charts
    from cx_pillars.charts import style

    kinds = report_kinds(a)
    inputs = {k: chart_input(a, k) for k in kinds}
    tabs = tables(a)
    headline = chart_title(kinds[0], inputs[kinds[0]], a.lang) if kinds else ""
    with style.styled(a.lang):
        summary = summary_page(a, inputs)
        drawn = [(k, fig) for k in kinds for fig in charts.build_pages(k, inputs[k], a.lang)]
        tabled = [(i, fig) for i, table in enumerate(tabs) for fig in table_pages(table, a.lang)]
        contents = page_list(a, [k for k, _ in drawn], [i for i, _ in tabled])
        title = title_page(a, contents, headline)
    pages = [("title", title), ("summary", summary), *drawn]
    pages += [("table", fig) for _, fig in tabled]
    for kind, fig in pages:  # charts are scrubbed as built; the pack's own pages here
        if kind in ("title", "summary", "table"):
            style.scrub(fig, a.lang)  # no glyph drawn as a box (emoji without a font)
    return pages


def pdf_pages(a: Analysis) -> list[Figure]:
    """Every page of the report as Figures, in order (:func:`report_pages`)."""
    return [fig for _, fig in report_pages(a)]
