"""Alert rules: label + zone + minimum score; one alert per detection and rule."""

from __future__ import annotations

from jlp_video_index.domain.alerts import AlertRule, Located, alert_id, alerts_for, check_rule, matches
from jlp_video_index.domain.geometry import parse_ring

ZOO = (106.506, 29.511)
RING = "106.50,29.50,106.52,29.50,106.52,29.52,106.50,29.52"


def located(**kw: object) -> Located:
    base = {"detection_id": "d1", "label": "smoke_fire", "score": 0.8, "lon": ZOO[0], "lat": ZOO[1],
            "subdistrict_code": "500107001"}
    return Located(**{**base, **kw})


def test_label_zone_and_score_must_all_match() -> None:
    rule = AlertRule("r1", "smoke_fire", 0.7, subdistrict_code="500107001")
    assert matches(rule, located())
    assert matches(rule, located(score=0.7))  # at the minimum
    assert not matches(rule, located(score=0.69))
    assert not matches(rule, located(label="crowding"))
    assert not matches(rule, located(subdistrict_code="500107002"))
    assert not matches(AlertRule("r1", "smoke_fire", 0.7, enabled=False), located())


def test_polygon_zone_and_district_wide_rules() -> None:
    inside = AlertRule("r2", "smoke_fire", 0.5, polygon=parse_ring(RING))
    assert matches(inside, located())
    assert not matches(inside, located(lon=106.45))
    assert not matches(inside, located(lon=None, lat=None))
    assert matches(AlertRule("r3", "smoke_fire", 0.5), located(subdistrict_code=""))


def test_alert_ids_are_deterministic_one_per_rule() -> None:
    rules = [AlertRule("b", "smoke_fire", 0.5), AlertRule("a", "smoke_fire", 0.9), AlertRule("c", "crowding", 0.1)]
    hits = alerts_for(rules, located())
    assert [aid for aid, _ in hits] == ["d1:b"]
    assert alerts_for(rules, located()) == hits  # the same detection again: the same alert id
    assert alert_id("d1", "a") == "d1:a"


def test_rule_checks_name_fields() -> None:
    problems, shape = check_rule("ufo", 1.2, "500107999", "1,2,3", known_subdistricts=["500107001"])
    assert {v.field for v in problems} == {"label", "minScore", "subdistrictCode", "polygon"}
    assert shape is None
    problems, shape = check_rule("smoke_fire", 0.6, "", RING)
    assert problems == [] and shape is not None and shape.area > 0
    problems, _ = check_rule("smoke_fire", 0.6, "500107001", RING)
    assert [v.field for v in problems] == ["polygon"]  # a subdistrict or a polygon, not both
