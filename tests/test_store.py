"""The store: exclusive, atomic saves; folder loads that skip bad files; drafts."""

import errno
import multiprocessing as mp
import os
from datetime import UTC, datetime

import pytest

from cx_pillars import store
from cx_pillars.answers import to_assessment
from cx_pillars.errors import StoreError

RATINGS = dict(
    zip(
        [
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
        ],
        [3, 2, 4, 4, 3, 3, 4, 2, 2, 3],
    )
)
RANKING = [
    "service",
    "friction",
    "products",
    "digital",
    "communications",
    "representatives",
    "reputation",
    "content",
    "non_digital",
    "advertising",
]


def make(fw, name="Ana", team="Retail CX", when=None, **extra):
    answers = {
        "respondent": name,
        "team": team,
        "role": "",
        "ratings": dict(RATINGS),
        "ranking": list(RANKING),
        **extra,
    }
    return to_assessment(answers, fw, when=when)


def test_saved_file_loads_back_equal(fw, folder):
    a = make(fw, notes={"friction": "too many clicks"})
    path = store.save_assessment(a, folder)
    assert path.name == f"{a.id}.toml"
    assert store.read_assessment(path, fw) == a


def test_never_overwrites_an_existing_file(fw, folder):
    a = make(fw)
    first = store.save_assessment(a, folder)
    before = first.read_bytes()
    b = make(fw, name="Ben")
    b.id = a.id  # force the same name
    second = store.save_assessment(b, folder)
    assert second != first
    assert first.read_bytes() == before  # untouched
    assert b.id == second.stem and b.id != a.id
    assert {p.name for p in store.assessment_files(folder)} == {first.name, second.name}


def test_no_temporary_files_are_left(fw, folder):
    for _ in range(3):
        store.save_assessment(make(fw), folder)
    assert all(not p.name.startswith(".") for p in folder.iterdir() if p.is_file())
    assert len(list(folder.glob("*.toml"))) == 3


def _save_same_id(folder, barrier, results):
    from cx_pillars.pillars import builtin_framework

    a = make(builtin_framework(), when=datetime(2026, 11, 22, 10, 15, tzinfo=UTC))
    a.id = "2026-11-22T101500Z-ana-0000"  # both processes want this very name
    barrier.wait()
    results.put(str(store.save_assessment(a, folder)))


def test_two_processes_saving_at_once_both_keep_their_files(fw, folder):
    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    procs = [ctx.Process(target=_save_same_id, args=(folder, barrier, results)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    paths = {results.get(timeout=5) for _ in procs}
    assert len(paths) == 2
    loaded = store.load_store(folder, fw)
    assert len(loaded) == 2
    assert {a.id for a in loaded} == {os.path.basename(p)[:-5] for p in paths}


def test_slug_never_makes_a_path():
    for name in ["../../etc/passwd", "CON", "a/b\\c", "   ", "名字", "Zoë Ærø", "x" * 300]:
        s = store.slug(name)
        assert s and "/" not in s and "\\" not in s and ".." not in s
        assert len(s) <= 24
    assert store.slug("Zoë Ærø") == "zoe-aero"  # Æ and ø spelt out, not dropped
    assert store.slug("名字") == "respondent"


def test_hostile_names_stay_inside_the_store(fw, folder):
    for name in ["../../etc/passwd", "CON", "nul", "名字"]:
        path = store.save_assessment(make(fw, name=name), folder)
        assert path.parent == folder
    assert len(store.load_store(folder, fw)) == 4


def test_folder_load_skips_bad_files_with_a_warning(fw, folder):
    good = store.save_assessment(make(fw), folder)
    (folder / "broken.toml").write_text("schema = ", encoding="utf-8")
    (folder / "bad-rating.toml").write_text(
        good.read_text().replace("advertising = 3", "advertising = 9"), encoding="utf-8"
    )
    (folder / "notes.txt").write_text("not an assessment")
    (folder / ".hidden.toml").write_text("junk")
    (folder / "sub").mkdir()
    (folder / "sub" / "x.toml").write_text("junk")
    (folder / "dir.toml").mkdir()
    warnings = []
    loaded = store.load_store(folder, fw, warn=warnings.append)
    assert [a.id for a in loaded] == [good.stem]
    assert len(warnings) == 3
    assert any("bad-rating.toml" in w and "ratings.advertising" in w for w in warnings)
    assert any("broken.toml" in w and "not valid TOML" in w for w in warnings)
    assert any("dir.toml" in w and "folder" in w for w in warnings)


def test_duplicate_ids_are_reported(fw, folder):
    good = store.save_assessment(make(fw), folder)
    (folder / "copy.toml").write_text(good.read_text(), encoding="utf-8")
    warnings = []
    assert len(store.load_store(folder, fw, warn=warnings.append)) == 1
    assert "also used by" in warnings[0]


def test_store_path_precedence(monkeypatch, tmp_path):
    monkeypatch.delenv(store.ENV_DIR, raising=False)
    assert str(store.store_path()) == "assessments"
    monkeypatch.setenv(store.ENV_DIR, str(tmp_path))
    assert store.store_path() == tmp_path
    assert store.store_path(tmp_path / "x") == tmp_path / "x"


@pytest.mark.parametrize(
    "code,words",
    [(errno.EROFS, "not writable"), (errno.EACCES, "not writable"), (errno.ENOSPC, "disk is full")],
)
def test_unwritable_store_is_a_clear_error(fw, folder, monkeypatch, code, words):
    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(store.tempfile, "mkstemp", refuse)
    with pytest.raises(StoreError, match=words) as info:
        store.save_assessment(make(fw), folder)
    assert str(folder) in str(info.value)
    assert store.assessment_files(folder) == []


def test_store_that_is_a_file_is_a_clear_error(fw, tmp_path):
    folder = tmp_path / "file"
    folder.write_text("x")
    with pytest.raises(StoreError):
        store.save_assessment(make(fw), folder)


def test_select_filters_and_orders_newest_first(fw):
    t = lambda d: datetime(2026, 1, d, tzinfo=UTC)  # noqa: E731
    items = [
        make(fw, "Ana", "Retail CX", t(1)),
        make(fw, "Ben", "retail cx", t(5)),
        make(fw, "Cy", "Online", t(3)),
    ]
    chosen = store.select(items, team="Retail CX")
    assert [a.respondent for a in chosen] == ["Ben", "Ana"]
    chosen = store.select(
        items, since=store.parse_when("2026-01-02"), until=store.parse_when("2026-01-04", end=True)
    )
    assert [a.respondent for a in chosen] == ["Cy"]
    assert [a.respondent for a in store.select(items)] == ["Ben", "Cy", "Ana"]
    with pytest.raises(ValueError):
        store.parse_when("22/11/2026")


def test_latest_each_tells_anonymous_people_apart_by_their_key(fw):
    from cx_pillars.anonymity import latest_each

    t = lambda d: datetime(2026, 1, d, tzinfo=UTC)  # noqa: E731
    items = [
        make(fw, "Ana", when=t(1)),
        make(fw, "ana", when=t(2)),
        make(fw, "Ben", when=t(1)),
        make(fw, when=t(3), anonymous=True),
        make(fw, when=t(4), anonymous=True),
    ]
    latest = latest_each(items)
    # the two anonymous runs are this user's (one key): one person, the newer run
    assert items[3].anonymous_key == items[4].anonymous_key is not None
    assert len(latest) == 3 and sum(a.anonymous for a in latest) == 1
    assert [a.created.day for a in latest if a.anonymous] == [4]
    assert [a.created.day for a in latest if a.respondent.lower() == "ana"] == [2]
    # without keys (older files) each anonymous run is its own
    from dataclasses import replace

    keyless = items[:3] + [replace(a, anonymous_key=None) for a in items[3:]]
    assert len(latest_each(keyless)) == 4


def test_find_by_id_prefix_and_short_id(fw):
    a, b = make(fw, "Ana"), make(fw, "Ben")
    assert store.find([a, b], a.id) is a
    assert store.find([a, b], a.id.split("Z-")[1]) is a
    with pytest.raises(Exception, match="no assessment"):
        store.find([a, b], "zzz")


def test_drafts_live_out_of_the_store(fw, folder):
    path = store.save_draft(folder, {"respondent": "Ana", "ratings": {"content": 2}})
    assert path.parent.name == ".drafts"
    assert store.assessment_files(folder) == []
    found = store.load_draft(folder)
    assert found[1]["ratings"] == {"content": 2}
    store.discard_draft(folder)
    assert store.load_draft(folder) is None


def test_rate_into_an_unwritable_store_keeps_the_answers(cli, folder, monkeypatch, tmp_path):
    """Disk full or read-only: one clear line, exit 1, and a draft kept elsewhere."""
    from conftest import RANKING, RATINGS

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    real_write_new = store.write_new

    def disk_full(final, data, **kw):
        if final.parent == folder:
            raise StoreError("the disk is full", path=folder)
        return real_write_new(final, data, **kw)

    monkeypatch.setattr(store, "write_new", disk_full)
    (folder / ".drafts").write_text("a file where the drafts folder should be")
    result = cli(
        "rate",
        "--dir",
        folder,
        "-r",
        "Ana",
        "--team",
        "T",
        "--ratings",
        RATINGS,
        "--ranking",
        RANKING,
    )
    assert result.exit_code == 1
    assert "the disk is full" in result.output and "--resume" in result.output
    assert "Traceback" not in result.output
    assert store.assessment_files(folder) == []
    found = store.load_draft(folder)
    assert found is not None and str(tmp_path / "cache") in str(found[0])
    assert found[1]["ratings"]["content"] == 2 and found[1]["respondent"] == "Ana"


def test_a_file_that_grows_while_read_is_read_whole(tmp_path, monkeypatch):
    """read_text asks for the size stat gave; a file that grew since is still read whole."""
    from cx_pillars import files

    path = tmp_path / "a.toml"
    path.write_text("a = 1\n")
    real_stat = files.os.stat

    def stale_stat(p, *args, **kwargs):  # stat saw the file before it grew
        info = real_stat(p, *args, **kwargs)
        return os.stat_result(
            (
                info.st_mode,
                info.st_ino,
                info.st_dev,
                info.st_nlink,
                info.st_uid,
                info.st_gid,
                2,
                info.st_atime,
                info.st_mtime,
                info.st_ctime,
            )
        )

    monkeypatch.setattr(files.os, "stat", stale_stat)
    assert files.read_text(path) == "a = 1\n"
