"""Property-based fuzzing: whatever the bytes, only the project's own error escapes.

Every importer (each ``--format``, with and without segments) is fed random bytes,
random CSV grids built from the words real exports use (pillar ids and labels,
Qualtrics and LimeSurvey headers, ranks, -99, N/A, "1st", semicolon lists) with
random delimiters, quoting, BOMs and line endings, and random JSON.  The TOML loaders
(assessment, framework, map, summary, answers, draft) are fed random TOML documents
and valid files mutated byte by byte.  Each call must return or raise ``CxError``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import tempfile
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cx_pillars import store
from cx_pillars.answers import answers_from_file, to_assessment
from cx_pillars.errors import CxError
from cx_pillars.pillars import builtin_framework, load_framework
from cx_pillars.survey.importer import FORMAT_CHOICES, import_file
from cx_pillars.survey.mapping import load_map
from cx_pillars.survey.summary import load_summary

FW = builtin_framework()
IDS = FW.ids
LABELS = [p.label for p in FW.pillars]
FUZZ = settings(
    max_examples=int(__import__("os").environ.get("CX_FUZZ", 60)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_WORK = tempfile.TemporaryDirectory(prefix="cx-fuzz-")  # removed when the run ends
WORK = Path(_WORK.name)


def only_cx_errors(call) -> None:
    try:
        call()
    except CxError as exc:
        text = str(exc)
        assert text and "\n" not in text and len(text) < 5000


def write(name: str, data: bytes) -> Path:
    path = WORK / name
    path.write_bytes(data)
    return path


# -- importers ------------------------------------------------------------------------------


@FUZZ
@given(
    data=st.binary(max_size=3000),
    fmt=st.sampled_from(FORMAT_CHOICES),
    suffix=st.sampled_from([".csv", ".json", ".txt", ".toml"]),
)
def test_importers_on_random_bytes(data, fmt, suffix):
    only_cx_errors(lambda: import_file(write("random" + suffix, data), FW, fmt=fmt))


HEADER_WORDS = (
    IDS
    + LABELS
    + [f"Q1_{i}" for i in range(1, 12)]
    + [f"Please rank - {label}" for label in LABELS]
    + [f"Rank them [Ranking {k}]" for k in range(1, 12)]
    + [f"Rank the parts [{label}]" for label in LABELS[:4]]
    + [
        "StartDate",
        "IPAddress",
        "ResponseId",
        "RecipientEmail",
        "Email",
        "Name",
        "Timestamp",
        "birth_year",
        "age",
        "region",
        "NPS",
        "CES",
        "id",
        "",
        "Respondent ID",
        "Response",
        "Open-Ended Response",
        '{"ImportId":"QID1_1"}',
        "V1",
        "LocationLatitude",
        "segment",
        "statistic",
        "pillar",
        "other",
        "value",
    ]
)
CELL_WORDS = (
    [str(i) for i in range(-2, 13)]
    + [
        "",
        " ",
        "-99",
        "N/A",
        "nan",
        "inf",
        "1e999",
        "1st",
        "2nd",
        "10th",
        "3.0",
        "rank 1",
        "#2",
        "A1",
        "A10",
        "yes",
        "1990",
        "34",
        "25-34",
        "65+",
        "2026-03-01 10:00:00",
        "7/10/14 18:37",
        "all",
        "position",
        "rank_sum",
    ]
    + IDS
    + LABELS
    + [";".join(LABELS[:k]) + ";" for k in (1, 3, 10)]
    + ["; ".join(LABELS[:5]), "\ufeff1", "'=1+1", "ana@example.com", "x" * 300]
)

cells = st.one_of(st.sampled_from(CELL_WORDS), st.text(max_size=12))
headers = st.one_of(st.sampled_from(HEADER_WORDS), st.text(max_size=20))


@st.composite
def csv_exports(draw) -> bytes:
    width = draw(st.integers(1, 24))
    header_rows = draw(st.integers(1, 3))
    rows = [[draw(headers) for _ in range(width)] for _ in range(header_rows)]
    for _ in range(draw(st.integers(0, 12))):
        n = draw(st.sampled_from([width, width, width, max(1, width - 2), width + 3]))
        rows.append([draw(cells) for _ in range(n)])
    out = io.StringIO()
    writer = csv.writer(
        out,
        delimiter=draw(st.sampled_from([",", ";", "\t", "|"])),
        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
        lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])),
    )
    writer.writerows(rows)
    text = out.getvalue()
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]  # truncated
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1250", "utf-16"]))
    return text.encode(encoding, errors="replace")


@FUZZ
@given(
    data=csv_exports(),
    fmt=st.sampled_from(FORMAT_CHOICES[:-1]),
    option=st.sampled_from(
        [
            {},
            {"segment": "region"},
            {"age": "age"},
            {"birth_year": "birth_year"},
            {"question": "rank"},
            {"segment": "1"},
        ]
    ),
)
def test_importers_on_random_csv_grids(data, fmt, option):
    only_cx_errors(lambda: import_file(write("grid.csv", data), FW, fmt=fmt, **option))


printable = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12)
near_cells = st.one_of(st.sampled_from(CELL_WORDS), printable)
EXTRA_COLUMNS = ["region", "age", "birth_year", "Email", "comment", "NPS", "CES"]


@st.composite
def near_exports(draw) -> bytes:
    """Exports shaped like the real layouts, then damaged here and there."""
    layout = draw(
        st.sampled_from(
            [
                "wide-id",
                "wide-label",
                "qualtrics",
                "surveymonkey",
                "google",
                "limesurvey",
                "ms-forms",
            ]
        )
    )
    items = list(range(10))
    if draw(st.booleans()):  # a pillar missing or doubled
        k = draw(st.integers(0, 9))
        items = items[:k] + items[k + 1 :] if draw(st.booleans()) else items + [k]
    extras = draw(st.lists(st.sampled_from(EXTRA_COLUMNS), max_size=4, unique=True))
    if layout in ("limesurvey", "ms-forms"):
        names = (
            [f"Rank them [Ranking {k + 1}]" for k in range(len(items))]
            if layout == "limesurvey"
            else ["Rank these parts"]
        )
    else:
        names = [
            {
                "wide-id": IDS[i],
                "wide-label": LABELS[i],
                "qualtrics": f"Q1_{i + 1}",
                "surveymonkey": LABELS[i] if k else "Please rank",
                "google": f"Rank the parts [{LABELS[i]}]",
            }[layout]
            for k, i in enumerate(items)
        ]
    rows = [names + extras]
    if layout == "qualtrics":
        rows.append([f"Please rank - {LABELS[i]}" for i in items] + extras)
        rows.append([f'{{"ImportId":"QID1_{i + 1}"}}' for i in items] + extras)
    if layout == "surveymonkey":
        rows = [
            ["Please rank"] + [""] * (len(items) - 1) + extras,
            [LABELS[i] for i in items] + ["Response"] * len(extras),
        ]
    for _ in range(draw(st.integers(0, 15))):
        order = draw(st.permutations(range(len(items))))
        ranked = draw(st.integers(0, len(items)))
        if layout in ("limesurvey", "ms-forms"):
            picks = [LABELS[items[j]] for j in order[:ranked]]
            row = (
                [";".join(picks) + ";"]
                if layout == "ms-forms"
                else picks + [""] * (len(items) - ranked)
            )
        else:
            row = [
                str(order.index(j) + 1) if order.index(j) < ranked else ""
                for j in range(len(items))
            ]
        row += [
            draw(st.sampled_from(["North", "South", "34", "1987", "9", "x@y.z", ""]))
            for _ in extras
        ]
        for _ in range(draw(st.integers(0, 2))):  # damage some cells
            if row:
                row[draw(st.integers(0, len(row) - 1))] = draw(near_cells)
        if draw(st.integers(0, 9)) == 0:
            row = row[: draw(st.integers(0, len(row)))]  # a short row
        rows.append(row)
    out = io.StringIO()
    csv.writer(
        out,
        delimiter=draw(st.sampled_from([",", ",", ";", "\t"])),
        lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])),
    ).writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "cp1250"]))
    return out.getvalue().encode(encoding, errors="replace")


@FUZZ
@given(
    data=near_exports(),
    fmt=st.sampled_from(FORMAT_CHOICES[:-1]),
    option=st.sampled_from(
        [
            {},
            {},
            {"segment": "region"},
            {"age": "age"},
            {"birth_year": "birth_year"},
            {"question": "rank"},
        ]
    ),
)
def test_importers_on_damaged_real_shapes(data, fmt, option):
    only_cx_errors(lambda: import_file(write("near.csv", data), FW, fmt=fmt, **option))


@FUZZ
@given(data=st.one_of(csv_exports(), near_exports()))
def test_the_fast_reader_and_the_csv_reader_agree(data):
    """The numpy byte reader and the csv reader give the same summary, or both fail."""
    path = write("same.csv", data)
    outcomes = []
    for fast in (True, False):
        try:
            outcomes.append(import_file(path, FW, fmt="wide", fast=fast).summary.all)
        except CxError as exc:
            outcomes.append(type(exc))
    assert outcomes[0] == outcomes[1]


json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**20), 10**20),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(CELL_WORDS),
        st.text(max_size=10),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=6),
        st.dictionaries(
            st.one_of(
                st.sampled_from(
                    [
                        "results",
                        "responses",
                        "data",
                        "survey",
                        "priorities",
                        "rank",
                        "pages",
                        "elements",
                        "choices",
                        "name",
                        "type",
                        "email",
                    ]
                ),
                st.text(max_size=8),
            ),
            children,
            max_size=6,
        ),
    ),
    max_leaves=40,
)


@FUZZ
@given(doc=json_values, lines=st.booleans(), fmt=st.sampled_from(["auto", "surveyjs", "ms-forms"]))
def test_importers_on_random_json(doc, lines, fmt):
    if lines and isinstance(doc, list):
        text = "\n".join(json.dumps(d) for d in doc)  # JSON Lines
    else:
        text = json.dumps(doc)
    only_cx_errors(lambda: import_file(write("random.json", text.encode()), FW, fmt=fmt))


# -- TOML loaders --------------------------------------------------------------------------

toml_scalars = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(IDS + ["ten-pillars", "anonymous", "", "1"]),
    st.datetimes(),
    st.dates(),
    st.times(),
)
toml_values = st.recursive(
    toml_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.sampled_from(IDS) | st.text(max_size=6), children, max_size=5),
    ),
    max_leaves=25,
)
TOP_KEYS = [
    "schema",
    "framework",
    "id",
    "created",
    "respondent",
    "team",
    "role",
    "ranking",
    "ratings",
    "notes",
    "name",
    "pillars",
    "label",
    "columns",
    "values",
    "nps",
    "ces",
    "question",
    "survey",
    "all",
    "segments",
    "imported",
    "anonymous",
]
toml_docs = st.dictionaries(
    st.sampled_from(TOP_KEYS) | st.text(max_size=6), toml_values, max_size=8
)


def loaders(path: Path):
    yield lambda: store.read_assessment(path, FW)
    yield lambda: load_framework(path)
    yield lambda: load_map(path, FW)
    yield lambda: load_summary(path, FW)
    yield lambda: answers_from_file(path, FW)


@FUZZ
@given(doc=toml_docs)
def test_toml_loaders_on_random_documents(doc):
    try:
        data = tomli_w.dumps(doc).encode()
    except (TypeError, ValueError):  # not representable in TOML
        assume(False)
    path = write("random.toml", data)
    for load in loaders(path):
        only_cx_errors(load)


def valid_files() -> list[bytes]:
    answers = {
        "respondent": "Ana",
        "team": "Retail CX",
        "role": "Lead",
        "ratings": dict(zip(IDS, [3, 2, 4, 4, 3, 3, 4, 2, 2, 3])),
        "ranking": list(reversed(IDS)),
        "notes": {"friction": "Too many clicks"},
    }
    assessment = store.dumps(to_assessment(answers, FW).to_dict())
    export = write(
        "wave.csv",
        (
            ",".join(IDS)
            + ",region\n"
            + "\n".join(
                ",".join(map(str, [(i + k) % 10 + 1 for i in range(10)])) + f",r{k % 3}"
                for k in range(12)
            )
            + "\n"
        ).encode(),
    )
    summary = import_file(export, FW, segment="region").summary.to_toml()
    framework = (
        Path(__file__).parent / "fixtures" / "survey" / "frameworks" / "fruits.toml"
    ).read_bytes()
    mapping = b'question = "rank"\n[columns]\n"Q1" = "service"\n[values]\n"A1" = "friction"\n'
    return [assessment, summary, framework, mapping]


VALID = valid_files()


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["delete", "insert", "replace", "truncate", "duplicate"]))
        if kind == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif kind == "insert":
            data[at:at] = draw(
                st.one_of(
                    st.binary(max_size=8),
                    st.sampled_from(
                        [
                            b"\xef\xbb\xbf",
                            b"\r",
                            b"\n",
                            b"nan",
                            b"inf",
                            b"[",
                            b"{",
                            b"=",
                            b'"',
                            b"\x00",
                            b"9" * 30,
                            b"\xff",
                        ]
                    ),
                )
            )
        elif kind == "replace" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind == "truncate":
            del data[at:]
        elif kind == "duplicate":
            lines = bytes(data).splitlines(keepends=True)
            if lines:
                k = draw(st.integers(0, len(lines) - 1))
                data = bytearray(b"".join(lines[: k + 1] + lines[k:]))
    return bytes(data)


@FUZZ
@given(data=mutated())
def test_toml_loaders_on_mutated_valid_files(data):
    path = write("mutated.toml", data)
    for load in loaders(path):
        only_cx_errors(load)


@FUZZ
@given(data=mutated())
def test_a_store_with_a_mutated_file_still_loads_the_good_ones(data):
    folder = WORK / "store"
    folder.mkdir(exist_ok=True)
    good = folder / "2026-01-01T000000Z-good-0000.toml"
    if not good.exists():
        answers = {
            "respondent": "Good",
            "team": "T",
            "role": "",
            "ratings": dict.fromkeys(IDS, 3),
            "ranking": list(IDS),
        }
        a = to_assessment(answers, FW)
        a.id = good.stem
        good.write_bytes(store.dumps(a.to_dict()))
    (folder / "mutated.toml").write_bytes(data)
    warnings: list[str] = []
    loaded = store.load_store(folder, FW, warn=warnings.append)
    assert good.stem in {a.id for a in loaded}
    assert len(loaded) + len(warnings) == 2
    for a in loaded:  # whatever loads is a valid assessment
        assert all(1 <= v <= 5 for v in a.ratings.values())
        assert sorted(a.ranking) == sorted(IDS)
        assert not any(math.isnan(v) for v in a.ratings.values())


SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
REAL = (
    sorted(
        p
        for p in SHARED.rglob("*")
        if p.suffix in (".csv", ".json") and not p.name.endswith(".qsf.json")
    )
    if SHARED.is_dir()
    else []
)


def test_real_exports_truncated_and_flipped():
    """Every real export of ../shared/data, cut short and with bytes flipped: it imports
    or fails with one clear line -- never another exception."""
    if not REAL:
        import pytest

        pytest.skip("../shared/data is not here")
    import random

    rng = random.Random(8)
    for source in REAL:
        data = source.read_bytes()
        variants = [data[: rng.randrange(len(data))] for _ in range(4)]
        for _ in range(4):
            flipped = bytearray(data)
            for _ in range(rng.randint(1, 8)):
                flipped[rng.randrange(len(flipped))] = rng.randrange(256)
            variants.append(bytes(flipped))
        for k, variant in enumerate(variants):
            path = write(f"real-{k}{source.suffix}", variant)
            for fmt in ("auto", "wide", "qualtrics", "surveymonkey", "limesurvey", "surveyjs"):
                only_cx_errors(lambda p=path, f=fmt: import_file(p, FW, fmt=f))
