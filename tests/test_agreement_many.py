"""The agreement chart at real team sizes (issue 14 item 3): a heatmap with a column per
colleague up to MANY colleagues, then a count of how many put each pillar where."""

from __future__ import annotations

import random

import pytest

from cx_pillars.charts.agreement import MANY
from cx_pillars.charts.inputs import AgreementData, Footnote


def data(colleagues: int, items: int, seed: int = 5, partial: bool = False) -> AgreementData:
    rng = random.Random(seed)
    pillars = [f"p{k}" for k in range(items)]
    rankings = []
    for _ in range(colleagues):
        order = pillars[:]
        rng.shuffle(order)
        rankings.append(order[:3] if partial else order)
    return AgreementData(
        pillars=pillars,
        labels={p: f"Pillar {p}" for p in pillars},
        footnote=Footnote(source="team", colleagues=colleagues),
        colleagues=[f"Colleague with a long name {k}" for k in range(colleagues)],
        rankings=rankings,
    )


def pages(d: AgreementData):
    from cx_pillars import charts

    return charts.build_pages("agreement", d)


def cells(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda a: a.get_gid() == "agreement-cell")]


def test_up_to_many_colleagues_a_column_each():
    d = data(MANY, 10)
    (fig,) = pages(d)
    assert len(fig.axes[0].get_xticklabels()) == MANY
    assert len(cells(fig)) == MANY * 10  # every rank written


@pytest.mark.parametrize(("colleagues", "items"), [(MANY + 1, 10), (60, 30), (40, 2)])
def test_beyond_many_each_cell_counts_colleagues_at_a_position(colleagues, items):
    d = data(colleagues, items)
    figs = pages(d)
    order = d.consensus_order()
    shown = []  # the rows' counts, page after page, as drawn
    for fig in figs:
        assert tuple(round(x, 3) for x in fig.get_size_inches()) == (13.333, 7.5)
        ax = fig.axes[0]
        assert [t.get_text() for t in ax.get_xticklabels()] == [str(k) for k in range(1, items + 1)]
        array = fig.findobj(lambda a: a.get_gid() == "agreement-cells")[0].get_array()
        shown += [[int(v) for v in row.filled(0)] for row in array]
    # an independent count from the rankings
    expected = [[sum(r.index(p) == k for r in d.rankings) for k in range(items)] for p in order]
    assert shown == expected
    assert all(sum(row) == colleagues for row in shown)


def test_partial_rankings_count_the_unranked_apart():
    d = data(30, 6, partial=True)
    (fig,) = pages(d)
    heads = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert heads[-1] == "not ranked" and len(heads) == 7
    array = fig.findobj(lambda a: a.get_gid() == "agreement-cells")[0].get_array()
    # each colleague ranked 3 of 6: three pillars each are "not ranked" per colleague
    assert sum(int(v) for v in array[:, -1].filled(0)) == 30 * 3
    assert sum(int(v) for v in array.filled(0).ravel()) == 30 * 6


def test_the_chart_does_not_grow_with_the_team():
    """3,000 colleagues draw the same artists as 60 (a column per colleague took 141 s
    and 1.1 GB for 5,000): the cells count colleagues. Time: benchmarks/chart_agreement.py."""

    def artists(m: int) -> int:
        return sum(len(f.findobj()) for f in pages(data(m, 10)))

    # the same cells; only the colour bar's ticks may differ by a few
    assert abs(artists(3000) - artists(60)) <= 12
    assert len(cells(pages(data(3000, 10))[0])) <= 10 * 10
