"""Slot inventory: one document per (spot, date, slot), changed only by conditional updates.

Places are taken by ticket id (`holders`), so taking and giving back are each exactly once:
a booking's update matches only while `available >= n` and none of its ticket ids is held yet;
a release matches only while the ticket id is held. `booked == len(holders)` by construction.
A quota change (new share, new capacity) moves `quota` and `available` together, conditioned
on the quota it was computed from.
"""

from __future__ import annotations

from datetime import date

from jlp_common.atomic import atomic, compare_and_set
from jlp_tourism.domain.slots import Slot
from jlp_tourism.models import SlotInventory
from jlp_tourism.writes import won


def inventory_id(spot_id: str, day: date | str, slot_id: str) -> str:
    return f"{spot_id}|{day if isinstance(day, str) else day.isoformat()}|{slot_id}"


def _collection():  # noqa: ANN202 - pymongo collection
    return SlotInventory._get_collection()


def ensure(spot_id: str, day: date, slots: list[Slot]) -> dict[str, dict]:
    """The inventory documents of the day's slots (created on first use), quotas brought up to
    date with the spot's current rules. Keyed by slot id."""
    out: dict[str, dict] = {}
    for slot in slots:
        key = inventory_id(spot_id, day, slot.id)
        doc = compare_and_set(_collection(), {"_id": key}, {"$setOnInsert": {
            "spot_id": spot_id, "date": day.isoformat(), "slot_id": slot.id, "start": slot.start,
            "end": slot.end, "quota": slot.quota, "available": slot.quota, "booked": 0, "holders": []}},
            upsert=True)
        while doc is not None and doc["quota"] != slot.quota:
            delta = slot.quota - doc["quota"]
            moved = compare_and_set(_collection(), {"_id": key, "quota": doc["quota"]},
                                    {"$inc": {"quota": delta, "available": delta}})
            doc = moved if moved is not None else read(key)
        out[slot.id] = doc
    return out


def peek(spot_id: str, day: date, slots: list[Slot]) -> dict[str, dict]:
    """The day's inventory without creating any (for dates outside the booking window: an
    anonymous read must not create documents): a slot never booked shows its full quota."""
    with atomic():
        found = {d["slot_id"]: d for d in _collection().find({"spot_id": spot_id, "date": day.isoformat()})}
    return {s.id: found.get(s.id) or {"quota": s.quota, "available": s.quota, "booked": 0} for s in slots}


def take(key: str, ticket_ids: list[str]) -> bool:
    """Hold one place per ticket, all or none: False when fewer places are free."""
    n = len(ticket_ids)
    return compare_and_set(_collection(), {"_id": key, "available": {"$gte": n}, "holders": {"$nin": ticket_ids}},
                           {"$inc": {"available": -n, "booked": n}, "$push": {"holders": {"$each": ticket_ids}}}) \
        is not None


def give_back(key: str, ticket_id: str) -> bool:
    """Release the ticket's place; True only for the call that released it."""
    return won(_collection(), {"_id": key, "holders": ticket_id},
                      {"$inc": {"available": 1, "booked": -1}, "$pull": {"holders": ticket_id}})


def read(key: str) -> dict | None:
    """One inventory document. Guarded like the writes: the embedded store copies a document
    while another thread may be pushing to its `holders`."""
    with atomic():
        return _collection().find_one({"_id": key})
