"""Company names: normalisation and fuzzy duplicate warnings for prospects.

A prospect (an investor known before its credit code) is typed by hand from business cards,
news and fairs, so the same company arrives as "重庆长安汽车股份有限公司", "长安汽车" and
"长安汽车（重庆）有限公司", in full- or half-width. Before comparing, a name is folded to
half-width lower case (NFKC), parenthesised parts and punctuation are dropped, a leading
provincial-level region is dropped and legal-form suffixes (有限公司, 有限责任公司, 股份, 集团,
Co., Ltd. ...) are removed. What remains — the trade name plus industry words — is compared with
rapidfuzz. Duplicates are warnings, never refusals: two different companies can share a trade
name, which only a person (or a credit code) can decide.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

# Longest first, so "股份有限公司" is removed whole rather than leaving "股份".
LEGAL_FORMS = tuple(sorted((
    "股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团有限公司", "集团股份有限公司",
    "集团公司", "集团", "控股", "股份", "总公司", "分公司", "公司", "合伙企业", "有限合伙",
    "co.,ltd.", "co.,ltd", "co.ltd", "co.", "company", "limited", "ltd.", "ltd", "inc.", "inc",
    "corporation", "corp.", "corp", "group", "holdings", "llc", "gmbh",
), key=len, reverse=True))
# Provincial-level divisions (GB/T 2260 first level) and the common city prefixes of Chongqing
# deals; dropped only at the start of a name, where they are a registration prefix.
REGION_PREFIXES = tuple(sorted((
    "北京", "天津", "上海", "重庆", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "四川", "贵州",
    "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆", "台湾", "香港", "澳门", "深圳", "成都",
    "九龙坡",
), key=len, reverse=True))
_REGION_SUFFIX = ("市", "省", "区", "自治区", "特别行政区")
_PARENS = re.compile(r"[(\[【（][^)\]】）]*[)\]】）]")
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)

# rapidfuzz ratio (0–100) at or above which two normalised names are flagged: one character
# different in a six-character core (83) is flagged, two of six (67) is not.
SIMILAR_AT = 80.0
# A name contained in another is flagged only when the shorter one has at least this many
# characters ("长安" alone is too common to mean anything).
CONTAINED_MIN_CHARS = 4


def normalise_name(name: str) -> str:
    """The comparable core of a company name (see the module docstring)."""
    text = unicodedata.normalize("NFKC", name).lower().strip()
    text = _PARENS.sub("", text)
    text = _PUNCT.sub("", text) if not re.search(r"[a-z]", text) else _squash_latin(text)
    stripped = True
    while stripped:  # "重庆市九龙坡区…" loses both levels
        stripped = False
        for prefix in REGION_PREFIXES:
            if text.startswith(prefix) and len(text) > len(prefix) + 1:
                text = text[len(prefix):]
                for suffix in _REGION_SUFFIX:
                    if text.startswith(suffix):
                        text = text[len(suffix):]
                        break
                stripped = True
                break
    changed = True
    while changed:  # "…集团股份有限公司" loses both forms
        changed = False
        for form in LEGAL_FORMS:
            if text.endswith(form) and len(text) > len(form):
                text = text[: -len(form)]
                changed = True
                break
    return text


def _squash_latin(text: str) -> str:
    """Latin names keep "co.,ltd." recognisable for suffix removal, then lose punctuation."""
    text = re.sub(r"\s+", "", text)
    for form in LEGAL_FORMS:
        if text.endswith(form):
            text = text[: -len(form)]
            break
    return _PUNCT.sub("", text)


@dataclass(frozen=True)
class KnownName:
    """A name (or alias) of an existing investor."""

    investor_id: str
    name: str
    credit_code: str = ""


@dataclass(frozen=True)
class DuplicateWarning:
    investor_id: str
    name: str
    credit_code: str
    score: float
    reason: str


def find_similar(name: str, known: Iterable[KnownName], *, exclude_id: str = "",
                 limit: int = 5) -> list[DuplicateWarning]:
    """Existing investors whose name or alias looks like `name`, best first (one per investor).

    Same core after normalisation → 100 ("same name without legal form / region / width");
    rapidfuzz `ratio` ≥ 80 → "name similarity N"; the shorter core (≥ 4 characters) contained
    in the longer → "name contains ...". Ties are ordered by investor id, so the answer is
    stable.
    """
    core = normalise_name(name)
    if not core:
        return []
    entries = [k for k in known if k.investor_id != exclude_id]
    cores = [normalise_name(k.name) for k in entries]
    best: dict[str, DuplicateWarning] = {}

    def offer(k: KnownName, score: float, reason: str) -> None:
        current = best.get(k.investor_id)
        if current is None or score > current.score:
            best[k.investor_id] = DuplicateWarning(k.investor_id, k.name, k.credit_code, round(score, 1), reason)

    for k, other in zip(entries, cores, strict=True):
        if not other:
            continue
        if other == core:
            offer(k, 100.0, "same name once legal form, region and character width are ignored")
        else:
            shorter, longer = sorted((core, other), key=len)
            if len(shorter) >= CONTAINED_MIN_CHARS and shorter in longer:
                offer(k, 90.0, f"one name contains the other ({shorter})")
    for _, score, index in process.extract(core, cores, scorer=fuzz.ratio, score_cutoff=SIMILAR_AT, limit=None):
        k = entries[index]
        if cores[index] != core:
            offer(k, float(score), f"name similarity {score:.0f} of 100")
    ranked = sorted(best.values(), key=lambda w: (-w.score, w.investor_id))
    return ranked[:limit]
