"""AQL inspection report as PDF: a pure renderer (ReportLab + standard library).

No Flask, no database: the web layer builds an :class:`InspectionReport` with every user-visible
word already translated and calls :func:`render_pdf`, which returns the PDF bytes.

Layout (A4 portrait, 15 mm side margins): a dark header band on every page with the product
name and the report title and number; a footer on every page with the generation time, the
report number and "page X of Y" (a two-pass canvas knows the page total). The body holds, in
this order: summary (verdict badge, standard, verdict note, the header facts in a four-column
grid), results per defect class, defects, checklist, photos (two per row, each kept with its
caption) and notes. The checklist, photo and notes sections are left out when they are empty;
the defects section is always there, with ``labels["no_defects"]`` when there are none. A
section heading never ends a page alone. Long text in tables and notes flows over pages; the
few places that cannot break (verdict badge, photo captions, the per-class lines in the summary
box, the one-line header band) cap their text with an ellipsis.

Fonts: every run of Western characters (what Helvetica's WinAnsi encoding covers: ASCII, Latin-1,
dashes, quotes) is set in Helvetica; every other run (Chinese, full-width punctuation) in
ReportLab's built-in CID font ``STSong-Light`` (Adobe-GB1; no font file is embedded, the PDF
viewer supplies a Song/Ming face, as Acrobat, Preview, pdf.js, PDFium and poppler do). So
mixed strings (an English report with a Chinese customer name, a Chinese report with a style
number) never show empty boxes, and Latin text does not depend on how a viewer's substitute
CJK face spaces Latin letters (setting Latin in STSong-Light gave uneven letter spacing with
poppler's Noto substitute). STSong-Light has no bold: emphasis is size and colour, and a
Chinese report keeps its Latin text at regular weight too. ``lang`` chooses that and line
breaking: Chinese reports break lines between any two characters (ReportLab's CJK rules),
English ones at spaces unless a string contains CJK characters. Characters beyond the BMP
(emoji) print as the geta mark 〓; invisible format characters are dropped.

Photos: the JPEG bytes are embedded as they are (DCTDecode), never decoded or re-encoded, so
ten 2 MB photos render in about a tenth of a second. For that, the first render switches off
ReportLab's ASCII85 stream encoding process-wide (``rl_config.useA85 = 0``; see
:func:`_setup_reportlab`). Output is deterministic (``invariant``): same report, same bytes.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

__all__ = [
    "LABEL_KEYS",
    "InspectionReport",
    "ReportChecklistRow",
    "ReportClassRow",
    "ReportDefectRow",
    "ReportPhoto",
    "render_pdf",
]


# --------------------------------------------------------------------------------------------
# Input model
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportPhoto:
    caption: str
    data: bytes  # a JPEG (display copy, long edge <= 2048 px)
    width: int
    height: int


@dataclass(frozen=True)
class ReportClassRow:
    """One defect class: critical / major / minor."""

    label: str  # e.g. "严重 Critical" or "Major"
    aql: str  # e.g. "0", "2.5", "4.0"
    sample_size: int
    accept: int  # Ac
    reject: int  # Re
    found: int
    result_label: str  # translated, e.g. "合格" / "Accepted"
    accepted: bool


@dataclass(frozen=True)
class ReportDefectRow:
    type_label: str
    class_label: str
    count: int
    note: str


@dataclass(frozen=True)
class ReportChecklistRow:
    label: str
    result_label: str  # translated pass / fail / n.a.
    passed: bool | None  # None = not applicable
    comment: str


@dataclass(frozen=True)
class InspectionReport:
    lang: str  # "zh_Hans" or "en" (affects only font choice / line breaking)
    title: str
    report_number: str
    labels: Mapping[str, str]  # translated headings and column names, keys in LABEL_KEYS
    header: Sequence[tuple[str, str]]  # (label, value) facts: customer, PO, style, ...
    standard: str
    classes: Sequence[ReportClassRow]
    verdict_label: str
    accepted: bool
    defects: Sequence[ReportDefectRow]
    checklist: Sequence[ReportChecklistRow]
    photos: Sequence[ReportPhoto]
    notes: str
    generated_at: str  # already formatted date-time string
    verdict_note: str = ""  # e.g. "Pending supervisor approval", shown under the verdict


LABEL_KEYS = (
    "summary",
    "verdict",
    "standard",
    "results",
    "class",
    "aql",
    "sample_size",
    "accept",
    "reject",
    "found",
    "result",
    "defects",
    "defect_type",
    "count",
    "note",
    "checklist",
    "item",
    "comment",
    "photos",
    "notes",
    "page",
    "of",
    "generated",
    "no_defects",
)

BRAND = "Gendan 跟单"

# --------------------------------------------------------------------------------------------
# Page geometry and colours
# --------------------------------------------------------------------------------------------

PAGE_W, PAGE_H = A4
MARGIN_X = 15 * mm
BAND_H = 20 * mm
TOP_MARGIN = BAND_H + 7 * mm
BOTTOM_MARGIN = 20 * mm
CONTENT_W = PAGE_W - 2 * MARGIN_X  # 180 mm
PHOTO_COL_W = CONTENT_W / 2
PHOTO_BOX_W = 85 * mm
PHOTO_BOX_H = 68 * mm  # three rows of photos per page
BADGE_W = 56 * mm
HEADING_H = 9 * mm
LEAD_MAX = 120 * mm
VERDICT_MAX_CHARS = 80
CAPTION_MAX_CHARS = 200
CHIP_MAX_CHARS = 40
CHIPS_MAX_ROWS = 5  # the per-class lines in the summary box; the results table has them all

NAVY = colors.HexColor("#1F3A5F")
NAVY_LIGHT = colors.HexColor("#C9D6E8")
INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#5F6B7A")
RULE = colors.HexColor("#C9D1DB")
PANEL = colors.HexColor("#F3F5F8")
HEAD_BG = colors.HexColor("#E4EAF2")
GREEN = colors.HexColor("#1E7B34")
GREEN_BG = colors.HexColor("#E3F3E7")
RED = colors.HexColor("#C62828")
RED_BG = colors.HexColor("#FBE7E6")
AMBER = colors.HexColor("#9A5B00")

# --------------------------------------------------------------------------------------------
# Fonts and text
# --------------------------------------------------------------------------------------------

CJK_FONT = "STSong-Light"

# Characters Helvetica can show (ReportLab sets the standard fonts in WinAnsiEncoding).
_WINANSI = frozenset(bytes(range(32, 256)).decode("cp1252", errors="ignore")) | {"\n"}
# C0/C1 control characters other than tab and newline break Paragraph markup, and invisible
# format characters (zero-width space, joiners, direction marks, BOM, soft hyphen) would show
# as boxes: drop them all.
_DROP = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)
# STSong-Light is addressed in UCS-2: a character beyond the BMP (emoji, CJK extension B) would
# come out as two wrong glyphs. It becomes the geta mark, CJK typesetting's missing-glyph sign.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
MISSING_GLYPH = "\u3013"  # 〓


@dataclass(frozen=True)
class _Fonts:
    regular: str
    bold: str


# Chinese has no bold here, so a Chinese report keeps Latin at regular weight too (a bold "AQL"
# next to a regular "样本量" looks like an error); an English report uses bold for emphasis.
_ZH_FONTS = _Fonts("Helvetica", "Helvetica")
_EN_FONTS = _Fonts("Helvetica", "Helvetica-Bold")


def _setup_reportlab() -> None:
    """Register the CJK font and switch off ASCII85 stream encoding (both process-wide).

    Without ReportLab's optional C accelerator, ASCII85 runs in pure Python at about 1.5 MB/s
    and makes every photo a quarter bigger: ten 2048 px photos took seconds. Binary streams are
    what PDF writers emit today; the setting changes no other output of ReportLab.
    """
    rl_config.useA85 = 0
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))


def _clean(text: object) -> str:
    """The caller's text as a str without carriage returns, tabs or control characters."""
    s = "" if text is None else str(text)
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    s = s.replace("\u2028", "\n").replace("\u2029", "\n\n")
    return _ASTRAL.sub(MISSING_GLYPH, _DROP.sub("", s))


def _clip(text: str, limit: int) -> str:
    """At most limit characters, with an ellipsis if cut: for text that cannot break a page."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _has_cjk(text: str) -> bool:
    return any(ch not in _WINANSI for ch in text)


def _runs(text: str, fonts: _Fonts, bold: bool = False) -> list[tuple[str, str]]:
    """Split text into (font name, run) pieces so that every character has a glyph."""
    latin = fonts.bold if bold else fonts.regular
    if not text:
        return [(latin, text)]
    return [
        (latin if is_latin else CJK_FONT, "".join(chars))
        for is_latin, chars in itertools.groupby(text, key=_WINANSI.__contains__)
    ]


def _markup(text: str, fonts: _Fonts, bold: bool = False) -> str:
    """Paragraph markup for plain text: escaped, line breaks kept, CJK runs in the CJK font."""
    parts = []
    for font, run in _runs(text, fonts, bold):
        esc = escape(run).replace("\n", "<br/>")
        if font == CJK_FONT:
            esc = f'<font face="{CJK_FONT}">{esc}</font>'
        parts.append(esc)
    return "".join(parts)


def _string_width(runs: list[tuple[str, str]], size: float) -> float:
    return sum(pdfmetrics.stringWidth(run, font, size) for font, run in runs)


def _fit_runs(
    text: str, fonts: _Fonts, size: float, max_w: float, bold: bool = False
) -> list[tuple[str, str]]:
    """Runs for a one-line canvas string, shortened with an ellipsis to fit max_w."""
    text = " ".join(_clean(text).split())
    # No glyph is narrower than 0.18 em: longer text cannot fit, cut it before measuring.
    text = text[: int(max_w / (size * 0.18)) + 1]
    runs = _runs(text, fonts, bold)
    if _string_width(runs, size) <= max_w:
        return runs
    while text:
        text = text[:-1]
        runs = _runs(text.rstrip() + "…", fonts, bold)
        if _string_width(runs, size) <= max_w:
            return runs
    return []


def _draw_runs(
    canv: Canvas,
    x: float,
    y: float,
    runs: list[tuple[str, str]],
    size: float,
    align: str = "left",
) -> None:
    width = _string_width(runs, size)
    if align == "right":
        x -= width
    elif align == "center":
        x -= width / 2
    for font, run in runs:
        canv.setFont(font, size)
        canv.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, font, size)


# --------------------------------------------------------------------------------------------
# Flowables
# --------------------------------------------------------------------------------------------


class _JpegReader(ImageReader):
    """An ImageReader that does not decode a JPEG just to name it.

    Canvas.drawImage() calls getRGBData() only to digest the image into its PDF name, which for
    a 2048 px photo means decoding (and keeping) 9 MB of pixels, while the JPEG itself goes into
    the PDF untouched through jpeg_fh(). For a JPEG the compressed bytes name it just as well.
    """

    def getRGBData(self) -> bytes:
        fp = self.jpeg_fh()
        if fp is None:  # not a JPEG: ReportLab re-encodes the pixels, it needs them
            return super().getRGBData()
        self._dataA = None  # no alpha channel (drawImage reads it after getRGBData)
        return fp.getvalue()


class _Photo(Flowable):
    """A photo scaled to fit a box, keeping its aspect ratio, with a hairline frame.

    The JPEG bytes go into the PDF as they are (no re-encoding); the size is read from the
    image itself. Unreadable data gives a grey placeholder (of the size the caller stated, if
    any) instead of an exception.
    """

    def __init__(self, photo: ReportPhoto, box_w: float, box_h: float) -> None:
        super().__init__()
        self._reader: ImageReader | None
        try:
            self._reader = _JpegReader(BytesIO(photo.data))
            iw, ih = self._reader.getSize()
            if iw <= 0 or ih <= 0:
                raise ValueError("empty image")
        except Exception:
            self._reader = None
            ok = photo.width > 0 and photo.height > 0
            iw, ih = (photo.width, photo.height) if ok else (4, 3)
        scale = min(box_w / iw, box_h / ih)
        self.width = iw * scale
        self.height = ih * scale
        self.hAlign = "CENTER"

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        if self._reader is not None:
            canv.drawImage(self._reader, 0, 0, self.width, self.height)
        else:
            canv.setFillColor(PANEL)
            canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
            canv.setStrokeColor(RULE)
            canv.line(0, 0, self.width, self.height)
            canv.line(0, self.height, self.width, 0)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)


class _SectionHeading(Flowable):
    """Section title: a short navy bar, the title, and a rule to the right edge."""

    def __init__(self, number: int, text: str, fonts: _Fonts) -> None:
        super().__init__()
        self._number = number
        self._text = text
        self._fonts = fonts
        self.height = HEADING_H
        self.width = CONTENT_W

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        base = 2.2 * mm
        canv.setFillColor(NAVY)
        canv.rect(0, base - 1, 1.2 * mm, 5 * mm, stroke=0, fill=1)
        num = f"{self._number}"
        num_runs = [(self._fonts.bold, num)]
        _draw_runs(canv, 3 * mm, base, num_runs, 12)
        x = 3 * mm + _string_width(num_runs, 12) + 2.5 * mm
        runs = _fit_runs(self._text, self._fonts, 12, self.width - x - 20 * mm, bold=True)
        _draw_runs(canv, x, base, runs, 12)
        end = x + _string_width(runs, 12) + 3 * mm
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(end, base + 1.3 * mm, self.width, base + 1.3 * mm)


# --------------------------------------------------------------------------------------------
# The document
# --------------------------------------------------------------------------------------------


def _first_height(body: Sequence[Flowable]) -> float:
    """Height of what must follow a section heading on the same page."""
    if not body:
        return 0.0
    first = body[0]
    lead = getattr(first, "_gendan_lead", None)
    if lead is not None:
        return lead
    if isinstance(first, Paragraph):
        _, height = first.wrap(CONTENT_W, PAGE_H)
        return min(height, 3 * first.style.leading)
    _, height = first.wrap(CONTENT_W, PAGE_H)
    return height


def _is_chinese(lang: str) -> bool:
    return (lang or "").lower().replace("-", "_").startswith("zh")


class _Builder:
    def __init__(self, report: InspectionReport) -> None:
        self.r = report
        self.zh = _is_chinese(report.lang)
        self.fonts = _ZH_FONTS if self.zh else _EN_FONTS
        self.labels = {key: _clean(report.labels[key]) for key in LABEL_KEYS}
        self._styles: dict[tuple[str, bool], ParagraphStyle] = {}
        f = self.fonts
        self.st = {
            "body": ParagraphStyle("body", fontName=f.regular, fontSize=9.5, leading=14.5),
            "cell": ParagraphStyle("cell", fontName=f.regular, fontSize=9, leading=12),
            "cell_c": ParagraphStyle(
                "cell_c", fontName=f.regular, fontSize=9, leading=12, alignment=TA_CENTER
            ),
            "th": ParagraphStyle("th", fontName=f.bold, fontSize=8.5, leading=11, textColor=NAVY),
            "th_c": ParagraphStyle(
                "th_c",
                fontName=f.bold,
                fontSize=8.5,
                leading=11,
                textColor=NAVY,
                alignment=TA_CENTER,
            ),
            "fact_label": ParagraphStyle(
                "fact_label", fontName=f.regular, fontSize=8.5, leading=11.5, textColor=MUTED
            ),
            "fact_value": ParagraphStyle(
                "fact_value", fontName=f.regular, fontSize=9.5, leading=12.5, textColor=INK
            ),
            "caption": ParagraphStyle(
                "caption", fontName=f.regular, fontSize=8.5, leading=11, textColor=MUTED
            ),
            "badge": ParagraphStyle(
                "badge",
                fontName=f.regular,
                fontSize=22,
                leading=26,
                textColor=colors.white,
                alignment=TA_CENTER,
            ),
            "badge_small": ParagraphStyle(
                "badge_small",
                fontName=f.regular,
                fontSize=14,
                leading=17,
                textColor=colors.white,
                alignment=TA_CENTER,
            ),
            "note": ParagraphStyle(
                "note", fontName=f.regular, fontSize=9, leading=12, textColor=AMBER
            ),
            "photo_caption": ParagraphStyle(
                "photo_caption",
                fontName=f.regular,
                fontSize=8.5,
                leading=11,
                textColor=INK,
                alignment=TA_CENTER,
            ),
            "empty": ParagraphStyle(
                "empty", fontName=f.regular, fontSize=9.5, leading=13, textColor=MUTED
            ),
        }

    # -- text helpers ------------------------------------------------------------------------

    def p(self, text: object, style: str, color: colors.Color | None = None) -> Paragraph:
        """A Paragraph of plain (unescaped) text; CJK line breaking where the text needs it."""
        text = _clean(text)
        cjk = self.zh or _has_cjk(text)
        key = (style, cjk)
        st = self._styles.get(key)
        if st is None:
            base = self.st[style]
            st = ParagraphStyle(f"{style}_{int(cjk)}", parent=base)
            st.wordWrap = "CJK" if cjk else None
            self._styles[key] = st
        bold = st.fontName != self.fonts.regular
        markup = _markup(text, self.fonts, bold)
        if color is not None:
            markup = f'<font color="{color.hexval()}">{markup}</font>'
        return Paragraph(markup, st)

    # -- sections ----------------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        out: list[Flowable] = []
        sections = [
            (self.labels["summary"], self.summary()),
            (self.labels["results"], self.results()),
            (self.labels["defects"], self.defects()),
        ]
        if self.r.checklist:
            sections.append((self.labels["checklist"], self.checklist()))
        if self.r.photos:
            sections.append((self.labels["photos"], self.photos()))
        if _clean(self.r.notes).strip():
            sections.append((self.labels["notes"], self.notes()))
        for number, (title, body) in enumerate(sections, 1):
            if number > 1:
                out.append(Spacer(1, 5 * mm))
            # A heading never ends a page: it needs room for itself and the start of its
            # section (a table's head and first row, the first row of photos, a few lines).
            lead = min(_first_height(body), LEAD_MAX)
            out.append(CondPageBreak(HEADING_H + 2 * mm + lead))
            out.append(_SectionHeading(number, title, self.fonts))
            out.append(Spacer(1, 2 * mm))
            out.extend(body)
        return out

    def summary(self) -> list[Flowable]:
        r = self.r
        colour, tint = (GREEN, GREEN_BG) if r.accepted else (RED, RED_BG)
        # The badge cannot break across pages: cap the label, and set a long one smaller.
        verdict = _clip(" ".join(_clean(r.verdict_label).split()), VERDICT_MAX_CHARS)
        one_line = _string_width(_runs(verdict, self.fonts), 22) <= BADGE_W - 12
        badge = Table(
            [[self.p(verdict, "badge" if one_line else "badge_small")]],
            colWidths=[BADGE_W],
            style=TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), colour),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 7),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
                ]
            ),
            cornerRadii=[4, 4, 4, 4],
        )
        left: list[Flowable] = [self.p(self.labels["verdict"], "caption"), Spacer(1, 1.5 * mm)]
        left.append(badge)
        if _clean(r.verdict_note).strip():
            left += [Spacer(1, 2 * mm), self.p(r.verdict_note, "note")]
        right: list[Flowable] = []
        if _clean(r.standard).strip():
            right += [
                self.p(self.labels["standard"], "caption"),
                Spacer(1, 1.5 * mm),
                self.p(r.standard, "fact_value"),
                Spacer(1, 3 * mm),
            ]
        if 0 < len(r.classes) <= CHIPS_MAX_ROWS:
            right.append(self._class_chips())
        top = Table(
            [[left, right]],
            colWidths=[64 * mm, CONTENT_W - 64 * mm],
            style=TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), PANEL),
                    ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                    ("LINEBEFORE", (1, 0), (1, -1), 0.6, RULE),
                    ("LINEBEFORE", (0, 0), (0, -1), 3, colour),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
                    ("TOPPADDING", (0, 0), (-1, -1), 3.5 * mm),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * mm),
                    ("BACKGROUND", (0, 0), (0, -1), tint),
                ]
            ),
            splitInRow=1,
        )
        out: list[Flowable] = [top]
        facts = [(_clean(k), _clean(v)) for k, v in r.header]
        if facts:
            out += [Spacer(1, 3 * mm), self._facts(facts)]
        return out

    def _class_chips(self) -> Table:
        """One line per class: label, found, Ac / Re, result in its colour.

        A table inside a table cell cannot break across pages: labels are capped here (the
        results table shows them in full).
        """
        lab = self.labels
        rows = []
        for c in self.r.classes:
            colour = GREEN if c.accepted else RED
            rows.append(
                [
                    self.p(_clip(_clean(c.label), CHIP_MAX_CHARS), "cell"),
                    self.p(f"{lab['found']} {c.found}", "cell", None if c.accepted else RED),
                    self.p(f"{lab['accept']} {c.accept} / {lab['reject']} {c.reject}", "cell"),
                    self.p(_clip(_clean(c.result_label), CHIP_MAX_CHARS), "cell", colour),
                ]
            )
        widths = [38 * mm, 24 * mm, 28 * mm]
        widths.append(CONTENT_W - 64 * mm - 8 * mm - sum(widths))
        return Table(
            rows,
            colWidths=widths,
            style=TableStyle(
                [
                    ("LINEABOVE", (0, 0), (-1, -1), 0.4, RULE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            ),
            hAlign="LEFT",
        )

    def _facts(self, facts: list[tuple[str, str]]) -> Table:
        rows = []
        for i in range(0, len(facts), 2):
            pair = facts[i : i + 2]
            row: list[object] = []
            for label, value in pair:
                row += [self.p(label, "fact_label"), self.p(value, "fact_value")]
            if len(pair) == 1:
                row += ["", ""]
            rows.append(row)
        label_w = 28 * mm
        value_w = CONTENT_W / 2 - label_w
        full_rows = len(facts) // 2  # rows with two pairs; an odd last pair spans the row
        style = [
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("BACKGROUND", (0, 0), (0, -1), PANEL),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
        if full_rows:
            style.append(("BACKGROUND", (2, 0), (2, full_rows - 1), PANEL))
        if len(facts) % 2:
            style.append(("SPAN", (1, len(rows) - 1), (3, len(rows) - 1)))
        return Table(
            rows,
            colWidths=[label_w, value_w, label_w, value_w],
            style=TableStyle(style),
            splitInRow=1,
        )

    def _grid_style(self, numeric_cols: Sequence[int] = ()) -> list[tuple]:
        style: list[tuple] = [
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, NAVY),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
            ("BOX", (0, 0), (-1, -1), 0.6, RULE),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
        ]
        for col in numeric_cols:
            style.append(("ALIGN", (col, 0), (col, -1), "CENTER"))
        return style

    def _table(self, rows: list[list], widths: Sequence[float], style: list[tuple]) -> Table:
        table = Table(
            rows,
            colWidths=list(widths),
            style=TableStyle(style),
            repeatRows=1,
            splitInRow=1,
        )
        # The head row and the first data row: what a section heading keeps with it.
        probe = Table(rows[:2], colWidths=list(widths), style=TableStyle(style))
        table._gendan_lead = probe.wrap(CONTENT_W, PAGE_H)[1]
        return table

    def results(self) -> list[Flowable]:
        lab = self.labels
        head = [
            self.p(lab["class"], "th"),
            *(
                self.p(lab[k], "th_c")
                for k in ("aql", "sample_size", "accept", "reject", "found", "result")
            ),
        ]
        rows: list[list] = [head]
        style = self._grid_style()
        for i, c in enumerate(self.r.classes, 1):
            colour, tint = (GREEN, GREEN_BG) if c.accepted else (RED, RED_BG)
            rows.append(
                [
                    self.p(c.label, "cell"),
                    self.p(c.aql, "cell_c"),
                    self.p(c.sample_size, "cell_c"),
                    self.p(c.accept, "cell_c"),
                    self.p(c.reject, "cell_c"),
                    self.p(c.found, "cell_c", None if c.accepted else RED),
                    self.p(c.result_label, "cell_c", colour),
                ]
            )
            style.append(("BACKGROUND", (6, i), (6, i), tint))
        widths = [46 * mm, 18 * mm, 24 * mm, 16 * mm, 16 * mm, 20 * mm]
        widths.append(CONTENT_W - sum(widths))
        return [self._table(rows, widths, style)]

    def defects(self) -> list[Flowable]:
        lab = self.labels
        if not self.r.defects:
            box = Table(
                [[self.p(lab["no_defects"], "empty")]],
                colWidths=[CONTENT_W],
                style=TableStyle(
                    [
                        ("BACKGROUND", (0, 0), (-1, -1), PANEL),
                        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                        ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
                        ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5 * mm),
                    ]
                ),
                splitInRow=1,
            )
            return [box]
        rows: list[list] = [
            [
                self.p(lab["defect_type"], "th"),
                self.p(lab["class"], "th"),
                self.p(lab["count"], "th_c"),
                self.p(lab["note"], "th"),
            ]
        ]
        for d in self.r.defects:
            rows.append(
                [
                    self.p(d.type_label, "cell"),
                    self.p(d.class_label, "cell"),
                    self.p(d.count, "cell_c"),
                    self.p(d.note, "cell"),
                ]
            )
        widths = [56 * mm, 34 * mm, 18 * mm]
        widths.append(CONTENT_W - sum(widths))
        style = self._grid_style()
        style.append(("VALIGN", (0, 1), (-1, -1), "TOP"))
        return [self._table(rows, widths, style)]

    def checklist(self) -> list[Flowable]:
        lab = self.labels
        rows: list[list] = [
            [self.p(lab["item"], "th"), self.p(lab["result"], "th_c"), self.p(lab["comment"], "th")]
        ]
        style = self._grid_style()
        style.append(("VALIGN", (0, 1), (-1, -1), "TOP"))
        for i, c in enumerate(self.r.checklist, 1):
            if c.passed is None:
                colour, tint = MUTED, PANEL
            elif c.passed:
                colour, tint = GREEN, GREEN_BG
            else:
                colour, tint = RED, RED_BG
            rows.append(
                [
                    self.p(c.label, "cell"),
                    self.p(c.result_label, "cell_c", colour),
                    self.p(c.comment, "cell"),
                ]
            )
            style.append(("BACKGROUND", (1, i), (1, i), tint))
        widths = [78 * mm, 30 * mm]
        widths.append(CONTENT_W - sum(widths))
        return [self._table(rows, widths, style)]

    def photos(self) -> list[Flowable]:
        cells = []
        for number, photo in enumerate(self.r.photos, 1):
            # A photo row cannot break across pages: cap the caption.
            caption = _clip(_clean(photo.caption).strip(), CAPTION_MAX_CHARS)
            text = f"{number}. {caption}" if caption else f"{number}."
            cells.append(
                [
                    _Photo(photo, PHOTO_BOX_W, PHOTO_BOX_H),
                    Spacer(1, 1.5 * mm),
                    self.p(text, "photo_caption"),
                ]
            )
        if len(cells) % 2:
            cells.append("")
        style = TableStyle(
            [
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2.5 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
            ]
        )
        # One unsplittable table per pair, so each photo stays on a page with its caption.
        return [
            Table([cells[i : i + 2]], colWidths=[PHOTO_COL_W, PHOTO_COL_W], style=style)
            for i in range(0, len(cells), 2)
        ]

    def notes(self) -> list[Flowable]:
        text = _clean(self.r.notes).strip()
        blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
        out: list[Flowable] = []
        for block in blocks:
            out += [self.p(block, "body"), Spacer(1, 2.5 * mm)]
        return out

    # -- page decoration ---------------------------------------------------------------------

    def decorate(self, canv: Canvas, page: int, total: int) -> None:
        """Header band and footer, drawn once the page total is known."""
        f = self.fonts
        canv.saveState()
        canv.setFillColor(NAVY)
        canv.rect(0, PAGE_H - BAND_H, PAGE_W, BAND_H, stroke=0, fill=1)
        canv.setFillColor(colors.HexColor("#3C8DDE"))
        canv.rect(0, PAGE_H - BAND_H - 1.2 * mm, PAGE_W, 1.2 * mm, stroke=0, fill=1)

        canv.setFillColor(colors.white)
        brand = _runs(BRAND, _EN_FONTS, bold=True)
        _draw_runs(canv, MARGIN_X, PAGE_H - BAND_H / 2 - 2.2 * mm, brand, 17)
        brand_w = _string_width(brand, 17)

        right = PAGE_W - MARGIN_X
        title_w = CONTENT_W - brand_w - 12 * mm
        title = _fit_runs(self.r.title, f, 13, title_w, bold=True)
        _draw_runs(canv, right, PAGE_H - 9 * mm, title, 13, align="right")
        canv.setFillColor(NAVY_LIGHT)
        number = _fit_runs(self.r.report_number, f, 9, title_w)
        _draw_runs(canv, right, PAGE_H - 14.8 * mm, number, 9, align="right")

        y = 11 * mm
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(MARGIN_X, y + 4 * mm, PAGE_W - MARGIN_X, y + 4 * mm)
        canv.setFillColor(MUTED)
        lab = self.labels
        page_text = f"{lab['page']} {page} {lab['of']} {total}".strip()
        page_runs = _runs(page_text, f)
        _draw_runs(canv, PAGE_W - MARGIN_X, y, page_runs, 8, align="right")
        third = CONTENT_W / 3 - 4 * mm
        gen = _fit_runs(f"{lab['generated']} {_clean(self.r.generated_at)}", f, 8, third)
        _draw_runs(canv, MARGIN_X, y, gen, 8)
        center = _fit_runs(f"Gendan  |  {_clean(self.r.report_number)}", f, 8, third)
        _draw_runs(canv, PAGE_W / 2, y, center, 8, align="center")
        canv.restoreState()


def _canvas_class(builder: _Builder) -> type[Canvas]:
    """A canvas that holds every page back until save(), so each footer can say "of Y"."""

    class _ReportCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                builder.decorate(self, number, total)
                super().showPage()
            super().save()

    return _ReportCanvas


def render_pdf(report: InspectionReport) -> bytes:
    """Render the report as PDF bytes (A4). Raises ValueError if a label key is missing."""
    missing = [key for key in LABEL_KEYS if key not in report.labels]
    if missing:
        raise ValueError(f"report labels missing: {', '.join(missing)}")
    _setup_reportlab()
    builder = _Builder(report)
    buf = BytesIO()
    frame = Frame(
        MARGIN_X,
        BOTTOM_MARGIN,
        CONTENT_W,
        PAGE_H - TOP_MARGIN - BOTTOM_MARGIN,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        pageTemplates=[PageTemplate(id="page", frames=[frame])],
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=_clean(f"{report.title} {report.report_number}").strip(),
        author="Gendan",
        creator="Gendan",
        subject=_clean(report.report_number),
        lang="zh-CN" if builder.zh else "en",
        invariant=True,
    )
    doc.build(builder.story(), canvasmaker=_canvas_class(builder))
    return buf.getvalue()
