"""Bad exports: one clear line naming the file (and the line), exit 1, never a traceback."""

from pathlib import Path

from cx_pillars.pillars import builtin_framework

FW = builtin_framework()
HEADER = ",".join(FW.ids)
FIX = Path(__file__).resolve().parent / "fixtures" / "survey"


def write(tmp_path: Path, name: str, data) -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def fails(cli, tmp_path, path, *extra, code=1):
    result = cli("survey", "import", path, "--dir", tmp_path / "store", *extra)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1, result.output  # one line
    assert lines[0].startswith("error: ")
    assert not (tmp_path / "store" / "surveys").exists() or not any(
        (tmp_path / "store" / "surveys").iterdir()
    )  # nothing written
    return lines[0]


def test_wrong_delimiter(cli, tmp_path):
    path = write(tmp_path, "semi.csv", HEADER.replace(",", ";") + "\n" + "1;2;3;4;5;6;7;8;9;10\n")
    line = fails(cli, tmp_path, path, "--delimiter", ",")
    assert f"{path}: reads as a single column" in line and "try --delimiter ';'" in line


def test_wrong_encoding(cli, tmp_path):
    path = write(
        tmp_path,
        "pl.csv",
        (
            HEADER + ",komentarz\n" + "1,2,3,4,5,6,7,8,9,10,ok\n"
            "2,1,3,4,5,6,7,8,9,10,Zażółć gęślą jaźń\n"
        ).encode("cp1250"),
    )
    line = fails(cli, tmp_path, path, "--encoding", "utf-8")
    assert f"{path}:3: is not valid utf-8 text" in line
    assert "leave out --encoding" in line
    ok = cli("survey", "import", path, "--dir", tmp_path / "store", "--json")
    assert ok.exit_code == 0, ok.output  # detected: cp1250


def test_unknown_encoding_is_a_usage_error(cli, tmp_path):
    path = write(tmp_path, "w.csv", HEADER + "\n1,2,3,4,5,6,7,8,9,10\n")
    line = fails(cli, tmp_path, path, "--encoding", "klingon", code=2)
    assert "unknown encoding 'klingon'" in line


def test_a_header_with_no_pillar(cli, tmp_path):
    path = write(tmp_path, "none.csv", "id,colour,size\n1,red,3\n2,blue,4\n")
    line = fails(cli, tmp_path, path)
    assert f"{path}: no column or answer names the pillars of ten-pillars" in line
    assert "[columns]" in line and "--map FILE" in line


def test_an_unmatched_pillar_lists_the_names_and_how_to_map_them(cli, tmp_path):
    header = HEADER.replace("friction", "Ease of the process")
    path = write(tmp_path, "nine.csv", f"{header}\n1,2,3,4,5,6,7,8,9,10\n2,1,3,4,5,6,7,8,9,10\n")
    line = fails(cli, tmp_path, path)
    assert "pillars with no column in the ranking (1): friction" in line
    assert 'columns that match no pillar: "Ease of the process"' in line
    assert '[columns] "Ease of the process" = "friction"' in line
    mapfile = write(tmp_path, "map.toml", '[columns]\n"Ease of the process" = "friction"\n')
    ok = cli("survey", "import", path, "--dir", tmp_path / "store", "--map", mapfile)
    assert ok.exit_code == 0, ok.output
    assert "Ease of the process" in ok.output and "friction" in ok.output  # the mapping used


def test_duplicate_ranks_in_every_row(cli, tmp_path):
    path = write(tmp_path, "dup.csv", HEADER + "\n1,1,3,4,5,6,7,8,9,10\n2,2,3,4,5,6,7,8,9,10\n")
    line = fails(cli, tmp_path, path)
    assert line.startswith(
        f"error: {path}:2: no usable ranking: every row was skipped (duplicate rank 2)"
    )


def test_ranks_out_of_range(cli, tmp_path):
    """0-based ranks: every row has a 0 (and a 10 is fine, an 11 is not)."""
    path = write(tmp_path, "zero.csv", HEADER + "\n0,1,2,3,4,5,6,7,8,9\n9,8,7,6,5,4,3,2,1,0\n")
    line = fails(cli, tmp_path, path)
    assert f"{path}:2: no usable ranking: every row was skipped (rank out of range 2)" in line
    assert "whole numbers from 1 to the number of pillars" in line


def test_a_row_level_problem_skips_the_row_with_its_line(cli, tmp_path):
    path = write(
        tmp_path,
        "one.csv",
        HEADER + "\n1,2,3,4,5,6,7,8,9,10\n1,1,3,4,5,6,7,8,9,10\n"
        "1,2,3,4,5,6,7,8,9,11\n10,9,8,7,6,5,4,3,2,1\n",
    )
    result = cli("survey", "import", path, "--dir", tmp_path / "store")
    assert result.exit_code == 0, result.output
    assert (
        "2 respondents; 2 rows skipped: duplicate rank: 1 (line 3); rank out of range: 1 (line 4)"
    ) in result.output


def test_an_empty_file(cli, tmp_path):
    for data in (b"", b"\xef\xbb\xbf\r\n\r\n"):
        path = write(tmp_path, "empty.csv", data)
        assert (
            fails(cli, tmp_path, path) == f"error: {path}: is empty (export the survey "
            "responses again)"
        )


def test_header_only(cli, tmp_path):
    path = write(tmp_path, "head.csv", HEADER + "\n")
    assert "holds no responses after its header" in fails(cli, tmp_path, path)


def test_a_binary_file(cli, tmp_path):
    path = write(tmp_path, "photo.csv", bytes(range(256)) * 8)
    assert fails(cli, tmp_path, path) == (
        f"error: {path}: is not a text file (it holds binary "
        "data) (export the survey responses as CSV or JSON)"
    )


def test_an_excel_workbook(cli, tmp_path):
    # Workbooks are read (test_survey_workbook.py); this one is only a zip's first bytes.
    path = write(tmp_path, "responses.xlsx", b"PK\x03\x04" + bytes(200))
    line = fails(cli, tmp_path, path)
    assert "cannot be read as an Excel workbook: it is damaged" in line


def test_a_missing_file(cli, tmp_path):
    assert fails(cli, tmp_path, tmp_path / "nope.csv").endswith("nope.csv: no such file")


def test_two_rankings_need_question(cli, tmp_path):
    header = (
        ",".join(f"First [{p.label}]" for p in FW.pillars)
        + ","
        + ",".join(f"Second [{p.label}]" for p in FW.pillars)
    )
    row = ",".join(str(i) for i in range(1, 11))
    path = write(tmp_path, "two.csv", f"{header}\n{row},{row}\n")
    line = fails(cli, tmp_path, path)
    assert '2 questions look like the ranking ("First"; "Second")' in line
    assert "--question" in line
    miss = fails(cli, tmp_path, path, "--question", "third")
    assert "no ranking question matches --question 'third'" in miss
    ok = cli("survey", "import", path, "--dir", tmp_path / "store", "--question", "second")
    assert ok.exit_code == 0, ok.output


def test_json_that_is_not(cli, tmp_path):
    path = write(tmp_path, "bad.json", '{"results": [{"a": 1}, ')
    assert "is not valid JSON" in fails(cli, tmp_path, path)


def test_a_bad_map_file(cli, tmp_path):
    path = write(tmp_path, "w.csv", HEADER + "\n1,2,3,4,5,6,7,8,9,10\n")
    mapfile = write(tmp_path, "map.toml", '[columns]\n"Q1" = "servise"\n')
    line = fails(cli, tmp_path, path, "--map", mapfile)
    assert line.startswith(f"error: {mapfile}:2: columns.Q1: 'servise' is not a pillar id")


def test_an_unknown_format_is_a_usage_error(cli, tmp_path):
    path = write(tmp_path, "w.csv", HEADER + "\n1,2,3,4,5,6,7,8,9,10\n")
    result = cli("survey", "import", path, "--format", "excel", "--dir", tmp_path / "s")
    assert result.exit_code == 2 and "unknown --format 'excel'" in result.output


def test_a_name_already_taken(cli, tmp_path):
    path = write(tmp_path, "w.csv", HEADER + "\n1,2,3,4,5,6,7,8,9,10\n")
    assert cli("survey", "import", path, "--dir", tmp_path / "s").exit_code == 0
    again = cli("survey", "import", path, "--dir", tmp_path / "s")
    assert again.exit_code == 1
    assert "a survey named 'w' already exists (nothing was overwritten)" in again.output
    assert "--name" in again.output and "survey merge" in again.output


def test_segment_column_not_found(cli, tmp_path):
    path = write(tmp_path, "w.csv", HEADER + ",region\n1,2,3,4,5,6,7,8,9,10,North\n")
    line = fails(cli, tmp_path, path, "--segment", "country")
    assert "no column matches --segment 'country'" in line and '"region"' in line


def test_only_one_segmentation(cli, tmp_path):
    path = write(tmp_path, "w.csv", HEADER + ",region\n1,2,3,4,5,6,7,8,9,10,North\n")
    result = cli(
        "survey", "import", path, "--segment", "region", "--age", "region", "--dir", tmp_path / "s"
    )
    assert result.exit_code == 2
