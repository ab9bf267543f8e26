"""Validation of assessment files: every bad value is named by file, line and field."""

import string
from datetime import UTC, datetime, timedelta

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from cx_pillars.assessment import assessment_from_dict, line_of
from cx_pillars.errors import ValidationError
from cx_pillars.store import parse_toml, read_assessment

GOOD = """schema = 1
framework = "ten-pillars"
id = "2026-11-22T101500Z-ana-3f9c"
created = 2026-11-22T10:15:00Z
respondent = "Ana"
team = "Retail CX"
role = "Customer service"
ranking = ["service", "friction", "products", "digital", "communications",
           "representatives", "reputation", "content", "non_digital", "advertising"]

[ratings]
advertising = 3
content = 2
digital = 4
non_digital = 4
communications = 3
representatives = 3
products = 4
service = 2
friction = 2
reputation = 3

[notes]
friction = "Returns take three screens too many."
"""


def write(tmp_path, text, name="a.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_loads(tmp_path, fw):
    a = read_assessment(write(tmp_path, GOOD), fw)
    assert a.respondent == "Ana" and a.team == "Retail CX"
    assert a.total == 30
    assert a.ranking[0] == "service"
    assert a.created == datetime(2026, 11, 22, 10, 15, tzinfo=UTC)
    assert a.notes == {"friction": "Returns take three screens too many."}


# (replace this, with that) -> expected field, expected line, words in the message
BAD = [
    ("schema = 1", "schema = 2", "schema", 1, "not a known schema"),
    ("schema = 1\n", "", "schema", None, "missing"),
    ('framework = "ten-pillars"', 'framework = "six-pillars"', "framework", 2, "framework"),
    ("created = 2026-11-22T10:15:00Z", 'created = "yesterday"', "created", 4, "date-time"),
    ("created = 2026-11-22T10:15:00Z", "created = 2026-11-22T10:15:00", "created", 4, "time zone"),
    ('respondent = "Ana"', 'respondent = ""', "respondent", 5, "empty"),
    ('respondent = "Ana"', "respondent = 7", "respondent", 5, "string"),
    ('team = "Retail CX"', "team = [1]", "team", 6, "string"),
    ("advertising = 3", "advertising = 6", "ratings.advertising", 12, "outside 1-5"),
    ("advertising = 3", "advertising = 0", "ratings.advertising", 12, "outside 1-5"),
    ("advertising = 3", "advertising = 3.5", "ratings.advertising", 12, "whole number"),
    ("advertising = 3", "advertising = nan", "ratings.advertising", 12, "not a score"),
    ("advertising = 3", 'advertising = "3"', "ratings.advertising", 12, "whole number"),
    ("advertising = 3", "advertising = true", "ratings.advertising", 12, "whole number"),
    (
        "advertising = 3",
        "advertising = 99999999999999999",
        "ratings.advertising",
        12,
        "outside 1-5",
    ),
    ("advertising = 3\n", "", "ratings", 11, "missing pillar: advertising"),
    ("advertising = 3", "advertising = 3\nbranding = 4", "ratings.branding", 13, "unknown pillar"),
    ('"service", "friction"', '"service", "service"', "ranking", 8, "more than once"),
    ('"service", "friction"', '"service", "speed"', "ranking", 8, "unknown pillar 'speed'"),
    (', "advertising"]', "]", "ranking", 8, "missing advertising"),
    ('friction = "Returns', 'branding = "Returns', "notes.branding", 24, "unknown pillar"),
    (
        'friction = "Returns take three screens too many."',
        "friction = 5",
        "notes.friction",
        24,
        "string",
    ),
    (
        'role = "Customer service"',
        'role = "Customer service"\ncolour = "blue"',
        "colour",
        8,
        "unknown key",
    ),
]


@pytest.mark.parametrize("old,new,field,line,words", BAD)
def test_every_bad_value_is_named_precisely(tmp_path, fw, old, new, field, line, words):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(ValidationError) as info:
        read_assessment(path, fw)
    err = info.value
    assert err.field == field
    assert err.line == line
    assert words in str(err)
    assert str(err).startswith(f"{path}:{line}: {field}:" if line else f"{path}: {field}:")
    assert "\n" not in str(err)


@pytest.mark.parametrize(
    "content,words",
    [
        (b"schema = 1\nframework = [", "not valid TOML"),
        (b"\x00\x01\x02PK\x03\x04", "binary"),
        (GOOD.encode("cp1250").replace(b"Ana", b"Ania \xb9"), "not UTF-8"),
        (b"", "missing"),
    ],
)
def test_broken_files(tmp_path, fw, content, words):
    path = tmp_path / "x.toml"
    path.write_bytes(content)
    with pytest.raises(ValidationError) as info:
        read_assessment(path, fw)
    assert words in str(info.value)
    assert str(path) in str(info.value)


def test_toml_syntax_error_names_line(tmp_path, fw):
    path = write(tmp_path, GOOD.replace("content = 2", "content = = 2"))
    with pytest.raises(ValidationError) as info:
        read_assessment(path, fw)
    assert info.value.line == 13


def test_bom_is_accepted(tmp_path, fw):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert read_assessment(path, fw).total == 30


def test_line_of_follows_tables():
    text = 'a = 1\n[ratings]\ncontent = 2\n[notes]\ncontent = "x"\n'
    assert line_of(text, "a") == 1
    assert line_of(text, "ratings.content") == 3
    assert line_of(text, "notes.content") == 5
    assert line_of(text, "ratings") == 2
    assert line_of(text, "nothing") is None


# -- round trip --------------------------------------------------------------------------------

names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda s: s.strip())


@st.composite
def assessments(
    draw,
    fw_ids=(
        "advertising",
        "content",
        "digital",
        "non_digital",
        "communications",
        "representatives",
        "products",
        "service",
        "friction",
        "reputation",
    ),
):
    ranking = draw(st.permutations(fw_ids))
    ratings = {i: draw(st.integers(1, 5)) for i in fw_ids}
    notes = draw(st.dictionaries(st.sampled_from(fw_ids), names, max_size=3))
    created = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(
        seconds=draw(st.integers(0, 5 * 365 * 86400))  # never in the future
    )
    aid = draw(
        st.text(
            alphabet=string.ascii_lowercase + string.digits + "-", min_size=1, max_size=30
        ).filter(lambda s: s[0].isalnum())
    )
    return {
        "schema": 1,
        "framework": "ten-pillars",
        "id": aid,
        "created": created,
        "respondent": draw(names).strip(),
        "team": draw(names).strip(),
        "role": draw(st.one_of(st.just(""), names)).strip(),
        "ranking": list(ranking),
        "ratings": ratings,
        "notes": {k: v.strip() for k, v in notes.items()},
    }


@settings(max_examples=150, deadline=None)
@given(assessments())
def test_round_trip_through_toml(doc):
    from cx_pillars.pillars import builtin_framework

    fw = builtin_framework()
    a = assessment_from_dict(doc, fw)
    text = tomli_w.dumps(a.to_dict())
    back = assessment_from_dict(parse_toml("mem.toml", text), fw, text=text)
    assert back == a
    assert back.to_dict() == a.to_dict()
