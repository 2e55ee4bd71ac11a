"""JetStream stream provisioning: one stream per event domain plus the dead-letter stream.

DESIGN §3 Events: stream `JLP_<DOMAIN>` holds subjects `jlp.<domain>.>`. File storage so events
survive a server restart; a 2-minute duplicate window (the server default, stated explicitly)
is what makes `Nats-Msg-Id` de-duplicate re-published events (reference/cloudevents-nats.md §4);
replicas from `JLP_NATS_REPLICAS` (1 locally, 3 in the production chart's clustered NATS).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from nats.js import JetStreamContext, api
from nats.js.errors import BadRequestError, NotFoundError

from jlp_common.config import Settings

log = logging.getLogger(__name__)

STREAM_PREFIX = "JLP_"
DEADLETTER_STREAM = "JLP_DEADLETTER"
DEADLETTER_SUBJECT_PREFIX = "jlp.deadletter"
DUPLICATE_WINDOW_S = 120.0
DEFAULT_MAX_AGE_HOURS = 7 * 24  # domain events: a week of replay for new or lagging consumers
DEFAULT_DEADLETTER_MAX_AGE_HOURS = 30 * 24  # poison messages: a month for someone to look
_DOMAIN = re.compile(r"^[a-z][a-z0-9]*$")


def stream_name(domain: str) -> str:
    """`grid` -> `JLP_GRID`."""
    if not _DOMAIN.match(domain) or domain == "deadletter":
        raise ValueError(f"invalid event domain {domain!r}")
    return STREAM_PREFIX + domain.upper()


def domain_of_stream(stream: str) -> str:
    """`JLP_GRID` -> `grid` (the inverse of stream_name)."""
    if not stream.startswith(STREAM_PREFIX) or stream == DEADLETTER_STREAM:
        raise ValueError(f"{stream!r} is not a domain stream name JLP_<DOMAIN>")
    domain = stream.removeprefix(STREAM_PREFIX).lower()
    stream_name(domain)
    return domain


@dataclass(frozen=True)
class StreamSpec:
    """The parts of a stream's configuration this platform manages."""

    name: str
    subjects: tuple[str, ...]
    replicas: int = 1
    max_age_s: float = DEFAULT_MAX_AGE_HOURS * 3600.0
    duplicate_window_s: float = DUPLICATE_WINDOW_S

    def config(self) -> api.StreamConfig:
        return api.StreamConfig(
            name=self.name,
            subjects=list(self.subjects),
            retention=api.RetentionPolicy.LIMITS,
            storage=api.StorageType.FILE,
            num_replicas=self.replicas,
            max_age=self.max_age_s,
            duplicate_window=self.duplicate_window_s,
            discard=api.DiscardPolicy.OLD,
        )

    def differs_from(self, current: api.StreamConfig) -> bool:
        return (sorted(current.subjects or []) != sorted(self.subjects)
                or (current.num_replicas or 1) != self.replicas
                or abs((current.max_age or 0) - self.max_age_s) > 1e-3
                or abs((current.duplicate_window or 0) - self.duplicate_window_s) > 1e-3)


@dataclass(frozen=True)
class StreamPolicy:
    """Stream settings read once from the environment."""

    replicas: int = 1
    max_age_s: float = DEFAULT_MAX_AGE_HOURS * 3600.0
    deadletter_max_age_s: float = DEFAULT_DEADLETTER_MAX_AGE_HOURS * 3600.0

    @classmethod
    def from_settings(cls, settings: Settings) -> StreamPolicy:
        replicas = settings.get_int("JLP_NATS_REPLICAS", 1)
        if replicas < 1:
            raise ValueError(f"JLP_NATS_REPLICAS={replicas} must be at least 1")
        return cls(
            replicas=replicas,
            max_age_s=settings.get_float("JLP_NATS_STREAM_MAX_AGE_HOURS",
                                         DEFAULT_MAX_AGE_HOURS) * 3600.0,
            deadletter_max_age_s=settings.get_float("JLP_NATS_DEADLETTER_MAX_AGE_HOURS",
                                                    DEFAULT_DEADLETTER_MAX_AGE_HOURS) * 3600.0,
        )

    def domain(self, domain: str) -> StreamSpec:
        return StreamSpec(stream_name(domain), (f"jlp.{domain}.>",), self.replicas, self.max_age_s)

    def deadletter(self) -> StreamSpec:
        return StreamSpec(DEADLETTER_STREAM, (f"{DEADLETTER_SUBJECT_PREFIX}.>",), self.replicas,
                          self.deadletter_max_age_s)


async def ensure_stream(js: JetStreamContext, spec: StreamSpec) -> api.StreamInfo:
    """Create the stream, or bring an existing one to `spec` (every service calls this at start).

    Storage type cannot change on a live stream, so only subjects, replicas, max age and the
    duplicate window are reconciled. Two services racing to create the same stream is fine:
    the loser finds it and, the specs being equal, leaves it alone.
    """
    try:
        info = await js.stream_info(spec.name)
    except NotFoundError:
        try:
            return await js.add_stream(spec.config())
        except BadRequestError:  # created concurrently with a different config: reconcile below
            info = await js.stream_info(spec.name)
    if spec.differs_from(info.config):
        log.info("updating stream", extra={"stream": spec.name, "replicas": spec.replicas})
        return await js.update_stream(spec.config())
    return info
