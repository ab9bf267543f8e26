"""Bounded work (issue 15): what one hand-made file in a shared folder can cost.

Validation is linear in the file (a 600 kB ranking stalled every command for 34 s); an
export's line, record, column count and cell have limits, refused with a clear line
before memory grows (a 2.1 GB line used 4.3 GB); an assessment file is small, so a
large one is refused before it is parsed; a run dated in the future (9999) cannot
shadow every later run of its colleague.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import RANKING
from test_attacks_text import assessment_toml

from cx_pillars import files, store
from cx_pillars.assessment import assessment_from_dict
from cx_pillars.errors import CxError
from cx_pillars.survey import read

PILLARS = RANKING.split(",")
HEADER = "respondent_id," + ",".join(PILLARS)


def one_line(text: str) -> None:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    assert len(lines) == 1, text
    assert "Traceback" not in text and "unexpected" not in text, text


# --------------------------------------------------------------------------- validation


def long_ranking_file(path: Path, size: int = 600_000) -> Path:
    """A valid assessment but for its ranking: every pillar again and again, ~600 kB."""
    text = assessment_toml("long-1")
    items = (PILLARS * (size // 120 + 1))[: size // 12]
    ranking = "ranking = [" + ", ".join(f'"{p}"' for p in items) + "]"
    lines = [ranking if ln.startswith("ranking = ") else ln for ln in text.splitlines()]
    path.write_text("\n".join(lines) + "\n")
    assert path.stat().st_size > size * 0.9
    return path


def test_a_600_kb_ranking_is_refused_in_well_under_a_second(fw, tmp_path):
    path = long_ranking_file(tmp_path / "long.toml")
    text = path.read_text()
    data = files.parse_toml(path, text)
    started = time.perf_counter()
    with pytest.raises(CxError) as caught:
        assessment_from_dict(data, fw, source=path, text=text)
    took = time.perf_counter() - started
    assert took < 1.0, f"validation took {took:.1f} s"
    message = str(caught.value)
    assert "ranking" in message and f"{len(data['ranking'])} items" in message
    assert "10 pillars" in message


def test_duplicates_and_gaps_in_a_ranking_of_the_right_length_are_still_found(fw, tmp_path):
    base = files.parse_toml("a.toml", assessment_toml("a-1"))
    twice = dict(base, ranking=PILLARS[:9] + [PILLARS[0]])
    with pytest.raises(CxError, match="service appear"):
        assessment_from_dict(twice, fw)
    short = dict(base, ranking=PILLARS[:9])
    with pytest.raises(CxError, match="missing advertising"):
        assessment_from_dict(short, fw)


def test_team_skips_the_600_kb_ranking_file_quickly(cli, tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "2026-11-20T100000Z-ana-1.toml").write_text(assessment_toml("a-1"))
    long_ranking_file(folder / "2026-11-21T100000Z-eve-1.toml")
    started = time.perf_counter()
    result = cli("team", "--dir", folder, "--json")
    took = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    assert "eve-1.toml" in result.stderr and "ranking" in result.stderr
    assert json.loads(result.stdout)["respondents"] == 1
    assert took < 5.0, f"team took {took:.1f} s"


@pytest.mark.parametrize(
    "shape",
    [
        "keys",  # 50,000 keys in one table
        "tables",  # 20,000 [tables]
        "strings",  # one 900 kB string
        "inline",  # 30,000 inline tables in an array
        "dotted",  # 30,000 dotted keys
    ],
)
def test_parsing_a_hand_made_toml_of_1_mb_is_linear(tmp_path, shape):
    if shape == "keys":
        text = "[notes]\n" + "".join(f'k{i} = "x"\n' for i in range(50_000))
    elif shape == "tables":
        text = "".join(f"[t{i}]\na = 1\n" for i in range(20_000))
    elif shape == "strings":
        text = 'role = "' + "a" * 900_000 + '"\n'
    elif shape == "inline":
        text = "x = [" + ", ".join("{a = 1}" for _ in range(30_000)) + "]\n"
    else:
        text = "".join(f"a.b{i}.c = 1\n" for i in range(30_000))
    assert len(text) < files.MAX_ASSESSMENT_BYTES
    started = time.perf_counter()
    files.parse_toml(tmp_path / "x.toml", text)
    assert time.perf_counter() - started < 1.0


def test_an_assessment_file_over_1_mb_is_refused_before_parsing(fw, tmp_path, monkeypatch):
    path = tmp_path / "big.toml"
    padding = "# " + "x" * 1000 + "\n"
    path.write_text(assessment_toml("big-1") + padding * 1100)
    assert path.stat().st_size > files.MAX_ASSESSMENT_BYTES

    def no_parse(*args, **kwargs):
        raise AssertionError("parsed")

    monkeypatch.setattr(store, "parse_toml", no_parse)
    with pytest.raises(CxError) as caught:
        store.read_assessment(path, fw)
    message = str(caught.value)
    assert "big.toml" in message and "1 MB" in message and "assessment" in message


def test_an_ordinary_assessment_is_far_below_the_limit():
    assert len(assessment_toml("a-1", note="n" * 2000).encode()) * 100 < (
        files.MAX_ASSESSMENT_BYTES
    )


# --------------------------------------------------------------------------- created


def test_a_run_dated_9999_does_not_shadow_the_real_latest_run(cli, tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    old = assessment_toml("ana-old", created="2026-05-01T10:00:00Z")
    future = assessment_toml("ana-9999", created="9999-12-31T00:00:00Z")
    real = assessment_toml("ana-real", created="2026-11-20T10:00:00Z")
    # the real latest run rates Service 5; the 9999 one would keep the May run's 2
    (folder / "2026-05-01T100000Z-ana-old.toml").write_text(old)
    (folder / "9999-12-31T000000Z-ana-9999.toml").write_text(future)
    (folder / "2026-11-20T100000Z-ana-real.toml").write_text(
        real.replace("service = 2", "service = 5")
    )
    result = cli("team", "--dir", folder, "--json")
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert view["respondents"] == 1
    service = next(s for s in view["scores"] if s["pillar"] == "service")
    assert service["mean"] == 5
    warned = [ln for ln in result.stderr.splitlines() if "ana-9999" in ln]
    assert len(warned) == 1 and "created" in warned[0] and "future" in warned[0], result.stderr


def test_created_may_be_a_little_ahead_of_this_clock_not_more(fw):
    base = files.parse_toml("a.toml", assessment_toml("a-1"))
    now = datetime.now(UTC).replace(microsecond=0)
    assert assessment_from_dict(dict(base, created=now + timedelta(hours=12)), fw)
    with pytest.raises(CxError, match="created"):
        assessment_from_dict(dict(base, created=now + timedelta(days=2)), fw)


# --------------------------------------------------------------------------- exports


def import_(cli, tmp_path, path):
    return cli("survey", "import", path, "--name", "x", "--dir", tmp_path / "store")


def rows(n: int = 5) -> str:
    return "".join(f"R{i}," + ",".join(str(k) for k in range(1, 11)) + "\n" for i in range(n))


@pytest.mark.parametrize("where", ["header", "data", "data-quoted"])
def test_a_line_over_the_limit_is_refused_with_its_line(cli, tmp_path, where):
    path = tmp_path / "long.csv"
    huge = "x" * (read.MAX_RECORD + 10)
    if where == "header":
        text = HEADER + "," + huge + "\n" + rows()
        line = 1
    elif where == "data":
        text = HEADER + "\n" + rows(3) + "R9," + huge + "\n" + rows(2)
        line = 5
    else:  # a record over many lines, each short: quoted cells with line breaks
        cells = ",".join(['"' + "y\n" * 40_000 + '"'] * 20)
        text = HEADER + "\n" + rows(3) + "R9," + cells + "\n" + rows(2)
        line = 5
    path.write_text(text)
    result = import_(cli, tmp_path, path)
    assert result.exit_code == 1, result.output
    one_line(result.output)
    assert f"long.csv:{line}:" in result.output
    assert "1 MB" in result.output or "1,000,000" in result.output
    assert not (tmp_path / "store" / "surveys").exists()


def test_more_columns_than_the_limit_are_refused(cli, tmp_path):
    path = tmp_path / "wide.csv"
    extra = ",".join(f"q{i}" for i in range(read.MAX_COLUMNS))
    path.write_text(HEADER + "," + extra + "\n" + rows())
    started = time.perf_counter()
    result = import_(cli, tmp_path, path)
    assert time.perf_counter() - started < 5
    assert result.exit_code == 1, result.output
    one_line(result.output)
    assert "wide.csv:1:" in result.output and f"{read.MAX_COLUMNS:,}" in result.output


def test_a_cell_over_the_limit_is_refused(cli, tmp_path):
    path = tmp_path / "cell.csv"
    cell = '"' + "z" * (read.MAX_CELL + 5) + '"'
    path.write_text(HEADER + ",comment\n" + rows(2).replace("\n", ",ok\n") + f"R7,{cell}\n")
    result = import_(cli, tmp_path, path)
    assert result.exit_code == 1, result.output
    one_line(result.output)
    assert "cell.csv:4:" in result.output and "100 kB" in result.output


def test_a_json_response_over_the_limit_is_refused(cli, tmp_path):
    path = tmp_path / "big.json"
    response = {"id": 1, "comment": "w" * (read.MAX_JSON_VALUE + 10)}
    path.write_text(json.dumps([response]))
    result = import_(cli, tmp_path, path)
    assert result.exit_code == 1, result.output
    one_line(result.output)
    assert "big.json" in result.output and "MB" in result.output


def test_the_limits_are_far_above_the_largest_real_exports(tmp_path):
    data = Path(__file__).resolve().parents[2] / "shared" / "data"
    exports = [p for p in data.rglob("*.csv")]
    if not exports:
        pytest.skip("no shared data")
    for path in exports:
        raw = path.read_bytes()
        assert max(map(len, raw.splitlines())) * 10 < read.MAX_RECORD, path
        text = raw.decode("utf-8", errors="replace")
        records = list(csv.reader(io.StringIO(text, newline="")))
        assert max(map(len, records)) * 10 < read.MAX_COLUMNS, path
        assert max(len(c) for r in records for c in r) * 4 < read.MAX_CELL, path


PEAK = """
import resource, sys
from cx_pillars.errors import CxError
from cx_pillars.survey import read
src = read.inspect(sys.argv[1])
try:
    with read.Records(src) as records:
        while records.next_record():
            pass
    print("read")
except CxError as exc:
    print("refused:", str(exc)[:200])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_kb(path: Path) -> tuple[str, int]:
    out = subprocess.run(
        [sys.executable, "-c", PEAK, str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return out[0], int(out[-1])


def test_a_50_mb_line_is_refused_before_memory_grows(tmp_path):
    small = tmp_path / "small.csv"
    small.write_text(HEADER + "\n" + rows())
    big = tmp_path / "big.csv"
    with open(big, "w") as fh:
        fh.write(HEADER + "\n" + rows(2) + "R9,")
        for _ in range(50):
            fh.write("x" * (1 << 20))
        fh.write("\n")
    said, baseline = peak_kb(small)
    assert said == "read"
    said, peak = peak_kb(big)
    assert said.startswith("refused:") and ":4:" in said, said
    assert peak - baseline < 20 * 1024, f"{(peak - baseline) / 1024:.0f} MB more than a small file"
