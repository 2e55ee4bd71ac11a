"""The seed category dictionary, in two editions, each entry with a department and time limits.

Sources (shared/reference/grid-management-gbt30428.md §3): GB/T 30428.2-2013 lineage event codes
(§3.4a, 4 digits, [S] from implementations) and component examples (§3.4c); GB/T 47678.5-2026
matters (§3.4b, 5 digits, one repo's transcription of Annex C, [S]) and components (§3.4c). The
2026 series is in force since 2026-07-01 and replaces 30428.2, so new reports default to 2026
codes while old cases keep their 2013 ones: both are kept, side by side, with equivalents.
Time limits follow the published examples of §4.1 (renrendoc/济源/太原) where one exists and the
reference's default otherwise; all of it is editable data (CategoryService.UpdateCategory).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jlp_grid_event.domain import departments as d
from jlp_grid_event.domain.deadlines import TimeLimit, TimeUnit, Urgency

EDITIONS = {"2013": "GB/T 30428.2-2013", "2026": "GB/T 47678.5-2026"}
CURRENT_EDITION = "2026"
EXTENSION_REF = "GB/T 47678.5-2026 + 九龙坡区扩展"
EVENT, COMPONENT = 1, 2  # proto CategoryKind numbers
KIND_NAMES = {EVENT: "event", COMPONENT: "component"}


@dataclass(frozen=True)
class CategorySpec:
    edition: str
    kind: int
    code: str
    name: str
    major_name: str
    department_id: str
    limits: tuple[TimeLimit, ...]
    equivalent_id: str = ""
    group: str = ""
    standard_ref: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def id(self) -> str:
        return category_id(self.edition, self.kind, self.code)

    @property
    def major_code(self) -> str:
        return self.code[:2]


def category_id(edition: str, kind: int, code: str) -> str:
    """"2026-event-06010": readable, unique across editions and kinds (2013 events and
    components share 4-digit codes, 2026 matters and components share 5-digit ones)."""
    return f"{edition}-{KIND_NAMES[kind]}-{code}"


def limits(amount: int, unit: TimeUnit, urgent_minutes: int = 120) -> tuple[TimeLimit, ...]:
    """Normal limits (立案 30 min, 派遣 30 min, 核查 60 min: reference §4.1 default) and urgent
    ones (10/10 min, natural-time handling: Taiyuan's urgent tier)."""
    urgent_amount, urgent_unit = urgent_minutes, TimeUnit.NATURAL_MINUTES
    if unit == TimeUnit.NATURAL_MINUTES and amount < urgent_minutes:
        urgent_amount = amount
    return (TimeLimit(Urgency.NORMAL, 30, 30, amount, unit, 60),
            TimeLimit(Urgency.URGENT, 10, 10, urgent_amount, urgent_unit, 60))


WH, WD, NM = TimeUnit.WORKING_HOURS, TimeUnit.WORKING_DAYS, TimeUnit.NATURAL_MINUTES
ONE_DAY = limits(1, WD)

# (major code, major name, default department, Open311 group)
MAJORS_2013 = {
    "01": ("市容环境", d.URBAN_MANAGEMENT, "sanitation"),
    "02": ("宣传广告", d.URBAN_MANAGEMENT, "advertising"),
    "03": ("施工管理", d.HOUSING_CONSTRUCTION, "construction"),
    "04": ("突发事件", d.EMERGENCY, "emergency"),
    "05": ("街面秩序", d.URBAN_MANAGEMENT, "street order"),
}
# 2026 big classes of event-type matters: names inferred from their members [U]; 01 mirrors
# the component class 市政公用设施 (component-abnormal matters, §3.1).
MAJORS_2026 = {
    "01": ("市政公用设施异常", d.URBAN_MANAGEMENT, "facilities"),
    "06": ("市容环境", d.URBAN_MANAGEMENT, "sanitation"),
    "07": ("宣传广告", d.URBAN_MANAGEMENT, "advertising"),
    "08": ("施工管理", d.HOUSING_CONSTRUCTION, "construction"),
    "09": ("街面秩序", d.URBAN_MANAGEMENT, "street order"),
    "10": ("第10大类(名称待核)", d.EMERGENCY, "emergency"),
    "99": ("扩展事项(区自定义)", d.ECOLOGY_ENVIRONMENT, "environment"),
}
COMPONENT_MAJORS_2013 = {"01": "公用设施", "02": "道路交通", "03": "市容环境", "04": "园林绿化",
                         "05": "房屋土地", "06": "其他设施"}
COMPONENT_MAJORS_2026 = {"01": "市政公用设施", "02": "交通设施", "03": "市容环卫设施",
                         "04": "园林绿化设施", "05": "其他管理部件"}

# 2013 events: code → (name, handling limit or None for the major's default, department or None)
EVENTS_2013: dict[str, tuple[str, tuple[TimeLimit, ...] | None, str | None]] = {
    "0101": ("私搭乱建", limits(20, WD), None),
    "0102": ("暴露垃圾", limits(4, WH), None),
    "0103": ("积存垃圾渣土", limits(2, WD), None),
    "0104": ("道路不洁", limits(2, WH), None),
    "0105": ("水域不洁", limits(15, WD), d.WATER),
    "0106": ("绿地脏乱", limits(4, WH), None),
    "0107": ("废弃车辆", None, None),
    "0108": ("废弃家具设备", None, None),
    "0109": ("非装饰性树挂", None, None),
    "0110": ("道路破损", limits(2, WD), None),
    "0111": ("河堤破损", limits(5, WD), d.WATER),
    "0112": ("道路遗撒", limits(2, WH), None),
    "0113": ("建筑物外立面不洁", limits(5, WD), None),
    "0114": ("水域秩序问题", None, d.WATER),
    "0115": ("焚烧树叶、垃圾", limits(120, NM), d.ECOLOGY_ENVIRONMENT),
    "0116": ("油烟污染", None, d.ECOLOGY_ENVIRONMENT),
    "0117": ("动物尸体", limits(4, WH), None),
    "0118": ("擅自饲养家禽家畜", None, None),
    "0201": ("非法小广告", None, None),
    "0202": ("违章张贴悬挂广告牌匾", None, None),
    "0203": ("占道广告牌", None, None),
    "0204": ("街头散发广告", None, None),
    "0205": ("广告招牌破损", None, None),
    "0301": ("施工扰民", limits(4, WH), None),
    "0302": ("工地扬尘", limits(4, WH), None),
    "0303": ("施工废弃料", None, None),
    "0304": ("施工占道", None, None),
    "0305": ("无证掘路", None, None),
    "0401": ("路面塌陷", limits(120, NM), None),
    "0402": ("自来水管破裂", limits(120, NM), None),
    "0403": ("燃气管道破裂", limits(60, NM), None),
    "0404": ("下水道堵塞或破损", limits(4, WH), None),
    "0405": ("热力管道破裂", limits(120, NM), None),
    "0406": ("道路积水", limits(4, WH), None),
    "0407": ("道路积雪结冰", limits(4, WH), None),
    "0408": ("架空线缆损坏", limits(120, NM), None),
    "0409": ("群发性事件", limits(60, NM), d.PUBLIC_SECURITY),
    "0501": ("无照经营游商", None, d.MARKET_REGULATION),
    "0502": ("流浪乞讨", None, d.CIVIL_AFFAIRS),
    "0503": ("占道废品收购", None, None),
    "0504": ("店外经营", None, None),
    "0505": ("机动车乱停放", limits(2, WH), d.PUBLIC_SECURITY),
    "0506": ("非机动车乱停放", limits(2, WH), None),
    "0507": ("乱堆物堆料", None, None),
    "0508": ("商业噪音", limits(4, WH), d.ECOLOGY_ENVIRONMENT),
    "0509": ("黑车拉客", None, d.PUBLIC_SECURITY),
    "0510": ("露天烧烤", limits(120, NM), None),
    "0511": ("沿街晾挂", None, None),
    "0512": ("非法出版物销售", None, d.MARKET_REGULATION),
    "0513": ("空调室外机低挂", None, None),
}

EVENTS_2026: dict[str, tuple[str, tuple[TimeLimit, ...] | None, str | None]] = {
    "01001": ("供水井盖异常", limits(120, NM), None),
    "06001": ("私搭乱建", limits(20, WD), None),
    "06002": ("店面无证装修", None, None),
    "06003": ("违章接坡", None, None),
    "06004": ("建筑物外立面污损", limits(5, WD), None),
    "06007": ("沿街晾挂", None, None),
    "06009": ("空调室外机低挂", None, None),
    "06010": ("暴露垃圾", limits(4, WH), None),
    "06011": ("积存垃圾渣土", limits(2, WD), None),
    "06012": ("道路不洁", limits(2, WH), None),
    "06013": ("道路破损", limits(2, WD), None),
    "06014": ("道路遗撒（洒）", limits(2, WH), None),
    "06017": ("绿地脏乱", limits(4, WH), None),
    "06020": ("焚烧垃圾、树叶", limits(120, NM), d.ECOLOGY_ENVIRONMENT),
    "06025": ("水域不洁", limits(15, WD), d.WATER),
    "06027": ("油烟污染", None, d.ECOLOGY_ENVIRONMENT),
    "06028": ("噪声扰民", limits(4, WH), d.ECOLOGY_ENVIRONMENT),
    "06029": ("露天烧烤", limits(120, NM), None),
    "06034": ("废弃车辆", None, None),
    "06036": ("乱堆杂物", None, None),
    "06037": ("动物尸体", limits(4, WH), None),
    "06042": ("垃圾站（箱）满溢", limits(4, WH), None),
    "06045": ("非法占绿毁绿", None, None),
    "06051": ("盲道缺损", limits(5, WD), None),
    "07001": ("非法小广告", None, None),
    "07002": ("街头散发广告", None, None),
    "07003": ("违规户外广告", None, None),
    "07004": ("广告语言文字不规范", None, None),
    "07006": ("违规牌匾标识", None, None),
    "07007": ("违规标语宣传品", None, None),
    "08001": ("施工扰民", limits(4, WH), None),
    "08002": ("施工占道", None, None),
    "08003": ("无证掘路", None, None),
    "08004": ("工地扬尘", limits(4, WH), None),
    "08005": ("施工废弃料", None, None),
    "08007": ("施工工地围挡问题", None, None),
    "08011": ("渣土运输车辆未安装密闭装置", None, None),
    "09001": ("无照经营游商", None, d.MARKET_REGULATION),
    "09003": ("流浪乞讨", None, d.CIVIL_AFFAIRS),
    "09004": ("废品收购乱象", None, None),
    "09005": ("店外经营", None, None),
    "09006": ("占道经营", None, None),
    "09009": ("机动车乱停放", limits(2, WH), d.PUBLIC_SECURITY),
    "09010": ("非机动车乱停放", limits(2, WH), None),
    "09011": ("共享单车乱象", limits(2, WH), None),
    "09012": ("占用消防通道", limits(60, NM), None),
    "10001": ("道路积雪、结冰", limits(4, WH), None),
    "10002": ("架空线缆脱落", limits(120, NM), None),
}

# City-defined extensions (reference §3.3: "扩展事件"), for automatic sources the national list
# does not cover: environment monitoring alerts, one matter per kind of monitoring station so
# each alert reaches the department that must act on it.
AIR_POLLUTION = "99001"
SOURCE_OVER_PERMIT = "99011"
RESERVOIR_OVER_FLOOD_LIMIT = "99012"
FLOOD_POINT_PONDING = "99013"
HEAVY_RAIN = "99014"
# Tourism: a scenic area at 100 % of its maximum carrying capacity (LB/T 034-2014; Tourism Law
# Art. 45: report to the government, divert and disperse visitors) — urgent by nature.
SCENIC_AREA_AT_CAPACITY = "99021"
VIDEO_SMOKE_FIRE = "99031"
VIDEO_CROWDING = "99032"
VIDEO_ILLEGAL_FISHING = "99033"
VIDEO_INTRUSION = "99034"
VIDEO_FALLEN_TREE = "99035"
CAMERA_FAULT = "99041"
# Elderly care (social-security): an emergency-aid request for an older person that no provider
# reached within its SLA — someone must go now, so the civil-affairs bureau (which runs the
# elderly-care service platform) gets it with the shortest limit.
ELDERLY_EMERGENCY_OVERDUE = "99051"
EXTENSIONS_2026 = {
    AIR_POLLUTION: ("大气污染物超标", limits(4, WH), d.ECOLOGY_ENVIRONMENT),
    SOURCE_OVER_PERMIT: ("重点污染源超标排放", limits(4, WH), d.ECOLOGY_ENVIRONMENT),
    RESERVOIR_OVER_FLOOD_LIMIT: ("水库超汛限水位", limits(60, NM), d.WATER),
    FLOOD_POINT_PONDING: ("易涝点积水", limits(60, NM), d.EMERGENCY),
    HEAVY_RAIN: ("强降雨预警", limits(60, NM), d.EMERGENCY),
    SCENIC_AREA_AT_CAPACITY: ("景区客流达到最大承载量", limits(30, NM), d.CULTURE_TOURISM),
    # Video analytics (video-index alerts) with no national matter, and camera outages.
    VIDEO_SMOKE_FIRE: ("视频烟火告警", limits(30, NM), d.EMERGENCY),
    VIDEO_CROWDING: ("人员聚集", limits(60, NM), d.PUBLIC_SECURITY),
    VIDEO_ILLEGAL_FISHING: ("违规垂钓", limits(4, WH), d.WATER),
    VIDEO_INTRUSION: ("区域入侵", limits(60, NM), d.PUBLIC_SECURITY),
    VIDEO_FALLEN_TREE: ("树木倒伏", limits(4, WH), d.URBAN_MANAGEMENT),
    CAMERA_FAULT: ("视频监控设备故障", limits(2, WD), d.PUBLIC_SECURITY),
    ELDERLY_EMERGENCY_OVERDUE: ("老年人紧急求助超时未响应", limits(30, NM), d.CIVIL_AFFAIRS),
}

# 2013 event ↔ 2026 matter equivalents (same name or clearly the same matter).
EQUIVALENT_EVENTS = {
    "0101": "06001", "0102": "06010", "0103": "06011", "0104": "06012", "0105": "06025",
    "0106": "06017", "0107": "06034", "0110": "06013", "0112": "06014", "0113": "06004",
    "0115": "06020", "0116": "06027", "0117": "06037", "0201": "07001", "0204": "07002",
    "0301": "08001", "0302": "08004", "0303": "08005", "0304": "08002", "0305": "08003",
    "0407": "10001", "0408": "10002", "0501": "09001", "0502": "09003", "0503": "09004",
    "0504": "09005", "0505": "09009", "0506": "09010", "0507": "06036", "0508": "06028",
    "0510": "06029", "0511": "06007", "0513": "06009",
}

# Components (§3.4c): 2013 code, 2013 name, 2026 code, 2026 name.
COMPONENTS = (
    ("0101", "上水井盖", "01001", "供水井盖"), ("0102", "污水井盖", "01002", "污水井盖"),
    ("0103", "雨水井盖", "01003", "雨水井盖"), ("0104", "雨水箅子", "01004", "雨水箅子"),
    ("0105", "电力井盖", "01005", "电力井盖"), ("0106", "路灯井盖", "01006", "路灯井盖"),
    ("0107", "电信/通信井盖", "01007", "通信井盖"), ("0110", "热力井盖", "01010", "热力井盖"),
    ("0111", "燃气井盖", "01011", "燃气井盖"), ("0113", "消防设施", "01013", "消防设施"),
    ("0118", "路灯", "01037", "路灯"), ("0121", "报刊亭", "01040", "报刊亭"),
    ("0201", "停车场", "02001", "停车场"), ("0203", "公交站亭", "02004", "公交站设施"),
    ("0205", "过街天桥", "02006", "过街天桥"), ("0211", "交通护栏", "02017", "交通护栏"),
    ("0214", "交通信号灯", "02014", "交通信号灯"), ("0301", "公共厕所", "03001", "公共厕所"),
    ("0305", "垃圾箱", "03005", "垃圾箱"), ("0401", "古树名木", "04001", "古树名木"),
    ("0402", "行道树", "04002", "行道树"), ("0501", "宣传栏", "03008", "宣传栏"),
)


def _component_limits(name: str) -> tuple[TimeLimit, ...]:
    """Missing manhole covers are dangerous: 2 h natural time (Taiyuan, reference §4.1);
    street lamps 1 working day (Taiyuan); other components 1 working day."""
    return limits(120, NM) if "井盖" in name or "箅子" in name else ONE_DAY


def seed() -> list[CategorySpec]:
    """Every seed entry of both editions."""
    out: list[CategorySpec] = []
    for code, (name, lim, dept) in EVENTS_2013.items():
        major, major_dept, group = MAJORS_2013[code[:2]]
        eq = EQUIVALENT_EVENTS.get(code)
        out.append(CategorySpec("2013", EVENT, code, name, major, dept or major_dept,
                                lim or ONE_DAY, category_id("2026", EVENT, eq) if eq else "",
                                group, EDITIONS["2013"]))
    back = {v: k for k, v in EQUIVALENT_EVENTS.items()}
    for code, (name, lim, dept) in EVENTS_2026.items():
        major, major_dept, group = MAJORS_2026[code[:2]]
        eq = back.get(code)
        out.append(CategorySpec("2026", EVENT, code, name, major, dept or major_dept,
                                lim or ONE_DAY, category_id("2013", EVENT, eq) if eq else "",
                                group, EDITIONS["2026"]))
    for code, (name, lim, dept) in EXTENSIONS_2026.items():
        major, major_dept, group = MAJORS_2026[code[:2]]
        out.append(CategorySpec("2026", EVENT, code, name, major, dept or major_dept,
                                lim or ONE_DAY, "", group, EXTENSION_REF))
    for old, old_name, new, new_name in COMPONENTS:
        out.append(CategorySpec("2013", COMPONENT, old, old_name, COMPONENT_MAJORS_2013[old[:2]],
                                d.URBAN_MANAGEMENT, _component_limits(old_name),
                                category_id("2026", COMPONENT, new), "facilities", EDITIONS["2013"]))
        out.append(CategorySpec("2026", COMPONENT, new, new_name, COMPONENT_MAJORS_2026[new[:2]],
                                d.URBAN_MANAGEMENT, _component_limits(new_name),
                                category_id("2013", COMPONENT, old), "facilities", EDITIONS["2026"]))
    return out


def resolve_code(code: str) -> str:
    """The category id a bare code means: 5 digits → 2026 matter, 4 digits → 2013 event;
    a full id ("2013-component-0101") is returned unchanged."""
    code = (code or "").strip()
    if "-" in code:
        return code
    if len(code) == 5 and code.isdigit():
        return category_id("2026", EVENT, code)
    if len(code) == 4 and code.isdigit():
        return category_id("2013", EVENT, code)
    return code


# Environment station kinds (jlp.environment.v1 StationKind names) whose alerts are their own matter.
_ALERT_KIND_CATEGORY = {
    "POLLUTION_SOURCE": SOURCE_OVER_PERMIT,
    "RESERVOIR": RESERVOIR_OVER_FLOOD_LIMIT,
    "FLOOD_POINT": FLOOD_POINT_PONDING,
    "RAIN": HEAVY_RAIN,
}


def alert_category(station_kind: str, metric: str) -> str:
    """Category of an environment alert, by the kind of station that raised it: pollution
    source → 超标排放, reservoir → 超汛限, flood point → 积水, rain gauge → 强降雨; noise → 噪声扰民,
    surface water → 水域不洁; air (and anything else) → the district's 大气污染物超标 extension."""
    kind = station_kind.strip().upper()
    if kind in _ALERT_KIND_CATEGORY:
        return category_id("2026", EVENT, _ALERT_KIND_CATEGORY[kind])
    text = f"{station_kind} {metric}".lower()
    if "noise" in text or "leq" in text:
        return category_id("2026", EVENT, "06028")
    if "water" in text or any(m in text for m in ("cod", "nh3", "ammonia", "dissolved", "turbid")):
        return category_id("2026", EVENT, "06025")
    return category_id("2026", EVENT, AIR_POLLUTION)

# video-index detection labels → the matter a case is filed under: national matters where one
# exists (2026 edition), the district's extensions otherwise.
_VIDEO_LABEL_CATEGORY = {
    "illegal_parking": "09009", "illegal_vending": "09006", "littering": "06010", "road_damage": "06013",
    "garbage_overflow": "06042", "illegal_construction": "06001", "waterlogging": FLOOD_POINT_PONDING,
    "smoke_fire": VIDEO_SMOKE_FIRE, "crowding": VIDEO_CROWDING, "illegal_fishing": VIDEO_ILLEGAL_FISHING,
    "intrusion": VIDEO_INTRUSION, "fallen_tree": VIDEO_FALLEN_TREE,
}


def video_category(label: str) -> str:
    """Category of a video-analytics alert by its label; a label this table does not know goes
    to the public-order extension (区域入侵), whose owner, public security, triages it."""
    return category_id("2026", EVENT, _VIDEO_LABEL_CATEGORY.get(label.strip().lower(), VIDEO_INTRUSION))


def camera_fault_category() -> str:
    return category_id("2026", EVENT, CAMERA_FAULT)
