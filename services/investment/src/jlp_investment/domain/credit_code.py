"""Unified Social Credit Code (统一社会信用代码, GB 32100-2015) of an investing enterprise.

Structure and check character per shared/reference/ids-gb11643-gb32100.md §2. The check
character is computed with python-stdnum's `cn.uscc.calc_check_digit` (weights 3^(i−1) mod 31
over the 31-symbol alphabet); the structure is checked here rather than with
`cn.uscc.validate`, which requires the first 8 characters to be digits and so rejects valid
codes of rural collectives (N…), the military (A…) and "other" authorities (Y…) — the
reference's "Discrepancy" note. The inner GB 11714 organisation-code check (positions 9–17)
is not enforced, as stdnum does not either.
"""

from __future__ import annotations

import unicodedata

from stdnum.cn import uscc

from jlp_common.errors import InvalidArgument

# 31 symbols: digits and capital letters without I, O, Z, S, V (reference §2).
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Registration authority (position 1) → the entity categories (position 2) the reference lists
# for it. Authorities whose categories the reference does not enumerate accept 1–9.
CATEGORIES: dict[str, str] = {
    "1": "1239",  # 机构编制: 机关, 事业单位, 群众团体, 其他
    "5": "1239",  # 民政: 社会团体, 民办非企业单位, 基金会, 其他
    "9": "123",  # 工商 / market regulation: 企业, 个体工商户, 农民专业合作社
    "N": "1239",  # 农业: 组级, 村级, 乡镇级集体经济组织, 其他
    "Y": "1",  # 其他
}
AUTHORITIES = "123456789ANY"
ANY_CATEGORY = "123456789"


def normalise(raw: str) -> str:
    """Full-width to half-width (NFKC), spaces and hyphens removed, upper case — how people
    type or paste a code (stdnum's `compact` plus the width folding Chinese input needs)."""
    return uscc.compact(unicodedata.normalize("NFKC", raw))


def credit_code_problem(code: str) -> str:
    """Why the normalised `code` is not a valid credit code, or "" when it is."""
    if len(code) != 18:
        return f"a unified social credit code has 18 characters, got {len(code)} (GB 32100)"
    bad = sorted({ch for ch in code if ch not in ALPHABET})
    if bad:
        return f"{''.join(bad)} not allowed: only digits and capital letters except I, O, Z, S, V (GB 32100)"
    if code[0] not in AUTHORITIES:
        return "character 1 must be a registration authority code (1–9, A, N, Y)"
    if code[1] not in CATEGORIES.get(code[0], ANY_CATEGORY):
        return f"character 2 ({code[1]}) is not an entity category of registration authority {code[0]}"
    if not code[2:8].isdigit():
        return "characters 3–8 must be the registering authority's GB/T 2260 region code"
    if uscc.calc_check_digit(code) != code[17]:
        return "check character does not match (GB 32100 check, MOD 31)"
    return ""


def validate_credit_code(raw: str, field: str = "credit_code") -> str:
    """The normalised code, or INVALID_ARGUMENT naming `field` with the reason."""
    code = normalise(raw)
    problem = credit_code_problem(code)
    if problem:
        raise InvalidArgument.field(field, problem)
    return code


def with_check_character(first17: str) -> str:
    """`first17` completed with its check character (demo data and test fixtures)."""
    return first17 + uscc.calc_check_digit(first17)


def is_enterprise(code: str) -> bool:
    """Registered by market regulation as an enterprise (authority 9, category 1)."""
    return code[:2] == "91"
