"""An indexed store stand-in for the ingest benches: `_id` look-ups through a key, as MongoDB's
`_id` index gives, instead of mongomock's scan of the whole collection (DESIGN §4).

mongomock answers every query by testing each stored document against the filter, so a
service that reads and updates its buckets by `_id` pays O(stored documents) per look-up while
a bare `insert_many` pays nothing of the kind: the comparison would measure mongomock, not the
service. `indexed_ids()` makes filters whose `_id` is a value or `{"$in": [...]}` consider only
the documents with those keys (the rest of the filter, if any, is still applied, so version
guards hold); every other query scans as before. Applied to the service and to its bare baseline
alike, in the bench process only.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from mongomock import filtering
from mongomock.collection import Collection


def _keys(spec: Any) -> list[Any] | None:
    """The `_id` values a filter is restricted to, or None when it is not (scan)."""
    if not isinstance(spec, dict) or "_id" not in spec:
        return None
    wanted = spec["_id"]
    if isinstance(wanted, dict):
        if set(wanted) == {"$in"}:
            return list(wanted["$in"])
        return None
    return [wanted]


@contextlib.contextmanager
def indexed_ids() -> Iterator[None]:
    original = Collection._iter_documents

    def iter_documents(self: Collection, spec: Any) -> Any:
        keys = _keys(spec)
        if keys is None:
            return original(self, spec)
        store = self._store
        if any(isinstance(k, dict | list) for k in keys):
            return original(self, spec)  # compound keys: mongomock's own matching
        found = [store[k] for k in dict.fromkeys(keys) if k in store]
        if len(spec) == 1:  # only `_id`: the key look-up is the whole answer
            return iter(found)
        return (d for d in found if filtering.filter_applies(spec, d))

    Collection._iter_documents = iter_documents  # type: ignore[method-assign]
    try:
        yield
    finally:
        Collection._iter_documents = original  # type: ignore[method-assign]
