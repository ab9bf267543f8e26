"""chart and report: files really are PNG/SVG/PDF, nothing is overwritten, the report has
the pages the data supports, the Markdown's links resolve, every language runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import RANKING, RATINGS

KINDS = ("gap", "priorities", "scores", "agreement", "segments", "trend")
MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<?xml", "pdf": b"%PDF-"}
LANGS = ("en", "pl", "zh-Hans", "zh-Hant")


@pytest.fixture(scope="module")
def analysis(demo):
    """The demo analysed in English, with and without the survey."""
    from cx_pillars import report, store
    from cx_pillars.pillars import builtin_framework
    from cx_pillars.survey.summary import find_summary, load_summary

    fw = builtin_framework()
    runs = store.load_store(demo, fw)
    summary = load_summary(find_summary("customers", demo), fw)
    return {
        "survey": report.analyse(runs, fw, summary, generated="2026-11-23"),
        "team": report.analyse(runs, fw, None, generated="2026-11-23"),
    }


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def texts(fig) -> list[str]:
    return [
        t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text") and callable(a.get_text))
    ]


# --------------------------------------------------------------------------- chart


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
@pytest.mark.parametrize("kind", KINDS)
def test_chart_writes_a_real_file(cli, demo, tmp_path, kind, fmt):
    out = tmp_path / f"{kind}.{fmt}"
    result = cli("chart", kind, "--dir", demo, "--survey", "customers", "--out", out)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(MAGIC[fmt])
    if fmt == "svg":
        assert b"<svg" in data[:2000] and b"<text" in data  # text kept as text
    if fmt == "pdf":
        assert page_count(data) == 1
        assert b"/CIDFontType2" in data and b"/Subtype /Type3" not in data  # Type 42
    assert str(out) in result.output


def test_chart_never_overwrites(cli, demo, tmp_path):
    out = tmp_path / "gap.png"
    out.write_bytes(b"mine")
    result = cli("chart", "gap", "--dir", demo, "--survey", "customers", "--out", out)
    assert result.exit_code == 1
    assert "already exists" in result.output and "nothing was written" in result.output
    assert out.read_bytes() == b"mine"


@pytest.mark.parametrize("kind", ["gap", "priorities", "segments"])
def test_customer_charts_need_a_survey(cli, demo, tmp_path, kind):
    out = tmp_path / "x.png"
    result = cli("chart", kind, "--dir", demo, "--out", out)
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "--survey" in lines[0] and kind in lines[0]
    assert not out.exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["chart", "pie"], "unknown chart kind 'pie'"),
        (["chart", "scores", "--out", "x.gif"], ".png, .svg or .pdf"),
        (["report", "--out", "pack.docx"], "must be a .pdf file"),
    ],
)
def test_usage_errors_exit_2(cli, demo, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = cli(*args, "--dir", demo)
    assert result.exit_code == 2
    assert message in result.output
    assert list(tmp_path.iterdir()) == []


def test_team_charts_need_no_survey(cli, demo, tmp_path):
    for kind in ("scores", "agreement", "trend"):
        result = cli("chart", kind, "--dir", demo, "--out", tmp_path / f"{kind}.png")
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("kind", KINDS)
def test_preview_prints_the_finding_and_the_pillars(cli, demo, kind, analysis):
    from cx_pillars import report
    from cx_pillars.charts import TITLES

    result = cli("chart", kind, "--dir", demo, "--survey", "customers")
    assert result.exit_code == 0, result.output
    a = analysis["survey"]
    title = TITLES[kind](report.chart_input(a, kind), "en")
    assert result.output.splitlines()[0] == title
    for pid in ("service", "friction", "products"):
        assert a.fw.label(pid, short=True) in result.output
    assert "--out" in result.output


def test_gap_preview_marks_positions(cli, demo):
    out = cli("chart", "gap", "--dir", demo, "--survey", "customers").output
    row = next(line for line in out.splitlines() if "Friction " in line and "●" in line)
    assert row.index("●") < row.index("○")  # customers put it higher than the team
    assert "+5" in row


def test_agreement_chart_respects_anonymity(cli, tmp_path):
    for _ in range(2):
        result = cli(
            "rate",
            "--dir",
            tmp_path,
            "--anonymous",
            "--team",
            "Small",
            "--ratings",
            RATINGS,
            "--ranking",
            RANKING,
            "--yes",
        )
        assert result.exit_code == 0, result.output
    # two anonymous colleagues alone: every figure would be theirs, nothing is drawn
    result = cli("chart", "agreement", "--dir", tmp_path)
    assert result.exit_code == 1
    assert "fewer than 3 colleagues who rated anonymously" in result.output
    pdf = tmp_path / "pack.pdf"
    result = cli("report", "--dir", tmp_path, "--out", pdf)
    assert result.exit_code == 1 and not pdf.exists()
    assert "fewer than 3 colleagues who rated anonymously" in result.output
    # two named colleagues join: the pack is theirs, and says the anonymous runs are out
    for name in ("Ana", "Ben"):
        named = ("rate", "--dir", tmp_path, "--respondent", name, "--team", "Small")
        assert cli(*named, "--ratings", RATINGS, "--ranking", RANKING, "--yes").exit_code == 0
    md = tmp_path / "pack.md"
    result = cli("report", "--dir", tmp_path, "--out", pdf, "--markdown", md)
    assert result.exit_code == 0, result.output
    text = md.read_text("utf-8")
    assert "2 anonymous runs are left out of Small" in text
    after = text.split("too few to keep an answer anonymous")[1]
    assert "anonymous" not in after and "2 colleagues" in text


# --------------------------------------------------------------------------- report


def test_report_with_a_survey(cli, demo, tmp_path):
    pdf, md = tmp_path / "pack.pdf", tmp_path / "pack.md"
    result = cli("report", "--dir", demo, "--survey", "customers", "--out", pdf, "--markdown", md)
    assert result.exit_code == 0, result.output
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    # title, summary, gap, priorities, segments, scores, agreement, trend, two tables
    assert page_count(data) == 10
    assert b"/CIDFontType2" in data and b"/Subtype /Type3" not in data
    assert "10 pages" in result.output
    text = md.read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert len(links) == 6
    for link in links:
        assert not link.startswith(("/", "http"))  # relative
        image = md.parent / unquote(link)
        assert image.is_file() and image.read_bytes().startswith(MAGIC["png"])
    assert {p.name for p in (tmp_path / "pack-charts").iterdir()} == {f"{k}.png" for k in KINDS}
    # customers table: Friction is 2nd, but customers cannot tell the top three apart
    assert "| **1–3** | **Friction in the customer journey** |" in text
    assert "What customer data would add" not in text
    assert "## To discuss" in text


def test_report_without_a_survey_says_what_customer_data_would_add(cli, demo, tmp_path):
    pdf, md = tmp_path / "team.pdf", tmp_path / "team notes.md"
    result = cli("report", "--dir", demo, "--out", pdf, "--markdown", md)
    assert result.exit_code == 0, result.output
    # title, summary, scores, agreement, trend, the team table
    assert page_count(pdf.read_bytes()) == 6
    text = md.read_text(encoding="utf-8")
    assert "## What customer data would add" in text
    assert "`cx-pillars survey template`" in text
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert [Path(unquote(x)).name for x in links] == ["scores.png", "agreement.png", "trend.png"]
    assert all(" " not in x for x in links)  # the space is escaped
    assert all((md.parent / unquote(x)).is_file() for x in links)


def test_summary_page_says_what_customer_data_would_add(analysis):
    from cx_pillars import report

    a = analysis["team"]
    inputs = {k: report.chart_input(a, k) for k in report.report_kinds(a)}
    words = " ".join(texts(report.summary_page(a, inputs)))
    assert "What customer data would add" in words
    assert "cx-pillars survey template" in words
    with_survey = analysis["survey"]
    inputs = {k: report.chart_input(with_survey, k) for k in report.report_kinds(with_survey)}
    assert "What customer data would add" not in " ".join(
        texts(report.summary_page(with_survey, inputs))
    )


def test_report_kinds_follow_the_data(analysis):
    from cx_pillars import report

    assert report.report_kinds(analysis["survey"]) == [
        "gap",
        "priorities",
        "segments",
        "scores",
        "agreement",
        "trend",
    ]
    assert report.report_kinds(analysis["team"]) == ["scores", "agreement", "trend"]


def test_prompts_are_the_views_own(analysis):
    from cx_pillars import report
    from cx_pillars.views import compare as compare_view

    a = analysis["survey"]
    prompts = report.prompts(a)
    assert 2 <= len(prompts) <= report.PROMPT_LIMIT
    first = compare_view.prompt_text(a.comparison.prompts[0], a.fw, "en")
    assert prompts[0] == first
    team_texts = {p["text"] for p in a.view.prompts}
    assert set(report.prompts(analysis["team"])) == team_texts


@pytest.mark.parametrize("fork", [True, False])
def test_pngs_with_and_without_a_second_process(analysis, tmp_path, monkeypatch, fork):
    import os
    import tempfile

    from cx_pillars import report

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    if not fork:

        def no_fork():
            raise OSError("no fork here")

        monkeypatch.setattr(os, "fork", no_fork)
    written = report.write_report(analysis["team"], tmp_path / "p.pdf", tmp_path / "p.md")
    assert [p.name for p in written.images] == ["scores.png", "agreement.png", "trend.png"]
    assert all(p.read_bytes().startswith(MAGIC["png"]) for p in written.images)
    assert list(scratch.iterdir()) == []  # the hand-over file is gone


def test_report_checks_every_target_before_writing(cli, demo, tmp_path):
    pdf, md = tmp_path / "pack.pdf", tmp_path / "pack.md"
    (tmp_path / "pack-charts").mkdir()
    (tmp_path / "pack-charts" / "trend.png").write_bytes(b"mine")
    result = cli("report", "--dir", demo, "--survey", "customers", "--out", pdf, "--markdown", md)
    assert result.exit_code == 1
    assert "trend.png" in result.output and "already exists" in result.output
    assert not pdf.exists() and not md.exists()
    assert [p.name for p in (tmp_path / "pack-charts").iterdir()] == ["trend.png"]
    pdf.write_bytes(b"old")
    result = cli("report", "--dir", demo, "--out", pdf)
    assert result.exit_code == 1 and pdf.read_bytes() == b"old"


def test_table_cells_do_not_overlap(analysis):
    from cx_pillars import report

    a = analysis["survey"]
    for table in report.tables(a):
        (fig,) = report.table_pages(table, "en")
        renderer = fig.canvas.get_renderer()
        boxes = [
            t.get_window_extent(renderer)
            for t in fig.texts
            if t.get_gid() in ("table-cell", "table-header")
        ]
        assert len(boxes) == (len(table.rows) + 1) * len(table.headers)
        for i, b in enumerate(boxes):
            assert 0 <= b.x0 and b.x1 <= fig.bbox.width  # on the page
            for c in boxes[i + 1 :]:
                assert not b.overlaps(c), (table.key, b, c)


def test_summary_fits_on_its_page(analysis):
    from cx_pillars import report

    for a in analysis.values():
        inputs = {k: report.chart_input(a, k) for k in report.report_kinds(a)}
        fig = report.summary_page(a, inputs)
        renderer = fig.canvas.get_renderer()
        foot = next(t for t in fig.texts if t.get_gid() == "footnote")
        floor = foot.get_window_extent(renderer).y1
        for t in fig.texts:
            if t.get_gid() in ("summary-item", "no-survey", "no-survey-command"):
                box = t.get_window_extent(renderer)
                assert box.y0 > floor and box.x1 <= fig.bbox.width, t.get_text()


def test_wrap_measures_and_breaks_chinese():
    from cx_pillars.report.layout import Page

    page = Page()
    lines = page.wrap("word " * 40, 3.0)
    assert len(lines) > 3 and all(page.width(x) <= 3.0 for x in lines)
    assert "".join(page.wrap("客戶最重視的前三項" * 6, 2.0)) == "客戶最重視的前三項" * 6


# --------------------------------------------------------------------------- languages


@pytest.mark.parametrize("lang", LANGS)
def test_report_in_every_language(cli, demo, tmp_path, lang):
    from cx_pillars import i18n, report

    pdf, md = tmp_path / f"{lang}.pdf", tmp_path / f"{lang}.md"
    result = cli(
        "report",
        "--dir",
        demo,
        "--survey",
        "customers",
        "--out",
        pdf,
        "--markdown",
        md,
        "--lang",
        lang,
    )
    assert result.exit_code == 0, result.output
    assert page_count(pdf.read_bytes()) == 10
    text = md.read_text(encoding="utf-8")
    assert i18n.t("report.section_discuss", lang) in text
    assert i18n.t("report.tables_heading", lang) in text
    fell_back = report.chart_language(lang)[1]
    note = i18n.t("report.no_cjk_font", lang)
    assert result.output.count(note) == (1 if fell_back else 0)  # said once, if at all


@pytest.mark.parametrize("lang", LANGS)
def test_chart_preview_in_every_language(cli, demo, lang):
    from cx_pillars.pillars import builtin_framework

    result = cli("chart", "priorities", "--dir", demo, "--survey", "customers", "--lang", lang)
    assert result.exit_code == 0, result.output
    assert builtin_framework().label("service", lang, short=True) in result.output


def test_chinese_pages_fall_back_to_english_text_without_a_font(analysis, monkeypatch):
    from cx_pillars import report

    monkeypatch.setattr(report, "chart_language", lambda lang: ("en", True))
    a = analysis["survey"].in_language("zh-Hant")
    assert a.view.lang == "zh-Hant"
    drawn = a.in_language(report.chart_language(a.lang)[0])
    words = " ".join(texts(report.title_page(drawn, [], "x")))
    assert "Team" in words and "團隊" not in words


# --------------------------------------------------------------------------- plumbing


def test_report_cli_imports_nothing_heavy():
    code = (
        "import sys; import cx_pillars.cli.report; "
        "print([m for m in ('matplotlib', 'numpy', 'rich', 'questionary') "
        "if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_kinds_agree_with_the_charts():
    from cx_pillars import charts, report
    from cx_pillars.cli import report as report_cli

    assert report_cli.KINDS == report.KINDS == charts.KINDS
    assert set(report.REPORT_ORDER) == set(charts.KINDS)


def test_help_lists_the_commands(cli):
    out = cli("--help").output
    assert "chart" in out and "report" in out
    assert "--markdown" in cli("report", "--help").output


def test_gap_preview_follows_the_customers_ranges(cli, demo):
    """The preview's # column is the customers' span of positions, and a gap inside it
    carries no arrow: the preview claims no more than compare --json's findings."""
    import json

    data = json.loads(cli("compare", "--dir", demo, "--survey", "customers", "--json").output)
    out = cli("chart", "gap", "--dir", demo, "--survey", "customers").output
    labels = {p.id: p.short or p.label for p in _builtin().pillars}
    ranking = {r["pillar"]: r for r in data["customers"]["ranking"]}
    checked = 0
    for gap in data["gaps"]:
        pid = gap["pillar"]
        row = next(
            line
            for line in out.splitlines()
            if f" {labels[pid]} " in f" {line} " and ("●" in line or "◉" in line)
        )
        r = ranking[pid]
        span = (
            str(r["position_low"])
            if r["position_low"] == r["position_high"]
            else f"{r['position_low']}–{r['position_high']}"
        )
        assert row.split()[0] == span, (pid, row)
        has_arrow = "▲" in row or "▼" in row
        assert has_arrow == (gap["finding"] and gap["gap"] != 0), (pid, row, gap)
        checked += 1
    assert checked == len(data["gaps"]) > 0


def _builtin():
    from cx_pillars.pillars import builtin_framework

    return builtin_framework()
