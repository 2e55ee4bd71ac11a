"""The district's industry chains (产业链) and their links (环节).

The chains are the ones issue 12 names for 九龙坡区 — automobile and motorcycle, non-ferrous
metals (the 西彭 aluminium base), electrical machinery, electronics, software and information
services. The links are a working breakdown for matching and reporting, not an official
catalogue; the bureau can extend it. `land_use_classes` are GB/T 21010-2017 first-level
classes (06 工矿仓储用地 for plants, 05 商服用地 for offices), used as the matching filter when a
project does not name its own land-use code.
"""

from __future__ import annotations

from dataclasses import dataclass

from jlp_common.errors import InvalidArgument

UPSTREAM, MIDSTREAM, DOWNSTREAM = "upstream", "midstream", "downstream"
POSITIONS = (UPSTREAM, MIDSTREAM, DOWNSTREAM)


@dataclass(frozen=True)
class Link:
    code: str
    name: str
    position: str
    land_use_classes: tuple[str, ...] = ("06",)


@dataclass(frozen=True)
class Chain:
    code: str
    name: str
    links: tuple[Link, ...]

    def link(self, code: str) -> Link | None:
        return next((lk for lk in self.links if lk.code == code), None)


CHAINS: tuple[Chain, ...] = (
    Chain("AUTO_MOTO", "汽车摩托车", (
        Link("AUTO_PARTS", "关键零部件", UPSTREAM),
        Link("POWERTRAIN", "动力总成", MIDSTREAM),
        Link("EV_SYSTEMS", "新能源三电系统", MIDSTREAM),
        Link("SMART_CONNECTED", "智能网联", MIDSTREAM, ("06", "05")),
        Link("VEHICLE", "整车制造", DOWNSTREAM),
        Link("MOTORCYCLE", "摩托车整车", DOWNSTREAM),
        Link("AFTERMARKET", "汽车后市场服务", DOWNSTREAM, ("05",)),
    )),
    Chain("NON_FERROUS", "有色金属", (
        Link("PRIMARY_ALUMINIUM", "原铝及合金熔铸", UPSTREAM),
        Link("RECYCLED_ALUMINIUM", "再生铝", UPSTREAM),
        Link("ROLLING_EXTRUSION", "铝板带箔及型材加工", MIDSTREAM),
        Link("PRECISION_PARTS", "铝合金精深加工零部件", DOWNSTREAM),
    )),
    Chain("ELECTRICAL_MACHINERY", "电气机械", (
        Link("MOTORS", "电机", MIDSTREAM),
        Link("POWER_EQUIPMENT", "输配电设备", MIDSTREAM),
        Link("CABLES", "电线电缆", UPSTREAM),
        Link("ENERGY_STORAGE", "储能装备", DOWNSTREAM),
    )),
    Chain("ELECTRONICS", "电子信息", (
        Link("SEMICONDUCTOR_MATERIALS", "半导体材料", UPSTREAM),
        Link("COMPONENTS", "电子元器件", MIDSTREAM),
        Link("DISPLAY_MODULES", "显示与模组", MIDSTREAM),
        Link("SMART_DEVICES", "智能终端", DOWNSTREAM),
    )),
    Chain("SOFTWARE", "软件和信息服务", (
        Link("BASIC_SOFTWARE", "基础软件", UPSTREAM, ("05",)),
        Link("INDUSTRIAL_SOFTWARE", "工业软件", MIDSTREAM, ("05",)),
        Link("IT_SERVICES", "信息技术服务", DOWNSTREAM, ("05",)),
        Link("DATA_SERVICES", "数据服务", DOWNSTREAM, ("05", "06")),
    )),
)
BY_CODE: dict[str, Chain] = {c.code: c for c in CHAINS}


def chain(code: str, field: str = "industry_chain") -> Chain:
    """The chain of `code`, or INVALID_ARGUMENT naming `field` and the known codes."""
    found = BY_CODE.get(code)
    if found is None:
        raise InvalidArgument.field(field, f"unknown industry chain {code!r}; one of {', '.join(BY_CODE)}")
    return found


def validate_link(chain_code: str, link_code: str, *, chain_field: str = "industry_chain",
                  link_field: str = "chain_link") -> Link | None:
    """The link of the chain (None when `link_code` is empty), or INVALID_ARGUMENT."""
    found_chain = chain(chain_code, chain_field)
    if not link_code:
        return None
    found = found_chain.link(link_code)
    if found is None:
        codes = ", ".join(lk.code for lk in found_chain.links)
        raise InvalidArgument.field(link_field, f"{link_code!r} is not a link of {chain_code}; one of {codes}")
    return found


def partner_links(chain_code: str, link_code: str) -> frozenset[str]:
    """Links a plant of `link_code` buys from or sells to: the links one position up and one
    down the chain (a midstream link partners both sides; with no link given, every link)."""
    c = BY_CODE[chain_code]
    own = c.link(link_code) if link_code else None
    if own is None:
        return frozenset(lk.code for lk in c.links)
    index = POSITIONS.index(own.position)
    near = {POSITIONS[i] for i in (index - 1, index + 1) if 0 <= i < len(POSITIONS)}
    return frozenset(lk.code for lk in c.links if lk.position in near)
