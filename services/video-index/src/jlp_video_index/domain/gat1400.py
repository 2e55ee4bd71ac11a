"""A detection in the GA/T 1400-style view of the public-security video image library.

GA/T 1400 (公安视频图像信息应用系统) objects name their source device by its 20-digit
GB/T 28181 code (DeviceID), carry times as local `yyyyMMddHHmmss` strings and object boxes as
pixel corners (LeftTopX/Y, RightBtmX/Y). Only the fields this index knows are mapped; image and
video stay where the analytics platform stored them (their URIs are passed through, never
fetched). Boxes need the frame size: without it the box corners are 0 and the object is still
exported with its times and links. The first box is the object's box (the main object).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from jlp_video_index.domain.detections import Box, Detection

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Gat1400Object:
    DeviceID: str  # noqa: N815 - the standard's field names, kept as is
    SourceID: str  # noqa: N815
    EventType: str  # noqa: N815
    AppearTime: str  # noqa: N815
    DisappearTime: str  # noqa: N815
    LeftTopX: int  # noqa: N815
    LeftTopY: int  # noqa: N815
    RightBtmX: int  # noqa: N815
    RightBtmY: int  # noqa: N815
    StoragePath: str  # noqa: N815
    VideoStoragePath: str  # noqa: N815
    Longitude: float  # noqa: N815
    Latitude: float  # noqa: N815
    Confidence: float  # noqa: N815


def gat_time(t: datetime | None) -> str:
    """yyyyMMddHHmmss in Beijing time ("" when unknown)."""
    return t.astimezone(SHANGHAI).strftime("%Y%m%d%H%M%S") if t else ""


def pixel_box(box: Box | None, width: int, height: int) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) pixels of a fractional box, clamped to the frame."""
    if box is None or width <= 0 or height <= 0:
        return 0, 0, 0, 0
    left = round(box.x * width)
    top = round(box.y * height)
    right = min(width - 1, round((box.x + box.width) * width))
    bottom = min(height - 1, round((box.y + box.height) * height))
    return left, top, max(left, right), max(top, bottom)


def to_gat1400(d: Detection, lon: float, lat: float) -> Gat1400Object:
    left, top, right, bottom = pixel_box(d.boxes[0] if d.boxes else None, d.frame_width, d.frame_height)
    return Gat1400Object(
        DeviceID=d.camera_id, SourceID=d.id, EventType=d.label, AppearTime=gat_time(d.start),
        DisappearTime=gat_time(d.end), LeftTopX=left, LeftTopY=top, RightBtmX=right, RightBtmY=bottom,
        StoragePath=d.snapshot_uri, VideoStoragePath=d.clip_uri, Longitude=round(lon, 6),
        Latitude=round(lat, 6), Confidence=round(d.score, 4))
