"""The meeting pack as a wiki page: a Markdown summary with the findings, the prompts,
the charts as images beside it and the key tables.

The text only (:func:`markdown_text`) and where its charts go (:func:`charts_folder`);
writing the files is :func:`cx_pillars.report.output.write_report`'s.

Every sentence holding data (the title, the facts, findings, prompts, image texts,
table cells and source lines: team, colleague, role, survey, segment and pillar names
come in through them) is escaped whole with :func:`cx_pillars.safetext.markdown`, so
nothing from a file becomes HTML, a link, emphasis, a heading or a table cell; only the
markup this module writes (headings, lists, tables, bold cells, images) is Markdown.
Sentences from the catalogues alone (headings, the no-survey text) are written as they
are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cx_pillars.i18n import t
from cx_pillars.report.content import (
    Analysis,
    TableData,
    chart_title,
    facts,
    findings,
    prompts,
    survey_steps,
    tables,
)
from cx_pillars.safetext import markdown as _line

if TYPE_CHECKING:
    from cx_pillars.charts.inputs import ChartInput


def _md(text: str) -> str:
    """Text as literal inside a Markdown table cell (nothing starts a block there)."""
    return _line(text, line_start=False)


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


def markdown_text(
    a: Analysis, charts: Mapping[str, Sequence[str]], inputs: Mapping[str, ChartInput]
) -> str:
    """The wiki page: findings, prompts and tables as Markdown; ``charts`` maps each chart
    kind to its images' relative links (one per page of the chart)."""
    lang = a.lang
    out = [
        f"# {_line(t('report.markdown_title', lang, team=a.team_name))}",
        "",
        t("report.subtitle_survey" if a.has_survey else "report.subtitle_team", lang),
        "",
    ]
    out += ["| | |", "|---|---|"] + [f"| {_md(k)} | {_md(v)} |" for k, v in facts(a)] + [""]
    out += [f"## {t('report.summary_heading', lang)}", ""]
    for heading, lines in findings(a, inputs):
        out += [f"### {heading}", ""] + [f"- {_line(line)}" for line in lines] + [""]
    items = prompts(a)
    if items:
        out += [f"## {t('report.section_discuss', lang)}", ""]
        out += [f"{k}. {_line(p)}" for k, p in enumerate(items, 1)] + [""]
    if not a.has_survey:
        out += [f"## {t('report.no_survey_title', lang)}", "", t("report.no_survey_text", lang), ""]
        out += [f"- `{cmd}`: {t(key, lang)}" for cmd, key in survey_steps()] + [""]
    if charts:
        out += [f"## {t('report.charts_heading', lang)}", ""]
        for kind, links in charts.items():
            title = chart_title(kind, inputs[kind], lang)
            alt = _md(title)
            out += [f"### {t(f'report.page.{kind}', lang)}", ""]
            for link in links:
                out += [f"![{alt}]({link})", ""]
    out += [f"## {t('report.tables_heading', lang)}", ""]
    for table in tables(a):
        out += [f"### {table.title}", "", f"_{_md(table.subtitle)}_", ""]
        out += _md_table(table) + ["", _line(table.footnote), ""]
    return "\n".join(out).rstrip() + "\n"


def charts_folder(markdown: Path) -> Path:
    """``pack.md`` -> ``pack-charts/`` beside it."""
    return markdown.with_name(markdown.stem + "-charts")
