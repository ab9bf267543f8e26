"""Charts: the Figure's parts for known inputs, the files really are PNG/SVG/PDF, labels
do not overlap, and titles follow the data.

Run ``python tests/test_charts.py DIR`` to render the example charts as PNG into DIR.
"""

from __future__ import annotations

import itertools
import re
import sys
import time
import zlib
from pathlib import Path

import pytest

from cx_pillars.charts.inputs import (
    AgreementData,
    Footnote,
    GapData,
    GapRow,
    PrioritiesData,
    PriorityPoint,
    QuarterPoint,
    ScoreRow,
    ScoresData,
    Segment,
    SegmentsData,
    TrendData,
)

PILLARS = [
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
]
LABELS = {
    "advertising": "Advertising to consumers",
    "content": "Content they consume",
    "digital": "Digital experiences",
    "non_digital": "Non-digital experiences",
    "communications": "Communications from the company",
    "representatives": "Company representatives",
    "products": "Products and services they buy",
    "service": "Customer service they receive",
    "friction": "Friction in the customer journey",
    "reputation": "Brand reputation and expectations",
}
SHORT = {
    "advertising": "Advertising",
    "content": "Content",
    "digital": "Digital",
    "non_digital": "Non-digital",
    "communications": "Communications",
    "representatives": "Representatives",
    "products": "Products",
    "service": "Service",
    "friction": "Friction",
    "reputation": "Reputation",
}
# Long labels: every one near the wrap width, to make overlaps likely if layout is wrong.
LONG = {p: f"{LABELS[p]} across every channel and touchpoint" for p in PILLARS}

BOTH = Footnote(
    source="Team 'Retail CX' self-assessments; customer survey 'q3-retail'",
    colleagues=6,
    customers=412,
    date="2026-11-16 to 2026-11-20",
)
TEAM_ONLY = Footnote(
    source="Team 'Retail CX' self-assessments", colleagues=6, date="2026-11-16 to 2026-11-20"
)
SURVEY_ONLY = Footnote(source="Customer survey 'q3-retail'", customers=412, date="2026-11-20")

TEAM_ORDER = [
    "products",
    "digital",
    "communications",
    "representatives",
    "content",
    "service",
    "reputation",
    "friction",
    "advertising",
    "non_digital",
]
CUSTOMER_ORDER = [
    "service",
    "friction",
    "products",
    "digital",
    "representatives",
    "communications",
    "reputation",
    "content",
    "non_digital",
    "advertising",
]


def common(labels=LABELS, footnote=BOTH):
    return {"pillars": PILLARS, "labels": labels, "short": SHORT, "footnote": footnote}


def gap_input(team=TEAM_ORDER, customers=CUSTOMER_ORDER, labels=LABELS) -> GapData:
    rows = []
    for pos, pid in enumerate(customers, start=1):
        tpos = team.index(pid) + 1
        rows.append(
            GapRow(
                pillar=pid,
                team_position=tpos,
                customer_position=pos,
                gap=tpos - pos,
                ci_low=pos + 0.9,
                ci_high=pos + 1.5,
            )
        )
    return GapData(gaps=rows, spearman_rho=0.36, spearman_p=0.31, **common(labels))


TEAM_SCORES = {
    "advertising": 3.2,
    "content": 3.5,
    "digital": 3.8,
    "non_digital": 3.0,
    "communications": 3.3,
    "representatives": 3.7,
    "products": 4.2,
    "service": 2.5,
    "friction": 2.3,
    "reputation": 3.6,
}
CUSTOMER_MEAN_RANK = {
    "service": 2.9,
    "friction": 3.4,
    "products": 3.9,
    "digital": 4.6,
    "representatives": 5.3,
    "communications": 5.6,
    "reputation": 6.1,
    "content": 6.8,
    "non_digital": 7.6,
    "advertising": 8.0,
}


def priorities_input(
    scores=TEAM_SCORES,
    mean_rank=CUSTOMER_MEAN_RANK,
    labels=LABELS,
    top=("service", "friction", "products"),
) -> PrioritiesData:
    points = [
        PriorityPoint(pillar=p, customer_mean_rank=mean_rank[p], performance=scores[p])
        for p in PILLARS
    ]
    return PrioritiesData(points=points, top=list(top), **common(labels))


HISTOGRAMS = {  # 6 colleagues: how many gave 1..5
    "advertising": [0, 1, 3, 2, 0],
    "content": [0, 1, 2, 2, 1],
    "digital": [0, 0, 2, 3, 1],
    "non_digital": [1, 1, 2, 1, 1],
    "communications": [0, 1, 3, 2, 0],
    "representatives": [0, 0, 3, 2, 1],
    "products": [0, 0, 1, 3, 2],
    "service": [1, 2, 2, 1, 0],
    "friction": [1, 3, 2, 0, 0],
    "reputation": [0, 1, 1, 4, 0],
}


def scores_input(histograms=HISTOGRAMS, labels=LABELS) -> ScoresData:
    rows = []
    for p in PILLARS:
        h = histograms[p]
        values = [v for v, c in zip(range(1, 6), h, strict=True) for _ in range(c)]
        rows.append(
            ScoreRow(
                pillar=p,
                mean=sum(values) / len(values),
                min=min(values),
                max=max(values),
                histogram=h,
            )
        )
    total = sum(r.mean for r in rows)
    return ScoresData(scores=rows, total_mean=total, max_total=50, **common(labels, TEAM_ONLY))


RANKINGS = [
    [
        "service",
        "products",
        "friction",
        "digital",
        "communications",
        "representatives",
        "reputation",
        "content",
        "non_digital",
        "advertising",
    ],
    [
        "products",
        "service",
        "digital",
        "friction",
        "representatives",
        "communications",
        "content",
        "reputation",
        "advertising",
        "non_digital",
    ],
    [
        "service",
        "digital",
        "products",
        "communications",
        "friction",
        "reputation",
        "representatives",
        "non_digital",
        "content",
        "advertising",
    ],
    [
        "service",
        "products",
        "digital",
        "representatives",
        "reputation",
        "communications",
        "content",
        "friction",
        "advertising",
        "non_digital",
    ],
    [
        "service",
        "friction",
        "products",
        "digital",
        "content",
        "communications",
        "representatives",
        "reputation",
        "non_digital",
        "advertising",
    ],
    [
        "service",
        "products",
        "communications",
        "digital",
        "representatives",
        "content",
        "non_digital",
        "reputation",
        "advertising",
        "friction",
    ],
]
NAMES = ["Ana", "Bartek", "Chen Wei", "Dorota", "Ewa", "Feng"]


def agreement_input(rankings=RANKINGS, labels=LABELS, anonymous=False) -> AgreementData:
    return AgreementData(
        colleagues=NAMES[: len(rankings)],
        rankings=rankings,
        kendall_w=0.62,
        w_reading="strong agreement",
        anonymous=anonymous,
        **common(labels, TEAM_ONLY),
    )


SEGMENTS = [
    (
        "Gen Z",
        84,
        [
            "digital",
            "friction",
            "service",
            "products",
            "content",
            "reputation",
            "communications",
            "representatives",
            "advertising",
            "non_digital",
        ],
    ),
    (
        "Millennials",
        151,
        [
            "digital",
            "service",
            "friction",
            "products",
            "reputation",
            "content",
            "communications",
            "representatives",
            "non_digital",
            "advertising",
        ],
    ),
    (
        "Gen X",
        121,
        [
            "service",
            "products",
            "friction",
            "digital",
            "representatives",
            "communications",
            "reputation",
            "content",
            "non_digital",
            "advertising",
        ],
    ),
    (
        "Boomers",
        24,
        [
            "service",
            "representatives",
            "products",
            "non_digital",
            "friction",
            "communications",
            "reputation",
            "digital",
            "advertising",
            "content",
        ],
    ),
]


def segments_input(segments=SEGMENTS, labels=LABELS) -> SegmentsData:
    return SegmentsData(
        segments=[Segment(name=n, respondents=r, ranking=k) for n, r, k in segments],
        **common(labels, SURVEY_ONLY),
    )


QUARTERS = [("2026-Q1", 4, 29.5), ("2026-Q2", 5, 30.2), ("2026-Q3", 6, 30.6), ("2026-Q4", 6, 31.0)]
QUARTER_SCORES = {  # per pillar, first and last quarter; linear in between
    "advertising": (3.0, 3.2),
    "content": (3.3, 3.5),
    "digital": (3.2, 3.8),
    "non_digital": (3.1, 3.0),
    "communications": (3.1, 3.3),
    "representatives": (3.6, 3.7),
    "products": (4.1, 4.2),
    "service": (2.6, 2.5),
    "friction": (1.8, 2.3),
    "reputation": (3.5, 3.6),
}


def trend_input(quarters=QUARTERS, labels=LABELS) -> TrendData:
    k = len(quarters) - 1
    qs = []
    for i, (q, n, total) in enumerate(quarters):
        scores = {p: a + (b - a) * (i / k if k else 0) for p, (a, b) in QUARTER_SCORES.items()}
        qs.append(QuarterPoint(quarter=q, respondents=n, total_mean=total, scores=scores))
    return TrendData(quarters=qs, max_total=50, **common(labels, TEAM_ONLY))


EXAMPLES = {
    "gap": gap_input,
    "priorities": priorities_input,
    "scores": scores_input,
    "agreement": agreement_input,
    "segments": segments_input,
    "trend": trend_input,
}


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def charts():
    from cx_pillars import charts

    return charts


def by_gid(fig, gid):
    return [a for a in fig.findobj(lambda a: a.get_gid() == gid)]


def title_of(fig) -> str:
    return by_gid(fig, "title")[0].get_text().replace("\n", " ")


def subtitle_of(fig) -> str:
    return by_gid(fig, "subtitle")[0].get_text().replace("\n", " ")


def one_line(text: str) -> str:
    return " ".join(text.split())


def drawn_texts(fig):
    """Every text the figure actually draws, with its box (text only, no leader line)."""
    from matplotlib.text import Text

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ticks = set()
    out = []
    for ax in fig.axes:
        for axis, lim in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            lo, hi = sorted(lim)
            for tick in axis.get_major_ticks():
                for label in (tick.label1, tick.label2):
                    ticks.add(id(label))
                    if (
                        label.get_visible()
                        and label.get_text().strip()
                        and lo - 1e-9 <= tick.get_loc() <= hi + 1e-9
                    ):
                        out.append((label, Text.get_window_extent(label, renderer)))
    for text in fig.findobj(Text):
        if id(text) in ticks or not text.get_visible() or not text.get_text().strip():
            continue
        out.append((text, Text.get_window_extent(text, renderer)))
    return out


def overlapping(items, tol=0.5):
    """Pairs of (text, box) whose boxes intersect by more than ``tol`` pixels."""
    bad = []
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            a, b = items[i][1], items[j][1]
            w = min(a.x1, b.x1) - max(a.x0, b.x0)
            h = min(a.y1, b.y1) - max(a.y0, b.y0)
            if w > tol and h > tol:
                bad.append((items[i][0].get_text(), items[j][0].get_text()))
    return bad


def pdf_text(data: bytes) -> str:
    """The text drawn in a matplotlib PDF with Type 42 fonts (UTF-16BE in TJ/Tj)."""

    def literals(chunk: bytes) -> list[bytes]:
        out, i = [], 0
        while i < len(chunk):
            if chunk[i : i + 1] != b"(":
                i += 1
                continue
            depth, i, buf = 1, i + 1, bytearray()
            while depth:
                c = chunk[i : i + 1]
                if c == b"\\":
                    nxt = chunk[i + 1 : i + 2]
                    if nxt.isdigit():
                        digits = re.match(rb"[0-7]{1,3}", chunk[i + 1 : i + 4]).group()
                        buf.append(int(digits, 8))
                        i += 1 + len(digits)
                        continue
                    buf += {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}.get(
                        nxt, nxt
                    )
                    i += 2
                    continue
                if c == b"(":
                    depth += 1
                elif c == b")":
                    depth -= 1
                    if not depth:
                        i += 1
                        break
                buf += c
                i += 1
            out.append(bytes(buf))
        return out

    lines = []
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            content = zlib.decompress(m.group(1))
        except zlib.error:
            continue
        for op in re.finditer(rb"\[(.*?)\]\s*TJ|(\(.*?\))\s*Tj", content, re.DOTALL):
            raw = b"".join(literals(op.group(1) or op.group(2)))
            lines.append(raw.decode("utf-16-be", errors="replace"))
    return "\n".join(lines)


# --------------------------------------------------------------------------- parts


def test_gap_parts(charts):
    data = gap_input()
    fig = charts.build("gap", data)
    assert title_of(fig) == "Customers rank Friction 2nd; the team put it 8th"
    assert "no better than chance" in subtitle_of(fig)
    ax = fig.axes[0]
    assert [one_line(t.get_text()) for t in ax.get_yticklabels()] == [
        LABELS[p] for p in CUSTOMER_ORDER
    ]
    customers, team = by_gid(fig, "gap-customers")[0], by_gid(fig, "gap-team")[0]
    assert list(customers.get_xdata()) == list(range(1, 11))
    assert list(team.get_xdata()) == [TEAM_ORDER.index(p) + 1 for p in CUSTOMER_ORDER]
    nonzero = sum(r.value != 0 for r in data.gaps)
    assert nonzero == 9 and len(by_gid(fig, "gap-arrow")) == nonzero
    values = [t.get_text() for t in by_gid(fig, "gap-value")]
    assert values == [
        "+5",
        "+6",
        "\u22122",
        "\u22122",
        "\u22121",
        "\u22123",
        "0",
        "\u22123",
        "+1",
        "\u22121",
    ]
    # the largest gap (Friction, +6) is emphasised: bold label, shaded row
    bold = [one_line(t.get_text()) for t in ax.get_yticklabels() if t.get_fontweight() == "bold"]
    assert bold == [LABELS["friction"]]
    assert len(by_gid(fig, "gap-emphasis")) == 1


def test_priorities_parts(charts):
    fig = charts.build("priorities", priorities_input())
    assert (
        title_of(fig) == "Friction is a top customer priority where the team scores itself lowest"
    )
    top = by_gid(fig, "priorities-top")[0].get_offsets()
    other = by_gid(fig, "priorities-other")[0].get_offsets()
    assert len(top) == 3 and len(other) == 7
    # importance = n + 1 - mean rank
    assert sorted(round(float(y), 6) for _, y in top) == sorted(
        round(11 - CUSTOMER_MEAN_RANK[p], 6) for p in ("service", "friction", "products")
    )
    labels = {one_line(t.get_text()) for t in by_gid(fig, "priorities-label")}
    assert labels == set(LABELS.values())
    quadrants = [t.get_text() for t in by_gid(fig, "quadrant")]
    assert quadrants == [
        "Concentrate here",
        "Keep up the good work",
        "Low priority",
        "Possible overkill",
    ]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["Customers' top 3", "Other pillars"]


def test_scores_parts(charts):
    data = scores_input()
    fig = charts.build("scores", data)
    assert title_of(fig) == "The team rates Products strongest (4.2) and Friction weakest (2.2)"
    assert subtitle_of(fig).startswith("Mean total 32.7/50")
    ax = fig.axes[0]
    expected = [r.pillar for r in sorted(data.scores, key=lambda r: -r.mean)]
    assert [one_line(t.get_text()) for t in ax.get_yticklabels()] == [LABELS[p] for p in expected]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "3", "4", "5"]
    dots = by_gid(fig, "scores-dots")[0].get_offsets()
    assert len(dots) == 60  # 6 colleagues x 10
    # whole scores drawn exactly at their value, never beside it along the value axis
    assert sorted({float(x) for x, _ in dots}) <= [1.0, 2.0, 3.0, 4.0, 5.0]
    means = by_gid(fig, "scores-mean")[0].get_offsets()
    assert [float(x) for x, _ in means] == pytest.approx(
        [r.mean for r in sorted(data.scores, key=lambda r: -r.mean)]
    )
    assert len(by_gid(fig, "scores-range")) == 10
    assert [t.get_text() for t in by_gid(fig, "scores-value")][:2] == ["4.2", "3.8"]


def test_agreement_parts(charts):
    data = agreement_input()
    fig = charts.build("agreement", data)
    assert title_of(fig) == "The team agrees on Service, splits on Friction"
    assert "Kendall's W = 0.62 (strong agreement)" in subtitle_of(fig)
    ax = fig.axes[0]
    cells = by_gid(fig, "agreement-cells")[0].get_array()
    assert cells.shape == (10, 6)
    order = data.consensus_order()
    assert order[:2] == ["service", "products"]
    assert [one_line(t.get_text()) for t in ax.get_yticklabels()] == [LABELS[p] for p in order]
    assert [t.get_text() for t in ax.get_xticklabels()] == NAMES
    numbers = [t.get_text() for t in by_gid(fig, "agreement-cell")]
    assert len(numbers) == 60
    # cell (row friction, column Feng) is Feng's rank of friction
    i, j = order.index("friction"), 5
    assert cells[i, j] == RANKINGS[5].index("friction") + 1 == 10
    assert numbers[i * 6 + j] == "10"
    ranges = [t.get_text() for t in by_gid(fig, "agreement-range")]
    assert ranges[order.index("friction")] == "2\u201310"
    assert len(by_gid(fig, "agreement-outline")) == 2


def test_agreement_anonymous(charts):
    fig = charts.build("agreement", agreement_input(anonymous=True))
    names = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert names == [f"Colleague {i}" for i in range(1, 7)]
    assert not any(n in fig.axes[0].get_xticklabels()[0].get_text() for n in NAMES)


#: Names that hold on one line: ten rows of the bump chart then fit the slide (with the
#: two-line names of the catalogue the chart is drawn as the grid instead).
ONE_LINE = {p: " ".join(label.split()[:2]) for p, label in LABELS.items()}


def test_segments_parts(charts):
    fig = charts.build("segments", segments_input(labels=ONE_LINE))
    assert title_of(fig) == (
        "Gen Z and Millennials put Digital 1st; Gen X and Boomers put Service 1st"
    )
    assert "hatched: under 30 respondents" in subtitle_of(fig)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Gen Z\n(n = 84)",
        "Millennials\n(n = 151)",
        "Gen X\n(n = 121)",
        "Boomers\n(n = 24, too few)",
    ]
    assert [one_line(t.get_text()) for t in ax.get_yticklabels()] == [
        ONE_LINE[p] for p in SEGMENTS[0][2]
    ]
    markers = by_gid(fig, "segments-marker")
    assert len(markers) == 10 and sum(len(m.get_xdata()) for m in markers) == 40
    assert len(by_gid(fig, "segments-rank")) == 40
    assert len(by_gid(fig, "segments-small")) == 1  # Boomers, n = 24
    # digital's line: 1st, 1st, 4th, 8th
    from cx_pillars.charts.segments import highlighted

    assert highlighted(segments_input())[:2] == ["digital", "service"]


def test_trend_parts(charts):
    fig = charts.build("trend", trend_input())
    assert title_of(fig) == "Mean total rose from 29.5 to 31.0 since 2026-Q1"
    assert "largest change: Digital +0.6" in subtitle_of(fig)
    total = by_gid(fig, "trend-total")[0]
    assert list(total.get_ydata()) == [29.5, 30.2, 30.6, 31.0]
    assert len(by_gid(fig, "trend-pillar")) == 10
    assert [t.get_text() for t in by_gid(fig, "trend-total-value")] == [
        "29.5",
        "30.2",
        "30.6",
        "31.0",
    ]
    ends = [one_line(t.get_text()) for t in by_gid(fig, "trend-label")]
    # only the pillars that moved by 0.3 or more are named (the others are grey lines,
    # as the panel's title says): here Digital +0.6 and Friction +0.5
    moved = sorted(p for p, (a, b) in QUARTER_SCORES.items() if abs(b - a) >= 0.3 - 1e-9)
    assert sorted(e.split(" (")[0] for e in ends) == sorted(one_line(LABELS[p]) for p in moved)
    assert "Digital experiences (+0.6)" in ends
    assert fig.axes[0].get_xticklabels()[0].get_text() == "2026-Q1\nn = 4"


def test_trend_withheld_quarter_leaves_a_gap(charts):
    data = trend_input()
    qs = list(data.quarters)
    qs[1] = QuarterPoint(
        quarter="2026-Q2", respondents=2, total_mean=None, scores={p: None for p in PILLARS}
    )
    fig = charts.build("trend", TrendData(quarters=qs, max_total=50, **common(LABELS, TEAM_ONLY)))
    assert [t.get_text() for t in by_gid(fig, "trend-withheld")] == ["withheld"]
    assert len(by_gid(fig, "trend-total-value")) == 3


# --------------------------------------------------------------------------- every kind


@pytest.mark.parametrize("kind", list(EXAMPLES))
def test_every_chart_has_footnote_and_slide_fonts(charts, kind):
    fig = charts.build(kind, EXAMPLES[kind]())
    note = by_gid(fig, "footnote")[0].get_text()
    assert note.startswith("Source: ") and "Colleagues: " in note and "Customers: " in note
    w, h = fig.get_size_inches()
    assert round(w / h, 2) == round(16 / 9, 2)
    assert by_gid(fig, "title")[0].get_fontsize() >= 18
    for ax in fig.axes:
        for label in ax.get_xticklabels() + ax.get_yticklabels():
            if label.get_text():
                assert label.get_fontsize() >= 12, (kind, label.get_text())


@pytest.mark.parametrize("kind", list(EXAMPLES))
@pytest.mark.parametrize("labels", ["normal", "long"])
def test_no_text_overlaps(charts, kind, labels):
    """No two drawn texts intersect: tick labels, point labels, values, titles, legends."""
    fig = charts.build(kind, EXAMPLES[kind](labels=LONG if labels == "long" else LABELS))
    texts = drawn_texts(fig)
    assert len(texts) > 20
    assert overlapping(texts) == []
    # and nothing is drawn off the canvas
    width, height = fig.canvas.get_width_height()
    for text, box in texts:
        assert box.x0 >= -1 and box.y0 >= -1, text.get_text()
        assert box.x1 <= width + 1 and box.y1 <= height + 1, text.get_text()


def test_priority_labels_clear_of_points(charts):
    """Point labels do not overlap each other, the quadrant names, or any marker."""
    from matplotlib.text import Text

    for labels in (LABELS, LONG):
        # a crowded input: every pillar within 0.2 of the centre
        scores = {p: 3.0 + 0.02 * i for i, p in enumerate(PILLARS)}
        ranks = {p: 5.0 + 0.05 * i for i, p in enumerate(PILLARS)}
        fig = charts.build("priorities", priorities_input(scores, ranks, labels))
        fig.canvas.draw()
        r = fig.canvas.get_renderer()
        items = [
            (t, Text.get_window_extent(t, r))
            for t in by_gid(fig, "priorities-label") + by_gid(fig, "quadrant")
        ]
        assert len(items) == 14 and overlapping(items) == []
        if labels is LABELS:  # names fit: no numbered fallback
            assert not by_gid(fig, "priorities-key")
            assert {one_line(t.get_text()) for t, _ in items[:10]} == set(LABELS.values())
        else:  # 65-character names would be cut: numbers and a key
            assert {t.get_text() for t, _ in items[:10]} == {str(k) for k in range(1, 11)}
            key = [t.get_text() for t in by_gid(fig, "priorities-key")]
            assert all(any(LONG[p] in k for k in key) for p in PILLARS)
            assert overlapping(drawn_texts(fig)) == []
        ax = fig.axes[0]
        for coll in by_gid(fig, "priorities-top") + by_gid(fig, "priorities-other"):
            for x, y in coll.get_offsets():
                px, py = ax.transData.transform((x, y))
                for t, box in items[:10]:
                    assert not (box.x0 + 1 < px < box.x1 - 1 and box.y0 + 1 < py < box.y1 - 1), (
                        t.get_text()
                    )


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize("kind", list(EXAMPLES))
def test_files_are_what_they_say(charts, kind, tmp_path):
    import xml.etree.ElementTree as ET

    data = EXAMPLES[kind]()
    title = charts.TITLES[kind](data)
    fig = charts.build(kind, data)  # speed: benchmarks/report.py
    png = charts.save(fig, tmp_path / "c.png").read_bytes()
    pdf = charts.save(fig, tmp_path / "c.pdf").read_bytes()
    title_lines = by_gid(fig, "title")[0].get_text().split("\n")

    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (int(fig.get_figwidth() * 200), int(fig.get_figheight() * 200))

    svg = charts.save(fig, tmp_path / "c.svg").read_text(encoding="utf-8")
    assert "<svg" in svg
    root = ET.fromstring(svg)
    texts = ["".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")]
    assert all(line in texts for line in title_lines), texts[:3]
    assert " ".join(title_lines) == title

    assert pdf.startswith(b"%PDF-")
    assert b"/FontFile2" in pdf and b"/CIDFontType2" in pdf  # TrueType (Type 42) embedded
    assert b"/Type3" not in pdf and b"/Subtype /Type3" not in pdf
    text = pdf_text(pdf)
    assert all(line in text for line in title_lines)


def test_multipage_pdf(charts, tmp_path):
    figs = [charts.build(kind, make()) for kind, make in EXAMPLES.items()]
    data = charts.save_pdf(figs, tmp_path / "pack.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 6
    text = pdf_text(data)
    for kind, make in EXAMPLES.items():
        assert charts.TITLES[kind](make()).split(";")[0] in text


def test_render_and_bad_format(charts, tmp_path):
    path = charts.render("gap", gap_input(), tmp_path / "gap.svg")
    assert path.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    with pytest.raises(ValueError, match="unsupported chart format"):
        charts.render("gap", gap_input(), tmp_path / "gap.jpg")
    with pytest.raises(ValueError, match="unknown chart kind"):
        charts.build("pie", gap_input())
    with pytest.raises(TypeError, match="needs GapData"):
        charts.build("gap", scores_input())


def test_rc_params_do_not_leak(charts, tmp_path):
    import matplotlib as mpl

    before = {
        k: mpl.rcParams[k] for k in ("svg.fonttype", "pdf.fonttype", "font.size", "axes.spines.top")
    }
    charts.render("scores", scores_input(), tmp_path / "s.pdf")
    assert {k: mpl.rcParams[k] for k in before} == before


def test_saved_files_are_reproducible(charts, tmp_path):
    for ext in ("svg", "pdf"):
        a = charts.render("gap", gap_input(), tmp_path / f"a.{ext}").read_bytes()
        b = charts.render("gap", gap_input(), tmp_path / f"b.{ext}").read_bytes()
        assert a == b, ext


# --------------------------------------------------------------------------- titles


def test_titles_follow_the_data():
    from cx_pillars.charts import titles

    # gap: team underrates service vs overrates products; small gaps; top-3 agreement
    assert titles.gap_title(gap_input()) == "Customers rank Friction 2nd; the team put it 8th"
    team = [
        "service",
        "friction",
        "products",
        "digital",
        "representatives",
        "communications",
        "advertising",
        "reputation",
        "content",
        "non_digital",
    ]
    assert titles.gap_title(gap_input(team=team)) == (
        "The team ranks Advertising 7th; customers put it 10th"
    )
    team[6:10] = ["content", "advertising", "reputation", "non_digital"]  # |2| tie: -2 and +2
    assert titles.gap_title(gap_input(team=team)) == (
        "Customers rank Reputation 7th; the team put it 9th"
    )
    same = list(CUSTOMER_ORDER)
    same[3], same[4] = same[4], same[3]
    assert titles.gap_title(gap_input(team=same)) == "Team and customers agree on the top three"
    swapped = list(CUSTOMER_ORDER)
    swapped[2], swapped[3] = swapped[3], swapped[2]
    assert titles.gap_title(gap_input(team=swapped)) == (
        "Team and customers agree: Service comes first"
    )
    swapped[0], swapped[1] = swapped[1], swapped[0]
    assert titles.gap_title(gap_input(team=swapped)) == (
        "Team and customers broadly agree: no pillar is more than one place apart"
    )

    # priorities: weakest top priority lowest overall / below average / all fine
    assert titles.priorities_title(priorities_input()).startswith("Friction is a top")
    better = dict(TEAM_SCORES, friction=3.0)
    assert titles.priorities_title(priorities_input(better)) == (
        "Service is a top customer priority where the team scores itself lowest"
    )
    fine = dict(TEAM_SCORES, friction=3.9, service=4.0)
    assert titles.priorities_title(priorities_input(fine)) == (
        "The team scores itself above average on all of the customers' top 3"
    )
    mid = dict(TEAM_SCORES, friction=3.2, service=4.0)
    assert titles.priorities_title(priorities_input(mid)) == (
        "Friction is a top customer priority where the team scores itself below average"
    )

    # scores
    flat = {p: [0, 0, 6, 0, 0] for p in PILLARS}
    assert titles.scores_title(scores_input(flat)) == (
        "The team rates every pillar alike (about 3.0 of 5)"
    )

    # agreement: identical rankings -> close agreement; one colleague
    assert titles.agreement_title(agreement_input([RANKINGS[0]] * 3)) == (
        "The team agrees closely on how customers rank the pillars"
    )
    assert titles.agreement_title(agreement_input(RANKINGS[:1])) == (
        "Only one colleague has ranked the pillars so far"
    )

    # segments: everyone puts service first
    same_top = [(n, r, ["service"] + [p for p in k if p != "service"]) for n, r, k in SEGMENTS]
    assert titles.segments_title(segments_input(same_top)) == (
        "All segments put Service 1st; Digital ranges from 2nd to 8th"
    )

    # trend: fell, steady, single quarter
    fell = [(q, n, 60 - total) for q, n, total in QUARTERS]
    assert titles.trend_title(trend_input(fell)) == (
        "Mean total fell from 30.5 to 29.0 since 2026-Q1"
    )
    steady = [(q, n, 30.0 + 0.1 * i) for i, (q, n, _) in enumerate(QUARTERS)]
    assert titles.trend_title(trend_input(steady)) == (
        "Mean total held steady at about 30.3 since 2026-Q1"
    )
    assert titles.trend_title(trend_input(QUARTERS[-1:])) == (
        "One quarter so far: mean total 31.0/50 in 2026-Q4"
    )


def test_two_inputs_two_chart_titles(charts):
    for kind, a, b in [
        ("gap", gap_input(), gap_input(team=CUSTOMER_ORDER)),
        ("priorities", priorities_input(), priorities_input(dict(TEAM_SCORES, friction=3.0))),
        ("scores", scores_input(), scores_input(dict(HISTOGRAMS, friction=[0, 0, 0, 0, 6]))),
        ("agreement", agreement_input(), agreement_input([RANKINGS[0]] * 3)),
        (
            "segments",
            segments_input(),
            segments_input([(n, r, SEGMENTS[2][2]) for n, r, _ in SEGMENTS]),
        ),
        ("trend", trend_input(), trend_input([(q, n, 40 - t) for q, n, t in QUARTERS])),
    ]:
        ta, tb = title_of(charts.build(kind, a)), title_of(charts.build(kind, b))
        assert ta != tb, kind


# --------------------------------------------------------------------------- layout


def test_place_labels_separates_a_pile():
    from cx_pillars.charts.layout import boxes_overlap, overlap_count, place_labels

    anchors = [(100 + 3 * i, 100 + 2 * (i % 3)) for i in range(10)]
    sizes = [(80, 14)] * 10
    bounds = (0, 0, 400, 300)
    obstacles = [(ax - 5, ay - 5, ax + 5, ay + 5) for ax, ay in anchors]
    centres = place_labels(anchors, sizes, obstacles=obstacles, bounds=bounds, pad=2)
    boxes = [(x - 40, y - 7, x + 40, y + 7) for x, y in centres]
    assert overlap_count(boxes, pad=1.9) == 0
    assert all(
        bounds[0] <= b[0] and b[2] <= bounds[2] and bounds[1] <= b[1] and b[3] <= bounds[3]
        for b in boxes
    )
    assert not any(boxes_overlap(b, o) for b in boxes for o in obstacles)
    # deterministic
    assert place_labels(anchors, sizes, obstacles=obstacles, bounds=bounds, pad=2) == centres


def test_place_labels_untangles_crossing_leaders():
    from cx_pillars.charts.layout import _crosses, place_labels

    # two points side by side whose preferred sides would make their leaders cross
    anchors = [(100, 100), (110, 100)]
    sizes = [(30, 10), (30, 10)]
    centres = place_labels(
        anchors,
        sizes,
        obstacles=[(60, 80, 150, 95), (60, 105, 150, 120)],
        bounds=(0, 0, 400, 300),
        pad=2,
    )
    assert not _crosses(anchors[0], centres[0], anchors[1], centres[1])


def test_place_labels_keeps_free_labels_beside_their_point():
    from cx_pillars.charts.layout import place_labels

    anchors = [(50, 50), (300, 200)]
    centres = place_labels(anchors, [(40, 10), (40, 10)], gap=6)
    assert centres == [(50 + 6 + 20, 50), (300 + 6 + 20, 200)]


def test_spread_1d():
    from cx_pillars.charts.layout import spread_1d

    pos = [100, 101, 102, 150, 40]
    heights = [20, 20, 20, 20, 20]
    ys = spread_1d(pos, heights, low=0, high=300, pad=2)
    order = sorted(range(5), key=lambda i: ys[i])
    assert order == sorted(range(5), key=lambda i: (pos[i], i))  # order kept
    for a, b in itertools.pairwise(order):
        assert ys[b] - ys[a] >= 22 - 1e-6
    assert ys[4] == 40 and abs(ys[1] - 101) < 1e-6  # free or centred stay put
    assert spread_1d([5], [20], low=0, high=300) == [10]  # pushed inside


# --------------------------------------------------------------------------- other shapes


def test_other_sizes_of_framework(charts):
    """Six items and thirty items: charts build, and labels still do not overlap."""
    for n in (6, 30):
        ids = [f"item_{i}" for i in range(n)]
        labels = {p: f"Item number {i} with a longer descriptive name" for i, p in enumerate(ids)}
        note = BOTH
        rows = [
            GapRow(pillar=p, team_position=(i + 3) % n + 1, customer_position=i + 1)
            for i, p in enumerate(ids)
        ]
        fig = charts.build("gap", GapData(pillars=ids, labels=labels, footnote=note, gaps=rows))
        assert overlapping(drawn_texts(fig)) == []
        points = [
            PriorityPoint(
                pillar=p, customer_mean_rank=1 + i * (n - 1) / n, performance=2 + (i * 7 % 5) / 2
            )
            for i, p in enumerate(ids)
        ]
        fig = charts.build(
            "priorities",
            PrioritiesData(pillars=ids, labels=labels, footnote=note, points=points, top=ids[:3]),
        )
        assert len(by_gid(fig, "priorities-label")) == n
        if n == 30:  # too crowded for names: numbered points and a key under the chart
            assert {t.get_text() for t in by_gid(fig, "priorities-label")} == {
                str(k) for k in range(1, 31)
            }
            assert len(by_gid(fig, "priorities-key")) == 31
        items = drawn_texts(fig)
        assert overlapping([x for x in items if x[0].get_gid() == "priorities-label"]) == []


def test_from_json():
    compare = {
        "team": {
            "respondents": 6,
            "pillars": PILLARS,
            "scores": [
                {
                    "pillar": p,
                    "mean": TEAM_SCORES[p],
                    "min": 1,
                    "max": 5,
                    "histogram": HISTOGRAMS[p],
                }
                for p in PILLARS
            ],
            "total": {"mean": 32.1, "min": 25, "max": 40, "max_possible": 50},
        },
        "customers": {
            "respondents": 412,
            "ranking": [
                {
                    "pillar": p,
                    "position": i + 1,
                    "mean_rank": CUSTOMER_MEAN_RANK[p],
                    "ci_low": CUSTOMER_MEAN_RANK[p] - 0.2,
                    "ci_high": CUSTOMER_MEAN_RANK[p] + 0.2,
                }
                for i, p in enumerate(CUSTOMER_ORDER)
            ],
        },
        "gaps": [
            {
                "pillar": p,
                "team_position": TEAM_ORDER.index(p) + 1,
                "customer_position": i + 1,
                "gap": TEAM_ORDER.index(p) - i,
            }
            for i, p in enumerate(CUSTOMER_ORDER)
        ],
        "correlation": {"spearman_rho": 0.36, "spearman_p": 0.31},
        "priorities": [
            {"pillar": p, "customer_position": i + 1} for i, p in enumerate(CUSTOMER_ORDER[:3])
        ],
        "segments": [
            {
                "segment": n,
                "respondents": r,
                "ranking": [{"pillar": p, "position": i + 1} for i, p in enumerate(k)],
            }
            for n, r, k in SEGMENTS
        ],
    }
    kw = {"labels": LABELS, "short": SHORT, "footnote": BOTH}
    gap = GapData.from_json(compare, **kw)
    assert gap.gaps[1].value == 6 and gap.gaps[0].ci_low == pytest.approx(2.7)
    assert "could swap" in __import__("cx_pillars.charts.titles").charts.titles.gap_subtitle(gap)
    pri = PrioritiesData.from_json(compare, **kw)
    assert pri.top == ["service", "friction", "products"] and pri.performance_source == "team"
    assert (
        PrioritiesData.from_json(
            compare, ratings={p: 3.0 for p in PILLARS}, **kw
        ).performance_source
        == "customers"
    )
    scores = ScoresData.from_json(compare["team"], **kw)
    assert scores.total_mean == 32.1 and scores.scores[0].histogram == HISTOGRAMS["advertising"]
    segs = SegmentsData.from_json(compare, **kw)
    assert [s.name for s in segs.segments] == ["Gen Z", "Millennials", "Gen X", "Boomers"]
    trend = TrendData.from_json(
        {
            "quarters": [
                {
                    "quarter": "2026-Q3",
                    "respondents": 5,
                    "total": {"mean": 30.0, "max_possible": 50},
                    "scores": [{"pillar": p, "mean": 3.0} for p in PILLARS],
                    "withheld": None,
                },
                {
                    "quarter": "2026-Q4",
                    "respondents": 2,
                    "total": {"mean": None, "max_possible": 50},
                    "scores": [{"pillar": p, "mean": None} for p in PILLARS],
                    "withheld": "anonymity",
                },
            ]
        },
        pillars=PILLARS,
        **kw,
    )
    assert trend.max_total == 50 and trend.quarters[1].total_mean is None


# --------------------------------------------------------------------------- languages


def test_numbers_and_places_follow_the_language(charts):
    fig = charts.build("scores", scores_input(), lang="pl")
    assert "(4,2)" in title_of(fig) and "(2,2)" in title_of(fig)
    from cx_pillars.charts import titles

    assert "2." in titles.gap_title(gap_input(), "pl") and "8." in titles.gap_title(
        gap_input(), "pl"
    )
    assert "第2" in titles.gap_title(gap_input(), "zh-Hans")


def test_translations_come_from_the_catalogs(monkeypatch):
    from cx_pillars import i18n
    from cx_pillars.charts import titles

    real = i18n._table  # one catalog file, as read from data/i18n/

    def table(name):
        texts = dict(real(name))
        if name == "pl.charts.toml":
            texts["charts.gap_title_customers_higher"] = (
                "Klienci: {pillar} {customer}; zespół: {team}"
            )
        return texts

    monkeypatch.setattr(i18n, "_table", table)
    assert titles.gap_title(gap_input(), "pl") == "Klienci: Friction 2.; zespół: 8."
    assert titles.gap_title(gap_input(), "en").startswith("Customers rank")


def test_chart_fonts_is_the_one_font_choice():
    from matplotlib import font_manager

    from cx_pillars.charts import chart_fonts
    from cx_pillars.charts.style import find_cjk_font

    # DejaVu Sans first; a Chinese face after it (per-glyph fallback) when one is there.
    cjk = find_cjk_font("zh-Hans")
    assert chart_fonts("en") == chart_fonts("pl")
    latin = ("DejaVu Sans", cjk) if cjk else ("DejaVu Sans",)
    assert chart_fonts("en")[: len(latin)] == latin
    for lang in ("zh-Hans", "zh-Hant"):
        fonts = chart_fonts(lang)  # may register fonts installed after matplotlib's cache
        installed = {f.name for f in font_manager.fontManager.ttflist}
        assert fonts is None or fonts[0] in installed


# --------------------------------------------------------------------------- imports


def test_titles_do_not_import_matplotlib():
    import subprocess

    code = (
        "import sys; import cx_pillars.charts, cx_pillars.charts.titles; "
        "from cx_pillars.charts import gap_title, GapData; "
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert out.stdout.strip() == "False"


def test_text_lives_in_one_place():
    """No chart module holds an English sentence of its own: words come from the catalogs."""
    folder = Path(__file__).resolve().parents[1] / "cx_pillars" / "charts"
    modules = ["gap", "priorities", "scores", "agreement", "segments", "trend", "titles"]
    for path in (folder / f"{m}.py" for m in modules):
        source = path.read_text(encoding="utf-8")
        code = re.sub(r'"""(.*?)"""', "", source, flags=re.DOTALL)  # docstrings
        code = re.sub(r"  #.*", "", code)  # comments
        for literal in re.findall(r'"([^"\\\n]*)"', code):
            words = re.findall(r"[A-Za-z]{3,}", literal)
            assert not (len(words) >= 3 and " " in literal), (path.name, literal)


def render_examples(folder: Path, docs: bool = False) -> dict[str, dict]:
    """Render every example to PNG and PDF in ``folder``; return timings in seconds.

    ``docs``: PNG only, reduced to a 128-colour palette so each file stays small.
    """
    from cx_pillars import charts

    folder.mkdir(parents=True, exist_ok=True)
    timings = {}
    for kind, make in EXAMPLES.items():
        data = make()
        t0 = time.perf_counter()
        fig = charts.build(kind, data)
        t1 = time.perf_counter()
        png = charts.save(fig, folder / f"{kind}.png")
        t2 = time.perf_counter()
        if docs:
            from PIL import Image

            with Image.open(png) as image:
                small = image.convert("RGB").quantize(colors=128, dither=Image.Dither.NONE)
            small.save(png, optimize=True)
            t3 = t2
        else:
            charts.save(fig, folder / f"{kind}.pdf")
            t3 = time.perf_counter()
        timings[kind] = {
            "build": t1 - t0,
            "png": t2 - t1,
            "pdf": t3 - t2,
            "title": by_gid(fig, "title")[0].get_text(),
        }
    return timings


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--docs"]
    out = Path(args[0] if args else "charts-out")
    for kind, row in render_examples(out, docs="--docs" in sys.argv).items():
        print(
            f"{kind:11s} build {row['build']:.3f}s  png {row['png']:.3f}s  "
            f"pdf {row['pdf']:.3f}s  {row['title']!r}"
        )
