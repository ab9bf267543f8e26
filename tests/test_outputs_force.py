"""--force, written as the attacks on it: an output is replaced only when it is a file
cx-pillars wrote, as the file itself says, never an assessment, a survey summary or
anybody else's file, never through a symbolic link, and atomically (the name gets a new
file; a hard link to the old one keeps the old bytes). Without --force the message says
that --force exists, where it would help."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

pytest.importorskip("pptx")

SURVEY = ["--survey", "customers"]


def _assessment(demo: Path) -> Path:
    return sorted(demo.glob("*.toml"))[0]


def _summary(demo: Path) -> Path:
    return demo / "surveys" / "customers.toml"


def _victim(folder: Path, data: bytes) -> Path:
    victim = folder / "private" / "victim.bin"
    victim.parent.mkdir()
    victim.write_bytes(data)
    victim.chmod(0o600)
    return victim


def _same(path: Path, data: bytes) -> bool:
    return path.read_bytes() == data


# -- replaced when it is ours ------------------------------------------------------------------


@pytest.mark.parametrize(
    "option,name", [("--out", "p.pdf"), ("--pptx", "p.pptx"), ("--html", "p.html")]
)
def test_without_force_an_existing_output_is_kept_and_force_is_named(
    cli, demo, tmp_path, option, name
):
    out = tmp_path / name
    first = cli("report", "--dir", demo, *SURVEY, option, out)
    assert first.exit_code == 0, first.output
    before = out.read_bytes()
    again = cli("report", "--dir", demo, *SURVEY, option, out)
    assert again.exit_code == 1
    assert "already exists" in again.output and "--force" in again.output
    assert _same(out, before)


@pytest.mark.parametrize(
    "option,name", [("--out", "p.pdf"), ("--pptx", "p.pptx"), ("--html", "p.html")]
)
def test_force_replaces_our_own_output_atomically(cli, demo, tmp_path, option, name):
    out = tmp_path / name
    assert cli("report", "--dir", demo, *SURVEY, option, out).exit_code == 0
    old = out.read_bytes()
    keep = tmp_path / "hard-link-to-the-old-file"
    os.link(out, keep)
    result = cli("report", "--dir", demo, "--lang", "pl", *SURVEY, option, out, "--force")
    assert result.exit_code == 0, result.output
    assert out.read_bytes() != old  # the Polish pack
    assert _same(keep, old)  # a new file at the name: nothing written into the old one
    assert os.stat(out).st_ino != os.stat(keep).st_ino
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, keep.name])  # no leftovers


def test_force_replaces_the_markdown_and_its_charts(cli, demo, tmp_path):
    md = tmp_path / "wiki.md"
    args = ["report", "--dir", demo, *SURVEY, "--markdown", md]
    assert cli(*args).exit_code == 0
    again = cli(*args)
    assert again.exit_code == 1 and "--force" in again.output
    result = cli(*args, "--lang", "pl", "--force")
    assert result.exit_code == 0, result.output
    assert "Zapisano" in result.output and md.read_text("utf-8").rstrip().endswith("-->")


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_chart_force_replaces_our_chart(cli, demo, tmp_path, fmt):
    out = tmp_path / f"scores.{fmt}"
    assert cli("chart", "scores", "--dir", demo, "--out", out).exit_code == 0
    again = cli("chart", "scores", "--dir", demo, "--out", out)
    assert again.exit_code == 1 and "--force" in again.output
    forced = cli("chart", "scores", "--dir", demo, "--out", out, "--force", "--lang", "pl")
    assert forced.exit_code == 0, forced.output


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_force_replaces_our_export(cli, demo, tmp_path, fmt):
    out = tmp_path / f"runs.{fmt}"
    assert cli("export", "--dir", demo, "--out", out).exit_code == 0
    again = cli("export", "--dir", demo, "--out", out)
    assert again.exit_code == 1 and "--force" in again.output
    forced = cli("export", "--dir", demo, "--out", out, "--force")
    assert forced.exit_code == 0, forced.output


# -- the attacks: never anything else --------------------------------------------------------


def test_force_never_replaces_an_assessment(cli, demo, tmp_path):
    victim = _assessment(demo)
    before = victim.read_bytes()
    for args in (
        ["report", "--dir", demo, "--markdown", victim, "--force"],
        ["report", "--dir", demo, "--out", tmp_path / "new.pdf", "--markdown", victim, "--force"],
    ):
        result = cli(*args)
        assert result.exit_code == 1, result.output
        assert "is not a file cx-pillars wrote" in result.output
        assert _same(victim, before)
    assert not (tmp_path / "new.pdf").exists()  # nothing written when one output is refused


def test_force_never_replaces_a_survey_summary(cli, demo, tmp_path):
    victim = _summary(demo)
    before = victim.read_bytes()
    result = cli("report", "--dir", demo, *SURVEY, "--markdown", victim, "--force")
    assert result.exit_code == 1 and "is not a file cx-pillars wrote" in result.output
    assert _same(victim, before)


def test_force_never_replaces_an_assessment_named_as_an_export(cli, demo, tmp_path):
    victim = tmp_path / "team.json"
    victim.write_text('{"respondent": "Ana", "ratings": {}}\n')
    before = victim.read_bytes()
    result = cli("export", "--dir", demo, "--out", victim, "--force")
    assert result.exit_code == 1 and "is not a file cx-pillars wrote" in result.output
    assert _same(victim, before)


@pytest.mark.parametrize(
    "name,data",
    [
        ("theirs.pdf", b"%PDF-1.4\n1 0 obj << /Creator (LibreOffice) >> endobj\n%%EOF\n"),
        ("theirs.pdf", b"%PDF-1.4\n%% cx-pillars, but not as its creator\n%%EOF\n"),
        ("theirs.html", b"<!DOCTYPE html><html><head><title>Minutes</title></head></html>"),
        ("theirs.pptx", b"PK\x03\x04 a deck that is not a zip"),
    ],
)
def test_force_never_replaces_someone_elses_file(cli, demo, tmp_path, name, data):
    victim = tmp_path / name
    victim.write_bytes(data)
    option = {".pdf": "--out", ".html": "--html", ".pptx": "--pptx"}[victim.suffix]
    result = cli("report", "--dir", demo, option, victim, "--force")
    assert result.exit_code == 1, result.output
    assert "is not a file cx-pillars wrote" in result.output and "Traceback" not in result.output
    assert _same(victim, data)


def test_force_never_replaces_a_chart_made_elsewhere(cli, demo, tmp_path):
    from matplotlib.figure import Figure

    victim = tmp_path / "theirs.png"
    Figure(figsize=(2, 2)).savefig(victim)  # matplotlib's own Software text
    before = victim.read_bytes()
    result = cli("chart", "scores", "--dir", demo, "--out", victim, "--force")
    assert result.exit_code == 1 and "is not a file cx-pillars wrote" in result.output
    assert _same(victim, before)


def test_force_never_replaces_a_deck_someone_edited(cli, demo, tmp_path):
    """PowerPoint writes the user's name into lastModifiedBy on saving: a deck edited
    since cx-pillars wrote it is the manager's, not ours."""
    import pptx

    out = tmp_path / "deck.pptx"
    assert cli("report", "--dir", demo, *SURVEY, "--pptx", out).exit_code == 0
    prs = pptx.Presentation(str(out))
    prs.slides[0].shapes.title.text_frame.text = "Our retitled deck"
    prs.core_properties.last_modified_by = "Ana Kowalska"
    prs.save(str(out))
    before = out.read_bytes()
    result = cli("report", "--dir", demo, *SURVEY, "--pptx", out, "--force")
    assert result.exit_code == 1 and "is not a file cx-pillars wrote" in result.output
    assert _same(out, before)


def test_force_never_writes_through_a_symlink_even_to_our_own_file(cli, demo, tmp_path):
    """The link points at a PDF cx-pillars wrote, kept in a private folder: --force
    still leaves both the link and its target alone."""
    made = tmp_path / "made.pdf"
    assert cli("report", "--dir", demo, "--out", made).exit_code == 0
    victim = _victim(tmp_path, made.read_bytes())
    link = tmp_path / "pack.pdf"
    link.symlink_to(victim)
    for force in ([], ["--force"]):
        result = cli("report", "--dir", demo, "--out", link, *force)
        assert result.exit_code == 1, result.output
        assert "symbolic link" in result.output and "--force never writes through" in result.output
        assert link.is_symlink() and os.readlink(link) == str(victim)
        assert _same(victim, made.read_bytes()) and stat.S_IMODE(victim.stat().st_mode) == 0o600


def test_force_on_a_symlinked_chart_and_export_too(cli, demo, tmp_path):
    victim = _victim(tmp_path, b"private words\n")
    for args, name in (
        (["chart", "scores", "--dir", demo, "--out"], "c.png"),
        (["export", "--dir", demo, "--out"], "e.csv"),
    ):
        link = tmp_path / name
        link.symlink_to(victim)
        result = cli(*args, link, "--force")
        assert result.exit_code == 1 and "symbolic link" in result.output, result.output
        assert link.is_symlink() and _same(victim, b"private words\n")


def test_a_file_swapped_in_between_the_check_and_the_replace_is_kept(demo, tmp_path, monkeypatch):
    """Someone puts their own file at the name after --force checked it: the replace
    stops, their file stays, and the new one does not linger beside it."""
    from cx_pillars import store
    from cx_pillars.errors import CxError
    from cx_pillars.report import output

    out = tmp_path / "runs.csv"
    header = b"id,created,respondent,team,role,total,max_total\n"
    output.place([(out, header)], "en")
    real = store.write_new

    def then_swap(final, data, **kw):
        made = real(final, data, **kw)
        if final.name.startswith(".runs.csv."):
            out.unlink()
            out.write_bytes(b"their own words\n")
        return made

    monkeypatch.setattr(store, "write_new", then_swap)
    with pytest.raises(CxError, match="changed while it was being replaced"):
        output.place([(out, header + b"x,y\n")], "en", force=True)
    assert _same(out, b"their own words\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["runs.csv"]


@pytest.mark.parametrize("lang", ["pl", "zh-Hans", "zh-Hant"])
def test_the_messages_speak_the_language(cli, demo, tmp_path, lang):
    out = tmp_path / "p.pdf"
    assert cli("report", "--dir", demo, "--out", out).exit_code == 0
    again = cli("report", "--dir", demo, "--out", out, "--lang", lang)
    assert again.exit_code == 1 and "--force" in again.output
    assert "already exists" not in again.output
