"""The service's own variables: checked at start, errors name the variable."""

from __future__ import annotations

import pytest

from jlp_common.config import ConfigError, Settings
from jlp_video_index.settings import VideoSettings, parse_key_places


def test_key_places_setting() -> None:
    assert parse_key_places("") is None
    [zoo, seat] = parse_key_places("重庆动物园@106.506,29.511@500107001; 区政府@106.51,29.51")
    assert (zoo.name, zoo.lon, zoo.subdistrict_code) == ("重庆动物园", 106.506, "500107001")
    assert seat.subdistrict_code == ""
    with pytest.raises(ConfigError, match="entry 1"):
        parse_key_places("zoo@east,29.5")


def test_play_key_is_required_with_mongodb_and_checked() -> None:
    with pytest.raises(ConfigError, match="JLP_VIDEO_INDEX_PLAY_TOKEN_KEY is required"):
        VideoSettings.from_settings(Settings.from_env("video-index", {"JLP_MONGO_URI": "mongodb://db/x"}))
    with pytest.raises(ConfigError, match="at least 32 bytes"):
        VideoSettings.from_settings(Settings.from_env("video-index", {"JLP_VIDEO_INDEX_PLAY_TOKEN_KEY": "c2hvcnQ="}))
    with pytest.raises(ConfigError, match="TTL"):
        VideoSettings.from_settings(Settings.from_env("video-index", {"JLP_VIDEO_INDEX_PLAY_TOKEN_TTL_SECONDS": "5"}))
    ok = VideoSettings.from_settings(Settings.from_env("video-index", {}))
    assert len(ok.play_key) == 32 and ok.key_places is None
