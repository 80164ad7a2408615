"""AQL sampling engine: single sampling by attributes per ANSI/ASQ Z1.4 (= MIL-STD-105E).

Pure Python, standard library only: no Flask, no database.

What is here
------------
* Table I (sample size code letters) and the single-sampling master tables II-A (normal),
  II-B (tightened) and II-C (reduced) of ANSI/ASQ Z1.4-2003 / MIL-STD-105E, for all 26 AQLs
  from 0.010 to 1000. ISO 2859-1 uses the same Table I, II-A and II-B (its 1999 edition changed
  II-C; the reduced table here is the Z1.4 one, with gaps between Ac and Re).
* :func:`plan` turns (lot size, inspection level, AQL, severity) into a :class:`SamplingPlan`.
* :func:`verdict` judges one lot for the defect classes critical / major / minor.
* :func:`next_severity` replays a stream of lot results through the switching rules.

How the master tables are written
---------------------------------
Each table is data: for every AQL column, the cells from top to bottom over the code letters
A B C D E F G H J K L M N P Q R (tightened adds S), separated by spaces. A cell is ``Ac/Re``
(a sampling plan), ``↓`` (use the first plan below the arrow), ``↑`` (use the first plan above
it) or ``-`` (no cell; only in the tightened row S). Following an arrow changes the code letter
and therefore the sample size: n, Ac and Re are all taken from the row where the arrow ends.
Everything else (the resolved plans) is derived by code.

The tables were transcribed from the standard and cross-checked cell by cell against the
resolved tables of the AQLSchemes R package (J. Lawson, "recalls MIL-STD-105E / ANSI/ASQ Z1.4
plans from the published tables"); the normal and tightened tables also against a published
MIL-STD-105E extract (AQL 0.65 to 15). Points where the printed tables need a reading:

* Table II-A prints ``↑`` for code letter A at AQL 10, where there is no row above. Like the
  published resolutions (AQL Inspector's Rule manual, AQLSchemes), this module follows the down
  path instead, in II-A and II-C: normal -> C (n=5, 1/2), reduced -> C (n=2, 0/2). In II-B the
  cell is a down arrow -> D (n=8, 1/2).
* Code letter R at AQL 0.015 has no row below: normal and reduced resolve upward to P
  (0/1, n=800 / n=315), tightened to Q (0/1, n=1250).
* Table II-B has a row S (n=3150) with a single plan, Ac 1 Re 2 at AQL 0.025; it is reached
  only through the down arrows of Q and R in that column. A table that sends some code letter
  to no plan fails at import (``_check_tables``).
* In Table II-C the letters A, B and C all have n=2. Rows A and B for AQL 25 and above are taken
  as in the resolved AQLSchemes table (row A equals the normal row A; row B has 2/4 and 3/5),
  which keeps reduced inspection never stricter than normal inspection at the same sample size.

Conventions
-----------
* AQL values are normalised to the standard's printed label: ``"0.010"``, ``"0.10"``, ``"1.0"``,
  ``"4.0"``, ``"10"``, ``"1000"`` (so ``"4"``, ``"4.00"`` and ``Decimal("4")`` all give
  ``"4.0"``), plus ``"0"`` for zero defects accepted (critical defects). AQL 0 uses the sample
  size of the code letter from Table I (in the severity's sample-size column) with Ac 0, Re 1.
* Full inspection: when the plan's sample size reaches or exceeds the lot size, every unit is
  inspected (``sample_size == lot_size``, ``full_inspection`` is true) and the plan's Ac and Re
  are kept unchanged, so the verdict stays the one agreed for that AQL. ``plan_sample_size``
  keeps the n of the plan. A lot of 1 uses the 2-8 row of Table I.
* Under reduced inspection a count strictly between Ac and Re accepts the lot but reinstates
  normal inspection from the next lot (Z1.4 section 10.1.4).

Switching rules
---------------
:func:`next_severity` implements the classic Z1.4 / MIL-STD-105E switching rules: start at
normal; normal -> tightened when 2 of 5 or fewer consecutive lots are not accepted; tightened ->
normal after 5 consecutive accepted lots; discontinue when the lots not accepted while on
tightened inspection add up to 5; reduced -> normal when a lot is not accepted or is accepted
with a count between Ac and Re. For normal -> reduced, instead of the limit numbers of Z1.4
Table VIII, it uses the switching score of ISO 2859-1:1999 (clause 9.3.3): each lot accepted on
normal inspection adds 2 when Ac is 0 or 1, or 3 when Ac >= 2 and the lot would also have been
accepted at the AQL one step tighter; any other lot resets the score to 0. Reduced inspection
starts when the score reaches 30, production is assumed steady, and a supervisor allows it
(``reduced_allowed``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Final

__all__ = [
    "AQLS",
    "DEFECT_CLASSES",
    "LEVELS",
    "SEVERITIES",
    "SWITCHING_SCORE_LIMIT",
    "ZERO_AQL",
    "ClassResult",
    "LotResult",
    "SamplingPlan",
    "SwitchDecision",
    "Verdict",
    "next_severity",
    "normalize_aql",
    "plan",
    "remaining_before_reject",
    "switching_points",
    "table_cell",
    "table_code_letter",
    "verdict",
]

LEVELS: Final = ("S-1", "S-2", "S-3", "S-4", "I", "II", "III")
SEVERITIES: Final = ("normal", "tightened", "reduced")
DEFECT_CLASSES: Final = ("critical", "major", "minor")
AQLS: Final = (
    "0.010", "0.015", "0.025", "0.040", "0.065", "0.10", "0.15", "0.25", "0.40", "0.65",
    "1.0", "1.5", "2.5", "4.0", "6.5", "10", "15", "25", "40", "65",
    "100", "150", "250", "400", "650", "1000",
)  # fmt: skip
ZERO_AQL: Final = "0"
SWITCHING_SCORE_LIMIT: Final = 30

# Code letters, top to bottom; I and O are not used. S exists only in Table II-B.
_LETTERS: Final = "ABCDEFGHJKLMNPQRS"

# ---------------------------------------------------------------------------------------------
# Table I - Sample size code letters.
#   lot size from, to (None: and over)   S-1 S-2 S-3 S-4 I II III
# ---------------------------------------------------------------------------------------------
_TABLE_I: Final = (
    (2, 8, "A A A A A A B"),
    (9, 15, "A A A A A B C"),
    (16, 25, "A A B B B C D"),
    (26, 50, "A B B C C D E"),
    (51, 90, "B B C C C E F"),
    (91, 150, "B B C D D F G"),
    (151, 280, "B C D E E G H"),
    (281, 500, "B C D E F H J"),
    (501, 1200, "C C E F G J K"),
    (1201, 3200, "C D E G H K L"),
    (3201, 10000, "C D F G J L M"),
    (10001, 35000, "C D F H K M N"),
    (35001, 150000, "D E G J L N P"),
    (150001, 500000, "D E G J M P Q"),
    (500001, None, "D E H K N Q R"),
)

# Sample size of each code letter, in the order of _LETTERS.
_SAMPLE_SIZES: Final = {
    "normal": (2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000),
    "tightened": (2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000, 3150),
    "reduced": (2, 2, 2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800),
}

# ---------------------------------------------------------------------------------------------
# Table II-A - Single sampling plans for normal inspection (master table).
# One entry per AQL column: cells top to bottom for A B C D E F G H J K L M N P Q R.
# ---------------------------------------------------------------------------------------------
_NORMAL_COLUMNS: Final = {
    "0.010": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑",
    "0.015": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↑",  # R: nothing below, resolves up to P
    "0.025": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2",
    "0.040": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3",
    "0.065": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4",
    "0.10": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6",
    "0.15": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8",
    "0.25": "↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11",
    "0.40": "↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15",
    "0.65": "↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22",
    "1.0": "↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑",
    "1.5": "↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑",
    "2.5": "↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑",
    "4.0": "↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑",
    "6.5": "0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑",
    "10": "↓ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑",  # A: printed ↑, see docstring
    "15": "↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "25": "1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "40": "2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "65": "3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "100": "5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "150": "7/8 10/11 14/15 21/22 30/31 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "250": "10/11 14/15 21/22 30/31 44/45 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "400": "14/15 21/22 30/31 44/45 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "650": "21/22 30/31 44/45 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "1000": "30/31 44/45 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
}

# ---------------------------------------------------------------------------------------------
# Table II-B - Single sampling plans for tightened inspection (master table).
# Cells top to bottom for A B C D E F G H J K L M N P Q R S; "-": row S has no cell there.
# ---------------------------------------------------------------------------------------------
_TIGHTENED_COLUMNS: Final = {
    "0.010": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 -",
    "0.015": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ -",  # R: nothing below, resolves up to Q
    "0.025": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2",  # the only plan of row S (n=3150)
    "0.040": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 -",
    "0.065": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 -",
    "0.10": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 -",
    "0.15": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 -",
    "0.25": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 -",
    "0.40": "↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 -",
    "0.65": "↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 -",
    "1.0": "↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ -",
    "1.5": "↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ -",
    "2.5": "↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ -",
    "4.0": "↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ -",
    "6.5": "↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ -",
    "10": "↓ ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ -",
    "15": "↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ -",
    "25": "↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ -",
    "40": "1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ -",
    "65": "2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ -",
    "100": "3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ -",
    "150": "5/6 8/9 12/13 18/19 27/28 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ -",
    "250": "8/9 12/13 18/19 27/28 41/42 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ -",
    "400": "12/13 18/19 27/28 41/42 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ -",
    "650": "18/19 27/28 41/42 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ -",
    "1000": "27/28 41/42 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ -",
}

# ---------------------------------------------------------------------------------------------
# Table II-C - Single sampling plans for reduced inspection (master table), Z1.4 / MIL-STD-105E.
# Cells top to bottom for A B C D E F G H J K L M N P Q R (n = 2 2 2 3 5 8 13 20 ... 800).
# ---------------------------------------------------------------------------------------------
_REDUCED_COLUMNS: Final = {
    "0.010": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑",
    "0.015": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↑",  # R: nothing below, resolves up to P
    "0.025": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 0/2",
    "0.040": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 0/2 1/3",
    "0.065": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 0/2 1/3 1/4",
    "0.10": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 0/2 1/3 1/4 2/5",
    "0.15": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 0/2 1/3 1/4 2/5 3/6",
    "0.25": "↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 0/2 1/3 1/4 2/5 3/6 5/8",
    "0.40": "↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 0/2 1/3 1/4 2/5 3/6 5/8 7/10",
    "0.65": "↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13",
    "1.0": "↓ ↓ ↓ ↓ 0/1 ↑ ↓ 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ↑",
    "1.5": "↓ ↓ ↓ 0/1 ↑ ↓ 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ↑ ↑",
    "2.5": "↓ ↓ 0/1 ↑ ↓ 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ↑ ↑ ↑",
    "4.0": "↓ 0/1 ↑ ↓ 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ↑ ↑ ↑ ↑",
    "6.5": "0/1 ↑ ↓ 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ↑ ↑ ↑ ↑ ↑",
    "10": "↓ ↓ 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ↑ ↑ ↑ ↑ ↑ ↑",  # A: printed ↑, see docstring
    "15": "↓ 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "25": "1/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "40": "2/3 2/4 2/5 3/6 5/8 7/10 10/13 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "65": "3/4 3/5 3/6 5/8 7/10 10/13 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "100": "5/6 5/6 5/8 7/10 10/13 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "150": "7/8 7/8 7/10 10/13 14/17 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "250": "10/11 10/11 10/13 14/17 21/24 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "400": "14/15 14/15 14/17 21/24 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "650": "21/22 21/22 21/24 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "1000": "30/31 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
}

_DOWN: Final = "↓"
_UP: Final = "↑"
_NO_CELL: Final = "-"

# A parsed cell: (Ac, Re), _DOWN, _UP, or None for "-".
_Cell = tuple[int, int] | str | None


def _parse_cell(token: str) -> _Cell:
    """Parse one table token."""
    if token in (_DOWN, _UP):
        return token
    if token == _NO_CELL:
        return None
    accept, reject = token.split("/")
    return int(accept), int(reject)


def _parse_table(columns: Mapping[str, str], rows: int) -> dict[str, tuple[_Cell, ...]]:
    """Parse a master table written as AQL -> column string."""
    if tuple(columns) != AQLS:
        raise RuntimeError("master table columns must be exactly the 26 standard AQLs, in order")
    table = {}
    for aql, column in columns.items():
        cells = tuple(_parse_cell(token) for token in column.split())
        if len(cells) != rows:
            raise RuntimeError(f"AQL {aql}: {len(cells)} cells, expected {rows}")
        table[aql] = cells
    return table


_TABLES: Final = {
    "normal": _parse_table(_NORMAL_COLUMNS, 16),
    "tightened": _parse_table(_TIGHTENED_COLUMNS, 17),
    "reduced": _parse_table(_REDUCED_COLUMNS, 16),
}

_AQL_BY_VALUE: Final = {Decimal(label): label for label in (ZERO_AQL, *AQLS)}


# ---------------------------------------------------------------------------------------------
# Sampling plans
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SamplingPlan:
    """A single sampling plan for one lot: inspect ``sample_size`` units, judge by Ac/Re."""

    lot_size: int
    level: str
    aql: str  # canonical label, see normalize_aql()
    severity: str
    table_code_letter: str  # from Table I, before following arrows
    code_letter: str  # letter of the plan actually used
    plan_sample_size: int  # n of that plan in the master table
    sample_size: int  # units to inspect: min(plan_sample_size, lot_size)
    accept: int  # Ac
    reject: int  # Re
    full_inspection: bool  # every unit of the lot is inspected

    def status(self, count: int) -> str:
        """Return "accept", "reject" or "accept_reinstate_normal" for a defect count."""
        _check_count(count, "defect count")
        if count <= self.accept:
            return "accept"
        if count >= self.reject:
            return "reject"
        return "accept_reinstate_normal"


def normalize_aql(aql: str | Decimal | int) -> str:
    """Return the canonical label of an AQL ("4" -> "4.0", "0.1" -> "0.10", "0.0" -> "0")."""
    if isinstance(aql, bool):
        raise ValueError(f"unknown AQL: {aql!r}")
    try:
        if isinstance(aql, Decimal):
            value = aql
        elif isinstance(aql, int | float):
            value = Decimal(str(aql))
        elif isinstance(aql, str):
            value = Decimal(aql.strip())
        else:
            raise ValueError(f"unknown AQL: {aql!r}")
    except InvalidOperation:
        raise ValueError(f"unknown AQL: {aql!r}") from None
    if not value.is_finite() or value not in _AQL_BY_VALUE:
        raise ValueError(f"unknown AQL: {aql!r}")
    return _AQL_BY_VALUE[value]


def _normalize_level(level: str) -> str:
    """Return the canonical inspection level ("ii" -> "II", "S1" -> "S-1")."""
    if isinstance(level, str):
        key = level.strip().upper()
        if len(key) == 2 and key[0] == "S" and key[1] in "1234":
            key = f"S-{key[1]}"
        if key in LEVELS:
            return key
    raise ValueError(f"unknown inspection level: {level!r}")


def _normalize_severity(severity: str) -> str:
    """Return the canonical severity ("Normal" -> "normal")."""
    if isinstance(severity, str) and severity.strip().lower() in SEVERITIES:
        return severity.strip().lower()
    raise ValueError(f"unknown severity: {severity!r}")


def _check_lot_size(lot_size: int) -> None:
    """Reject anything but a positive int (bool excluded)."""
    if isinstance(lot_size, bool) or not isinstance(lot_size, int) or lot_size < 1:
        raise ValueError(f"lot size must be a positive integer: {lot_size!r}")


def _check_count(count: int, what: str) -> None:
    """Reject anything but a non-negative int (bool excluded)."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"{what} must be a non-negative integer: {count!r}")


def table_code_letter(lot_size: int, level: str = "II") -> str:
    """Return the Table I sample size code letter for a lot size and inspection level."""
    _check_lot_size(lot_size)
    column = LEVELS.index(_normalize_level(level))
    for _low, high, letters in _TABLE_I:
        if high is None or lot_size <= high:
            return letters.split()[column]
    raise AssertionError("unreachable: the last Table I row is open-ended")


def table_cell(
    severity: str, aql: str | Decimal | int, letter: str
) -> tuple[int, int] | str | None:
    """Return a raw master-table cell: (Ac, Re), "↓", "↑", or None where there is no cell."""
    severity = _normalize_severity(severity)
    aql = normalize_aql(aql)
    if aql == ZERO_AQL:
        raise ValueError("AQL 0 has no column in the master tables")
    column = _TABLES[severity][aql]
    if not isinstance(letter, str) or len(letter) != 1 or letter not in _LETTERS[: len(column)]:
        raise ValueError(f"unknown code letter for {severity} inspection: {letter!r}")
    return column[_LETTERS.index(letter)]


def _resolve(severity: str, aql: str, letter: str) -> tuple[str, int, int]:
    """Follow arrows from a code letter; return (letter used, Ac, Re)."""
    column = _TABLES[severity][aql]
    index = _LETTERS.index(letter)
    for _step in range(len(column)):  # a plan is always fewer steps away than there are rows
        if not 0 <= index < len(column):
            break
        cell = column[index]
        if cell == _DOWN:
            index += 1
        elif cell == _UP:
            index -= 1
        elif isinstance(cell, tuple):
            return _LETTERS[index], cell[0], cell[1]
        else:
            break
    raise RuntimeError(f"table error: no plan for {severity} AQL {aql} from letter {letter}")


def _check_tables() -> None:
    """Fail at import when some Table I letter cannot reach a plan (a transcription error)."""
    for severity in SEVERITIES:
        for aql in AQLS:
            for letter in _LETTERS[:16]:
                _resolve(severity, aql, letter)


_check_tables()


def plan(
    lot_size: int,
    level: str = "II",
    aql: str | Decimal | int = "2.5",
    severity: str = "normal",
) -> SamplingPlan:
    """Return the single sampling plan for a lot (Z1.4 Table I and II-A/II-B/II-C)."""
    _check_lot_size(lot_size)
    level = _normalize_level(level)
    aql = normalize_aql(aql)
    severity = _normalize_severity(severity)
    letter = table_code_letter(lot_size, level)
    if aql == ZERO_AQL:
        used, accept, reject = letter, 0, 1
    else:
        used, accept, reject = _resolve(severity, aql, letter)
    n = _SAMPLE_SIZES[severity][_LETTERS.index(used)]
    return SamplingPlan(
        lot_size=lot_size,
        level=level,
        aql=aql,
        severity=severity,
        table_code_letter=letter,
        code_letter=used,
        plan_sample_size=n,
        sample_size=min(n, lot_size),
        accept=accept,
        reject=reject,
        full_inspection=n >= lot_size,
    )


def remaining_before_reject(plan: SamplingPlan, count: int) -> int:
    """Return how many more defects would reject the lot (0 if it is already rejected)."""
    _check_count(count, "defect count")
    return max(plan.reject - count, 0)


# ---------------------------------------------------------------------------------------------
# Verdict for one lot
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassResult:
    """Outcome of one defect class: its count, Ac, Re and status."""

    count: int
    accept: int
    reject: int
    status: str  # "accept", "reject" or "accept_reinstate_normal"

    @property
    def remaining_before_reject(self) -> int:
        """How many more defects of this class would reject the lot."""
        return max(self.reject - self.count, 0)


@dataclass(frozen=True)
class Verdict:
    """Outcome of one lot over its defect classes."""

    accepted: bool
    per_class: dict[str, ClassResult]
    # True when some class's count lies strictly between Ac and Re (reduced inspection): that
    # class accepts the lot, and normal inspection is reinstated from the next lot.
    reinstate_normal: bool
    rejected_classes: tuple[str, ...]


def verdict(
    plans_by_class: Mapping[str, SamplingPlan], defects_by_class: Mapping[str, int]
) -> Verdict:
    """Judge a lot: it is accepted when no class with a plan reaches its Re."""
    for name in (*plans_by_class, *defects_by_class):
        if name not in DEFECT_CLASSES:
            raise ValueError(f"unknown defect class: {name!r}")
    for name, count in defects_by_class.items():
        _check_count(count, f"{name} defect count")
    per_class = {}
    for name in DEFECT_CLASSES:
        class_plan = plans_by_class.get(name)
        if class_plan is None:
            continue
        if not isinstance(class_plan, SamplingPlan):
            raise ValueError(f"{name} plan is not a SamplingPlan: {class_plan!r}")
        count = defects_by_class.get(name, 0)
        per_class[name] = ClassResult(
            count, class_plan.accept, class_plan.reject, class_plan.status(count)
        )
    rejected = tuple(name for name, result in per_class.items() if result.status == "reject")
    return Verdict(
        accepted=not rejected,
        per_class=per_class,
        reinstate_normal=any(
            result.status == "accept_reinstate_normal" for result in per_class.values()
        ),
        rejected_classes=rejected,
    )


# ---------------------------------------------------------------------------------------------
# Switching rules
# ---------------------------------------------------------------------------------------------


def switching_points(plan: SamplingPlan, count: int) -> int | None:
    """Return the ISO 2859-1:1999 switching-score points of a lot on normal inspection.

    2 for an accepted lot when Ac is 0 or 1; 3 when Ac >= 2 and the count is also within the
    Ac of the AQL one step tighter (same code letter, Table II-A); otherwise 0 (score reset).
    None for a plan that is not a normal-inspection plan (the score only runs on normal).
    """
    _check_count(count, "defect count")
    if plan.severity != "normal":
        return None
    if count > plan.accept:
        return 0
    if plan.accept <= 1:
        return 2
    tighter = AQLS[AQLS.index(plan.aql) - 1]
    cell = _TABLES["normal"][tighter][_LETTERS.index(plan.code_letter)]
    if not isinstance(cell, tuple):
        raise RuntimeError(f"table error: no plan at {plan.code_letter}, AQL {tighter}")
    return 3 if count <= cell[0] else 0


@dataclass(frozen=True)
class LotResult:
    """One lot's outcome on original inspection, as input to the switching rules."""

    severity: str
    accepted: bool
    defects: int = 0
    sample_size: int = 0
    reinstate_normal: bool = False
    # ISO 2859-1 switching-score points (0, 2 or 3, see switching_points()); None if unknown,
    # which counts as a reset, so reduced inspection is never reached without them.
    switching_points: int | None = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity: {self.severity!r}")
        _check_count(self.defects, "defects")
        _check_count(self.sample_size, "sample size")
        if self.switching_points not in (None, 0, 2, 3):
            raise ValueError(f"switching points must be 0, 2, 3 or None: {self.switching_points!r}")

    @classmethod
    def from_plan(cls, plan: SamplingPlan, defects: int) -> LotResult:
        """Build the result of a lot judged by a single plan."""
        status = plan.status(defects)
        return cls(
            severity=plan.severity,
            accepted=status != "reject",
            defects=defects,
            sample_size=plan.sample_size,
            reinstate_normal=status == "accept_reinstate_normal",
            switching_points=switching_points(plan, defects),
        )

    @classmethod
    def from_verdict(
        cls,
        plans_by_class: Mapping[str, SamplingPlan],
        defects_by_class: Mapping[str, int],
    ) -> LotResult:
        """Build the result of a lot judged over several classes (points: the lowest class)."""
        outcome = verdict(plans_by_class, defects_by_class)
        plans = [plans_by_class[name] for name in outcome.per_class]
        if not plans:
            raise ValueError("a lot result needs at least one defect class with a plan")
        severities = {p.severity for p in plans}
        if len(severities) != 1:
            raise ValueError(f"plans of one lot use different severities: {sorted(severities)}")
        points = [
            switching_points(plans_by_class[name], result.count)
            for name, result in outcome.per_class.items()
        ]
        return cls(
            severity=plans[0].severity,
            accepted=outcome.accepted,
            defects=sum(result.count for result in outcome.per_class.values()),
            sample_size=max(p.sample_size for p in plans),
            reinstate_normal=outcome.reinstate_normal,
            switching_points=None if None in points else min(points),
        )


@dataclass(frozen=True)
class SwitchDecision:
    """Severity for the next lot, and why."""

    severity: str  # "normal", "tightened" or "reduced"
    discontinued: bool  # acceptance under the standard is suspended (5 rejected on tightened)
    # "start", "unchanged", "two_of_five_rejected", "five_accepted_on_tightened",
    # "five_rejected_on_tightened", "switching_score_reached", "rejected_on_reduced",
    # "reinstated_on_reduced": what the last lot of the history caused.
    reason: str
    switching_score: int = 0  # ISO 2859-1 score while on normal inspection, else 0


def next_severity(history: Sequence[LotResult], reduced_allowed: bool = False) -> SwitchDecision:
    """Replay the switching rules over lot results (oldest first); give the next lot's severity.

    The replay starts at normal inspection and derives the severity of every lot itself; the
    severity recorded in each LotResult is not used (an inconsistent record is ignored, not an
    error). Lots after a discontinuation mean inspection was resumed, which is on tightened
    inspection with fresh counters, as the standard prescribes.
    """
    severity = "normal"
    reason = "start"
    discontinued = False
    recent_normal: list[bool] = []  # accepted flags of the last lots on normal, at most 5
    score = 0
    accepted_in_a_row = 0  # on tightened
    not_accepted_on_tightened = 0

    for lot in history:
        if not isinstance(lot, LotResult):
            raise ValueError(f"history items must be LotResult: {lot!r}")
        if discontinued:
            discontinued = False
            accepted_in_a_row = not_accepted_on_tightened = 0
        reason = "unchanged"
        if severity == "normal":
            recent_normal = [*recent_normal, lot.accepted][-5:]
            if recent_normal.count(False) >= 2:
                severity, reason = "tightened", "two_of_five_rejected"
                accepted_in_a_row = not_accepted_on_tightened = 0
                continue
            if lot.accepted and lot.switching_points:
                score += lot.switching_points
            else:
                score = 0
            if reduced_allowed and score >= SWITCHING_SCORE_LIMIT:
                severity, reason = "reduced", "switching_score_reached"
        elif severity == "tightened":
            if lot.accepted:
                accepted_in_a_row += 1
            else:
                accepted_in_a_row = 0
                not_accepted_on_tightened += 1
            if not_accepted_on_tightened >= 5:
                discontinued, reason = True, "five_rejected_on_tightened"
            elif accepted_in_a_row >= 5:
                severity, reason = "normal", "five_accepted_on_tightened"
                recent_normal, score = [], 0
        else:  # reduced
            if not lot.accepted:
                severity, reason = "normal", "rejected_on_reduced"
            elif lot.reinstate_normal:
                severity, reason = "normal", "reinstated_on_reduced"
            if severity == "normal":
                recent_normal, score = [], 0

    return SwitchDecision(
        severity=severity,
        discontinued=discontinued,
        reason=reason,
        switching_score=score if severity == "normal" else 0,
    )
