"""Unified Social Credit Code (统一社会信用代码, GB 32100-2015) of an employer or provider.

Structure and check character per reference ids-gb11643-gb32100.md §2. Checked here rather than
with python-stdnum's `cn.uscc.validate`, which wrongly refuses codes whose first character is a
letter (A, N, Y registration authorities are valid in GB 32100).
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 symbols: no I, O, Z, S, V
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
AUTHORITIES = "123456789ANY"


def check_character(first17: str) -> str:
    """C18 = 31 − (Σ value_i × weight_i mod 31), 31 → 0, written with the alphabet."""
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str:
    """Why `code` is not a well-formed credit code, or "" when it is."""
    if len(code) != 18:
        return "a unified social credit code has 18 characters (GB 32100)"
    if any(ch not in ALPHABET for ch in code):
        return "only digits and capital letters except I, O, Z, S, V (GB 32100)"
    if code[0] not in AUTHORITIES:
        return "the first character must be a registration authority code (1–9, A, N, Y)"
    if not code[2:8].isdigit():
        return "characters 3–8 must be the registering authority's region code"
    if check_character(code[:17]) != code[17]:
        return "check character does not match (GB 32100 check)"
    return ""
