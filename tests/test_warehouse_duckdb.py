"""The README's warehouse SQL on DuckDB, the embedded engine a user reaches for first.

The same SQL text runs on SQLite in tests/test_survey_summary.py; here it runs on
DuckDB exactly as the README says (``COPY (<the query>) TO 'survey-summary.csv'``),
and the file it writes imports to the summary that importing the answers themselves
gives.  DuckDB is an optional test dependency (``pip install -e '.[warehouse]'``).
"""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

import pytest

from cx_pillars.pillars import builtin_framework
from cx_pillars.survey.importer import import_file
from cx_pillars.survey.summary import SurveySummary

duckdb = pytest.importorskip(
    "duckdb", reason="duckdb is not installed (pip install -e '.[warehouse]')"
)

README = Path(__file__).resolve().parent.parent / "README.md"
FW = builtin_framework()
IDS = FW.ids
GENERATION = {1950: "Boomers", 1970: "Gen X", 1990: "Millennials", 2004: "Gen Z"}


def readme_sql() -> tuple[str, str]:
    """(the summary query, the ratings/NPS/CES addition) as the README prints them."""
    blocks = re.findall(r"```sql\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    main = [b for b in blocks if b.startswith("-- survey-summary.sql")]
    extra = [b for b in blocks if b.startswith("-- ratings(")]
    assert len(main) == 1 and len(extra) == 1, "the README's warehouse SQL blocks moved"
    return main[0], extra[0]


def crowd(count: int, seed: int) -> list[dict]:
    """Respondents with complete, top-k, gapped, n-1, empty and broken rankings."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        k = rng.choice([10, 10, 9, 4, 2, 1, 0])
        order = rng.sample(IDS, k)
        ranks = {p: r for r, p in enumerate(order, 1)}
        if k == 4 and rng.random() < 0.5:
            ranks[order[3]] = 7  # a gap: 1, 2, 3, 7 is read as 1, 2, 3, 4
        if i % 13 == 6 and k >= 2:
            ranks[order[1]] = ranks[order[0]]  # a rank used twice: the row is skipped
        if i % 29 == 3 and k >= 1:
            ranks[order[0]] = 11  # outside 1..10: skipped
        out.append(
            {
                "ranks": ranks,
                "ratings": {p: rng.randint(1, 5) for p in rng.sample(IDS, 5)},
                "nps": rng.randint(0, 10),
                "ces": rng.randint(1, 7),
                "birth": rng.choice([1950, 1970, 1990, 2004, None]),
            }
        )
    return out


def wide_export(path: Path, people: list[dict]) -> Path:
    """A plain wide CSV: one column per pillar holding its rank."""
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["respondent", "birth_year", *IDS, *(f"rating_{p}" for p in IDS), "NPS", "CES"])
        for i, r in enumerate(people, 1):
            w.writerow(
                [i, r["birth"] or ""]
                + [r["ranks"].get(p, "") for p in IDS]
                + [r["ratings"].get(p, "") for p in IDS]
                + [r["nps"], r["ces"]]
            )
    return path


def load_warehouse(db, people: list[dict]) -> None:
    """The README's input tables, typed as a warehouse would type them."""
    db.execute(
        "CREATE TABLE responses (respondent_id INTEGER, segment VARCHAR, "
        "pillar VARCHAR, rank INTEGER)"
    )
    db.execute("CREATE TABLE pillars (pillar VARCHAR)")
    db.execute("CREATE TABLE ratings (respondent_id INTEGER, pillar VARCHAR, rating INTEGER)")
    db.execute("CREATE TABLE scores (respondent_id INTEGER, nps INTEGER, ces INTEGER)")
    db.executemany("INSERT INTO pillars VALUES (?)", [[p] for p in IDS])
    responses, ratings, scores = [], [], []
    for i, r in enumerate(people, 1):
        segment = GENERATION.get(r["birth"], "unknown")
        responses += [[i, segment, p, rank] for p, rank in r["ranks"].items()]
        ratings += [[i, p, v] for p, v in r["ratings"].items()]
        scores.append([i, r["nps"], r["ces"]])
    for table, rows in (("responses", responses), ("ratings", ratings), ("scores", scores)):
        if rows:  # DuckDB refuses an empty executemany
            marks = ", ".join("?" * len(rows[0]))
            db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def documented_query() -> str:
    """The summary query with the ratings/NPS/CES SELECTs added inside the same WITH,
    as the README tells the reader to do."""
    main, extra = readme_sql()
    body = "\n".join(line for line in extra.splitlines() if not line.startswith("--"))
    return main.rstrip() + "\nUNION ALL\n" + body


def numbers(summary: SurveySummary) -> dict:
    """Everything but the metadata (name, source, format, import time) and the skipped
    rows (a warehouse never sees those: it is given only the rows it counts)."""
    doc = summary.to_dict()
    for key in ("name", "source", "format", "imported", "merged_from", "skipped", "ignored"):
        doc.pop(key, None)
    return doc


def test_the_readme_sql_on_duckdb_gives_the_import_numbers(tmp_path):
    people = crowd(400, seed=12)
    direct = import_file(
        wide_export(tmp_path / "answers.csv", people), FW, birth_year="birth_year"
    ).summary
    db = duckdb.connect(":memory:")
    load_warehouse(db, people)
    out = tmp_path / "survey-summary.csv"
    # The README: COPY (<the query>) TO 'survey-summary.csv' (HEADER, DELIMITER ',');
    db.execute(f"COPY ({documented_query()}) TO '{out.as_posix()}' (HEADER, DELIMITER ',')")
    via_duckdb = import_file(out, FW).summary
    assert via_duckdb.format == "summary"
    assert numbers(via_duckdb) == numbers(direct)

    # Counted by hand, beside both: who is kept, and how many put each pillar first.
    def kept(r: dict) -> bool:
        ranks = list(r["ranks"].values())
        return bool(ranks) and len(set(ranks)) == len(ranks) and max(ranks) <= 10

    ok = [r for r in people if kept(r)]
    assert via_duckdb.all.respondents == len(ok) > 200
    firsts = [min(r["ranks"], key=r["ranks"].get) for r in ok]
    assert [p[0] for p in via_duckdb.all.positions] == [firsts.count(p) for p in IDS]
    boomers = sum(1 for r in ok if r["birth"] == 1950)
    assert via_duckdb.segments["Boomers"].respondents == boomers


def test_duckdb_and_the_import_agree_on_partial_rankings_by_hand(tmp_path):
    """Three respondents worked by hand: a full ranking, a top 2 with a gap, n - 1."""
    full = {p: i for i, p in enumerate(IDS, 1)}
    top2 = {"service": 1, "friction": 3}  # read as 1, 2; the other 8 get (2 + 1 + 10) / 2
    nine = {p: i for i, p in enumerate(IDS[:9], 1)}  # the tenth is last
    people = [
        {"ranks": r, "ratings": {}, "nps": 9, "ces": 6, "birth": None} for r in (full, top2, nine)
    ]
    db = duckdb.connect(":memory:")
    load_warehouse(db, people)
    rows = db.execute(readme_sql()[0]).fetchall()
    stat = {(seg, s, p, o): float(v) for seg, s, p, o, v in rows}
    assert stat[("unknown", "respondents", None, None)] == 3
    # service: 8 (full) + 1 (top 2) + 8 (nine) = 17; friction: 9 + 2 + 9 = 20
    assert stat[("unknown", "rank_sum", "service", None)] == 17
    assert stat[("unknown", "rank_sum", "friction", None)] == 20
    # reputation: 10 + 6.5 + 10 (unranked in the 9 = last)
    assert stat[("unknown", "rank_sum", "reputation", None)] == 26.5
    assert stat[("unknown", "rank_sumsq", "reputation", None)] == 100 + 6.5**2 + 100
    # Only the top 2 leaves pillars tied: one group of 8 -> 8^3 - 8
    assert stat[("unknown", "tie_sum", None, None)] == 8**3 - 8
    assert stat[("unknown", "unranked", "reputation", None)] == 1
    assert stat[("unknown", "position", "reputation", "10")] == 2
    # service (8th, 1st, 8th) is above friction (9th, 2nd, 9th) for all three
    assert stat[("unknown", "above", "service", "friction")] == 3
    assert ("unknown", "above", "friction", "service") not in stat
    # two unranked pillars of the top 2 are not compared: 2 of 3 put content above digital
    assert stat[("unknown", "above", "content", "digital")] == 2
