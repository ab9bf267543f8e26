"""The survey summary: exact sums, additive (halves merged = the whole), a validated TOML
round trip, and the same numbers from the warehouse SQL in the README."""

import csv
import importlib.util
import io
import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cx_pillars.errors import CxError, ValidationError
from cx_pillars.pillars import builtin_framework, load_framework
from cx_pillars.survey.importer import import_file, save_summary
from cx_pillars.survey.summary import SurveySummary, load_summary
from cx_pillars.survey.warehouse import write_summary_csv

HERE = Path(__file__).resolve().parent
FIX = HERE / "fixtures" / "survey"
DOCS = HERE.parent / "README.md"
spec = importlib.util.spec_from_file_location("make_fixtures", FIX / "make_fixtures.py")
mk = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mk)

FW = builtin_framework()
IDS = FW.ids


def people(count, seed):
    import random

    rng = random.Random(seed)
    out = []
    for i in range(count):
        k = rng.choice([10, 10, 9, 4, 2, 0])
        order = rng.sample(IDS, k)
        ranks = {p: r for r, p in enumerate(order, 1)}
        if k == 4 and rng.random() < 0.5:
            ranks[order[3]] = 6  # a gap
        if i % 17 == 5 and k >= 2:
            ranks[order[1]] = ranks[order[0]]  # a duplicate: skipped
        out.append(
            {
                "ranks": ranks,
                "ratings": {p: rng.randint(1, 5) for p in rng.sample(IDS, 4)},
                "nps": rng.randint(0, 10),
                "ces": rng.randint(1, 7),
                "birth": rng.choice(["1950", "1970", "1990", "2004", "", "1930"]),
                "email": f"p{i}@example.com",
                "name": f"P {i}",
                "ip": "10.0.0.1",
                "comment": "ok",
            }
        )
    return out


def wide_file(tmp_path, name, respondents):
    path = tmp_path / name
    path.write_text(mk.wide(respondents), encoding="utf-8")
    return path


def numbers(summary: SurveySummary) -> dict:
    """Everything but the metadata (name, source, format, import time)."""
    doc = summary.to_dict()
    for key in ("name", "source", "format", "imported", "merged_from"):
        doc.pop(key, None)
    return doc


def test_halves_merged_equal_the_whole(tmp_path):
    crowd = people(240, seed=1)
    whole = import_file(wide_file(tmp_path, "all.csv", crowd), FW, birth_year="birth_year").summary
    a = import_file(wide_file(tmp_path, "a.csv", crowd[:100]), FW, birth_year="birth_year").summary
    b = import_file(wide_file(tmp_path, "b.csv", crowd[100:]), FW, birth_year="birth_year").summary
    merged = a.merge(b, name="both")
    assert numbers(merged) == numbers(whole)
    assert merged.merged_from == ["a", "b"] and merged.format == "wide"
    assert merged.skipped == whole.skipped and merged.skipped["duplicate rank"] > 0


def test_merge_command_writes_the_sum(cli, tmp_path):
    # waves big enough that every generation of each has the 5 a segment needs (smaller
    # segments are merged into "other", and "other" of two waves is not that of the whole)
    crowd = people(180, seed=2)
    store = tmp_path / "store"
    for name, part in (("w1", crowd[:80]), ("w2", crowd[80:])):
        r = cli(
            "survey",
            "import",
            wide_file(tmp_path, f"{name}.csv", part),
            "--dir",
            store,
            "--birth-year",
            "birth_year",
        )
        assert r.exit_code == 0, r.output
    r = cli(
        "survey",
        "merge",
        "w1",
        store / "surveys" / "w2.toml",
        "--name",
        "Both waves",
        "--dir",
        store,
        "--json",
    )
    assert r.exit_code == 0, r.output
    merged = load_summary(store / "surveys" / "both-waves.toml", FW)
    whole = import_file(wide_file(tmp_path, "all.csv", crowd), FW, birth_year="birth_year").summary
    assert numbers(merged) == numbers(whole)
    again = cli("survey", "merge", "w1", "w2", "--name", "both waves", "--dir", store)
    assert again.exit_code == 1 and "already exists" in again.output


def test_merge_refuses_other_frameworks(tmp_path):
    s = import_file(FIX / "wide.csv", FW).summary
    other = load_framework(FIX / "frameworks" / "lime_options.toml")
    shared = HERE.parents[1] / "shared" / "data" / "limesurvey"
    if not shared.is_dir():
        pytest.skip("../shared/data not present")
    o = import_file(shared / "LimeSurvey192_ExportResultsTest_long_codes.csv", other).summary
    with pytest.raises(CxError, match="framework 'ten-pillars' vs 'lime-options'"):
        s.merge(o)


def test_toml_round_trip_and_validation(tmp_path):
    s = import_file(FIX / "qualtrics.csv", FW, birth_year="born").summary
    path = save_summary(s, tmp_path)
    assert path == tmp_path / "surveys" / "qualtrics.toml"
    back = load_summary(path, FW)
    assert back == s
    assert back.ranking() == s.ranking() and back.segment_names() == s.segment_names()


@pytest.mark.parametrize(
    "edit,field",
    [
        (lambda d: d.update(survey=2), "survey"),
        (lambda d: d["all"]["positions"].pop("service"), "all.positions"),
        (lambda d: d["all"]["positions"].__setitem__("service", [1, 2]), "all.positions.service"),
        (lambda d: d["all"]["rank_sum"].__setitem__("service", -1), "all.rank_sum.service"),
        (lambda d: d["all"].__setitem__("respondents", 6), "all.positions.advertising"),
        (lambda d: d.update(pillars=["a"]), "pillars"),
        (lambda d: d.update(imported="yesterday"), "imported"),
        (
            lambda d: d["segments"]["Gen Z"].__setitem__("respondents", "1"),
            "segments.Gen Z.respondents",
        ),
    ],
)
def test_a_damaged_summary_names_file_and_field(tmp_path, edit, field):
    import tomli_w

    # each respondent five times over: every generation has the 5 a segment needs
    five = wide_file(tmp_path, "five.csv", mk.RESPONDENTS * 5)
    s = import_file(five, FW, birth_year="birth_year").summary
    doc = s.to_dict()
    edit(doc)
    path = tmp_path / "bad.toml"
    path.write_text(tomli_w.dumps(doc))
    with pytest.raises(ValidationError) as err:
        load_summary(path, FW)
    assert str(err.value).startswith(f"{path}: {field}: ")


def test_a_summary_of_another_framework_is_refused(tmp_path):
    s = import_file(FIX / "wide.csv", FW).summary
    path = save_summary(s, tmp_path)
    other = load_framework(FIX / "frameworks" / "fruits.toml")
    with pytest.raises(ValidationError, match="is a survey of framework 'ten-pillars'"):
        load_summary(path, other)


def test_pillars_in_another_order_are_put_in_catalog_order(tmp_path):
    s = import_file(FIX / "wide.csv", FW).summary
    doc = s.to_dict()
    order = list(reversed(IDS))
    doc["pillars"] = order
    doc["all"]["pairwise"] = {
        p: [row[IDS.index(q)] for q in order] for p, row in doc["all"]["pairwise"].items()
    }
    back = SurveySummary.from_dict(doc).for_framework(FW)
    assert back.pillars == IDS
    assert back.ranking() == s.ranking()
    assert back.all.pairwise == s.all.pairwise


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.tuples(st.permutations(list(range(10))), st.integers(0, 10)), min_size=1, max_size=25
    )
)
def test_summary_invariants(tmp_path, rows):
    """Whatever the rankings: counts add up, ranks sum to n(n+1)/2 per respondent, the
    pairwise counts of a pair add up to at most N, and TOML gives back the same."""
    lines = [",".join(IDS)]
    for perm, k in rows:
        cells = [""] * 10
        for r, i in enumerate(perm[:k], 1):
            cells[i] = str(r)
        lines.append(",".join(cells) + ("," if k == 0 else ""))
    path = tmp_path / "h.csv"
    path.write_text("\n".join(lines) + "\n")
    answered = [k for _, k in rows if k]
    if not answered:
        with pytest.raises(CxError, match="no usable ranking|no responses after its header"):
            import_file(path, FW)
        return
    s = import_file(path, FW).summary
    N = s.respondents
    assert N == len(answered)
    assert sum(s.all.rank_sum) == pytest.approx(N * 55)
    for i in range(10):
        assert sum(s.all.positions[i]) + s.all.unranked[i] == N
        for j in range(10):
            assert s.all.pairwise[i][j] + s.all.pairwise[j][i] <= N
    t = [10 - k for k in answered if k != 9]
    assert s.all.tie_sum == sum(x**3 - x for x in t if x > 1)
    assert SurveySummary.from_dict(s.to_dict()) == s


def test_kendall_w_of_identical_rankings_is_one(tmp_path):
    path = tmp_path / "same.csv"
    path.write_text(",".join(IDS) + "\n" + "\n".join(["1,2,3,4,5,6,7,8,9,10"] * 5) + "\n")
    assert import_file(path, FW).summary.all.kendall_w() == pytest.approx(1.0)


# -- the warehouse route -----------------------------------------------------------------


def sql_blocks():
    text = DOCS.read_text(encoding="utf-8")
    return re.findall(r"```sql\n(.*?)```", text, re.S)


def test_summary_csv_round_trip(cli, tmp_path):
    s = import_file(
        wide_file(tmp_path, "w.csv", people(120, seed=5)), FW, birth_year="birth_year"
    ).summary
    out = io.StringIO()
    write_summary_csv(s, out)
    path = tmp_path / "summary.csv"
    path.write_text(out.getvalue())
    back = import_file(path, FW, fmt="summary").summary
    assert back.format == "summary"
    assert numbers(back) | {"skipped": {}, "ignored": {}} == numbers(s) | {
        "skipped": {},
        "ignored": {},
    }
    r = cli("survey", "import", path, "--dir", tmp_path / "store", "--name", "wh", "--json")
    assert r.exit_code == 0, r.output  # detected by its header


def test_summary_csv_errors_name_the_line(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(
        "segment,statistic,pillar,other,value\nall,respondents,,,2\nall,position,servise,1,2\n"
    )
    with pytest.raises(ValidationError) as err:
        import_file(path, FW, fmt="summary")
    assert str(err.value).startswith(f"{path}:3: 'servise' is not a pillar id")
    path.write_text("segment,statistic,pillar,other,value\nall,respondents,,,2\n")
    with pytest.raises(ValidationError, match="positions and unranked add up to 0, not the 2"):
        import_file(path, FW, fmt="summary")


def test_the_documented_sql_gives_the_import_numbers(tmp_path):
    """The README's warehouse SQL, run on SQLite, equals importing the same answers."""
    crowd = people(300, seed=8)
    direct = import_file(wide_file(tmp_path, "w.csv", crowd), FW, birth_year="birth_year").summary
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE responses (respondent_id, segment, pillar, rank)")
    db.execute("CREATE TABLE pillars (pillar)")
    db.execute("CREATE TABLE ratings (respondent_id, pillar, rating)")
    db.execute("CREATE TABLE scores (respondent_id, nps, ces)")
    db.executemany("INSERT INTO pillars VALUES (?)", [(p,) for p in IDS])
    generation = {"1950": "Boomers", "1970": "Gen X", "1990": "Millennials", "2004": "Gen Z"}
    for i, r in enumerate(crowd):
        seg = generation.get(r["birth"], "unknown")
        db.executemany(
            "INSERT INTO responses VALUES (?, ?, ?, ?)",
            [(i, seg, p, rank) for p, rank in r["ranks"].items()],
        )
        db.executemany(
            "INSERT INTO ratings VALUES (?, ?, ?)", [(i, p, v) for p, v in r["ratings"].items()]
        )
        db.execute("INSERT INTO scores VALUES (?, ?, ?)", (i, r["nps"], r["ces"]))
    main, extra = sql_blocks()[1], sql_blocks()[2]
    query = (
        main
        + "\nUNION ALL\n"
        + "\n".join(line for line in extra.splitlines() if not line.startswith("--"))
    )
    rows = db.execute(query).fetchall()
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["segment", "statistic", "pillar", "other", "value"])
    w.writerows([["" if v is None else v for v in row] for row in rows])
    path = tmp_path / "warehouse.csv"
    path.write_text(out.getvalue())
    via_sql = import_file(path, FW).summary
    assert numbers(via_sql) | {"skipped": {}, "ignored": {}} == numbers(direct) | {
        "skipped": {},
        "ignored": {},
    }
