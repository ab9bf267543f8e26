"""The scores chart is honest about whole-number scores (issue 14 item 4)."""

from __future__ import annotations

import random

import pytest

from cx_pillars.charts.inputs import Footnote, ScoreRow, ScoresData


def data(colleagues: int, items: int, seed: int = 3) -> tuple[ScoresData, list[list[int]]]:
    rng = random.Random(seed)
    pillars = [f"p{k}" for k in range(items)]
    given = [[rng.randint(1, 5) for _ in range(colleagues)] for _ in pillars]
    rows = [
        ScoreRow(
            pillar=p,
            mean=sum(v) / len(v),
            min=min(v),
            max=max(v),
            histogram=[v.count(s) for s in range(1, 6)],
        )
        for p, v in zip(pillars, given, strict=True)
    ]
    labels = {p: f"Pillar number {k}" for k, p in enumerate(pillars)}
    out = ScoresData(
        pillars=pillars,
        labels=labels,
        footnote=Footnote(source="team", colleagues=colleagues),
        scores=rows,
        max_total=5 * items,
    )
    return out, given


def pages(d):
    from cx_pillars import charts

    return charts.build_pages("scores", d)


@pytest.mark.parametrize(("colleagues", "items"), [(7, 10), (40, 10), (60, 30), (2, 25)])
def test_every_score_is_drawn_at_its_value_and_every_colleague_counted(colleagues, items):
    d, given = data(colleagues, items)
    figs = pages(d)
    drawn: dict[int, int] = {}  # score -> colleagues shown, over every page
    for fig in figs:
        assert tuple(round(x, 3) for x in fig.get_size_inches()) == (13.333, 7.5)
        dots = fig.findobj(lambda a: a.get_gid() == "scores-dots")[0].get_offsets()
        counts = [int(t.get_text()) for t in fig.findobj(lambda a: a.get_gid() == "scores-count")]
        xs = [float(x) for x, _ in dots]
        assert all(x in (1.0, 2.0, 3.0, 4.0, 5.0) for x in xs)  # never beside its value
        if counts:  # one dot per score with its count written beside it
            assert len(counts) == len(xs)
            for x, c in zip(xs, counts, strict=True):
                drawn[int(x)] = drawn.get(int(x), 0) + c
        else:
            for x in xs:
                drawn[int(x)] = drawn.get(int(x), 0) + 1
    expected = {s: sum(v.count(s) for v in given) for s in range(1, 6)}
    assert {s: drawn.get(s, 0) for s in range(1, 6)} == expected
    assert sum(len(f.axes[0].get_yticklabels()) for f in figs) == items


def test_the_mean_hides_no_dot():
    d, _ = data(7, 10)
    (fig,) = pages(d)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    dots = fig.findobj(lambda a: a.get_gid() == "scores-dots")[0]
    mean = fig.findobj(lambda a: a.get_gid() == "scores-mean")[0]
    radius = 6.5 / 2 * fig.dpi / 72
    dot_px = ax.transData.transform(dots.get_offsets())
    mean_px = ax.transData.transform(mean.get_offsets())
    half = 8 / 2 * fig.dpi / 72
    for mx, my in mean_px:
        for dx, dy in dot_px:
            assert abs(mx - dx) > half + radius or abs(my - dy) > half + radius
    assert renderer is not None


def test_thirty_items_go_on_over_pages_not_a_taller_page():
    d, _ = data(60, 30)
    figs = pages(d)
    assert len(figs) >= 2
    subtitle = [t.get_text() for t in figs[1].texts if t.get_gid() == "subtitle"][0]
    assert f"part 2 of {len(figs)}" in subtitle
