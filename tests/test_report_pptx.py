"""report --pptx: the deck opened with python-pptx, as a manager's PowerPoint would.

On the demo (with and without the survey) and on the stress data of the real-sizes issue
(60 colleagues, 30 items, Chinese names, in Chinese): one slide per page of the PDF in
its order, the finding in every slide's title placeholder, native tables holding every
row of the key tables (split where the PDF splits them), speaker notes with the method
sentence and the prompts, pictures inside the slide at their own aspect ratio and at
slide quality, and fonts for the language in every run.
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys

import pytest

pptx = pytest.importorskip("pptx")

from cx_pillars import report  # noqa: E402
from cx_pillars.i18n import t  # noqa: E402
from cx_pillars.report.content import chart_input, chart_title, prompts, report_kinds, tables  # noqa: E402
from cx_pillars.report.pages import report_pages  # noqa: E402

SLIDE_W, SLIDE_H = 12192000, 6858000  # 16:9, 13.333 x 7.5 in
TITLE_TYPES = {1, 3}  # PP_PLACEHOLDER.TITLE, CENTER_TITLE


def _analysis_of_demo(demo, survey: bool, lang: str = "en"):
    from cx_pillars import store
    from cx_pillars.pillars import builtin_framework
    from cx_pillars.survey.summary import find_summary, load_summary

    fw = builtin_framework()
    runs = store.load_store(demo, fw)
    summary = load_summary(find_summary("customers", demo), fw) if survey else None
    a = report.analyse(runs, fw, summary, generated="2026-11-23", lang=lang)
    return a.in_language(report.chart_language(lang)[0])


@pytest.fixture(scope="module", params=["survey-en", "team-pl", "stress-zh-Hans"])
def deck(request, demo, tmp_path_factory):
    """(analysis in the drawn language, the Presentation, the PDF's page count)."""
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "stress-zh-Hans":
        from gallery import Case, analysis, build_case

        a = analysis(build_case(Case(60, 30, "chinese", "chinese", "zh-Hans"), folder / "data"))
    else:
        a = _analysis_of_demo(demo, request.param.startswith("survey"), request.param[-2:])
    written = report.write_report(a, folder / "pack.pdf", pptx=folder / "pack.pptx")
    assert written.pptx == folder / "pack.pptx"
    prs = pptx.Presentation(str(folder / "pack.pptx"))
    return a, prs, written.pages


def _expected_titles(a) -> list[str]:
    """Each PDF page's title, worked out from the report's own content: the pack's
    title, the summary's, each chart's finding, each table's (continued)."""
    kinds = report_kinds(a)
    inputs = {k: chart_input(a, k) for k in kinds}
    tabs = tables(a)
    titles, table, rows_done = [], 0, 0
    pages = report_pages(a)
    for kind, fig in pages:
        if kind == "title":
            titles.append(t("report.markdown_title", a.lang, team=a.team_name))
        elif kind == "summary":
            titles.append(t("report.summary_title", a.lang, team=a.team_name))
        elif kind == "table":
            name = tabs[table].title
            titles.append(t("report.continued", a.lang, title=name) if rows_done else name)
            cells = sum(1 for x in fig.texts if x.get_gid() == "table-cell")
            rows_done += cells // len(tabs[table].headers)
            if rows_done >= len(tabs[table].rows):
                table, rows_done = table + 1, 0
        else:
            titles.append(chart_title(kind, inputs[kind], a.lang))
    for _, fig in pages:
        fig.clear()
    return titles


def test_one_slide_per_pdf_page_in_its_order_each_titled_with_its_finding(deck):
    a, prs, pages = deck
    assert (prs.slide_width, prs.slide_height) == (SLIDE_W, SLIDE_H)
    assert len(prs.slides) == pages
    titles = []
    for slide in prs.slides:
        title = slide.shapes.title
        assert title is not None and title.is_placeholder
        assert title.placeholder_format.type in TITLE_TYPES  # editable in PowerPoint
        titles.append(title.text_frame.text)
    assert titles == _expected_titles(a)
    assert all(titles)


def test_tables_are_native_tables_with_every_row_once_in_order(deck):
    a, prs, _ = deck
    tabs = tables(a)
    grids = [
        shape.table
        for slide in prs.slides
        for shape in slide.shapes
        if shape.has_table  # no picture of a table anywhere
    ]
    assert grids
    got: dict[str, list[list[str]]] = {}
    for grid in grids:
        heads = [cell.text_frame.text for cell in grid.rows[0].cells]
        table = next(x for x in tabs if x.headers == heads)
        got.setdefault(table.key, []).extend(
            [cell.text_frame.text for cell in row.cells] for row in list(grid.rows)[1:]
        )
    for table in tabs:
        assert got[table.key] == [[c.text for c in row] for row in table.rows], table.key


def test_every_slide_has_notes_with_the_method_and_the_prompts(deck):
    a, prs, _ = deck
    asked = prompts(a)
    assert asked
    for slide in prs.slides:
        notes = slide.notes_slide.notes_text_frame.text
        assert t("deck.notes_method", a.lang) in notes
        method = notes.split("\n")[1]
        assert len(method) > 40  # a sentence, not a heading
        for prompt in asked:
            assert prompt in notes


def _png_pixels(blob: bytes) -> tuple[int, int]:
    assert blob[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", blob[16:24])


def test_pictures_inside_the_slide_never_stretched_at_slide_quality(deck):
    a, prs, _ = deck
    pictures = [s for slide in prs.slides for s in slide.shapes if s.shape_type == 13]
    pages = report_pages(a)
    assert len(pictures) == sum(k not in ("title", "summary", "table") for k, _ in pages)
    for _, fig in pages:
        fig.clear()
    for pic in pictures:
        assert pic.left >= 0 and pic.top >= 0
        assert pic.left + pic.width <= SLIDE_W and pic.top + pic.height <= SLIDE_H
        px_w, px_h = _png_pixels(pic.image.blob)
        assert abs(pic.width / pic.height - px_w / px_h) < 0.005 * (px_w / px_h)
        dpi = px_w / (pic.width / 914400)
        assert dpi >= 190  # 200 dpi shown at most at its own size


def _runs(prs):
    for slide in prs.slides:
        for shape in slide.shapes:
            frames = []
            if shape.has_text_frame:
                frames.append(shape.text_frame)
            if shape.has_table:
                frames += [c.text_frame for row in shape.table.rows for c in row.cells]
            for frame in frames:
                for p in frame.paragraphs:
                    yield from (r for r in p.runs if r.text.strip())


def test_every_run_names_fonts_for_its_language(deck):
    a, prs, _ = deck
    from pptx.oxml.ns import qn

    east = {"zh-Hans": "Microsoft YaHei", "zh-Hant": "Microsoft JhengHei"}.get(a.lang)
    tag = {"en": "en-GB", "pl": "pl-PL", "zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}[a.lang]
    runs = list(_runs(prs))
    assert runs
    for run in runs:
        rpr = run._r.find(qn("a:rPr"))
        assert rpr is not None and rpr.get("lang") == tag, run.text
        assert run.font.name in ("Calibri", "Consolas"), run.text
        ea = rpr.find(qn("a:ea"))
        assert (ea.get("typeface") if ea is not None else None) == east, run.text


def test_the_deck_says_who_wrote_it(deck):
    _, prs, _ = deck
    props = prs.core_properties
    assert props.last_modified_by == "cx-pillars" and props.author == "cx-pillars"
    assert props.title


def test_report_writes_only_the_deck_when_only_the_deck_is_asked(cli, demo, tmp_path):
    out = tmp_path / "deck.pptx"
    result = cli("report", "--dir", demo, "--survey", "customers", "--pptx", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.pptx"]
    assert f"Wrote {out} (10 slides)" in result.output
    assert len(pptx.Presentation(str(out)).slides) == 10


@pytest.mark.parametrize(
    "args,words",
    [
        (["--pptx", "deck.ppt"], "--pptx must be a .pptx file"),
        (["--html", "page.pdf"], "--html must be a .html file"),
        ([], "no output given"),
        (["--out", "same.pptx", "--pptx", "same.pptx"], "--out must be a .pdf file"),
        (["--pptx", "a.pptx", "--html", "./a.pptx"], "--html must be a .html file"),
    ],
)
def test_wrong_output_names_are_wrong_usage(cli, demo, tmp_path, monkeypatch, args, words):
    monkeypatch.chdir(tmp_path)
    result = cli("report", "--dir", demo, *args)
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_help_does_not_load_python_pptx():
    code = (
        "import sys\n"
        "from cx_pillars.cli import main\n"
        "sys.argv = ['cx-pillars', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stdout.write(repr(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pptx', 'lxml', 'xlsxwriter'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1].endswith("[]")


def test_demo_writes_the_deck_and_the_page_beside_the_pdf(cli, tmp_path):
    out = tmp_path / "demo"
    result = cli("demo", "--out", out)
    assert result.exit_code == 0, result.output
    deck, page = out / "meeting-pack.pptx", out / "meeting-pack.html"
    assert f"{deck}:" in result.output and f"{page}:" in result.output
    pdf = (out / "meeting-pack.pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert len(pptx.Presentation(str(deck)).slides) == pages
    assert page.read_text("utf-8").count('<section class="page') == pages
