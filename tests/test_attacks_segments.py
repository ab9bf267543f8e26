"""Attacks through survey summaries and segments (issue 15, items 2, 7, 8 and 14):
terminal escapes in a summary's text, customers alone in their segment, personal data
as segment names, inconsistent summaries (0 respondents ended in StopIteration),
one wave merged twice, Windows device names and invisible characters in names."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from cx_pillars import store
from cx_pillars.pillars import builtin_framework
from cx_pillars.survey import cells
from cx_pillars.survey.importer import import_file, save_summary
from cx_pillars.survey.summary import OTHER, SurveySummary, load_summary, protect
from cx_pillars.survey.warehouse import write_summary_csv

FW = builtin_framework()
IDS = FW.ids
OSC52 = "\x1b]52;c;SGVsbG8=\x07"


def export(path: Path, values: list[str], seed: int = 7, column: str = "segment") -> Path:
    """A wide CSV: one respondent per value, each a random full ranking."""
    rng = random.Random(seed)
    lines = [",".join([column, *IDS])]
    for value in values:
        order = rng.sample(range(1, len(IDS) + 1), len(IDS))
        cell = '"' + value.replace('"', '""') + '"'
        lines.append(",".join([cell, *map(str, order)]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def groups(**sizes: int) -> list[str]:
    return [name for name, size in sizes.items() for _ in range(size)]


def one_line_error(result, *needles: str) -> str:
    out = result.output
    assert result.exit_code == 1, out
    assert "\x1b" not in out and "Traceback" not in out and "unexpected" not in out, out
    assert len(out.strip().splitlines()) == 1, out
    for needle in needles:
        assert needle in out, (needle, out)
    return out


# -- 1. terminal escapes in a summary's text -------------------------------------------------


@pytest.fixture(scope="module")
def clean_summary(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("clean")
    values = groups(North=40, South=30, East=20)
    summary = import_file(export(folder / "x.csv", values), FW, segment="segment").summary
    summary.merged_from = ["wave-1", "wave-2"]
    summary.segment_column = "Region"
    summary.skipped = {"no ranking": 1}
    return summary.to_dict()


def poisoned(doc: dict, field: str) -> dict:
    doc = json.loads(json.dumps(doc, default=str))
    if field == "segment name":
        doc["segments"][f"North{OSC52}"] = doc["segments"].pop("North")
    elif field == "merged_from":
        doc["merged_from"][1] = f"wave{OSC52}"
    elif field == "skipped":
        doc["skipped"] = {f"no{OSC52}": 1}
    else:
        doc[field] = doc[field] + OSC52
    return doc


TEXT_FIELDS = ["name", "source", "format", "segment_column", "merged_from", "segment name",
               "skipped", "framework"]  # fmt: skip


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_a_summary_carrying_osc52_is_refused_by_every_command(
    cli, demo, tmp_path, clean_summary, field
):
    path = tmp_path / "evil.toml"
    path.write_bytes(store.dumps(poisoned(clean_summary, field)))
    other = tmp_path / "fine.toml"
    fine = dict(clean_summary, name="fine")
    other.write_bytes(store.dumps(fine))
    shown = field.split()[0] if field != "segment name" else "segments.North"
    commands = [
        ("compare", "--survey", path, "--dir", demo),
        ("compare", "--survey", path, "--dir", demo, "--json"),
        ("survey", "merge", path, other, "--name", "both", "--dir", tmp_path / "s"),
        ("survey", "merge", other, path, "--name", "both", "--dir", tmp_path / "s"),
        ("chart", "gap", "--survey", path, "--dir", demo),
        ("chart", "segments", "--survey", path, "--dir", demo, "--out", tmp_path / "c.png"),
        (
            "report",
            "--survey",
            path,
            "--dir",
            demo,
            "--out",
            tmp_path / "r.pdf",
            "--markdown",
            tmp_path / "r.md",
        ),
        ("survey", "import", path, "--format", "summary", "--dir", tmp_path / "s"),
    ]
    for args in commands:
        result = cli(*args)
        one_line_error(result, "evil.toml", shown)
    assert not (tmp_path / "r.md").exists() and not (tmp_path / "c.png").exists()
    assert not (tmp_path / "s" / "surveys").exists() or not list(
        (tmp_path / "s" / "surveys").iterdir()
    )


@pytest.mark.parametrize("bad", [OSC52, "\x1b[2J", "\u202e", "\u200b", "\x9b31m"])
def test_a_warehouse_csv_with_an_escape_in_a_segment_name_is_refused(cli, tmp_path, bad):
    path = tmp_path / "wh.csv"
    path.write_text(
        "segment,statistic,pillar,other,value\n"
        f'"North{bad}",respondents,,,10\n', encoding="utf-8"
    )  # fmt: skip
    result = cli("survey", "import", path, "--format", "summary", "--dir", tmp_path / "s")
    out = one_line_error(result, "wh.csv")
    if "binary data" not in out:  # the reader refuses C0 controls before any cell is read
        assert "wh.csv:2: segment:" in out and f"U+{ord(bad[0]):04X}" in out
    assert not (tmp_path / "s").exists()


# -- 2. k-anonymous segments --------------------------------------------------------------------


def test_99_customers_alone_in_their_segment_are_not_stored(cli, tmp_path):
    """The attack: 99 typed customer names (49% of 202, under the 'half alone' rule)
    were stored, each with that customer's own ranking."""
    names = [f"Customer Number{i:03d}" for i in range(99)]
    path = export(tmp_path / "x.csv", names + ["Retail"] * 103)
    result = cli("survey", "import", path, "--segment", "segment", "--dir", tmp_path / "s")
    assert result.exit_code == 0, result.output
    saved = (tmp_path / "s" / "surveys" / "x.toml").read_text(encoding="utf-8")
    assert not any(n in saved for n in names) and "Number0" not in saved
    summary = load_summary(tmp_path / "s" / "surveys" / "x.toml")
    assert {s: v.respondents for s, v in summary.segments.items()} == {"Retail": 103, OTHER: 99}
    assert "99 respondents" in result.output and "other (smaller groups)" in result.output
    shown = cli("compare", "--survey", tmp_path / "s" / "surveys" / "x.toml", "--dir", tmp_path)
    assert "Number0" not in shown.output
    as_json = cli("survey", "import", path, "--segment", "segment", "--name", "again",
                  "--dir", tmp_path / "s", "--json")  # fmt: skip
    assert as_json.exit_code == 0
    segments = json.loads(as_json.stdout)["segments"]
    assert sorted((s["segment"], s["respondents"]) for s in segments) == [
        ("Retail", 103), (OTHER, 99)
    ]  # fmt: skip


def test_small_segments_merge_into_other_and_every_segment_has_k(tmp_path):
    values = groups(North=12, South=7, East=4, West=1, Isle=2)
    summary = import_file(export(tmp_path / "x.csv", values), FW, segment="segment").summary
    sizes = {s: v.respondents for s, v in summary.segments.items()}
    assert sizes == {"North": 12, "South": 7, OTHER: 7}
    assert summary.guard.merged == ["East", "Isle", "West"]
    assert sum(sizes.values()) == summary.respondents
    # the figures of "other" are those of its members, added up
    whole = import_file(export(tmp_path / "y.csv", values), FW).summary
    assert summary.all == whole.all


def test_other_too_small_takes_the_smallest_segment_rather_than_being_left_out(tmp_path):
    """Leaving a 3-respondent "other" out would not hide it: [all] minus the segments
    shown is exactly its figures.  The smallest segment joins it instead."""
    values = groups(North=12, South=8, East=3)
    summary = import_file(export(tmp_path / "x.csv", values), FW, segment="segment").summary
    assert {s: v.respondents for s, v in summary.segments.items()} == {"North": 12, OTHER: 11}
    assert summary.guard.folded == ["South"]
    total = summary.segments["North"] + summary.segments[OTHER]
    assert total == summary.all


def test_no_segment_reaching_k_drops_the_split(cli, tmp_path):
    values = groups(A=3, B=1, C=2, D=2)  # 8 respondents, "other" would be all of them
    path = export(tmp_path / "x.csv", values)
    result = cli("survey", "import", path, "--segment", "segment", "--dir", tmp_path / "s")
    assert result.exit_code == 0, result.output
    assert "not split" in result.output
    assert load_summary(tmp_path / "s" / "surveys" / "x.toml").segments == {}


def test_a_segment_named_other_by_the_data_does_not_collide(cli, tmp_path):
    values = groups(other=9, North=10, X=2, Y=3)
    summary = import_file(export(tmp_path / "x.csv", values), FW, segment="segment").summary
    sizes = {s: v.respondents for s, v in summary.segments.items()}
    assert sizes == {"Other": 9, "North": 10, OTHER: 5}
    save_summary(summary, tmp_path / "s")
    result = cli("compare", "--survey", "x", "--dir", tmp_path / "s")  # no team: one line
    assert result.exit_code == 1
    from cx_pillars.i18n import segment_name

    assert segment_name(OTHER, "en") != segment_name("Other", "en")
    assert segment_name(OTHER, "pl") == "inne (mniejsze grupy)"


@pytest.mark.parametrize("k,expected", [(5, {"A": 6, "B": 5, OTHER: 9}), (6, {"A": 6, OTHER: 14})])
def test_min_segment_raises_k(tmp_path, k, expected):
    values = groups(A=6, B=5, C=4, D=3, E=2)
    summary = import_file(
        export(tmp_path / "x.csv", values), FW, segment="segment", min_segment=k
    ).summary
    assert {s: v.respondents for s, v in summary.segments.items()} == expected
    again = SurveySummary.from_dict(summary.to_dict())
    assert again.min_segment == k


@pytest.mark.parametrize("k", ["4", "0", "-1", "1"])
def test_min_segment_below_5_is_a_usage_error(cli, tmp_path, k):
    path = export(tmp_path / "x.csv", groups(A=10))
    result = cli("survey", "import", path, "--segment", "segment", "--min-segment", k,
                 "--dir", tmp_path / "s")  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "--min-segment" in result.output
    assert not (tmp_path / "s").exists()


IDENTIFIERS = [
    "ana@x.pl",
    "ana (at) x dot pl",
    "ana[at]x.pl",
    "ana {at} x [dot] pl",
    "ａｎａ＠ｘ．ｐｌ",
    "ana﹫x.pl",
    "+48 600 700 800",
    "(555) 123-4567",
    "600-700-800",
    "0048 600700800",
    "203.0.113.7",
    "2001:db8::1",
    "fe80::1ff:fe23:4567:890a",
    "[2001:db8::7]:443",
    "::ffff:192.0.2.1",
]


@pytest.mark.parametrize("value", IDENTIFIERS)
def test_a_segment_column_of_personal_data_is_refused(cli, tmp_path, value):
    values = groups(North=20, South=20) + [value]
    path = export(tmp_path / "x.csv", values)
    result = cli("survey", "import", path, "--segment", "segment", "--dir", tmp_path / "s")
    one_line_error(result, "nothing was saved")
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize(
    "value",
    ["North", "Gen Z", "18-24", "25-34 years", "00-950 Warszawa", "2024-05-01", "Q1 2024",
     "Plan 100-200", "Enterprise (500+ seats)", "2020-2024", "v1.2", "Boston at night",
     "12345-6789", "Team A: B2B"],
)  # fmt: skip
def test_ordinary_segment_values_are_not_identifiers(value):
    assert cells.identifier_kind(value) is None


def test_mostly_unique_values_are_refused(cli, tmp_path):
    values = [f"Person {i}" for i in range(30)] + ["Retail"] * 20
    path = export(tmp_path / "x.csv", values)
    result = cli("survey", "import", path, "--segment", "segment", "--dir", tmp_path / "s")
    one_line_error(result, "30 of its 50 respondents in a segment of their own")


def warehouse(summary: SurveySummary, path: Path, drop_all: bool = False) -> Path:
    import io

    buf = io.StringIO()
    write_summary_csv(summary, buf)
    lines = buf.getvalue().splitlines()
    if drop_all:
        lines = [lines[0]] + [x for x in lines[1:] if not x.startswith("all,")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_warehouse_segments_follow_the_same_rules(cli, tmp_path):
    # A warehouse's GROUP BY has no k: its small segments are merged on import.
    values = groups(North=12, South=7, East=4, West=1, Isle=2)
    raw = import_file(export(tmp_path / "x.csv", values), FW, segment="segment").summary
    raw.segments = {}
    for name in ("North", "South", "East", "West", "Isle"):
        part = import_file(export(tmp_path / f"{name}.csv", groups(**{name: values.count(name)})),
                           FW, segment="segment", min_segment=5).summary  # fmt: skip
        raw.segments[name] = part.all
    parts = list(raw.segments.values())
    raw.all = parts[0]
    for part in parts[1:]:
        raw.all = raw.all + part
    path = warehouse(raw, tmp_path / "wh.csv", drop_all=True)
    result = cli("survey", "import", path, "--format", "summary", "--dir", tmp_path / "s")
    assert result.exit_code == 0, result.output
    saved = load_summary(tmp_path / "s" / "surveys" / "wh.toml")
    assert {s: v.respondents for s, v in saved.segments.items()} == {
        "North": 12, "South": 7, OTHER: 7
    }  # fmt: skip
    assert "West" not in (tmp_path / "s" / "surveys" / "wh.toml").read_text()
    # A warehouse that left its small segments out: the rest of [all] is "unknown".
    path = warehouse(raw, tmp_path / "wh2.csv")
    text = path.read_text().splitlines()
    text = [x for x in text if not x.startswith(("West,", "Isle,"))]
    path.write_text("\n".join(text) + "\n")
    result = cli("survey", "import", path, "--format", "summary", "--dir", tmp_path / "s")
    assert result.exit_code == 0, result.output
    saved = load_summary(tmp_path / "s" / "surveys" / "wh2.toml")
    assert sum(v.respondents for v in saved.segments.values()) == saved.respondents == 26
    # personal data as a warehouse segment name
    path = tmp_path / "wh3.csv"
    path.write_text(
        warehouse(raw, tmp_path / "w.csv").read_text().replace("West,", "ana (at) x dot pl,")
    )
    result = cli("survey", "import", path, "--format", "summary", "--dir", tmp_path / "s")
    one_line_error(result, "wh3.csv:", "e-mail", "nothing was saved")


def test_warehouse_with_3000_segments_stops_at_the_cap(cli, tmp_path):
    rows = ["segment,statistic,pillar,other,value"]
    rows += [f"Region {i},respondents,,,10" for i in range(3000)]
    path = tmp_path / "many.csv"
    path.write_text("\n".join(rows) + "\n")
    result = cli("survey", "import", path, "--format", "summary", "--dir", tmp_path / "s")
    one_line_error(result, "many.csv:103", "more than 100")


# -- 3. consistent summaries ---------------------------------------------------------------------


def test_two_line_warehouse_csv_with_0_respondents_is_refused_at_import(cli, tmp_path):
    path = tmp_path / "zero.csv"
    path.write_text("segment,statistic,pillar,other,value\nall,respondents,,,0\n")
    result = cli("survey", "import", path, "--format", "summary", "--dir", tmp_path / "s")
    one_line_error(result, "zero.csv:2", "0 respondents")
    assert not (tmp_path / "s").exists()


def test_a_0_respondent_summary_never_reaches_stopiteration(cli, demo, tmp_path, clean_summary):
    """compare, report and chart ended in 'unexpected StopIteration': compare.py looked up
    each pillar in a customer ranking that is empty without respondents."""
    doc = json.loads(json.dumps(clean_summary, default=str))
    doc.pop("segments")
    empty = {
        "respondents": 0,
        "tie_sum": 0,
        "rank_sum": dict.fromkeys(IDS, 0),
        "rank_sumsq": dict.fromkeys(IDS, 0),
        "unranked": dict.fromkeys(IDS, 0),
        "positions": {p: [0] * 10 for p in IDS},
        "pairwise": {p: [0] * 10 for p in IDS},
    }
    doc["all"] = empty
    path = tmp_path / "zero.toml"
    path.write_bytes(store.dumps(doc))
    for args in (
        ("compare", "--survey", path),
        ("report", "--survey", path, "--out", tmp_path / "r.pdf"),
        ("chart", "gap", "--survey", path, "--out", tmp_path / "g.png"),
        ("chart", "priorities", "--survey", path),
        ("chart", "segments", "--survey", path),
    ):
        one_line_error(cli(*args, "--dir", demo), "zero.toml", "all.respondents", "0 respondents")


def broken(doc: dict, how: str) -> dict:
    doc = json.loads(json.dumps(doc, default=str))
    a = doc["all"]
    N = a["respondents"]
    if how == "unranked over N":
        a["unranked"]["service"] = N + 1
        a["positions"]["service"] = [0] * 10
    elif how == "mean rank above n":
        a["rank_sum"]["service"] = N * 11
    elif how == "sum of squares too small":
        a["rank_sumsq"]["service"] = 1
    elif how == "pairwise both ways over N":
        a["pairwise"]["service"][IDS.index("digital")] = N
        a["pairwise"]["digital"][IDS.index("service")] = N
    elif how == "above itself":
        a["pairwise"]["service"][IDS.index("service")] = 1
    elif how == "two pillars first":
        for p in IDS:
            a["positions"][p] = [N] + [0] * 9
            a["unranked"][p] = 0
    elif how == "segments over all":
        doc["segments"]["North"]["respondents"] += 0
        doc["all"] = doc["segments"]["South"]
    elif how == "a segment of 3":
        doc["segments"]["tiny"] = small_stats(3)
        doc["all"] = None
    elif how == "3 in no segment":
        doc["segments"].pop("East")
        doc["segments"]["tiny"] = small_stats(3)
    elif how == "min_segment 2":
        doc["min_segment"] = 2
    elif how == "too many segments":
        for i in range(101):
            doc["segments"][f"r{i}"] = doc["segments"]["North"]
    return doc


def small_stats(m: int) -> dict:
    order = {p: i + 1 for i, p in enumerate(IDS)}
    return {
        "respondents": m,
        "tie_sum": 0,
        "rank_sum": {p: r * m for p, r in order.items()},
        "rank_sumsq": {p: r * r * m for p, r in order.items()},
        "unranked": dict.fromkeys(IDS, 0),
        "positions": {p: [m if k == r - 1 else 0 for k in range(10)] for p, r in order.items()},
        "pairwise": {p: [m if order[p] < order[q] else 0 for q in IDS] for p in IDS},
    }


@pytest.mark.parametrize(
    "how,field",
    [
        ("unranked over N", "all.positions.service"),
        ("mean rank above n", "all.rank_sum.service"),
        ("sum of squares too small", "all.rank_sumsq.service"),
        ("pairwise both ways over N", "all.pairwise."),
        ("above itself", "all.pairwise.service"),
        ("two pillars first", "all.positions"),
        ("segments over all", "segments"),
        ("3 in no segment", "segments.tiny"),
        ("min_segment 2", "min_segment"),
        ("too many segments", "segments"),
    ],
)
def test_an_inconsistent_summary_is_refused_naming_the_field(
    cli, demo, tmp_path, clean_summary, how, field
):
    doc = broken(clean_summary, how)
    path = tmp_path / "bad.toml"
    path.write_bytes(store.dumps({k: v for k, v in doc.items() if v is not None}))
    one_line_error(cli("compare", "--survey", path, "--dir", demo), "bad.toml", field)


# -- 4. one wave merged twice --------------------------------------------------------------------


@pytest.fixture
def waves(tmp_path):
    folder = tmp_path / "s"
    for name, seed in (("march", 1), ("june", 2), ("sept", 3)):
        path = export(tmp_path / f"{name}.csv", groups(North=10, South=10), seed=seed)
        save_summary(import_file(path, FW, segment="segment").summary, folder)
    return folder


def test_merging_a_summary_with_itself_is_refused(cli, waves):
    for pair in (("march", "march"), ("march", waves / "surveys" / "march.toml")):
        result = cli("survey", "merge", *pair, "--name", "both", "--dir", waves)
        one_line_error(result, "twice")
    shutil.copy(waves / "surveys" / "march.toml", waves / "copy.toml")
    result = cli("survey", "merge", "march", waves / "copy.toml", "--name", "both", "--dir", waves)
    one_line_error(result, "same figures")
    assert not (waves / "surveys" / "both.toml").exists()


def test_merging_overlapping_merged_summaries_is_refused(cli, waves):
    ok = cli("survey", "merge", "march", "june", "--name", "spring", "--dir", waves)
    assert ok.exit_code == 0, ok.output
    for pair in (("spring", "june"), ("sept", "spring", "march")):
        result = cli("survey", "merge", *pair, "--name", "again", "--dir", waves)
        one_line_error(result, "twice")
    ok = cli("survey", "merge", "spring", "sept", "--name", "year", "--dir", waves)
    assert ok.exit_code == 0, ok.output
    assert load_summary(waves / "surveys" / "year.toml").respondents == 60


# -- 5, 6. survey names -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["con", "NUL", "Aux", "com1", "LPT9", "prn.txt", "con"])
def test_windows_device_names_are_never_file_names(cli, tmp_path, name):
    path = export(tmp_path / "x.csv", groups(North=10))
    result = cli("survey", "import", path, "--name", name, "--dir", tmp_path / "s")
    assert result.exit_code == 0, result.output
    (saved,) = (tmp_path / "s" / "surveys").glob("*.toml")
    assert saved.stem.split(".")[0].lower() not in {"con", "nul", "aux", "prn", "com1", "lpt9"}
    found = cli("compare", "--survey", name, "--dir", tmp_path / "s")  # found: no team to compare
    assert "no team assessments" in found.output, found.output


def test_the_name_typed_finds_the_slugged_file(cli, tmp_path):
    folder = tmp_path / "s"
    for label, seed in (("Wave March", 1), ("Wave June", 2)):
        path = export(tmp_path / f"{seed}.csv", groups(North=10), seed=seed)
        result = cli("survey", "import", path, "--name", label, "--dir", folder)
        assert result.exit_code == 0, result.output
    assert (folder / "surveys" / "wave-march.toml").is_file()
    result = cli("survey", "merge", "Wave March", "Wave June", "--name", "Both", "--dir", folder)
    assert result.exit_code == 0, result.output
    found = cli("compare", "--survey", "Wave March", "--dir", folder)
    assert "no team assessments" in found.output, found.output


def test_invisible_characters_are_dropped_from_names_and_segments(tmp_path):
    values = groups(North=6) + ["No\u200brth", "North\u202e", "\u2066North\u2069"] + groups(South=6)
    summary = import_file(
        export(tmp_path / "x.csv", values), FW, segment="segment", name="wave\u200b\u202emarch"
    ).summary
    assert summary.name == "wavemarch"
    assert {s: v.respondents for s, v in summary.segments.items()} == {"North": 9, "South": 6}


def test_protect_is_idempotent_and_keeps_the_total():
    from cx_pillars.survey.summary import SegmentStats

    rng = random.Random(3)

    def stats(m: int) -> SegmentStats:
        s = SegmentStats.empty(len(IDS))
        s.respondents = m
        return s

    for _ in range(200):
        sizes = {f"s{i}": rng.randint(1, 12) for i in range(rng.randint(1, 8))}
        if rng.random() < 0.3:
            sizes[OTHER] = rng.randint(1, 12)
        segs = {name: stats(m) for name, m in sizes.items()}
        out, _guard = protect(segs, 5)
        assert all(v.respondents >= 5 for v in out.values())
        if out:  # every respondent still in exactly one segment
            assert sum(v.respondents for v in out.values()) == sum(sizes.values())
        else:  # dropped only when "other" would have been everyone
            assert _guard.dropped
        again, guard = protect(out, 5)
        assert again == out and not guard.changed
