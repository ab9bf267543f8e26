"""Every command in every language, and charts in Polish and Chinese with every glyph drawn.

Chinese needs a CJK font (Debian's ``fonts-noto-cjk``; ``.ci/run`` installs it when it
can): the chart tests that need one are skipped, saying why, when none is installed.
Without one, chart text falls back to English and the command says so once.
"""

from __future__ import annotations

import re
import tomllib
import warnings
from functools import cache

import pytest
from conftest import RATINGS

from cx_pillars import i18n

LANGS = i18n.LANGUAGES  # en, pl, zh-Hans, zh-Hant
DRAWN = ("pl", "zh-Hans", "zh-Hant")  # the ones with letters DejaVu alone may lack
KINDS = ("gap", "priorities", "scores", "agreement", "segments", "trend")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
POLISH = re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def analysed(demo):
    """analysed(lang): the demo with its survey, analysed in ``lang`` (cached)."""
    from cx_pillars import report, store
    from cx_pillars.pillars import builtin_framework
    from cx_pillars.survey.summary import find_summary, load_summary

    fw = builtin_framework()
    runs = store.load_store(demo, fw)
    summary = load_summary(find_summary("customers", demo), fw)

    @cache
    def analyse(lang):
        return report.analyse(runs, fw, summary, lang=lang, generated="2026-11-23")

    return analyse


def needs_font(lang: str) -> None:
    """Skip, saying why, when ``lang`` is Chinese and no installed font can draw it."""
    from cx_pillars.charts import chart_fonts

    if chart_fonts(lang) is None:
        pytest.skip(
            f"no CJK font installed, so {lang} charts fall back to English "
            "(install fonts-noto-cjk to run this test)"
        )


@pytest.fixture
def no_cjk_font(monkeypatch):
    """As on a machine without any Chinese font."""
    from cx_pillars.charts import style

    monkeypatch.setattr(style, "find_cjk_font", lambda lang="zh-Hans": None)
    style.chart_fonts.cache_clear()
    yield
    style.chart_fonts.cache_clear()


def strict_draw(fig, lang: str) -> None:
    """Draw ``fig`` as saving does; any warning (a missing glyph above all) fails."""
    from cx_pillars.charts import style

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with style.styled(lang):
            fig.canvas.draw()


def embedded_font_kinds(pdf: bytes) -> set[bytes]:
    """The first four bytes of every font file embedded as TrueType (/FontFile2)."""
    import zlib

    kinds = set()
    for obj in re.findall(rb"/FontFile2 (\d+) 0 R", pdf):
        m = re.search(rb"\n%s 0 obj\s*<<(.*?)>>\s*stream\r?\n" % obj, pdf, re.DOTALL)
        data = pdf[m.end() : m.end() + 1_000_000]
        data = zlib.decompressobj().decompress(data) if b"Flate" in m.group(1) else data
        kinds.add(data[:4])
    return kinds


def figure_text(fig) -> str:
    from matplotlib.text import Text

    return "\n".join(t.get_text() for t in fig.findobj(Text))


# --------------------------------------------------------------------------- glyphs


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", DRAWN)
def test_every_chart_draws_every_glyph(analysed, lang, kind):
    from cx_pillars import charts, report

    needs_font(lang)
    a = analysed(lang)
    with warnings.catch_warnings():
        # "Glyph … missing from font(s)" fails; a library's own deprecation notice
        # (pyparsing's, under matplotlib 3.8) is not about our text
        warnings.simplefilter("error")
        warnings.filterwarnings("default", category=DeprecationWarning)
        fig = charts.build(kind, report.chart_input(a, kind), lang)
    strict_draw(fig, lang)
    title = fig.findobj(lambda x: x.get_gid() == "title")[0]
    assert charts.chart_fonts(lang)[0] in title.get_fontfamily()
    words = figure_text(fig)
    assert (CJK if lang.startswith("zh") else POLISH).search(words), words[:300]
    if lang.startswith("zh"):
        assert CJK.search(title.get_text()), title.get_text()


def test_fonts_follow_the_script():
    """Simplified Chinese gets an SC face where one is installed, traditional a TC one."""
    from matplotlib import font_manager

    from cx_pillars.charts import chart_fonts
    from cx_pillars.charts.style import CJK_SC, CJK_TC

    needs_font("zh-Hans")
    installed = {f.name for f in font_manager.fontManager.ttflist}
    hans, hant = chart_fonts("zh-Hans")[0], chart_fonts("zh-Hant")[0]
    if installed & set(CJK_SC):
        assert hans in CJK_SC
    if installed & set(CJK_TC):
        assert hant in CJK_TC
    # Latin languages: DejaVu Sans first, the SC face after it for Chinese names.
    assert chart_fonts("pl") == chart_fonts("en")
    assert chart_fonts("en")[:2] == ("DejaVu Sans", hans)


# --------------------------------------------------------------------------- no font


def test_without_a_cjk_font_charts_fall_back_to_english(no_cjk_font):
    from cx_pillars import report
    from cx_pillars.charts import chart_fonts, chart_language

    assert chart_fonts("zh-Hans") is None and chart_fonts("zh-Hant") is None
    assert chart_language("zh-Hans") == ("en", True)
    assert chart_language("zh-Hant") == report.chart_language("zh-Hant") == ("en", True)
    assert chart_language("pl") == ("pl", False)


def test_without_a_cjk_font_the_chart_is_english_and_says_so_once(cli, demo, tmp_path, no_cjk_font):
    out = tmp_path / "gap.svg"
    result = cli(
        "chart", "gap", "--dir", demo, "--survey", "customers", "--out", out, "--lang", "zh-Hans"
    )
    assert result.exit_code == 0, result.output
    notice = i18n.t("report.no_cjk_font", "zh-Hans")
    assert result.output.count(notice) == 1 and "\n" not in notice
    drawn = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", out.read_text("utf-8")))
    assert not CJK.search(drawn), drawn[:300]  # no boxes: English
    assert "Customers" in drawn or "The team" in drawn
    assert str(out) in result.output


def test_without_a_cjk_font_the_report_says_so_once(cli, demo, tmp_path, no_cjk_font):
    pdf, md = tmp_path / "r.pdf", tmp_path / "r.md"
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
        "zh-Hant",
    )
    assert result.exit_code == 0, result.output
    assert result.output.count(i18n.t("report.no_cjk_font", "zh-Hant")) == 1
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_without_a_cjk_font_the_demo_says_so_once(cli, tmp_path, no_cjk_font):
    result = cli("demo", "--out", tmp_path / "demo", "--lang", "zh-Hans")
    assert result.exit_code == 0, result.output
    assert result.output.count(i18n.t("report.no_cjk_font", "zh-Hans")) == 1
    assert (tmp_path / "demo" / "meeting-pack.pdf").read_bytes().startswith(b"%PDF-")


# --------------------------------------------------------------------------- survey template
# In tests/test_survey_template.py: the template in every language, its customer-facing
# wording and the answers importing back.


# --------------------------------------------------------------------------- every command


@pytest.mark.parametrize("lang", LANGS)
def test_interview_in_every_language(interactive, folder, fw, lang):
    save = i18n.t("interview.key.save", lang)  # the language's letter ("z" for zapisz)
    keys = "Ana\rRetail CX\r\r" + RATINGS.replace(",", "") + "123456789" + save
    result = interactive(keys, "--dir", folder, "--lang", lang)
    assert result.exit_code == 0, result.output
    [saved] = sorted(folder.glob("*.toml"))
    doc = tomllib.loads(saved.read_text(encoding="utf-8"))
    assert list(doc["ranking"]) == [p.id for p in fw.pillars]  # ids, not labels
    assert [doc["ratings"][p.id] for p in fw.pillars] == [int(c) for c in RATINGS.split(",")]
    out = result.output
    assert i18n.t("common.total", lang) in out and "30/50" in out
    assert fw.pillars[0].text("label", lang) in out
    assert i18n.t("rate.saved", lang, path="").strip() in out


@pytest.mark.parametrize("lang", LANGS)
def test_team_compare_and_chart_preview_in_every_language(cli, demo, lang):
    from cx_pillars.pillars import builtin_framework

    short = builtin_framework().label("service", lang, short=True)
    team = cli("team", "--dir", demo, "--lang", lang)
    assert team.exit_code == 0, team.output
    assert i18n.t("team.table.title", lang) in team.output and short in team.output
    compare = cli("compare", "--dir", demo, "--survey", "customers", "--lang", lang)
    assert compare.exit_code == 0, compare.output
    assert i18n.t("compare.table_title", lang) in compare.output and short in compare.output
    preview = cli("chart", "scores", "--dir", demo, "--lang", lang)
    assert preview.exit_code == 0, preview.output


@pytest.mark.parametrize("lang", LANGS)
def test_report_in_every_language_reads_in_that_language(cli, demo, analysed, tmp_path, lang):
    """The pack in each language: every page drawn with no glyph missing, its words in
    that language (Chinese ones in the PDF itself when a CJK font is installed)."""
    from test_charts import pdf_text

    from cx_pillars import report
    from cx_pillars.charts import chart_language

    pdf, md = tmp_path / "r.pdf", tmp_path / "r.md"
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
    drawn, fell_back = chart_language(lang)
    assert result.output.count(i18n.t("report.no_cjk_font", lang)) == int(fell_back)
    text = md.read_text(encoding="utf-8")
    assert i18n.t("report.section_discuss", lang) in text
    if lang.startswith("zh"):
        assert CJK.search(text)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figs = report.pdf_pages(analysed(lang).in_language(drawn))
    for fig in figs:
        strict_draw(fig, drawn)
    words = "\n".join(figure_text(f) for f in figs)
    assert i18n.t("report.section_discuss", drawn) in words
    if drawn == "pl":
        assert all(POLISH.search(figure_text(f)) for f in figs)
    if drawn.startswith("zh"):
        assert all(CJK.search(figure_text(f)) for f in figs)
        assert "团队" in pdf_text(pdf.read_bytes()) or "團隊" in pdf_text(pdf.read_bytes())
        # embedded with TrueType outlines, as /FontFile2 promises: CFF there ("OTTO")
        # shows as wrong or missing characters in Adobe Reader and others
        assert embedded_font_kinds(pdf.read_bytes()) == {b"\x00\x01\x00\x00"}


def test_the_report_names_the_framework_in_the_reader_language(analysed):
    from cx_pillars import report

    assert report.content.framework_line(analysed("pl")) == "10 filarów doświadczenia klienta"
    assert report.content.framework_line(analysed("zh-Hant")) == "客戶體驗 10 大支柱"
    assert report.content.framework_line(analysed("en")) == "The 10 pillars of customer experience"
