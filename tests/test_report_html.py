"""report --html: the single web page, parsed and loaded in a real headless Chromium.

Parsed: no script, no external reference of any kind (src, href, url(), @import, a
scheme), every chart's SVG ids unique on the page and every reference resolving, one
section per page of the PDF in its order, and every name and label from the data
escaped (hostile team, colleague and role names). In the browser (Debian's chromium and
chromedriver, skipped plainly without them): no console error, no request but the file
itself and its inline data, and the printed PDF has as many pages as the pack's PDF.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import browsers
import pytest
from test_report_pptx import _analysis_of_demo, _expected_titles

from cx_pillars import report

HOSTILE = {
    "team": '<script>alert("team")</script> & Co',
    "respondent": '<img src=x onerror=alert("name")> Ann',
    "role": "</svg><iframe src=//evil.example></iframe>",
}


class _Parsed(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.sections: list[str] = []
        self.headings: list[str] = []
        self._heading: list[str] | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag == "section":
            self.sections.append(dict(attrs).get("class", ""))
        if tag in ("h1", "h2") and self._heading is None:
            self._heading = []

    def handle_endtag(self, tag):
        if tag in ("h1", "h2") and self._heading is not None:
            self.headings.append("".join(self._heading))
            self._heading = None

    def handle_data(self, data):
        self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)


def _hostile_analysis(tmp_path):
    from datetime import timedelta

    from cx_pillars.answers import to_assessment
    from cx_pillars.pillars import builtin_framework
    from cx_pillars.store import load_store, save_assessment

    fw = builtin_framework()
    ids = list(fw.ids)
    store = tmp_path / "hostile"
    for k in range(5):
        answers = {
            "respondent": HOSTILE["respondent"] + f" {k}",
            "team": HOSTILE["team"],
            "role": HOSTILE["role"],
            "ratings": {p: 1 + (j + k) % 5 for j, p in enumerate(ids)},
            "ranking": ids[k:] + ids[:k],
            "notes": {},
        }
        when = datetime(2026, 11, 16, 9, tzinfo=UTC) + timedelta(hours=k)
        save_assessment(to_assessment(answers, fw, when=when), store)
    return report.analyse(load_store(store, fw), fw, None, generated="2026-11-23")


def _page(name, demo, folder):
    if name == "stress-zh-Hans":
        from gallery import Case, analysis, build_case

        a = analysis(build_case(Case(60, 30, "chinese", "chinese", "zh-Hans"), folder / "data"))
    elif name == "hostile":
        a = _hostile_analysis(folder)
    else:
        a = _analysis_of_demo(demo, name.startswith("survey"), name[-2:])
    written = report.write_report(a, folder / "pack.pdf", html=folder / "pack.html")
    path = written.html
    return a, path.read_text("utf-8"), path, written.pages


@pytest.fixture(scope="module", params=["survey-en", "team-pl", "stress-zh-Hans", "hostile"])
def page(request, demo, tmp_path_factory):
    """(analysis in the drawn language, the page's text, its path, the PDF's page count)."""
    return _page(request.param, demo, tmp_path_factory.mktemp(request.param))


def test_the_page_refers_to_nothing_outside_itself(page):
    _, text, _, _ = page
    parsed = _Parsed()
    parsed.feed(text)
    names = {tag for tag, _ in parsed.tags}
    assert not names & {"script", "link", "iframe", "object", "embed", "img", "base", "form"}
    for tag, attrs in parsed.tags:
        for key in ("src", "href", "xlink:href", "action", "poster", "srcset"):
            value = attrs.get(key)
            if value is not None:
                assert value.startswith(("#", "data:image/png;base64,")), (tag, key, value)
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
    assert not re.search(r"(?i)\b(?:https?|ftp|file|javascript):", text)
    assert not re.search(r"url\((?!#)", text) and "@import" not in text
    assert re.search(r"<meta charset=\"utf-8\">", text)


def test_svg_ids_are_unique_and_every_reference_resolves(page):
    _, text, _, _ = page
    ids = re.findall(r'\bid="([^"]+)"', text)
    assert len(ids) == len(set(ids))
    refs = set(re.findall(r'(?:url\(#|href="#)([^)"]+)', text))
    assert refs and refs <= set(ids)
    assert "<?xml" not in text and "<!DOCTYPE svg" not in text


def test_one_section_per_pdf_page_in_the_report_order(page):
    a, text, _, pages = page
    parsed = _Parsed()
    parsed.feed(text)
    assert len(parsed.sections) == pages
    expected = _expected_titles(a)
    assert parsed.headings[0] == a.team_name  # the title page names the team
    assert parsed.headings[1:] == expected[1:]


def test_every_name_and_label_is_escaped(demo, tmp_path):
    """Team, colleague and role names holding markup reach the page as text only."""
    a, text, _, _ = _page("hostile", demo, tmp_path)
    assert a.team_name == HOSTILE["team"]
    for raw in HOSTILE.values():
        assert raw not in text
    assert "&lt;script&gt;alert(&quot;team&quot;)&lt;/script&gt; &amp; Co" in text
    assert "&lt;img src=x" in text  # a colleague's name, escaped in the charts' SVG
    parsed = _Parsed()
    parsed.feed(text)
    shown = "".join(parsed.text)
    assert HOSTILE["team"] in shown and "Ann" in shown


# -- in a browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium():
    driver = browsers.start(logs=True)
    yield driver
    driver.quit()


def _pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def test_the_page_loads_offline_and_prints_one_pdf_page_per_page(page, chromium):
    a, _, path, pages = page
    chromium.get_log("browser")
    chromium.get_log("performance")
    chromium.get(path.as_uri())
    sections = chromium.execute_script("return document.querySelectorAll('section.page').length")
    assert sections == pages
    errors = [e for e in chromium.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert errors == []
    events = [json.loads(e["message"])["message"] for e in chromium.get_log("performance")]
    urls = [
        m["params"]["request"]["url"] for m in events if m["method"] == "Network.requestWillBeSent"
    ]
    assert urls and urls[0] == path.as_uri()
    assert all(u == path.as_uri() or u.startswith("data:image/png;base64,") for u in urls), urls
    # charts drawn: every figure has its SVG laid out with a size
    sizes = chromium.execute_script(
        "return [...document.querySelectorAll('figure svg')]"
        ".map(s => s.getBoundingClientRect().width)"
    )
    assert sizes and min(sizes) > 300
    wide = chromium.execute_script(
        "return document.documentElement.scrollWidth > window.innerWidth"
    )
    assert not wide  # no sideways scrolling at 1280 px
    printed = chromium.execute_cdp_cmd(
        "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}
    )
    assert _pdf_pages(base64.b64decode(printed["data"])) == pages
