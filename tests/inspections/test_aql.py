"""Tests for the AQL sampling engine (webapp/inspections/aql.py).

The expected values are written independently of the module's data: Table I as one string of
code letters per inspection level, known plans from worked examples, and a published extract of
MIL-STD-105E Tables II-A and II-B (rejection numbers and arrows for AQL 0.65 to 15).
"""

from __future__ import annotations

import ast
import itertools
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.inspections import aql
from webapp.inspections.aql import (
    AQLS,
    DEFECT_CLASSES,
    LEVELS,
    SEVERITIES,
    LotResult,
    SamplingPlan,
    next_severity,
    normalize_aql,
    plan,
    remaining_before_reject,
    switching_points,
    table_cell,
    table_code_letter,
    verdict,
)

LETTERS = "ABCDEFGHJKLMNPQR"
NORMAL_N = dict(
    zip(LETTERS, (2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000), strict=True)
)
REDUCED_N = dict(
    zip(LETTERS, (2, 2, 2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800), strict=True)
)
SAMPLE_N = {
    "normal": NORMAL_N,
    "tightened": {**NORMAL_N, "S": 3150},
    "reduced": REDUCED_N,
}

# ---------------------------------------------------------------------------------------------
# Table I
# ---------------------------------------------------------------------------------------------

LOT_RANGES = [
    (2, 8),
    (9, 15),
    (16, 25),
    (26, 50),
    (51, 90),
    (91, 150),
    (151, 280),
    (281, 500),
    (501, 1200),
    (1201, 3200),
    (3201, 10000),
    (10001, 35000),
    (35001, 150000),
    (150001, 500000),
    (500001, 10**9),  # "500 001 and over"
]
# Code letters of each level over the 15 lot-size ranges, top to bottom.
LEVEL_LETTERS = {
    "S-1": "AAAABBBBCCCCDDD",
    "S-2": "AAABBBCCCDDDEEE",
    "S-3": "AABBCCDDEEFFGGH",
    "S-4": "AABCCDEEFGGHJJK",
    "I": "AABCCDEFGHJKLMN",
    "II": "ABCDEFGHJKLMNPQ",
    "III": "BCDEFGHJKLMNPQR",
}

TABLE_I_CASES = [
    pytest.param(level, lot, LEVEL_LETTERS[level][row], id=f"{level}-{lot}")
    for level in LEVELS
    for row, bounds in enumerate(LOT_RANGES)
    for lot in bounds
]


@pytest.mark.parametrize(("level", "lot", "letter"), TABLE_I_CASES)
def test_table_i_code_letter_at_both_ends_of_every_range(level, lot, letter):
    assert table_code_letter(lot, level) == letter
    assert plan(lot, level, "2.5").table_code_letter == letter


@pytest.mark.parametrize("level", LEVELS)
def test_lot_of_one_uses_the_first_row(level):
    assert table_code_letter(1, level) == LEVEL_LETTERS[level][0]


@pytest.mark.parametrize("level", LEVELS)
def test_larger_lot_never_gives_a_smaller_sample(level):
    lots = sorted({1, *itertools.chain.from_iterable(LOT_RANGES)})
    sizes = [NORMAL_N[table_code_letter(lot, level)] for lot in lots]
    assert sizes == sorted(sizes)
    assert len(set(sizes)) > 1


def test_levels_are_ordered_by_sample_size():
    for bounds in LOT_RANGES:
        for lot in bounds:
            sizes = [NORMAL_N[table_code_letter(lot, level)] for level in LEVELS]
            assert sizes == sorted(sizes), lot


# ---------------------------------------------------------------------------------------------
# Known plans
# ---------------------------------------------------------------------------------------------

# (lot, level, AQL, severity) -> (code letter used, plan n, Ac, Re)
KNOWN_PLANS = [
    # Normal inspection, the everyday garment cases.
    (1000, "II", "2.5", "normal", "J", 80, 5, 6),
    (1000, "II", "4.0", "normal", "J", 80, 7, 8),
    (1000, "II", "1.0", "normal", "J", 80, 2, 3),
    (1000, "II", "1.5", "normal", "J", 80, 3, 4),
    (1000, "II", "0.65", "normal", "J", 80, 1, 2),
    (1000, "II", "0", "normal", "J", 80, 0, 1),
    (500, "II", "2.5", "normal", "H", 50, 3, 4),
    (500, "II", "4.0", "normal", "H", 50, 5, 6),
    (5000, "II", "2.5", "normal", "L", 200, 10, 11),
    (5000, "II", "4.0", "normal", "L", 200, 14, 15),
    (10000, "II", "1.5", "normal", "L", 200, 7, 8),
    (3000, "II", "2.5", "normal", "K", 125, 7, 8),
    (100, "II", "2.5", "normal", "F", 20, 1, 2),
    (100, "II", "4.0", "normal", "F", 20, 2, 3),
    (100, "II", "6.5", "normal", "F", 20, 3, 4),
    (20000, "II", "6.5", "normal", "L", 200, 21, 22),  # M: up arrow to L
    (200000, "II", "0.65", "normal", "P", 800, 10, 11),
    # Arrows on normal inspection.
    (100, "II", "1.0", "normal", "E", 13, 0, 1),  # F: up arrow to E
    (100, "II", "1.5", "normal", "G", 32, 1, 2),  # F: down arrow to G
    (20, "I", "1.5", "normal", "D", 8, 0, 1),  # B: down through C to D
    (5000, "II", "10", "normal", "K", 125, 21, 22),  # L: up arrow to K
    (100, "II", "100", "normal", "E", 13, 21, 22),  # F: up arrow to E
    (1000, "II", "0.10", "normal", "K", 125, 0, 1),  # J: down arrow to K
    (1000, "II", "0.25", "normal", "H", 50, 0, 1),  # J: up arrow to H
    (600000, "III", "0.010", "normal", "Q", 1250, 0, 1),  # R: up arrow to Q
    (600000, "III", "0.015", "normal", "P", 800, 0, 1),  # R: nothing below, up to P
    (600000, "III", "0.025", "normal", "R", 2000, 1, 2),
    (50, "S-1", "10", "normal", "C", 5, 1, 2),  # A at AQL 10, down path to C
    # Top right corner (nonconformities per 100 units).
    (5, "II", "1000", "normal", "A", 2, 30, 31),
    (10, "II", "1000", "normal", "B", 3, 44, 45),
    (20, "II", "1000", "normal", "B", 3, 44, 45),  # C: up arrow to B
    (60, "II", "250", "normal", "E", 13, 44, 45),
    (60, "II", "150", "normal", "E", 13, 30, 31),
    # Tightened inspection.
    (1000, "II", "2.5", "tightened", "J", 80, 3, 4),
    (1000, "II", "4.0", "tightened", "J", 80, 5, 6),
    (1000, "II", "1.0", "tightened", "J", 80, 1, 2),
    (1000, "II", "0.25", "tightened", "J", 80, 0, 1),
    (1000, "II", "0.40", "tightened", "L", 200, 1, 2),  # J: down through K to L
    (1000, "II", "0.65", "tightened", "K", 125, 1, 2),  # J: down arrow to K
    (5000, "II", "2.5", "tightened", "L", 200, 8, 9),
    (3000, "II", "6.5", "tightened", "K", 125, 12, 13),
    (200000, "II", "1.0", "tightened", "P", 800, 12, 13),
    (200, "II", "1.0", "tightened", "J", 80, 1, 2),  # G: down through H to J
    (5000, "II", "10", "tightened", "K", 125, 18, 19),  # L: up arrow to K
    (50, "S-1", "10", "tightened", "D", 8, 1, 2),  # A at AQL 10: down to D
    (5, "II", "1000", "tightened", "A", 2, 27, 28),
    (10, "II", "1000", "tightened", "B", 3, 41, 42),
    (600000, "III", "0.010", "tightened", "R", 2000, 0, 1),
    (600000, "III", "0.015", "tightened", "Q", 1250, 0, 1),  # R: nothing below, up to Q
    (600000, "III", "0.025", "tightened", "S", 3150, 1, 2),  # the lone plan of row S
    (600000, "II", "0.025", "tightened", "S", 3150, 1, 2),  # Q: down through R to S
    (600000, "III", "0.040", "tightened", "R", 2000, 1, 2),
    # Reduced inspection.
    (1000, "II", "2.5", "reduced", "J", 32, 2, 5),
    (1000, "II", "1.0", "reduced", "J", 32, 1, 3),
    (1000, "II", "4.0", "reduced", "J", 32, 3, 6),
    (1000, "II", "0.65", "reduced", "J", 32, 0, 2),
    (5000, "II", "2.5", "reduced", "L", 80, 5, 8),
    (3000, "II", "4.0", "reduced", "K", 50, 5, 8),
    (125, "III", "1.0", "reduced", "H", 20, 0, 2),  # G: down arrow to H
    (5000, "II", "10", "reduced", "K", 50, 10, 13),  # L: up arrow to K
    (10000, "II", "0.65", "reduced", "L", 80, 1, 4),
    (600000, "III", "0.015", "reduced", "P", 315, 0, 1),  # R: up to P
    (50, "S-1", "10", "reduced", "C", 2, 0, 2),  # A at AQL 10: down to C
    (60, "II", "150", "reduced", "E", 5, 14, 17),
    (60, "II", "250", "reduced", "E", 5, 21, 24),
    (5, "II", "25", "reduced", "A", 2, 1, 2),
    (10, "II", "40", "reduced", "B", 2, 2, 4),
]


@pytest.mark.parametrize(
    ("lot", "level", "aql_value", "severity", "letter", "n", "ac", "re_"),
    [pytest.param(*case, id="-".join(map(str, case[:4]))) for case in KNOWN_PLANS],
)
def test_known_plans(lot, level, aql_value, severity, letter, n, ac, re_):
    p = plan(lot, level, aql_value, severity)
    assert (p.code_letter, p.plan_sample_size, p.accept, p.reject) == (letter, n, ac, re_)
    assert p.table_code_letter == table_code_letter(lot, level)
    assert p.sample_size == min(n, lot)


def test_defaults_are_level_ii_aql_2_5_normal():
    p = plan(1000)
    assert (p.level, p.aql, p.severity) == ("II", "2.5", "normal")
    assert (p.code_letter, p.sample_size, p.accept, p.reject) == ("J", 80, 5, 6)


def test_plan_carries_its_inputs():
    p = plan(1000, "ii", "4", "Tightened")
    assert p == SamplingPlan(
        lot_size=1000,
        level="II",
        aql="4.0",
        severity="tightened",
        table_code_letter="J",
        code_letter="J",
        plan_sample_size=80,
        sample_size=80,
        accept=5,
        reject=6,
        full_inspection=False,
    )


# ---------------------------------------------------------------------------------------------
# Arrows: the raw cells and where they lead
# ---------------------------------------------------------------------------------------------

# A lot size and level that give each code letter without full inspection getting in the way.
LOT_FOR_LETTER = {
    "A": ("S-1", 50),
    "B": ("S-1", 500),
    "C": ("S-1", 35000),
    "D": ("S-1", 10**6),
    "E": ("S-2", 10**6),
    "F": ("S-3", 35000),
    "G": ("S-3", 500000),
    "H": ("S-3", 10**6),
    "J": ("S-4", 500000),
    "K": ("S-4", 10**6),
    "L": ("I", 150000),
    "M": ("I", 500000),
    "N": ("I", 10**6),
    "P": ("II", 500000),
    "Q": ("II", 10**6),
    "R": ("III", 10**6),
}

# (severity, table letter, AQL, arrow printed there, letter where it ends)
ARROW_CELLS = [
    ("normal", "J", "0.10", "↓", "K"),
    ("normal", "J", "0.25", "↑", "H"),
    ("normal", "J", "0.40", "↓", "K"),
    ("normal", "A", "0.010", "↓", "Q"),
    ("normal", "D", "2.5", "↑", "C"),
    ("normal", "C", "4.0", "↑", "B"),
    ("normal", "R", "1.0", "↑", "Q"),
    ("normal", "R", "2.5", "↑", "N"),
    ("normal", "M", "10", "↑", "K"),
    ("normal", "F", "400", "↑", "D"),
    ("tightened", "G", "1.0", "↓", "J"),
    ("tightened", "H", "1.0", "↓", "J"),
    ("tightened", "A", "6.5", "↓", "B"),
    ("tightened", "A", "0.010", "↓", "R"),
    ("tightened", "Q", "0.025", "↓", "S"),
    ("tightened", "R", "0.015", "↑", "Q"),
    ("tightened", "L", "10", "↑", "K"),
    ("tightened", "R", "1.0", "↑", "Q"),
    ("tightened", "R", "2.5", "↑", "N"),
    ("tightened", "C", "1000", "↑", "B"),
    ("reduced", "G", "1.0", "↓", "H"),
    ("reduced", "J", "0.25", "↑", "H"),
    ("reduced", "R", "1.0", "↑", "Q"),
    ("reduced", "B", "1000", "↑", "A"),
    ("reduced", "D", "650", "↑", "C"),
]


@pytest.mark.parametrize(
    ("severity", "letter", "aql_value", "arrow", "target"),
    [pytest.param(*case, id="-".join(case[:3])) for case in ARROW_CELLS],
)
def test_arrow_cells_lead_to_the_plan_in_the_target_row(severity, letter, aql_value, arrow, target):
    assert table_cell(severity, aql_value, letter) == arrow
    level, lot = LOT_FOR_LETTER[letter]
    p = plan(lot, level, aql_value, severity)
    assert p.table_code_letter == letter
    assert p.code_letter == target
    assert p.plan_sample_size == SAMPLE_N[severity][target]
    assert (p.accept, p.reject) == table_cell(severity, aql_value, target)


def test_lot_for_letter_helper_gives_each_letter():
    for letter, (level, lot) in LOT_FOR_LETTER.items():
        assert table_code_letter(lot, level) == letter


# Published MIL-STD-105E extract (Tables II-A and II-B), AQL 0.65 1.0 1.5 2.5 4.0 6.5 10 15:
# "v" down arrow, "^" up arrow, a number is the rejection number Re of the plan in that cell.
PUBLISHED_COLUMNS = ("0.65", "1.0", "1.5", "2.5", "4.0", "6.5", "10", "15")
PUBLISHED_NORMAL = {
    "A": "v v v v v 1 ^ v",
    "B": "v v v v 1 ^ v 2",
    "C": "v v v 1 ^ v 2 3",
    "D": "v v 1 ^ v 2 3 4",
    "E": "v 1 ^ v 2 3 4 6",
    "F": "1 ^ v 2 3 4 6 8",
    "G": "^ v 2 3 4 6 8 11",
    "H": "v 2 3 4 6 8 11 15",
    "J": "2 3 4 6 8 11 15 22",
    "K": "3 4 6 8 11 15 22 ^",
    "L": "4 6 8 11 15 22 ^ ^",
    "M": "6 8 11 15 22 ^ ^ ^",
    "N": "8 11 15 22 ^ ^ ^ ^",
    "P": "11 15 22 ^ ^ ^ ^ ^",
    "Q": "15 22 ^ ^ ^ ^ ^ ^",
}
PUBLISHED_TIGHTENED = {
    "A": "v v v v v v v v",
    "B": "v v v v v 1 v v",
    "C": "v v v v 1 v v 2",
    "D": "v v v 1 v v 2 3",
    "E": "v v 1 v v 2 3 4",
    "F": "v 1 v v 2 3 4 6",
    "G": "1 v v 2 3 4 6 9",
    "H": "v v 2 3 4 6 9 13",
    "J": "v 2 3 4 6 9 13 19",
    "K": "2 3 4 6 9 13 19 ^",
    "L": "3 4 6 9 13 19 ^ ^",
}
# Where this module deliberately differs from the printed table: normal A at AQL 10 is printed
# as an up arrow with no row above; the module follows the down path instead.
DEVIATIONS = {("normal", "A", "10"): ("^", "↓")}

PUBLISHED_CASES = [
    pytest.param(severity, letter, aql_value, token, id=f"{severity}-{letter}-{aql_value}")
    for severity, rows in (("normal", PUBLISHED_NORMAL), ("tightened", PUBLISHED_TIGHTENED))
    for letter, row in rows.items()
    for aql_value, token in zip(PUBLISHED_COLUMNS, row.split(), strict=True)
]


@pytest.mark.parametrize(("severity", "letter", "aql_value", "token"), PUBLISHED_CASES)
def test_tables_match_the_published_extract(severity, letter, aql_value, token):
    cell = table_cell(severity, aql_value, letter)
    deviation = DEVIATIONS.get((severity, letter, aql_value))
    if deviation is not None:
        assert token == deviation[0]
        assert cell == deviation[1]
    elif token == "v":
        assert cell == "↓"
    elif token == "^":
        assert cell == "↑"
    else:
        assert isinstance(cell, tuple)
        assert cell[1] == int(token)
        assert cell[0] == int(token) - 1


# ---------------------------------------------------------------------------------------------
# Structure of the master tables
# ---------------------------------------------------------------------------------------------


def _rows(severity):
    return LETTERS + ("S" if severity == "tightened" else "")


def _plan_cells(severity):
    for letter in _rows(severity):
        for aql_value in AQLS:
            cell = table_cell(severity, aql_value, letter)
            if isinstance(cell, tuple):
                yield letter, aql_value, cell


@pytest.mark.parametrize("severity", SEVERITIES)
def test_every_arrow_from_table_i_ends_on_a_plan(severity):
    for letter, (level, lot) in LOT_FOR_LETTER.items():
        for aql_value in AQLS:
            p = plan(lot, level, aql_value, severity)
            assert table_cell(severity, aql_value, p.code_letter) == (p.accept, p.reject)
            start, end = LETTERS.index(letter), (LETTERS + "S").index(p.code_letter)
            step = 1 if end > start else -1
            passed = [
                table_cell(severity, aql_value, (LETTERS + "S")[i]) for i in range(start, end, step)
            ]
            assert all(cell == ("↓" if step == 1 else "↑") for cell in passed)


@pytest.mark.parametrize("severity", SEVERITIES)
def test_reject_number_is_above_accept_number(severity):
    cells = list(_plan_cells(severity))
    assert cells
    for letter, aql_value, (ac, re_) in cells:
        assert 0 <= ac < re_, (letter, aql_value)
        if severity != "reduced":
            assert re_ == ac + 1, (letter, aql_value)


def test_reduced_table_has_gaps_between_ac_and_re():
    pairs = {cell for _, _, cell in _plan_cells("reduced")}
    assert {(0, 2), (1, 3), (1, 4), (2, 5), (3, 6), (5, 8), (7, 10), (10, 13)} <= pairs
    assert {(14, 17), (21, 24)} <= pairs
    assert all(re_ - ac >= 1 for ac, re_ in pairs)


@pytest.mark.parametrize("severity", SEVERITIES)
def test_accept_number_increases_with_aql_along_each_row(severity):
    for letter in _rows(severity):
        row = [table_cell(severity, a, letter) for a in AQLS]
        accepts = [cell[0] for cell in row if isinstance(cell, tuple)]
        rejects = [cell[1] for cell in row if isinstance(cell, tuple)]
        assert accepts, letter
        # Re always grows; Ac grows too, except that reduced rows go from 0/1 to 0/2.
        assert rejects == sorted(set(rejects)), letter
        assert accepts == sorted(accepts), letter
        if severity == "reduced":
            assert accepts.count(0) <= 2, letter
        else:
            assert accepts == sorted(set(accepts)), letter


# Z1.4 builds II-C from II-A: the same arrows, with each normal Ac/Re replaced by its reduced
# pair (rows C to R; A and B, whose reduced n is not smaller, are checked separately below).
REDUCED_PAIR = {
    (0, 1): (0, 1),
    (1, 2): (0, 2),
    (2, 3): (1, 3),
    (3, 4): (1, 4),
    (5, 6): (2, 5),
    (7, 8): (3, 6),
    (10, 11): (5, 8),
    (14, 15): (7, 10),
    (21, 22): (10, 13),
    (30, 31): (14, 17),
    (44, 45): (21, 24),
}


@pytest.mark.parametrize("letter", LETTERS[2:])
def test_reduced_rows_c_to_r_follow_the_normal_rows(letter):
    for aql_value in AQLS:
        normal = table_cell("normal", aql_value, letter)
        expected = REDUCED_PAIR[normal] if isinstance(normal, tuple) else normal
        assert table_cell("reduced", aql_value, letter) == expected, aql_value


def test_reduced_rows_a_and_b():
    # Row A has n=2 under both normal and reduced inspection: the reduced row is the normal one.
    assert [table_cell("reduced", a, "A") for a in AQLS] == [
        table_cell("normal", a, "A") for a in AQLS
    ]
    row_b = "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 0/2 1/3 2/4 3/5 5/6 7/8 10/11 14/15 21/22 ↑"
    expected = [tuple(map(int, t.split("/"))) if "/" in t else t for t in row_b.split()]
    assert [table_cell("reduced", a, "B") for a in AQLS] == expected


# II-B is II-A moved one AQL column to the right: the same 0/1 plans, a down arrow instead of the
# up arrow that follows them, and the tightened pairs below. Plans above 21/22 (above 27/28 when
# tightened) only exist for code letters A to E.
TIGHTENED_PAIR = {
    (0, 1): (0, 1),
    (1, 2): (1, 2),
    (2, 3): (2, 3),
    (3, 4): (3, 4),
    (5, 6): (5, 6),
    (7, 8): (8, 9),
    (10, 11): (12, 13),
    (14, 15): (18, 19),
    (21, 22): (27, 28),
    (30, 31): (41, 42),
    (44, 45): "↑",
}
# Cells where the shift does not apply: A at AQL 10 has no 0/1 plan in II-B, and R at 0.025
# points down to the extra row S.
TIGHTENED_EXCEPTIONS = {("A", "10"): "↓", ("R", "0.025"): "↓"}


@pytest.mark.parametrize("letter", LETTERS)
def test_tightened_rows_are_the_normal_rows_moved_one_column(letter):
    assert table_cell("tightened", AQLS[0], letter) == ((0, 1) if letter == "R" else "↓")
    for previous, aql_value in itertools.pairwise(AQLS):
        normal = table_cell("normal", previous, letter)
        if normal == "↑":
            before = AQLS.index(previous) - 1
            follows_zero = before >= 0 and table_cell("normal", AQLS[before], letter) == (0, 1)
            expected = "↓" if follows_zero else "↑"
        elif isinstance(normal, tuple):
            expected = TIGHTENED_PAIR[normal]
            if expected == (27, 28) and letter not in "ABCDE":
                expected = "↑"
        else:
            expected = normal
        expected = TIGHTENED_EXCEPTIONS.get((letter, aql_value), expected)
        assert table_cell("tightened", aql_value, letter) == expected, aql_value


def test_tightened_row_s_has_a_single_plan():
    row = {a: table_cell("tightened", a, "S") for a in AQLS}
    assert row.pop("0.025") == (1, 2)
    assert set(row.values()) == {None}
    with pytest.raises(ValueError, match="'S'"):
        table_cell("normal", "0.025", "S")


def test_tightened_is_never_looser_and_reduced_never_stricter_than_normal():
    for letter, (level, lot) in LOT_FOR_LETTER.items():
        for aql_value in AQLS:
            normal = plan(lot, level, aql_value, "normal")
            tight = plan(lot, level, aql_value, "tightened")
            reduced = plan(lot, level, aql_value, "reduced")
            assert tight.plan_sample_size >= normal.plan_sample_size
            assert reduced.plan_sample_size <= normal.plan_sample_size
            if tight.plan_sample_size == normal.plan_sample_size:
                assert tight.accept <= normal.accept, (letter, aql_value)
            if reduced.plan_sample_size == normal.plan_sample_size:
                assert reduced.accept >= normal.accept, (letter, aql_value)


def test_table_cell_rejects_bad_arguments():
    with pytest.raises(ValueError, match="'Z'"):
        table_cell("normal", "2.5", "Z")
    with pytest.raises(ValueError, match="AQL 0"):
        table_cell("normal", "0", "A")
    with pytest.raises(ValueError, match="'strict'"):
        table_cell("strict", "2.5", "A")


# ---------------------------------------------------------------------------------------------
# AQL 0, full inspection, AQL spellings
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lot", "level", "severity", "letter", "n"),
    [
        (1000, "II", "normal", "J", 80),
        (1000, "II", "tightened", "J", 80),
        (1000, "II", "reduced", "J", 32),
        (600000, "III", "tightened", "R", 2000),
        (150, "S-2", "normal", "B", 3),
    ],
)
def test_aql_zero_accepts_no_defect(lot, level, severity, letter, n):
    p = plan(lot, level, "0", severity)
    assert (p.aql, p.code_letter, p.table_code_letter) == ("0", letter, letter)
    assert (p.plan_sample_size, p.accept, p.reject) == (n, 0, 1)


def test_full_inspection_when_the_plan_sample_exceeds_the_lot():
    p = plan(5, "II", "0.65")
    assert (p.table_code_letter, p.code_letter, p.plan_sample_size) == ("A", "F", 20)
    assert (p.sample_size, p.full_inspection, p.accept, p.reject) == (5, True, 0, 1)


def test_full_inspection_when_the_plan_sample_equals_the_lot():
    p = plan(20, "II", "0.65")
    assert (p.code_letter, p.plan_sample_size, p.sample_size, p.full_inspection) == (
        "F",
        20,
        20,
        True,
    )
    bigger = plan(21, "II", "0.65")
    assert (bigger.sample_size, bigger.full_inspection) == (20, False)


@pytest.mark.parametrize("severity", SEVERITIES)
def test_lot_of_one_is_inspected_entirely(severity):
    p = plan(1, "II", "2.5", severity)
    assert (p.sample_size, p.full_inspection) == (1, True)
    assert p.accept < p.reject


def test_full_inspection_keeps_the_plan_numbers():
    p = plan(2, "II", "65")
    assert (p.code_letter, p.sample_size, p.full_inspection) == ("A", 2, True)
    assert (p.accept, p.reject) == (3, 4)


@pytest.mark.parametrize(
    ("spelling", "label"),
    [
        ("4", "4.0"),
        ("4.0", "4.0"),
        ("4.00", "4.0"),
        (Decimal("4.0"), "4.0"),
        (Decimal("4"), "4.0"),
        (4, "4.0"),
        ("1", "1.0"),
        ("1.0", "1.0"),
        ("10", "10"),
        ("10.0", "10"),
        (Decimal("10.00"), "10"),
        ("0.1", "0.10"),
        (".65", "0.65"),
        ("0.01", "0.010"),
        (" 2.5 ", "2.5"),
        ("1E+3", "1000"),
        ("0", "0"),
        ("0.0", "0"),
        (Decimal(0), "0"),
        (0, "0"),
    ],
)
def test_aql_spellings_are_normalised(spelling, label):
    assert normalize_aql(spelling) == label
    assert plan(1000, "II", spelling) == plan(1000, "II", label)
    assert plan(1000, "II", spelling).aql == label


def test_aql_labels_are_the_26_standard_values_in_order():
    values = [Decimal(label) for label in AQLS]
    assert len(AQLS) == 26
    assert values == sorted(values)
    assert [normalize_aql(label) for label in AQLS] == list(AQLS)
    assert AQLS[0] == "0.010" and AQLS[-1] == "1000"


def test_level_and_severity_spellings_are_normalised():
    assert plan(1000, " ii ", "2.5", " NORMAL ").level == "II"
    assert plan(1000, "s2", "2.5").level == "S-2"
    assert plan(1000, "S-2", "2.5", "Reduced").severity == "reduced"


# ---------------------------------------------------------------------------------------------
# Invalid arguments
# ---------------------------------------------------------------------------------------------

INVALID_ARGUMENTS = [
    ({"lot_size": 0}, 0),
    ({"lot_size": -5}, -5),
    ({"lot_size": 2.5}, 2.5),
    ({"lot_size": "100"}, "100"),
    ({"lot_size": True}, True),
    ({"lot_size": None}, None),
    ({"level": "IV"}, "IV"),
    ({"level": ""}, ""),
    ({"level": "S-5"}, "S-5"),
    ({"level": None}, None),
    ({"level": 2}, 2),
    ({"aql": "3"}, "3"),
    ({"aql": "abc"}, "abc"),
    ({"aql": "-1"}, "-1"),
    ({"aql": "2,5"}, "2,5"),
    ({"aql": "NaN"}, "NaN"),
    ({"aql": "Infinity"}, "Infinity"),
    ({"aql": Decimal("0.011")}, Decimal("0.011")),
    ({"aql": None}, None),
    ({"aql": True}, True),
    ({"severity": "strict"}, "strict"),
    ({"severity": ""}, ""),
    ({"severity": None}, None),
]


@pytest.mark.parametrize(
    ("kwargs", "bad"), [pytest.param(k, b, id=repr(k)) for k, b in INVALID_ARGUMENTS]
)
def test_invalid_arguments_raise_value_error_naming_the_value(kwargs, bad):
    arguments = {"lot_size": 1000, "level": "II", "aql": "2.5", "severity": "normal", **kwargs}
    with pytest.raises(ValueError, match=re.escape(repr(bad))):
        plan(**arguments)


def test_error_messages_say_what_was_wrong():
    with pytest.raises(ValueError, match=r"^unknown inspection level: 'IV'$"):
        plan(1000, "IV")
    with pytest.raises(ValueError, match=r"^unknown AQL: '3'$"):
        plan(1000, "II", "3")
    with pytest.raises(ValueError, match=r"^unknown severity: 'strict'$"):
        plan(1000, "II", "2.5", "strict")
    with pytest.raises(ValueError, match=r"^lot size must be a positive integer: 0$"):
        plan(0)


# ---------------------------------------------------------------------------------------------
# Property-based: any valid input gives a consistent plan
# ---------------------------------------------------------------------------------------------


@settings(max_examples=300, database=None, deadline=None)
@given(
    lot=st.integers(min_value=1, max_value=2_000_000),
    level=st.sampled_from(LEVELS),
    aql_value=st.sampled_from(("0", *AQLS)),
    severity=st.sampled_from(SEVERITIES),
)
def test_any_plan_is_consistent(lot, level, aql_value, severity):
    p = plan(lot, level, aql_value, severity)
    assert 1 <= p.sample_size <= lot
    assert p.sample_size == min(p.plan_sample_size, lot)
    assert p.full_inspection == (p.plan_sample_size >= lot)
    assert p.full_inspection == (p.sample_size == lot and p.plan_sample_size >= lot)
    assert 0 <= p.accept < p.reject
    assert p.code_letter in LETTERS + "S"
    assert p.code_letter != "S" or severity == "tightened"
    assert p.plan_sample_size == SAMPLE_N[severity][p.code_letter]
    assert p.table_code_letter == table_code_letter(lot, level)
    if aql_value == "0":
        assert (p.code_letter, p.accept, p.reject) == (p.table_code_letter, 0, 1)
    else:
        assert table_cell(severity, aql_value, p.code_letter) == (p.accept, p.reject)
    assert plan(lot, level, Decimal(aql_value), severity) == p


# ---------------------------------------------------------------------------------------------
# Verdict
# ---------------------------------------------------------------------------------------------

LOT_PLANS = {
    "critical": plan(1000, "II", "0"),  # 0/1
    "major": plan(1000, "II", "2.5"),  # 5/6
    "minor": plan(1000, "II", "4.0"),  # 7/8
}

VERDICT_CASES = [
    pytest.param(
        dict(zip(classes, outcomes, strict=True)),
        id="-".join(f"{c}:{o}" for c, o in zip(classes, outcomes, strict=True)),
    )
    for size in (1, 2, 3)
    for classes in itertools.combinations(DEFECT_CLASSES, size)
    for outcomes in itertools.product(("accept", "reject"), repeat=size)
]


@pytest.mark.parametrize("outcomes", VERDICT_CASES)
def test_verdict_for_every_class_combination(outcomes):
    plans = {name: LOT_PLANS[name] for name in outcomes}
    counts = {
        name: plans[name].accept if outcome == "accept" else plans[name].reject
        for name, outcome in outcomes.items()
    }
    result = verdict(plans, counts)
    rejected = tuple(name for name in DEFECT_CLASSES if outcomes.get(name) == "reject")
    assert result.accepted == (not rejected)
    assert result.rejected_classes == rejected
    assert list(result.per_class) == [name for name in DEFECT_CLASSES if name in outcomes]
    for name, outcome in outcomes.items():
        assert result.per_class[name].status == outcome
        assert result.per_class[name].count == counts[name]
        assert result.per_class[name].accept == plans[name].accept
        assert result.per_class[name].reject == plans[name].reject
    assert result.reinstate_normal is False


def test_one_critical_defect_rejects_the_lot():
    result = verdict(LOT_PLANS, {"critical": 1})
    assert not result.accepted
    assert result.rejected_classes == ("critical",)
    assert result.per_class["major"].status == "accept"


def test_missing_counts_are_zero_and_classes_without_plans_are_ignored():
    result = verdict({"major": LOT_PLANS["major"]}, {"critical": 9, "minor": 99})
    assert result.accepted
    assert list(result.per_class) == ["major"]
    assert result.per_class["major"].count == 0
    assert verdict({}, {}).accepted


@pytest.mark.parametrize(
    ("counts", "match"),
    [
        ({"major": -1}, "-1"),
        ({"minor": -3}, "-3"),
        ({"major": 1.5}, "1.5"),
        ({"major": "2"}, "'2'"),
        ({"majr": 1}, "'majr'"),
    ],
)
def test_bad_counts_raise_value_error(counts, match):
    with pytest.raises(ValueError, match=re.escape(match)):
        verdict(LOT_PLANS, counts)


def test_unknown_class_in_plans_raises():
    with pytest.raises(ValueError, match="'cosmetic'"):
        verdict({"cosmetic": LOT_PLANS["major"]}, {})


@pytest.mark.parametrize(
    ("count", "status", "accepted", "reinstate"),
    [
        (0, "accept", True, False),
        (2, "accept", True, False),
        (3, "accept_reinstate_normal", True, True),
        (4, "accept_reinstate_normal", True, True),
        (5, "reject", False, False),
        (9, "reject", False, False),
    ],
)
def test_reduced_inspection_count_between_ac_and_re(count, status, accepted, reinstate):
    reduced = plan(1000, "II", "2.5", "reduced")
    assert (reduced.accept, reduced.reject) == (2, 5)
    result = verdict({"major": reduced}, {"major": count})
    assert result.per_class["major"].status == status
    assert result.accepted is accepted
    assert result.reinstate_normal is reinstate


def test_reinstate_with_another_class_rejecting():
    plans = {
        "major": plan(1000, "II", "2.5", "reduced"),
        "minor": plan(1000, "II", "4.0", "reduced"),
    }
    result = verdict(plans, {"major": 3, "minor": 6})
    assert (plans["minor"].accept, plans["minor"].reject) == (3, 6)
    assert not result.accepted
    assert result.reinstate_normal
    assert result.rejected_classes == ("minor",)


@pytest.mark.parametrize(
    ("aql_value", "severity", "count", "remaining"),
    [
        ("2.5", "normal", 0, 6),
        ("2.5", "normal", 4, 2),
        ("2.5", "normal", 5, 1),
        ("2.5", "normal", 6, 0),
        ("2.5", "normal", 40, 0),
        ("0", "normal", 0, 1),
        ("2.5", "reduced", 3, 2),
    ],
)
def test_remaining_before_reject(aql_value, severity, count, remaining):
    p = plan(1000, "II", aql_value, severity)
    assert remaining_before_reject(p, count) == remaining
    assert verdict({"major": p}, {"major": count}).per_class["major"].remaining_before_reject == (
        remaining
    )


def test_remaining_before_reject_rejects_negative_counts():
    with pytest.raises(ValueError, match="-1"):
        remaining_before_reject(LOT_PLANS["major"], -1)


# ---------------------------------------------------------------------------------------------
# Switching score points
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lot", "aql_value", "count", "points"),
    [
        (1000, "2.5", 0, 3),  # J 5/6; one step tighter (1.5) is 3/4
        (1000, "2.5", 3, 3),
        (1000, "2.5", 4, 0),
        (1000, "2.5", 5, 0),
        (1000, "2.5", 6, 0),  # not accepted
        (1000, "0.65", 0, 2),  # Ac 1
        (1000, "0.65", 1, 2),
        (1000, "0.65", 2, 0),
        (1000, "0", 0, 2),  # Ac 0
        (1000, "0", 1, 0),
        (100, "4.0", 1, 3),  # F 2/3; one step tighter at F (2.5) is 1/2
        (100, "4.0", 2, 0),
    ],
)
def test_switching_points(lot, aql_value, count, points):
    assert switching_points(plan(lot, "II", aql_value), count) == points


def test_switching_points_only_on_normal_inspection():
    assert switching_points(plan(1000, "II", "2.5", "tightened"), 0) is None
    assert switching_points(plan(1000, "II", "2.5", "reduced"), 0) is None


# ---------------------------------------------------------------------------------------------
# Switching rules
# ---------------------------------------------------------------------------------------------

OK = LotResult("normal", True, switching_points=2)
OK3 = LotResult("normal", True, switching_points=3)
OK0 = LotResult("normal", True, switching_points=0)
BAD = LotResult("normal", False, switching_points=0)
OK_REINSTATE = LotResult("reduced", True, reinstate_normal=True)


def test_empty_history_starts_at_normal():
    decision = next_severity([])
    assert (decision.severity, decision.discontinued, decision.reason) == ("normal", False, "start")
    assert decision.switching_score == 0


def test_one_accepted_lot_stays_normal():
    decision = next_severity([OK])
    assert (decision.severity, decision.reason, decision.switching_score) == (
        "normal",
        "unchanged",
        2,
    )


@pytest.mark.parametrize(
    "history",
    [
        [BAD, BAD],
        [OK, BAD, BAD],
        [BAD, OK, OK, OK, BAD],
        [OK, BAD, OK, OK, OK, BAD],
        [BAD, OK, OK, OK, OK, BAD, OK, OK, OK, BAD],  # lots 6 and 10 are within 5
    ],
)
def test_normal_to_tightened_after_two_rejections_within_five(history):
    decision = next_severity(history)
    assert (decision.severity, decision.reason) == ("tightened", "two_of_five_rejected")


@pytest.mark.parametrize(
    "history",
    [
        [BAD],
        [BAD, OK, OK, OK, OK, BAD],  # 6 lots apart
        [BAD, OK, OK, OK, OK, BAD, OK, OK, OK, OK, BAD],
    ],
)
def test_rejections_further_apart_stay_normal(history):
    decision = next_severity(history)
    assert (decision.severity, decision.reason) == ("normal", "unchanged")


def test_tightened_to_normal_after_five_accepted():
    start = [BAD, BAD]
    assert next_severity([*start, OK, OK, OK, OK]).severity == "tightened"
    decision = next_severity([*start, OK, OK, OK, OK, OK])
    assert (decision.severity, decision.reason) == ("normal", "five_accepted_on_tightened")


def test_a_rejection_on_tightened_restarts_the_count_of_five():
    history = [BAD, BAD, OK, OK, OK, OK, BAD, OK, OK, OK, OK]
    assert next_severity(history).severity == "tightened"
    assert next_severity([*history, OK]).severity == "normal"


def test_discontinue_after_five_rejected_on_tightened():
    on_tightened = [BAD, OK, BAD, OK, OK, BAD, OK, OK, OK, BAD]  # 4 not accepted, cumulative
    history = [BAD, BAD, *on_tightened]
    decision = next_severity(history)
    assert (decision.severity, decision.discontinued) == ("tightened", False)
    decision = next_severity([*history, BAD])
    assert (decision.severity, decision.discontinued, decision.reason) == (
        "tightened",
        True,
        "five_rejected_on_tightened",
    )


def test_inspection_resumes_on_tightened_with_fresh_counters():
    discontinued = [BAD, BAD, BAD, BAD, BAD, BAD, BAD]
    assert next_severity(discontinued).discontinued
    resumed = next_severity([*discontinued, BAD])
    assert (resumed.severity, resumed.discontinued, resumed.reason) == (
        "tightened",
        False,
        "unchanged",
    )
    assert next_severity([*discontinued, OK, OK, OK, OK, OK]).severity == "normal"


def test_normal_to_reduced_needs_the_score_and_permission():
    ten = [OK3] * 10
    decision = next_severity(ten, reduced_allowed=True)
    assert (decision.severity, decision.reason) == ("reduced", "switching_score_reached")
    assert next_severity(ten[:9], reduced_allowed=True).switching_score == 27
    assert next_severity(ten[:9], reduced_allowed=True).severity == "normal"
    refused = next_severity(ten, reduced_allowed=False)
    assert (refused.severity, refused.switching_score) == ("normal", 30)


def test_fifteen_lots_with_acceptance_number_one_reach_reduced():
    assert next_severity([OK] * 14, reduced_allowed=True).severity == "normal"
    assert next_severity([OK] * 15, reduced_allowed=True).severity == "reduced"


@pytest.mark.parametrize(
    "breaker",
    [OK0, BAD, LotResult("normal", True), LotResult("normal", True, switching_points=None)],
)
def test_the_switching_score_resets(breaker):
    history = [OK3] * 9 + [breaker] + [OK3] * 9
    decision = next_severity(history, reduced_allowed=True)
    assert (decision.severity, decision.switching_score) == ("normal", 27)
    assert next_severity([*history, OK3], reduced_allowed=True).severity == "reduced"


def test_reduced_to_normal_on_a_rejection():
    history = [*[OK3] * 10, LotResult("reduced", False)]
    decision = next_severity(history, reduced_allowed=True)
    assert (decision.severity, decision.reason) == ("normal", "rejected_on_reduced")


def test_reduced_to_normal_on_reinstate():
    history = [*[OK3] * 10, OK_REINSTATE]
    decision = next_severity(history, reduced_allowed=True)
    assert (decision.severity, decision.reason) == ("normal", "reinstated_on_reduced")


def test_reduced_continues_while_lots_are_accepted():
    history = [*[OK3] * 10, LotResult("reduced", True), LotResult("reduced", True)]
    decision = next_severity(history, reduced_allowed=True)
    assert (decision.severity, decision.reason) == ("reduced", "unchanged")


def test_back_on_normal_the_score_and_window_restart():
    history = [*[OK3] * 10, LotResult("reduced", False), OK3]
    decision = next_severity(history, reduced_allowed=True)
    assert (decision.severity, decision.switching_score) == ("normal", 3)
    after_tightened = [BAD, BAD, OK, OK, OK, OK, OK, BAD]
    assert next_severity(after_tightened).severity == "normal"


def test_recorded_severities_are_not_trusted():
    history = [LotResult("tightened", True, switching_points=2)] * 3
    assert next_severity(history).severity == "normal"


def test_lot_result_validation():
    with pytest.raises(ValueError, match="'bogus'"):
        LotResult("bogus", True)
    with pytest.raises(ValueError, match="5"):
        LotResult("normal", True, switching_points=5)
    with pytest.raises(ValueError, match="-1"):
        LotResult("normal", True, defects=-1)
    with pytest.raises(ValueError, match="history items"):
        next_severity([("normal", True)])


def test_lot_result_from_plan():
    normal = plan(1000, "II", "2.5")
    assert LotResult.from_plan(normal, 3) == LotResult("normal", True, 3, 80, False, 3)
    assert LotResult.from_plan(normal, 4).switching_points == 0
    assert LotResult.from_plan(normal, 6) == LotResult("normal", False, 6, 80, False, 0)
    reduced = plan(1000, "II", "2.5", "reduced")
    assert LotResult.from_plan(reduced, 3) == LotResult("reduced", True, 3, 32, True, None)


def test_lot_result_from_verdict_takes_the_lowest_points():
    result = LotResult.from_verdict(LOT_PLANS, {"major": 4, "minor": 2})
    assert (result.accepted, result.defects, result.sample_size) == (True, 6, 80)
    assert result.switching_points == 0  # major: 4 is above Ac 3 of AQL 1.5
    result = LotResult.from_verdict(LOT_PLANS, {"major": 1, "minor": 2})
    assert result.switching_points == 2  # critical has Ac 0
    mixed = {"major": plan(1000, "II", "2.5"), "minor": plan(1000, "II", "4.0", "reduced")}
    with pytest.raises(ValueError, match="severities"):
        LotResult.from_verdict(mixed, {})


def test_a_supplier_stream_end_to_end():
    """Two bad lots tighten inspection; five good ones relax it; a clean run earns reduced."""
    history: list[LotResult] = []
    severities = []
    counts = [1, 7, 2, 6, 0, 1, 0, 2, 1, *[0] * 10, 4, 1]
    for count in counts:
        severity = next_severity(history, reduced_allowed=True).severity
        severities.append(severity)
        history.append(LotResult.from_plan(plan(1000, "II", "2.5", severity), count))
    assert severities[:5] == ["normal"] * 4 + ["tightened"]
    assert severities[4:9] == ["tightened"] * 5
    assert severities[9] == "normal"
    assert severities[19] == "reduced"  # 10 normal lots of 3 points each
    assert severities[20] == "normal"  # 4 defects on reduced 2/5: accepted, normal reinstated
    assert next_severity(history, reduced_allowed=True).severity == "normal"


def test_module_imports_only_the_standard_library():
    with open(aql.__file__, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module)
    assert imported
    assert imported <= {"__future__", "collections.abc", "dataclasses", "decimal", "typing"}
