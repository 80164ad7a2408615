"""Read and check an Excel (.xlsx) sheet of orders, row by row, before anything is saved.

Pure: openpyxl and the standard library only, no Flask and no database. The web layer passes
the lookups (customers, factories, followers, product types), shows the report and imports
only the valid rows after the user has confirmed.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO
from xml.etree.ElementTree import ParseError

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

__all__ = [
    "COLUMNS",
    "REQUIRED",
    "ImportFileError",
    "ImportReport",
    "Lookups",
    "ParsedRow",
    "RowError",
    "header_key",
    "parse_date",
    "parse_quantity",
    "read_orders",
    "template_workbook",
]

# --- Public types ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Lookups:
    """What a cell may refer to; keys are matched trimmed and case-insensitively."""

    customers: Mapping[str, int]  # customer code or name -> id
    factories: Mapping[str, int]  # factory code or name -> id
    followers: Mapping[str, int]  # username or full name -> user id
    product_types: frozenset[str]  # allowed product type codes (lower-case)


@dataclass(frozen=True)
class RowError:
    """One problem in one cell (column "" = the whole row)."""

    column: str
    code: str
    value: str


@dataclass(frozen=True)
class ParsedRow:
    """One data row of the sheet: the order fields when valid, else the errors."""

    row_number: int
    data: dict[str, object] | None
    errors: tuple[RowError, ...]
    values: Mapping[str, str] = field(default_factory=dict)  # cell text by column key

    @property
    def ok(self) -> bool:
        """True when the row can be imported."""
        return self.data is not None and not self.errors


@dataclass(frozen=True)
class ImportReport:
    """The checked sheet: every non-empty data row and the required columns not found."""

    rows: tuple[ParsedRow, ...]
    missing_columns: tuple[str, ...]

    @property
    def valid(self) -> list[ParsedRow]:
        """The rows that can be imported (none when a required column is missing)."""
        if self.missing_columns:
            return []
        return [row for row in self.rows if row.ok]

    @property
    def invalid(self) -> list[ParsedRow]:
        """The rows that will not be imported."""
        if self.missing_columns:
            return list(self.rows)
        return [row for row in self.rows if not row.ok]


class ImportFileError(ValueError):
    """The whole file is unusable; `code` is "not_xlsx", "empty" or "too_many_rows"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# --- Columns --------------------------------------------------------------------------------

# Canonical key -> the header names recognised (already normalised: lower-case, single spaces).
COLUMNS: dict[str, tuple[str, ...]] = {
    "customer": ("customer", "customer code", "客户", "客户代码"),
    "po_number": ("po", "po number", "po no", "customer po", "客户订单号", "订单号"),
    "style": ("style", "style no", "款号"),
    "product_name": ("product", "product name", "品名", "产品名称"),
    "spec": ("spec", "model", "spec/model", "规格型号", "规格"),
    "product_type": ("product type", "type", "产品类型"),
    "quantity": ("quantity", "qty", "数量"),
    "unit": ("unit", "单位"),
    "due_date": ("due date", "delivery date", "交期", "交货日期"),
    "priority": ("priority", "优先级"),
    "factory": ("factory", "工厂"),
    "follower": ("follower", "跟单员"),
    "packaging": ("packaging", "包装要求", "包装"),
    "notes": ("notes", "remarks", "备注"),
}
REQUIRED: tuple[str, ...] = (
    "customer",
    "po_number",
    "style",
    "product_name",
    "quantity",
    "due_date",
    "factory",
)
MAX_LENGTHS: dict[str, int] = {
    "po_number": 40,
    "style": 60,
    "product_name": 200,
    "spec": 200,
    "packaging": 2000,
    "notes": 4000,
}
UNITS: dict[str, str] = {
    **{u: u for u in ("pcs", "sets", "pairs", "dozen", "ctns", "m", "kg")},
    "件": "pcs",
    "个": "pcs",
    "套": "sets",
    "双": "pairs",
    "打": "dozen",
    "箱": "ctns",
    "米": "m",
    "千克": "kg",
    "公斤": "kg",
}
PRIORITIES: dict[str, str] = {
    "normal": "normal",
    "普通": "normal",
    "rush": "rush",
    "urgent": "rush",
    "特急": "rush",
    "急": "rush",
}
MAX_QUANTITY = 2**31 - 1  # the database column is a 32-bit integer

_HEADER_ALIASES: dict[str, str] = {name: key for key, names in COLUMNS.items() for name in names}
_PARENTHESES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】")
_HEADER_PUNCTUATION = re.compile(r"[*.:#_]")
_SPACES = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_INTEGER_TEXT = re.compile(r"[+-]?\d+(?:\.\d+)?")
_DATE_YMD = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})")
_DATE_DMY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DATE_CN = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?")
_DATE_TIME_SUFFIX = re.compile(r"(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")


def header_key(name: object) -> str | None:
    """The canonical column key a header cell names, or None when it is not a known column."""
    if name is None:
        return None
    text = _nfkc(_as_text(name)).casefold()
    text = _PARENTHESES.sub(" ", text)
    text = _HEADER_PUNCTUATION.sub(lambda m: " " if m.group() == "_" else "", text)
    text = _SPACES.sub(" ", text).strip()
    if not text:
        return None
    candidates = [text]
    # Bilingual headers such as "客户代码 Customer code" or "数量\nQty": try each language.
    candidates += [_SPACES.sub(" ", part).strip() for part in _CJK.split(text)]
    candidates += _CJK.findall(text)
    for candidate in candidates:
        if candidate in _HEADER_ALIASES:
            return _HEADER_ALIASES[candidate]
    return None


# --- Reading --------------------------------------------------------------------------------


def read_orders(data: bytes, lookups: Lookups, *, max_rows: int = 2000) -> ImportReport:
    """Parse and check an .xlsx of orders; raise ImportFileError when the file is unusable."""
    columns, raw_rows = _read_sheet(data, max_rows)
    missing = tuple(key for key in REQUIRED if key not in columns)
    resolver = _Resolver(lookups)
    seen: set[tuple[object, str, str]] = set()
    rows = []
    for row_number, cells in raw_rows:
        values = {key: cells[i] if i < len(cells) else None for key, i in columns.items()}
        rows.append(_parse_row(row_number, values, resolver, seen))
    return ImportReport(rows=tuple(rows), missing_columns=missing)


# What openpyxl, zipfile and the XML parser raise on a file that is not a readable .xlsx.
_UNREADABLE = (
    zipfile.BadZipFile,
    InvalidFileException,
    KeyError,
    ValueError,
    TypeError,
    AttributeError,
    IndexError,
    OSError,
    EOFError,
    ParseError,
)


def _read_sheet(data: bytes, max_rows: int) -> tuple[dict[str, int], list[tuple[int, tuple]]]:
    """The column index of each recognised header and the non-empty data rows with their numbers."""
    if not isinstance(data, bytes | bytearray | memoryview) or bytes(data[:2]) != b"PK":
        raise ImportFileError("not_xlsx")  # not a zip archive: CSV text, an old .xls, ...
    try:
        workbook = openpyxl.load_workbook(BytesIO(bytes(data)), read_only=True, data_only=True)
    except _UNREADABLE as exc:
        raise ImportFileError("not_xlsx") from exc
    columns: dict[str, int] | None = None
    rows: list[tuple[int, tuple]] = []
    try:
        sheet = workbook.active
        if not hasattr(sheet, "iter_rows"):  # a chart sheet is active: take the first worksheet
            sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise ImportFileError("empty")
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # some writers store a wrong <dimension>: read every row
        for row_number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if columns is None:
                if not _is_empty(cells):
                    columns = _header_columns(cells)
                continue
            if all(_is_blank(cells[i]) for i in columns.values() if i < len(cells)):
                continue  # blank in every recognised column: skipped silently
            rows.append((row_number, tuple(cells)))
            if len(rows) > max_rows:
                raise ImportFileError("too_many_rows")
    except ImportFileError:
        raise
    except _UNREADABLE as exc:  # read-only mode parses the sheet lazily, while iterating
        raise ImportFileError("not_xlsx") from exc
    finally:
        workbook.close()
    if columns is None:
        raise ImportFileError("empty")
    return columns, rows


def _header_columns(header: Iterable[object]) -> dict[str, int]:
    """Canonical key -> column index; the first column wins when two name the same key."""
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = header_key(name)
        if key is not None and key not in columns:
            columns[key] = index
    return columns


def _parse_row(
    row_number: int,
    cells: Mapping[str, object],
    resolver: _Resolver,
    seen: set[tuple[object, str, str]],
) -> ParsedRow:
    errors: list[RowError] = []
    texts = {key: _as_text(cells.get(key)) for key in COLUMNS}
    # Identifiers: full-width letters and digits typed with a Chinese IME mean the same PO.
    texts["po_number"] = _nfkc(texts["po_number"])
    texts["style"] = _nfkc(texts["style"])

    def fail(column: str, code: str) -> None:
        errors.append(RowError(column, code, texts[column]))

    for key in REQUIRED:
        if not texts[key]:
            fail(key, "required")
    for key, limit in MAX_LENGTHS.items():
        if len(texts[key]) > limit:
            fail(key, "too_long")

    customer_id = factory_id = follower_id = None
    if texts["customer"]:
        customer_id = resolver.customer(texts["customer"])
        if customer_id is None:
            fail("customer", "unknown_customer")
    if texts["factory"]:
        factory_id = resolver.factory(texts["factory"])
        if factory_id is None:
            fail("factory", "unknown_factory")
    if texts["follower"]:
        follower_id = resolver.follower(texts["follower"])
        if follower_id is None:
            fail("follower", "unknown_follower")

    product_type = _fold(texts["product_type"])
    if product_type and product_type not in resolver.product_types:
        fail("product_type", "unknown_product_type")

    quantity = None
    if texts["quantity"]:
        quantity, code = parse_quantity(cells.get("quantity"))
        if code:
            fail("quantity", code)

    due_date = None
    if texts["due_date"]:
        due_date = parse_date(cells.get("due_date"))
        if due_date is None:
            fail("due_date", "bad_date")

    unit = UNITS.get(_nfkc(texts["unit"]).casefold(), "") if texts["unit"] else "pcs"
    if not unit:
        fail("unit", "bad_unit")
    priority = PRIORITIES.get(_nfkc(texts["priority"]).casefold(), "")
    if not texts["priority"]:
        priority = "normal"
    elif not priority:
        fail("priority", "bad_priority")

    po_number, style = texts["po_number"], texts["style"]
    if texts["customer"] and po_number and style:
        customer_key: object = customer_id if customer_id is not None else _fold(texts["customer"])
        key = (customer_key, po_number.casefold(), style.casefold())
        if key in seen:
            errors.append(
                RowError("", "duplicate_in_file", f"{texts['customer']} / {po_number} / {style}")
            )
        seen.add(key)

    if errors:
        return ParsedRow(row_number, None, tuple(errors), texts)
    data: dict[str, object] = {
        "customer_id": customer_id,
        "factory_id": factory_id,
        "follower_id": follower_id,
        "po_number": po_number,
        "style": style,
        "product_name": texts["product_name"],
        "spec": texts["spec"],
        "product_type": product_type,
        "quantity": quantity,
        "unit": unit,
        "packaging": texts["packaging"],
        "due_date": due_date,
        "priority": priority,
        "notes": texts["notes"],
    }
    return ParsedRow(row_number, data, (), texts)


class _Resolver:
    """Case-insensitive lookups, built once per file."""

    def __init__(self, lookups: Lookups) -> None:
        self._customers = _index(lookups.customers)
        self._factories = _index(lookups.factories)
        self._followers = _index(lookups.followers)
        self.product_types = frozenset(_fold(t) for t in lookups.product_types)

    def customer(self, text: str) -> int | None:
        return _match(self._customers, text)

    def factory(self, text: str) -> int | None:
        return _match(self._factories, text)

    def follower(self, text: str) -> int | None:
        return _match(self._followers, text)


def _index(mapping: Mapping[str, int]) -> tuple[dict[str, int], dict[str, set[int]]]:
    exact: dict[str, int] = {}
    folded: dict[str, set[int]] = {}
    for name, ident in mapping.items():
        if name is None or not str(name).strip():
            continue
        exact[str(name).strip()] = ident
        folded.setdefault(_fold(str(name)), set()).add(ident)
    return exact, folded


def _match(index: tuple[dict[str, int], dict[str, set[int]]], text: str) -> int | None:
    """Exact key first, then case-insensitive; an ambiguous match counts as unknown."""
    exact, folded = index
    if text in exact:
        return exact[text]
    ids = folded.get(_fold(text), set())
    return next(iter(ids)) if len(ids) == 1 else None


# --- Cell values ----------------------------------------------------------------------------


def parse_quantity(value: object) -> tuple[int | None, str]:
    """A whole quantity > 0 from a cell: (quantity, "") or (None, error code)."""
    number: int | Decimal
    if isinstance(value, bool) or value is None:
        return None, "not_a_number"
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value):
            return None, "not_a_number"
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            return None, "not_a_number"
        number = value
    elif isinstance(value, str):
        text = _SPACES.sub("", _nfkc(value)).replace(",", "").replace("'", "")
        if not _INTEGER_TEXT.fullmatch(text):
            return None, "not_a_number"
        number = Decimal(text)
    else:  # a date or time cell
        return None, "not_a_number"
    if number != int(number):
        return None, "not_a_whole_number"
    if number <= 0:
        return None, "not_positive"
    if number > MAX_QUANTITY:
        return None, "too_large"
    return int(number), ""


def parse_date(value: object) -> date | None:
    """A date from a date cell or from text such as 2026-12-31, 31.12.2026 or 2026年12月31日."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = _DATE_TIME_SUFFIX.sub("", _nfkc(value).strip())
    for pattern, order in ((_DATE_YMD, "ymd"), (_DATE_CN, "ymd"), (_DATE_DMY, "dmy")):
        match = pattern.fullmatch(text)
        if match:
            first, second, third = (int(part) for part in match.groups())
            year, month, day = (first, second, third) if order == "ymd" else (third, second, first)
            try:
                return date(year, month, day)
            except ValueError:
                return None
    return None


def _as_text(value: object) -> str:
    """A cell as trimmed text: 1200.0 -> "1200", a date -> "2026-12-31", empty -> ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value).strip()


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _fold(text: str) -> str:
    return _SPACES.sub(" ", _nfkc(text)).strip().casefold()


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_empty(cells: Iterable[object]) -> bool:
    return all(_is_blank(value) for value in cells)


# --- Template -------------------------------------------------------------------------------

# key, header shown in the template, width, explanation (Chinese), explanation (English)
_TEMPLATE_COLUMNS: tuple[tuple[str, str, int, str, str], ...] = (
    ("customer", "客户代码 (Customer code)*", 20,
     "客户代码或客户名称，须与系统中的客户一致。", "Customer code or name, as set up in Gendan."),
    ("po_number", "客户订单号 (PO number)*", 20,
     "客户的采购订单号，最多 40 个字符。",
     "The customer's purchase order number, at most 40 characters."),
    ("style", "款号 (Style)*", 16,
     "款号，最多 60 个字符。同一客户、订单号和款号在文件中只能出现一次。",
     "Style number, at most 60 characters. Customer + PO + style must be unique in the file."),
    ("product_name", "品名 (Product name)*", 28,
     "产品名称，最多 200 个字符。", "Product name, at most 200 characters."),
    ("spec", "规格型号 (Spec/model)", 24,
     "规格型号，可留空，最多 200 个字符。", "Spec or model, optional, at most 200 characters."),
    ("product_type", "产品类型 (Product type)", 16,
     "产品类型代码，如 garment、furniture；决定生产工序模板。可留空。",
     "Product type code, e.g. garment or furniture; picks the stage template. Optional."),
    ("quantity", "数量 (Quantity)*", 12,
     "整数，大于 0，如 1200。", "A whole number above 0, e.g. 1200."),
    ("unit", "单位 (Unit)", 10,
     "pcs/件、sets/套、pairs/双、dozen/打、ctns/箱、m/米、kg/千克；留空为 pcs。",
     "pcs, sets, pairs, dozen, ctns, m or kg (or the Chinese unit); empty means pcs."),
    ("due_date", "交期 (Due date)*", 14,
     "交货日期，日期格式，或文字 2026-12-31、2026/12/31、31.12.2026、2026年12月31日。",
     "Delivery date: a date cell, or text 2026-12-31, 2026/12/31, 31.12.2026 or 2026年12月31日."),
    ("priority", "优先级 (Priority)", 12,
     "普通 或 特急；留空为普通。", "normal or rush (urgent); empty means normal."),
    ("factory", "工厂 (Factory)*", 18,
     "工厂代码或名称（本厂或外协厂），须与系统一致。",
     "Factory code or name (own plant or subcontractor), as set up in Gendan."),
    ("follower", "跟单员 (Follower)", 16,
     "跟单员的用户名或姓名，可留空以后再分配。",
     "The follower's username or full name; optional, can be assigned later."),
    ("packaging", "包装要求 (Packaging)", 30,
     "包装要求，可留空，最多 2000 个字符。",
     "Packaging requirement, optional, at most 2000 characters."),
    ("notes", "备注 (Notes)", 30,
     "备注，可留空，最多 4000 个字符。", "Notes, optional, at most 4000 characters."),
)  # fmt: skip

TEMPLATE_EXAMPLE: dict[str, object] = {
    "customer": "C001",
    "po_number": "PO-2026-0001",
    "style": "ST-1001",
    "product_name": "男式纯棉衬衫 Men's cotton shirt",
    "spec": "白色 S-XL / white S-XL",
    "product_type": "garment",
    "quantity": 1200,
    "unit": "pcs",
    "due_date": None,  # filled in with a date 60 days ahead
    "priority": "普通",
    "factory": "F01",
    "follower": "zhang.san",
    "packaging": "单件入胶袋，每箱 24 件 / 1 pc per polybag, 24 pcs per carton",
    "notes": "示例行，导入前请删除 / Example row: delete it before importing",
}
TEMPLATE_SHEET = "订单 Orders"
TEMPLATE_NOTES_SHEET = "说明 Notes"


def template_workbook() -> bytes:
    """An .xlsx template: bilingual header row, one example row, and a notes sheet."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = TEMPLATE_SHEET
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    example = {**TEMPLATE_EXAMPLE, "due_date": date.today() + timedelta(days=60)}
    for index, (key, header, width, _zh, _en) in enumerate(_TEMPLATE_COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[letter].width = width
        value = example[key]
        sheet.cell(row=2, column=index, value=value if value != "" else None)
        if key == "due_date":
            sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
            sheet.cell(row=2, column=index).number_format = "yyyy-mm-dd"
        if key in ("unit", "priority"):
            choices = "pcs,sets,pairs,dozen,ctns,m,kg" if key == "unit" else "普通,特急,normal,rush"
            validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
            validation.add(f"{letter}2:{letter}2001")
            sheet.add_data_validation(validation)
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet(TEMPLATE_NOTES_SHEET)
    notes.append(["列 Column", "必填 Required", "说明", "Description"])
    for cell in notes[1]:
        cell.font = header_font
        cell.fill = header_fill
    for key, header, _width, zh, en in _TEMPLATE_COLUMNS:
        required = "是 Yes" if key in REQUIRED else "否 No"
        notes.append([header.rstrip("*"), required, zh, en])
    notes.append([])
    notes.append(["", "", "带 * 的列必须填写；第一行是列名，不要修改。空行会被跳过。",
                  "Columns marked * are required; keep the first row as the column names. "
                  "Empty rows are skipped."])  # fmt: skip
    for letter, width in zip("ABCD", (28, 14, 60, 70), strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    workbook.active = 0
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
