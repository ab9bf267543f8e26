"""Rating cells outside 1–5 (issue 13, item 7): the import skips the cell, counts it by
reason, and never drops the column silently, so importing two files and merging them
gives exactly what importing them as one file gives, rating means included.

Figures are worked out by hand in the comments; the files are written here.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cx_pillars.pillars import load_framework
from cx_pillars.survey.importer import import_file

FW = load_framework(None)
IDS = list(FW.ids)
HEADER = ["respondent", *IDS, "rating_products"]


def write(path: Path, rows: list[tuple[list[str], str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for k, (ranking, rating) in enumerate(rows, 1):
            ranks = [str(ranking.index(p) + 1) for p in IDS]
            out.writerow([str(k), *ranks, rating])
    return path


def rankings(count: int, shift: int) -> list[list[str]]:
    return [IDS[(k + shift) % 10 :] + IDS[: (k + shift) % 10] for k in range(count)]


# File A: 20 respondents; 15 rate products in scale (fourteen 3s and one 4: sum 46,
# mean 46/15 = 3.07) and 5 wrote 7, outside 1–5: 25% of the cells.
A_RATINGS = ["3"] * 14 + ["4"] + ["7"] * 5
# File B: 10 respondents rating products 3, 3, 3 and seven 2s: sum 23, mean 2.30.
B_RATINGS = ["3"] * 3 + ["2"] * 7
# Both as one file: 25 cells in scale, sum 46 + 23 = 69, mean 69/25 = 2.76; 5 left out.


def files(tmp_path: Path) -> tuple[Path, Path, Path]:
    a_rows = list(zip(rankings(20, 0), A_RATINGS, strict=True))
    b_rows = list(zip(rankings(10, 3), B_RATINGS, strict=True))
    return (
        write(tmp_path / "a.csv", a_rows),
        write(tmp_path / "b.csv", b_rows),
        write(tmp_path / "whole.csv", a_rows + b_rows),
    )


def products_mean(summary) -> float | None:
    means = summary.all.mean_ratings()
    return None if means is None else means[IDS.index("products")]


def comparable(summary) -> dict:
    doc = summary.to_dict()
    for key in ("name", "source", "format", "imported", "merged_from"):
        doc.pop(key, None)
    return doc


@pytest.mark.parametrize("fast", [True, False])
def test_merging_two_imports_equals_importing_them_as_one(tmp_path, fast):
    a, b, whole = files(tmp_path)
    sa = import_file(a, FW, fmt="wide", fast=fast).summary
    sb = import_file(b, FW, fmt="wide", fast=fast).summary
    sw = import_file(whole, FW, fmt="wide", fast=fast).summary
    merged = sa.merge(sb)
    # before: A's rating column was dropped (25% of its cells outside 1–5), so the
    # merge knew only B's ratings: 2.30 against the whole file's 2.76
    assert products_mean(sw) == pytest.approx(69 / 25)
    assert products_mean(sb) == pytest.approx(2.30)
    assert products_mean(sa) == pytest.approx(46 / 15)
    assert products_mean(merged) == pytest.approx(69 / 25)
    assert sa.all.ratings[IDS.index("products")] == [0, 0, 14, 1, 0]
    assert sw.all.ratings[IDS.index("products")] == [0, 7, 17, 1, 0]
    # the five cells outside 1–5 are counted, by reason, in A and in the whole file
    assert sa.ignored == {"rating outside 1-5": 5}
    assert sw.ignored == {"rating outside 1-5": 5}
    assert merged.ignored == {"rating outside 1-5": 5}
    # and every other figure adds up exactly too
    assert comparable(merged) == comparable(sw)


def test_a_mostly_out_of_scale_column_is_kept_cell_by_cell_and_said(tmp_path):
    # 10 respondents, 8 wrote 6-10 (a 1-10 scale, perhaps), 2 wrote 4 and 5
    rows = list(
        zip(rankings(10, 0), ["6", "7", "8", "9", "10", "6", "7", "8", "4", "5"], strict=True)
    )
    result = import_file(write(tmp_path / "c.csv", rows), FW, fmt="wide")
    assert result.summary.ignored == {"rating outside 1-5": 8}
    assert result.summary.all.ratings[IDS.index("products")] == [0, 0, 0, 1, 1]
    said = [str(where) for what, where in result.plan.extras if what == "ratings 1-5"]
    assert len(said) == 1 and "outside 1–5" in said[0] and "80%" in said[0]


def test_a_column_of_words_is_left_out_in_one_line(tmp_path):
    words = ["good", "bad", "fine", "good", "ok", "bad", "good", "fine", "ok", "good"]
    rows = list(zip(rankings(10, 0), words, strict=True))
    result = import_file(write(tmp_path / "d.csv", rows), FW, fmt="wide")
    assert result.summary.all.ratings is None
    said = [str(where) for what, where in result.plan.extras if what == "ratings 1-5"]
    assert len(said) == 1 and "left out" in said[0] and "rating_products" in said[0]
