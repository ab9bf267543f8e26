"""compare: the team against the customers, on a hand-worked four-item example."""

import json
import math

import pytest

FRAMEWORK = """id = "four"
name = "Four items"
[[pillars]]
id = "alpha"
label = "Alpha"
[[pillars]]
id = "beta"
label = "Beta"
[[pillars]]
id = "gamma"
label = "Gamma"
[[pillars]]
id = "delta"
label = "Delta"
"""

# Customers: ranks of alpha, beta, gamma, delta; ratings 1-5; NPS 0-10; CES 1-7; birth year.
CUSTOMERS = """\
id,email,born,alpha,beta,gamma,delta,rate_alpha,rate_beta,rate_gamma,rate_delta,NPS,CES
1,a@example.com,1950,4,3,2,1,4,3,2,1,10,7
2,b@example.com,1990,4,2,3,1,4,3,2,2,9,5
3,c@example.com,2000,3,4,1,2,4,3,3,1,6,3
4,d@example.com,1970,3,4,2,1,4,3,3,2,3,1
"""


@pytest.fixture
def setup(cli, tmp_path):
    fw = tmp_path / "four.toml"
    fw.write_text(FRAMEWORK)
    store = tmp_path / "store"
    # Team: P1 ranks alpha,beta,gamma,delta and scores 2,3,4,5; P2 ranks beta,alpha,... 4,5,2,1.
    for name, ranking, ratings in (
        ("P1", "alpha,beta,gamma,delta", "2,3,4,5"),
        ("P2", "beta,alpha,gamma,delta", "4,5,2,1"),
    ):
        result = cli(
            "rate",
            "--dir",
            store,
            "--framework",
            fw,
            "-r",
            name,
            "--team",
            "T",
            "--ratings",
            ratings,
            "--ranking",
            ranking,
        )
        assert result.exit_code == 0, result.output
    csv = tmp_path / "customers.csv"
    csv.write_text(CUSTOMERS)
    result = cli(
        "survey",
        "import",
        csv,
        "--dir",
        store,
        "--framework",
        fw,
        "--birth-year",
        "born",
        "--name",
        "wave1",
    )
    assert result.exit_code == 0, result.output
    return cli, store, fw


def compare_json(setup, *extra, survey="wave1"):
    cli, store, fw = setup
    result = cli("compare", "--dir", store, "--framework", fw, "--survey", survey, "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def five_times(setup) -> str:
    """The customers five times over, saved as "wave5": every generation then has the 5
    respondents a segment needs to be shown (smaller ones are merged into "other")."""
    cli, store, fw = setup
    head, *rows = CUSTOMERS.strip().splitlines()
    path = store.parent / "five.csv"
    path.write_text("\n".join([head] + rows * 5) + "\n")
    args = ("--framework", fw, "--birth-year", "born", "--name", "wave5")
    result = cli("survey", "import", path, "--dir", store, *args)
    assert result.exit_code == 0, result.output
    return "wave5"


def test_hand_worked_comparison(setup):
    data = compare_json(setup, "--top", "2")
    # Customer mean ranks: alpha (4+4+3+3)/4 = 3.5, beta (3+2+4+4)/4 = 3.25,
    # gamma (2+3+1+2)/4 = 2.0, delta (1+1+2+1)/4 = 1.25 -> order delta, gamma, beta, alpha.
    ranking = data["customers"]["ranking"]
    assert [r["pillar"] for r in ranking] == ["delta", "gamma", "beta", "alpha"]
    assert [r["mean_rank"] for r in ranking] == [1.25, 2.0, 3.25, 3.5]
    assert ranking[0]["first_place_share"] == 0.75 and ranking[1]["top3_share"] == 1.0
    # Team mean ranks: alpha 1.5, beta 1.5 (tie; one first place each -> catalog order),
    # gamma 3, delta 4. Gap = team position - customer position, in customer order.
    # Head to head (adjacent pairs of the customers' order): delta above gamma 3 of 4
    # (customer 3 put gamma 1st), gamma above beta 3 of 4, beta above alpha 2 of 4.
    # Sign test p = 2 (1 + 4) / 16 = 0.625, 0.625 and 1; Holm: 3 x 0.625 -> 1.
    h2h = data["customers"]["head_to_head"]
    assert [(h["a"], h["b"], h["a_above_b"], h["b_above_a"]) for h in h2h] == [
        ("delta", "gamma", 3, 1),
        ("gamma", "beta", 3, 1),
        ("beta", "alpha", 2, 2),
    ]
    assert [h["p_value"] for h in h2h] == [0.625, 0.625, 1.0]
    assert [h["p_adjusted"] for h in h2h] == [1.0, 1.0, 1.0]
    # so four customers cannot tell any pillar from the next: every position is 1-4
    assert all((r["position_low"], r["position_high"]) == (1, 4) for r in ranking)
    assert ranking[0]["tied_with"] == ["gamma", "beta", "alpha"]
    # and no gap is a finding: every team position lies inside the range 1-4
    expected = [("delta", 4, 1, 3), ("gamma", 3, 2, 1), ("beta", 2, 3, -1), ("alpha", 1, 4, -3)]
    assert [
        (g["pillar"], g["team_position"], g["customer_position"], g["gap"]) for g in data["gaps"]
    ] == expected
    assert all(
        (g["customer_position_low"], g["customer_position_high"], g["finding"]) == (1, 4, False)
        for g in data["gaps"]
    )
    # Spearman of team (1.5, 1.5, 3, 4) against customers' ranks (4, 3, 2, 1):
    # sum dx dy = -4.5, sum dx^2 = 4.5, sum dy^2 = 5 -> rho = -4.5 / sqrt(22.5).
    assert math.isclose(data["correlation"]["spearman_rho"], -4.5 / math.sqrt(22.5))
    assert data["correlation"]["method"] == "exact"
    # Priorities (k = 2): delta and gamma; team mean self-scores (5+1)/2 and (4+2)/2;
    # customers' mean ratings 1.5 and 2.5.
    assert data["priorities"] == [
        {
            "pillar": "delta",
            "customer_position": 1,
            "team_mean_score": 3.0,
            "customer_mean_rating": 1.5,
        },
        {
            "pillar": "gamma",
            "customer_position": 2,
            "team_mean_score": 3.0,
            "customer_mean_rating": 2.5,
        },
    ]
    gaps = {g["pillar"]: g["gap"] for g in data["perception_gap"]}
    assert gaps == {"alpha": -1.0, "beta": 1.0, "gamma": 0.5, "delta": 1.5}
    # NPS: 10 and 9 promote, 6 and 3 detract -> 50% - 50% = 0. CES: mean of 7, 5, 3, 1 = 4.
    assert data["nps"]["score"] == 0 and data["nps"]["promoters"] == 2
    assert data["ces"]["mean"] == 4.0 and data["ces"]["easy_share"] == 0.5
    # Sample: 1.96 * sqrt(0.25 / 4) = 0.49, anecdotal below 30.
    assert math.isclose(data["customers"]["margin_of_error"], 0.49)
    assert data["sample"]["anecdotal"] and data["sample"]["more_needed"] == 381
    assert data["prompts"][0]["kind"] == "small_sample"
    kinds = {p["kind"] for p in data["prompts"]}
    # delta is the customers' 1st and the team's 4th, but four customers cannot tell
    # it from the rest: no prompt calls that gap a finding
    assert not kinds & {"underrated", "overrated"}


def test_contract_keys(setup):
    data = compare_json(setup)
    for key in (
        "team",
        "customers",
        "gaps",
        "correlation",
        "priorities",
        "segments",
        "perception_gap",
        "nps",
        "ces",
    ):
        assert key in data
    assert set(data["customers"]) >= {"respondents", "margin_of_error", "ranking", "agreement"}
    assert set(data["customers"]["ranking"][0]) >= {
        "pillar",
        "position",
        "mean_rank",
        "ci_low",
        "ci_high",
        "first_place_share",
        "top3_share",
    }
    assert set(data["correlation"]) >= {
        "spearman_rho",
        "spearman_p",
        "kendall_tau",
        "kendall_tau_p",
        "method",
    }
    assert set(data["priorities"][0]) == {
        "pillar",
        "customer_position",
        "team_mean_score",
        "customer_mean_rating",
    }
    assert data["segments"] == []  # one customer per generation: too few to show
    seg = compare_json(setup, survey=five_times(setup))["segments"][0]
    assert set(seg) >= {"segment", "respondents", "ranking", "spearman_vs_team"}
    assert data["team"]["respondents"] == 2 and "consensus" in data["team"]
    assert len(data["priorities"]) == 3  # the default k


def test_segments_are_generations_and_small_ones_flagged(setup):
    # One customer per generation: each under 5, and "other" would be all of them, so
    # the survey is not split at all (k-anonymity, PRODUCT.md §3).
    assert compare_json(setup)["segments"] == []
    data = compare_json(setup, survey=five_times(setup))
    names = [s["segment"] for s in data["segments"]]
    assert names == ["Gen Z", "Millennials", "Gen X", "Boomers"]
    assert all(s["respondents"] == 5 and s["small"] for s in data["segments"])


def test_screen_in_every_language(setup):
    cli, store, fw = setup
    for lang, words in (
        ("en", "Where to act"),
        ("pl", "Gdzie działać"),
        ("zh-Hans", "行动重点"),
        ("zh-Hant", "行動重點"),
    ):
        result = cli(
            "compare", "--dir", store, "--framework", fw, "--survey", "wave1", "--lang", lang
        )
        assert result.exit_code == 0, result.output
        assert words in result.output


def test_screen_says_the_sample_is_anecdotal(setup):
    cli, store, fw = setup
    result = cli("compare", "--dir", store, "--framework", fw, "--survey", "wave1")
    assert "anecdotal" in result.output
    assert "381 more" in result.output
    # the gap is shown, without its arrow: inside the customers' range 1-4; a range of
    # the whole 1-4 on every row says nothing, so the rows give the place and the line
    # under the table says no pair can be told apart (as `team` does)
    assert "Delta" in result.output and "+3 ▲" not in result.output and "+3" in result.output
    assert "1–4" not in result.output
    assert "Customers cannot tell any pillar from the next" in result.output


def test_top_must_be_2_to_4(setup):
    cli, store, fw = setup
    result = cli("compare", "--dir", store, "--framework", fw, "--survey", "wave1", "--top", "5")
    assert result.exit_code == 2


def test_unknown_survey_lists_what_exists(setup):
    cli, store, fw = setup
    result = cli("compare", "--dir", store, "--framework", fw, "--survey", "nope")
    assert result.exit_code == 1
    assert "no survey summary named 'nope'" in result.output and "wave1" in result.output


def test_no_personal_data_in_the_summary(setup):
    _, store, _ = setup
    text = (store / "surveys" / "wave1.toml").read_text()
    assert "@example.com" not in text


def test_prompts_name_different_pillars(setup):
    data = compare_json(setup)
    pillars = [p["values"]["pillar"] for p in data["prompts"] if "pillar" in p["values"]]
    assert len(pillars) == len(set(pillars))


def test_compare_without_a_survey_says_which_flag(setup):
    cli, store, fw = setup
    result = cli("compare", "--dir", store, "--framework", fw)
    assert result.exit_code == 2 and "--survey NAME" in result.output
