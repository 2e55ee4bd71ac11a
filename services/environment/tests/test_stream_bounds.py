"""A long device stream keeps bounded memory: readings are stored chunk by chunk and the
rejected details kept for the answer stop at a cap (the count still covers every one)."""

from __future__ import annotations

from datetime import timedelta

from jlp.environment.v1 import environment_pb2 as pb
from jlp_environment import ingest, servicer

from .conftest import DEVICE, bearer, make_station
from .test_service import ts


def test_stream_rejections_are_counted_in_full_but_listed_up_to_a_cap(stub, signer, clock,
                                                                       monkeypatch) -> None:
    monkeypatch.setattr(servicer, "STREAM_CHUNK", 10)
    monkeypatch.setattr(ingest, "MAX_REPORTED", 7)
    sid = make_station(stub, signer).id
    end = clock()
    readings = [pb.Reading(station_id=sid if i % 2 else "nope", metric="o3", value=80,
                           observed_at=ts(end - timedelta(seconds=30 * i))) for i in range(40)]

    def messages():
        for start in range(0, len(readings), 4):
            yield pb.StreamReadingsRequest(readings=readings[start:start + 4])

    r = stub.StreamReadings(messages(), metadata=bearer(signer, DEVICE))
    assert (r.accepted_count, r.rejected_count) == (20, 20)
    assert [x.index for x in r.rejected] == [0, 2, 4, 6, 8, 10, 12]  # the first 7, in order
