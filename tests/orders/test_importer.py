"""The Excel order importer (webapp.orders.importer): headers, every cell rule, file errors."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from datetime import date, datetime, timedelta
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest

from webapp.orders.importer import (
    COLUMNS,
    REQUIRED,
    ImportFileError,
    ImportReport,
    Lookups,
    ParsedRow,
    RowError,
    header_key,
    read_orders,
    template_workbook,
)

IMPORTER = Path(__file__).resolve().parents[2] / "webapp" / "orders" / "importer.py"

LOOKUPS = Lookups(
    customers={"NORDH": 1, "Nordhem Home AB": 1, "SHYP": 3, "上海优品贸易有限公司": 3},
    factories={"NBST": 10, "宁波盛泰服饰有限公司": 10, "CXHD": 11, "慈溪恒达制衣厂": 11},
    followers={"lina": 20, "李娜 Li Na": 20, "zhangwei": 21, "张伟 Zhang Wei": 21},
    product_types=frozenset({"garment", "furniture"}),
)

HEADER_EN = [
    "Customer",
    "PO number",
    "Style",
    "Product name",
    "Spec",
    "Product type",
    "Quantity",
    "Unit",
    "Due date",
    "Priority",
    "Factory",
    "Follower",
    "Packaging",
    "Notes",
]
HEADER_ZH = [
    "客户代码",
    "客户订单号",
    "款号",
    "品名",
    "规格型号",
    "产品类型",
    "数量",
    "单位",
    "交期",
    "优先级",
    "工厂",
    "跟单员",
    "包装要求",
    "备注",
]
KEYS = list(COLUMNS)  # the canonical keys, in the order of HEADER_EN / HEADER_ZH

GOOD = {
    "customer": "NORDH",
    "po_number": "PO-1001",
    "style": "ST-1",
    "product_name": "Cotton shirt",
    "spec": "white S-XL",
    "product_type": "garment",
    "quantity": 1200,
    "unit": "pcs",
    "due_date": date(2026, 12, 31),
    "priority": "normal",
    "factory": "NBST",
    "follower": "lina",
    "packaging": "1 pc per polybag",
    "notes": "first order",
}
GOOD_DATA = {
    "customer_id": 1,
    "factory_id": 10,
    "follower_id": 20,
    "po_number": "PO-1001",
    "style": "ST-1",
    "product_name": "Cotton shirt",
    "spec": "white S-XL",
    "product_type": "garment",
    "quantity": 1200,
    "unit": "pcs",
    "packaging": "1 pc per polybag",
    "due_date": date(2026, 12, 31),
    "priority": "normal",
    "notes": "first order",
}


def make_xlsx(rows: list[list]) -> bytes:
    """An .xlsx whose first sheet holds `rows` from A1 down ([] is an empty row)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(row=row_number, column=column, value=value)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(**overrides: object) -> list:
    """A data row in HEADER_EN order: GOOD with some cells replaced."""
    values = {**GOOD, **overrides}
    return [values[key] for key in KEYS]


def read_one(**overrides: object) -> ParsedRow:
    """Read a sheet with the English header and one data row; return that row."""
    report = read_orders(make_xlsx([HEADER_EN, row(**overrides)]), LOOKUPS)
    assert report.missing_columns == ()
    assert len(report.rows) == 1
    return report.rows[0]


def file_error(data: bytes, **kwargs: int) -> str:
    with pytest.raises(ImportFileError) as info:
        read_orders(data, LOOKUPS, **kwargs)
    return info.value.code


# --- Headers ----------------------------------------------------------------------------------


def test_english_header_and_a_good_row():
    parsed = read_one()
    assert parsed.ok
    assert parsed.row_number == 2
    assert parsed.errors == ()
    assert parsed.data == GOOD_DATA


def test_chinese_header_reads_the_same_row():
    report = read_orders(make_xlsx([HEADER_ZH, row()]), LOOKUPS)
    assert report.missing_columns == ()
    assert [r.data for r in report.rows] == [GOOD_DATA]


def test_columns_in_any_order_with_chinese_values():
    order = list(reversed(KEYS))
    values = {
        **GOOD,
        "customer": "上海优品贸易有限公司",
        "factory": "慈溪恒达制衣厂",
        "follower": "张伟 Zhang Wei",
        "unit": "件",
        "priority": "特急",
    }
    header = [HEADER_ZH[KEYS.index(key)] for key in order]
    report = read_orders(make_xlsx([header, [values[key] for key in order]]), LOOKUPS)
    assert report.rows[0].data == {
        **GOOD_DATA,
        "customer_id": 3,
        "factory_id": 11,
        "follower_id": 21,
        "priority": "rush",
    }


@pytest.mark.parametrize(
    ("name", "key"),
    [(name, key) for key, names in COLUMNS.items() for name in names]
    + [
        ("CUSTOMER", "customer"),
        ("  Customer Code  ", "customer"),
        ("Customer*", "customer"),
        ("客户代码 *", "customer"),
        ("*客户", "customer"),
        ("交期(Delivery)", "due_date"),
        ("交期（交货日期）", "due_date"),
        ("Due date (交期)", "due_date"),
        ("Due date (交期) *", "due_date"),
        ("客户代码 (Customer code)*", "customer"),
        ("PO No.", "po_number"),
        ("Quantity (pcs)", "quantity"),
        ("Qty（件）", "quantity"),
        ("交期 Delivery", "due_date"),
        ("[Remarks] Notes", "notes"),
        ("po_number", "po_number"),
        ("Style   No", "style"),
        ("Spec/Model", "spec"),
        ("客户代码 Customer code", "customer"),
        ("数量\nQty", "quantity"),
        ("Qty\n数量", "quantity"),
        ("ＱＴＹ", "quantity"),
        ("Colour", None),
        ("Size (尺码)", None),
        ("", None),
        ("   ", None),
        (None, None),
        (2026, None),
    ],
)
def test_header_names(name, key):
    assert header_key(name) == key


def test_header_with_star_and_parenthesis_suffixes_reads_rows():
    header = [
        "客户*",
        "订单号 *",
        "款号(Style)*",
        "产品名称（品名）",
        "规格",
        "Type",
        "QTY*",
        "单位(Unit)",
        "交货日期(交期)*",
        "Priority (优先级)",
        "工厂*",
        "Follower",
        "包装",
        "Remarks",
    ]
    report = read_orders(make_xlsx([header, row()]), LOOKUPS)
    assert report.missing_columns == ()
    assert report.rows[0].data == GOOD_DATA


def test_unknown_columns_are_ignored():
    header = ["Colour", *HEADER_EN, "Size"]
    sheet = [header, ["red", *row(), "XL"], ["blue", *[None] * len(KEYS), "S"]]
    report = read_orders(make_xlsx(sheet), LOOKUPS)
    assert [r.data for r in report.rows] == [GOOD_DATA]  # the 2nd row has data only in unknowns


def test_first_of_two_columns_with_the_same_meaning_wins():
    header = [*HEADER_EN, "客户"]
    report = read_orders(make_xlsx([header, [*row(), "SHYP"]]), LOOKUPS)
    assert report.rows[0].data["customer_id"] == 1


def test_optional_columns_may_be_absent():
    required = [key for key in KEYS if key in REQUIRED]
    header = [HEADER_EN[KEYS.index(key)] for key in required]
    report = read_orders(make_xlsx([header, [GOOD[key] for key in required]]), LOOKUPS)
    assert report.missing_columns == ()
    assert report.rows[0].data == {
        **GOOD_DATA,
        "follower_id": None,
        "spec": "",
        "product_type": "",
        "unit": "pcs",
        "priority": "normal",
        "packaging": "",
        "notes": "",
    }


def test_header_is_the_first_non_empty_row():
    sheet = [[], [None, "  "], HEADER_EN, [], row()]
    report = read_orders(make_xlsx(sheet), LOOKUPS)
    assert [(r.row_number, r.ok) for r in report.rows] == [(5, True)]


# --- Missing columns --------------------------------------------------------------------------


def test_missing_required_columns_block_every_row():
    keep = [i for i, key in enumerate(KEYS) if key not in ("due_date", "factory")]
    header = [HEADER_EN[i] for i in keep]
    sheet = [header, [row()[i] for i in keep], [row(po_number="PO-2")[i] for i in keep]]
    report = read_orders(make_xlsx(sheet), LOOKUPS)
    assert report.missing_columns == ("due_date", "factory")
    assert report.valid == []
    assert [r.row_number for r in report.invalid] == [2, 3]
    assert report.rows[0].errors == (
        RowError("due_date", "required", ""),
        RowError("factory", "required", ""),
    )


def test_unrecognised_header_lists_every_required_column():
    report = read_orders(make_xlsx([["Colour", "Size"], ["red", "XL"]]), LOOKUPS)
    assert report.missing_columns == REQUIRED
    assert report.rows == ()
    assert report.valid == []


def test_header_only_gives_an_empty_report():
    report = read_orders(make_xlsx([HEADER_EN]), LOOKUPS)
    assert report == ImportReport(rows=(), missing_columns=())


# --- Every error code -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "cell", "code", "shown"),
    [
        *[(key, None, "required", "") for key in REQUIRED],
        ("customer", "   ", "required", ""),
        ("quantity", "abc", "not_a_number", "abc"),
        ("quantity", "1,200 pcs", "not_a_number", "1,200 pcs"),
        ("quantity", "1e3", "not_a_number", "1e3"),
        ("quantity", True, "not_a_number", "TRUE"),
        ("quantity", datetime(2026, 1, 1), "not_a_number", "2026-01-01"),
        ("quantity", 12.5, "not_a_whole_number", "12.5"),
        ("quantity", "12.5", "not_a_whole_number", "12.5"),
        ("quantity", 0, "not_positive", "0"),
        ("quantity", -3, "not_positive", "-3"),
        ("quantity", "-3", "not_positive", "-3"),
        ("quantity", 3_000_000_000, "too_large", "3000000000"),
        ("due_date", "31/12/2026", "bad_date", "31/12/2026"),
        ("due_date", "2026-02-30", "bad_date", "2026-02-30"),
        ("due_date", "2026-13-01", "bad_date", "2026-13-01"),
        ("due_date", "12/31/2026", "bad_date", "12/31/2026"),
        ("due_date", "next week", "bad_date", "next week"),
        ("due_date", 46387, "bad_date", "46387"),
        ("customer", "NOBODY", "unknown_customer", "NOBODY"),
        ("factory", "Nowhere Ltd", "unknown_factory", "Nowhere Ltd"),
        ("follower", "ghost", "unknown_follower", "ghost"),
        ("product_type", "shoes", "unknown_product_type", "shoes"),
        ("priority", "high", "bad_priority", "high"),
        ("priority", "1", "bad_priority", "1"),
        ("unit", "box", "bad_unit", "box"),
        ("unit", "吨", "bad_unit", "吨"),
        ("po_number", "P" * 41, "too_long", "P" * 41),
        ("style", "S" * 61, "too_long", "S" * 61),
        ("product_name", "N" * 201, "too_long", "N" * 201),
        ("spec", "x" * 201, "too_long", "x" * 201),
        ("packaging", "p" * 2001, "too_long", "p" * 2001),
        ("notes", "n" * 4001, "too_long", "n" * 4001),
    ],
)
def test_error_codes(column, cell, code, shown):
    parsed = read_one(**{column: cell})
    assert not parsed.ok
    assert parsed.data is None
    assert parsed.errors == (RowError(column, code, shown),)


@pytest.mark.parametrize(
    ("column", "limit"),
    [
        ("po_number", 40),
        ("style", 60),
        ("product_name", 200),
        ("spec", 200),
        ("packaging", 2000),
        ("notes", 4000),
    ],
)
def test_length_limit_is_inclusive(column, limit):
    parsed = read_one(**{column: "字" * limit})
    assert parsed.errors == ()
    assert parsed.data[column] == "字" * limit


def test_one_row_collects_all_its_errors():
    parsed = read_one(
        customer="NOBODY",
        po_number=None,
        quantity="12.5",
        due_date="soon",
        unit="box",
        priority="high",
        factory="Nowhere",
        follower="ghost",
        product_type="shoes",
        notes="n" * 4001,
    )
    assert parsed.data is None
    assert parsed.errors == (
        RowError("po_number", "required", ""),
        RowError("notes", "too_long", "n" * 4001),
        RowError("customer", "unknown_customer", "NOBODY"),
        RowError("factory", "unknown_factory", "Nowhere"),
        RowError("follower", "unknown_follower", "ghost"),
        RowError("product_type", "unknown_product_type", "shoes"),
        RowError("quantity", "not_a_whole_number", "12.5"),
        RowError("due_date", "bad_date", "soon"),
        RowError("unit", "bad_unit", "box"),
        RowError("priority", "bad_priority", "high"),
    )


def test_an_empty_required_cell_is_not_also_too_long_or_unknown():
    parsed = read_one(customer="", quantity="", due_date="")
    assert [(e.column, e.code) for e in parsed.errors] == [
        ("customer", "required"),
        ("quantity", "required"),
        ("due_date", "required"),
    ]


# --- Cell values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "quantity"),
    [
        (1200, 1200),
        (1200.0, 1200),
        ("1200", 1200),
        (" 1200 ", 1200),
        ("1,200", 1200),
        ("1 200", 1200),
        ("1\u00a0200", 1200),
        ("１２００", 1200),
        ("１，２００", 1200),
        ("1200.0", 1200),
        ("+5", 5),
        (1, 1),
        (2**31 - 1, 2**31 - 1),
    ],
)
def test_quantity_cells(cell, quantity):
    parsed = read_one(quantity=cell)
    assert parsed.errors == ()
    assert parsed.data["quantity"] == quantity
    assert type(parsed.data["quantity"]) is int


@pytest.mark.parametrize(
    ("cell", "due"),
    [
        ("2026-12-31", date(2026, 12, 31)),
        ("2026/12/31", date(2026, 12, 31)),
        ("31.12.2026", date(2026, 12, 31)),
        ("2026年12月31日", date(2026, 12, 31)),
        ("2026 年 12 月 31 日", date(2026, 12, 31)),
        ("２０２６年１２月３１日", date(2026, 12, 31)),
        ("２０２６－１２－３１", date(2026, 12, 31)),
        (" 2026-1-5 ", date(2026, 1, 5)),
        ("5.1.2026", date(2026, 1, 5)),
        ("2026-12-31 00:00:00", date(2026, 12, 31)),
        (date(2027, 3, 1), date(2027, 3, 1)),
        (datetime(2027, 3, 1, 15, 30), date(2027, 3, 1)),
    ],
)
def test_due_date_cells(cell, due):
    parsed = read_one(due_date=cell)
    assert parsed.errors == ()
    assert parsed.data["due_date"] == due
    assert type(parsed.data["due_date"]) is date


@pytest.mark.parametrize(
    ("cell", "unit"),
    [
        (None, "pcs"),
        ("pcs", "pcs"),
        ("PCS", "pcs"),
        ("sets", "sets"),
        ("pairs", "pairs"),
        ("dozen", "dozen"),
        ("ctns", "ctns"),
        ("m", "m"),
        ("kg", "kg"),
        ("KG", "kg"),
        ("件", "pcs"),
        ("个", "pcs"),
        ("套", "sets"),
        ("双", "pairs"),
        ("打", "dozen"),
        ("箱", "ctns"),
        ("米", "m"),
        ("千克", "kg"),
        ("公斤", "kg"),
    ],
)
def test_units(cell, unit):
    parsed = read_one(unit=cell)
    assert parsed.errors == ()
    assert parsed.data["unit"] == unit


@pytest.mark.parametrize(
    ("cell", "priority"),
    [
        (None, "normal"),
        ("normal", "normal"),
        ("Normal", "normal"),
        ("普通", "normal"),
        ("rush", "rush"),
        ("RUSH", "rush"),
        ("urgent", "rush"),
        ("特急", "rush"),
        ("急", "rush"),
    ],
)
def test_priorities(cell, priority):
    parsed = read_one(priority=cell)
    assert parsed.errors == ()
    assert parsed.data["priority"] == priority


@pytest.mark.parametrize(
    ("column", "cell", "field", "expected"),
    [
        ("customer", "NORDH", "customer_id", 1),
        ("customer", "nordh", "customer_id", 1),
        ("customer", " Nordhem Home AB ", "customer_id", 1),
        ("customer", "NORDHEM HOME AB", "customer_id", 1),
        ("customer", "ＳＨＹＰ", "customer_id", 3),
        ("customer", "上海优品贸易有限公司", "customer_id", 3),
        ("factory", "cxhd", "factory_id", 11),
        ("factory", "宁波盛泰服饰有限公司", "factory_id", 10),
        ("follower", "ZhangWei", "follower_id", 21),
        ("follower", "李娜 li na", "follower_id", 20),
        ("follower", None, "follower_id", None),
        ("product_type", "Furniture", "product_type", "furniture"),
        ("product_type", None, "product_type", ""),
    ],
)
def test_lookups_match_code_or_name_case_insensitively(column, cell, field, expected):
    parsed = read_one(**{column: cell})
    assert parsed.errors == ()
    assert parsed.data[field] == expected


def test_a_case_insensitive_match_to_two_records_is_unknown():
    lookups = Lookups({"ABC": 1, "abc": 2}, {"NBST": 10}, {}, frozenset({"garment"}))
    sheet = [HEADER_EN, row(customer="Abc", follower=None), row(customer="abc", follower=None)]
    report = read_orders(make_xlsx(sheet), lookups)
    assert report.rows[0].errors == (RowError("customer", "unknown_customer", "Abc"),)
    assert report.rows[1].data["customer_id"] == 2  # the exact key still decides


@pytest.mark.parametrize(
    ("column", "cell", "stored"),
    [
        ("po_number", "  PO-7  ", "PO-7"),
        ("po_number", 4500012345, "4500012345"),
        ("po_number", 4500012345.0, "4500012345"),
        ("po_number", "ＰＯ－７", "PO-7"),
        ("style", 1001, "1001"),
        ("product_name", "\u3000衬衫\u3000", "衬衫"),
        ("notes", "line 1\nline 2", "line 1\nline 2"),
    ],
)
def test_text_cells_are_trimmed_and_numbers_shown_as_typed(column, cell, stored):
    parsed = read_one(**{column: cell})
    assert parsed.errors == ()
    assert parsed.data[column] == stored


def test_cell_texts_are_kept_for_the_report():
    parsed = read_one(quantity=1200.0, due_date=date(2026, 12, 31), customer="nordh")
    assert parsed.values["quantity"] == "1200"
    assert parsed.values["due_date"] == "2026-12-31"
    assert parsed.values["customer"] == "nordh"


# --- Rows -------------------------------------------------------------------------------------


def test_empty_rows_are_skipped_and_row_numbers_are_excel_rows():
    blank = [None, "  ", "\u3000", None]
    sheet = [HEADER_EN, [], row(po_number="A"), blank, [], row(po_number="B", quantity="x")]
    report = read_orders(make_xlsx(sheet), LOOKUPS)
    assert [r.row_number for r in report.rows] == [3, 6]
    assert [r.row_number for r in report.valid] == [3]
    assert [r.row_number for r in report.invalid] == [6]


def test_duplicates_in_the_file_are_flagged_from_the_second_on():
    sheet = [
        HEADER_EN,
        row(),
        row(style="ST-2"),
        row(customer="Nordhem Home AB"),  # same customer by name
        row(customer="SHYP"),  # other customer: not a duplicate
        row(po_number="po-1001", style="st-1", quantity="x"),  # case differs; also invalid
        row(po_number="ＰＯ－１００１"),  # full-width
    ]
    report = read_orders(make_xlsx(sheet), LOOKUPS)
    duplicates = [
        r.row_number for r in report.rows if any(e.code == "duplicate_in_file" for e in r.errors)
    ]
    assert duplicates == [4, 6, 7]
    assert [r.row_number for r in report.valid] == [2, 3, 5]
    assert report.rows[2].errors == (
        RowError("", "duplicate_in_file", "Nordhem Home AB / PO-1001 / ST-1"),
    )


def test_duplicates_of_unknown_customers_are_still_found():
    sheet = [HEADER_EN, row(customer="NEW"), row(customer="new")]
    report = read_orders(make_xlsx(sheet), LOOKUPS)
    assert [e.code for e in report.rows[1].errors] == ["unknown_customer", "duplicate_in_file"]


def test_report_partitions_rows():
    sheet = [HEADER_EN, row(po_number="A"), row(po_number="B", unit="box"), row(po_number="C")]
    report = read_orders(make_xlsx(sheet), LOOKUPS)
    assert [r.ok for r in report.rows] == [True, False, True]
    assert [r.data["po_number"] for r in report.valid] == ["A", "C"]
    assert [r.row_number for r in report.invalid] == [3]


# --- Whole-file errors ------------------------------------------------------------------------


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _replace_in_xlsx(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(BytesIO(data))
    return _zip({n: content if n == name else source.read(n) for n in source.namelist()})


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"customer,po number,style\nNORDH,PO-1,ST-1\n",
        "客户,订单号\nNORDH,PO-1\n".encode("gbk"),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024,  # an old .xls (OLE2)
        bytes(range(256)) * 8,
        b"PK\x03\x04" + b"\x00" * 200,  # a broken zip
        _zip({"hello.txt": b"hi"}),  # a zip that is not a workbook
        _replace_in_xlsx(make_xlsx([HEADER_EN, row()]), "xl/worksheets/sheet1.xml", b"<broken"),
    ],
    ids=["empty", "csv", "csv-gbk", "xls", "random", "broken-zip", "other-zip", "broken-sheet"],
)
def test_not_xlsx(data):
    assert file_error(data) == "not_xlsx"


def test_import_file_error_is_a_value_error_with_a_code():
    error = ImportFileError("empty")
    assert isinstance(error, ValueError)
    assert error.code == "empty"


@pytest.mark.parametrize("sheet", [[], [[], []], [[None, "  "], ["\u3000"]]])
def test_a_sheet_without_a_header_row_is_empty(sheet):
    assert file_error(make_xlsx(sheet)) == "empty"


def test_too_many_rows():
    rows = [row(po_number=f"PO-{i}") for i in range(4)]
    assert file_error(make_xlsx([HEADER_EN, *rows]), max_rows=3) == "too_many_rows"


def test_max_rows_is_inclusive_and_empty_rows_do_not_count():
    rows = [row(po_number=f"PO-{i}") for i in range(3)]
    report = read_orders(
        make_xlsx([HEADER_EN, rows[0], [], rows[1], [], rows[2]]), LOOKUPS, max_rows=3
    )
    assert len(report.valid) == 3


def test_default_limit_is_2000_rows():
    sheet = [HEADER_EN, *([row()] * 2001)]
    assert file_error(make_xlsx(sheet)) == "too_many_rows"


# --- Template ---------------------------------------------------------------------------------


def test_template_round_trips_through_read_orders():
    data = template_workbook()
    lookups = Lookups({"C001": 7}, {"F01": 8}, {"zhang.san": 9}, frozenset({"garment"}))
    report = read_orders(data, lookups)
    assert report.missing_columns == ()
    assert len(report.rows) == 1
    example = report.rows[0]
    assert example.ok, example.errors
    assert example.row_number == 2
    assert example.data["customer_id"] == 7
    assert example.data["factory_id"] == 8
    assert example.data["follower_id"] == 9
    assert example.data["quantity"] == 1200
    assert example.data["due_date"] > date.today()


def test_template_example_is_not_imported_against_real_records():
    report = read_orders(template_workbook(), LOOKUPS)
    assert report.valid == []
    assert {e.code for e in report.rows[0].errors} >= {"unknown_customer", "unknown_factory"}


def test_template_layout():
    workbook = openpyxl.load_workbook(BytesIO(template_workbook()))
    assert workbook.sheetnames == ["订单 Orders", "说明 Notes"]
    sheet = workbook.active
    assert sheet.title == "订单 Orders"
    headers = [cell.value for cell in sheet[1]]
    assert [header_key(h) for h in headers] == KEYS  # every column, each recognised
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in h) for h in headers)  # Chinese
    assert all(any("a" <= ch.lower() <= "z" for ch in h) for h in headers)  # and English
    assert [h.endswith("*") for h in headers] == [key in REQUIRED for key in KEYS]
    due = KEYS.index("due_date") + 1
    assert isinstance(sheet.cell(row=2, column=due).value, datetime)
    assert sheet.cell(row=2, column=due).number_format == "yyyy-mm-dd"
    letter = openpyxl.utils.get_column_letter(due)
    assert sheet.column_dimensions[letter].number_format == "yyyy-mm-dd"
    for index in range(1, len(KEYS) + 1):
        assert sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width >= 10
    notes = workbook["说明 Notes"]
    described = [r[0] for r in notes.iter_rows(min_row=2, values_only=True) if r[0]]
    assert [header_key(name) for name in described] == KEYS
    for line in notes.iter_rows(min_row=2, max_row=len(KEYS) + 1, values_only=True):
        assert all(line), line  # column, required, Chinese and English text


def test_template_due_date_is_ahead():
    sheet = openpyxl.load_workbook(BytesIO(template_workbook())).active
    due = sheet.cell(row=2, column=KEYS.index("due_date") + 1).value.date()
    assert date.today() < due <= date.today() + timedelta(days=366)


# --- Purity -----------------------------------------------------------------------------------


def test_importer_needs_neither_flask_nor_the_database():
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('importer', {str(IMPORTER)!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "sys.modules['importer'] = module\n"
        "spec.loader.exec_module(module)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('flask', 'sqlalchemy', 'webapp', 'flask_babel', 'werkzeug'))\n"
        "assert not bad, bad\n"
        "assert module.read_orders(module.template_workbook(), module.Lookups("
        "{'C001': 1}, {'F01': 2}, {'zhang.san': 3}, frozenset({'garment'}))).valid\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
