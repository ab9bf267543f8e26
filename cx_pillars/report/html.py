"""The meeting pack as one web page (``report --html``): a single self-contained file
for a wiki or an e-mail that opens offline in any browser.

The page keeps the PDF's order (title, summary, each chart page, each table page) and
prints like it: one PDF page per printed page, 16:9. Charts are the figures drawn for
the PDF, rendered without their title and footnote as inline SVG (text stays text;
:func:`cx_pillars.report.output.body_svg`), their ids made unique per chart; tables
are HTML tables. No script, no external URL (not even the SVG namespaces: an HTML
parser puts inline ``<svg>`` in its namespace), no image file beside it.

Every text from the data (team, colleague, role, survey, segment and pillar names come
in through titles, findings, prompts, cells and footnotes) is escaped with
:func:`html.escape`; the charts' own text is escaped by matplotlib's SVG writer.
"""

from __future__ import annotations

import html as _html
import re
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
    report_kinds,
    survey_steps,
)
from cx_pillars.report.layout import ACCENT, TINT

if TYPE_CHECKING:
    from cx_pillars.report.output import FormatPage

#: Font families by language: those Windows, macOS, Linux and phones have, Chinese
#: families first for Chinese (so the characters come from a CJK font, not a fallback).
_LATIN = '"Segoe UI", Calibri, Carlito, "Helvetica Neue", Arial, "Noto Sans", "DejaVu Sans"'
FONTS = {
    "en": f"{_LATIN}, sans-serif",
    "pl": f"{_LATIN}, sans-serif",
    "zh-Hans": '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", '
    f"{_LATIN}, sans-serif",
    "zh-Hant": '"PingFang TC", "Microsoft JhengHei", "Noto Sans CJK TC", "Source Han Sans TC", '
    f"{_LATIN}, sans-serif",
}

_CSS = """
:root { --ink: #222; --muted: #666; --accent: ACCENT; --tint: TINT; }
* { box-sizing: border-box; }
html { font-family: FONTS; color: var(--ink); background: #e9ecef; }
body { margin: 0; padding: 24px 12px; }
main { max-width: 1180px; margin: 0 auto; }
section.page { background: #fff; margin: 0 0 24px; padding: 28px 36px 22px;
  border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.15); }
h1 { font-size: 2.3rem; margin: .2em 0 .15em; line-height: 1.15; }
h2 { font-size: 1.45rem; margin: 0 0 .25em; line-height: 1.25; }
h3 { font-size: 1.05rem; margin: 1em 0 .3em; }
.kicker, .sub, .foot, .label, .method { color: var(--muted); }
.kicker { font-size: .95rem; margin: 0; }
.sub { margin: 0 0 .8em; font-size: 1rem; line-height: 1.35; }
.foot { font-size: .8rem; margin: .6em 0 0; }
.method { font-size: .8rem; margin: .3em 0 0; font-style: italic; }
.title-grid { display: grid; grid-template-columns: 2fr 1fr; gap: 28px; }
.title-grid aside { background: var(--tint); padding: 14px 18px; border-radius: 4px; }
.title-grid aside ol { padding-left: 1.6em; margin: .3em 0; }
.title-grid aside a { color: inherit; }
.facts { border-collapse: collapse; margin: 1em 0; }
.facts th { text-align: left; font-weight: normal; color: var(--muted); padding: 3px 18px 3px 0;
  vertical-align: top; white-space: nowrap; }
.facts td { padding: 3px 0; }
.headline { color: var(--accent); font-weight: bold; font-size: 1.25rem; margin: .2em 0 0; }
.columns { display: grid; grid-template-columns: 1.15fr 1fr; gap: 32px; }
.columns ul, .columns ol { margin: .2em 0; padding-left: 1.3em; }
.columns li { margin: .25em 0; line-height: 1.35; }
.columns li::marker { color: var(--accent); font-weight: bold; }
.note { background: var(--tint); border-left: 4px solid var(--accent); padding: 10px 16px;
  margin-top: 14px; display: grid; grid-template-columns: 1.15fr 1fr; gap: 32px; }
.note h3 { margin-top: 0; }
.note code { color: var(--accent); font-size: .9em; }
.note dd { margin: 0 0 .5em 1em; color: var(--muted); font-size: .9em; }
figure { margin: 0; }
figure svg { display: block; width: 100%; height: auto; }
table.data { border-collapse: collapse; width: 100%; font-size: .92rem; }
table.data th { color: var(--muted); font-weight: bold; vertical-align: bottom;
  border-bottom: 1px solid #9a9a9a; padding: 4px 8px; }
table.data td { padding: 4px 8px; border-bottom: 1px solid #eee; }
table.data tbody tr:nth-child(even) td { background: #f4f4f4; }
.r { text-align: right; white-space: nowrap; }
.l { text-align: left; }
.bar { display: inline-block; width: 44px; height: 9px; background: #e4e4e4;
  margin-right: 6px; vertical-align: middle; }
.bar > span { display: block; height: 100%; background: ACCENT; }
@page { size: 13.333in 7.5in; margin: 0.35in 0.45in; }
@media print {
  html, body { background: #fff; padding: 0; }
  main { max-width: none; }
  section.page { margin: 0; padding: 0; box-shadow: none; border-radius: 0;
    height: 6.75in; overflow: hidden; break-after: page; page-break-after: always;
    break-inside: avoid; }
  section.page:last-of-type { break-after: auto; page-break-after: auto; }
  figure svg { max-height: 4.75in; width: auto; max-width: 100%; margin: 0 auto; }
  h1 { font-size: 30pt; } h2 { font-size: 18pt; }
  .sub { font-size: 10.5pt; } .foot, .method { font-size: 8pt; }
  .columns, .note { font-size: 10pt; }
  table.data { font-size: 9.5pt; }
  table.data td, table.data th { padding: 2px 6px; }
  .print-hint { display: none; }
}
.print-hint { color: var(--muted); font-size: .8rem; text-align: center; }
"""


def _e(text: str) -> str:
    return _html.escape(text, quote=True)


_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^)"]+)')


def inline_svg(svg: bytes, prefix: str, label: str) -> str:
    """matplotlib's SVG made fit to sit in the page: no XML prolog, DOCTYPE, metadata
    or namespace URLs; its ids (and every reference to them) prefixed so that the
    charts' clip paths and glyphs never meet, and each id once; sized by CSS, labelled
    for screen readers."""
    text = svg.decode("utf-8")
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    head_end = text.index(">")
    head, rest = text[:head_end], text[head_end:]
    head = re.sub(r'\s(?:xmlns(?::\w+)?|width|height|version)="[^"]*"', "", head)
    head += f' role="img" aria-label="{_e(label)}"'
    seen: dict[str, int] = {}

    def unique(m: re.Match[str]) -> str:
        # matplotlib writes an artist's gid as its id, and several artists share one
        # (every span bar of the gap chart): the second and later get a number
        name = m.group(1)
        seen[name] = seen.get(name, 0) + 1
        suffix = f"-{seen[name]}" if seen[name] > 1 else ""
        return f'id="{prefix}{name}{suffix}"'

    text = _ID.sub(unique, head + rest)
    return _REF.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}", text).strip()


class _Page:
    def __init__(self, a: Analysis, pages: Sequence[FormatPage], tabs: Sequence[TableData]):
        self.a, self.lang, self.pages, self.tabs = a, a.lang, pages, tabs
        self.kinds = report_kinds(a)
        self.inputs = {k: chart_input(a, k) for k in self.kinds}
        self.anchors = [self._anchor(k, p) for k, p in enumerate(pages)]

    def _anchor(self, k: int, page: FormatPage) -> str:
        return f"page-{k + 1}"

    def contents(self) -> list[tuple[int, str, str]]:
        """(page number, name, anchor) of each page that starts a part, as the PDF's."""
        out = []
        keys = ["team_table", "customers_table"]
        for k, page in enumerate(self.pages):
            if page.kind == "summary":
                out.append((k + 1, t("report.page.summary", self.lang), self.anchors[k]))
            elif page.kind == "table":
                if not page.continued and page.table < len(keys):
                    name = t(f"report.page.{keys[page.table]}", self.lang)
                    out.append((k + 1, name, self.anchors[k]))
            elif page.kind != "title":
                if k == 0 or self.pages[k - 1].kind != page.kind:
                    out.append((k + 1, t(f"report.page.{page.kind}", self.lang), self.anchors[k]))
        return out

    def title(self, anchor: str) -> str:
        a, lang = self.a, self.lang
        subtitle = t("report.subtitle_survey" if a.has_survey else "report.subtitle_team", lang)
        rows = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in facts(a))
        headline = ""
        if self.kinds:
            first = chart_title(self.kinds[0], self.inputs[self.kinds[0]], lang)
            headline = (
                f'<p class="label">{_e(t("report.headline", lang))}</p>'
                f'<p class="headline">{_e(first)}</p>'
            )
        items = "".join(
            f'<li value="{n}"><a href="#{a_}">{_e(name)}</a></li>'
            for n, name, a_ in self.contents()
        )
        return (
            f'<section class="page title" id="{anchor}"><div class="title-grid"><div>'
            f'<p class="kicker">{_e(t("report.kicker", lang))}</p>'
            f"<h1>{_e(a.team_name)}</h1>"
            f'<p class="sub">{_e(subtitle)}</p>'
            f'<table class="facts">{rows}</table>{headline}</div>'
            f"<aside><h3>{_e(t('report.contents', lang))}</h3><ol>{items}</ol></aside>"
            f"</div></section>"
        )

    def summary(self, anchor: str) -> str:
        a, lang = self.a, self.lang
        left = "".join(
            f"<h3>{_e(heading)}</h3><ul>" + "".join(f"<li>{_e(x)}</li>" for x in lines) + "</ul>"
            for heading, lines in findings(a, self.inputs)
        )
        items = prompts(a)
        right = f"<h3>{_e(t('report.section_discuss', lang))}</h3>"
        if items:
            right += "<ol>" + "".join(f"<li>{_e(x)}</li>" for x in items) + "</ol>"
        note = ""
        if not a.has_survey:
            steps = "".join(
                f"<dt><code>{_e(cmd)}</code></dt><dd>{_e(t(key, lang))}</dd>"
                for cmd, key in survey_steps()
            )
            note = (
                f'<div class="note"><div><h3>{_e(t("report.no_survey_title", lang))}</h3>'
                f"<p>{_e(t('report.no_survey_text', lang))}</p></div><dl>{steps}</dl></div>"
            )
        title = t("report.summary_title", lang, team=a.team_name)
        return (
            f'<section class="page summary" id="{anchor}"><h2>{_e(title)}</h2>'
            f'<p class="sub">{_e(t("report.summary_subtitle", lang))}</p>'
            f'<div class="columns"><div>{left}</div><div>{right}</div></div>{note}'
            f'<p class="foot">{_e(page_footnote(a, survey=a.has_survey))}</p></section>'
        )

    def chart(self, anchor: str, page: FormatPage, svg: bytes) -> str:
        full = chart_title(page.kind, self.inputs[page.kind], self.lang)
        title = full if not page.title or page.title.endswith("…") else page.title
        body = inline_svg(svg, f"c{page.chart + 1}-", title)
        method = t(f"deck.method.{page.kind}", self.lang)
        sub = f'<p class="sub">{_e(page.subtitle)}</p>' if page.subtitle else ""
        return (
            f'<section class="page chart {page.kind}" id="{anchor}"><h2>{_e(title)}</h2>{sub}'
            f"<figure>{body}</figure>"
            f'<p class="foot">{_e(page.footnote)}</p><p class="method">{_e(method)}</p></section>'
        )

    def table(self, anchor: str, page: FormatPage) -> str:
        table = self.tabs[page.table]
        title = (
            t("report.continued", self.lang, title=table.title) if page.continued else table.title
        )
        heads = "".join(
            f'<th class="{al}" scope="col">{_e(h).replace(chr(10), "<br>")}</th>'
            for h, al in zip(table.headers, table.align, strict=True)
        )
        body = []
        for row in table.rows[page.start : page.start + page.count]:
            cells = []
            for cell, al in zip(row, table.align, strict=True):
                style = (
                    f' style="color:{cell.color}"'
                    if cell.color and _COLOUR.fullmatch(cell.color)
                    else ""
                )
                text = _e(cell.text)
                if cell.bold:
                    text = f"<strong>{text}</strong>"
                if cell.bar is not None:
                    share = max(0.0, min(cell.bar, 5.0)) / 5 * 100
                    text = (
                        f'<span class="bar"><span style="width:{share:.0f}%"></span></span>{text}'
                    )
                cells.append(f'<td class="{al}"{style}>{text}</td>')
            body.append("<tr>" + "".join(cells) + "</tr>")
        return (
            f'<section class="page table" id="{anchor}"><h2>{_e(title)}</h2>'
            f'<p class="sub">{_e(table.subtitle)}</p>'
            f'<table class="data"><thead><tr>{heads}</tr></thead><tbody>{"".join(body)}</tbody>'
            f'</table><p class="foot">{_e(table.footnote)}</p>'
            f'<p class="method">{_e(t(f"deck.method.{table.key}", self.lang))}</p></section>'
        )


_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


def html_text(
    a: Analysis,
    pages: Sequence[FormatPage],
    svgs: Sequence[bytes],
    tabs: Sequence[TableData],
    *,
    generator: str = "",
) -> str:
    """The page (``a`` in the language the pages were drawn in): a section per page of
    the PDF, in its order; ``svgs`` are the chart pages' SVGs, in order."""
    view = _Page(a, pages, tabs)
    parts: list[str] = []
    for k, page in enumerate(pages):
        anchor = view.anchors[k]
        if page.kind == "title":
            parts.append(view.title(anchor))
        elif page.kind == "summary":
            parts.append(view.summary(anchor))
        elif page.kind == "table":
            parts.append(view.table(anchor, page))
        else:
            parts.append(view.chart(anchor, page, svgs[page.chart]))
    css = (
        _CSS.replace("FONTS", FONTS.get(a.lang, FONTS["en"]))
        .replace("ACCENT", ACCENT)
        .replace("TINT", TINT)
    )
    title = t("report.markdown_title", a.lang, team=a.team_name)
    lang_attr: Any = a.lang
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_e(lang_attr)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        + (f"{generator}\n" if generator else "")
        + f"<title>{_e(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(parts)
        + f'\n<p class="print-hint">{_e(t("deck.font_note", a.lang))}</p>\n'
        "</main>\n</body>\n</html>\n"
    )
