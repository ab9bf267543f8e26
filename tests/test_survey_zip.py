"""Survey exports that arrive as a ``.zip`` (Qualtrics, Google Forms; issue 12, item 2):
one export inside is read directly, several need ``--member NAME``, and hostile archives
(zip bombs, corrupt or encrypted ones, names with ``..``) are refused with one line."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLE

from cx_pillars.errors import CxError
from cx_pillars.pillars import builtin_framework
from cx_pillars.survey import archive
from cx_pillars.survey.importer import import_file

FIXTURES = Path(__file__).parent / "fixtures" / "survey"
QUALTRICS = FIXTURES / "qualtrics.csv"
WIDE = FIXTURES / "wide.csv"
QUALTRICS_ZIP = "Survey+Name_December+2,+2026_10.15.zip"


@pytest.fixture
def team(tmp_path):
    store = tmp_path / "team"
    shutil.copytree(SAMPLE, store)
    shutil.rmtree(store / "surveys", ignore_errors=True)
    return store


def make_zip(path: Path, members: dict[str, bytes | Path]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data.read_bytes() if isinstance(data, Path) else data)
    return path


def counts(result):
    s = result.summary
    return (s.format, s.respondents, s.all.rank_sum, s.all.positions, s.skipped)


def one_line(result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def test_a_zip_of_one_export_reads_like_the_export(tmp_path):
    fw = builtin_framework()
    plain = import_file(QUALTRICS, fw)
    zipped = import_file(make_zip(tmp_path / QUALTRICS_ZIP, {"qualtrics.csv": QUALTRICS}), fw)
    assert counts(zipped) == counts(plain)
    assert zipped.summary.source == f"{QUALTRICS_ZIP} › qualtrics.csv"
    assert zipped.summary.name == "qualtrics"  # the member's name, not the zip's


def test_folders_macosx_junk_and_dot_files_are_ignored(tmp_path):
    fw = builtin_framework()
    path = make_zip(
        tmp_path / "Survey name.csv.zip",
        {
            "Survey name/": b"",
            "Survey name/Survey name.csv": QUALTRICS,
            "__MACOSX/Survey name/._Survey name.csv": b"\x00\x05\x16\x07junk",
            ".DS_Store": b"\x00\x00\x00\x01Bud1",
            "Survey name/readme.pdf": b"%PDF-1.4",
        },
    )
    result = import_file(path, fw)
    assert counts(result) == counts(import_file(QUALTRICS, fw))
    assert result.summary.source == "Survey name.csv.zip › Survey name/Survey name.csv"
    assert result.summary.name == "survey-name"


def test_a_tsv_inside_is_read(tmp_path):
    fw = builtin_framework()
    tsv = QUALTRICS.read_text(encoding="utf-8-sig").replace(",", "\t")
    if '"' in tsv:  # quoted commas would become tabs; keep to the plain wide export
        tsv = WIDE.read_text(encoding="utf-8-sig").replace(",", "\t")
        expected = import_file(WIDE, fw)
    else:
        expected = import_file(QUALTRICS, fw)
    result = import_file(make_zip(tmp_path / "x.zip", {"export.tsv": tsv.encode()}), fw)
    assert result.summary.respondents == expected.summary.respondents


def test_several_exports_are_listed_with_member_named(tmp_path):
    path = make_zip(tmp_path / "two.zip", {"a/first.csv": QUALTRICS, "second.csv": WIDE})
    with pytest.raises(CxError) as info:
        import_file(path, builtin_framework())
    text = str(info.value)
    assert "a/first.csv" in text and "second.csv" in text and "--member" in text
    assert "\n" not in text


def test_member_picks_one(tmp_path):
    fw = builtin_framework()
    path = make_zip(tmp_path / "two.zip", {"a/first.csv": QUALTRICS, "second.csv": WIDE})
    assert counts(import_file(path, fw, member="a/first.csv")) == counts(import_file(QUALTRICS, fw))
    assert counts(import_file(path, fw, member="second.csv")) == counts(import_file(WIDE, fw))
    assert counts(import_file(path, fw, member="first.csv")) == counts(import_file(QUALTRICS, fw))
    with pytest.raises(CxError, match="nope.csv"):
        import_file(path, fw, member="nope.csv")


def test_member_on_a_plain_file_is_a_usage_error():
    with pytest.raises(CxError, match="--member"):
        import_file(QUALTRICS, builtin_framework(), member="x.csv")


def test_corrupt_zip_is_one_line(cli, tmp_path, team):
    bad = tmp_path / "responses.zip"
    bad.write_bytes(b"PK\x03\x04" + os.urandom(200))
    line = one_line(cli("survey", "import", bad, "--dir", team, "--lang", "en"))
    assert "responses.zip" in line and "zip" in line


def test_truncated_zip_is_one_line(cli, tmp_path, team):
    whole = make_zip(tmp_path / "whole.zip", {"qualtrics.csv": QUALTRICS}).read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    line = one_line(cli("survey", "import", cut, "--dir", team, "--lang", "en"))
    assert "cut.zip" in line


def test_a_member_expanding_beyond_the_limit_is_refused(monkeypatch, tmp_path):
    monkeypatch.setattr(archive, "MAX_BYTES", 1 << 20)
    path = make_zip(tmp_path / "bomb.zip", {"bomb.csv": b"\0" * (8 << 20)})
    with pytest.raises(CxError, match="bomb.zip › bomb.csv: expands to more than") as info:
        import_file(path, builtin_framework())
    assert "\n" not in str(info.value)


def test_an_absurd_ratio_is_refused(monkeypatch, tmp_path):
    monkeypatch.setattr(archive, "RATIO_FLOOR", 1 << 20)
    path = make_zip(tmp_path / "bomb.zip", {"bomb.csv": b"a,b\n" + b"\0" * (8 << 20)})
    with pytest.raises(CxError, match="expands to more than"):
        import_file(path, builtin_framework())


def test_a_member_lying_about_its_size_is_stopped(monkeypatch, tmp_path):
    """The declared size is checked first, and the bytes read are counted too."""
    path = make_zip(tmp_path / "liar.zip", {"liar.csv": b"x" * 5000})
    real = zipfile.ZipFile.infolist

    def shrunk(self):
        infos = real(self)
        for info in infos:
            info.file_size = 10
        return infos

    monkeypatch.setattr(zipfile.ZipFile, "infolist", shrunk)
    with pytest.raises(CxError) as info:
        import_file(path, builtin_framework())
    assert "liar.zip › liar.csv" in str(info.value)


def test_the_temporary_copy_is_private_and_removed(monkeypatch, tmp_path):
    path = make_zip(tmp_path / "x.zip", {"../../evil/qualtrics.csv": QUALTRICS})
    with archive.open_member(path) as inner:
        assert inner.path.name == "export.csv"  # no member name on disk
        assert inner.path.stat().st_mode & 0o777 == 0o600
        assert not (tmp_path / "evil").exists()
        kept = inner.path
    assert not kept.exists() and not kept.parent.exists()
    assert not (tmp_path.parent / "evil").exists()
    absolute = make_zip(tmp_path / "abs.zip", {"/tmp/evil-cx.csv": QUALTRICS})
    with archive.open_member(absolute) as inner:
        assert inner.path.name == "export.csv" and not Path("/tmp/evil-cx.csv").exists()
    with pytest.raises(KeyboardInterrupt), archive.open_member(path) as inner:
        kept = inner.path
        raise KeyboardInterrupt
    assert not kept.exists()


def test_errors_inside_name_the_member_not_the_copy(tmp_path):
    path = make_zip(tmp_path / "r.zip", {"Survey.csv": b"just,a,header\n"})
    with pytest.raises(CxError) as info:
        import_file(path, builtin_framework())
    assert str(info.value).startswith("r.zip › Survey.csv: ")


def test_encrypted_member_is_one_line(tmp_path):
    path = make_zip(tmp_path / "locked.zip", {"locked.csv": QUALTRICS})
    data = bytearray(path.read_bytes())
    # set the "encrypted" flag bit in the local and central headers
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        at = data.find(sig)
        flag = 6 if sig == b"PK\x03\x04" else 8
        data[at + flag] |= 1
    path.write_bytes(bytes(data))
    with pytest.raises(CxError, match="encrypted") as info:
        import_file(path, builtin_framework())
    assert "locked.zip › locked.csv" in str(info.value)


def test_an_excel_workbook_keeps_its_message(tmp_path):
    book = make_zip(
        tmp_path / "book.xlsx", {"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}
    )
    with pytest.raises(CxError, match="Excel"):
        import_file(book, builtin_framework())


def test_cli_import_names_the_member(cli, tmp_path, team):
    path = make_zip(tmp_path / "responses.zip", {"Survey.csv": QUALTRICS, "other.csv": WIDE})
    refused = cli("survey", "import", path, "--dir", team, "--lang", "en")
    line = one_line(refused)
    assert "Survey.csv" in line and "other.csv" in line and "--member NAME" in line
    done = cli("survey", "import", path, "--member", "Survey.csv", "--dir", team, "--lang", "en")
    assert done.exit_code == 0, done.output
    assert "Read responses.zip › Survey.csv as Qualtrics" in done.output
    assert (team / "surveys" / "survey.toml").is_file()


def test_compare_reads_a_zip(cli, tmp_path, team):
    path = make_zip(tmp_path / "responses.zip", {"qualtrics.csv": QUALTRICS})
    fly = cli("compare", "--dir", team, "--survey", path, "--json", "--lang", "en")
    assert fly.exit_code == 0, fly.output
    assert fly.stderr.strip().startswith("Read responses.zip › qualtrics.csv as Qualtrics")
    plain = cli("compare", "--dir", team, "--survey", QUALTRICS, "--json")
    a, b = json.loads(fly.stdout), json.loads(plain.stdout)
    for key in ("name", "source", "imported"):
        a["survey"].pop(key, None)
        b["survey"].pop(key, None)
    assert a == b


@pytest.mark.parametrize("command", ["compare", "chart"])
def test_member_picks_the_export_for_compare_and_chart(cli, tmp_path, team, command):
    path = make_zip(tmp_path / "two.zip", {"a/qualtrics.csv": QUALTRICS, "wide.csv": WIDE})
    args = ["--dir", team, "--survey", path, "--lang", "en"]
    args = ["gap", *args] if command == "chart" else args
    several = cli(command, *args)
    assert several.exit_code == 1 and "--member" in several.stderr
    picked = cli(command, *args, "--member", "wide.csv")
    assert picked.exit_code == 0, picked.output
    assert "two.zip › wide.csv" in picked.stderr
