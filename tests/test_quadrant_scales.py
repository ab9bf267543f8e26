"""The quadrant on its full scales (issue 14 item 6): scores that differ by 0.1 do not
fill the axis, the split is stated, and no label sits on a split line."""

from __future__ import annotations

from cx_pillars.charts.inputs import Footnote, PrioritiesData, PriorityPoint

IDS = [f"p{k}" for k in range(10)]


def data() -> PrioritiesData:
    # every score between 3.1 and 3.5: the old axis zoomed to exactly that
    points = [
        PriorityPoint(pillar=p, customer_mean_rank=1.0 + k * 0.9, performance=3.1 + 0.04 * k)
        for k, p in enumerate(IDS)
    ]
    return PrioritiesData(
        pillars=IDS,
        labels={p: f"Pillar {p}" for p in IDS},
        footnote=Footnote(source="x"),
        points=points,
        top=IDS[:3],
    )


def figure():
    from cx_pillars import charts

    (fig,) = charts.build_pages("priorities", data())
    fig.canvas.draw()
    return fig


def test_both_axes_show_their_whole_scale():
    ax = figure().axes[0]
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    assert x0 <= 1.0 and x1 >= 5.0  # the 1-5 score scale
    assert y0 <= 1.0 and y1 >= 10.0  # importance 1 to n


def test_the_split_is_at_the_means_and_said_so_and_clear_of_labels():
    fig = figure()
    ax = fig.axes[0]
    d = data()
    mx = sum(p.performance for p in d.points) / len(d.points)
    subtitle = next(t.get_text() for t in fig.texts if t.get_gid() == "subtitle")
    assert "split at the averages" in subtitle
    verticals = [ln for ln in ax.lines if len(set(ln.get_xdata())) == 1]
    assert any(abs(ln.get_xdata()[0] - mx) < 1e-9 for ln in verticals)
    renderer = fig.canvas.get_renderer()
    sx = ax.transData.transform((mx, 0))[0]
    for label in fig.findobj(lambda a: a.get_gid() == "priorities-label"):
        box = label.get_window_extent(renderer)
        assert not (box.x0 < sx < box.x1), label.get_text()
