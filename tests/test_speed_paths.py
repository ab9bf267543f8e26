"""The fast paths give what the slow ones gave: measured text sizes reused only while
nothing they depend on changes, the wiki's PNGs shared out between two processes (each
drawn once, in order, none lost when the helper process dies), and the store's loading
keeps every check."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


# --------------------------------------------------------------------------- text sizes
def _fresh_size(text: str, **kw) -> tuple[float, float]:
    """The oracle: a new figure, a new text artist, its window extent."""
    from cx_pillars.charts import style

    fig = style.new_figure()
    probe = fig.text(0, 0, text, **kw)
    box = probe.get_window_extent(fig.canvas.get_renderer())
    return box.width / fig.dpi, box.height / fig.dpi


@pytest.mark.parametrize(
    "text, kw",
    [
        ("Customers rank Service first", {"fontsize": 14, "fontweight": "bold"}),
        ("a a", {"fontsize": 9}),
        ("Obsługa klienta\nna dwie linie", {"fontsize": 11}),
        ("服务 先于 价格", {"fontsize": 12}),
    ],
)
def test_text_size_is_what_a_fresh_artist_measures(text, kw):
    from cx_pillars.charts import style

    with style.styled("en"):
        fig = style.new_figure()
        first = style.text_size(fig, text, **kw)
        again = style.text_size(fig, text, **kw)  # from the store of sizes
        expected = _fresh_size(text, **kw)
    assert first == pytest.approx(expected, abs=1e-9)
    assert again == first


def test_text_size_measures_each_string_once_per_setting():
    from cx_pillars.charts import style

    with style.styled("en"):
        fig = style.new_figure()
        made = []
        real = fig.text

        def counting(*args, **kw):
            made.append(args[2])
            return real(*args, **kw)

        fig.text = counting
        text = "measured once, then reused 7b1f"  # a string no other test measures
        for _ in range(5):
            style.text_size(fig, text, fontsize=10)
        style.text_size(fig, text, fontsize=11)  # another size is another measurement
    assert made == [text, text]


def test_text_size_follows_the_font_settings():
    """A stored size is never used under other settings: the default font size, the
    hinting, the family and the dpi all change what a string measures."""
    import matplotlib as mpl

    from cx_pillars.charts import style

    text = "Settings change sizes 4c2e"
    with style.styled("en"):
        fig = style.new_figure()
        base = style.text_size(fig, text)
        with mpl.rc_context({"font.size": 20}):
            bigger = style.text_size(fig, text)
            assert bigger == pytest.approx(_fresh_size(text), abs=1e-9)
        with mpl.rc_context({"font.family": ["DejaVu Serif"]}):
            serif = style.text_size(fig, text)
            assert serif == pytest.approx(_fresh_size(text), abs=1e-9)
        fig.set_dpi(200)
        sharp = style.text_size(fig, text)
        fig.set_dpi(100)
        assert style.text_size(fig, text) == base
    assert bigger[0] > 1.3 * base[0]  # 20 pt against the style's 12
    assert serif != base
    assert sharp == pytest.approx(base, rel=0.05)  # inches: about the same, measured anew


def test_text_size_with_options_that_cannot_be_stored():
    from cx_pillars.charts import style

    with style.styled("en"):
        fig = style.new_figure()
        boxed = style.text_size(fig, "in a box", fontsize=10, bbox={"pad": 4})
        assert boxed == pytest.approx(_fresh_size("in a box", fontsize=10, bbox={"pad": 4}))


# --------------------------------------------------------------------------- PNGs
def _figures(n: int):
    """``n`` charts that differ (a number drawn big in each), in the chart style."""
    from cx_pillars.charts import style

    figs = []
    with style.styled("en"):
        for k in range(n):
            fig = style.new_figure()
            fig.text(0.5, 0.5, f"page {k + 1}", fontsize=40 + 4 * k)
            ax = fig.add_axes((0.1, 0.1, 0.3, 0.3))
            ax.plot(range(k + 2), [v * v for v in range(k + 2)])
            figs.append(fig)
    return figs


def _serial(figs) -> list[bytes]:
    from cx_pillars.report import output

    with output._unhinted():
        return [output.png_bytes(fig, "en") for fig in figs]


def _marking(monkeypatch, log: Path) -> None:
    """Record (in a file both processes append to) which process drew which PNG."""
    from cx_pillars.report import output

    real = output._PngJob._render

    def render(self, k):
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(fd, f"{os.getpid()} {k}\n".encode())
        finally:
            os.close(fd)
        return real(self, k)

    monkeypatch.setattr(output._PngJob, "_render", render)


def _drawn(log: Path) -> list[tuple[int, int]]:
    return [tuple(map(int, line.split())) for line in log.read_text().splitlines()]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the second process needs fork")
def test_pngs_are_shared_out_each_drawn_once_in_order(tmp_path, monkeypatch):
    from cx_pillars.report import output

    figs = _figures(6)
    expected = _serial(figs)
    assert len(set(expected)) == 6  # the figures differ, so the order is checked
    log = tmp_path / "drawn.log"
    _marking(monkeypatch, log)
    job = output._PngJob(figs, "en")
    got = job.result()
    assert got == expected
    drawn = _drawn(log)
    assert sorted(k for _, k in drawn) == list(range(6))  # each once
    me = os.getpid()
    mine = sorted(k for pid, k in drawn if pid == me)
    theirs = sorted(k for pid, k in drawn if pid != me)
    # The child takes them from the first, this process from the last: two runs.
    assert theirs == list(range(len(theirs)))
    assert mine == list(range(len(theirs), 6))
    assert job.folder is None and job.pid is None


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the second process needs fork")
def test_pngs_survive_the_child_dying(tmp_path, monkeypatch):
    """The child dies after claiming its second PNG: this process draws it and every
    other the child left, and the result is the same bytes in the same order."""
    from cx_pillars.report import output

    figs = _figures(5)
    expected = _serial(figs)
    parent = os.getpid()
    real = output._PngJob._hand_over

    def hand_over(self, k, data):
        if os.getpid() != parent and k == 1:
            os._exit(3)
        real(self, k, data)

    monkeypatch.setattr(output._PngJob, "_hand_over", hand_over)
    job = output._PngJob(figs, "en")
    os.waitpid(job.pid, 0)  # let it die before this process starts from the last
    job.pid = None
    got = job.result()
    assert got == expected


def test_pngs_without_a_second_process(monkeypatch):
    import sys

    from cx_pillars.report import output

    monkeypatch.setattr(sys, "platform", "darwin")
    figs = _figures(3)
    job = output._PngJob(figs, "en")
    assert job.pid is None and job.folder is None
    assert job.result() == _serial(figs)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the second process needs fork")
def test_abandoned_pngs_leave_nothing_behind():
    from cx_pillars.report import output

    job = output._PngJob(_figures(4), "en")
    folder = job.folder
    assert folder is not None and Path(folder).is_dir()
    pid = job.pid
    job.abandon()
    assert not Path(folder).exists()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # stopped and reaped
