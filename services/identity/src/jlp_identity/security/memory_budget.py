"""How many argon2 hashes identity may compute at once without outgrowing its memory limit.

Each argon2id hash holds its whole memory cost while it runs (64 MiB with the production
profile, security/hashing.py), and sign-in and registration are public: unbounded, the 16
gRPC worker threads hash at once (1 GiB) in a pod limited to 512 MiB, and anyone can have it
killed. The number of hashing slots is therefore what the memory limit leaves after the
process's own needs, divided by one hash's memory. The limit is the container's (cgroup v2
`memory.max`, or v1 `memory.limit_in_bytes`) unless `JLP_IDENTITY_HASH_CONCURRENCY` says
otherwise; without a readable limit a small constant is used.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

MIB = 1024 * 1024
# The identity process without any hash running: interpreter, gRPC, the MongoDB client, the
# key ring, the embedded store of a local run (measured: ~90 MiB besides the hashes; kept with
# a margin, since the kernel kills at the limit and allocators do not return memory at once).
RESERVED_BYTES = 192 * MIB
# Without a readable limit: two hashes at once (128 MiB), a safe figure for any small container.
FALLBACK_SLOTS = 2
# More slots than this gain nothing (argon2 is CPU-bound; identity has 1-2 cores) and only
# hold memory.
MAX_SLOTS = 8
CGROUP_LIMIT_FILES = (Path("/sys/fs/cgroup/memory.max"),
                      Path("/sys/fs/cgroup/memory/memory.limit_in_bytes"))
_UNLIMITED = 1 << 60  # cgroup v1 reports "no limit" as a number near 2**63


def memory_limit(files: Iterable[Path] = CGROUP_LIMIT_FILES) -> int | None:
    """The container's memory limit in bytes, or None when there is none or it is unreadable."""
    for path in files:
        try:
            raw = path.read_text().strip()
        except OSError:
            continue
        if raw.isdigit() and int(raw) < _UNLIMITED:
            return int(raw)
        return None  # "max", or v1's huge number: no limit
    return None


def hash_slots(limit_bytes: int, per_hash_bytes: int, reserved_bytes: int = RESERVED_BYTES) -> int:
    """Hashes that fit at once in `limit_bytes` next to the process's own `reserved_bytes`
    (at least one: a service that cannot hash cannot sign anybody in)."""
    spare = limit_bytes - reserved_bytes
    return max(1, min(MAX_SLOTS, spare // max(1, per_hash_bytes)))


def default_slots(per_hash_bytes: int, files: Iterable[Path] = CGROUP_LIMIT_FILES) -> int:
    limit = memory_limit(files)
    return FALLBACK_SLOTS if limit is None else hash_slots(limit, per_hash_bytes)
