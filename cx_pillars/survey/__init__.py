"""Customer surveys: read a survey tool's export, keep only aggregates.

``survey import`` streams an export (CSV in any of the layouts of
``data/FORMATS.md``, or SurveyJS JSON), matches its ranking question to the
framework's pillars and writes a :class:`SurveySummary` (PRODUCT.md §4.3): sums,
counts and histograms per segment, nothing of any single respondent.

Modules:

``read``       bytes -> text: encodings, delimiters, header rows, JSON records
``layout``     which columns hold the ranking, ratings, NPS, CES, segment
``engine``     the streaming loop: rows -> rank matrices -> running aggregate
``summary``    the summary record, its TOML form, merging and the customers' ranking
``warehouse``  importing a summary computed elsewhere (SQL GROUP BY output)
``template``   the lean customer survey to paste into a survey tool
``commands``   the ``cx-pillars survey`` Typer sub-app
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cx_pillars.survey.summary import SurveySummary, customer_ranking, load_summary

__all__ = ["SurveySummary", "customer_ranking", "load_summary"]


def __getattr__(name: str) -> object:
    # Lazy, so that importing the package (the CLI does) costs nothing.
    if name in __all__:
        from cx_pillars.survey import summary

        return getattr(summary, name)
    raise AttributeError(name)
