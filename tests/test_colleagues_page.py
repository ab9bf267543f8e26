"""Issue 16, item 3: the offline rating page (`rate form`). The file is self-contained
(no URL, no external resource; a Content-Security-Policy allowing only its own inline
style and script and no connection) and every text in it is escaped. Then the page in a
real browser: headless Chromium from Debian's packages, driven by selenium, started by
the test itself, fills a whole form in each language (by keyboard in one, by clicks in
the others), checks as `rate` checks (errors announced, the field marked and focused),
goes back, downloads the answers file, and `team import` saves what was entered. Skipped
with a plain reason where no Chromium or chromedriver can be found."""

from __future__ import annotations

import base64
import hashlib
import re
import time
import tomllib
from pathlib import Path

import browsers
import pytest

from cx_pillars.colleagues.page import build_page
from cx_pillars.i18n import LANGUAGES, t
from cx_pillars.pillars import builtin_framework, framework_from_dict

FW = builtin_framework()
IDS = FW.ids
RANKING = [
    "service",
    "friction",
    "products",
    "digital",
    "communications",
    "representatives",
    "reputation",
    "content",
    "non_digital",
    "advertising",
]
EVIL = '</script><script>alert("x")</script><img src=x onerror=alert(1)> & "q"'


def evil_framework():
    return framework_from_dict(
        {
            "id": "evil",
            "name": EVIL,
            "pillars": [
                {"id": "a", "label": EVIL, "question": "<b>bold?</b>", "low": "&amp;", "high": "5"},
                {"id": "b", "label": "Plain"},
            ],
        },
        "evil.toml",
    )


# -- the file --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_is_self_contained(lang):
    page = build_page(FW, lang, team="Retail CX")
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"(?i)\b(?:https?|ftp|wss?):", page)
    assert not re.search(r"(?i)<(?:link|img|iframe|object|embed|base|form[^>]*action)\b", page)
    assert not re.search(r"(?i)\s(?:src|href|action)\s*=", page)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert "form-action 'none'" in csp and "unsafe" not in csp
    # the policy's hashes are those of the one style and the one script run
    (style,) = re.findall(r"<style>(.*?)</style>", page, re.S)
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 1

    def sha(text):
        return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert f"script-src '{sha(scripts[0])}'" in csp and f"style-src '{sha(style)}'" in csp
    assert f'<html lang="{lang}">' in page
    for code in LANGUAGES:  # every language is in the file, for the switch
        assert t("colleagues.page.download", code) in page


def test_every_text_is_escaped():
    page = build_page(evil_framework(), "en", team=EVIL)
    assert EVIL not in page
    assert "<img" not in page and "<b>" not in page and "</script><script>" not in page
    assert page.count("</script>") == 2  # the data and the script, nothing a text closed
    data = re.search(r'<script type="application/json" id="cx-data">(.*?)</script>', page, re.S)
    assert "<" not in data.group(1) and ">" not in data.group(1) and "&" not in data.group(1)


def test_rate_form_command(cli, tmp_path):
    out = tmp_path / "rate.html"
    result = cli("rate", "form", "--out", out, "--lang", "pl", "--team", "Sklep")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == build_page(FW, "pl", team="Sklep")
    assert "cx-pillars team import answers/*.toml" in " ".join(result.stdout.split())
    again = cli("rate", "form", "--out", out)
    assert again.exit_code == 1 and "already exists (nothing was overwritten)" in again.stderr
    assert cli("rate", "form", "--out", tmp_path / "rate.txt").exit_code == 2
    assert cli("rate", "form").exit_code == 2  # --out is required
    bad = cli("rate", "form", "--out", tmp_path / "x.html", "--team", "A\u200bB")
    assert bad.exit_code == 2 and not (tmp_path / "x.html").exists()


# -- in a browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    downloads = tmp_path_factory.mktemp("downloads")
    driver = browsers.start(downloads=downloads)
    driver.downloads = downloads
    yield driver
    driver.quit()


def open_page(browser, tmp_path, lang, team="", fw=FW, width=1280):
    path = tmp_path / f"rate-{lang}.html"
    path.write_text(build_page(fw, lang, team=team), encoding="utf-8")
    for old in browser.downloads.iterdir():
        old.unlink()
    browser.set_window_size(width, 900)
    browser.get(path.as_uri())
    return path


def by_id(browser, name):
    from selenium.webdriver.common.by import By

    return browser.find_element(By.ID, name)


def active_id(browser):
    return browser.switch_to.active_element.get_attribute("id")


def wait_download(browser, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        done = [p for p in browser.downloads.iterdir() if p.suffix == ".toml"]
        if done:
            return done[0]
        time.sleep(0.1)
    raise AssertionError("no answers file was downloaded")


def fill(browser, lang, *, name, team, role, scores, notes, keyboard):
    """Answer every step; by keyboard (Tab, Space, arrows, Enter) or by clicks."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    if name is None:
        by_id(browser, "anonymous").click()
    else:
        by_id(browser, "respondent").send_keys(name)
    if team:
        field = by_id(browser, "team")
        field.clear()
        field.send_keys(team)
    by_id(browser, "role").send_keys(role)
    if keyboard:
        by_id(browser, "role").send_keys(Keys.ENTER)  # Enter in a field submits the step
    else:
        by_id(browser, "next").click()
    for i, pid in enumerate(IDS):
        assert by_id(browser, "progress-text").text == t(
            "colleagues.page.step", lang, k=i + 2, total=13
        )
        label = FW.get(pid).text("label", lang)
        assert browser.find_element(By.TAG_NAME, "h2").text == label
        score = scores[i]
        if keyboard:
            first = by_id(browser, "score-1")
            first.send_keys(Keys.SPACE)
            for _ in range(score - 1):
                browser.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)
            assert active_id(browser) == f"score-{score}"
        else:
            browser.find_element(By.CSS_SELECTOR, f"label[for=score-{score}]").click()
        if pid in notes:
            by_id(browser, "note").send_keys(notes[pid])
        if keyboard:
            by_id(browser, "next").send_keys(Keys.ENTER)
        else:
            by_id(browser, "next").click()
    for k, pid in enumerate(RANKING[:-1], start=1):  # the last place fills itself in
        Select(by_id(browser, f"place-{k}")).select_by_value(pid)
    by_id(browser, "next").click()
    assert browser.find_element(By.TAG_NAME, "h2").text == t("colleagues.page.summary", lang)


SCORES = [3, 2, 4, 4, 3, 3, 4, 2, 1, 4]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_whole_form_in_each_language_imports_as_rate_would_save_it(browser, tmp_path, cli, lang):
    keyboard = lang == "en"
    anonymous = lang == "zh-Hant"
    name = None if anonymous else {"en": "Ana", "pl": "Łucja Żółć", "zh-Hans": "王小明"}[lang]
    open_page(browser, tmp_path, lang, team="Retail CX" if lang == "pl" else "")
    assert browser.execute_script("return document.documentElement.lang") == lang
    assert browser.title == t("colleagues.page.title", lang)
    notes = {
        "friction": "Returns take 3 screens.\nAnd a call.",
        "service": 'Fast <refunds> & "care"',
    }
    fill(
        browser,
        lang,
        name=name,
        team="" if lang == "pl" else "Retail CX",
        role="Service",
        scores=SCORES,
        notes=notes,
        keyboard=keyboard,
    )
    total = t("colleagues.page.total", lang, total=sum(SCORES), max=50)
    assert total in browser.find_element("css selector", "main").text
    by_id(browser, "download").click()
    answers = wait_download(browser)
    if anonymous:
        assert answers.name.startswith("answers-anonymous-")
    store = tmp_path / "store"
    result = cli("team", "import", answers, "--dir", store, "--json")
    assert result.exit_code == 0, result.output
    (saved,) = store.glob("*.toml")
    doc = tomllib.loads(saved.read_text(encoding="utf-8"))
    assert doc["ratings"] == dict(zip(IDS, SCORES))
    assert doc["ranking"] == RANKING
    assert doc["team"] == "Retail CX" and doc["role"] == "Service"
    assert doc["notes"] == {p: notes[p] for p in IDS if p in notes}
    if anonymous:
        assert doc["respondent"] == "anonymous" and "anonymous_key" not in doc
        assert (doc["created"].hour, doc["created"].minute) == (0, 0)
        assert "T00:00:00Z" in answers.read_text(encoding="utf-8")
    else:
        assert doc["respondent"] == name
    # the same file again adds nothing
    again = cli("team", "import", answers, "--dir", store, "--json")
    assert '"already_present": 1' in again.stdout.replace(" ", "").replace('":1', '": 1')
    # a second download is the same file (one response, one id)
    first = answers.read_text(encoding="utf-8")
    answers.unlink()
    by_id(browser, "download").click()
    assert wait_download(browser).read_text(encoding="utf-8") == first


def test_checks_as_rate_errors_announced_fields_marked(browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    open_page(browser, tmp_path, "en")
    by_id(browser, "next").click()
    box = by_id(browser, "errors")
    assert box.is_displayed() and box.get_attribute("role") == "alert"
    assert "Give your name, or tick" in box.text and "Give your team." in box.text
    assert by_id(browser, "respondent").get_attribute("aria-invalid") == "true"
    assert active_id(browser) == "respondent"
    # invisible and control characters are refused as rate refuses them
    by_id(browser, "respondent").send_keys("Ana\u200b")
    by_id(browser, "team").send_keys("Retail CX")
    by_id(browser, "next").click()
    assert "at most 200 characters, without control or invisible" in box.text
    by_id(browser, "respondent").clear()
    by_id(browser, "respondent").send_keys("Ana")
    by_id(browser, "next").click()
    assert not box.is_displayed()
    by_id(browser, "next").click()  # no score chosen
    assert "Choose a score from 1 to 5." in box.text
    assert by_id(browser, "scale").get_attribute("aria-invalid") == "true"
    browser.find_element(By.CSS_SELECTOR, "label[for=score-4]").click()
    by_id(browser, "next").click()
    browser.find_element(By.CSS_SELECTOR, "label[for=score-2]").click()
    # back: the answer given is kept
    by_id(browser, "back").click()
    assert by_id(browser, "score-4").is_selected()
    by_id(browser, "back").click()
    assert by_id(browser, "respondent").get_attribute("value") == "Ana"
    for _ in range(11):
        by_id(browser, "next").click()
        if by_id(browser, "errors").is_displayed():
            browser.find_element(By.CSS_SELECTOR, "label[for=score-3]").click()
            by_id(browser, "next").click()
    assert by_id(browser, "place-1").is_displayed()
    Select(by_id(browser, "place-1")).select_by_value("service")
    Select(by_id(browser, "place-2")).select_by_value("friction")
    for k in (4, 5, 6, 7, 8, 9):
        Select(by_id(browser, f"place-{k}")).select_by_value(RANKING[k - 1])
    by_id(browser, "next").click()
    assert "Choose a pillar for place 3." in box.text
    assert "Choose a pillar for place 10." in box.text
    assert by_id(browser, "place-3").get_attribute("aria-invalid") == "true"
    assert by_id(browser, "place-2").get_attribute("aria-invalid") is None


def _to_the_ranking(browser, tmp_path, fw, lang="en"):
    from selenium.webdriver.common.by import By

    open_page(browser, tmp_path, lang, team="Retail CX", fw=fw, width=390)
    by_id(browser, "respondent").send_keys("Ana")
    by_id(browser, "next").click()
    for _ in fw.ids:
        browser.find_element(By.CSS_SELECTOR, "label[for=score-3]").click()
        by_id(browser, "next").click()
    assert by_id(browser, "place-1").is_displayed()


def _options(browser, k):
    from selenium.webdriver.support.ui import Select

    return {o.get_attribute("value"): o.text for o in Select(by_id(browser, f"place-{k}")).options}


def test_a_pillar_is_in_one_place_and_every_list_says_which(browser, tmp_path):
    """With 30 items the ranking is 30 lists of 30 pillars: a colleague could not tell
    which were placed already, could choose one twice and then read 29 lines of "Choose
    a pillar for place k". A placed pillar now says its place in every list, choosing it
    for another place moves it there, and the places left are one line."""
    from selenium.webdriver.support.ui import Select

    ids = [f"item_{k:02d}" for k in range(1, 31)]
    fw = framework_from_dict(
        {
            "id": "thirty",
            "name": "Thirty",
            "pillars": [{"id": i, "label": f"Item {i[-2:]}"} for i in ids],
        },
        "thirty.toml",
    )
    _to_the_ranking(browser, tmp_path, fw)
    Select(by_id(browser, "place-1")).select_by_value("item_07")
    assert _options(browser, 2)["item_07"] == "Item 07 (place 1)"
    assert _options(browser, 1)["item_07"] == "Item 07"  # its own list: just the name
    assert _options(browser, 30)["item_08"] == "Item 08"
    Select(by_id(browser, "place-2")).select_by_value("item_07")  # moved, not doubled
    assert Select(by_id(browser, "place-1")).first_selected_option.get_attribute("value") == ""
    assert _options(browser, 1)["item_07"] == "Item 07 (place 2)"
    Select(by_id(browser, "place-5")).select_by_value("item_01")
    by_id(browser, "next").click()
    box = by_id(browser, "errors")
    lines = [li.text for li in box.find_elements("tag name", "li")]
    assert lines == ["Choose a pillar for places 1, 3–4, 6–30."]
    assert t("colleagues.page.errors", "en", count=1) in box.text
    empty = [k for k in range(1, 31) if k not in (2, 5)]
    assert all(by_id(browser, f"place-{k}").get_attribute("aria-invalid") == "true" for k in empty)
    assert by_id(browser, "place-2").get_attribute("aria-invalid") is None


@pytest.mark.parametrize("lang", ["pl", "zh-Hans"])
def test_the_places_left_and_a_placed_pillar_in_each_language(browser, tmp_path, lang):
    from selenium.webdriver.support.ui import Select

    _to_the_ranking(browser, tmp_path, FW, lang)
    Select(by_id(browser, "place-3")).select_by_value("service")
    label = FW.get("service").text("label", lang)
    assert _options(browser, 1)["service"] == t("colleagues.page.taken", lang, pillar=label, k=3)
    by_id(browser, "next").click()
    sep = t("colleagues.page.places_sep", lang)
    places = sep.join(["1–2", "4–10"])
    lines = [li.text for li in by_id(browser, "errors").find_elements("tag name", "li")]
    assert lines == [t("colleagues.page.error_places", lang, places=places)]


def test_the_language_switch_keeps_the_answers(browser, tmp_path):
    from selenium.webdriver.support.ui import Select

    open_page(browser, tmp_path, "en", team="Retail CX")
    by_id(browser, "respondent").send_keys("Ana")
    by_id(browser, "next").click()
    Select(by_id(browser, "lang")).select_by_value("zh-Hans")
    assert browser.execute_script("return document.documentElement.lang") == "zh-Hans"
    assert by_id(browser, "next").text == "下一步"
    by_id(browser, "back").click()
    assert by_id(browser, "respondent").get_attribute("value") == "Ana"
    assert by_id(browser, "page-title").text == t("colleagues.page.title", "zh-Hans")


def test_hostile_texts_stay_text_in_the_browser(browser, tmp_path):
    from selenium.webdriver.common.by import By

    open_page(browser, tmp_path, "en", team=EVIL, fw=evil_framework())
    assert by_id(browser, "team").get_attribute("value") == EVIL
    alerts = browser.execute_script("return typeof window.alertCalled")
    assert alerts == "undefined"
    by_id(browser, "respondent").send_keys("Ana")
    by_id(browser, "team").clear()
    by_id(browser, "team").send_keys("T")
    by_id(browser, "next").click()
    assert browser.find_element(By.TAG_NAME, "h2").text == EVIL
    assert browser.find_elements(By.TAG_NAME, "img") == []
    assert browser.find_elements(By.TAG_NAME, "b") == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_sideways_scrolling_on_a_phone(browser, tmp_path, lang):
    open_page(browser, tmp_path, lang, team="Retail CX", width=390)
    by_id(browser, "respondent").send_keys("Ana")
    for _ in range(13):
        wide = browser.execute_script(
            "return document.documentElement.scrollWidth > window.innerWidth"
        )
        assert not wide
        shot = tmp_path / f"phone-{lang}.png"
        browser.save_screenshot(str(shot))
        if by_id(browser, "next").is_displayed() if browser.find_elements("id", "next") else False:
            from selenium.webdriver.common.by import By

            labels = browser.find_elements(By.CSS_SELECTOR, "label[for=score-3]")
            if labels:
                labels[0].click()
            selects = browser.find_elements(By.CSS_SELECTOR, "select[id^=place-]")
            if selects:
                from selenium.webdriver.support.ui import Select

                for k, pid in enumerate(RANKING, start=1):
                    Select(by_id(browser, f"place-{k}")).select_by_value(pid)
            by_id(browser, "next").click()
    assert Path(tmp_path / f"phone-{lang}.png").exists()
