"""The trend chart compares like with like (issue 14 item 5): a rise that is only new
colleagues does not read as improvement; only the pillars that moved are named."""

from __future__ import annotations

import pytest

from cx_pillars.charts.inputs import Footnote, PairedChange, QuarterPoint, TrendData
from cx_pillars.charts.titles import trend_subtitle, trend_title

PILLARS = ["a", "b", "c"]
LABELS = {"a": "Alpha", "b": "Beta", "c": "Gamma"}


def data(paired: PairedChange | None, n=(5, 7)) -> TrendData:
    qs = [
        QuarterPoint(quarter="2026-Q2", respondents=n[0], total_mean=9.0, scores={}),
        QuarterPoint(quarter="2026-Q4", respondents=n[1], total_mean=11.0, scores={}),
    ]
    return TrendData(
        pillars=PILLARS,
        labels=LABELS,
        footnote=Footnote(source="team"),
        quarters=qs,
        max_total=15,
        paired=paired,
    )


def test_a_rise_from_new_colleagues_is_told_over_those_who_rated_both_times():
    paired = PairedChange(respondents=5, joined=2, left=0, from_mean=9.0, to_mean=9.2)
    title = trend_title(data(paired))
    # 9.0 -> 9.2 for the same five is "held steady", not the pooled 9.0 -> 11.0 rise
    assert title == (
        "The 5 colleagues who rated in both 2026-Q2 and 2026-Q4: mean total held steady "
        "at about 9.2"
    )
    assert "joined since 2026-Q2: 2, left: 0" in trend_subtitle(data(paired))


def test_with_nobody_in_both_quarters_the_title_says_the_group_changed():
    paired = PairedChange(respondents=1, joined=6, left=4, from_mean=8.0, to_mean=12.0)
    title = trend_title(data(paired))
    assert title == "Mean total 9.0 in 2026-Q2, 11.0 in 2026-Q4, but the group changed (n = 5 → 7)"


@pytest.mark.parametrize("lang", ["pl", "zh-Hans", "zh-Hant"])
def test_the_paired_title_in_every_language(lang):
    paired = PairedChange(respondents=5, joined=2, left=0, from_mean=9.0, to_mean=10.0)
    title = trend_title(data(paired), lang)
    assert "5" in title and ("10,0" in title if lang == "pl" else "10.0" in title)


def test_the_same_people_keep_the_plain_title():
    paired = PairedChange(respondents=5, joined=0, left=0, from_mean=9.0, to_mean=11.0)
    assert trend_title(data(paired, n=(5, 5))) == "Mean total rose from 9.0 to 11.0 since 2026-Q2"
