"""Where a ranking's items stand: an "Other" item ranked above the pillars, and the same
grid asked twice (column numbers in the map file's ``[columns]``).

1. A question may rank an "Other (please specify)" item the framework has none of. Its
   place is left out and the pillars' ranks close up (Other 1st, Service 2nd: Service is
   1st among the pillars), in every layout that can hold it: per-item columns (Qualtrics,
   a Google grid, a plain wide file, a workbook), item-per-rank (LimeSurvey) and an
   ordered list in one cell (Microsoft Forms). Only the "Other" words of
   survey/vocabulary.py are left out so; any other item the framework lacks still stops
   the import with the map lines to add.
2. When the same grid is asked twice, every header appears twice: ``[columns]`` takes
   1-based column numbers (``12 = "service"``), checked with the map file's line, and the
   error's advice gives those numbers; copied line by line into a map file, they import.

Every expected number is a hand count (tests/fixtures/survey/acceptance.py hand_count) of
the rankings written, with "Other" taken out by hand.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from cx_pillars.pillars import builtin_framework
from cx_pillars.survey import engine, layout, read
from cx_pillars.survey.mapping import ColumnMap, load_map

try:
    from test_survey_acceptance import acc, assert_hand_count, one_error_line
except ImportError:  # pragma: no cover - run as a package
    from tests.test_survey_acceptance import acc, assert_hand_count, one_error_line

OTHER = "OTHER"  # the "Other" item in a ranking below; taken out by hand for the count

#: Other first before a full ranking (11 places), Other inside a top 4, rankings without
#: it, Other last of a top 4, a row that ranked only Other (no ranking of the pillars),
#: one that ranked nothing.
WITH_OTHER: tuple[tuple[str, ...], ...] = (
    (OTHER, *acc.RANKINGS[0]),
    ("products", OTHER, "service", "digital"),
    acc.RANKINGS[1],
    ("service", "products", "friction"),
    ("digital", "service", "reputation", OTHER),
    (OTHER,),
    (),
    (OTHER, "friction", "products"),
)
PILLARS_ONLY = tuple(tuple(p for p in r if p != OTHER) for r in WITH_OTHER)
#: respondents counted whose ranking held Other (the Other-only row ranks no pillar)
OTHER_RANKED = sum(1 for r, p in zip(WITH_OTHER, PILLARS_ONLY) if OTHER in r and p)


@pytest.fixture
def run(tmp_path):
    from typer.testing import CliRunner

    from cx_pillars.cli import app

    runner = CliRunner()
    count = iter(range(1000))

    def invoke(*args: object) -> tuple[int, str]:
        argv = ["survey", "import", *map(str, args), "--dir", str(tmp_path / "store")]
        argv += ["--name", f"s{next(count)}"]
        res = runner.invoke(app, argv)
        assert "Traceback" not in res.output
        return res.exit_code, res.output

    return invoke


def _engine(path: Path, cmap: ColumnMap | None = None, **kw: bool):
    fw = builtin_framework()
    plan = layout.plan_import(read.inspect(path), fw, cmap or ColumnMap())
    return plan, engine.run(plan, fw, **kw)


def _write(path: Path, rows: list[list[object]], **kw: object) -> Path:
    path.write_text(acc._csv_text(rows, **kw), encoding="utf-8")
    return path


def _rank_of(ranking: tuple[str, ...], item: str) -> str:
    return str(ranking.index(item) + 1) if item in ranking else ""


# -- 1. "Other" ranked above the pillars -----------------------------------------------------


def google_grid_with_other(folder: Path, other: str = "Inne", rankings=WITH_OTHER) -> Path:
    """A Google Forms grid of ranks whose last row is an "Other" item (a column
    "question [Inne]")."""
    q = "Uszereguj od najważniejszego"
    head = ["Sygnatura czasowa", "Adres e-mail"]
    head += [f"{q} [{acc.LABEL_PL[p]}]" for p in acc.IDS] + [f"{q} [{other}]", "Uwagi"]
    rows: list[list[object]] = [head]
    for i, r in enumerate(rankings, 1):
        when = acc._when(i).strftime("%Y/%m/%d %I:%M:%S %p") + " CET"
        cells = [_rank_of(r, p) for p in acc.IDS] + [_rank_of(r, OTHER)]
        rows.append([when, f"osoba{i}@example.pl", *cells, "ok"])
    return _write(folder / "grid_other.csv", rows, quote_all=True)


def wide_with_other(folder: Path, other: str = "Other", rankings=WITH_OTHER) -> Path:
    """A plain wide file: a column per pillar and one headed "Other", ranks in each."""
    head = ["Respondent", *(acc.LABEL[p] for p in acc.IDS), other, "Comment"]
    rows: list[list[object]] = [head]
    for i, r in enumerate(rankings, 1):
        rows.append([str(i), *(_rank_of(r, p) for p in acc.IDS), _rank_of(r, OTHER), "fine"])
    return _write(folder / "wide_other.csv", rows)


def limesurvey_with_other(folder: Path, other: str = "Sonstiges") -> Path:
    rows = acc.limesurvey6_rows()[:1]
    for i, r in enumerate(WITH_OTHER, 1):
        items = [other if p == OTHER else acc.LABEL[p] for p in r]
        rows.append([str(i), "2026-03-27 10:00:00", "2", "de", str(1000 + i)])
        rows[-1] += items + [""] * (len(acc.IDS) - len(items))
    return _write(folder / "results-survey1.csv", rows, delimiter=";")


def ms_forms_with_other(folder: Path, other: str = "Other (please specify)") -> Path:
    rows = acc.ms_forms_rows(item={**acc.LABEL, OTHER: other}, rankings=WITH_OTHER)
    return acc.ms_forms_xlsx(folder, rows)


@pytest.mark.parametrize(
    "build",
    [google_grid_with_other, wide_with_other, limesurvey_with_other],
    ids=["google-grid", "wide", "limesurvey"],
)
def test_other_above_the_pillars_closes_up_their_ranks(build, tmp_path, run):
    path = build(tmp_path)
    code, out = run(path, "--json")
    assert code == 0, out
    assert_hand_count(out, PILLARS_ONLY)


def test_other_first_in_a_forms_list_closes_up(tmp_path, run):
    code, out = run(ms_forms_with_other(tmp_path), "--json")
    assert code == 0, out
    assert_hand_count(out, PILLARS_ONLY)


@pytest.mark.parametrize(
    "build",
    [google_grid_with_other, wide_with_other, limesurvey_with_other],
    ids=["google-grid", "wide", "limesurvey"],
)
def test_respondents_who_ranked_other_are_counted_once(build, tmp_path):
    _, result = _engine(build(tmp_path))
    assert result.aggregate.other_ranked == OTHER_RANKED == 4
    assert result.other_words and all("OTHER" not in w for w in result.other_words)


def test_qualtrics_other_rank_is_counted_not_stored(tmp_path):
    path = acc.qualtrics_with_other_item(tmp_path, "Other (please specify)", first=True)
    plan, result = _engine(path)
    full = sum(1 for r in acc.RANKINGS if len(r) == len(acc.IDS))  # Other 11th, or 1st
    assert result.aggregate.other_ranked == full
    assert result.other_words == ["Other (please specify)"]
    assert len(plan.other_rank_columns) == 1
    assert "Mein Kundenberater" not in json.dumps(plan.detected)


def test_every_reader_gives_the_same_numbers(tmp_path):
    path = wide_with_other(tmp_path)
    done = [
        _engine(path, fast=f, threads=t)[1].aggregate for f in (True, False) for t in (True, False)
    ]
    for agg in done[1:]:
        assert (agg.dsum == done[0].dsum).all() and (agg.pos == done[0].pos).all()
        assert agg.other_ranked == done[0].other_ranked and agg.skipped == done[0].skipped


def test_a_workbook_with_other_reads_as_the_csv(tmp_path, run):
    """The workbook path reads cells as numbers (typed): same rule."""
    text = acc.qualtrics_with_other_item(tmp_path, "Other (please specify)", first=True)
    rows = [
        [int(c) if c.isdigit() else c for c in row]
        for row in csv.reader(io.StringIO(text.read_text(encoding="utf-8")))
    ]
    path = acc.write_xlsx(tmp_path / "export.xlsx", [acc.Sheet("Sheet0", rows)])
    code, out = run(path, "--json")
    assert code == 0, out
    assert_hand_count(out, acc.RANKINGS)


@pytest.mark.parametrize(
    "rank, reason",
    [("1", "duplicate rank"), ("12", "rank out of range"), ("first", "not a rank")],
)
def test_the_row_rules_hold_for_the_other_rank(rank, reason, tmp_path):
    """Other at 1 beside a pillar at 1, at 12 of 11 items, or as text: the row is skipped
    for that reason, with its line, like any broken ranking."""
    path = wide_with_other(tmp_path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    row = rows[3]  # acc.RANKINGS[1]: a full ranking without Other
    assert row[len(acc.IDS) + 1] == ""
    row[len(acc.IDS) + 1] = rank
    _write(path, rows)
    _, result = _engine(path)
    agg = result.aggregate
    assert agg.skipped[reason] == 1 and agg.skipped_lines[reason] == [4]
    n, _, _ = acc.hand_count(PILLARS_ONLY)
    assert int(agg.resp.sum()) == n - 1


def test_a_free_text_other_column_is_not_a_rank(tmp_path, run):
    """ "Other (please specify)" holding text beside the pillars' columns: not read as a
    rank, never stored; the rankings import as written."""
    head = ["Respondent", *(acc.LABEL[p] for p in acc.IDS), "Other (please specify)"]
    rows: list[list[object]] = [head]
    for i, r in enumerate(acc.RANKINGS, 1):
        rows.append([str(i), *(_rank_of(r, p) for p in acc.IDS), "my own adviser" if i % 2 else ""])
    path = _write(tmp_path / "wide_text.csv", rows)
    plan, _ = _engine(path)
    assert plan.other_rank_columns == []
    code, out = run(path, "--json")
    assert code == 0, out
    assert_hand_count(out, acc.RANKINGS)
    assert "adviser" not in out


@pytest.mark.parametrize(
    "build",
    [google_grid_with_other, wide_with_other, limesurvey_with_other],
    ids=["google-grid", "wide", "limesurvey"],
)
def test_an_unknown_item_that_is_not_other_still_stops(build, tmp_path, run):
    """Only the Other words are left out: "Price" is an item the framework lacks, and
    the import stops with the map lines to add."""
    path = build(tmp_path, "Price")
    code, out = run(path)
    line = one_error_line(code, out, path.name)
    assert "Price" in line and "--map FILE" in line


def test_an_unknown_item_in_a_forms_list_still_stops(tmp_path, run):
    path = ms_forms_with_other(tmp_path, "Price")
    line = one_error_line(*run(path), path.name)
    assert '[values] "Price" = ' in line


def test_the_import_summary_says_other_once(tmp_path, run):
    code, out = run(google_grid_with_other(tmp_path))
    assert code == 0, out
    flat = " ".join(out.split())
    assert flat.count("Inne") == 1, out
    assert f'"Inne" ranked by {OTHER_RANKED} respondents' in flat
    assert "no answer" not in flat


# -- 2. the same grid asked twice: [columns] by number ----------------------------------------

BEFORE, AFTER = acc.RANKINGS, acc.TOP3  # the second asking holds other answers


def grid_twice(folder: Path) -> Path:
    """A Google grid asked before and after: the same ten headers twice (columns 3-12
    and 13-22), the second asking answered otherwise than the first."""
    before, after = acc.google_rows(BEFORE), acc.google_rows(AFTER)
    rows = [b[:12] + a[2:12] + b[12:] for b, a in zip(before, after)]
    return _write(folder / "grid_twice.csv", rows, quote_all=True)


def columns_advice(line: str) -> list[str]:
    m = re.search(r"\[columns\] (.+?) and pass --map FILE", line)
    assert m, line
    return m.group(1).split("; ")


def _map(folder: Path, body: str) -> Path:
    path = folder / "map.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_the_advice_names_both_askings_and_reads_the_first(tmp_path, run):
    path = grid_twice(tmp_path)
    line = one_error_line(*run(path), path.name)
    assert "3–12; 13–22" in line
    entries = columns_advice(line)
    # by hand: column 3 + i holds pillar i of the grid (Google keeps the form's order)
    assert entries == [f'{3 + i} = "{p}"' for i, p in enumerate(acc.IDS)]
    code, out = run(path, "--map", _map(tmp_path, "[columns]\n" + "\n".join(entries)), "--json")
    assert code == 0, out
    assert_hand_count(out, BEFORE)


def test_the_second_askings_numbers_read_the_second(tmp_path, run):
    path = grid_twice(tmp_path)
    lines = [f'{13 + i} = "{p}"' for i, p in enumerate(acc.IDS)]
    code, out = run(path, "--map", _map(tmp_path, "[columns]\n" + "\n".join(lines)), "--json")
    assert code == 0, out
    assert_hand_count(out, AFTER)


def test_number_keys_may_be_quoted_and_mixed_with_headers(tmp_path, run):
    """``"13" = ...`` is a number as well; a header key maps a column of its own."""
    path = grid_twice(tmp_path)
    lines = [f'"{13 + i}" = "{p}"' for i, p in enumerate(acc.IDS)]
    lines.append('"Sygnatura czasowa" = "advertising"')  # claimed by 13: left unread
    code, out = run(path, "--map", _map(tmp_path, "[columns]\n" + "\n".join(lines)), "--json")
    assert code == 0, out
    assert_hand_count(out, AFTER)


def test_one_number_is_not_enough_and_the_error_says_so_again(tmp_path, run):
    path = grid_twice(tmp_path)
    code, out = run(path, "--map", _map(tmp_path, '[columns]\n3 = "advertising"\n'))
    line = one_error_line(code, out, path.name)
    entries = columns_advice(line)
    assert '3 = "advertising"' not in entries and '4 = "content"' in entries


def test_a_plain_wide_file_with_every_header_twice(tmp_path, run):
    head = ["id", *(acc.LABEL[p] for p in acc.IDS)]
    head += [acc.LABEL[p] for p in acc.IDS]
    rows: list[list[object]] = [head]
    for i, (b, a) in enumerate(zip(BEFORE, AFTER), 1):
        ranks = [_rank_of(b, p) for p in acc.IDS] + [_rank_of(a, p) for p in acc.IDS]
        rows.append([str(i), *ranks])
    path = _write(tmp_path / "wide_twice.csv", rows)
    line = one_error_line(*run(path), path.name)
    assert "2–11; 12–21" in line
    shifted = [re.sub(r"^\d+", lambda m: str(int(m.group()) + 10), e) for e in columns_advice(line)]
    code, out = run(path, "--map", _map(tmp_path, "[columns]\n" + "\n".join(shifted)), "--json")
    assert code == 0, out
    assert_hand_count(out, AFTER)


def test_typeform_top3_asked_twice_gets_position_numbers(tmp_path, run):
    """Three single-choice questions asked twice: the headers repeat, so the
    [positions] advice gives column numbers, for the first asking; they import."""
    first, again = acc.typeform_rows(), acc.typeform_rows(acc.TOP3[::-1])
    rows = [f[:7] + a[1:7] + f[7:] for f, a in zip(first, again)]
    path = acc.typeform_csv(tmp_path, rows)
    line = one_error_line(*run(path), path.name)
    m = re.search(r"\[positions\] (.+?) and pass --map FILE", line)
    assert m, line
    assert m.group(1).split("; ") == ['"2" = 1', '"4" = 2', '"6" = 3']
    body = "[positions]\n" + "\n".join(m.group(1).split("; "))
    code, out = run(path, "--map", _map(tmp_path, body), "--json")
    assert code == 0, out
    assert_hand_count(out, acc.TOP3)


@pytest.mark.parametrize(
    "body, line_no, field, words",
    [
        ('0 = "service"', 3, "columns.0", "not a column number"),
        ('-3 = "service"', 3, "columns.-3", "not a column number"),
        ('12.5 = "service"', 3, "columns.12.5", "not a column number"),
        ('"4,5" = "service"', 3, "columns.4,5", "not a column number"),
        ('3 = "servise"', 3, "columns.3", "not a pillar id"),
        ('4 = "advertising"\n"04" = "content"', 4, "columns.04", "names column 4 again"),
        ('4 = "advertising"\n14 = "advertising"', 4, "columns.14", "also given to column 4"),
    ],
)
def test_column_numbers_are_checked_with_the_line(body, line_no, field, words, tmp_path, run):
    path = grid_twice(tmp_path)
    the_map = _map(tmp_path, f"# columns by number\n[columns]\n{body}\n")
    code, out = run(path, "--map", the_map)
    line = one_error_line(code, out, "map.toml")
    assert f"map.toml:{line_no}: {field}: " in line and words in line, line


def test_a_column_number_beyond_the_export(tmp_path, run):
    path = grid_twice(tmp_path)
    code, out = run(path, "--map", _map(tmp_path, '[columns]\n3 = "advertising"\n99 = "content"\n'))
    line = one_error_line(code, out, "map.toml")
    assert "map.toml:3: columns.99: " in line and "has no column 99 (it has 23 columns)" in line


def test_load_map_keeps_numbers_apart_from_headers(tmp_path):
    fw = builtin_framework()
    body = '[columns]\n12 = "service"\n"07" = "friction"\n"Q5_1" = "advertising"\n'
    cmap = load_map(_map(tmp_path, body), fw)
    assert cmap.column_numbers == {12: "service", 7: "friction"}
    assert cmap.columns == {"q5_1": "advertising"}
    assert cmap.column_keys[7] == ("07", 3) and bool(cmap)


def test_a_wide_other_column_of_other_numbers_is_not_a_rank(tmp_path, run):
    """A column headed "Other" holding numbers that clash with the ranks (a count, a
    score) is not the rank of an Other item: the rankings import as written."""
    head = ["Respondent", *(acc.LABEL[p] for p in acc.IDS), "Other"]
    rows: list[list[object]] = [head]
    for i, r in enumerate(acc.RANKINGS, 1):
        rows.append([str(i), *(_rank_of(r, p) for p in acc.IDS), "2"])  # 2: taken by a pillar
    path = _write(tmp_path / "wide_count.csv", rows)
    plan, _ = _engine(path)
    assert plan.other_rank_columns == []
    code, out = run(path, "--json")
    assert code == 0, out
    assert_hand_count(out, acc.RANKINGS)


def _question_advice(line: str) -> list[str]:
    return re.findall(r'--question "([^"]+)"', line)


def test_a_forms_list_asked_twice_is_told_apart_by_a_column(tmp_path, run):
    """Two list columns under the same header: the words cannot tell them apart, so the
    advice gives --question "#N" (the question in column N); each reads its own."""
    first = acc.ms_forms_rows(rankings=BEFORE)
    again = acc.ms_forms_rows(rankings=AFTER)
    rows = [f[:7] + [a[6]] + f[7:] for f, a in zip(first, again)]
    path = acc.ms_forms_xlsx(tmp_path, rows)
    line = one_error_line(*run(path), path.name)
    assert _question_advice(line) == ["#7", "#8"], line
    for pick, rankings in (("#7", BEFORE), ("#8", AFTER)):
        code, out = run(path, "--question", pick, "--json")
        assert code == 0, out
        assert_hand_count(out, rankings)


def test_limesurvey_ranks_asked_twice_stop_instead_of_reading_one(tmp_path, run):
    """[Rank 1] ... [Rank 10] twice under one question: not read silently (it used to
    take the second); the advice's --question reads the asking it names."""
    first, again = acc.limesurvey6_rows(BEFORE), acc.limesurvey6_rows(AFTER)
    rows = [f[:15] + a[5:15] + f[15:] for f, a in zip(first, again)]
    path = _write(tmp_path / "results-survey2.csv", rows)
    line = one_error_line(*run(path), path.name)
    assert _question_advice(line) == ["#6", "#16"], line
    for pick, rankings in (("#6", BEFORE), ("#16", AFTER)):
        code, out = run(path, "--question", pick, "--json")
        assert code == 0, out
        assert_hand_count(out, rankings)
    the_map = _map(tmp_path, 'question = "#16"\n')
    code, out = run(path, "--map", the_map, "--json")
    assert code == 0, out
    assert_hand_count(out, AFTER)
