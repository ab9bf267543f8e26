"""Missing-answer tokens ("No opinion", "-99", "Nie wiem", "无意见", --missing) in survey
exports: read as "not ranked" / no answer, never as a broken rank (issue 12, item 5)."""

from __future__ import annotations

import json
import random

import pytest

from cx_pillars.pillars import builtin_framework
from cx_pillars.survey.importer import import_file

FW = builtin_framework()
IDS = list(FW.ids)
N = len(IDS)


def election_rows(token: str | list[str], rows: int = 116, with_token: int = 55, seed: int = 12):
    """An election-style wide export: one column per item holding its rank; the first
    ``with_token`` rows leave some items unranked with ``token`` (spelt in several
    ways when a list), the rest rank every item.  Some partial rows have gaps."""
    rng = random.Random(seed)
    tokens = token if isinstance(token, list) else [token]
    out = []
    for r in range(rows):
        order = IDS[:]
        rng.shuffle(order)
        if r < with_token:
            k = rng.randint(1, N - 2)
            ranks = list(range(1, k + 1))
            if r % 4 == 0 and k > 1:  # a gap: 1, 2, 4 ...
                ranks[-1] += 1
            cell = {p: str(ranks[i]) for i, p in enumerate(order[:k])}
            for p in order[k:]:
                cell[p] = tokens[r % len(tokens)]
        else:
            cell = {p: str(i + 1) for i, p in enumerate(order)}
        out.append([cell[p] for p in IDS])
    return out


def write_csv(path, rows, header=None):
    header = header or ["voter", *IDS]
    lines = [",".join(header)]
    for i, row in enumerate(rows, start=1):
        lines.append(",".join([f"v{i}", *row]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def is_rank(cell: str) -> bool:
    return cell.strip().isdigit() and int(cell) > 0


def hand_mean_ranks(rows) -> list[float]:
    """PRODUCT.md §5 by hand: ranked items get 1..k in the order given (gaps closed),
    the unranked the mean of the remaining places, (k + 1 + n) / 2; n - 1 ranked
    leaves the last place to the one left."""
    totals = [0.0] * N
    for row in rows:
        given = sorted((int(c), j) for j, c in enumerate(row) if is_rank(c))
        k = len(given)
        rank = [(k + 1 + N) / 2] * N
        for place, (_, j) in enumerate(given, start=1):
            rank[j] = place
        if k == N - 1:
            rank[next(j for j in range(N) if not is_rank(row[j]))] = N
        for j in range(N):
            totals[j] += rank[j]
    return [t / len(rows) for t in totals]


def token_cells(rows) -> int:
    return sum(1 for row in rows for c in row if not is_rank(c))


@pytest.mark.parametrize("fast", [True, False])
def test_no_opinion_cells_are_not_ranked(tmp_path, fast):
    rows = election_rows(["No opinion", "no  opinion", " NO OPINION", "No Opinion"])
    result = import_file(write_csv(tmp_path / "election.csv", rows), FW, fast=fast)
    s = result.summary
    assert s.respondents == 116
    assert s.skipped == {}
    assert s.all.mean_ranks() == pytest.approx(hand_mean_ranks(rows))
    assert result.no_answer == token_cells(rows) > 0
    assert [w.casefold() for w in result.no_answer_words] == ["no opinion"]  # once


@pytest.mark.parametrize(
    "tokens",
    [
        ["-99"],
        ["N/A", "n/a", "NA"],
        ["Don't know", "Don’t know", "Not applicable", "Prefer not to say"],
        ["Brak zdania", "Nie wiem", "Nie dotyczy", "Wolę nie odpowiadać", "Trudno powiedzieć"],
        ["无意见", "不知道", "不适用", "不愿透露"],
        ["無意見", "不知道", "不適用", "不願透露"],
        ["nie  WIEM", "Trudno\u00a0powiedzieć", "dont know"],
    ],
)
def test_missing_tokens_in_rank_cells(tmp_path, tokens):
    rows = election_rows(tokens)
    result = import_file(write_csv(tmp_path / "election.csv", rows), FW)
    s = result.summary
    assert (s.respondents, s.skipped) == (116, {})
    assert s.all.mean_ranks() == pytest.approx(hand_mean_ranks(rows))
    # Tools' own codes (-99, N/A) are missing like blanks; words are counted and shown.
    codes = tokens in (["-99"], ["N/A", "n/a", "NA"])
    assert result.no_answer == (0 if codes else token_cells(rows))


def test_missing_adds_a_token(tmp_path):
    rows = election_rows(["skip", "SKIP ", "Skip"])
    path = write_csv(tmp_path / "election.csv", rows)
    before = import_file(path, FW).summary
    assert before.skipped["not a rank"] == 55
    result = import_file(path, FW, missing=["skip"])
    assert (result.summary.respondents, result.summary.skipped) == (116, {})
    assert result.summary.all.mean_ranks() == pytest.approx(hand_mean_ranks(rows))
    assert result.no_answer == token_cells(rows)


@pytest.mark.parametrize("fast", [True, False])
def test_a_numeric_missing_token_is_read_by_both_readers(tmp_path, fast):
    rows = election_rows("0")  # "0" is otherwise a rank out of range
    path = write_csv(tmp_path / "election.csv", rows)
    assert import_file(path, FW, fast=fast).summary.skipped["rank out of range"] == 55
    result = import_file(path, FW, fast=fast, missing=["0"])
    assert (result.summary.respondents, result.summary.skipped) == (116, {})
    assert result.summary.all.mean_ranks() == pytest.approx(hand_mean_ranks(rows))


@pytest.mark.parametrize("fast", [True, False])
def test_other_text_still_skips_the_row_with_its_line(tmp_path, fast):
    rows = election_rows("No opinion")
    rows[70][3] = "banana"  # a full ranking with one cell that is no rank
    rows[90][0] = "banana"
    result = import_file(write_csv(tmp_path / "election.csv", rows), FW, fast=fast)
    s = result.summary
    assert s.respondents == 114
    assert s.skipped == {"not a rank": 2}
    assert result.skipped_lines["not a rank"] == [72, 92]  # header on line 1
    kept = [r for i, r in enumerate(rows) if i not in (70, 90)]
    assert s.all.mean_ranks() == pytest.approx(hand_mean_ranks(kept))


def test_ratings_nps_and_ces_tokens_are_no_answer(tmp_path):
    rows = election_rows("No opinion", rows=20, with_token=5)
    header = ["voter", *IDS, "rating_service", "NPS", "CES"]
    extra = [["4", "9", "2"], ["No opinion", "Nie wiem", "无意见"], ["Not applicable", "-99", ""]]
    full = [row + extra[i % 3] for i, row in enumerate(rows)]
    result = import_file(write_csv(tmp_path / "scores.csv", full, header), FW)
    s = result.summary
    assert s.respondents == 20
    assert s.ignored == {}
    assert sum(s.all.nps or []) == 7 and sum(s.all.ces or []) == 7
    words = sum(1 for row in full for c in row[N:] if c in ("No opinion", "Nie wiem", "无意见"))
    assert result.no_answer == token_cells(rows) + words + 6  # + the Not applicable ratings


def test_positions_layout_tokens(tmp_path):
    """Item-per-rank columns (LimeSurvey): a token in a position is an empty position."""
    header = ["id", *(f"Q1[{k}]" for k in range(1, N + 1))]
    rows = [
        [*IDS[:3], "No opinion", *([""] * (N - 4))],
        [*IDS[3:6], *(["Nie wiem"] * (N - 3))],
        IDS[::-1],
    ]
    result = import_file(write_csv(tmp_path / "lime.csv", rows, header), FW, fmt="limesurvey")
    assert (result.summary.respondents, result.summary.skipped) == (3, {})
    assert result.no_answer == 1 + (N - 3)


def test_command_with_missing(tmp_path, runner):
    from cx_pillars.cli import app

    rows = election_rows(["skip", "No opinion"])
    path = write_csv(tmp_path / "election.csv", rows)
    store = tmp_path / "store"
    res = runner.invoke(
        app,
        ["survey", "import", str(path), "--dir", str(store), "--missing", "skip", "--name", "a"],
    )
    assert res.exit_code == 0, res.output
    assert "116 respondents." in res.output
    text = " ".join(res.output.split())
    assert f"{token_cells(rows)} cells read as no answer: " in text
    assert '"skip"' in text and '"No opinion"' in text
    res = runner.invoke(
        app,
        ["survey", "import", str(path), "--dir", str(store), "--missing", "skip", "--json"],
    )
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["respondents"] == 116 and doc["skipped"] == {}
    assert doc["no_answer_cells"] == token_cells(rows)
    ranks = {r["pillar"]: r["mean_rank"] for r in doc["ranking"]}
    assert [ranks[p] for p in IDS] == pytest.approx(hand_mean_ranks(rows), abs=1e-4)
    # Without --missing, "skip" is no rank: those rows are skipped with their lines.
    res = runner.invoke(
        app, ["survey", "import", str(path), "--dir", str(store), "--json", "--name", "c"]
    )
    assert json.loads(res.output)["skipped"]["not a rank"] == 28


@pytest.mark.parametrize(
    ("lang", "words"),
    [("pl", 'odczytano jako brak odpowiedzi: "Brak zdania".'), ("zh-Hant", "個儲存格按未作答處理")],
)
def test_the_line_is_translated(tmp_path, runner, lang, words):
    from cx_pillars.cli import app

    path = write_csv(tmp_path / "election.csv", election_rows("Brak zdania"))
    res = runner.invoke(
        app, ["survey", "import", str(path), "--dir", str(tmp_path / "s"), "--lang", lang]
    )
    assert res.exit_code == 0, res.output
    assert words in " ".join(res.output.split())
