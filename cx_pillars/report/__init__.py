"""The meeting pack: one PDF for the meeting and, on request, a Markdown summary for
a wiki, comparing the team's view of its customers with what the customers said.

One room per concern, each importing only the rooms above it in this list:

* :mod:`~cx_pillars.report.content` — what the pack says: the analysis (:func:`analyse`,
  ``Analysis.in_language``), the findings, the discussion prompts, the key tables'
  rows and the chart inputs the data supports (:func:`chart_input`,
  :func:`unavailable`, :func:`report_kinds`);
* :mod:`~cx_pillars.report.layout` — the page engine: slide-sized pages, text
  measured and wrapped in inches (with :func:`cx_pillars.textwidth.break_lines`),
  tables laid out in columns;
* :mod:`~cx_pillars.report.pages` — the pages in order: title, summary, charts, tables;
* :mod:`~cx_pillars.report.markdown` — the wiki page's text;
* :mod:`~cx_pillars.report.pptx` — the PowerPoint deck (python-pptx, loaded only there);
* :mod:`~cx_pillars.report.html` — the single self-contained web page;
* :mod:`~cx_pillars.report.output` — PDF, PNG and SVG rendering and the files:
  :func:`write_report`, :func:`write_chart`, :func:`check_free`; nothing is
  overwritten but, with ``force``, a file this tool wrote.

This module only names what the rest of the project uses. No printing anywhere in
the package (the CLI, :mod:`cx_pillars.cli.report`, says what was written), and
matplotlib is imported only by the functions that draw.
"""

from __future__ import annotations

from cx_pillars.report.content import (
    KINDS,
    PROMPT_LIMIT,
    REPORT_ORDER,
    analyse,
    chart_input,
    chart_language,
    prompts,
    report_kinds,
    tables,
    unavailable,
)
from cx_pillars.report.markdown import charts_folder
from cx_pillars.report.output import check_free, write_chart, write_report
from cx_pillars.report.pages import (
    pdf_pages,
    report_pages,
    summary_page,
    table_pages,
    title_page,
)

__all__ = [
    "KINDS",
    "PROMPT_LIMIT",
    "REPORT_ORDER",
    "analyse",
    "chart_input",
    "chart_language",
    "charts_folder",
    "check_free",
    "pdf_pages",
    "report_pages",
    "prompts",
    "report_kinds",
    "summary_page",
    "table_pages",
    "tables",
    "title_page",
    "unavailable",
    "write_chart",
    "write_report",
]
