"""demo: a fictional team and survey, end to end in a temporary folder."""

import json

from cx_pillars.demo import write_demo
from cx_pillars.pillars import builtin_framework


def test_demo_runs_end_to_end(cli, tmp_path):
    out = tmp_path / "demo"
    result = cli("demo", "--out", out)
    assert result.exit_code == 0, result.output
    assert "Retail CX" in result.output and "To discuss" in result.output
    store = out / "assessments"
    assert len(list(store.glob("*.toml"))) >= 7
    assert (out / "meeting-pack.pdf").read_bytes().startswith(b"%PDF-")
    assert str(out / "meeting-pack.pdf") in result.output
    wiki = (out / "meeting-pack.md").read_text()
    assert "](meeting-pack-charts/gap.png)" in wiki
    assert (out / "meeting-pack-charts" / "gap.png").read_bytes().startswith(b"\x89PNG")
    assert (store / "surveys" / "customers.toml").is_file()
    data = json.loads(cli("compare", "--dir", store, "--survey", "customers", "--json").stdout)
    assert data["customers"]["respondents"] == 420
    assert [s["segment"] for s in data["segments"]] == ["Gen Z", "Millennials", "Gen X", "Boomers"]
    assert data["nps"] is not None and data["ces"] is not None
    summary = (store / "surveys" / "customers.toml").read_text()
    assert "@example.com" not in summary and "R0001" not in summary


def test_demo_never_writes_into_a_used_folder(cli, tmp_path):
    out = tmp_path / "used"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result = cli("demo", "--out", out)
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_demo_data_is_deterministic_and_tells_a_story(tmp_path):
    fw = builtin_framework()
    a_store, a_csv = write_demo(tmp_path / "a", fw)
    b_store, b_csv = write_demo(tmp_path / "b", fw)
    assert a_csv.read_text() == b_csv.read_text()
    rows = a_csv.read_text().splitlines()
    assert len(rows) == 421 and rows[0].startswith("respondent_id,email,birth_year")
    assert sorted(p.name[:10] for p in a_store.glob("*.toml")) == sorted(
        p.name[:10] for p in b_store.glob("*.toml")
    )
