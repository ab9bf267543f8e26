"""survey import reads every export layout: fixtures per tool, oracle tests across
layouts, the fast and the csv reader agreeing, and the real exports in ../shared/data."""

import importlib.util
import random
from pathlib import Path

import pytest

from cx_pillars import stats
from cx_pillars.pillars import builtin_framework, load_framework
from cx_pillars.survey import engine, layout, read
from cx_pillars.survey.importer import import_file, to_summary
from cx_pillars.survey.mapping import ColumnMap, load_map

HERE = Path(__file__).resolve().parent
FIX = HERE / "fixtures" / "survey"
FRAMEWORKS = FIX / "frameworks"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

spec = importlib.util.spec_from_file_location("make_fixtures", FIX / "make_fixtures.py")
mk = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mk)

FW = builtin_framework()
IDS = FW.ids


# -- an independent reference: the summary numbers straight from the definitions --------


def reference(respondents, ratings=True):
    """{respondents, rank_sum, rank_sumsq, tie_sum, positions, unranked, pairwise, ...}."""
    n = len(IDS)
    out = {
        "respondents": 0,
        "rank_sum": [0.0] * n,
        "rank_sumsq": [0.0] * n,
        "tie_sum": 0,
        "positions": [[0] * n for _ in range(n)],
        "unranked": [0] * n,
        "pairwise": [[0] * n for _ in range(n)],
        "ratings": [[0] * 5 for _ in range(n)],
        "nps": [0] * 11,
        "ces": [0] * 7,
    }
    for r in respondents:
        order = mk.order_of(r)
        if not order:
            continue
        out["respondents"] += 1
        ranks = stats.complete_ranks(order, IDS)  # the partial-ranking rule
        if len(order) == n - 1:
            order = order + [p for p in IDS if p not in order]
        for i, p in enumerate(IDS):
            out["rank_sum"][i] += ranks[i]
            out["rank_sumsq"][i] += ranks[i] ** 2
            if p in order:
                out["positions"][i][order.index(p)] += 1
            else:
                out["unranked"][i] += 1
            for j in range(n):
                if ranks[i] < ranks[j]:
                    out["pairwise"][i][j] += 1
            rating = r["ratings"].get(p)
            if rating:
                out["ratings"][i][rating - 1] += 1
        t = n - len(order)
        out["tie_sum"] += t**3 - t if t > 1 else 0
        out["nps"][r["nps"]] += 1
        out["ces"][r["ces"] - 1] += 1
    if not ratings:
        del out["ratings"]
    return out


def stats_dict(seg, ratings=True, scores=True):
    d = {
        "respondents": seg.respondents,
        "rank_sum": seg.rank_sum,
        "rank_sumsq": seg.rank_sumsq,
        "tie_sum": seg.tie_sum,
        "positions": seg.positions,
        "unranked": seg.unranked,
        "pairwise": seg.pairwise,
    }
    if ratings:
        d["ratings"] = seg.ratings
    if scores:
        d["nps"], d["ces"] = seg.nps, seg.ces
    return d


GENERATION_OF = {
    "1990": "Millennials",
    "2001": "Gen Z",
    "1970": "Gen X",
    "1955": "Boomers",
    "": "unknown",
}

FORMAT_CASES = [
    # file, format detected, birth-year column, has ratings, extra options
    ("wide.csv", "wide", "birth_year", True, {}),
    ("qualtrics.csv", "qualtrics", "born", True, {}),
    ("qualtrics_legacy.csv", "qualtrics", "born", False, {}),
    ("surveymonkey.csv", "surveymonkey", "born", True, {}),
    ("google_forms.csv", "google-forms", "born", True, {}),
    ("limesurvey_codes.csv", "limesurvey", "BIRTH", True, {"map": "limesurvey_map.toml"}),
    ("limesurvey_full.csv", "limesurvey", "born", False, {}),
    ("ms_forms.csv", "ms-forms", "born", False, {}),
    ("formbricks.csv", "formbricks", "born", False, {}),
    ("surveyjs.json", "surveyjs", "birth_year", False, {}),
]


@pytest.mark.parametrize(
    "name,fmt,birth,has_ratings,opts", FORMAT_CASES, ids=[c[0] for c in FORMAT_CASES]
)
def test_each_layout_gives_the_reference_summary(name, fmt, birth, has_ratings, opts, tmp_path):
    cmap = load_map(FIX / opts["map"], FW) if "map" in opts else None
    result = import_file(FIX / name, FW, cmap=cmap, birth_year=birth)
    s = result.summary
    assert s.format == fmt
    assert s.respondents == 5
    assert s.skipped == {"no ranking": 1}
    assert result.skipped_lines["no ranking"]  # with its line number
    expected = reference(mk.RESPONDENTS, ratings=has_ratings)
    assert stats_dict(s.all, ratings=has_ratings) == expected
    assert (s.all.ratings is not None) == has_ratings
    assert s.segment_by == "generation"
    # One respondent per generation: no segment reaches 5 (k-anonymity), no split is kept.
    assert s.segments == {} and s.guard is not None and s.guard.dropped
    # Each respondent five times over: every generation has 5, and holds exactly them.
    five = tmp_path / name
    five.write_text(mk.WRITERS[name](mk.RESPONDENTS * 5), encoding="utf-8")
    s = import_file(five, FW, cmap=cmap, birth_year=birth).summary
    assert s.respondents == 25
    assert stats_dict(s.all, ratings=has_ratings) == reference(mk.RESPONDENTS * 5, has_ratings)
    assert {k: v.respondents for k, v in s.segments.items()} == {
        "Millennials": 5,
        "Gen Z": 5,
        "Gen X": 5,
        "Boomers": 5,
        "unknown": 5,
    }
    for r in mk.RESPONDENTS:
        if r["ranks"]:
            seg = s.segments[GENERATION_OF[r["birth"]]]
            assert stats_dict(seg, ratings=has_ratings) == reference([r] * 5, has_ratings)


def test_the_consensus_of_the_fixture():
    s = import_file(FIX / "wide.csv", FW).summary
    ranking = s.ranking()
    assert [r["pillar"] for r in ranking[:4]] == ["service", "friction", "products", "digital"]
    top = ranking[0]
    assert top["mean_rank"] == pytest.approx(1.8)  # (1 + 2 + 2 + 2 + 2) / 5
    assert top["first_place_share"] == pytest.approx(0.2)
    assert top["top3_share"] == pytest.approx(1.0)
    assert top["ci_low"] < 1.8 < top["ci_high"]


def test_the_multi_select_beside_the_ranking_is_not_taken():
    """Qualtrics: 'which have you noticed' names the same items; its cells are not ranks."""
    plan = layout.plan_import(read.inspect(FIX / "qualtrics.csv"), FW, ColumnMap())
    assert plan.question.startswith("Please rank")
    assert [name.split()[0] for name, _ in plan.mapping] == [f"Q2_{i}" for i in range(1, 11)]
    assert [label for what, label in plan.extras if what == "NPS 0-10"] == [
        "Q4 How likely are you to recommend us to a friend or…"
    ]


def test_ms_forms_ranking_is_the_ranked_list_not_the_multi_select():
    plan = layout.plan_import(read.inspect(FIX / "ms_forms.csv"), FW, ColumnMap())
    assert plan.kind == "list"
    assert plan.question.startswith("Rank these")


def test_question_picks_by_fragment():
    plan = layout.plan_import(
        read.inspect(FIX / "ms_forms.csv"), FW, ColumnMap(), question="noticed"
    )
    assert plan.question.startswith("Which of these")


# -- oracle: the same responses in several layouts ---------------------------------------


def random_respondents(count, seed):
    rng = random.Random(seed)
    out = []
    for i in range(count):
        k = rng.choice([10, 10, 10, 9, 3, 1, 0])
        order = rng.sample(IDS, k)
        ranks = {p: r for r, p in enumerate(order, 1)}
        if k == 3 and rng.random() < 0.5:  # a gap: 1, 2, 4
            ranks[order[2]] = 4
        out.append(
            {
                "ranks": ranks,
                "ratings": {p: rng.randint(1, 5) for p in rng.sample(IDS, 3)},
                "nps": rng.randint(0, 10),
                "ces": rng.randint(1, 7),
                "birth": rng.choice(["1950", "1975", "1990", "2005", "", "1930"]),
                "email": f"person{i}@example.com",
                "name": f"Person {i}",
                "ip": f"10.0.0.{i % 250}",
                "comment": "fine",
            }
        )
    return out


ORACLE_LAYOUTS = {
    "wide.csv": ("wide", "birth_year"),
    "qualtrics.csv": ("qualtrics", "born"),
    "surveymonkey.csv": ("surveymonkey", "born"),
    "limesurvey_codes.csv": ("limesurvey_codes", "BIRTH"),
    "limesurvey_full.csv": ("limesurvey_full", "born"),
    "ms_forms.csv": ("ms_forms", "born"),
    "google_forms.csv": ("google_forms", "born"),
    "formbricks.csv": ("formbricks", "born"),
    "surveyjs.json": ("surveyjs", "birth_year"),
}


def test_oracle_the_same_responses_in_every_layout_give_identical_summaries(tmp_path):
    people = random_respondents(150, seed=4)
    (tmp_path / "map.toml").write_text(mk.limesurvey_map())
    cmap = load_map(tmp_path / "map.toml", FW)
    results = {}
    for name, (writer, birth) in ORACLE_LAYOUTS.items():
        path = tmp_path / name
        path.write_text(getattr(mk, writer)(people), encoding="utf-8")
        s = import_file(path, FW, cmap=cmap, birth_year=birth).summary
        results[name] = (
            stats_dict(s.all, ratings=False),
            {k: stats_dict(v, ratings=False) for k, v in s.segments.items()},
            s.skipped,
        )
    first = results["wide.csv"]
    assert first[0] == reference(people, ratings=False)
    for name, got in results.items():
        assert got == first, name


def test_fast_reader_and_csv_reader_agree(tmp_path, monkeypatch):
    """Odd cells (-99, ' 3', '1st', 'N/A', '0', '11', blank rows, CRLF) and a quote late in
    the file, which hands over from the byte reader to the csv reader mid-file."""
    rng = random.Random(9)
    lines = ["id,generation," + ",".join(IDS) + ",rating_service,NPS,CES"]
    odd = ["-99", " 3", "1st", "N/A", "0", "11", "", "x"]
    for i in range(3000):
        perm = rng.sample(range(1, 11), 10)
        cells = [str(v) for v in perm]
        if i % 7 == 0:
            cells[rng.randrange(10)] = rng.choice(odd)
        if i % 11 == 0:
            cells[rng.randrange(10)] = cells[rng.randrange(10)]  # a duplicate rank
        gen = rng.choice(["Gen Z", "Millennials", "Gen X", "Boomers", "", "Silent"])
        bad = i % 13 == 0
        lines.append(
            f"{i},{gen}," + ",".join(cells) + f",{'6' if bad else rng.randint(1, 5)},"
            f"{'12' if bad else rng.randint(0, 10)},{'9' if bad else rng.randint(1, 7)}"
        )
        if i == 1500:
            lines.append("," * 14)  # all-empty row: not a row
    lines.insert(2800, '2800,"Gen X",1,2,3,4,5,6,7,8,9,10,5,9,6')
    path = tmp_path / "odd.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode())
    plan = layout.plan_import(read.inspect(path), FW, ColumnMap(), segment="generation")
    assert plan.rating_columns and plan.nps_column is not None and plan.ces_column is not None
    monkeypatch.setattr(engine, "FAST_CHUNK_BYTES", 8192)
    runs = []
    for fast, threads in ((True, True), (True, False), (False, False)):
        r = engine.run(plan, FW, fast=fast, threads=threads)
        s = to_summary(r.aggregate, plan, FW, "odd", "odd.csv")
        runs.append((s.to_dict() | {"imported": None}, r.aggregate.skipped_lines))
        if fast:
            assert 2000 < r.fast_rows < 3001
    assert runs[0] == runs[1] == runs[2]
    doc = runs[0][0]
    assert set(doc["skipped"]) >= {"duplicate rank", "not a rank", "rank out of range"}
    assert set(doc["ignored"]) == {"rating outside 1-5", "NPS outside 0-10", "CES outside 1-7"}


def test_large_gapped_and_partial_rankings_follow_the_rule(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text(
        "advertising,content,digital,non_digital,communications,representatives,"
        "products,service,friction,reputation\n"
        "2,,5,,,,,1,,\n"
    )  # 1, 2, 5 -> 1, 2, 3; 7 unranked
    s = import_file(path, FW).summary
    ranks = dict(zip(IDS, s.all.rank_sum))
    assert (ranks["service"], ranks["advertising"], ranks["digital"]) == (1, 2, 3)
    assert ranks["content"] == (3 + 1 + 10) / 2
    assert s.all.tie_sum == 7**3 - 7
    assert s.all.unranked[IDS.index("content")] == 1


# -- the real exports in ../shared/data ----------------------------------------------------

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data not present")


@needs_shared
def test_real_qualtrics_legacy_rank_order_questions():
    fw = load_framework(FRAMEWORKS / "qualtrics_items.toml")
    path = SHARED / "qualtrics" / "QualtricsTools_legacy2016_rankorder_DND_RB.csv"
    from cx_pillars.errors import CxError

    with pytest.raises(CxError, match="2 questions look like the ranking"):
        import_file(path, fw)  # Q14 and Q15 rank the same items
    dnd = import_file(path, fw, question="drag and drop").summary
    assert dnd.format == "qualtrics"
    assert dnd.respondents == 5 and dnd.skipped == {"no ranking": 1}
    # By hand: item 1 ranks 3,3,3,3,1; item 2 2,1,1,1,3; item 3 1,2,2,2,2.
    assert dnd.all.mean_ranks() == pytest.approx([2.6, 1.6, 1.8])
    rb = import_file(path, fw, question="radio button").summary
    # Partial and gapped rows (3,1,-99), (-99,2,1), (2,-99,3), (1,-99,2) re-packed.
    assert rb.respondents == 5
    assert rb.all.mean_ranks() == pytest.approx([2.0, 2.2, 1.8])


@needs_shared
@pytest.mark.parametrize(
    "name,use_map",
    [
        ("LimeSurvey192_ExportResultsTest_long_codes.csv", False),
        ("LimeSurvey192_ExportResultsTest_short_codes.csv", True),
        ("LimeSurvey192_ExportResultsTest_short_fullheadings.csv", True),
    ],
)
def test_real_limesurvey_exports(name, use_map):
    fw = load_framework(FRAMEWORKS / "lime_options.toml")
    cmap = load_map(FIX / "lime_codes_map.toml", fw) if use_map else None
    s = import_file(SHARED / "limesurvey" / name, fw, cmap=cmap).summary
    assert s.format == "limesurvey"
    assert s.respondents == 2 and s.skipped == {"no ranking": 1}
    # Both ranked Option 2, Option 1, Option 4, Option 3.
    assert s.all.mean_ranks() == pytest.approx([2, 1, 4, 3])


@needs_shared
def test_real_limesurvey_codes_without_a_map_say_what_to_map():
    from cx_pillars.errors import CxError

    fw = load_framework(FRAMEWORKS / "lime_options.toml")
    with pytest.raises(CxError) as err:
        import_file(SHARED / "limesurvey" / "LimeSurvey192_ExportResultsTest_short_codes.csv", fw)
    assert '"A2"' in str(err.value) and "[values]" in str(err.value)


@needs_shared
def test_real_surveyjs_results():
    fw = load_framework(FRAMEWORKS / "phone_features.toml")
    s = import_file(SHARED / "surveyjs" / "surveyjs_ranking_e2e_fixture.json", fw).summary
    assert s.format == "surveyjs" and s.respondents == 2
    means = dict(zip(fw.ids, s.all.mean_ranks()))
    assert means["price"] == means["battery"] == 1.5 and means["processor"] == 7


@needs_shared
@pytest.mark.parametrize(
    "folder,name,fmt,header_rows,rows",
    [
        ("surveymonkey", "fivethirtyeight_steak_risk.csv", "surveymonkey", 2, 550),
        ("surveymonkey", "fivethirtyeight_sleeping_alone_dates.csv", "surveymonkey", 2, 1093),
        (
            "qualtrics",
            "QualtricsTools_datatable2021_long_exhaustive_matrix.csv",
            "qualtrics",
            3,
            50,
        ),
        ("qualtrics", "QualtricsTools_insights2017_pydict_importid.csv", "qualtrics", 3, 10),
        ("qualtrics", "qualtRics_sample_v3header_de.csv", "qualtrics", 3, 1),
        ("qualtrics", "qualtRics_sample_legacy_v2header_de.csv", "qualtrics", 2, 1),
        ("qualtrics", "QualtricsTools_legacy2016_rankorder_DND_RB.csv", "qualtrics", 2, 6),
    ],
)
def test_real_exports_are_read(folder, name, fmt, header_rows, rows):
    """Layout, header rows and the number of responses (counted by hand) of every file."""
    source = read.inspect(SHARED / folder / name)
    head = layout.read_head(source, "auto")
    assert (head.format, head.header_rows) == (fmt, header_rows)
    count = len(head.sample)
    with read.Records(
        source,
        offset=read.offset_after_lines(source, head.header_lines),
        line_base=head.header_lines,
    ) as records:
        assert (
            sum(1 for rows_, _ in records.chunks(500) for r in rows_ if any(r)) == count
            or count == layout.SAMPLE_ROWS
        )
        total = 0
    with read.Records(
        source,
        offset=read.offset_after_lines(source, head.header_lines),
        line_base=head.header_lines,
    ) as records:
        total = sum(1 for rows_, _ in records.chunks(500) for r in rows_ if any(r))
    assert total == rows


@needs_shared
@pytest.mark.parametrize(
    "folder,name,framework,message",
    [
        (
            "surveymonkey",
            "fivethirtyeight_sleeping_alone_dates.csv",
            "sleep_reasons.toml",
            r"every row was skipped \(not a rank 429; no ranking 664\)",
        ),
        ("surveymonkey", "fivethirtyeight_steak_risk.csv", None, "no column or answer names"),
        (
            "qualtrics",
            "QualtricsTools_datatable2021_long_exhaustive_matrix.csv",
            "fruits.toml",
            "no question holds rankings",
        ),
    ],
)
def test_real_exports_without_a_ranking_say_so(folder, name, framework, message):
    """A multi-select or a rating matrix naming the items is not taken for a ranking."""
    from cx_pillars.errors import CxError

    fw = load_framework(FRAMEWORKS / framework) if framework else FW
    with pytest.raises(CxError, match=message) as err:
        import_file(SHARED / folder / name, fw)
    assert name in str(err.value)
