"""Unified Social Credit Codes (统一社会信用代码, GB 32100-2015) of employers and providers:
the kit's validation as a field problem, and the check character for synthetic codes.

Validation is jlp_common.identifiers.validate_credit_code (it accepts the A, N, Y authorities
that python-stdnum refuses; reference ids-gb11643-gb32100.md §2). `check_character` computes
C18 = 31 − (Σ value_i × weight_i mod 31), weights 3^(i−1) mod 31, for demo data.
"""

from __future__ import annotations

from jlp_common.identifiers import USCC_ALPHABET as ALPHABET
from jlp_common.identifiers import IdentifierError, validate_credit_code

WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str:
    """Why `code` is not a valid credit code (GB 32100), or "" when it is. Only the exact,
    compacted spelling is accepted, so stored codes compare equal."""
    try:
        if validate_credit_code(code) != code:
            return "write the code as 18 capital characters without spaces (GB 32100)"
    except IdentifierError as err:
        return f"{err} (GB 32100)"
    return ""


__all__ = ["ALPHABET", "check_character", "credit_code_problem"]
