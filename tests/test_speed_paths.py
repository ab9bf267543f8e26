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
    assert sharp == pytest.approx(base, rel=0.1)  # inches: about the same, measured anew


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


# --------------------------------------------------------------------------- the store
IDS = [
    "advertising",
    "content",
    "digital",
    "non_digital",
    "communications",
    "representatives",
    "products",
    "service",
    "friction",
    "reputation",
]


def _assessment(k: int, aid: str | None = None) -> str:
    ranking = IDS[k % 10 :] + IDS[: k % 10]
    ratings = "\n".join(f"{p} = {1 + (k + j) % 5}" for j, p in enumerate(IDS))
    aid = aid or f"2026-0{1 + k % 9}-1{k % 10}T101500Z-person-{k:04x}"
    return (
        f'schema = 1\nframework = "ten-pillars"\nid = "{aid}"\n'
        f"created = 2026-0{1 + k % 9}-1{k % 10}T10:15:00Z\n"
        f'respondent = "Person {k}"\nteam = "Team {k % 3}"\nrole = "Analyst"\n'
        f"ranking = [{', '.join(f'{chr(34)}{p}{chr(34)}' for p in ranking)}]\n"
        f"\n[ratings]\n{ratings}\n"
    )


@pytest.fixture
def hostile_store(tmp_path):
    """40 files: 34 good ones, and in both halves of the file list a syntax error, an
    unknown pillar, a score of 6, and an id another file already uses."""
    folder = tmp_path / "store"
    folder.mkdir()
    bad = {
        3: lambda k: _assessment(k).replace("schema = 1", "schema = = 1"),
        8: lambda k: _assessment(k).replace('"service"', '"servise"'),
        14: lambda k: _assessment(k).replace("reputation = ", "reputation = 6 #"),
        25: lambda k: _assessment(k).replace("schema = 1", "schema = [1"),
        31: lambda k: _assessment(k).replace("[ratings]", "[ratings]\nwebsite = 3"),
        37: lambda k: _assessment(k).replace("friction = ", "friction = 0 #"),
    }
    for k in range(40):
        text = bad[k](k) if k in bad else _assessment(k)
        if k in (2, 12):  # 12 has the id of 2 (first half), 33 that of 21 (second)
            text = _assessment(k, aid="2026-03-12T101500Z-same-id-a")
        if k in (21, 33):
            text = _assessment(k, aid="2026-04-11T101500Z-same-id-b")
        (folder / f"{k:02d}.toml").write_text(text, encoding="utf-8")
    return folder


def _load(folder, fw, monkeypatch, parallel: bool):
    from cx_pillars import store

    monkeypatch.setattr(store, "PARALLEL_MIN", 1 if parallel else 10**9)
    warnings: list[str] = []
    found = store.load_store(folder, fw, warn=warnings.append)
    return [(a.path.name, a.to_dict()) for a in found], warnings


def test_a_store_read_by_two_processes_is_read_as_by_one(hostile_store, fw, monkeypatch):
    one, one_warned = _load(hostile_store, fw, monkeypatch, parallel=False)
    two, two_warned = _load(hostile_store, fw, monkeypatch, parallel=True)
    assert two == one
    assert two_warned == one_warned
    # Counted by hand: 40 files, 6 broken, 2 repeating an earlier file's id.
    assert len(one) == 32
    assert len(one_warned) == 8
    names = [w.split(":")[0].removeprefix("skipped ") for w in one_warned]
    assert [Path(n).name for n in names] == [
        f"{k:02d}.toml" for k in (3, 8, 12, 14, 25, 31, 33, 37)
    ]
    assert "is also used by 02.toml" in one_warned[2]
    assert "is also used by 21.toml" in one_warned[6]
    assert not [p for p in hostile_store.iterdir() if p.suffix != ".toml"]  # nothing left


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the second process needs fork")
def test_the_second_process_reads_the_second_half(hostile_store, fw, monkeypatch):
    from cx_pillars import store

    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: read in one process")
    log = hostile_store.parent / "read.log"
    real = store.read_assessment

    def marking(path, framework):
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(fd, f"{os.getpid()} {Path(path).name}\n".encode())
        finally:
            os.close(fd)
        return real(path, framework)

    monkeypatch.setattr(store, "read_assessment", marking)
    _load(hostile_store, fw, monkeypatch, parallel=True)
    read = [line.split() for line in log.read_text().splitlines()]
    assert sorted(name for _, name in read) == [f"{k:02d}.toml" for k in range(40)]  # once
    me = str(os.getpid())
    assert sorted(name for pid, name in read if pid == me) == [f"{k:02d}.toml" for k in range(20)]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the second process needs fork")
def test_a_failing_second_process_loses_nothing(hostile_store, fw, monkeypatch):
    from cx_pillars import store

    one, one_warned = _load(hostile_store, fw, monkeypatch, parallel=False)
    parent = os.getpid()
    real = store.read_assessment

    def dying(path, framework):
        if os.getpid() != parent and Path(path).name == "30.toml":
            os._exit(5)
        return real(path, framework)

    monkeypatch.setattr(store, "read_assessment", dying)
    two, two_warned = _load(hostile_store, fw, monkeypatch, parallel=True)
    assert (two, two_warned) == (one, one_warned)


def test_an_error_that_stops_the_load_still_stops_it(hostile_store, fw, monkeypatch):
    """What is not a bad file (here the disk failing in a way no check expects) stops
    the load in both ways of reading, not only in the second process."""
    from cx_pillars import store

    real = store.read_assessment

    def failing(path, framework):
        if Path(path).name == "29.toml":
            raise MemoryError("no memory left")
        return real(path, framework)

    monkeypatch.setattr(store, "read_assessment", failing)
    for parallel in (False, True):
        with pytest.raises(MemoryError):
            _load(hostile_store, fw, monkeypatch, parallel=parallel)


# --------------------------------------------------------------------------- labels
def test_shown_labels_from_the_index(fw):
    from datetime import UTC, datetime, timedelta

    from cx_pillars.assessment import Assessment
    from cx_pillars.team import team_view

    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    runs = [
        Assessment(
            id=f"run-{k:03d}",
            created=start + timedelta(days=k),
            respondent=["Ana Kowalska", "Ben Okafor", "Ana Nowak", "Cleo"][k % 4],
            team="Retail",
            role="",
            ratings={p: 3 for p in fw.ids},
            ranking=list(fw.ids[k % 10 :] + fw.ids[: k % 10]),
        )
        for k in range(40)
    ]
    view = team_view(runs, fw, all_runs=True)
    expected = dict(zip(view.labels, view.short_labels, strict=True))  # the oracle
    assert len(expected) == 40
    for label in reversed(view.labels):
        assert view.shown(label) == expected[label]
    assert view.shown("Ben Okafor 2026-01-06") == "Ben Okafor 2026-01-06"
    view.labels = list(reversed(view.labels))  # the lists replaced: looked up anew
    view.short_labels = list(reversed(view.short_labels))
    assert all(view.shown(x) == expected[x] for x in view.labels)
    with pytest.raises(ValueError):
        view.shown("nobody")


# --------------------------------------------------------------------------- PDF bytes
def test_fonts_rewritten_on_old_matplotlib_keep_their_timestamp():
    """matplotlib 3.8 hands the font subset over saved in a BytesIO; it is read, changed
    (Chinese outlines) and saved again. Saved with the time of saving in its 'head'
    table, the same chart saved twice differed in that one field whenever a second
    passed between the two (the PDF reproducibility test on matplotlib 3.8)."""
    import io
    import types

    from fontTools.ttLib import TTFont
    from matplotlib.font_manager import FontProperties, findfont

    from cx_pillars.charts import mpl

    path = findfont(FontProperties(family="DejaVu Sans"))
    long_ago = 3_000_000_000  # 2019, in seconds since 1904 as fonts count them

    def as_bytes(fontfile, characters):  # as matplotlib 3.8 returns the subset
        font = TTFont(fontfile, recalcTimestamp=False)
        font["head"].modified = long_ago
        fh = io.BytesIO()
        font.save(fh, reorderTables=False)
        fh.seek(0)
        return fh

    shared = types.SimpleNamespace(get_glyphs_subset=as_bytes)
    saved = []
    with mpl.rewrite_embedded_fonts(lambda font: None, shared=shared):
        for _ in range(2):
            saved.append(shared.get_glyphs_subset(path, "ab").getvalue())
    assert TTFont(io.BytesIO(saved[0]))["head"].modified == long_ago
    assert saved[0] == saved[1]


@pytest.mark.parametrize("kind", ["named", "anonymous", "no team"])
def test_shown_labels_are_the_languages(fw, kind):
    """The shown labels are worked out once when no run needs the language's words for
    an anonymous run or for no team; the same as working them out in the language."""
    from datetime import UTC, datetime, timedelta

    from cx_pillars.assessment import Assessment
    from cx_pillars.team import _labels, _short_labels, _sort_key, team_view

    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    names = ["Ana Kowalska", "Ana Kowalska", "Ben Okafor", "Ana Nowak"]
    teams = ["Retail", "Online", "Retail", "Retail"]
    if kind == "anonymous":  # runs 2, 3, 6, 7: four anonymous people, who count
        names[2] = names[3] = "anonymous"
    if kind == "no team":
        teams[1] = ""
    runs = [
        Assessment(
            id=f"run-{k}",
            created=start + timedelta(days=k),
            respondent=names[k % 4],
            team=teams[k % 4],
            role="",
            ratings={p: 3 for p in fw.ids},
            ranking=list(fw.ids),
        )
        for k in range(8)
    ]
    for lang in ("en", "pl", "zh-Hans"):
        view = team_view(runs, fw, all_runs=True, lang=lang)
        members = sorted(runs, key=_sort_key)  # the view's row order
        assert _labels(members) == view.labels
        assert view.short_labels == _short_labels(_labels(members, lang), members)
        if kind == "anonymous" and lang == "pl":
            assert any("anonim" in x for x in view.short_labels)
        if kind == "no team" and lang == "pl":
            assert any("bez zespołu" in x.lower() for x in view.short_labels), view.short_labels


def test_no_room_for_the_hand_over(hostile_store, fw, monkeypatch):
    """Without a temporary file for the second process, everything is done here."""
    import tempfile

    from cx_pillars.report import output

    one = _load(hostile_store, fw, monkeypatch, parallel=False)

    def full(*args, **kw):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)
    monkeypatch.setattr(tempfile, "mkdtemp", full)
    assert _load(hostile_store, fw, monkeypatch, parallel=True) == one
    figs = _figures(2)
    job = output._PngJob(figs, "en")
    assert job.pid is None and job.folder is None
    assert job.result() == _serial(figs)
