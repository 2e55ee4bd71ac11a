"""The district's departments as a tree: the district government, its bureaus, and its
19 subdistricts and towns (9 街道 + 10 镇).

Subdistrict and town codes are the NBS statistical division codes and names come from
/work/shared/reference/district-facts.md §2 (the "8 + 11" split is out of date: 九龙镇 became
九龙街道, 500107009). Six western towns are administered day-to-day by the Chongqing High-tech
Zone while remaining legally part of Jiulongpo, hence `managed_by`. Bureau codes are readable
slugs, since bureaus have no statistical code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

DISTRICT_CODE = "500107"  # GB/T 2260 重庆市九龙坡区
HIGH_TECH_ZONE = "重庆高新区"
KINDS = ("DISTRICT", "BUREAU", "SUBDISTRICT", "TOWN")


@dataclass(frozen=True)
class DepartmentSpec:
    code: str
    name: str
    name_en: str
    kind: str
    parent: str = DISTRICT_CODE
    managed_by: str = ""


def _bureau(code: str, name: str, name_en: str) -> DepartmentSpec:
    return DepartmentSpec(code, name, name_en, "BUREAU")


def _unit(code: str, name: str, pinyin: str, kind: str, managed_by: str = "") -> DepartmentSpec:
    return DepartmentSpec(code, name, pinyin, kind, DISTRICT_CODE, managed_by)


DISTRICT_TREE: tuple[DepartmentSpec, ...] = (
    DepartmentSpec(DISTRICT_CODE, "九龙坡区人民政府", "Jiulongpo District People's Government",
                   "DISTRICT", parent=""),
    _bureau("ops-center", "区城市运行和治理中心", "City Operation and Governance Centre"),
    _bureau("bureau-big-data", "区大数据应用发展管理局", "Big Data Development Bureau"),
    _bureau("bureau-ecology-environment", "区生态环境局", "Ecology and Environment Bureau"),
    _bureau("bureau-city-management", "区城市管理局", "City Management Bureau"),
    _bureau("bureau-public-security", "区公安分局", "Public Security Sub-bureau"),
    _bureau("bureau-housing-construction", "区住房城乡建委",
            "Housing and Urban-Rural Development Commission"),
    _bureau("bureau-market-regulation", "区市场监管局", "Market Regulation Bureau"),
    _bureau("bureau-hr-social-security", "区人力社保局",
            "Human Resources and Social Security Bureau"),
    _bureau("bureau-culture-tourism", "区文化旅游委", "Culture and Tourism Commission"),
    _bureau("bureau-investment-promotion", "区投资促进局", "Investment Promotion Bureau"),
    _bureau("bureau-emergency-management", "区应急管理局", "Emergency Management Bureau"),
    _bureau("bureau-civil-affairs", "区民政局", "Civil Affairs Bureau"),
    _bureau("bureau-transport", "区交通运输委", "Transport Commission"),
    _bureau("bureau-water", "区水利局", "Water Resources Bureau"),
    _unit("500107001", "杨家坪街道", "Yángjiāpíng", "SUBDISTRICT"),
    _unit("500107002", "黄桷坪街道", "Huángjuépíng", "SUBDISTRICT"),
    _unit("500107003", "谢家湾街道", "Xièjiāwān", "SUBDISTRICT"),
    _unit("500107004", "石坪桥街道", "Shípíngqiáo", "SUBDISTRICT"),
    _unit("500107005", "石桥铺街道", "Shíqiáopù", "SUBDISTRICT"),
    _unit("500107006", "中梁山街道", "Zhōngliángshān", "SUBDISTRICT"),
    _unit("500107007", "渝州路街道", "Yúzhōulù", "SUBDISTRICT"),
    _unit("500107008", "二郎街道", "Èrláng", "SUBDISTRICT"),
    _unit("500107009", "九龙街道", "Jiǔlóng", "SUBDISTRICT"),
    _unit("500107102", "华岩镇", "Huáyán", "TOWN"),
    _unit("500107103", "含谷镇", "Hángǔ", "TOWN", HIGH_TECH_ZONE),
    _unit("500107104", "金凤镇", "Jīnfèng", "TOWN", HIGH_TECH_ZONE),
    _unit("500107105", "白市驿镇", "Báishìyì", "TOWN", HIGH_TECH_ZONE),
    _unit("500107106", "走马镇", "Zǒumǎ", "TOWN", HIGH_TECH_ZONE),
    _unit("500107107", "石板镇", "Shíbǎn", "TOWN", HIGH_TECH_ZONE),
    _unit("500107108", "巴福镇", "Bāfú", "TOWN", HIGH_TECH_ZONE),
    _unit("500107109", "陶家镇", "Táojiā", "TOWN"),
    _unit("500107110", "西彭镇", "Xīpéng", "TOWN"),
    _unit("500107111", "铜罐驿镇", "Tóngguànyì", "TOWN"),
)


def tree_problems(specs: Iterable[DepartmentSpec]) -> list[str]:
    """Structural faults of a department list: duplicate codes, unknown parents, cycles,
    unknown kinds, not exactly one root."""
    specs = list(specs)
    by_code: dict[str, DepartmentSpec] = {}
    problems = []
    for spec in specs:
        if spec.code in by_code:
            problems.append(f"duplicate code {spec.code}")
        by_code[spec.code] = spec
        if spec.kind not in KINDS:
            problems.append(f"{spec.code}: unknown kind {spec.kind}")
    roots = [s.code for s in specs if not s.parent]
    if len(roots) != 1:
        problems.append(f"expected one root, found {roots}")
    for spec in specs:
        if spec.parent and spec.parent not in by_code:
            problems.append(f"{spec.code}: unknown parent {spec.parent}")
        seen, node = set(), spec
        while node.parent and node.parent in by_code:
            if node.code in seen:
                problems.append(f"{spec.code}: cycle")
                break
            seen.add(node.code)
            node = by_code[node.parent]
    return problems
