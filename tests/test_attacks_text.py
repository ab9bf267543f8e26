"""Attacks through text read from files (issue 15): formulas in CSV whatever the
separator, Markdown and HTML from names, terminal escapes, codecs that are not text."""

from __future__ import annotations

import csv
import io
import re

import pytest
from conftest import RANKING, RATINGS

from cx_pillars import exporting, safetext
from cx_pillars.errors import CxError

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPES = ["\x1b]52;c;SGVsbG8=\x07", "\x1b]0;owned\x07", "\x1b[2J", "\u202e", "\x9b31m", "\u200b"]


def pieces(line: str) -> list[str]:
    """Every field a spreadsheet could make of ``line``, splitting on any separator."""
    out = []
    for sep in (",", ";", "\t", "|"):
        out += line.split(sep)
    return out


@pytest.mark.parametrize(
    "name",
    [
        "Ana;=cmd|' /C calc'!A0;",
        "Ana,=1+1",
        "Ana\t@SUM(A1)",
        "Ana|+1",
        "x;-2",
        "a;\t=x",
        '=HYPERLINK("http://x")',
        "plain; text",
    ],
)
def test_formula_cannot_start_after_any_separator(name: str) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(["id-1", exporting.neutralise(name), 3])
    line = buf.getvalue().rstrip("\n")
    bad = [p for p in pieces(line) if p.startswith(DANGEROUS_START)]
    assert bad == [], (line, bad)


def test_formula_guard_keeps_ordinary_text() -> None:
    for text in ["Ana", "Zoë Ng", "a, b", "50%", "3-4"]:
        assert safetext.csv_cell(text) == text
    assert safetext.csv_cell(7) == 7


def test_export_with_semicolon_name_splits_into_no_formula(cli, tmp_path) -> None:
    folder = tmp_path / "store"
    result = cli(
        "rate", "--dir", folder, "-r", "Ana;=cmd|' /C calc'!A0;", "--team", "T",
        "--ratings", RATINGS, "--ranking", RANKING,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    result = cli("export", "--dir", folder)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any("calc" in line for line in lines)
    for line in lines:
        assert [p for p in pieces(line) if p.startswith(DANGEROUS_START)] == []


@pytest.mark.parametrize(
    "attack",
    [
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "`rm -rf`",
        "*bold* _it_",
        "# Heading",
        "a | b",
        "1. item",
        "- item",
        "a\n# b",
    ],
)
def test_markdown_escaper_leaves_no_markup(attack: str) -> None:
    out = safetext.markdown(attack)
    assert "\n" not in out
    # every special character is preceded by a backslash
    for i, ch in enumerate(out):
        if ch in "<>[]`*_|":
            assert out[i - 1] == "\\", (attack, out)
    assert safetext.markdown("p < 0.05 and 3<4") == "p < 0.05 and 3<4"  # no tag can start
    assert not out.startswith(("#", "-", "+", ">", "1."))


def test_markdown_escaper_renders_back_to_the_text() -> None:
    # CommonMark: a backslash before ASCII punctuation is that character, literally.
    import re

    for text in ["<img src=x onerror=alert(1)>", "Ana | Ben", "1. x", "# T", "a_b*c"]:
        rendered = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", safetext.markdown(text))
        assert rendered == text


@pytest.mark.parametrize("bad", ESCAPES)
def test_check_refuses_control_and_invisible_characters(bad: str) -> None:
    with pytest.raises(CxError) as caught:
        safetext.check(f"Wave{bad}March", path="s.toml", field="name")
    line = str(caught.value)
    assert "s.toml" in line and "name" in line
    assert "\x1b" not in line and "\x9b" not in line and "\n" not in line
    assert f"U+{ord(bad.lstrip()[0]):04X}" in line


def test_check_lets_ordinary_text_through() -> None:
    for text in ["Wave March", "Zoë", "客户", "Ana-K (Kraków)"]:
        assert safetext.check(text, path=None, field="name") == text


@pytest.mark.parametrize("codec", ["base64", "hex", "zlib", "rot13", "idna", "punycode", "bz2"])
def test_non_text_encoding_is_a_usage_error(cli, tmp_path, codec: str) -> None:
    src = tmp_path / "e.csv"
    src.write_text("a,b\n1,2\n")
    result = cli("survey", "import", src, "--encoding", codec, "--name", "x", "--dir", tmp_path)
    assert result.exit_code == 2, result.output
    assert "unexpected" not in result.output
    assert codec in result.output and "utf-8" in result.output


# --------------------------------------------------------------------------- assessments
# Every text field of an assessment file goes through safetext.check when the file is
# read: a colleague with write access to the shared store cannot drive the terminal
# (OSC 52 clipboard, OSC 0 title, ESC[2J), hide text (zero-width, U+2028) or reorder it
# (bidi overrides) in anyone's `team`, `list`, `show`, `export`, chart or report.

INVISIBLE = ["\u2028", "\u2060", "\ufeff", "\u200e", "\u2066", "\x85", "\r"]
TEXT_FIELDS = ["respondent", "team", "role", "notes.service"]
# What must never reach the terminal: every control character but the line break, and
# the invisible format characters.
LEAK = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff]"
)


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string, every non-printable character as \\uXXXX."""
    return (
        '"'
        + "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}" for c in text)
        + '"'
    )


def assessment_toml(
    aid: str,
    *,
    respondent: str = "Ana",
    team: str = "T",
    role: str = "",
    note: str | None = None,
    created: str = "2026-11-20T10:00:00Z",
) -> str:
    ranking = ", ".join(f'"{p}"' for p in RANKING.split(","))
    scores = dict(zip(RANKING.split(","), [2, 2, 4, 4, 3, 3, 3, 2, 4, 3]))
    lines = [
        "schema = 1",
        'framework = "ten-pillars"',
        f'id = "{aid}"',
        f"created = {created}",
        f"respondent = {toml_string(respondent)}",
        f"team = {toml_string(team)}",
        f"role = {toml_string(role)}",
        f"ranking = [{ranking}]",
        "",
        "[ratings]",
        *(f"{k} = {v}" for k, v in scores.items()),
    ]
    if note is not None:
        lines += ["", "[notes]", f"service = {toml_string(note)}"]
    return "\n".join(lines) + "\n"


def attack_store(folder) -> dict[str, str]:
    """Two clean colleagues and one file per (field, attack): {file name: field}."""
    folder.mkdir(parents=True, exist_ok=True)
    clean = (("2026-11-20T100000Z-ana-0001", "Ana"), ("2026-11-20T110000Z-ben-0002", "Ben"))
    for aid, name in clean:
        (folder / f"{aid}.toml").write_text(assessment_toml(aid, respondent=name))
    bad = {}
    for i, attack in enumerate(ESCAPES + INVISIBLE):
        for fld in TEXT_FIELDS:
            aid = f"2026-11-21T10{i:02d}00Z-x-{fld.replace('.', '-')}"
            values = {"respondent": "Eve", "team": "T", "role": "", "note": None}
            if fld == "notes.service":
                values["note"] = f"fine{attack}text"
            else:
                values[fld] = f"X{attack}y"
            (folder / f"{aid}.toml").write_text(assessment_toml(aid, **values))
            bad[f"{aid}.toml"] = fld
    return bad


def no_leak(text: str) -> None:
    found = LEAK.search(text)
    if found is not None:
        near = text[max(0, found.start() - 80) : found.end() + 40]
        raise AssertionError(f"U+{ord(found.group()):04X} reached the terminal: {near!r}")


@pytest.mark.parametrize(
    "command",
    [
        ("team",),
        ("list",),
        ("export",),
        ("export", "--format", "json"),
        ("show", "2026-11-20T100000Z-ana-0001"),
        ("chart", "scores", "--out", "{tmp}/scores.png"),
        ("chart", "agreement"),
        ("report", "--out", "{tmp}/r.pdf", "--markdown", "{tmp}/r.md"),
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_store_with_escapes_in_every_text_field_is_skipped_file_by_file(cli, tmp_path, command):
    folder = tmp_path / "store"
    bad = attack_store(folder)
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    result = cli(*args, "--dir", folder)
    assert result.exit_code == 0, result.output
    no_leak(result.stdout)
    no_leak(result.stderr)
    if command[0] == "show":  # reads the one file asked for
        return
    from cx_pillars.cli.common import WARNINGS_SHOWN

    lines = result.stderr.splitlines()
    warnings = [line for line in lines if "skipped" in line and "more files" not in line]
    # the first files each with its own line, the rest counted on one (a store of
    # thousands of bad files would print thousands of lines)
    assert len(warnings) == min(len(bad), WARNINGS_SHOWN), result.stderr
    more = len(bad) - len(warnings)
    assert not more or f"and {more} more files were skipped" in result.stderr
    for name, fld in bad.items():
        said = [line for line in warnings if name in line]
        assert len(said) <= 1, (name, result.stderr)
        if said:
            assert f": {fld}:" in said[0], said[0]  # the field, after the file and its line
            assert re.search(rf"{re.escape(name)}:\d+:", said[0]), said[0]  # the line
    for out in tmp_path.glob("r*.md"):
        no_leak(out.read_text(encoding="utf-8").replace("\n", " "))


def test_show_of_a_file_with_an_escape_is_one_clean_line(cli, tmp_path):
    folder = tmp_path / "store"
    attack_store(folder)
    target = folder / "2026-11-21T100000Z-x-respondent.toml"
    result = cli("show", target, "--dir", folder)
    assert result.exit_code == 1
    no_leak(result.output)
    assert "respondent" in result.output and "U+001B" in result.output


def test_notes_keep_line_breaks_and_tabs_but_not_a_lone_carriage_return(fw, tmp_path):
    from cx_pillars import store

    path = tmp_path / "a.toml"
    path.write_text(assessment_toml("a-1", note="first line\r\nsecond\tline\nthird"))
    assert store.read_assessment(path, fw).notes["service"] == "first line\nsecond\tline\nthird"
    for bad in ("over\rwritten", "a\u2028b", "a\x0bb"):
        path.write_text(assessment_toml("a-1", note=bad))
        with pytest.raises(CxError, match="notes.service"):
            store.read_assessment(path, fw)
    for fld in ("respondent", "team", "role"):
        for bad in ("a\nb", "a\tb"):
            path.write_text(assessment_toml("a-1", **{fld: bad}))
            with pytest.raises(CxError, match=fld):
                store.read_assessment(path, fw)


@pytest.mark.parametrize("option", ["--respondent", "--team", "--role", "--note"])
@pytest.mark.parametrize("attack", ["\u200b", "\x1b]52;c;SGVsbG8=\x07", "\u202e", "\u2028"])
def test_rate_flags_with_invisible_characters_are_refused_naming_the_option(
    cli, tmp_path, option, attack
):
    folder = tmp_path / "store"
    given = {"--respondent": "Ana", "--team": "T", "--role": "Lead"}
    value = f"service=ok{attack}x" if option == "--note" else f"X{attack}y"
    flags = [x for k, v in given.items() if k != option for x in (k, v)]
    result = cli(
        "rate", "--dir", folder, *flags, option, value, "--ratings", RATINGS, "--ranking", RANKING
    )  # fmt: skip
    assert result.exit_code == 2, result.output  # wrong usage
    no_leak(result.output)
    assert f"{option}: holds the invisible or control character U+" in result.output
    assert not folder.exists() or not list(folder.glob("*.toml"))


def test_the_team_offered_by_the_interview_is_never_an_escape(tmp_path):
    from cx_pillars.rating import latest_team

    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "2026-11-20T100000Z-ana-1.toml").write_text(assessment_toml("a-1", team="Retail"))
    assert latest_team(folder) == "Retail"
    (folder / "2026-11-21T100000Z-eve-1.toml").write_text(
        assessment_toml("e-1", team="Retail\x1b]0;owned\x07")
    )
    assert latest_team(folder) == ""


# --------------------------------------------------------------------------- Markdown
# `report --markdown` is pasted into wikis that render Markdown with HTML: no name,
# team, role, segment or pillar label may become HTML, a link, emphasis, a heading or
# a table cell boundary. The page is rendered with a real CommonMark parser (HTML on).

TEAM = "<img src=x onerror=alert(1)> # Team | **bold**"
NAME = "[x](https://evil.example)<script>alert(1)</script>"  # one word: it is shown
ROLE = "**boss** | `code` <b>"
SEGMENT = "<iframe/src=//evil.example>"
LABEL = "Digital <img src=y onerror=alert(2)> | [z](https://evil.example/2)"
SHORT = "# Dig*it*al"


@pytest.fixture(scope="module")
def attack_page(demo, tmp_path_factory):
    """The demo store and survey with the attacks in every piece of text, its pack's
    Markdown and that Markdown rendered to HTML."""
    import shutil

    from markdown_it import MarkdownIt
    from typer.testing import CliRunner

    from cx_pillars.cli import app

    root = tmp_path_factory.mktemp("md")
    folder = root / "store"
    shutil.copytree(demo, folder)
    for path in folder.glob("*.toml"):
        text = path.read_text(encoding="utf-8").replace('"Retail CX"', toml_string(TEAM))
        text = text.replace('"Ben Okafor"', toml_string(NAME))
        text = text.replace('"Marketing manager"', toml_string(ROLE))
        path.write_text(text, encoding="utf-8")
    summary = folder / "surveys" / "customers.toml"
    text = summary.read_text(encoding="utf-8").replace('"Gen Z"', toml_string(SEGMENT))
    summary.write_text(text, encoding="utf-8")
    from importlib import resources

    framework = resources.files("cx_pillars").joinpath("data", "ten-pillars.toml").read_text()
    framework = framework.replace(
        'label = "Digital experiences"', f"label = {toml_string(LABEL)}"
    ).replace('short = "Digital"', f"short = {toml_string(SHORT)}")
    assert LABEL in tomllib_loads(framework)["pillars"][2]["label"]
    (root / "fw.toml").write_text(framework, encoding="utf-8")
    pdf, md = root / "pack.pdf", root / "pack.md"
    result = CliRunner().invoke(
        app,
        [
            "report", "--dir", str(folder), "--survey", "customers", "--framework",
            str(root / "fw.toml"), "--out", str(pdf), "--markdown", str(md), "--lang", "en",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    page = md.read_text(encoding="utf-8")
    return page, MarkdownIt("commonmark").enable("table").render(page)


def tomllib_loads(text: str) -> dict:
    import tomllib

    return tomllib.loads(text)


def test_markdown_page_holds_no_html_from_data(attack_page):
    page, html = attack_page
    tags = re.findall(r"<[^>]*>", html)
    made = [tag for tag in tags if re.match(r"</?(img|script|iframe|a|b)\b", tag)]
    # the only images are the page's own charts; no link, script, frame or bold tag
    images = [t for t in made if t.startswith("<img")]
    assert images and all(
        re.fullmatch(r'<img src="pack-charts/[\w-]+\.png" alt="[^"<>]*" />', t) for t in images
    ), images
    assert [t for t in made if not t.startswith("<img")] == [], made
    assert not any("onerror" in t or "javascript:" in t or "evil" in t for t in tags), tags


def test_markdown_page_shows_the_attack_text_literally(attack_page):
    import html as htmllib

    page, html = attack_page
    text = htmllib.unescape(re.sub(r"<[^>]*>", " ", html))
    for attack in (TEAM, NAME, LABEL, SEGMENT):
        assert attack in text, (attack, page[:3000])
    assert "**boss**" in text or ROLE not in page  # the role, where shown, is literal


def test_markdown_title_is_one_heading_with_the_team_literally(attack_page):
    page, html = attack_page
    assert page.splitlines()[0].startswith("# ")
    assert html.count("<h1>") == 1
    assert "<strong>bold</strong>" not in html


def test_markdown_tables_keep_their_columns(attack_page):
    page, html = attack_page
    for table in re.findall(r"<table>.*?</table>", html, flags=re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
        widths = {len(re.findall(r"<t[hd]\b", row)) for row in rows}
        assert len(widths) == 1, widths  # a | in a label made no extra cell


@pytest.mark.parametrize("attack", ["\u200b", "\u202e", "\u2028", "\x1b]0;owned\x07", "\ufeff"])
def test_a_framework_label_with_an_invisible_character_is_refused(cli, tmp_path, attack):
    from importlib import resources

    text = resources.files("cx_pillars").joinpath("data", "ten-pillars.toml").read_text()
    text = text.replace(
        'label = "Digital experiences"', f"label = {toml_string('Digital' + attack + 'x')}"
    )
    path = tmp_path / "fw.toml"
    path.write_text(text, encoding="utf-8")
    result = cli("team", "--framework", path, "--dir", tmp_path / "store")
    assert result.exit_code == 1, result.output
    no_leak(result.output)
    assert "fw.toml" in result.output and "pillars[3].label" in result.output
    assert f"U+{ord(attack[0]):04X}" in result.output
