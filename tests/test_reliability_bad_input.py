"""The bad-input catalogue: malformed assessments, frameworks, map files, survey exports,
summaries, drafts and answer files, each through the real CLI.

Every case must give exactly one line, ``error: <file>[:<line>]: [<field>: ]<what>``,
exit code 1 and no traceback.  A bad assessment in a store is also loaded with the
folder (``list``, ``team``): the two good files beside it still count and the bad one
gets exactly one warning naming it.

The table is ``CASES``; its length is the catalogue's count (``test_catalogue_size``).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cx_pillars import store
from cx_pillars.answers import to_assessment
from cx_pillars.pillars import builtin_framework

FW = builtin_framework()
IDS = FW.ids
HEADER = ",".join(IDS)
ROW = ",".join(str(i) for i in range(1, 11))
TEN_MB = 10 * 1024 * 1024


def good_assessment(name: str = "Ana", minute: int = 15) -> str:
    answers = {
        "respondent": name,
        "team": "Retail CX",
        "role": "Service",
        "ratings": dict(zip(IDS, [3, 4, 4, 3, 3, 3, 4, 2, 2, 3])),
        "ranking": list(reversed(IDS)),
        "notes": {"friction": "Too many clicks."},
    }
    a = to_assessment(answers, FW, when=datetime(2026, 11, 22, 10, minute, tzinfo=UTC))
    a.id = f"2026-11-22T10{minute:02d}00Z-{store.slug(name)}-0000"
    return store.dumps(a.to_dict()).decode()


GOOD = good_assessment()


def line_with(text: str, start: str) -> int:
    """The 1-based line of ``text`` that starts with ``start``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(start):
            return number
    raise AssertionError(start)


def sub(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


CONTENT = line_with(GOOD, "content = ")  # the line of ratings.content
CREATED = line_with(GOOD, "created = ")
RESPONDENT = line_with(GOOD, "respondent = ")
RANKING = line_with(GOOD, "ranking = ")
CREATED_LINE = GOOD.splitlines()[CREATED - 1]

TEXT_SUMMARY_HEAD = "segment,statistic,pillar,other,value\n"


# -- how to make a bad file ------------------------------------------------------------------


def data(content: str | bytes) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))

    return make


def lazy(build: Callable[[], str | bytes]) -> Callable[[Path], None]:
    """Content built only when the case runs (the 10 MB ones)."""

    def make(path: Path) -> None:
        data(build())(path)

    return make


def folder(path: Path) -> None:
    path.mkdir()


def loop(path: Path) -> None:
    os.symlink(path.name, path)  # a link to itself: ELOOP


def dangling(path: Path) -> None:
    os.symlink(path.with_name("nowhere-" + path.name), path)


def fifo(path: Path) -> None:
    os.mkfifo(path)  # reading it would block for ever


def dev_zero(path: Path) -> None:
    os.symlink("/dev/zero", path)  # reading it would never end


def deep_toml(path: Path) -> None:
    path.write_text("x = " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")


def framework(*pillars: str, head: str = 'id = "six"\nname = "Six"\n') -> str:
    return head + "".join(pillars)


def pillar(pid: str, label: str, extra: str = "") -> str:
    return f'[[pillars]]\nid = "{pid}"\nlabel = "{label}"\n{extra}'


P1, P2 = pillar("speed", "Speed"), pillar("price", "Price")


@dataclass
class Case:
    id: str
    kind: str  # assessment, framework, map, export, summary, draft, answers
    make: Callable[[Path], None]
    expect: tuple[str, ...] = ()  # fragments of the line; {path} is the file
    name: str = "bad.toml"
    args: tuple[str, ...] = ()
    marks: list = field(default_factory=list)


def A(id, make, *expect, name="bad.toml"):
    return Case(id, "assessment", make, expect, name)


def F(id, make, *expect):
    return Case(id, "framework", make, expect, "framework.toml")


def M(id, make, *expect):
    return Case(id, "map", make, expect, "map.toml")


def S(id, make, *expect, name="export.csv", args=()):
    return Case(id, "export", make, expect, name, tuple(args))


def C(id, make, *expect):
    return Case(id, "summary", make, expect, "summary.toml")


def D(id, make, *expect):
    return Case(id, "draft", make, expect, "draft.toml")


def R(id, make, *expect):
    return Case(id, "answers", make, expect, "answers.toml")


def segment_column(values: list[str]) -> str:
    rows = "".join(f"{ROW},{v}\n" for v in values)
    return f"{HEADER},segment\n{rows}"


def nested_json() -> str:
    return '[{"rank": ' + "[" * 100_000 + "]" * 100_000 + "}]"


CASES = [
    # -- assessment files (show FILE, and the folder load) ----------------------------------
    A("empty file", data(""), "{path}: schema: is missing"),
    A("only blank lines", data("\n\n   \r\n"), "{path}: schema: is missing"),
    A("truncated in half", data(GOOD[: len(GOOD) // 2]), "{path}", "not valid TOML"),
    A(
        "truncated inside a string",
        data(GOOD[: GOOD.index("Retail") + 3]),
        "{path}",
        "not valid TOML: Unterminated string",
    ),
    A(
        "rating NaN",
        data(sub("content = 4", "content = nan")),
        f"{{path}}:{CONTENT}: ratings.content: nan is not a score",
    ),
    A(
        "rating inf",
        data(sub("content = 4", "content = inf")),
        f"{{path}}:{CONTENT}: ratings.content: inf is not a score",
    ),
    A(
        "rating -inf",
        data(sub("content = 4", "content = -inf")),
        f"{{path}}:{CONTENT}: ratings.content: -inf is not a score",
    ),
    A(
        "rating huge integer",
        data(sub("content = 4", "content = 9223372036854775807")),
        f"{{path}}:{CONTENT}: ratings.content:",
        "is outside 1-5",
    ),
    A(
        "rating beyond 64 bits",
        data(sub("content = 4", "content = " + "9" * 40)),
        f"{{path}}:{CONTENT}: ratings.content:",
        "is outside 1-5",
    ),
    A(
        "rating float",
        data(sub("content = 4", "content = 4.0")),
        f"{{path}}:{CONTENT}: ratings.content: 4.0 is not a whole number 1-5",
    ),
    A(
        "rating boolean",
        data(sub("content = 4", "content = true")),
        f"{{path}}:{CONTENT}: ratings.content: True is not a whole number 1-5",
    ),
    A(
        "rating string",
        data(sub("content = 4", 'content = "4"')),
        f"{{path}}:{CONTENT}: ratings.content: '4' is not a whole number 1-5",
    ),
    A(
        "rating zero",
        data(sub("content = 4", "content = 0")),
        f"{{path}}:{CONTENT}: ratings.content: 0 is outside 1-5",
    ),
    A(
        "rating array",
        data(sub("content = 4", "content = [4]")),
        f"{{path}}:{CONTENT}: ratings.content: [4] is not a whole number 1-5",
    ),
    A(
        "unknown pillar in ratings",
        data(sub("content = 4", "loyalty = 4")),
        f"{{path}}:{CONTENT}: ratings.loyalty: unknown pillar 'loyalty'",
    ),
    A(
        "missing pillar in ratings",
        data(sub("reputation = 3\n", "")),
        "{path}",
        "ratings: missing pillar: reputation",
    ),
    A(
        "duplicated pillar in ranking",
        data(sub('"reputation",', '"friction",')),
        f"{{path}}:{RANKING}: ranking: friction appears more than once",
    ),
    A(
        "unknown pillar in ranking",
        data(sub('"reputation",', '"loyalty",')),
        f"{{path}}:{RANKING}: ranking: unknown pillar 'loyalty'",
    ),
    A(
        "ranking one short",
        data(sub('"reputation",', "")),
        f"{{path}}:{RANKING}: ranking: must rank all 10 pillars; missing reputation",
    ),
    A(
        "ranking as a string",
        data(re.sub(r"ranking = \[[^\]]*\]", 'ranking = "service"', GOOD)),
        f"{{path}}:{RANKING}: ranking: must be a list of pillar ids",
    ),
    A(
        "ranking of numbers",
        data(sub('"reputation",', "1,")),
        f"{{path}}:{RANKING}: ranking: must be a list of pillar ids",
    ),
    A(
        "schema 2",
        data(sub("schema = 1", "schema = 2")),
        "{path}:1: schema: 2 is not a known schema",
        "upgrade cx-pillars",
    ),
    A(
        "schema as text",
        data(sub("schema = 1", 'schema = "1"')),
        "{path}:1: schema: '1' is not a known schema",
    ),
    A(
        "another framework",
        data(sub('framework = "ten-pillars"', 'framework = "six"')),
        "{path}:2: framework: 'six' is not the framework in use",
    ),
    A(
        "created without a time zone",
        data(sub(CREATED_LINE, "created = 2026-11-22T10:15:00")),
        f"{{path}}:{CREATED}: created: needs a time zone",
    ),
    A(
        "created as text",
        data(sub(CREATED_LINE, 'created = "yesterday"')),
        f"{{path}}:{CREATED}: created: must be a date-time",
    ),
    A(
        "created beyond year 9999 in UTC",
        data(sub(CREATED_LINE, "created = 9999-12-31T23:59:59-23:59")),
        f"{{path}}:{CREATED}: created: is out of range",
    ),
    A(
        "impossible date",
        data(sub(CREATED_LINE, "created = 2026-02-30T10:00:00Z")),
        f"{{path}}:{CREATED}: not valid TOML",
    ),
    A(
        "id that climbs out",
        data(re.sub(r'id = "[^"]*"', 'id = "../../etc/passwd"', GOOD, count=1)),
        "{path}:3: id: must be a short string",
    ),
    A(
        "empty respondent",
        data(sub('respondent = "Ana"', 'respondent = "  "')),
        f"{{path}}:{RESPONDENT}: respondent: must not be empty",
    ),
    A(
        "10,000-character respondent",
        data(sub('respondent = "Ana"', f'respondent = "{"A" * 10_000}"')),
        f"{{path}}:{RESPONDENT}: respondent: is 10000 characters long; at most 200",
    ),
    A(
        "escape sequence in respondent",
        data(sub('respondent = "Ana"', 'respondent = "\\u001b[2JAna"')),
        f"{{path}}:{RESPONDENT}: respondent: holds the invisible or control character U+001B",
    ),
    A(
        "line break in respondent",
        data(sub('respondent = "Ana"', 'respondent = "Ana\\nBob"')),
        f"{{path}}:{RESPONDENT}: respondent: must be one line",
    ),
    A(
        "NUL in respondent",
        data(sub('respondent = "Ana"', 'respondent = "A\\u0000na"')),
        f"{{path}}:{RESPONDENT}: respondent: holds the invisible or control character U+0000",
    ),
    A(
        "notes as a list",
        data(
            GOOD.split("\n[notes]")[0].replace(
                'role = "Service"', 'role = "Service"\nnotes = ["x"]'
            )
        ),
        "{path}",
        "notes: must be a table",
    ),
    A(
        "note on an unknown pillar",
        data(sub("[notes]\n", '[notes]\nloyalty = "x"\n')),
        "{path}",
        "notes.loyalty: unknown pillar 'loyalty'",
    ),
    A("unknown top-level key", data('colour = "red"\n' + GOOD), "{path}:1: colour: unknown key"),
    A(
        "duplicated key",
        data(sub("content = 4", "content = 4\ncontent = 3")),
        f"{{path}}:{CONTENT + 1}: not valid TOML: Cannot overwrite a value",
    ),
    A(
        "table declared twice",
        data(GOOD + "\n[ratings]\nfoo = 1\n"),
        "{path}",
        "not valid TOML: Cannot declare ('ratings',) twice",
    ),
    A(
        "array of tables instead of a table",
        data(sub("[ratings]", "[[ratings]]")),
        "{path}",
        "ratings: must be a table of pillar = score",
    ),
    A(
        "BOM in the middle",
        data(sub("team =", "\ufeffteam =")),
        f"{{path}}:{line_with(GOOD, 'team =')}: not valid TOML: Invalid statement",
    ),
    A(
        "two BOMs at the start",
        data("\ufeff\ufeff" + GOOD),
        "{path}:1: not valid TOML: Invalid statement",
    ),
    A(
        "mixed line endings with a bare CR",
        data(GOOD.replace("\n", "\r\n", 3).replace("\n", "\r", 1)),
        "{path}:1: not valid TOML",
    ),
    A(
        "invalid UTF-8",
        data(GOOD.encode().replace(b"Retail", b"Ret\xffail")),
        f"{{path}}:{line_with(GOOD, 'team =')}: is not UTF-8 text",
    ),
    A("UTF-16", data(GOOD.encode("utf-16")), "{path}: is a binary file, not TOML"),
    A("NUL byte inside", data(sub("team =", "\x00team =")), "{path}: is a binary file"),
    A("zip given as TOML", data(b"PK\x03\x04" + bytes(200)), "{path}: is a binary file"),
    A(
        "PDF given as TOML",
        data(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
        "{path}:2: is not UTF-8 text",
    ),
    A(
        "10 MB line",
        lazy(lambda: sub('respondent = "Ana"', f'respondent = "{"x" * TEN_MB}"')),
        "{path}: is 10 MB; too large for an assessment (a few kB) (at most 1 MB)",
    ),
    A(
        "10,000 keys in ratings",
        data(sub("[ratings]\n", "[ratings]\n" + "".join(f"k{i} = 1\n" for i in range(10_000)))),
        "{path}",
        "ratings.k0: unknown pillar 'k0'",
    ),
    A("arrays nested 50,000 deep", deep_toml, "{path}: not valid TOML: arrays or tables nested"),
    A("a folder named like a file", folder, "{path}: is a folder"),
    A("symlink loop", loop, "{path}: cannot be read: Too many levels of symbolic links"),
    A("dangling symlink", dangling, "{path}: no such file"),
    A("named pipe", fifo, "{path}: is not a regular file"),
    A("link to /dev/zero", dev_zero, "{path}: is not a regular file"),
    # -- framework files (pillars --framework FILE) -------------------------------------------
    F("empty framework", data(""), "{path}: id: must be a non-empty string"),
    F("one pillar", data(framework(P1)), "{path}: pillars: has 1 items; a framework needs 2"),
    F(
        "31 pillars",
        data(framework(*(pillar(f"p{i}", f"P {i}") for i in range(31)))),
        "{path}: pillars: has 31 items",
    ),
    F(
        "duplicated pillar id",
        data(framework(P1, pillar("speed", "Velocity"))),
        "{path}: pillars[2].id: duplicate pillar id 'speed'",
    ),
    F(
        "pillar id with capitals",
        data(framework(pillar("Speed", "Speed"), P2)),
        "{path}: pillars[1].id: 'Speed' is not a valid id",
    ),
    F(
        "pillar without a label",
        data(framework('[[pillars]]\nid = "speed"\n', P2)),
        "{path}: pillars[1].label: must be a non-empty string",
    ),
    F(
        "two pillars, one name",
        data(framework(P1, pillar("pace", "SPEED"))),
        "{path}: pillars[2]: name 'speed' is used by both 'speed' and 'pace'",
    ),
    F(
        "aliases not a list",
        data(framework(pillar("speed", "Speed", 'aliases = "fast"\n'), P2)),
        "{path}: pillars[1].aliases: must be a list of strings",
    ),
    F(
        "unknown key in a pillar",
        data(framework(pillar("speed", "Speed", "colour = 1\n"), P2)),
        "{path}: pillars[1]: unknown key colour",
    ),
    F(
        "pillars as one table",
        data('id = "six"\nname = "Six"\n[pillars]\nid = "speed"\n'),
        "{path}: pillars: must be a list of [[pillars]] tables",
    ),
    F(
        "label NaN",
        data(framework('[[pillars]]\nid = "speed"\nlabel = nan\n', P2)),
        "{path}: pillars[1].label: must be a non-empty string",
    ),
    F(
        "framework in bad UTF-8",
        data(framework(P1, P2).encode().replace(b"Price", b"Pr\xe9ce")),
        "{path}:8: is not UTF-8 text",
    ),
    F(
        "framework with a BOM mid-file",
        data(framework(P1, "\ufeff" + P2)),
        "{path}:6: not valid TOML",
    ),
    F(
        "escape sequence in a label",
        data(framework(pillar("speed", "Speed\\u001b[31m"), P2)),
        "{path}: pillars[1].label: holds the invisible or control character U+001B",
    ),
    F(
        "10 MB label",
        lazy(lambda: framework(pillar("speed", "S" * TEN_MB), P2)),
        "{path}: pillars[1].label: is 10485760 characters long; at most 200",
    ),
    F("framework is a folder", folder, "{path}: is a folder, not a framework file"),
    F("framework missing", lambda path: None, "{path}: no such framework file"),
    F("framework symlink loop", loop, "{path}: cannot be read"),
    F("framework nested 50,000 deep", deep_toml, "{path}: not valid TOML: arrays or tables"),
    # -- map files (survey import good.csv --map FILE) ------------------------------------------
    M("map not TOML", data("[columns\n"), "{path}:1: not valid TOML"),
    M(
        "map to an unknown pillar",
        data('[columns]\n"Q1" = "servise"\n'),
        "{path}:2: columns.Q1: 'servise' is not a pillar id",
    ),
    M(
        "map pillar as a number",
        data('[columns]\n"Q1" = 3\n'),
        "{path}:2: columns.Q1: 3 is not a pillar id",
    ),
    M("map columns as text", data('columns = "Q1"\n'), "{path}: columns: must be a table"),
    M("map values as a list", data('values = ["A1"]\n'), "{path}: values: must be a table"),
    M("map nps as a number", data("nps = 9\n"), "{path}: nps: must be a column name"),
    M("map empty question", data('question = "  "\n'), "{path}: question: must be a column"),
    M("map unknown key", data('colour = "red"\n'), "{path}: unknown keys: colour"),
    M("map in bad UTF-8", data(b'[columns]\n"Q\xff" = "service"\n'), "{path}:2: is not UTF-8"),
    M(
        "map in UTF-16",
        data('[columns]\n"Q1" = "service"\n'.encode("utf-16")),
        "{path}: is a binary file",
    ),
    M(
        "map with a BOM mid-file",
        data('[columns]\n\ufeff"Q1" = "service"\n'),
        "{path}:2: not valid TOML",
    ),
    M("map nested 50,000 deep", deep_toml, "{path}: not valid TOML: arrays or tables nested"),
    M("map is a folder", folder, "{path}: is a folder, not a map file"),
    M("map symlink loop", loop, "{path}: cannot be read: Too many levels"),
    # -- survey exports (survey import FILE) ------------------------------------------------------
    S("empty export", data(b""), "{path}: is empty"),
    S("BOM and blank lines only", data(b"\xef\xbb\xbf\r\n\r\n"), "{path}: is empty"),
    S("only a header", data(HEADER + "\n"), "{path}: holds no responses after its header"),
    S(
        "10,000 columns, none a pillar",
        data(",".join(f"col{i}" for i in range(10_000)) + "\n" + ",".join("1" * 10_000) + "\n"),
        "{path}:1: this record has 10,000 cells; at most 5,000 are read",
    ),
    S(
        "10 MB cell",
        lazy(lambda: f"{HEADER}\n1,2,3,4,5,6,7,8,9,{'9' * TEN_MB}\n"),
        "{path}:2: this record is longer than 1 MB",
    ),
    S(
        "10 MB header",
        lazy(lambda: f"{'h' * TEN_MB},{HEADER}\n0,{ROW}\n"),
        "{path}:1: this record is longer than 1 MB",
    ),
    S(
        "invalid UTF-8 forced",
        data(f"{HEADER}\n{ROW}\n".encode() + b"\xff\xfe,1\n"),
        "{path}:3: is not valid utf-8 text",
        args=("--encoding", "utf-8"),
    ),
    S("zip given as CSV", data(b"PK\x03\x04" + os.urandom(300)), "{path}: is an Excel workbook"),
    S("PDF given as CSV", data(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), "{path}: is a PDF"),
    S(
        "old Excel given as CSV",
        data(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(300)),
        "{path}: is an old Excel (.xls) workbook",
    ),
    S("export is a folder", folder, "{path}: is a folder, not an export file"),
    S("export symlink loop", loop, "{path}: cannot be read: Too many levels"),
    S("export is a named pipe", fifo, "{path}: is not a regular file"),
    S("random binary", data(bytes(range(256)) * 16), "{path}: is not a text file"),
    S(
        "UTF-16 without a BOM",
        data(f"{HEADER}\n{ROW}\n".encode("utf-16-le")),
        "{path}: is not a text file",
    ),
    S(
        "UTF-16 BOM, broken surrogates",
        data(b"\xff\xfe" + (HEADER + "\n").encode("utf-16-le") + b"\x00\xd8\x00\xd8"),
        "{path}: starts with a UTF-16 byte-order mark but is not valid UTF-16",
    ),
    S(
        "NaN, inf and 1e999 as ranks",
        data(f"{HEADER}\nnan,inf,-inf,1e308,1e999,NaN,x,y,z,w\n"),
        "{path}:2: no usable ranking: every row was skipped",
    ),
    S(
        "400-digit ranks",
        data(f"{HEADER}\n" + ",".join(["9" * 400] * 10) + "\n"),
        "{path}:2: no usable ranking: every row was skipped",
    ),
    S(
        "pillar in two columns",
        data(f"{HEADER},service\n{ROW},1\n"),
        "{path}: pillar 'service' matches 2 columns",
    ),
    S(
        "no pillar in the header",
        data("id,colour,size\n1,red,3\n"),
        "{path}: no column or answer names the pillars",
    ),
    S(
        "BOM inside the header",
        data("advertising,\ufeffcontent," + ",".join(IDS[2:]) + f"\n{ROW}\n"),
        "{path}: pillars with no column in the ranking (1): content",
    ),
    S(
        "BOM before every rank",
        data(f"{HEADER}\n" + ",".join("\ufeff" + str(i) for i in range(1, 11)) + "\n"),
        "{path}:2: no usable ranking",
    ),
    S(
        "mixed line endings, every row a tie",
        data(f"{HEADER}\r\n1,1,3,4,5,6,7,8,9,10\n2,2,3,4,5,6,7,8,9,10\r3,3,3,4,5,6,7,8,9,10\r\n"),
        "{path}:2: no usable ranking: every row was skipped (duplicate rank 3)",
    ),
    S(
        "CR-only lines, every row a tie",
        data(f"{HEADER}\r1,1,3,4,5,6,7,8,9,10\r2,2,3,4,5,6,7,8,9,10\r"),
        "{path}:2: no usable ranking: every row was skipped (duplicate rank 2)",
    ),
    S(
        "an unclosed quote",
        data(f'{HEADER}\n1,2,3,4,5,6,7,8,9,"10\n{ROW}\n'),
        "{path}:2: no usable ranking",
    ),
    S(
        "segment column of free text",
        data(segment_column([f"comment number {i}" for i in range(150)])),
        '{path}: --segment "segment" has more than 100 different values',
        args=("--segment", "segment"),
    ),
    S(
        "segment column of names",
        data(segment_column(["Ana K", "Bo C", "Carl J", "Dana R", "Eve A", "Finn O"])),
        '{path}: --segment "segment" puts 6 of its 6 respondents in a segment of their own',
        args=("--segment", "segment"),
    ),
    S(
        "segment column of e-mails",
        data(segment_column(["North", "ana@example.com"])),
        '{path}: --segment "segment" holds e-mail or IP addresses',
        args=("--segment", "segment"),
    ),
    S(
        "segment column of IP addresses",
        data(segment_column(["203.0.113.7"])),
        '{path}: --segment "segment" holds e-mail or IP addresses',
        args=("--segment", "segment"),
    ),
    S(
        "truncated JSON",
        data('[{"q1": ["service", "friction"'),
        "{path}: is not valid JSON",
        name="export.json",
    ),
    S(
        "JSON nested 100,000 deep",
        lazy(nested_json),
        "{path}: is not valid JSON: arrays or objects nested too deeply",
        name="export.json",
    ),
    S(
        "JSON of a bare number",
        data("42"),
        "{path}: is not valid JSON: expected an array",
        name="export.json",
    ),
    S("JSON empty array", data("[]"), "{path}: holds no responses", name="export.json"),
    S(
        "broken JSON lines",
        data('{"a": 1}\n{"b":\n'),
        "{path}: is not valid JSON",
        name="export.json",
    ),
    S(
        "summary CSV with NaN",
        data(TEXT_SUMMARY_HEAD + "all,respondents,,,nan\n"),
        "{path}:2: value 'nan' must be a whole number",
    ),
    S(
        "summary CSV with 1e999 as a rank",
        data(TEXT_SUMMARY_HEAD + "all,position,service,1e999,1\n"),
        "{path}:2: 'other' must be 1-10 for position, not '1e999'",
    ),
    S(
        "summary CSV, unknown statistic",
        data(TEXT_SUMMARY_HEAD + "all,median,service,,1\n"),
        "{path}:2: unknown statistic 'median'",
    ),
    S("summary TOML, empty", data(""), "{path}: survey: not a survey summary", name="summary.toml"),
    # -- survey summaries (compare --survey FILE) -----------------------------------------------
    C("summary not TOML", data("survey = 1\nname = 'x\n"), "{path}: not valid TOML"),
    C(
        "summary of another framework",
        lambda p: None,
        "{path}: framework: is a survey of framework 'six'",
    ),
    C(
        "summary with negative count",
        lambda p: None,
        "{path}: all.respondents: must be a whole number, 0 or more",
    ),
    C(
        "summary with NaN rank sum",
        lambda p: None,
        "{path}: all.rank_sum.service: must be a number, 0 or more",
    ),
    # -- drafts (rate --resume) ----------------------------------------------------------------
    D("draft not TOML", data("respondent = \n"), "{path}: the draft is damaged"),
    D("draft nested deep", deep_toml, "{path}: the draft is damaged"),
    D(
        "draft with rating 9",
        data('respondent = "Ana"\n[ratings]\ncontent = 9\n'),
        "{path}: ratings.content: 9 is not a whole number 1-5",
    ),
    # -- answer files (rate --from FILE) ----------------------------------------------------------
    R(
        "answers with rating 7",
        data("[ratings]\ncontent = 7\n"),
        "{path}:2: ratings.content: 7 is not a whole number 1-5",
    ),
    R("answers with an unknown key", data('colour = "red"\n'), "{path}:1: colour: unknown key"),
    R(
        "answers with a 300-character team",
        data(f'team = "{"t" * 300}"\n'),
        "{path}:1: team: is 300 characters long",
    ),
    R("answers file is a folder", folder, "{path}: is a folder"),
]


# Summaries are made from a real import, then damaged.
def _summary_text(tmp_path: Path) -> str:
    from cx_pillars.survey.importer import import_file

    src = tmp_path / "src.csv"
    src.write_text(f"{HEADER}\n{ROW}\n" + ",".join(str(i) for i in range(10, 0, -1)) + "\n")
    return import_file(src, FW).summary.to_toml().decode()


SUMMARY_DAMAGE = {
    "summary of another framework": lambda text: text.replace(
        'framework = "ten-pillars"', 'framework = "six"'
    ),
    "summary with negative count": lambda text: text.replace(
        "respondents = 2", "respondents = -1", 1
    ),
    "summary with NaN rank sum": lambda text: re.sub(
        r"(\[all\.rank_sum\]\n(?:.*\n)*?)"
        r"service = [0-9.]+",
        r"\1service = nan",
        text,
        count=1,
    ),
}


def test_catalogue_size():
    """At least 60 distinct malformed inputs, each with its own name."""
    assert len({c.id for c in CASES}) == len(CASES) >= 60
    kinds = {c.kind for c in CASES}
    assert kinds == {"assessment", "framework", "map", "export", "summary", "draft", "answers"}


def one_error_line(result, path: Path, expect: tuple[str, ...]) -> str:
    output = result.output
    assert result.exit_code == 1, output
    assert "Traceback" not in output and "unexpected" not in output, output
    lines = [ln for ln in output.splitlines() if ln.strip()]
    assert len(lines) == 1, output
    line = lines[0]
    assert line.startswith("error: "), line
    assert len(line) < 1500, f"{len(line)} characters"
    for fragment in expect:
        assert fragment.format(path=path) in line, line
    return line


def good_store(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for name, minute in (("Ben", 1), ("Cy", 2)):
        text = good_assessment(name, minute)
        path = folder / f"2026-11-22T10{minute:02d}00Z-{name.lower()}-0000.toml"
        path.write_text(text, encoding="utf-8")
        names.append(path.stem)
    return names


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, cli, tmp_path):
    store_dir = tmp_path / "store"
    good_ids = good_store(store_dir)
    if case.kind == "assessment":
        path = store_dir / case.name
    elif case.kind == "draft":
        path = store.draft_path(store_dir)
        path.parent.mkdir()
    else:
        path = tmp_path / case.name
    if case.kind == "summary" and case.id in SUMMARY_DAMAGE:
        path.write_text(SUMMARY_DAMAGE[case.id](_summary_text(tmp_path)), encoding="utf-8")
        assert path.read_text() != _summary_text(tmp_path)
    else:
        case.make(path)

    if case.kind == "assessment":
        one_error_line(cli("show", path), path, case.expect)
        # The folder load: the two good files count, the bad one gets one warning.
        result = cli("list", "--json", "--dir", store_dir)
        assert result.exit_code == 0, result.output
        assert sorted(a["id"] for a in json.loads(result.stdout)) == good_ids
        warnings = [ln for ln in result.stderr.splitlines() if ln.strip()]
        assert len(warnings) == 1 and warnings[0].startswith("warning: skipped "), warnings
        assert str(path) in warnings[0]
        team = cli("team", "--json", "--dir", store_dir)
        assert team.exit_code == 0, team.output
        assert json.loads(team.stdout)["respondents"] == 2
        return
    if case.kind == "framework":
        result = cli("pillars", "--framework", path)
    elif case.kind == "map":
        good = tmp_path / "good.csv"
        good.write_text(f"{HEADER}\n{ROW}\n", encoding="utf-8")
        result = cli("survey", "import", good, "--map", path, "--dir", store_dir)
    elif case.kind == "export":
        result = cli("survey", "import", path, "--dir", store_dir, *case.args)
    elif case.kind == "summary":
        result = cli("compare", "--survey", path, "--dir", store_dir)
    elif case.kind == "draft":
        result = cli("rate", "--resume", "--dir", store_dir)
    else:
        result = cli("rate", "--from", path, "--dir", store_dir)
    one_error_line(result, path, case.expect)
    # Nothing was written by a failed command.
    assert not (store_dir / "surveys").exists() or not any((store_dir / "surveys").iterdir())
    assert sorted(p.stem for p in store.assessment_files(store_dir)) == good_ids


def test_merging_a_segmented_and_an_unsegmented_wave_reads_back(cli, tmp_path):
    """The merged file used to say [all] = 10 while its segments held 5: unreadable."""
    store_dir = tmp_path / "store"
    good_store(store_dir)
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    # five times the rows: a segment needs 5 respondents to be shown
    one.write_text(f"{HEADER},region\n" + "".join(f"{ROW},{r}\n" for r in "NNSS" * 5))
    two.write_text(f"{HEADER}\n" + f"{ROW}\n" * 15)
    assert cli("survey", "import", one, "--segment", "region", "--dir", store_dir).exit_code == 0
    assert cli("survey", "import", two, "--dir", store_dir).exit_code == 0
    merged = cli("survey", "merge", "one", "two", "--name", "both", "--dir", store_dir, "--json")
    assert merged.exit_code == 0, merged.output
    segments = {s["segment"]: s["respondents"] for s in json.loads(merged.stdout)["segments"]}
    assert segments == {"N": 10, "S": 10, "unknown": 15}
    result = cli("compare", "--survey", "both", "--dir", store_dir, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["customers"]["respondents"] == 35


def test_a_legacy_encoded_export_with_long_lines_imports_in_seconds(cli, tmp_path):
    """Guessing the code page of a non-UTF-8 file searched every long line in quadratic
    time (about two seconds for 20 kB without a space, minutes for this file)."""
    import time

    extra = [f"c{i}" for i in range(4_000)]  # within the column limit, lines of 40 kB
    head = ",".join(IDS + extra) + ",Uwagi-żółć"
    row = ",".join([str(i) for i in range(1, 11)] + ["ab" * 5] * 4_000) + ",źle"
    path = tmp_path / "long.csv"
    path.write_bytes(("\n".join([head] + [row] * 3) + "\n").encode("cp1250"))
    start = time.monotonic()
    result = cli("survey", "import", path, "--dir", tmp_path / "store", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["respondents"] == 3
    assert time.monotonic() - start < 20


@pytest.mark.parametrize(
    "make,words",
    [
        (lambda p: p.write_text("x"), "is not a folder"),
        (loop, "is a broken or looping symbolic link"),
        (dangling, "is a broken or looping symbolic link"),
    ],
    ids=["a file", "a symlink loop", "a dangling symlink"],
)
def test_a_store_that_is_not_a_folder(cli, tmp_path, make, words):
    store_dir = tmp_path / "store"
    make(store_dir)
    for command in (["list"], ["team"], ["export"], ["compare", "--survey", "x"]):
        result = cli(*command, "--dir", store_dir)
        one_error_line(result, store_dir, (f"{{path}}: {words}",))
