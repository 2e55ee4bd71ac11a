"""Grid codes after GB/T 30428.1 (单元网格): 15 digits = 6 district + 3 street + 3 community + 3 grid.

Reference: shared/reference/grid-management-gbt30428.md §2.3 — the 6+3+3+3 layout is confirmed by
Beijing DB11/T 2157-2023 §5.2; legacy CJ/T 213-2005 systems used a 2-digit grid sequence
(14 digits), which an importer must accept and map rather than reject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

DISTRICT_LEN, SUBDISTRICT_LEN, COMMUNITY_LEN, UNIT_LEN = 6, 9, 12, 15
LEGACY_UNIT_LEN = 14  # CJ/T 213-2005: 6+3+3+2
_DIGITS = re.compile(r"^\d+$")


class Level(IntEnum):
    """Hierarchy level; values equal the proto GridLevel numbers."""

    DISTRICT = 1
    SUBDISTRICT = 2
    COMMUNITY = 3
    UNIT = 4


LEVEL_BY_LENGTH = {DISTRICT_LEN: Level.DISTRICT, SUBDISTRICT_LEN: Level.SUBDISTRICT,
                   COMMUNITY_LEN: Level.COMMUNITY, UNIT_LEN: Level.UNIT}


@dataclass(frozen=True)
class GridCode:
    """A parsed code; `community` and `seq` are empty above their level."""

    district: str
    street: str = ""
    community: str = ""
    seq: str = ""

    @property
    def code(self) -> str:
        return self.district + self.street + self.community + self.seq

    @property
    def level(self) -> Level:
        return LEVEL_BY_LENGTH[len(self.code)]

    @property
    def parent(self) -> str:
        """Code of the enclosing unit ("" for a district)."""
        if self.seq:
            return self.district + self.street + self.community
        if self.community:
            return self.district + self.street
        if self.street:
            return self.district
        return ""


def normalize(code: str) -> tuple[str, bool]:
    """The code in current form and whether it was a mapped legacy 14-digit grid code.

    A 14-digit CJ/T 213 code keeps its 2-digit sequence, left-padded to 3 digits, so the mapping
    is reversible and never collides with a native 15-digit code of the same community
    (native sequences are assigned by the importer, not derived).
    """
    code = (code or "").strip()
    if len(code) == LEGACY_UNIT_LEN and _DIGITS.match(code):
        return code[:12] + "0" + code[12:], True
    return code, False


def parse(code: str) -> GridCode:
    """Split a 6/9/12/15-digit code; ValueError says what is wrong."""
    if not _DIGITS.match(code or ""):
        raise ValueError("code must consist of digits")
    if len(code) not in LEVEL_BY_LENGTH:
        raise ValueError("code must have 6, 9, 12 or 15 digits (14 for legacy grids)")
    return GridCode(code[:6], code[6:9], code[9:12], code[12:15])


def compose(district: str, street: int | str, community: int | str = "", seq: int | str = "") -> str:
    """Build a code from its parts; ints are zero-padded to 3 digits."""
    def part(v: int | str) -> str:
        return f"{v:03d}" if isinstance(v, int) else v

    code = district + part(street) + (part(community) if community != "" else "")
    if seq != "":
        code += part(seq)
    parse(code)
    return code
