"""A SurveyJS export whose date field holds a list where a date was expected.

Found by typing the engine (mypy): the year cache was keyed by the raw cell, so a
JSON list in the date column of an ``--age`` import stopped the import with
"unexpected TypeError: unhashable type: 'list'".  Such a response has no usable date:
its age counts from this year, as a blank date does.
"""

import json
from datetime import date
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "survey" / "surveyjs.json"


def _export(tmp_path, first_date):
    data = json.loads(FIXTURE.read_text("utf-8"))
    year = date.today().year
    # Five times over: a segment needs 5 respondents to be shown.
    count = len(data["results"])
    data["results"] = [dict(r) for r in data["results"] * 5]
    for i, response in enumerate(data["results"]):
        first = i % count == 0
        response["age"] = year - 2000 if first else 40  # first: born 2000 this year
        response["timestamp"] = first_date if first else "2014-05-01 10:00"
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data), "utf-8")
    return path


def _segments(cli, path, store):
    r = cli("survey", "import", path, "--age", "age", "--dir", store, "--json")
    assert r.exit_code == 0, r.output
    return {s["segment"]: s["respondents"] for s in json.loads(r.stdout)["segments"]}


def test_a_list_in_the_date_field_counts_as_no_date(cli, tmp_path):
    with_list = _segments(cli, _export(tmp_path, ["2014-05-01"]), tmp_path / "a")
    with_blank = _segments(cli, _export(tmp_path, ""), tmp_path / "b")
    assert with_list == with_blank
    assert with_list["Gen Z"] == 5  # the first response's age, from this year
