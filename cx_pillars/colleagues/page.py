"""``rate form``: the offline rating page, one self-contained HTML file.

The page (``data/form/page.html``, ``page.css``, ``page.js``) asks what ``rate`` asks,
one step at a time, with ``rate``'s checks, in all four languages (a switch; the
chosen one first), and ends by offering a small TOML answers file
(:mod:`cx_pillars.colleagues.answers`) that ``team import`` saves.

It needs nothing from outside the file: the style and the script are inline, a
Content-Security-Policy allows only them (by their SHA-256) and no connection, image
or form submission, so the page cannot reach the network even if asked to. The texts
it shows are JSON inside a ``<script type="application/json">`` with every ``<``,
``>`` and ``&`` escaped, and the script puts them into the page as text (never as
markup); the few texts written into the HTML itself are HTML-escaped.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from typing import Any

from cx_pillars import DATA, __version__
from cx_pillars.i18n import LANGUAGES, catalog, t
from cx_pillars.pillars import Framework

FILE_COMMENT = (
    "An answers file of the cx-pillars rating page. Send it as it is to the person "
    "who asked you; they bring it in with: cx-pillars team import FILE"
)
HTML_LANG = {"en": "en", "pl": "pl", "zh-Hans": "zh-Hans", "zh-Hant": "zh-Hant"}
_PAGE_KEYS_PREFIX = "colleagues.page."
#: Of those, the command's own lines (not shown on the page).
_COMMAND_KEYS = {"written", "written_file", "send", "exists", "exists_hint", "out_html"}


def _resource(name: str) -> str:
    return (DATA / "form" / name).read_text("utf-8")


def page_texts(lang: str) -> dict[str, str]:
    """The page's texts in ``lang`` (the ``colleagues.page`` keys it shows)."""
    keys = [k for k in catalog("en") if k.startswith(_PAGE_KEYS_PREFIX)]
    out = {k[len(_PAGE_KEYS_PREFIX) :]: t(k, lang) for k in keys}
    for key in _COMMAND_KEYS:
        out.pop(key, None)
    out["html_lang"] = HTML_LANG[lang]
    return out


def page_data(fw: Framework, lang: str, team: str = "") -> dict[str, Any]:
    languages = [lang] + [code for code in LANGUAGES if code != lang]
    return {
        "framework": fw.id,
        "lang": lang,
        "team": team,
        "languages": languages,
        "texts": {code: page_texts(code) for code in LANGUAGES},
        "titles": {code: fw.title(code) for code in LANGUAGES},
        "pillars": [
            {
                "id": p.id,
                "texts": {
                    code: {k: p.text(k, code) for k in ("label", "question", "low", "high")}
                    for code in LANGUAGES
                },
            }
            for p in fw.pillars
        ],
        "file_comment": FILE_COMMENT,
    }


def script_json(data: object) -> str:
    """JSON that cannot end its ``<script>`` element or start markup inside it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def build_page(fw: Framework, lang: str, team: str = "") -> str:
    """The whole page as one HTML text."""
    css, js = _resource("page.css"), _resource("page.js")
    for name, text in (("page.css", css), ("page.js", js)):
        if "</" in text:  # would end its element early
            raise AssertionError(f"data/form/{name} must not hold '</'")
    values = {
        "html_lang": html.escape(HTML_LANG[lang]),
        "script_hash": _csp_hash(js),
        "style_hash": _csp_hash(css),
        "version": html.escape(__version__),
        "title": html.escape(t("colleagues.page.title", lang)),
        "language": html.escape(t("colleagues.page.language", lang)),
        "noscript": html.escape(t("colleagues.page.noscript", lang)),
        "data": script_json(page_data(fw, lang, team)),
        "css": css,
        "js": js,
    }
    page = _resource("page.html")
    # one pass, so that a value is never searched for further placeholders
    out, rest = [], page
    while "{{" in rest:
        before, _, after = rest.partition("{{")
        name, _, rest = after.partition("}}")
        out += [before, values[name]]
    out.append(rest)
    return "".join(out)
