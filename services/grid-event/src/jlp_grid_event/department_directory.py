"""Which department codes exist: identity owns the department tree (ListDepartments); grid-event
asks it before accepting a dispatcher's department (ADR 0040, "Department check").

`DepartmentDirectory.check(code)` answers KNOWN, UNKNOWN or UNAVAILABLE from a cached set of
codes: the set is loaded on first use, reloaded when older than `ttl_s`, and reloaded on a
miss (a code not in the set — perhaps a department created since) at most every
`min_refresh_s`, so a stream of bad codes cannot hammer identity. A failed reload keeps the
previous set (department codes change rarely); with no set at all the answer is UNAVAILABLE
and the caller decides (dispatch goes ahead, marked "not verified").
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections.abc import Callable, Iterable

import grpc

from jlp_common import grpc_client
from jlp_common.config import Settings

log = logging.getLogger(__name__)

DEFAULT_TTL_S = 300.0
DEFAULT_MIN_REFRESH_S = 30.0
DEFAULT_TIMEOUT_S = 2.0


class Verdict(enum.Enum):
    KNOWN = "known"
    UNKNOWN = "unknown"
    UNAVAILABLE = "unavailable"


class DirectoryUnavailable(Exception):
    """The department list could not be fetched (identity down, refused, timed out)."""


class DepartmentDirectory:
    """A cached set of department codes over a `fetch()` that returns all of them."""

    def __init__(self, fetch: Callable[[], Iterable[str]], *, ttl_s: float = DEFAULT_TTL_S,
                 min_refresh_s: float = DEFAULT_MIN_REFRESH_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._fetch = fetch
        self.ttl_s = ttl_s
        self.min_refresh_s = min_refresh_s
        self._clock = clock
        self._lock = threading.Lock()
        self._codes: frozenset[str] | None = None
        self._loaded_at = 0.0
        self._attempted_at: float | None = None

    def check(self, code: str) -> Verdict:
        with self._lock:
            now = self._clock()
            stale = self._codes is None or now - self._loaded_at >= self.ttl_s
            if stale or code not in self._codes:  # type: ignore[operator]
                self._refresh(now)
            if self._codes is None:
                return Verdict.UNAVAILABLE
            return Verdict.KNOWN if code in self._codes else Verdict.UNKNOWN

    def _refresh(self, now: float) -> None:
        if self._attempted_at is not None and now - self._attempted_at < self.min_refresh_s:
            return
        self._attempted_at = now
        try:
            codes = frozenset(self._fetch())
        except DirectoryUnavailable as exc:
            log.warning("department list unavailable; %s", "keeping the cached list" if self._codes
                        else "departments cannot be verified", extra={"error": str(exc)})
            return
        self._codes = codes
        self._loaded_at = now


def identity_fetcher(settings: Settings, timeout_s: float = DEFAULT_TIMEOUT_S) -> Callable[[], list[str]]:
    """`fetch` calling identity's ListDepartments with the caller's token and deadline."""
    from jlp.identity.v1 import identity_pb2, identity_pb2_grpc

    target = settings.addr("identity")

    def fetch() -> list[str]:
        stub = identity_pb2_grpc.IdentityServiceStub(grpc_client.channel(target, [identity_pb2]))
        try:
            reply = grpc_client.invoke(stub.ListDepartments, identity_pb2.ListDepartmentsRequest(),
                                       timeout_s=timeout_s)
        except grpc.RpcError as exc:
            raise DirectoryUnavailable(f"{target}: {exc.code().name}") from exc
        codes = [d.code for d in reply.departments]
        if not codes:  # an empty tree is a broken identity, not a district without departments
            raise DirectoryUnavailable(f"{target}: no departments")
        return codes

    return fetch


def from_settings(settings: Settings) -> DepartmentDirectory:
    return DepartmentDirectory(
        identity_fetcher(settings, settings.get_float("JLP_DEPARTMENT_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_S)),
        ttl_s=settings.get_float("JLP_DEPARTMENT_CACHE_SECONDS", DEFAULT_TTL_S),
        min_refresh_s=settings.get_float("JLP_DEPARTMENT_REFRESH_SECONDS", DEFAULT_MIN_REFRESH_S))
