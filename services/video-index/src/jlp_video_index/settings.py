"""video-index's own `JLP_` variables (on top of jlp_common.config's platform and service ones),
read and checked once at start so a bad value stops the process naming the variable."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from jlp_common.config import ConfigError, Settings, Var
from jlp_video_index.domain import coverage, detections, status

log = logging.getLogger(__name__)

VARIABLES: tuple[Var, ...] = (
    Var("JLP_VIDEO_INDEX_PLAY_TOKEN_KEY", "HMAC key of play tokens (base64 of 32+ bytes); required with MongoDB"),
    Var("JLP_VIDEO_INDEX_AUDIT_ANCHOR_KEY", "HMAC key signing the audit trail's checkpoints, kept out of the "
                                            "database (base64 of 32 bytes); required with MongoDB"),
    Var("JLP_AUDIT_CHECKPOINT_INTERVAL_S", "seconds between signed audit trail checkpoints (default 300)"),
    Var("JLP_VIDEO_INDEX_PLAY_TOKEN_TTL_SECONDS", "lifetime of a play token (default 300)"),
    Var("JLP_VIDEO_INDEX_SWEEP_SECONDS", "keepalive timeouts, outages, open detections, coverage; 0 disables"),
    Var("JLP_VIDEO_INDEX_OUTAGE_MINUTES", "offline longer than this becomes a device-fault case (default 30)"),
    Var("JLP_VIDEO_INDEX_MAX_OPEN_MINUTES", "open detections are closed after this (default 120)"),
    Var("JLP_VIDEO_INDEX_KEY_PLACE_RADIUS_M", "a key place is covered within this of an online camera (100)"),
    Var("JLP_VIDEO_INDEX_KEY_PLACES", "key places for coverage: name@lon,lat[@subdistrict];... (WGS-84); "
                                      "default: the demo list"),
)


@dataclass(frozen=True)
class VideoSettings:
    play_key: bytes = field(repr=False)
    play_kid: str
    token_ttl: timedelta = timedelta(minutes=5)
    sweep_s: float = 60.0
    outage_threshold: timedelta = timedelta(minutes=30)
    max_open: timedelta = detections.DEFAULT_MAX_OPEN
    key_place_radius_m: float = coverage.DEFAULT_RADIUS_M
    keepalive_interval: timedelta = status.DEFAULT_INTERVAL
    key_places: tuple[coverage.KeyPlace, ...] | None = None  # None: the demo list

    @classmethod
    def from_settings(cls, base: Settings) -> VideoSettings:
        ttl = base.get_int("JLP_VIDEO_INDEX_PLAY_TOKEN_TTL_SECONDS", 300)
        if not 10 <= ttl <= 1800:
            raise ConfigError("JLP_VIDEO_INDEX_PLAY_TOKEN_TTL_SECONDS must be 10 to 1800")
        outage = base.get_int("JLP_VIDEO_INDEX_OUTAGE_MINUTES", 30)
        max_open = base.get_int("JLP_VIDEO_INDEX_MAX_OPEN_MINUTES", 120)
        radius = base.get_float("JLP_VIDEO_INDEX_KEY_PLACE_RADIUS_M", coverage.DEFAULT_RADIUS_M)
        if outage < 1 or max_open < 1 or not 1 <= radius <= 5000:
            raise ConfigError("JLP_VIDEO_INDEX_OUTAGE_MINUTES and _MAX_OPEN_MINUTES must be at least 1, "
                              "_KEY_PLACE_RADIUS_M 1 to 5000")
        key = _play_key(base)
        import hashlib

        return cls(play_key=key, play_kid=hashlib.sha256(key).hexdigest()[:8], token_ttl=timedelta(seconds=ttl),
                   sweep_s=base.get_float("JLP_VIDEO_INDEX_SWEEP_SECONDS", 60.0),
                   outage_threshold=timedelta(minutes=outage), max_open=timedelta(minutes=max_open),
                   key_place_radius_m=radius, key_places=parse_key_places(base.get("JLP_VIDEO_INDEX_KEY_PLACES")))


def _play_key(base: Settings) -> bytes:
    return base.secret_key("JLP_VIDEO_INDEX_PLAY_TOKEN_KEY", at_least=True,
                           why="every replica must verify the tokens any replica issued")


def parse_key_places(raw: str) -> tuple[coverage.KeyPlace, ...] | None:
    """"name@lon,lat[@subdistrict];…" → places; None when unset; ConfigError naming the entry."""
    if not raw.strip():
        return None
    out = []
    for n, entry in enumerate(p for p in raw.split(";") if p.strip()):
        parts = [x.strip() for x in entry.split("@")]
        try:
            lon, lat = (float(v) for v in parts[1].split(","))
        except (IndexError, ValueError):
            raise ConfigError(f"JLP_VIDEO_INDEX_KEY_PLACES entry {n + 1} ({entry[:40]!r}) "
                              "is not name@lon,lat") from None
        if not (parts[0] and -180 <= lon <= 180 and -90 <= lat <= 90):
            raise ConfigError(f"JLP_VIDEO_INDEX_KEY_PLACES entry {n + 1} needs a name and a WGS-84 point")
        out.append(coverage.KeyPlace(parts[0], lon, lat, parts[2] if len(parts) > 2 else ""))
    return tuple(out)
