"""The service's one spelling of "a conditional single-document update, and did it win?"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jlp_common.atomic import compare_and_set


def won(collection: Any, filter_: Mapping[str, Any], update: Mapping[str, Any]) -> bool:
    """Apply `update` to the one document matching `filter_` (atomically, also on the embedded
    store); True when it matched, False when another writer got there first."""
    return compare_and_set(collection, filter_, update) is not None
