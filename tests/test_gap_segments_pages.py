"""Gap and segments charts keep the 16:9 page at 25-30 items and thousands of segments
(issue 14 items 3 and 7)."""

from __future__ import annotations

import random

from cx_pillars.charts.inputs import Footnote, GapData, GapRow, Segment, SegmentsData
from cx_pillars.charts.segments import MAX_SEGMENTS

SIZE = (13.333, 7.5)


def pillars(n: int) -> list[str]:
    return [f"p{k:02d}" for k in range(n)]


def labels(ids: list[str]) -> dict[str, str]:
    return {p: f"A pillar with a name long enough to wrap, number {p}" for p in ids}


def build(kind: str, data):
    from cx_pillars import charts

    return charts.build_pages(kind, data)


def size(fig) -> tuple[float, ...]:
    return tuple(round(x, 3) for x in fig.get_size_inches())


def test_thirty_gap_rows_go_on_over_pages_of_one_size_with_every_row_once():
    ids = pillars(30)
    rng = random.Random(1)
    team = ids[:]
    rng.shuffle(team)
    rows = [
        GapRow(pillar=p, team_position=team.index(p) + 1, customer_position=k + 1)
        for k, p in enumerate(ids)
    ]
    figs = build(
        "gap", GapData(pillars=ids, labels=labels(ids), footnote=Footnote(source="x"), gaps=rows)
    )
    assert len(figs) >= 2 and {size(f) for f in figs} == {SIZE}
    drawn = []
    for fig in figs:
        ax = fig.axes[0]
        drawn += [t.get_text() for t in ax.get_yticklabels()]
        assert [t.get_text() for t in ax.get_xticklabels()][-1] == "30"  # one axis everywhere
    assert len(drawn) == 30 and len(set(drawn)) == 30


def segments(k: int, n: int) -> SegmentsData:
    ids = pillars(n)
    rng = random.Random(k)
    segs = []
    for i in range(k):
        order = ids[:]
        rng.shuffle(order)
        segs.append(Segment(name=f"Segment {i}", respondents=30 + (i * 7919) % 500, ranking=order))
    return SegmentsData(
        pillars=ids, labels=labels(ids), footnote=Footnote(source="x"), segments=segs
    )


def test_thousands_of_segments_draw_the_largest_and_say_so():
    data = segments(3000, 10)
    figs = build("segments", data)
    assert {size(f) for f in figs} == {SIZE}
    subtitle = next(t.get_text() for t in figs[0].texts if t.get_gid() == "subtitle")
    assert f"the {MAX_SEGMENTS} largest of 3000 segments" in " ".join(subtitle.split())
    heads = [t.get_text() for t in figs[0].axes[0].get_xticklabels()]
    largest = sorted(data.segments, key=lambda s: -s.respondents)[:MAX_SEGMENTS]
    assert len(heads) == MAX_SEGMENTS
    assert {f"n = {s.respondents}" in " ".join(heads) for s in largest} == {True}


def test_thirty_pillars_by_segment_give_a_grid_of_positions():
    data = segments(4, 30)
    figs = build("segments", data)
    assert {size(f) for f in figs} == {SIZE}
    cells = []
    for fig in figs:
        cells += [int(t.get_text()) for t in fig.findobj(lambda a: a.get_gid() == "segments-rank")]
    # every segment's position of every pillar, once
    assert sorted(cells) == sorted(list(range(1, 31)) * 4)
