"""Defects found by looking at the stress gallery's pages, that the slide checks
(tests/chart_checks.py) cannot express: each test states what a reader saw."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

try:  # tests/ as a package, or tests/ on the path (pytest's default for this layout)
    from tests import gallery
except ImportError:
    import gallery  # type: ignore[no-redef]


def _named(title: str, names: dict[str, str]) -> list[str]:
    """The pillars whose name stands in ``title`` as a whole name ('Talk 1' is not in
    'Talk 19')."""
    return [p for p, name in names.items() if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", title)]


@pytest.mark.parametrize(
    "case",
    [gallery.Case(60, 30, "latin", "long", "en"), gallery.Case(40, 25, "long", "long", "pl")],
    ids=lambda c: c.name,
)
def test_the_segments_title_names_pillars_the_chart_colours(tmp_path: Path, case):
    """60 colleagues x 30 items: the title said 'The segments differ beyond chance on
    Talk 19, Talk 1 and Talk 28' while the rows in colour were Delivery 18, Delivery 26,
    Staff 5 and Talk 10, so the reader looked for the title's pillars in the wrong rows.
    Every pillar the title names is in the highlight colour on the page that shows it."""
    from cx_pillars import charts
    from cx_pillars.charts import segments, style
    from cx_pillars.charts.titles import segments_title
    from cx_pillars.report.content import chart_input

    a = gallery.analysis(gallery.build_case(case, tmp_path))
    data = chart_input(a, "segments")
    title = segments_title(data, a.lang)
    named = _named(title, {p: data.short_label(p) for p in data.pillars})
    assert named, title  # the title is about pillars: there is something to find
    coloured, shown = set(), set()
    for fig in charts.build_pages("segments", data, a.lang):
        ax = fig.axes[0]
        for tick in ax.get_yticklabels():
            text = tick.get_text()
            for p in data.pillars:
                if text == segments._label(data, p):
                    shown.add(p)
                    if tick.get_color() == style.HIGHLIGHT:
                        coloured.add(p)
        fig.clear()
    assert set(named) <= shown
    missing = [data.short_label(p) for p in named if p not in coloured]
    assert not missing, f"{title!r}: not in colour: {missing}"
