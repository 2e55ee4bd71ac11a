"""Synthetic demo data: persons, households, employers, enrolments and care providers.

Pure and seeded: the same seed gives the same district. No real person: names are drawn from
common surnames and given-name characters, ID numbers are built with valid GB 11643 check
characters (resident_id.synthetic_resident_id) on Chongqing address codes, phones use the 1xx
test-looking range 170/171 (virtual operators), and nobody gets a real address. Subdistricts are
the district's 19 units (reference district-facts.md §2). Providers are generated per
subdistrict with GB 32100 codes of civil-affairs registered organisations (52…, §2 of the ids
reference), employers with market-regulation codes (91…).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from .credit_code import ALPHABET, check_character
from .households import Relation
from .insurance import InsuranceType
from .resident_id import synthetic_resident_id
from .retirement import RetirementGroup, statutory_retirement

# reference district-facts.md §2 (NBS 2023 statistical codes)
SUBDISTRICTS: tuple[tuple[str, str], ...] = (
    ("500107001", "杨家坪街道"), ("500107002", "黄桷坪街道"), ("500107003", "谢家湾街道"),
    ("500107004", "石坪桥街道"), ("500107005", "石桥铺街道"), ("500107006", "中梁山街道"),
    ("500107007", "渝州路街道"), ("500107008", "二郎街道"), ("500107009", "九龙街道"),
    ("500107102", "华岩镇"), ("500107103", "含谷镇"), ("500107104", "金凤镇"), ("500107105", "白市驿镇"),
    ("500107106", "走马镇"), ("500107107", "石板镇"), ("500107108", "巴福镇"), ("500107109", "陶家镇"),
    ("500107110", "西彭镇"), ("500107111", "铜罐驿镇"),
)
# Chongqing county codes of first registration (GB/T 2260): 九龙坡 mostly, some neighbours.
ADDRESS_CODES = ("500107",) * 6 + ("500103", "500106", "500108", "500104")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉玲建国文斌宇浩凯欣怡思雨晨阳"
# GB 11714 organisation-code check: full-alphabet values (A=10 … Z=35), ids reference §2.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class DemoPerson:
    key: str
    id_number: str
    name: str
    male: bool
    birth_date: date
    phone: str
    subdistrict_code: str
    household_key: str
    relation: Relation
    retirement_group: RetirementGroup


@dataclass(frozen=True)
class DemoHousehold:
    key: str
    subdistrict_code: str
    members: tuple[tuple[str, Relation], ...]
    aid_status: str
    annual_income: Decimal
    rigid_spending: Decimal


@dataclass(frozen=True)
class DemoEmployer:
    credit_code: str
    name: str
    work_injury_class: int


@dataclass(frozen=True)
class DemoEnrolment:
    person_key: str
    insurance_type: InsuranceType
    employer_credit_code: str
    monthly_wage: Decimal
    effective_from: date
    work_injury_class: int | None


@dataclass(frozen=True)
class DemoProvider:
    key: str
    name: str
    credit_code: str
    subdistrict_codes: tuple[str, ...]
    service_types: tuple[str, ...]
    capacity: int


@dataclass
class DemoData:
    persons: list[DemoPerson] = field(default_factory=list)
    households: list[DemoHousehold] = field(default_factory=list)
    employers: list[DemoEmployer] = field(default_factory=list)
    enrolments: list[DemoEnrolment] = field(default_factory=list)
    providers: list[DemoProvider] = field(default_factory=list)


def _org_code(rng: random.Random) -> str:
    """A GB 11714 organisation code: 8 characters + its check character."""
    full = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    body = "".join(rng.choice(ALPHABET) for _ in range(8))
    total = sum(full.index(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    c9 = 11 - total % 11
    return body + ("X" if c9 == 10 else "0" if c9 == 11 else str(c9))


def synthetic_credit_code(rng: random.Random, prefix: str, region: str = "500107") -> str:
    """A GB 32100 code (check character valid) for a synthetic organisation."""
    first17 = prefix + region + _org_code(rng)  # the inner check (0-9, X) is in the USCC alphabet too
    return first17 + check_character(first17)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _birth(rng: random.Random, first_year: int, last_year: int) -> date:
    start, end = date(first_year, 1, 1), date(last_year, 12, 31)
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def generate(seed: int = 107, households: int = 120, today: date = date(2026, 6, 1),
             providers_per_subdistrict: tuple[int, int] = (1, 2)) -> DemoData:
    """A synthetic district: `households` households (1–5 members, ~300 persons for 120)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
    data = DemoData()
    used_numbers: set[str] = set()

    def new_person(hkey: str, relation: Relation, born: date, male: bool, area: str) -> DemoPerson:
        while True:
            seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
            number = synthetic_resident_id(rng.choice(ADDRESS_CODES), born, seq)
            if number not in used_numbers:
                used_numbers.add(number)
                break
        group = RetirementGroup.MEN_60 if male else rng.choice((RetirementGroup.WOMEN_50, RetirementGroup.WOMEN_55))
        person = DemoPerson(f"person-{len(data.persons) + 1:04d}", number, _name(rng), male, born,
                            f"17{rng.randrange(0, 2)}{rng.randrange(10**8):08d}", area, hkey, relation, group)
        data.persons.append(person)
        return person

    for h in range(households):
        hkey = f"household-{h + 1:04d}"
        area = rng.choice(SUBDISTRICTS)[0]
        head_male = rng.random() < 0.6
        head = new_person(hkey, Relation.HEAD, _birth(rng, 1940, 1998), head_male, area)
        members = [(head.key, Relation.HEAD)]
        if rng.random() < 0.7:
            spouse_birth = _birth(rng, max(1938, head.birth_date.year - 6), min(2000, head.birth_date.year + 6))
            members.append((new_person(hkey, Relation.SPOUSE, spouse_birth, not head_male, area).key, Relation.SPOUSE))
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            first = min(head.birth_date.year + 20, today.year - 1)
            born = _birth(rng, first, min(first + 20, today.year - 1))
            members.append((new_person(hkey, Relation.CHILD, born, rng.random() < 0.5, area).key, Relation.CHILD))
        if rng.random() < 0.15:
            born = _birth(rng, head.birth_date.year - 35, head.birth_date.year - 20)
            members.append((new_person(hkey, Relation.PARENT, born, rng.random() < 0.5, area).key, Relation.PARENT))
        income = Decimal(rng.randrange(3000, 160000))
        aid = rng.choices(("NO_AID", "MINIMUM_LIVING", "EXTREME_POVERTY", "LOW_INCOME", "MONITORED"),
                          weights=(80, 8, 2, 6, 4))[0]
        if aid != "NO_AID":
            income = Decimal(rng.randrange(2000, 14000) * len(members))
        data.households.append(DemoHousehold(hkey, area, tuple(members), aid, income,
                                             Decimal(rng.randrange(0, 30000))))

    for i in range(12):
        data.employers.append(DemoEmployer(synthetic_credit_code(rng, "91"), f"九龙坡示例企业{i + 1:02d}（虚构）",
                                           rng.randint(1, 8)))
    for person in data.persons:
        age = (today - person.birth_date).days // 365
        retire = statutory_retirement(person.birth_date, person.retirement_group).month
        if age < 18 or retire.first_day <= today or rng.random() < 0.2:
            continue
        employer = rng.choice(data.employers)
        wage = Decimal(rng.choice((rng.randrange(2200, 3699), rng.randrange(3699, 18495), rng.randrange(3699, 18495),
                                   rng.randrange(18495, 40000))))
        start = max(date(person.birth_date.year + 18, 1, 1), _birth(rng, 2005, 2025).replace(day=1))
        for insurance_type in InsuranceType:
            data.enrolments.append(DemoEnrolment(
                person.key, insurance_type, employer.credit_code, wage, start,
                employer.work_injury_class if insurance_type is InsuranceType.WORK_INJURY else None))

    service_sets = (("EMERGENCY_AID", "MEALS", "CLEANING", "DAILY_CARE"), ("MEALS", "BATHING", "MEDICAL_ESCORT"),
                    ("EMERGENCY_AID", "CLEANING", "BATHING", "MEDICAL_ESCORT", "DAILY_CARE"))
    for code, name in SUBDISTRICTS:
        for j in range(rng.randint(*providers_per_subdistrict)):
            data.providers.append(DemoProvider(
                f"provider-{code}-{j + 1}", f"{name}居家养老服务站{j + 1}（虚构）", synthetic_credit_code(rng, "52"),
                (code,), rng.choice(service_sets), rng.randint(3, 12)))
    return data
