"""Insert-if-absent: the one storage helper this service adds to jlp_common.atomic.

A document whose `_id` (or unique key) is its business key — a contribution record's
person:type:month — is created by whoever inserts first; a repeat, a resumed run or a
concurrent writer gets False instead of a duplicate (the database decides).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pymongo.errors import DuplicateKeyError

from jlp_common.atomic import atomic


def insert_absent(collection: Any, document: Mapping[str, Any]) -> bool:
    """Insert unless a document with the same `_id` (or unique key) exists: True when inserted."""
    with atomic():
        try:
            collection.insert_one(dict(document))
        except DuplicateKeyError:
            return False
    return True
