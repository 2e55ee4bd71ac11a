"""The district's industrial parks (园区) and which industry chains each admits.

Demo layout, not survey data: each park is placed on the subdivision it lies in, using the
subdivision codes and the district / 重庆高新区 management split of district-facts.md §2 and the
rough seed points grid-event uses for its demo grid. The chain rules (which chains a park admits
and leads with) follow the chains of issue 12 — the 西彭 group around aluminium (non-ferrous
metals), the western Science City towns around electronics — and are the bureau's to edit.
"""

from __future__ import annotations

from dataclasses import dataclass

DISTRICT = "九龙坡区"
HIGH_TECH_ZONE = "重庆高新区"


@dataclass(frozen=True)
class Park:
    id: str
    name: str
    subdistrict_codes: tuple[str, ...]
    managed_by: str
    allowed_chains: tuple[str, ...]  # empty = any chain
    focus_chains: tuple[str, ...]
    center: tuple[float, float]  # (lon, lat) WGS-84, ±1–2 km

    def admits(self, chain_code: str) -> bool:
        return not self.allowed_chains or chain_code in self.allowed_chains


PARKS: tuple[Park, ...] = (
    Park("xipeng", "九龙工业园区西彭组团", ("500107110", "500107111"), DISTRICT,
         ("NON_FERROUS", "AUTO_MOTO", "ELECTRICAL_MACHINERY"), ("NON_FERROUS",), (106.320, 29.330)),
    Park("huayan", "九龙工业园区华岩组团", ("500107102",), DISTRICT,
         ("AUTO_MOTO", "ELECTRICAL_MACHINERY", "ELECTRONICS"), ("AUTO_MOTO", "ELECTRICAL_MACHINERY"),
         (106.445, 29.465)),
    Park("taojia", "九龙工业园区陶家组团", ("500107109",), DISTRICT,
         ("AUTO_MOTO", "NON_FERROUS"), ("AUTO_MOTO",), (106.440, 29.375)),
    Park("jinfeng", "重庆高新区金凤片区", ("500107104",), HIGH_TECH_ZONE,
         ("ELECTRONICS", "SOFTWARE", "ELECTRICAL_MACHINERY"), ("ELECTRONICS",), (106.385, 29.565)),
    Park("hangu", "重庆高新区含谷片区", ("500107103",), HIGH_TECH_ZONE,
         (), ("ELECTRONICS", "AUTO_MOTO"), (106.355, 29.520)),
    Park("erlang", "二郎科技园", ("500107008",), DISTRICT,
         ("SOFTWARE", "ELECTRONICS"), ("SOFTWARE",), (106.468, 29.530)),
)
BY_ID: dict[str, Park] = {p.id: p for p in PARKS}
