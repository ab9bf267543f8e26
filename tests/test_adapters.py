"""The adapters that hold every private or version-dependent use of a library
(cx_pillars.charts.mpl, cx_pillars.cli.typer_hooks, cx_pillars.views.keys): each works
on the installed versions, and each fallback — the path an older or newer library
takes — still gives a working chart, help text or prompt."""

from __future__ import annotations

import functools
import subprocess
import sys
import types
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- matplotlib


def _font():
    from matplotlib.font_manager import FontProperties, findfont, get_font

    font = get_font(findfont(FontProperties(family="DejaVu Sans")))
    font.set_size(10, 72)
    return font


def test_load_flags_work_with_this_matplotlib():
    from cx_pillars.charts import mpl

    glyph = _font().load_char(ord("W"), flags=mpl.LoadFlags.NO_HINTING)
    assert glyph.linearHoriAdvance > 0
    assert mpl.NO_HINTING == mpl.LoadFlags.NO_HINTING


def test_load_flags_before_matplotlib_3_10_are_the_module_constants():
    """matplotlib < 3.10 has no LoadFlags enum, only LOAD_* integers."""
    import warnings

    from cx_pillars.charts import mpl

    old = types.SimpleNamespace(LOAD_DEFAULT=0, LOAD_NO_HINTING=2, LOAD_NO_AUTOHINT=32768)
    flags = mpl._load_flags(old)
    assert (flags.DEFAULT, flags.NO_HINTING, flags.NO_AUTOHINT) == (0, 2, 32768)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # matplotlib >= 3.10: int flags are deprecated
        by_int = _font().load_char(ord("W"), flags=flags.NO_HINTING).linearHoriAdvance
    assert by_int == _font().load_char(ord("W"), flags=mpl.NO_HINTING).linearHoriAdvance


def _chinese_pdf(tmp_path) -> bytes:
    from cx_pillars.charts import style

    if style.chart_fonts("zh-Hans") is None:
        pytest.skip("no installed font draws Chinese")
    with style.styled("zh-Hans"):
        fig = style.new_figure()
        fig.text(0.1, 0.5, "客户体验 CX 10", fontsize=20)
    return style.save(fig, tmp_path / "zh.pdf", lang="zh-Hans").read_bytes()


def test_embedded_fonts_are_rewritten_through_the_hook(tmp_path):
    from matplotlib.backends import _backend_pdf_ps

    from cx_pillars.charts import mpl, style

    seen = []
    original = getattr(_backend_pdf_ps, "font_as_file", None)
    with mpl.rewrite_embedded_fonts(seen.append) as hooked:
        assert hooked is True
        fig = style.new_figure()
        fig.text(0.1, 0.5, "Customers")
        style.save(fig, tmp_path / "c.pdf")
    assert seen and all(hasattr(font, "getGlyphOrder") for font in seen)
    assert getattr(_backend_pdf_ps, "font_as_file", None) is original  # put back


def test_chinese_pdf_keeps_its_text_as_truetype(tmp_path):
    pdf = _chinese_pdf(tmp_path)
    assert b"/FontFile2" in pdf and b"/Type3" not in pdf


def test_before_font_as_file_the_subsetter_is_wrapped():
    """matplotlib 3.8 and 3.9 have no font_as_file; get_glyphs_subset returns the
    subset saved to a BytesIO (or, in some versions, the fontTools font itself)."""
    import io

    from fontTools.ttLib import TTFont
    from matplotlib.font_manager import FontProperties, findfont

    from cx_pillars.charts import mpl

    path = findfont(FontProperties(family="DejaVu Sans"))

    def as_bytes(fontfile, characters):
        fh = io.BytesIO()
        TTFont(fontfile).save(fh, reorderTables=False)
        return fh

    def as_font(fontfile, characters):
        return TTFont(fontfile)

    def mark(font):
        font["head"].fontRevision = 42.0

    for get_glyphs_subset in (as_bytes, as_font):
        shared = types.SimpleNamespace(get_glyphs_subset=get_glyphs_subset)
        with mpl.rewrite_embedded_fonts(mark, shared=shared) as hooked:
            assert hooked is True
            result = shared.get_glyphs_subset(path, "ab")
        font = result if isinstance(result, TTFont) else TTFont(result)
        assert font["head"].fontRevision == 42.0
        assert shared.get_glyphs_subset is get_glyphs_subset  # put back


def test_without_a_hook_chinese_pdf_still_renders_as_text(monkeypatch, tmp_path):
    """A matplotlib with neither hook: the PDF still renders, the font embedded as
    matplotlib does it (Type 42; Type 3 cannot hold Chinese in matplotlib 3.11)."""
    from cx_pillars.charts import mpl, style

    monkeypatch.setattr(
        style,
        "rewrite_embedded_fonts",
        functools.partial(mpl.rewrite_embedded_fonts, shared=types.SimpleNamespace()),
    )
    with mpl.rewrite_embedded_fonts(print, shared=types.SimpleNamespace()) as hooked:
        assert hooked is False
    pdf = _chinese_pdf(tmp_path)
    assert pdf.startswith(b"%PDF-") and b"/FontFile2" in pdf and b"/Type3" not in pdf


def test_lean_font_subsets_drop_layout_tables_and_put_them_back():
    from fontTools import subset

    from cx_pillars.charts import mpl

    before = list(subset.Options._drop_tables_default)
    with mpl.lean_font_subsets() as lean:
        assert lean is True
        assert {"GSUB", "GPOS", "kern"} <= set(subset.Options._drop_tables_default)
    assert subset.Options._drop_tables_default == before


def test_lean_font_subsets_without_the_fonttools_attribute(tmp_path):
    from cx_pillars.charts import mpl, style

    options = types.SimpleNamespace()
    with mpl.lean_font_subsets(options) as lean:
        assert lean is False
        fig = style.new_figure()
        fig.text(0.1, 0.5, "Customers")
        assert style.save(fig, tmp_path / "c.pdf").read_bytes().startswith(b"%PDF-")
    assert not hasattr(options, "_drop_tables_default")


# --------------------------------------------------------------------------- typer


def _small_app():
    import typer

    app = typer.Typer(add_completion=False, rich_markup_mode=None)

    @app.callback()
    def main() -> None:
        """A small app."""

    @app.command()
    def first_one(count: int = 1) -> None:
        """The first command."""
        print(f"first {count}")

    @app.command("second")
    def _second() -> None:
        """The second command."""
        print("second")

    group = typer.Typer()

    @group.command()
    def inner() -> None:
        """Inside the group."""
        print("inner")

    app.add_typer(group, name="group", help="A group.")
    return app


def _invoke(app, argv):
    from typer.testing import CliRunner

    return CliRunner().invoke(app, argv)


def test_only_the_command_asked_for_is_kept():
    from cx_pillars.cli.typer_hooks import build_only_the_command_asked_for

    app = _small_app()
    assert build_only_the_command_asked_for(app, ["first-one", "--count", "3"]) is True
    assert [c.callback.__name__ for c in app.registered_commands] == ["first_one"]
    assert app.registered_groups == []
    assert _invoke(app, ["first-one", "--count", "3"]).output == "first 3\n"

    app = _small_app()
    assert build_only_the_command_asked_for(app, ["group", "inner"]) is True
    assert app.registered_commands == [] and len(app.registered_groups) == 1
    assert _invoke(app, ["group", "inner"]).output == "inner\n"

    app = _small_app()
    assert build_only_the_command_asked_for(app, ["nope"]) is False
    assert len(app.registered_commands) == 2


def test_top_level_help_from_stand_ins_is_the_same():
    from cx_pillars.cli.typer_hooks import build_only_the_command_asked_for

    full = _invoke(_small_app(), ["--help"]).output
    app = _small_app()
    assert build_only_the_command_asked_for(app, ["--help"]) is True
    assert _invoke(app, ["--help"]).output == full
    assert "first-one" in full and "The second command." in full


def test_a_typer_without_command_info_builds_everything(monkeypatch):
    """A Typer whose CommandInfo changed: nothing is trimmed, help is unchanged."""
    import typer.models

    from cx_pillars.cli.typer_hooks import build_only_the_command_asked_for

    full = _invoke(_small_app(), ["--help"]).output

    def changed(*args, **kwargs):
        raise TypeError("unexpected keyword argument")

    monkeypatch.setattr(typer.models, "CommandInfo", changed)
    app = _small_app()
    assert build_only_the_command_asked_for(app, ["--help"]) is False
    assert _invoke(app, ["--help"]).output == full
    assert build_only_the_command_asked_for(types.SimpleNamespace(), ["x"]) is False


def test_cli_help_is_the_same_with_and_without_the_trick():
    run = functools.partial(subprocess.run, capture_output=True, text=True, check=True, cwd=REPO)
    fast = run([sys.executable, "-m", "cx_pillars", "--help"]).stdout
    code = (
        "import sys, typer.models\n"
        "def changed(*a, **k): raise TypeError('changed')\n"
        "typer.models.CommandInfo = changed\n"
        "sys.argv = ['cx-pillars', '--help']\n"
        "from cx_pillars.cli import main\n"
        "main()\n"
    )
    slow = run([sys.executable, "-c", code]).stdout
    assert slow == fast and "compare" in fast


# --------------------------------------------------------------------------- questionary


def _ask(keys: str, *, bind: bool = True):
    import questionary
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from cx_pillars.views.keys import answer_on_keys

    choices = [questionary.Choice(name, value=name) for name in ("low", "mid", "high")]
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        q = questionary.select("How?", choices=choices, use_shortcuts=True, use_jk_keys=False)
        bound = answer_on_keys(q, {"2": 1, "3": 2}) if bind else None
        inp.send_text(keys)
        return bound, q.unsafe_ask()


def test_a_shortcut_answers_at_once():
    assert _ask("3") == (True, "high")


def test_without_questionarys_list_control_a_shortcut_moves_and_enter_answers(monkeypatch):
    """A questionary whose list control is not where it was: keys still work, with Enter."""
    import questionary.prompts.common

    monkeypatch.setattr(questionary.prompts.common, "InquirerControl", type("Other", (), {}))
    assert _ask("2\r") == (False, "mid")
