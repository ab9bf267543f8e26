"""The pack's own pages at real sizes (issue 14 item 3): the title page never cuts a
team name or a headline without a sign, and nothing runs off it."""

from __future__ import annotations

import pytest

from cx_pillars.report.layout import Page
from cx_pillars.report.pages import _fit_lines

LONG = "Customer Experience and Service Design Team, Northern Europe and the Baltic States"


def test_a_long_team_name_shrinks_then_ends_in_an_ellipsis():
    p = Page()
    size, lines = _fit_lines(p, LONG, 7.6, (40, 34, 28), 2, "bold")
    assert len(lines) <= 2
    shown = " ".join(lines)
    if shown.replace("…", "") != LONG:  # cut: it says so
        assert shown.endswith("…") and LONG.startswith(shown[:-1].rstrip())
    assert all(p.width(line, size, "bold") <= 7.6 for line in lines)


@pytest.mark.parametrize("text", ["Retail CX", "零售客户体验团队"])
def test_a_short_name_stays_whole_at_the_largest_size(text):
    size, lines = _fit_lines(Page(), text, 7.6, (40, 34, 28), 2, "bold")
    assert (size, lines) == (40, [text])
