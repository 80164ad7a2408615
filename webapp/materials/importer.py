"""Read and check an Excel (.xlsx) sheet of material POs, row by row, before anything is saved.

Pure like webapp/orders/importer.py (whose cell parsing it reuses): no Flask, no database. The
web layer passes the suppliers and the orders the user may link, shows the report and imports
only the valid rows after the user has confirmed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from io import BytesIO

import openpyxl

from webapp.orders.importer import (
    UNITS,
    ImportFileError,
    ImportReport,
    ParsedRow,
    RowError,
    parse_date,
    parse_quantity,
)
from webapp.orders.importer import _as_text as as_text
from webapp.orders.importer import _read_sheet as read_sheet

__all__ = ["COLUMNS", "REQUIRED", "ImportFileError", "ImportReport", "Lookups", "read_pos"]

COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("po", "po number", "po no", "采购单号", "订单号", "单号"),
    "supplier": ("supplier", "supplier code", "供应商", "供应商代码"),
    "item": ("item", "material", "物料", "品名", "物料名称"),
    "spec": ("spec", "model", "规格型号", "规格"),
    "quantity": ("quantity", "qty", "数量"),
    "unit": ("unit", "单位"),
    "unit_price": ("unit price", "price", "单价"),
    "currency": ("currency", "币种", "币别"),
    "promised_date": ("promised date", "delivery date", "due date", "交期", "交货日期"),
    "orders": ("orders", "for orders", "order", "订单", "用于订单"),
    "note": ("notes", "note", "remarks", "备注"),
}
REQUIRED = ("number", "supplier", "item", "quantity", "unit_price", "promised_date")
MAX_LENGTHS = {"number": 40, "item": 200, "spec": 200, "note": 4000}
CURRENCIES = {"cny": "CNY", "rmb": "CNY", "人民币": "CNY", "usd": "USD", "美元": "USD",
              "eur": "EUR", "欧元": "EUR"}  # fmt: skip
MAX_PRICE = Decimal("99999999")

_ALIASES = {name: key for key, names in COLUMNS.items() for name in names}
_SPLIT = re.compile(r"[,，;；/\s]+")


@dataclass(frozen=True)
class Lookups:
    """Supplier code or name -> id; order number (GD00042) or customer PO -> order id."""

    suppliers: Mapping[str, int]
    orders: Mapping[str, int]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _header_key(name: object) -> str | None:
    text = re.sub(r"\([^()]*\)|[*.:#]", "", _fold(as_text(name)))
    text = re.sub(r"\s+", " ", text).strip()
    if text in _ALIASES:
        return _ALIASES[text]
    for part in re.findall(r"[\u3400-\u9fff]+|[^\u3400-\u9fff]+", text):
        if part.strip() in _ALIASES:
            return _ALIASES[part.strip()]
    return None


def _columns_of(data: bytes) -> dict[str, int]:
    workbook = openpyxl.load_workbook(BytesIO(bytes(data)), read_only=True, data_only=True)
    try:
        for cells in workbook.active.iter_rows(values_only=True):
            if any(as_text(c) for c in cells):
                columns: dict[str, int] = {}
                for index, name in enumerate(cells):
                    key = _header_key(name)
                    if key is not None and key not in columns:
                        columns[key] = index
                return columns
    finally:
        workbook.close()
    return {}


def parse_price(value: object) -> Decimal | None:
    """A unit price >= 0 as Decimal (never float), or None."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        price = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not price.is_finite() or price < 0 or price > MAX_PRICE:
        return None
    return price.quantize(Decimal("0.0001"))


def read_pos(data: bytes, lookups: Lookups, *, max_rows: int = 2000) -> ImportReport:
    """Parse and check an .xlsx of material POs; raise ImportFileError when it is unusable."""
    read_sheet(data, max_rows)  # validates the file: zip, sheet, size; raises ImportFileError
    columns = _columns_of(data)
    workbook = openpyxl.load_workbook(BytesIO(bytes(data)), read_only=True, data_only=True)
    rows: list[ParsedRow] = []
    suppliers = {_fold(k): v for k, v in lookups.suppliers.items()}
    orders = {_fold(k): v for k, v in lookups.orders.items()}
    seen: set[tuple[int, str]] = set()
    try:
        header_seen = False
        for row_number, cells in enumerate(workbook.active.iter_rows(values_only=True), start=1):
            if not header_seen:
                header_seen = any(as_text(c) for c in cells)
                continue
            values = {k: cells[i] if i < len(cells) else None for k, i in columns.items()}
            if not any(as_text(v) for v in values.values()):
                continue
            rows.append(_parse_row(row_number, values, suppliers, orders, seen))
    finally:
        workbook.close()
    missing = tuple(key for key in REQUIRED if key not in columns)
    return ImportReport(rows=tuple(rows), missing_columns=missing)


def _parse_row(
    row_number: int,
    cells: Mapping[str, object],
    suppliers: Mapping[str, int],
    orders: Mapping[str, int],
    seen: set[tuple[int, str]],
) -> ParsedRow:
    texts = {key: as_text(cells.get(key)) for key in COLUMNS}
    texts["number"] = unicodedata.normalize("NFKC", texts["number"])
    errors: list[RowError] = []

    def fail(column: str, code: str, value: str | None = None) -> None:
        errors.append(RowError(column, code, texts[column] if value is None else value))

    for key in REQUIRED:
        if not texts[key]:
            fail(key, "required")
    for key, limit in MAX_LENGTHS.items():
        if len(texts[key]) > limit:
            fail(key, "too_long")
    supplier_id = suppliers.get(_fold(texts["supplier"])) if texts["supplier"] else None
    if texts["supplier"] and supplier_id is None:
        fail("supplier", "unknown_supplier")
    quantity = None
    if texts["quantity"]:
        quantity, code = parse_quantity(cells.get("quantity"))
        if code:
            fail("quantity", code)
    price = parse_price(cells.get("unit_price")) if texts["unit_price"] else None
    if texts["unit_price"] and price is None:
        fail("unit_price", "bad_price")
    promised = parse_date(cells.get("promised_date")) if texts["promised_date"] else None
    if texts["promised_date"] and promised is None:
        fail("promised_date", "bad_date")
    unit = UNITS.get(_fold(texts["unit"]), "") if texts["unit"] else "pcs"
    if not unit:
        fail("unit", "bad_unit")
    currency = CURRENCIES.get(_fold(texts["currency"]), "") if texts["currency"] else "CNY"
    if not currency:
        fail("currency", "bad_currency")
    order_ids = []
    for token in filter(None, _SPLIT.split(texts["orders"])):
        order_id = orders.get(_fold(token))
        if order_id is None:
            fail("orders", "unknown_order", token)
        else:
            order_ids.append(order_id)
    if supplier_id is not None and texts["number"]:
        key = (supplier_id, texts["number"].casefold())
        if key in seen:
            errors.append(RowError("", "duplicate_in_file", texts["number"]))
        seen.add(key)
    if errors:
        return ParsedRow(row_number, None, tuple(errors), texts)
    data: dict[str, object] = {
        "number": texts["number"], "supplier_id": supplier_id, "item": texts["item"],
        "spec": texts["spec"], "quantity": quantity, "unit": unit, "unit_price": price,
        "currency": currency, "promised_date": promised, "note": texts["note"],
        "order_ids": sorted(set(order_ids)),
    }  # fmt: skip
    return ParsedRow(row_number, data, (), texts)
