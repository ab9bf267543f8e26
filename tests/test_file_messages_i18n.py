"""Problems with the user's files in the run's language.

A Polish run of ``team`` on a store with bad files said ``uwaga: skipped ...: created:
2099-... is in the future; ...``: the prefix Polish, the rest English. ``skipped`` was an
English literal, the store turned each error into text with ``str()`` (English even where
the message was a catalogue key), and most checks of an assessment, a TOML file and a
framework file had English literals as messages. Each case here is a file with one
problem; every line must name the file (line and field where the English does) and keep
none of the English words of the message, which must itself stay word for word.
"""

from __future__ import annotations

import re
import shutil
import string
from datetime import UTC, datetime

import pytest
from conftest import SAMPLE

from cx_pillars import i18n

GOOD = SAMPLE / "2026-11-17T151000Z-chen-wei-0be7.toml"
GOOD_ID = GOOD.stem
OTHERS = ("pl", "zh-Hans", "zh-Hant")

# name -> (what the line starts with after the file name, the English of the message as
# it was before any translation: every word of it must be gone in another language).
STORE_CASES = {
    "binary": (": ", "is a binary file, not TOML"),
    "broken": (":2: ", "not valid TOML: Expected '=' after a key in a key/value pair (column 6)"),
    "copy": (
        ": id: ",
        f"'{GOOD_ID}' is also used by {GOOD.name}",
    ),
    "future": (
        ":4: created: ",
        "2099-01-10T06:20:00Z is in the future; a run dated ahead would count as its "
        "colleague's latest run and hide every real one (set the date and time the run "
        "was made, or fix this computer's clock)",
    ),
    "ranking": (":8: ranking: ", "must rank all 10 pillars; missing non_digital"),
    "rating7": (":22: ratings.advertising: ", "7 is outside 1-5"),
    "unknownkey": (
        ":7: colour: ",
        "unknown key (expected anonymous_key, created, framework, id, notes, ranking, "
        "ratings, respondent, role, schema, source_id, team)",
    ),
    "x": (": ", "is a folder, not a file"),
}
# What stays as it is in every language: ids, field and key names, values from the file.
KEPT = {
    "TOML",
    "UTF-8",
    "Z",
    "cx-pillars",
    "--framework",
    "FILE",
    "anonymous",
    "a-z",
}


#: What a message quotes rather than says: field and key names (the list an unknown key
#: is told), option names, the program's name, a TOML table name, ``schema = 1``.
QUOTED = (
    "anonymous_key, created, framework, id, notes, ranking, ratings, respondent, role, "
    "schema, source_id, team",
    "label, short, question, low, high",
    "cx-pillars",
    "[[pillars]]",
    "schema = ",
)
#: Words a language shares with the English (Polish "folder").
SHARED = {"pl": {"folder"}}


def _values_out(text: str) -> str:
    for quoted in QUOTED:
        text = text.replace(quoted, " ")
    text = re.sub(r"--[\w-]+", " ", text)  # an option
    text = re.sub(r"(?<![^\W\d_])'[^']*'", " ", text)  # a value quoted from the file
    return re.sub(r"[\w.\-]*[_\d][\w.\-]*", " ", text)  # ids, file names, numbers


def english_words(template: str, lang: str = "en") -> set[str]:
    """The words of a message (3 letters or more, in any alphabet), in lower case;
    quoted values, ids, file and field names are left out (they stay in every
    language), and so are the words ``lang`` shares with English."""
    words = {w.lower() for w in re.findall(r"[^\W\d_]{3,}", _values_out(template))}
    return words - SHARED.get(lang, set())


def leftover_latin(line: str, allowed: set[str]) -> list[str]:
    """Latin-letter words of a line that are neither a kept term nor a value."""
    for value in sorted(allowed, key=len, reverse=True):
        line = line.replace(value, " ")
    line = _values_out(line)
    words = re.findall(r"[A-Za-z][A-Za-z0-9_.\-]*", line)
    return [w for w in words if w.strip(".") not in KEPT]


def build_store(folder):
    folder.mkdir(exist_ok=True)
    good = GOOD.read_text(encoding="utf-8")
    shutil.copy(GOOD, folder)

    def variant(name: str, old: str, new: str) -> None:
        text = good.replace(f'id = "{GOOD_ID}"', f'id = "{name}"')
        assert old in text
        (folder / f"{name}.toml").write_text(text.replace(old, new, 1), encoding="utf-8")

    variant("future", "created = 2026-11-17 15:10:00+00:00", "created = 2099-01-10T06:20:00Z")
    variant("rating7", "advertising = 3", "advertising = 7")
    variant("ranking", '    "non_digital",\n', "")
    variant("unknownkey", "role = ", 'colour = "red"\nrole = ')
    (folder / "broken.toml").write_text("schema = 1\nthis is not toml\n", encoding="utf-8")
    (folder / "binary.toml").write_bytes(b"\x00\x01\x02binary")
    (folder / "copy.toml").write_text(good, encoding="utf-8")
    (folder / "x.toml").mkdir()
    return folder


def warnings_of(runner, folder, lang):
    from cx_pillars.cli import app

    result = runner.invoke(app, ["team", "--dir", str(folder), "--json", "--lang", lang])
    assert result.exit_code == 0, result.output
    prefix = i18n.t("errors.warning", lang) + ": "
    lines = result.stderr.strip().splitlines()
    assert all(line.startswith(prefix) for line in lines), lines
    return [line.removeprefix(prefix) for line in lines]


def test_english_store_warnings_keep_their_words(runner, folder):
    lines = warnings_of(runner, build_store(folder), "en")
    expected = [
        f"skipped {folder / name}.toml{where}{english}"
        for name, (where, english) in sorted(STORE_CASES.items())
    ]
    assert lines == expected


@pytest.mark.parametrize("lang", OTHERS)
def test_store_warnings_speak_the_runs_language(runner, folder, lang):
    lines = warnings_of(runner, build_store(folder), lang)
    assert len(lines) == len(STORE_CASES), lines
    skipped = english_words("skipped")
    for name, (where, english) in sorted(STORE_CASES.items()):
        path = f"{folder / name}.toml"
        [line] = [x for x in lines if f"{path}{where}" in x]
        said = line.replace(f"{path}{where}", " ")
        words = english_words(said, lang)
        values = {"non_digital", "ratings", "advertising", "colour", "toml", GOOD.name}
        assert not (english_words(english) - values) & words, (name, line)
        assert not skipped & words, line
        if lang.startswith("zh"):  # no Latin word left but ids, fields, keys and values
            allowed = {GOOD.name, f"'{GOOD_ID}'", "non_digital", "colour"}
            assert not leftover_latin(said, allowed), (name, line)


def test_the_polish_line_of_the_finding(runner, folder):
    """The line the finding quoted, now all Polish (the catalogue's text, filled in)."""
    lines = warnings_of(runner, build_store(folder), "pl")
    future = tmpl_pieces(i18n.t("assessment.created_future", "pl", created="{created}"))
    [line] = [x for x in lines if "future.toml:4: created: " in x]
    assert all(piece in line for piece in future), line
    assert "2099-01-10T06:20:00Z" in line


def tmpl_pieces(template: str) -> list[str]:
    """The literal pieces of a template, around its {placeholders}."""
    return [lit.strip() for lit, *_ in string.Formatter().parse(template) if lit.strip()]


def test_thousands_of_bad_files_still_counted_in_the_language(runner, folder):
    """The first warnings, then one line counting the rest (the lead's cap): the shown
    ones are now in the run's language too."""
    from cx_pillars.cli import app
    from cx_pillars.cli.common import WARNINGS_SHOWN

    shutil.copy(GOOD, folder)
    for k in range(WARNINGS_SHOWN + 5):
        (folder / f"bin-{k:03d}.toml").write_bytes(b"\x00binary")
    result = runner.invoke(app, ["team", "--dir", str(folder), "--json", "--lang", "zh-Hant"])
    assert result.exit_code == 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == WARNINGS_SHOWN + 1
    assert not any("skipped" in line or "binary" in line for line in lines), lines


# -- one file given on the command line ---------------------------------------------------


@pytest.mark.parametrize("lang", OTHERS)
@pytest.mark.parametrize("name", ["future", "rating7", "ranking", "unknownkey", "broken", "x"])
def test_show_of_a_bad_file_is_one_line_in_the_language(runner, tmp_path, lang, name):
    from cx_pillars.cli import app

    folder = build_store(tmp_path / "s")
    path = folder / f"{name}.toml"
    where, english = STORE_CASES[name]
    result = runner.invoke(app, ["show", str(path), "--lang", lang])
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert f"{path}{where}" in line, line
    assert line.startswith(i18n.t("errors.prefix", lang) + ": ")
    values = {"non_digital", "ratings", "advertising", "colour", "toml"}
    assert not (english_words(english) - values) & english_words(line.replace(str(path), " "), lang)


def test_show_of_a_bad_file_in_english_is_unchanged(runner, tmp_path):
    from cx_pillars.cli import app

    folder = build_store(tmp_path / "s")
    result = runner.invoke(app, ["show", str(folder / "rating7.toml"), "--lang", "en"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"error: {folder / 'rating7.toml'}:22: ratings.advertising: 7 is outside 1-5"
    )


# -- a bad --framework file ---------------------------------------------------------------

FRAMEWORKS = {
    "one pillar": (
        'id = "x"\nname = "X"\n[[pillars]]\nid = "a"\nlabel = "A"\n',
        "pillars: has 1 items; a framework needs 2 to 30",
    ),
    "bad id": (
        'id = "x"\nname = "X"\n[[pillars]]\nid = "A b"\nlabel = "A"\n'
        '[[pillars]]\nid = "b"\nlabel = "B"\n',
        "pillars[1].id: 'A b' is not a valid id (use a-z, 0-9 and _)",
    ),
    "unknown key": (
        'id = "x"\nname = "X"\n[[pillars]]\nid = "a"\nlabel = "A"\ncolour = 1\n'
        '[[pillars]]\nid = "b"\nlabel = "B"\n',
        "pillars[1]: unknown key colour",
    ),
    "same name": (
        'id = "x"\nname = "X"\n[[pillars]]\nid = "a"\nlabel = "Same"\n'
        '[[pillars]]\nid = "b"\nlabel = "same"\n',
        "pillars[2]: name 'same' is used by both 'a' and 'b'",
    ),
    "no name": (
        'id = "x"\n[[pillars]]\nid = "a"\nlabel = "A"\n',
        "name: must be a non-empty string",
    ),
}


@pytest.mark.parametrize("case", sorted(FRAMEWORKS))
@pytest.mark.parametrize("lang", ("en", *OTHERS))
def test_a_bad_framework_file_in_the_language(runner, tmp_path, lang, case):
    from cx_pillars.cli import app

    text, english = FRAMEWORKS[case]
    path = tmp_path / "fw.toml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["pillars", "--framework", str(path), "--lang", lang])
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    field, message = english.split(": ", 1)
    assert f"{path}: {field}: " in line, line
    if lang == "en":
        assert line == f"error: {path}: {english}"
        return
    said = line.replace(f"{path}: {field}: ", " ")
    values = {"colour", "same"}
    assert not (english_words(message) - values) & english_words(said, lang), line


@pytest.mark.parametrize("lang", OTHERS)
def test_a_missing_framework_file_in_the_language(runner, tmp_path, lang):
    from cx_pillars.cli import app

    path = tmp_path / "nope.toml"
    result = runner.invoke(app, ["pillars", "--framework", str(path), "--lang", lang])
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert f"{path}: " in line
    assert not {"such", "framework", "file"} & english_words(line.replace(str(path), " "), lang)


# -- every message of an assessment, a TOML file and a framework -------------------------


def _doc(**changes):
    import tomllib

    doc = tomllib.loads(GOOD.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            doc.pop(key, None)
        else:
            doc[key] = value
    return doc


def _ratings(**changes):
    r = dict(_doc()["ratings"])
    r.update(changes)
    return {k: v for k, v in r.items() if v is not None}


RANK = _doc()["ranking"]
ASSESSMENTS = {
    "unknown key": (_doc(colour="red"), "colour: unknown key (expected "),
    "no schema": (_doc(schema=None), "schema: is missing"),
    "schema 2": (_doc(schema=2), "schema: 2 is not a known schema (this version reads schema = 1)"),
    "framework": (_doc(framework="other"), "framework: 'other' is not the framework in use"),
    "id": (_doc(id="-x"), "id: must be a short string of letters, digits, '-', '_' or '.'"),
    "created type": (_doc(created="today"), "created: must be a date-time such as"),
    "created zone": (
        _doc(created=datetime(2026, 1, 1)),
        "created: needs a time zone (end it with Z or +01:00)",
    ),
    "respondent missing": (_doc(respondent=None), 'respondent: is missing (write "anonymous"'),
    "respondent type": (_doc(respondent=3), "respondent: must be a string, not int"),
    "respondent empty": (_doc(respondent="  "), "respondent: must not be empty"),
    "respondent long": (
        _doc(respondent="x" * 201),
        "respondent: is 201 characters long; at most 200 allowed",
    ),
    "team two lines": (_doc(team="a\nb"), "team: must be one line (no line breaks or tabs)"),
    "ratings table": (_doc(ratings=[1]), "ratings: must be a table of pillar = score"),
    "ratings pillar": (
        _doc(ratings=_ratings(colour=3)),
        "ratings.colour: unknown pillar 'colour' (pillars are advertising, ",
    ),
    "ratings nan": (
        _doc(ratings=_ratings(content=float("nan"))),
        "ratings.content: nan is not a score; use a whole number 1-5",
    ),
    "ratings type": (
        _doc(ratings=_ratings(content="3")),
        "ratings.content: '3' is not a whole number 1-5",
    ),
    "ratings missing one": (
        _doc(ratings=_ratings(content=None)),
        "ratings: missing pillar: content",
    ),
    "ratings missing two": (
        _doc(ratings=_ratings(content=None, digital=None)),
        "ratings: missing pillars: content, digital",
    ),
    "ranking list": (_doc(ranking="digital"), "ranking: must be a list of pillar ids"),
    "ranking pillar": (
        _doc(ranking=[*RANK[:-1], "colour"]),
        "ranking: unknown pillar 'colour' (pillars are",
    ),
    "ranking twice": (
        _doc(ranking=[*RANK[:-1], RANK[0]]),
        f"ranking: {RANK[0]} appears more than once",
    ),
    "ranking twice two": (
        _doc(ranking=[RANK[0], RANK[0], RANK[1], RANK[1]]),
        f"ranking: {', '.join(sorted(RANK[:2]))} appear more than once",
    ),
    "notes table": (_doc(notes="x"), 'notes: must be a table of pillar = "text"'),
    "notes pillar": (_doc(notes={"colour": "x"}), "notes.colour: unknown pillar 'colour'"),
    "key named": (
        _doc(anonymous_key="ab" * 8),
        "anonymous_key: belongs to anonymous runs only; remove it or the name",
    ),
    "key format": (
        _doc(respondent="anonymous", anonymous_key="xyz"),
        "anonymous_key: must be the hexadecimal key cx-pillars wrote",
    ),
    "source id": (_doc(source_id="nope"), "source_id: must be the response identity"),
}


def _assessment_error(doc):
    from cx_pillars.assessment import assessment_from_dict
    from cx_pillars.errors import CxError
    from cx_pillars.pillars import builtin_framework

    with pytest.raises(CxError) as caught:
        assessment_from_dict(doc, builtin_framework(), source="a.toml")
    return caught.value


@pytest.mark.parametrize("case", sorted(ASSESSMENTS))
def test_every_assessment_check_is_translated(case):
    doc, english = ASSESSMENTS[case]
    error = _assessment_error(doc)
    assert english in error.text("en") and str(error) == error.text("en")
    field, message = english.split(": ", 1)
    values = {"colour", "content", "digital", "anonymous", "other", "nan", "int", *RANK}
    for lang in OTHERS:
        said = error.text(lang)
        assert said.startswith(f"a.toml: {field}: "), said
        left = english_words(said.removeprefix(f"a.toml: {field}: "), lang)
        assert not (english_words(message) - values) & left, (lang, said)


def test_the_created_out_of_range_check_is_translated():
    # 9999-12-31T23:00:00-05:00 is in year 10000 in UTC
    from datetime import timedelta, timezone

    late = datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-5)))
    error = _assessment_error(_doc(created=late))
    assert error.text("en") == "a.toml: created: is out of range (years 1-9999 in UTC)"
    assert "range" not in error.text("pl") and "range" not in error.text("zh-Hans")
    assert datetime.now(UTC).year < 9999


def _file_error(tmp_path, content, name="f.toml", what="file"):
    from cx_pillars import files
    from cx_pillars.errors import CxError

    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CxError) as caught:
        files.load_toml(path, what)
    return caught.value


@pytest.mark.parametrize(
    "content,what,english",
    [
        (None, "file", "no such file"),
        (None, "map file", "no such map file"),
        (b"\x00x", "file", "is a binary file, not TOML"),
        (b"a = '\xff'", "file", "is not UTF-8 text (save it as UTF-8)"),
        (b"a = " + b"[" * 2000, "file", "not valid TOML: arrays or tables nested too deeply"),
        (b"a = 1\na = 2\n", "file", "not valid TOML: Cannot overwrite a value (column 6)"),
        (b'a = "x\n', "file", "not valid TOML: Illegal character '\\n' (column 7)"),
        (b"a = \n", "file", "not valid TOML: Invalid value (column 5)"),
        (b"[a]\n[a]\n", "file", "not valid TOML: Cannot declare ('a',) twice (column 3)"),
    ],
)
def test_every_toml_file_problem_is_translated(tmp_path, content, what, english):
    error = _file_error(tmp_path, content, what=what)
    assert error.text("en").split(": ", 1)[1] == english
    for lang in OTHERS:
        said = error.text(lang).split(": ", 1)[1]
        assert not (english_words(english) - {"toml", "utf"}) & english_words(said, lang), said


def test_a_folder_given_as_a_framework_file(tmp_path):
    (tmp_path / "f.toml").mkdir()
    error = _file_error(tmp_path, None, what="framework file")
    assert error.text("en").endswith(": is a folder, not a framework file")
    said = {lang: error.text(lang).rsplit(": ", 1)[1] for lang in OTHERS}
    assert "framework" not in said["pl"] and "框架文件" in said["zh-Hans"]
    assert not re.search("[A-Za-z]", said["zh-Hant"])


def test_every_framework_check_is_translated():
    from cx_pillars.errors import CxError
    from cx_pillars.pillars import framework_from_dict

    two = [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]
    cases = [
        ({"id": "x", "name": "X", "pillars": "a"}, "must be a list of [[pillars]] tables"),
        ({"id": "X Y", "name": "X", "pillars": two}, "use lowercase letters, digits, '-' or '_'"),
        (
            {"id": "x", "name": "x" * 201, "pillars": two},
            "is 201 characters long; at most 200 allowed",
        ),
        (
            {"id": "x", "name": "X", "pillars": [{**two[0], "aliases": "a"}, two[1]]},
            "must be a list of strings",
        ),
        (
            {"id": "x", "name": "X", "pillars": [{**two[0], "text": "a"}, two[1]]},
            "must be a table of languages",
        ),
        (
            {"id": "x", "name": "X", "pillars": [{**two[0], "text": {"pl": 1}}, two[1]]},
            "must be a table",
        ),
        (
            {
                "id": "x",
                "name": "X",
                "pillars": [{**two[0], "text": {"pl": {"nick": "A"}}}, two[1]],
            },
            "unknown key 'nick' (expected one of label, short, question, low, high)",
        ),
        (
            {"id": "x", "name": "X", "pillars": [{**two[0], "text": {"pl": {"label": 1}}}, two[1]]},
            "must be a string",
        ),
        (
            {"id": "x", "name": "X", "pillars": [{**two[0], "p": 1, "q": 2}, two[1]]},
            "unknown keys p, q",
        ),
        ({"id": "x", "name": "X", "pillars": [two[0], two[0]]}, "duplicate pillar id 'a'"),
        (
            {"id": "x", "name": "X", "pillars": two, "names": {"pl": 1}},
            'must be a table of language = "name"',
        ),
    ]
    for data, english in cases:
        with pytest.raises(CxError) as caught:
            framework_from_dict(data, "fw.toml")
        error = caught.value
        assert error.text("en").endswith(f": {english}"), error.text("en")
        values = {"pillars", "nick", "label", "short", "question", "low", "high", "name", "a"}
        for lang in OTHERS:
            said = error.text(lang).split(": ", 2)[-1]
            assert not (english_words(english) - values) & english_words(said, lang), said
