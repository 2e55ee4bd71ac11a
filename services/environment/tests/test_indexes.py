"""Every query the service sends to its store is served by a declared index on MongoDB.

The embedded store has no real indexes (DESIGN §4), so this test records the filter and sort
of every find / update / count the service issues while it is used as the bureau, the
devices and the ops centre use it, and checks each against the indexes `ensure_indexes`
created: the equality fields must be an index's leading fields, followed by the sort fields
in order, with the range fields in the index too. Look-ups by `_id` use the primary key.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from mongomock import collection as mm

from jlp.environment.v1 import environment_pb2 as pb
from jlp_environment.domain.timebase import HOUR, hour_floor

from .conftest import DEVICE, READER, bearer, make_station
from .test_service import hourly

RANGE_OPS = {"$gt", "$gte", "$lt", "$lte"}


@pytest.fixture
def recorded(monkeypatch) -> Iterator[list[dict[str, Any]]]:
    records: list[dict[str, Any]] = []
    find = mm.Collection.find

    def recording_find(self, filter=None, *args, **kwargs):  # noqa: A002 - pymongo's name
        cursor = find(self, filter, *args, **kwargs)
        record = {"collection": self.name, "filter": dict(filter or {}), "sort": []}
        records.append(record)
        sort = cursor.sort

        def recording_sort(key_or_list, direction=None):
            keys = [key_or_list] if isinstance(key_or_list, str) else \
                [k for k, _d in key_or_list]
            record["sort"] = keys
            return sort(key_or_list) if direction is None else sort(key_or_list, direction)

        cursor.sort = recording_sort
        return cursor

    def wrap(name: str):
        original = getattr(mm.Collection, name)

        def recording(self, filter, *args, **kwargs):  # noqa: A002
            records.append({"collection": self.name, "filter": dict(filter or {}), "sort": []})
            return original(self, filter, *args, **kwargs)
        return recording

    monkeypatch.setattr(mm.Collection, "find", recording_find)
    for name in ("update_one", "update_many", "count_documents", "delete_many"):
        monkeypatch.setattr(mm.Collection, name, wrap(name))
    yield records


def shape(query: dict[str, Any]) -> tuple[set[str], set[str]]:
    """(equality fields, range fields) of a filter; `$or` branches count as ranges."""
    equal, ranged = set(), set()
    for key, value in query.items():
        if key == "$or":
            for branch in value:
                e, r = shape(branch)
                ranged |= e | r
        elif isinstance(value, dict) and set(value) & RANGE_OPS:
            ranged.add(key)
        elif isinstance(value, dict) and set(value) - {"$in"}:
            continue  # $ne / $exists: applied to the documents the index found
        else:
            equal.add(key)
    return equal, ranged


def served(index: list[str], equal: set[str], ranged: set[str], sort: list[str]) -> bool:
    lead = index[:len(equal)]
    if set(lead) != equal:
        return False
    order = [k for k in sort if k not in equal]
    if index[len(equal):len(equal) + len(order)] != order:
        return False  # the store would sort the matches in memory
    return ranged <= set(index)


def indexes_of(db, name: str) -> list[list[str]]:
    info = db[name].index_information()
    return [[k for k, _d in spec["key"]] for spec in info.values()]


def test_every_query_path_has_an_index(app, stub, signer, clock, api, recorded) -> None:
    env = app.environment
    reader, device = bearer(signer, READER), bearer(signer, DEVICE)
    air = [make_station(stub, signer, f"IX-A{i}", lon=106.3 + 0.1 * i).id for i in range(3)]
    make_station(stub, signer, "IX-N", pb.NOISE, noise_zone="2")
    first = hour_floor(clock()) - 8 * HOUR
    readings = [hourly(sid, "pm25", 300, first + i * HOUR) for sid in air
                for i in range(4)]
    stub.BatchCreateReadings(pb.BatchCreateReadingsRequest(readings=readings), metadata=device)
    # the bureau, the ops centre, the public
    for url in ("/api/v1/environment/stations?kind=AIR&pageSize=1",
                "/api/v1/environment/stations?subdistrictCode=500107001",
                "/api/v1/environment/latest", "/api/v1/environment/aqi/ranking",
                "/api/v1/environment/aqi/ranking?scope=SUBDISTRICT",
                f"/api/v1/environment/stations/{air[0]}/series?metric=pm25&interval=HOUR",
                f"/api/v1/environment/stations/{air[0]}/series?metric=aqi&interval=DAY",
                f"/api/v1/environment/stations/{air[0]}/assessment"):
        assert api.get(url).status_code == 200, url
    listed = api.get("/api/v1/environment/stations?kind=AIR&pageSize=1").get_json()
    api.get(f"/api/v1/environment/stations?kind=AIR&pageSize=1&pageToken="
            f"{listed['nextPageToken']}")
    for query in ("", "?state=OPEN", "?state=CLEARED", f"?stationId={air[0]}",
                  f"?state=OPEN&stationId={air[0]}", "?state=OPEN&pageSize=1"):
        got = stub.ListAlerts(pb.ListAlertsRequest(
            state=pb.OPEN if "OPEN" in query else (pb.CLEARED if "CLEARED" in query else 0),
            station_id=air[0] if "station" in query else "",
            page_size=1 if "pageSize" in query else 0), metadata=reader)
        if got.next_page_token:
            stub.ListAlerts(pb.ListAlertsRequest(state=pb.OPEN, page_size=1,
                                                 page_token=got.next_page_token),
                            metadata=reader)
    env.sweep()
    stub.ListAlertRules(pb.ListAlertRulesRequest(station_kind=pb.AIR), metadata=reader)

    db = env.store.collection.database
    unserved = []
    for record in recorded:
        if record["collection"] not in db.list_collection_names():
            continue
        query = {k: v for k, v in record["filter"].items() if not k.startswith("outbox")}
        equal, ranged = shape(query)
        if "_id" in equal:
            continue  # primary key
        if not (equal or ranged or record["sort"]):
            continue  # a whole-collection read (only the tiny rule set does this)
        if not any(served(ix, equal, ranged, record["sort"])
                   for ix in indexes_of(db, record["collection"])):
            unserved.append((record["collection"], sorted(equal), sorted(ranged),
                             record["sort"]))
    assert not unserved, "\n".join(sorted(set(map(str, unserved))))
